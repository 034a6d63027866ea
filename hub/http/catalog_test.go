package http

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/catalog"
	"github.com/grunddata/grunddata/hub/fragments"
)

// failingCatalog writes `before` bytes of a dump and then fails.
type failingCatalog struct{ before int }

func (failingCatalog) Catalogue(context.Context) ([]rdf.Triple, error) { return nil, nil }
func (failingCatalog) VoID(context.Context) ([]rdf.Triple, error)      { return nil, nil }
func (failingCatalog) Version(context.Context) (uint64, error)         { return 7, nil }
func (f failingCatalog) WriteDump(_ context.Context, w io.Writer, _ catalog.Dump) error {
	if f.before > 0 {
		if _, err := w.Write([]byte(strings.Repeat("x", f.before))); err != nil {
			return err
		}
	}
	return errors.New("disk on fire")
}

func TestDumpFailures(t *testing.T) {
	// Before the first byte: a problem+json 500, with nothing of the internal error.
	s, err := New(Config{Base: "http://hub.test/", Catalog: failingCatalog{}})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "http://hub.test/dumps/all.nq", nil))
	if rec.Code != http.StatusInternalServerError || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/problem+json") ||
		strings.Contains(rec.Body.String(), "fire") || rec.Header().Get("Content-Disposition") != "" {
		t.Errorf("failure before the first byte: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}

	// After the first byte: the connection is aborted (net/http's ErrAbortHandler), so a client
	// cannot take a truncated dump for a whole one.
	s, err = New(Config{Base: "http://hub.test/", Catalog: failingCatalog{before: 1 << 20}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if r := recover(); r != http.ErrAbortHandler {
			t.Errorf("failure mid-stream: recovered %v, want http.ErrAbortHandler", r)
		}
	}()
	s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "http://hub.test/dumps/all.nq", nil))
	t.Error("the handler returned normally after a failure mid-stream")
}

func TestFragmentFormat(t *testing.T) {
	for _, tc := range []struct {
		accept string
		want   fragments.Format
		err    bool
	}{
		{"", fragments.TriG, false},
		{"*/*", fragments.TriG, false},
		{"application/n-quads", fragments.NQuads, false},
		{"text/turtle;q=0.5, application/ld+json", fragments.JSONLD, false},
		{"application/json", fragments.JSONLD, false},
		{"application/trig;q=0.1, text/turtle;q=0.9", fragments.Turtle, false},
		{"text/*", fragments.Turtle, false},
		{"application/n-triples", fragments.NTriples, false},
		{"text/html", 0, true},
		{"application/trig;q=0", 0, true},
	} {
		got, err := fragmentFormat(tc.accept)
		if tc.err {
			if hub.ErrorCode(err) != hub.ENotAcceptable {
				t.Errorf("fragmentFormat(%q) error %v, want not_acceptable", tc.accept, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("fragmentFormat(%q) = %v, %v; want %v", tc.accept, got, err, tc.want)
		}
	}
}
