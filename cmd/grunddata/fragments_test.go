package main

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// TestFragmentsOverHTTP walks all pages of the whole open dataset the way a TPF client does:
// request, split data from metadata, follow hydra:next.
func TestFragmentsOverHTTP(t *testing.T) {
	a := newDemoHub(t)
	r := do(t, a, "GET", "/fragments", "", nil, "")
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "application/trig") ||
		r.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("GET /fragments: %d %v", r.status, r.header)
	}
	next := testBase + "fragments"
	var data int
	total := -1
	for pages := 0; next != ""; pages++ {
		if pages > 100 {
			t.Fatal("no end of pages")
		}
		r := do(t, a, "GET", strings.TrimPrefix(next, testBase), "", accept("application/n-quads"), "")
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", next, r.status, r.body)
		}
		for _, secret := range []string{"id/person/", "191212121212", "19121212-1212", "Hemliga gränd", "id/membership/"} {
			if bytes.Contains(r.body, []byte(secret)) {
				t.Fatalf("GET %s holds %q", next, secret)
			}
		}
		quads, err := rdfio.ParseQuads(bytes.NewReader(r.body), "application/n-quads", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		page := next
		next = ""
		for _, q := range quads {
			switch {
			case q.Ctx == nil:
				data++
			case q.Pred.String() == vocab.HydraTotalItems.String():
				total, _ = strconv.Atoi(q.Obj.String())
			case q.Pred.String() == vocab.HydraNext.String() && q.Subj.String() == page:
				next = q.Obj.String()
			}
		}
	}
	if total <= 0 || data != total {
		t.Errorf("read %d data triples over all pages, hydra:totalItems says %d", data, total)
	}
}

func TestFragmentsRequests(t *testing.T) {
	a := newDemoHub(t)
	q := func(s string) string { return url.QueryEscape(s) }
	persons := "/fragments?predicate=" + q(vocab.RDFType.String()) + "&object=" + q(vocab.PersonNS+"Person")
	r := do(t, a, "GET", persons, "", accept("text/turtle"), "")
	if r.status != http.StatusOK || !bytes.Contains(r.body, []byte("hydra:totalItems 0")) {
		t.Errorf("persons: %d %s", r.status, r.body)
	}
	etag := r.header.Get("ETag")
	if r2 := do(t, a, "GET", persons, "", map[string]string{"Accept": "text/turtle", "If-None-Match": etag}, ""); r2.status != http.StatusNotModified {
		t.Errorf("conditional GET: %d", r2.status)
	}
	org := "/fragments?subject=" + q(testBase+"id/organisation/2129990004")
	if r := do(t, a, "GET", org, "", accept("application/ld+json"), ""); r.status != http.StatusOK || !bytes.Contains(r.body, []byte(`"@graph"`)) {
		t.Errorf("JSON-LD fragment: %d %.200s", r.status, r.body)
	}
	for _, tc := range []struct {
		path, accept string
		status       int
		detail       string
	}{
		{"/fragments?page=0", "", http.StatusBadRequest, "page"},
		{"/fragments?page=x", "", http.StatusBadRequest, "page"},
		{"/fragments?subject=" + q("not an iri"), "", http.StatusBadRequest, "subject"},
		{"/fragments?predicate=" + q(`"x"`), "", http.StatusBadRequest, "predicate"},
		{"/fragments", "text/html", http.StatusNotAcceptable, "application/trig"},
	} {
		r := do(t, a, "GET", tc.path, "", accept(tc.accept), "")
		if r.status != tc.status || !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") ||
			!bytes.Contains(r.body, []byte(tc.detail)) {
			t.Errorf("GET %s (%s): %d %s", tc.path, tc.accept, r.status, r.body)
		}
	}
	pre := do(t, a, "OPTIONS", "/fragments", "", nil, "")
	if pre.status != http.StatusNoContent || pre.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("preflight: %d %v", pre.status, pre.header)
	}
}
