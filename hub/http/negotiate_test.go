package http

import (
	"testing"

	"github.com/grunddata/grunddata/hub"
)

func TestNegotiate(t *testing.T) {
	tests := []struct {
		accept, override string
		want             format
		wantErr          bool
	}{
		{accept: "", want: fmtJSONLD},
		{accept: "*/*", want: fmtJSONLD},
		{accept: "application/*", want: fmtJSONLD},
		{accept: "text/*", want: fmtTurtle},
		{accept: "text/turtle", want: fmtTurtle},
		{accept: "application/n-quads", want: fmtNQuads},
		{accept: "application/rdf+xml;q=0.9, text/turtle;q=0.8", want: fmtRDFXML},
		{accept: "text/turtle;q=0.1, */*;q=0.5", want: fmtJSONLD},
		{accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", want: fmtHTML},
		{accept: `application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"`, want: fmtExpanded},
		{accept: "application/json", want: fmtJSON},
		{accept: "text/turtle;q=0, application/n-triples", want: fmtNTriples},
		{accept: "image/png", wantErr: true},
		{accept: "text/turtle;q=0", wantErr: true},
		{accept: "image/png", override: "nt", want: fmtNTriples},
		{accept: "text/turtle", override: "expanded", want: fmtExpanded},
		{accept: "", override: "pdf", wantErr: true},
	}
	for _, tt := range tests {
		got, err := negotiate(tt.accept, tt.override)
		if tt.wantErr {
			if hub.ErrorCode(err) != hub.ENotAcceptable {
				t.Errorf("negotiate(%q, %q) error = %v, want not_acceptable", tt.accept, tt.override, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("negotiate(%q, %q) = %v, %v; want %v", tt.accept, tt.override, got.name, err, tt.want.name)
		}
	}
}

func TestETagMatches(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{`"abc"`, true}, {`W/"abc"`, true}, {`"x", "abc"`, true}, {`*`, true}, {`"abd"`, false}, {``, false},
	}
	for _, tt := range tests {
		if got := etagMatches(tt.header, `"abc"`); got != tt.want {
			t.Errorf("etagMatches(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}
