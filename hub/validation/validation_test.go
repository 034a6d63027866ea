package validation_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/jsonld"
	"github.com/grunddata/grunddata/hub/validation"
	"github.com/grunddata/grunddata/model"
)

const base = "http://hub.test/"

func newService(t *testing.T) *validation.Service {
	t.Helper()
	ctx, err := fs.ReadFile(model.Generated, "generated/context.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	ld, err := jsonld.NewProcessor(base+"context.jsonld", ctx)
	if err != nil {
		t.Fatal(err)
	}
	s, err := validation.New(validation.Config{Schema: model.Default(), Documents: ld, Base: base})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestValidate(t *testing.T) {
	s := newService(t)
	person := `<id/person/10000004> a <http://www.w3.org/ns/person#Person> .`
	trig := `<http://hub.test/graph/a> { <http://hub.test/id/person/10000004> a <http://www.w3.org/ns/person#Person> . }
<http://hub.test/graph/b> { <http://hub.test/id/person/10000004> <http://xmlns.com/foaf/0.1/familyName> "E" . }`
	rules := `<urn:r> <http://www.w3.org/ns/shacl#targetNode> <http://hub.test/id/person/10000004> ;
  <http://www.w3.org/ns/shacl#property> [ <http://www.w3.org/ns/shacl#path> <http://xmlns.com/foaf/0.1/givenName> ; <http://www.w3.org/ns/shacl#minCount> 1 ] .`
	tests := []struct {
		name       string
		data       validation.Input
		shapes     []validation.Input
		withModel  bool
		violations int
		code       string // the error's code, "" for none
		msg        string
	}{
		{"model shapes, relative IRIs resolved", validation.Input{Body: []byte(person), MediaType: "text/turtle"}, nil, true, 1, "", ""},
		{"TriG graphs are merged", validation.Input{Body: []byte(trig), MediaType: "application/trig"}, nil, true, 0, "", ""},
		{"JSON-LD in the hub's context", validation.Input{Body: []byte(`{"@id":"id/person/10000004","@type":"Person","familyName":"E"}`), MediaType: "application/ld+json"}, nil, true, 0, "", ""},
		{"extra shapes", validation.Input{Body: []byte(trig), MediaType: "application/trig"}, []validation.Input{{Body: []byte(rules), MediaType: "text/turtle"}}, true, 1, "", ""},
		{"only the extra shapes", validation.Input{Body: []byte(person), MediaType: "text/turtle"}, []validation.Input{{Body: []byte(rules), MediaType: "text/turtle"}}, false, 1, "", ""},
		{"no shapes", validation.Input{Body: []byte(person), MediaType: "text/turtle"}, nil, false, 0, hub.EInvalid, "no shapes"},
		{"bad data", validation.Input{Body: []byte("<a> <b> ."), MediaType: "text/turtle"}, nil, true, 0, hub.EInvalid, "data: invalid Turtle"},
		{"bad shapes syntax", validation.Input{Body: []byte(person), MediaType: "text/turtle"}, []validation.Input{{Body: []byte("@prefix"), MediaType: "text/turtle"}}, true, 0, hub.EInvalid, "shapes document 1: invalid Turtle"},
		{"shapes that are not SHACL", validation.Input{Body: []byte(person), MediaType: "text/turtle"},
			[]validation.Input{{Body: []byte(`<urn:s> <http://www.w3.org/ns/shacl#targetNode> <urn:x> ; <http://www.w3.org/ns/shacl#minLength> "many" .`), MediaType: "text/turtle"}},
			true, 0, hub.EInvalid, "not valid SHACL"},
		{"unknown media type", validation.Input{Body: []byte("a,b"), MediaType: "text/csv"}, nil, true, 0, hub.EUnsupported, "data:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := s.Validate(context.Background(), tc.data, tc.shapes, tc.withModel)
			if tc.code != "" {
				if hub.ErrorCode(err) != tc.code || !strings.Contains(hub.ErrorMessage(err), tc.msg) {
					t.Fatalf("error %v (%s), want %s containing %q", err, hub.ErrorCode(err), tc.code, tc.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rep.Violations() != tc.violations {
				t.Errorf("%d violations, want %d:\n%s", rep.Violations(), tc.violations, rep.Text())
			}
		})
	}
}
