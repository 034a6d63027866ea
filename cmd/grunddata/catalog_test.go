package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/grunddata/grunddata/hub/rdfio"
)

func TestCatalogueOverHTTP(t *testing.T) {
	a := newDemoHub(t)
	// RDF/XML is checked for well-formed XML only: knakk/rdf's RDF/XML reader takes an
	// rdf:resource such as "mailto:…" (the contact point's e-mail) for a QName and fails.
	r := do(t, a, "GET", "/catalog", "", accept("application/rdf+xml"), "")
	if err := wellFormedXML(r.body); r.status != http.StatusOK || err != nil {
		t.Errorf("GET /catalog RDF/XML: %d %v", r.status, err)
	}
	for _, tc := range []struct{ accept, parseAs string }{
		{"text/turtle", "text/turtle"},
		{"application/n-triples", "application/n-triples"},
	} {
		r := do(t, a, "GET", "/catalog", "", accept(tc.accept), "")
		if r.status != http.StatusOK {
			t.Fatalf("GET /catalog (%s): %d %s", tc.accept, r.status, r.body)
		}
		ts, err := rdfio.ParseTriples(bytes.NewReader(r.body), tc.parseAs, "")
		if err != nil {
			t.Fatalf("GET /catalog (%s) does not parse: %v", tc.accept, err)
		}
		if !strings.Contains(string(r.body), testBase+"dumps/organisation.nq") || len(ts) < 100 {
			t.Errorf("GET /catalog (%s): %d triples, no dump link", tc.accept, len(ts))
		}
		if r.header.Get("Access-Control-Allow-Origin") != "*" || r.header.Get("ETag") == "" {
			t.Errorf("GET /catalog headers: %v", r.header)
		}
	}
	r = do(t, a, "GET", "/catalog", "", accept("application/ld+json"), "")
	if r.status != http.StatusOK || !bytes.Contains(r.body, []byte(`"type": "dcat:Catalog"`)) {
		t.Errorf("GET /catalog JSON-LD: %d %.300s", r.status, r.body)
	}
	r = do(t, a, "GET", "/catalog", "", accept("text/html"), "")
	if r.status != http.StatusOK || !bytes.Contains(r.body, []byte("Open data catalogue")) {
		t.Errorf("GET /catalog HTML: %d %.300s", r.status, r.body)
	}
	r = do(t, a, "GET", "/void", "", accept("text/turtle"), "")
	if r.status != http.StatusOK || !bytes.Contains(r.body, []byte("void:triples")) {
		t.Errorf("GET /void: %d %.300s", r.status, r.body)
	}
}

func TestDumpsOverHTTP(t *testing.T) {
	a := newDemoHub(t)
	r := do(t, a, "GET", "/dumps/organisation.nq", "", nil, "")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/n-quads" {
		t.Fatalf("GET dump: %d %v", r.status, r.header)
	}
	if _, err := rdfio.ParseQuads(bytes.NewReader(r.body), "application/n-quads", "", nil); err != nil {
		t.Fatalf("dump does not parse: %v", err)
	}
	etag := r.header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on a dump")
	}
	if h := do(t, a, "HEAD", "/dumps/organisation.nq", "", nil, ""); h.status != http.StatusOK || len(h.body) != 0 || h.header.Get("ETag") != etag {
		t.Errorf("HEAD dump: %d, %d bytes, ETag %q", h.status, len(h.body), h.header.Get("ETag"))
	}
	if r2 := do(t, a, "GET", "/dumps/organisation.nq", "", map[string]string{"If-None-Match": etag}, ""); r2.status != http.StatusNotModified {
		t.Errorf("conditional GET: %d, want 304", r2.status)
	}
	// A write changes the ETag.
	w := do(t, a, "PUT", "/id/service/hemtjanst", testToken, map[string]string{"Content-Type": "application/json"},
		`{"identifier": "hemtjanst", "title": "Hemtjänst", "description": "Hjälp i hemmet.", "hasCompetentAuthority": "`+testBase+`id/organisation/2129990004"}`)
	if w.status >= 300 {
		t.Fatalf("PUT: %d %s", w.status, w.body)
	}
	if r3 := do(t, a, "GET", "/dumps/organisation.nq", "", map[string]string{"If-None-Match": etag}, ""); r3.status != http.StatusOK {
		t.Errorf("conditional GET after a write: %d, want 200", r3.status)
	}
	all := do(t, a, "GET", "/dumps/all.ttl", "", nil, "")
	for _, secret := range []string{"id/person/", "191212121212", "19121212-1212", "Hemliga gränd"} {
		if bytes.Contains(all.body, []byte(secret)) {
			t.Errorf("all.ttl contains %q", secret)
		}
	}
	for _, bad := range []string{"/dumps/person.nq", "/dumps/organisation.xml"} {
		r := do(t, a, "GET", bad, "", nil, "")
		if r.status != http.StatusNotFound || !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("GET %s: %d %s", bad, r.status, r.header.Get("Content-Type"))
		}
	}
}

func wellFormedXML(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := dec.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}
