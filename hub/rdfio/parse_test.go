package rdfio

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/grunddata/grunddata/hub"
	"github.com/knakk/rdf"
)

func TestTermString(t *testing.T) {
	tests := []struct {
		name string
		term rdf.Term
		want string
	}{
		{"iri", iri(t, "http://example.org/a#b(c)%20"), "<http://example.org/a#b(c)%20>"},
		{"blank", blank(t, "b0"), "_:b0"},
		{"plain string omits xsd:string", str(t, "x"), `"x"`},
		{"explicit xsd:string omitted too", typed(t, "x", xsdString), `"x"`},
		{"escapes", str(t, "q\"b\\n\nr\rt\tbs\bff\f"), `"q\"b\\n\nr\rt\tbs\bff\f"`},
		{"control chars as UCHAR", str(t, "\x00\x1f\x7f"), `"\u0000\u001F\u007F"`},
		{"unicode verbatim", str(t, "å ä ö æ ø 😀"), `"å ä ö æ ø 😀"`},
		{"lang in lower case", lang(t, "hej", "sv-SE"), `"hej"@sv-se`},
		{"typed", typed(t, "2024-01-31", xsdNS+"date"), `"2024-01-31"^^<http://www.w3.org/2001/XMLSchema#date>`},
		{"nil", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TermString(tt.term); got != tt.want {
				t.Errorf("TermString = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseQuads(t *testing.T) {
	g := iri(t, base+"graph/in")
	tests := []struct {
		name, mediaType, base, doc string
		graph                      rdf.Context
		want                       []string
	}{
		{"turtle relative IRIs resolve per RFC 3986", "text/turtle; charset=utf-8", base + "person/1234567",
			"@prefix ex: <http://example.org/ns#> .\n<> ex:knows <../org/5560000001>, <#me>, <1234568?x=1> ; ex:name \"Åsa\"@sv .\n",
			nil, []string{
				`<https://data.exempelby.se/id/person/1234567> <http://example.org/ns#knows> <https://data.exempelby.se/id/org/5560000001> .`,
				`<https://data.exempelby.se/id/person/1234567> <http://example.org/ns#knows> <https://data.exempelby.se/id/person/1234567#me> .`,
				`<https://data.exempelby.se/id/person/1234567> <http://example.org/ns#knows> <https://data.exempelby.se/id/person/1234568?x=1> .`,
				`<https://data.exempelby.se/id/person/1234567> <http://example.org/ns#name> "Åsa"@sv .`,
			}},
		{"turtle into a named graph", MediaTurtle, "", "<http://a/s> <http://a/p> [ <http://a/q> 1 ] .\n", g, []string{
			`<http://a/s> <http://a/p> _:b1 <https://data.exempelby.se/id/graph/in> .`,
			`_:b1 <http://a/q> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <https://data.exempelby.se/id/graph/in> .`,
		}},
		{"n-triples", MediaNTriples, "", "<http://a/s> <http://a/p> \"x\\ny\" .\n", nil, []string{
			`<http://a/s> <http://a/p> "x\ny" .`,
		}},
		{"n-quads keep their graph, others get the default", MediaNQuads, "", "<http://a/s> <http://a/p> <http://a/o> <http://a/g> .\n<http://a/s> <http://a/p> \"v\" .\n", g, []string{
			`<http://a/s> <http://a/p> <http://a/o> <http://a/g> .`,
			`<http://a/s> <http://a/p> "v" <https://data.exempelby.se/id/graph/in> .`,
		}},
		{"rdf/xml with base", "application/rdf+xml", "http://a/doc", `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/ns#">
  <rdf:Description rdf:about="#it"><ex:name xml:lang="da">Ærø</ex:name></rdf:Description>
</rdf:RDF>`, nil, []string{`<http://a/doc#it> <http://example.org/ns#name> "Ærø"@da .`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs, err := ParseQuads(strings.NewReader(tt.doc), tt.mediaType, tt.base, tt.graph)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, q := range SortQuads(qs) {
				got = append(got, QuadString(q))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseQuadsErrors(t *testing.T) {
	tests := []struct {
		name, mediaType, doc, code, want string
	}{
		{"turtle syntax error names line and column", MediaTurtle, "<http://a/s> <http://a/p> <http://a/o> .\n<http://a/s> <http://a/p> .\n", hub.EInvalid, "invalid Turtle: 2:"},
		{"undeclared prefix", MediaTurtle, "ex:s ex:p ex:o .\n", hub.EInvalid, `1:1: undefined prefix "ex:"`},
		{"relative IRI without base", MediaTurtle, "<s> <http://a/p> <http://a/o> .\n", hub.EInvalid, "relative IRI <s> with no base IRI"},
		{"n-triples", MediaNTriples, "<http://a/s> <http://a/p> \"unterminated .\n", hub.EInvalid, "invalid N-Triples"},
		{"n-quads", MediaNQuads, "<http://a/s> <http://a/p> .\n", hub.EInvalid, "invalid N-Quads: 1:"},
		{"rdf/xml", MediaRDFXML, "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><oops", hub.EInvalid, "invalid RDF/XML"},
		{"json-ld is not ours", MediaJSONLD, "{}", hub.EUnsupported, "unsupported media type"},
		{"garbage media type", "not a type;;", "", hub.EUnsupported, "unsupported media type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseQuads(strings.NewReader(tt.doc), tt.mediaType, "", nil)
			if hub.ErrorCode(err) != tt.code || !strings.Contains(hub.ErrorMessage(err), tt.want) {
				t.Errorf("err = %v, want code %s and message containing %q", err, tt.code, tt.want)
			}
		})
	}
}

func TestResolveIRI(t *testing.T) {
	// RFC 3986 section 5.4.1, plus non-ASCII that net/url would percent-encode.
	const b = "http://a/b/c/d;p?q"
	tests := map[string]string{
		"g:h": "g:h", "g": "http://a/b/c/g", "./g": "http://a/b/c/g", "g/": "http://a/b/c/g/",
		"/g": "http://a/g", "//g": "http://g", "?y": "http://a/b/c/d;p?y", "g?y": "http://a/b/c/g?y",
		"#s": "http://a/b/c/d;p?q#s", "g#s": "http://a/b/c/g#s", ";x": "http://a/b/c/;x",
		"": "http://a/b/c/d;p?q", ".": "http://a/b/c/", "./": "http://a/b/c/", "..": "http://a/b/",
		"../g": "http://a/b/g", "../..": "http://a/", "../../g": "http://a/g", "../../../g": "http://a/g",
		"/./g": "http://a/g", "g.": "http://a/b/c/g.", "..g": "http://a/b/c/..g", "./../g": "http://a/b/g",
		"g/../h": "http://a/b/c/h", "Malmö": "http://a/b/c/Malmö",
	}
	for ref, want := range tests {
		if got := ResolveIRI(b, ref); got != want {
			t.Errorf("ResolveIRI(%q, %q) = %q, want %q", b, ref, got, want)
		}
	}
}

func TestFormats(t *testing.T) {
	byName := map[string]string{
		"ttl": MediaTurtle, "Turtle": MediaTurtle, "nt": MediaNTriples, "ntriples": MediaNTriples,
		"nq": MediaNQuads, "nquads": MediaNQuads, "rdf": MediaRDFXML, "xml": MediaRDFXML,
		"rdfxml": MediaRDFXML, "jsonld": MediaJSONLD, "json": MediaJSONLD,
	}
	for name, want := range byName {
		if f, ok := FormatByName(name); !ok || f.MediaType != want {
			t.Errorf("FormatByName(%q) = %+v, %v; want %s", name, f, ok, want)
		}
	}
	if _, ok := FormatByName("csv"); ok {
		t.Error("FormatByName(csv) found a format")
	}
	for _, f := range Formats() {
		got, ok := FormatByMediaType(strings.ToUpper(f.MediaType) + "; charset=utf-8")
		if !ok || got != f {
			t.Errorf("FormatByMediaType(%s) = %+v, %v", f.MediaType, got, ok)
		}
	}
	if f, _ := FormatByMediaType("application/json"); f.Name != "jsonld" {
		t.Errorf("application/json maps to %+v, want JSON-LD", f)
	}
	if _, ok := FormatByMediaType("text/html"); ok {
		t.Error("text/html found a format")
	}
}
