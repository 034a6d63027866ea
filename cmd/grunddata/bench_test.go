package main

import (
	"net/http/httptest"
	"testing"
)

// BenchmarkGetPersonJSONLD measures one authorised GET of a person as compacted JSON-LD through the
// whole hub: routing, token check, store look-up, visibility rules and serialization.
func BenchmarkGetPersonJSONLD(b *testing.B) {
	a := newDemoHub(b)
	req := httptest.NewRequest("GET", testBase+"id/person/10000004", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	for b.Loop() {
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkGetOrganisationTurtle is the anonymous, open-data counterpart.
func BenchmarkGetOrganisationTurtle(b *testing.B) {
	a := newDemoHub(b)
	req := httptest.NewRequest("GET", testBase+"id/organisation/2129990004", nil)
	req.Header.Set("Accept", "text/turtle")
	for b.Loop() {
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
