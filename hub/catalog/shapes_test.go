package catalog_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// conformanceDir is the official DCAT-AP 3.0.1 material (../shared/conformance from the repo root).
var conformanceDir = filepath.Join("..", "..", "..", "shared", "conformance", "dcat-ap-3.0.1")

// loadShapes reads a DCAT-AP shapes file, or skips the test when the conformance folder is absent.
func loadShapes(t *testing.T, name string) []rdf.Triple {
	t.Helper()
	path := filepath.Join(conformanceDir, name)
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("DCAT-AP conformance shapes not found at %s; skipping", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	// hub/rdfio's Turtle reader rejects a ';' right before ']' (valid Turtle, used once in
	// shapes.ttl); dropping it does not change the graph.
	b = trailingSemicolon.ReplaceAll(b, []byte(" ]"))
	ts, err := rdfio.ParseTriples(bytes.NewReader(b), "text/turtle", "https://semiceu.github.io/DCAT-AP/releases/3.0.1/html/shacl/"+name)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return ts
}

var trailingSemicolon = regexp.MustCompile(`;\s*\]`)

// validate checks data against shapes and returns the violations, one line each, sorted.
//
// It implements the part of SHACL Core that the DCAT-AP mandatory shapes (shapes.ttl) use:
// sh:targetClass; property shapes with a predicate sh:path and sh:minCount, sh:maxCount,
// sh:nodeKind, sh:datatype, sh:class, sh:hasValue, sh:pattern, sh:node / sh:shape, and node shapes
// that are an sh:or of such constraints. Shapes of severity other than sh:Violation and paths that are not a plain
// predicate (one sh:inversePath, on dataset series) are skipped. When the hub's SHACL engine
// (hub/shacl) is on main, this function is replaced by a call to it; the tests stay the same.
func validate(data, shapes []rdf.Triple) []string {
	return validateSeverity(data, shapes, vocab.SHViolation)
}

// validateSeverity is validate for the shapes of the given severity (sh:Warning for the
// recommended shapes).
func validateSeverity(data, shapes []rdf.Triple, severity rdf.IRI) []string {
	sg := index(shapes)
	dg := index(data)
	var out []string
	for _, shape := range sg.subjects(vocab.RDFType, vocab.SHNodeShape) {
		for _, class := range sg.objects(shape, vocab.SHTargetClass) {
			for _, focus := range dg.subjects(vocab.RDFType, class) {
				for _, v := range checkNode(sg, dg, shape, focus, severity) {
					out = append(out, fmt.Sprintf("%s (%s): %s", rdfio.TermString(focus), rdfio.TermString(class), v))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// checkNode applies the node shape's property shapes and sh:or to focus.
func checkNode(sg, dg *tripleIndex, shape, focus rdf.Term, severity rdf.IRI) []string {
	var out []string
	for _, ps := range sg.objects(shape, vocab.SHProperty) {
		if sev := sg.objects(ps, vocab.SHSeverity); len(sev) > 0 && !rdfio.Equal(sev[0], severity) {
			continue
		}
		paths := sg.objects(ps, vocab.SHPath)
		if len(paths) != 1 {
			continue
		}
		path, ok := paths[0].(rdf.IRI)
		if !ok {
			continue // a complex path
		}
		values := dg.objects(focus, path)
		name := rdfio.TermString(path)
		if m := sg.objects(ps, vocab.SHMinCount); len(m) > 0 && len(values) < atoi(m[0]) {
			out = append(out, fmt.Sprintf("%s: %d values, at least %s required", name, len(values), m[0].(rdf.Literal).String()))
		}
		for _, hv := range sg.objects(ps, vocab.SHHasValue) {
			if !dg.has(focus, path, hv) {
				out = append(out, fmt.Sprintf("%s: no value %s", name, rdfio.TermString(hv)))
			}
		}
		if m := sg.objects(ps, vocab.SHMaxCount); len(m) > 0 && len(values) > atoi(m[0]) {
			out = append(out, fmt.Sprintf("%s: %d values, at most %s allowed", name, len(values), m[0].(rdf.Literal).String()))
		}
		for _, v := range values {
			if msg := checkValue(sg, dg, ps, v); msg != "" {
				out = append(out, fmt.Sprintf("%s: value %s %s", name, rdfio.TermString(v), msg))
			}
		}
	}
	if msg := checkOr(sg, dg, shape, focus); msg != "" {
		out = append(out, msg)
	}
	return out
}

// checkValue applies the value constraints of a shape to one value; "" when it conforms.
func checkValue(sg, dg *tripleIndex, shape, v rdf.Term) string {
	for _, nk := range sg.objects(shape, vocab.SHNodeKind) {
		if !nodeKindOK(nk.(rdf.IRI), v) {
			return "is not a " + rdfio.TermString(nk)
		}
	}
	for _, dt := range sg.objects(shape, vocab.SHDatatype) {
		l, ok := v.(rdf.Literal)
		if !ok || l.DataType.String() != dt.(rdf.IRI).String() {
			return "does not have datatype " + rdfio.TermString(dt)
		}
	}
	for _, pat := range sg.objects(shape, vocab.SHPattern) {
		re, err := regexp.Compile(pat.(rdf.Literal).String())
		if err != nil {
			return "has a pattern the checker cannot compile: " + err.Error()
		}
		if _, isBlank := v.(rdf.Blank); isBlank || !re.MatchString(valueString(v)) {
			return "does not match " + re.String()
		}
	}
	for _, cl := range sg.objects(shape, vocab.SHClass) {
		if !dg.has(v, vocab.RDFType, cl) {
			return "is not a " + rdfio.TermString(cl)
		}
	}
	for _, p := range []rdf.IRI{vocab.SHNode, iriOf(vocab.SHNS + "shape")} {
		for _, n := range sg.objects(shape, p) {
			if msg := checkOr(sg, dg, n, v); msg != "" {
				return msg
			}
			if vs := checkNode(sg, dg, n, v, vocab.SHViolation); len(vs) > 0 {
				return vs[0]
			}
		}
	}
	return ""
}

// checkOr checks that v conforms to at least one member of each sh:or list of shape.
func checkOr(sg, dg *tripleIndex, shape, v rdf.Term) string {
	for _, list := range sg.objects(shape, vocab.SHOr) {
		members := sg.list(list)
		ok := false
		for _, m := range members {
			if checkValue(sg, dg, m, v) == "" {
				ok = true
				break
			}
		}
		if !ok {
			return fmt.Sprintf("value %s conforms to none of the %d alternatives of sh:or", rdfio.TermString(v), len(members))
		}
	}
	return ""
}

func valueString(t rdf.Term) string {
	if l, ok := t.(rdf.Literal); ok {
		return l.String()
	}
	return t.String()
}

func nodeKindOK(kind rdf.IRI, v rdf.Term) bool {
	_, isIRI := v.(rdf.IRI)
	_, isBlank := v.(rdf.Blank)
	_, isLit := v.(rdf.Literal)
	switch kind.String() {
	case vocab.SHIRI.String():
		return isIRI
	case vocab.SHLiteral.String():
		return isLit
	case vocab.SHBlankNode.String():
		return isBlank
	case vocab.SHBlankNodeOrIRI.String():
		return isIRI || isBlank
	case vocab.SHIRIOrLiteral.String():
		return isIRI || isLit
	case vocab.SHBlankNodeOrLiteral.String():
		return isBlank || isLit
	}
	return false
}

func atoi(t rdf.Term) int {
	var n int
	fmt.Sscan(t.(rdf.Literal).String(), &n)
	return n
}

func iriOf(s string) rdf.IRI {
	v, _ := rdf.NewIRI(s)
	return v
}

// tripleIndex answers the look-ups validate needs.
type tripleIndex struct {
	sp map[string][]rdf.Term // subject + predicate -> objects
	po map[string][]rdf.Term // predicate + object -> subjects
}

func index(ts []rdf.Triple) *tripleIndex {
	ix := &tripleIndex{sp: map[string][]rdf.Term{}, po: map[string][]rdf.Term{}}
	for _, t := range ts {
		k := rdfio.TermString(t.Subj) + " " + rdfio.TermString(t.Pred)
		ix.sp[k] = append(ix.sp[k], t.Obj)
		k = rdfio.TermString(t.Pred) + " " + rdfio.TermString(t.Obj)
		ix.po[k] = append(ix.po[k], t.Subj)
	}
	return ix
}

func (ix *tripleIndex) objects(s rdf.Term, p rdf.IRI) []rdf.Term {
	return ix.sp[rdfio.TermString(s)+" "+rdfio.TermString(p)]
}

func (ix *tripleIndex) subjects(p rdf.IRI, o rdf.Term) []rdf.Term {
	return ix.po[rdfio.TermString(p)+" "+rdfio.TermString(o)]
}

func (ix *tripleIndex) has(s rdf.Term, p rdf.IRI, o rdf.Term) bool {
	for _, v := range ix.objects(s, p) {
		if rdfio.Equal(v, o) {
			return true
		}
	}
	return false
}

// list reads an RDF collection.
func (ix *tripleIndex) list(head rdf.Term) []rdf.Term {
	first, rest := iriOf(vocab.RDFNS+"first"), iriOf(vocab.RDFNS+"rest")
	var out []rdf.Term
	for n := 0; n < 1000; n++ {
		f := ix.objects(head, first)
		if len(f) == 0 {
			break
		}
		out = append(out, f[0])
		r := ix.objects(head, rest)
		if len(r) == 0 {
			break
		}
		head = r[0]
	}
	return out
}

// TestValidatorCatchesViolations makes sure the checker can fail: a catalogue without title and
// publisher, a dataset with two licences' worth of descriptions missing, a distribution without
// an access URL and a modified date that is not a date.
func TestValidatorCatchesViolations(t *testing.T) {
	shapes := loadShapes(t, "shapes.ttl")
	data, err := rdfio.ParseTriples(stringsReader(`
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
<http://x/cat> a dcat:Catalog ; dct:description "d" ; dcat:dataset <http://x/ds> .
<http://x/ds> a dcat:Dataset ; dct:title "t" ; dct:modified "yesterday" ; dcat:distribution <http://x/dist> .
<http://x/dist> a dcat:Distribution .
`), "text/turtle", "")
	if err != nil {
		t.Fatal(err)
	}
	got := validate(data, shapes)
	want := []string{
		"<http://x/cat> (<http://www.w3.org/ns/dcat#Catalog>): <http://purl.org/dc/terms/publisher>: 0 values, at least 1 required",
		"<http://x/cat> (<http://www.w3.org/ns/dcat#Catalog>): <http://purl.org/dc/terms/title>: 0 values, at least 1 required",
		"<http://x/dist> (<http://www.w3.org/ns/dcat#Distribution>): <http://www.w3.org/ns/dcat#accessURL>: 0 values, at least 1 required",
		"<http://x/ds> (<http://www.w3.org/ns/dcat#Dataset>): <http://purl.org/dc/terms/description>: 0 values, at least 1 required",
	}
	for _, w := range want {
		if !contains(got, w) {
			t.Errorf("missing violation %q in:\n%s", w, join(got))
		}
	}
	foundDate := false
	for _, g := range got {
		foundDate = foundDate || (len(g) > 0 && containsStr(g, "modified") && containsStr(g, "yesterday"))
	}
	if !foundDate {
		t.Errorf("a dct:modified that is not a date was not reported:\n%s", join(got))
	}
}
