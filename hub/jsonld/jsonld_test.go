package jsonld

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/knakk/rdf"
	"github.com/piprate/json-gold/ld"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

const (
	contextURL = "https://data.exempelby.se/context.jsonld"
	base       = "https://data.exempelby.se/id/person/1234567"
)

func newProcessor(tb testing.TB, opts ...Option) *Processor {
	tb.Helper()
	doc, err := os.ReadFile(filepath.Join("testdata", "context.jsonld"))
	if err != nil {
		tb.Fatal(err)
	}
	p, err := NewProcessor(contextURL, doc, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// readGraph parses a Turtle fixture from testdata.
func readGraph(tb testing.TB, name string) []rdf.Triple {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	ts, err := rdfio.ParseTriples(f, rdfio.MediaTurtle, "")
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return ts
}

func golden(tb testing.TB, name string, got []byte) {
	tb.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		tb.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

func TestCompactGoldenAndRoundTrip(t *testing.T) {
	p := newProcessor(t)
	for _, name := range []string{"person", "organisation", "multi"} {
		t.Run(name, func(t *testing.T) {
			graph := readGraph(t, name+".ttl")
			out, err := p.Compact(graph)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, name+".golden.jsonld", out)

			// GET → PUT must be lossless.
			back, err := p.ToRDF(out, base)
			if err != nil {
				t.Fatalf("ToRDF of our own output: %v\n%s", err, out)
			}
			if d := rdfio.Diff(graph, back); d != "" {
				t.Errorf("compacted round trip: %s", d)
			}

			expanded, err := p.Expand(graph)
			if err != nil {
				t.Fatal(err)
			}
			back, err = p.ToRDF(expanded, base)
			if err != nil {
				t.Fatalf("ToRDF of expanded: %v\n%s", err, expanded)
			}
			if d := rdfio.Diff(graph, back); d != "" {
				t.Errorf("expanded round trip: %s", d)
			}

			// Same graph, other order (and other blank node labels) → same bytes.
			shuffled := relabel(t, slices.Clone(graph))
			slices.Reverse(shuffled)
			again, err := p.Compact(shuffled)
			if err != nil {
				t.Fatal(err)
			}
			if name != "multi" && !bytes.Equal(out, again) {
				t.Errorf("output depends on triple order or blank labels:\n%s", cmp.Diff(string(out), string(again)))
			}
		})
	}
}

// relabel renames every blank node, reversing their label order, as another store might.
func relabel(tb testing.TB, ts []rdf.Triple) []rdf.Triple {
	tb.Helper()
	re := func(t rdf.Term) rdf.Term {
		if b, ok := t.(rdf.Blank); ok {
			var inv []rune
			for _, r := range b.String() {
				inv = append(inv, 'z'-(r-'a'))
			}
			nb, err := rdf.NewBlank("x" + string(inv))
			if err != nil {
				tb.Fatal(err)
			}
			return nb
		}
		return t
	}
	for i, t := range ts {
		ts[i] = rdf.Triple{Subj: re(t.Subj).(rdf.Subject), Pred: t.Pred, Obj: re(t.Obj).(rdf.Object)}
	}
	return ts
}

func TestCompactShapes(t *testing.T) {
	p := newProcessor(t)
	person, err := p.Compact(readGraph(t, "person.ttl"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(person, []byte("_:")) || bytes.Contains(person, []byte(`"graph"`)) {
		t.Errorf("one-root document should embed its blank nodes without ids:\n%s", person)
	}
	if !bytes.HasPrefix(person, []byte("{\n  \"@context\": \""+contextURL+"\",\n  \"id\": ")) {
		t.Errorf("document should start with @context then id:\n%s", person)
	}
	multi, err := p.Compact(readGraph(t, "multi.ttl"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(multi, []byte(`"graph": [`)) {
		t.Errorf("multi-subject document should use the graph alias:\n%s", multi)
	}
	empty, err := p.Compact(nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("{\n  \"@context\": \""+contextURL+"\"\n}\n", string(empty)); diff != "" {
		t.Errorf("empty graph (-want +got):\n%s", diff)
	}
}

func TestToRDF(t *testing.T) {
	const other = "https://data.grannby.no/context.jsonld"
	p := newProcessor(t, WithKnownContext(other, []byte(`{"@context": {"navn": "http://xmlns.com/foaf/0.1/name"}}`)))
	name := "<https://data.exempelby.se/id/person/1234567> <http://xmlns.com/foaf/0.1/name> \"Åsa\" ."
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"plain JSON without @context", `{"id": "", "name": "Åsa"}`, []string{name}},
		{"hub context by URL", `{"@context": "` + contextURL + `", "id": "1234567", "name": "Åsa"}`, []string{name}},
		{"hub context first in a list", `{"@context": ["` + contextURL + `", {"nick": "http://xmlns.com/foaf/0.1/nick"}], "id": "", "name": "Åsa", "nick": "Å"}`,
			[]string{name, "<https://data.exempelby.se/id/person/1234567> <http://xmlns.com/foaf/0.1/nick> \"Å\" ."}},
		{"known context", `{"@context": "` + other + `", "@id": "", "navn": "Åsa"}`, []string{name}},
		{"typed and coerced values", `{"id": "", "birthDate": "1985-02-28", "memberOf": ["../organization/2120000142"], "classification": "Municipality", "employees": 12, "protectedIdentity": true}`,
			[]string{
				`<https://data.exempelby.se/id/person/1234567> <http://www.w3.org/ns/org#classification> <https://data.exempelby.se/def/Municipality> .`,
				`<https://data.exempelby.se/id/person/1234567> <http://www.w3.org/ns/org#memberOf> <https://data.exempelby.se/id/organization/2120000142> .`,
				`<https://data.exempelby.se/id/person/1234567> <https://data.exempelby.se/def/employees> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
				`<https://data.exempelby.se/id/person/1234567> <https://data.exempelby.se/def/protectedIdentity> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .`,
				`<https://data.exempelby.se/id/person/1234567> <https://schema.org/birthDate> "1985-02-28"^^<http://www.w3.org/2001/XMLSchema#date> .`,
			}},
		{"language tagged value", `{"id": "", "name": {"@value": "Åse", "@language": "nb-NO"}}`,
			[]string{`<https://data.exempelby.se/id/person/1234567> <http://xmlns.com/foaf/0.1/name> "Åse"@nb-no .`}},
		{"top-level array", `[{"id": "", "name": "Åsa"}]`, []string{name}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, err := p.ToRDF([]byte(tt.doc), base)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tr := range ts {
				got = append(got, rdfio.TripleString(tr))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestToRDFErrors(t *testing.T) {
	p := newProcessor(t)
	tests := []struct {
		name, doc, want string
	}{
		{"unknown remote context is not fetched", `{"@context": "https://evil.example/ctx.jsonld", "name": "x"}`,
			"https://evil.example/ctx.jsonld"},
		{"unknown context inside a list", `{"@context": ["` + contextURL + `", "http://127.0.0.1:1/ctx"], "name": "x"}`,
			"http://127.0.0.1:1/ctx"},
		{"invalid JSON names line and column", "{\n  \"name\": \"x\",\n  oops\n}", "invalid JSON at line 3, column 3"},
		{"truncated JSON", "{\"name\": ", "unexpected end of input"},
		{"trailing data", `{"name": "x"} {}`, "data after the top-level value"},
		{"scalar document", `"just a string"`, "must be an object or an array"},
		{"JSON-LD error names its code", `{"@id": 5, "name": "x"}`, string(ld.InvalidIDValue)},
		{"protected term redefinition", `{"@context": ["` + contextURL + `", {"name": "http://example.org/other"}], "name": "x"}`,
			string(ld.ProtectedTermRedefinition)},
		{"named graph", `{"@id": "https://data.exempelby.se/g", "@graph": [{"@id": "", "name": "x"}]}`, "named graphs are not accepted"},
		{"relative IRI without base is an error, not dropped", `{"id": "1234567", "name": "x"}`, "not an absolute IRI"},
		{"JSON literal", `{"@id": "http://a/s", "http://a/p": {"@value": {"a": 1}, "@type": "@json"}}`, "JSON literals"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := base
			if strings.Contains(tt.name, "without base") {
				b = ""
			}
			_, err := p.ToRDF([]byte(tt.doc), b)
			if hub.ErrorCode(err) != hub.EInvalid || !strings.Contains(hub.ErrorMessage(err), tt.want) {
				t.Errorf("err = %v, want EInvalid with message containing %q", err, tt.want)
			}
		})
	}
}

func TestToRDFListsAndNumbers(t *testing.T) {
	p := newProcessor(t)
	doc := `{"@id": "http://a/s", "http://a/seq": {"@list": [1, "a"]}, "http://a/empty": {"@list": []},
		"http://a/d": 1.5, "http://a/i": 7, "http://a/t": {"@value": 2, "@type": "http://a/dt"}}`
	got, err := p.ToRDF([]byte(doc), "")
	if err != nil {
		t.Fatal(err)
	}
	want, err := rdfio.ParseTriples(strings.NewReader(`
<http://a/s> <http://a/seq> _:c1 .
_:c1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
_:c1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:c2 .
_:c2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "a" .
_:c2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .
<http://a/s> <http://a/empty> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .
<http://a/s> <http://a/d> "1.5E0"^^<http://www.w3.org/2001/XMLSchema#double> .
<http://a/s> <http://a/i> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://a/s> <http://a/t> "2"^^<http://a/dt> .
`), rdfio.MediaNTriples, "")
	if err != nil {
		t.Fatal(err)
	}
	if d := rdfio.Diff(want, got); d != "" {
		t.Error(d)
	}
}

func TestNewProcessorRejectsBadContext(t *testing.T) {
	for _, doc := range []string{`{"@context": `, `{"@context": {"id": {"@id": 5}}}`} {
		if _, err := NewProcessor(contextURL, []byte(doc)); err == nil {
			t.Errorf("NewProcessor(%s) succeeded", doc)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	// Run with -race: the shared active context must only be read.
	p := newProcessor(t)
	graph := readGraph(t, "organisation.ttl")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				out, err := p.Compact(graph)
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := p.ToRDF(out, base); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkCompactPerson(b *testing.B) {
	p := newProcessor(b)
	graph := readGraph(b, "person.ttl")
	for b.Loop() {
		if _, err := p.Compact(graph); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkToRDFPerson(b *testing.B) {
	p := newProcessor(b)
	doc, err := p.Compact(readGraph(b, "person.ttl"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.ToRDF(doc, base); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompactPersonPublicAPI is the baseline this package avoids: json-gold's public
// Compact, which parses the context again on every call.
func BenchmarkCompactPersonPublicAPI(b *testing.B) {
	p := newProcessor(b)
	graph := readGraph(b, "person.ttl")
	ctxDoc, err := os.ReadFile(filepath.Join("testdata", "context.jsonld"))
	if err != nil {
		b.Fatal(err)
	}
	var ctx map[string]any
	if err := jsonUnmarshal(ctxDoc, &ctx); err != nil {
		b.Fatal(err)
	}
	proc := ld.NewJsonLdProcessor()
	opts := ld.NewJsonLdOptions("")
	opts.ProcessingMode = ld.JsonLd_1_1
	for b.Loop() {
		input := make([]any, 0, 1)
		for _, n := range expandedNodes(graph) {
			input = append(input, n)
		}
		if _, err := proc.Compact(input, ctx, opts); err != nil {
			b.Fatal(err)
		}
		_ = p
	}
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// Integers and booleans come out as JSON numbers and booleans where that names the same literal,
// and as strings or value objects where it would not; every document reads back as its graph.
func TestCompactNativeLiterals(t *testing.T) {
	p := newProcessor(t)
	s := rdfio.MustIRI("https://data.exempelby.se/id/organization/1")
	gd := func(local string) rdf.IRI { return rdfio.MustIRI("https://data.exempelby.se/def/" + local) }
	xsd := func(local string) rdf.IRI { return rdfio.MustIRI("http://www.w3.org/2001/XMLSchema#" + local) }
	for _, tc := range []struct {
		name string
		pred rdf.IRI
		obj  rdf.Literal
		want string // the property's JSON value
	}{
		{"coerced integer", gd("employees"), rdf.NewTypedLiteral("4200", xsd("integer")), `4200`},
		{"coerced zero", gd("employees"), rdf.NewTypedLiteral("0", xsd("integer")), `0`},
		{"coerced negative", gd("employees"), rdf.NewTypedLiteral("-12", xsd("integer")), `-12`},
		{"leading zero stays a string", gd("employees"), rdf.NewTypedLiteral("007", xsd("integer")), `"007"`},
		{"plus sign stays a string", gd("employees"), rdf.NewTypedLiteral("+7", xsd("integer")), `"+7"`},
		{"16 digits stay a string", gd("employees"), rdf.NewTypedLiteral("1234567890123456", xsd("integer")), `"1234567890123456"`},
		{"coerced boolean", gd("protectedIdentity"), rdf.NewTypedLiteral("true", xsd("boolean")), `true`},
		{"boolean 1 stays a string", gd("protectedIdentity"), rdf.NewTypedLiteral("1", xsd("boolean")), `"1"`},
		{"uncoerced integer", gd("uncoerced"), rdf.NewTypedLiteral("3", xsd("integer")), `3`},
		{"uncoerced decimal stays a value object", gd("uncoerced"), rdf.NewTypedLiteral("3.0", xsd("decimal")), `{"@value":"3.0","type":"xsd:decimal"}`},
		// Not the boolean term: compaction picks the compact IRI gd:protectedIdentity, which has no
		// type mapping.
		{"integer with a boolean term's IRI", gd("protectedIdentity"), rdf.NewTypedLiteral("3", xsd("integer")), `3`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			graph := []rdf.Triple{{Subj: s, Pred: tc.pred, Obj: tc.obj}}
			out, err := p.Compact(graph)
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]json.RawMessage
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			var got json.RawMessage
			for k, v := range doc {
				if k != "@context" && k != "id" && k != "@id" {
					got = v
				}
			}
			var compact bytes.Buffer
			if err := json.Compact(&compact, got); err != nil {
				t.Fatal(err)
			}
			if compact.String() != tc.want {
				t.Errorf("value %s, want %s\n%s", compact.String(), tc.want, out)
			}
			back, err := p.ToRDF(out, base)
			if err != nil {
				t.Fatal(err)
			}
			if d := rdfio.Diff(graph, back); d != "" {
				t.Errorf("round trip: %s\n%s", d, out)
			}
		})
	}
}

// Under a context with language maps or scoped contexts a key need not be a term of the context, so
// no literal is made native there; the same context without them gives the number.
func TestCompactNativeOnlyWithTermsOnlyContexts(t *testing.T) {
	s := rdfio.MustIRI("https://data.exempelby.se/id/organization/1")
	n := rdfio.MustIRI("https://data.exempelby.se/def/n")
	graph := []rdf.Triple{{Subj: s, Pred: n, Obj: rdf.NewTypedLiteral("5", rdfio.MustIRI("http://www.w3.org/2001/XMLSchema#integer"))}}
	for _, tc := range []struct {
		name, extra, want string
	}{
		{"terms only", ``, `"n": 5`},
		{"a language map", `, "labels": {"@id": "https://data.exempelby.se/def/label", "@container": "@language"}`, `"n": "5"`},
		{"a scoped context", `, "Unit": {"@id": "https://data.exempelby.se/def/Unit", "@context": {"x": "https://data.exempelby.se/def/x"}}`, `"n": "5"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := `{"@context": {"id": "@id", "n": {"@id": "https://data.exempelby.se/def/n", "@type": "http://www.w3.org/2001/XMLSchema#integer"}` + tc.extra + `}}`
			p, err := NewProcessor("https://data.exempelby.se/context.jsonld", []byte(ctx))
			if err != nil {
				t.Fatal(err)
			}
			out, err := p.Compact(graph)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(out, []byte(tc.want)) {
				t.Errorf("want %s in\n%s", tc.want, out)
			}
		})
	}
}
