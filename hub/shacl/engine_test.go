package shacl_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/jsonld"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/shacl"
)

const prefixes = `@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
`

func turtle(t *testing.T, src string) []rdf.Triple {
	t.Helper()
	ts, err := rdfio.ParseTriples(strings.NewReader(prefixes+src), rdfio.MediaTurtle, "http://example.org/")
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return ts
}

func compile(t *testing.T, shapes string) *shacl.Validator {
	t.Helper()
	v, err := shacl.Compile(turtle(t, shapes))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestPatternFlags checks the translation of XPath's regular-expression flags to RE2.
func TestPatternFlags(t *testing.T) {
	tests := []struct {
		pattern, flags, value string
		match                 bool
	}{
		{"^abc$", "", "abc", true},
		{"^abc$", "", "ABC", false},
		{"^abc$", "i", "ABC", true},
		{"a.c", "", "a\nc", false},
		{"a.c", "s", "a\nc", true},
		{"^b$", "", "a\nb", false},
		{"^b$", "m", "a\nb", true},
		{"a b  c", "x", "abc", true},
		{"[a ]b", "x", " b", true}, // whitespace inside a class is kept
		{"a.c", "q", "abc", false},
		{"a.c", "q", "xa.cx", true},
		{"^\\d{3}-\\d{2}$", "", "123-45", true},
	}
	for _, tc := range tests {
		v := compile(t, `ex:S sh:targetNode "`+strings.ReplaceAll(tc.value, "\n", `\n`)+`" ; sh:pattern "`+strings.ReplaceAll(tc.pattern, `\`, `\\`)+`" ; sh:flags "`+tc.flags+`" .`)
		rep := v.Validate(nil)
		if rep.Conforms != tc.match {
			t.Errorf("pattern %q flags %q on %q: conforms = %v, want %v", tc.pattern, tc.flags, tc.value, rep.Conforms, tc.match)
		}
	}
}

// TestCompileErrors checks that malformed shapes are refused with an error naming the problem.
func TestCompileErrors(t *testing.T) {
	tests := []struct{ shapes, want string }{
		{`ex:S sh:targetNode ex:a ; sh:pattern "(a)\\1" .`, "RE2"},
		{`ex:S sh:targetNode ex:a ; sh:pattern "a" ; sh:flags "z" .`, "unknown flag"},
		{`ex:S sh:targetNode ex:a ; sh:path ex:p ; sh:minCount "x" .`, "shacl#minCount> must be a non-negative integer"},
		{`ex:S sh:targetNode ex:a ; sh:path "p" .`, "is a literal"},
		{`ex:S sh:targetNode ex:a ; sh:path [ ex:q ex:r ] .`, "is not a property path"},
		{`ex:S sh:targetNode ex:a ; sh:minCount 1 .`, "only allowed on property shapes"},
		{`ex:S sh:targetNode ex:a ; sh:property ex:P . ex:P sh:datatype xsd:string .`, "has no sh:path"},
		{`ex:S sh:targetNode ex:a ; sh:in ex:notAList .`, "sh:in must be a list"},
	}
	for _, tc := range tests {
		_, err := shacl.Compile(turtle(t, tc.shapes))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.shapes, err, tc.want)
		}
		if err != nil && !strings.Contains(err.Error(), "<http://example.org/S>") {
			t.Errorf("%s: error %q does not name the shape", tc.shapes, err)
		}
	}
}

// TestLiterals checks datatype well-formedness and value comparisons.
func TestLiterals(t *testing.T) {
	tests := []struct {
		name, shape, value string
		conforms           bool
	}{
		{"integer", "sh:datatype xsd:integer", `"12"^^xsd:integer`, true},
		{"ill-formed integer", "sh:datatype xsd:integer", `"1.5"^^xsd:integer`, false},
		{"byte range", "sh:datatype xsd:byte", `"200"^^xsd:byte`, false},
		{"date", "sh:datatype xsd:date", `"2024-02-29"^^xsd:date`, true},
		{"no such day", "sh:datatype xsd:date", `"2023-02-29"^^xsd:date`, false},
		{"dateTime", "sh:datatype xsd:dateTime", `"2024-05-01T12:00:00Z"^^xsd:dateTime`, true},
		{"boolean", "sh:datatype xsd:boolean", `"yes"^^xsd:boolean`, false},
		{"langString", "sh:datatype rdf:langString", `"hei"@nb`, true},
		{"string is not langString", "sh:datatype xsd:string", `"hei"@nb`, false},
		{"decimal vs integer bound", "sh:minInclusive 1.5", `2`, true},
		{"below bound", "sh:minExclusive 2", `2.0`, false},
		{"double bound", "sh:maxInclusive 1e3", `"999.5"^^xsd:double`, true},
		{"dates compare", "sh:maxExclusive \"2024-01-01\"^^xsd:date", `"2023-12-31"^^xsd:date`, true},
		{"incomparable", "sh:maxExclusive 5", `"4"`, false},
		{"language range", `sh:languageIn ( "nb" "sv" )`, `"hei"@nb-NO`, true},
		{"language outside", `sh:languageIn ( "nb" "sv" )`, `"hej"@da`, false},
		{"length", "sh:maxLength 3", `"Ærø"`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			shapes := "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\nex:S sh:targetNode " + tc.value + " ; " + tc.shape + " ."
			rep := compile(t, shapes).Validate(nil)
			if rep.Conforms != tc.conforms {
				t.Errorf("conforms = %v, want %v\n%s", rep.Conforms, tc.conforms, rep.Text())
			}
		})
	}
}

// TestReportForms checks that the JSON-LD form of a report is the same graph as its triples,
// and that the text form names what failed.
func TestReportForms(t *testing.T) {
	v := compile(t, `
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
  sh:property [ sh:path ( ex:address [ sh:inversePath ex:resident ] ) ; sh:maxCount 0 ] ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "Name mangler"@nb ] ;
  sh:property [ sh:path [ sh:alternativePath ( ex:tel ex:mail ) ] ; sh:datatype xsd:string ; sh:severity sh:Warning ] .`)
	data := turtle(t, `
ex:a a ex:Person ; ex:tel 5 ; ex:address _:addr .
_:addr ex:x 1 .
ex:b ex:resident _:addr .`)
	rep := v.Validate(data)
	if rep.Conforms || len(rep.Results) != 3 || rep.Violations() != 2 {
		t.Fatalf("want 2 violations and 1 warning, got:\n%s", rep.Text())
	}
	proc, err := jsonld.NewProcessor("https://example.org/context.jsonld", []byte(`{"@context":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	fromJSON, err := proc.ToRDF(rep.JSONLD(), "")
	if err != nil {
		t.Fatalf("%v\n%s", err, rep.JSONLD())
	}
	if d := rdfio.Diff(rep.Triples(), fromJSON); d != "" {
		t.Errorf("JSON-LD and triples differ (-triples +jsonld):\n%s", d)
	}
	text := rep.Text()
	for _, want := range []string{
		"Conforms: no (2 violations, 1 warnings, 0 infos)",
		"Violation: <http://example.org/a> <http://example.org/name>: Name mangler [MinCountConstraintComponent",
		`Warning: <http://example.org/a> (<http://example.org/tel> | <http://example.org/mail>) value "5"^^<http://www.w3.org/2001/XMLSchema#integer>: value does not have datatype <http://www.w3.org/2001/XMLSchema#string>`,
		"Violation: <http://example.org/a> (<http://example.org/address> / ^<http://example.org/resident>): at most 0 values allowed, found 1 [MaxCountConstraintComponent",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
}

// TestDeactivatedAndTargets covers sh:deactivated, targetSubjectsOf/ObjectsOf and subclass
// targets in one small graph.
func TestDeactivatedAndTargets(t *testing.T) {
	v := compile(t, `
ex:Off sh:targetClass ex:Thing ; sh:deactivated true ; sh:nodeKind sh:Literal .
ex:Subj sh:targetSubjectsOf ex:knows ; sh:class ex:Agent .
ex:Obj sh:targetObjectsOf ex:knows ; sh:nodeKind sh:IRI .`)
	rep := v.Validate(turtle(t, `
ex:Person rdfs:subClassOf ex:Agent .
ex:a a ex:Person, ex:Thing ; ex:knows ex:b, _:c .
ex:z ex:knows "lit" .`))
	var got []string
	for _, r := range rep.Results {
		got = append(got, rdfio.TermString(r.Focus)+" "+r.SourceShape.String())
	}
	want := []string{`<http://example.org/z> http://example.org/Subj`, `_:b1 http://example.org/Obj`, `"lit" http://example.org/Obj`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestValidateQuads validates the union of named graphs: a person's name in one graph and its
// second name in another together break sh:maxCount.
func TestValidateQuads(t *testing.T) {
	v := compile(t, `ex:S sh:targetClass ex:Person ; sh:property [ sh:path ex:name ; sh:maxCount 1 ] .`)
	ts := turtle(t, `ex:a a ex:Person ; ex:name "A" . ex:a ex:name "B" .`)
	g1, g2 := iri("http://example.org/g1"), iri("http://example.org/g2")
	qs := []rdf.Quad{{Triple: ts[0], Ctx: g1}, {Triple: ts[1], Ctx: g1}, {Triple: ts[2], Ctx: g2}, {Triple: ts[2], Ctx: g1}}
	rep := v.ValidateQuads(qs)
	if rep.Conforms || len(rep.Results) != 1 || rep.Results[0].Message != "at most 1 value allowed, found 2" {
		t.Errorf("union of graphs: %s", rep.Text())
	}
}

// TestSharedSubShapesAreCheckedOnce builds shapes where each level refers twice to the next
// (2^40 paths through the shapes graph): with conformance remembered per node and shape the
// validation finishes at once, and still finds the violation at the bottom.
func TestSharedSubShapesAreCheckedOnce(t *testing.T) {
	var b strings.Builder
	b.WriteString("ex:S0 sh:targetNode ex:a ; sh:node ex:S1 .\n")
	const depth = 40
	for i := 1; i < depth; i++ {
		b.WriteString("ex:S" + strconv.Itoa(i) + " sh:and ( ex:S" + strconv.Itoa(i+1) + " ex:S" + strconv.Itoa(i+1) + " ) .\n")
	}
	b.WriteString("ex:S" + strconv.Itoa(depth) + " sh:nodeKind sh:Literal .\n")
	rep := compile(t, b.String()).Validate(nil)
	if rep.Conforms || len(rep.Results) != 1 {
		t.Errorf("want one sh:node violation, got:\n%s", rep.Text())
	}
}
