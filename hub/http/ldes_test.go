package http

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/grunddata/grunddata/hub/ldes"
	"github.com/grunddata/grunddata/hub/opendata/opendatatest"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

func TestLDESCachingAndSyntaxes(t *testing.T) {
	h := opendatatest.Demo(t)
	feed := ldes.New(ldes.Config{Store: h.Store, Source: h.Source, PageSize: 3})
	s, err := New(Config{Base: opendatatest.Base, Resources: h.Resources, JSONLD: h.JSONLD, LDES: feed})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path, accept, ifNoneMatch string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest("GET", opendatatest.Base+path, nil)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}

	tests := []struct {
		path      string
		immutable bool
	}{
		{"ldes", false},
		{"ldes/page/1", true}, // the demo fills several pages of 3
		{"ldes/version/1", true},
	}
	for _, tc := range tests {
		for _, accept := range []string{"text/turtle", "application/n-quads", "application/ld+json"} {
			rec := get(tc.path, accept, "")
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s (%s): %d %s", tc.path, accept, rec.Code, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, accept) {
				t.Errorf("GET %s (%s): Content-Type %s", tc.path, accept, ct)
			}
			cc, etag := rec.Header().Get("Cache-Control"), rec.Header().Get("ETag")
			if tc.immutable && cc != "public, max-age=604800, immutable" || !tc.immutable && cc != "public, max-age=5" {
				t.Errorf("GET %s: Cache-Control %q", tc.path, cc)
			}
			if etag == "" || !strings.Contains(rec.Header().Get("Vary"), "Accept") {
				t.Errorf("GET %s: ETag %q, Vary %q", tc.path, etag, rec.Header().Get("Vary"))
			}
			if again := get(tc.path, accept, etag); again.Code != http.StatusNotModified || again.Body.Len() != 0 {
				t.Errorf("GET %s with If-None-Match %s: %d", tc.path, etag, again.Code)
			}
			switch accept {
			case "application/ld+json":
				var v any
				if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
					t.Errorf("GET %s: JSON-LD does not parse: %v", tc.path, err)
				}
			default:
				qs, err := rdfio.ParseQuads(bytes.NewReader(rec.Body.Bytes()), accept, opendatatest.Base, nil)
				if err != nil || len(qs) == 0 {
					t.Errorf("GET %s (%s): %d quads, %v", tc.path, accept, len(qs), err)
				}
				if tc.path == "ldes" && !strings.Contains(rec.Body.String(), vocab.LDESEventStream.String()[len(vocab.LDESNS):]) {
					t.Errorf("the root does not declare the event stream:\n%s", rec.Body)
				}
			}
		}
	}
	// HEAD: the same headers, no body.
	req := httptest.NewRequest("HEAD", opendatatest.Base+"ldes/page/1", nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "public, max-age=604800, immutable" || rec.Header().Get("ETag") == "" {
		t.Errorf("HEAD page 1: %d %v", rec.Code, rec.Header())
	}
	// The ETags of two syntaxes differ; a missing page and a bad number are 404 problems.
	if a, b := get("ldes/page/1", "text/turtle", "").Header().Get("ETag"), get("ldes/page/1", "application/n-quads", "").Header().Get("ETag"); a == b {
		t.Errorf("one ETag %s for two syntaxes", a)
	}
	for _, path := range []string{"ldes/page/999", "ldes/page/0", "ldes/page/x", "ldes/version/999999"} {
		if rec := get(path, "", ""); rec.Code != http.StatusNotFound || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/problem+json") {
			t.Errorf("GET %s: %d %s", path, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
}
