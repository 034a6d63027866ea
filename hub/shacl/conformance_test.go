package shacl_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/shacl"
	"github.com/grunddata/grunddata/hub/shacl/shacltest"
	"github.com/grunddata/grunddata/vocab"
)

const (
	mfNS  = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
	shtNS = "http://www.w3.org/ns/shacl-test#"
)

func iri(s string) rdf.IRI {
	i, err := rdf.NewIRI(s)
	if err != nil {
		panic(err)
	}
	return i
}

// suiteTest is one sht:Validate entry of a manifest.
type suiteTest struct {
	name     string
	file     string       // the manifest file holding the entry
	data     string       // the data graph's file
	shapes   string       // the shapes graph's file
	expected []rdf.Triple // the normalised expected report
}

// TestW3CSuite runs every test of the W3C SHACL Core test suite and compares the report with the
// expected one the way the suite defines: the same sh:conforms and, after keeping only the
// properties the suite compares (focus node, path, value, source shape, component, severity),
// isomorphic result graphs.
func TestW3CSuite(t *testing.T) {
	dir := shacltest.ConformanceDir("shacl-core")
	if dir == "" {
		t.Skip("SHACL Core test suite (shared/conformance/shacl-core) not found; skipping")
	}
	root := filepath.Join(dir, "manifest.ttl")
	tests := readManifest(t, root, map[string]bool{})
	if len(tests) < 90 {
		t.Fatalf("found only %d tests in the suite", len(tests))
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			shapes := parseFile(t, tc.shapes)
			data := shapes
			if tc.data != tc.shapes {
				// Blank node labels are per document: keep the two graphs' apart.
				data = scope(parseFile(t, tc.data))
			}
			v, err := shacl.Compile(shapes)
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			rep := v.Validate(data)
			got := normalise(rep.Triples())
			if d := rdfio.Diff(tc.expected, got); d != "" {
				t.Errorf("report differs (-want +got):\n%s\nreport:\n%s", d, rep.Text())
			}
		})
	}
	t.Logf("ran %d tests", len(tests))
}

func scope(ts []rdf.Triple) []rdf.Triple {
	qs := make([]rdf.Quad, len(ts))
	for i, t := range ts {
		qs[i] = rdf.Quad{Triple: t}
	}
	qs = rdfio.ScopeBlankNodes(qs, "data")
	for i, q := range qs {
		ts[i] = q.Triple
	}
	return ts
}

func fileIRI(path string) string { return "file://" + filepath.ToSlash(path) }

func parseFile(t *testing.T, path string) []rdf.Triple {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ts, err := rdfio.ParseTriples(f, rdfio.MediaTurtle, fileIRI(path))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return ts
}

// readManifest collects the tests of a manifest and of the manifests it includes.
func readManifest(t *testing.T, path string, seen map[string]bool) []suiteTest {
	t.Helper()
	if seen[path] {
		return nil
	}
	seen[path] = true
	ts := parseFile(t, path)
	g := index(ts)
	self := iri(fileIRI(path))
	var tests []suiteTest
	for _, inc := range g.objects(self, iri(mfNS+"include")) {
		tests = append(tests, readManifest(t, filePath(t, inc), seen)...)
	}
	for _, list := range g.objects(self, iri(mfNS+"entries")) {
		for _, entry := range g.list(list) {
			if !g.has(entry, vocab.RDFType, iri(shtNS+"Validate")) {
				t.Errorf("%s: entry %s is not an sht:Validate test", path, rdfio.TermString(entry))
				continue
			}
			action := g.one(entry, iri(mfNS+"action"))
			name, _ := strings.CutPrefix(rdfio.TermString(entry), "<file://"+filepath.ToSlash(filepath.Dir(filepath.Dir(path)))+"/")
			tests = append(tests, suiteTest{
				name:     strings.TrimSuffix(name, ">"),
				file:     path,
				data:     filePath(t, g.one(action, iri(shtNS+"dataGraph"))),
				shapes:   filePath(t, g.one(action, iri(shtNS+"shapesGraph"))),
				expected: expectedReport(g, g.one(entry, iri(mfNS+"result"))),
			})
		}
	}
	return tests
}

func filePath(t *testing.T, term rdf.Term) string {
	t.Helper()
	s, ok := strings.CutPrefix(term.String(), "file://")
	if !ok {
		t.Fatalf("%s is not a file IRI", rdfio.TermString(term))
	}
	return filepath.FromSlash(s)
}

// expectedReport copies the expected report out of the manifest graph and normalises it.
func expectedReport(g *testGraph, report rdf.Term) []rdf.Triple {
	var ts []rdf.Triple
	for _, e := range g.out[rdfio.TermString(report)] {
		ts = append(ts, rdf.Triple{Subj: report.(rdf.Subject), Pred: e.p.(rdf.Predicate), Obj: e.o.(rdf.Object)})
		if rdfio.Equal(e.p, vocab.SHResult) {
			ts = append(ts, g.describe(e.o)...)
		}
	}
	return normalise(ts)
}

// compared are the properties of a result the suite compares.
var compared = map[string]bool{}

func init() {
	for _, p := range []rdf.IRI{vocab.RDFType, vocab.SHFocusNode, vocab.SHResultPath, vocab.SHValue,
		vocab.SHSourceShape, vocab.SHSourceConstraintComponent, vocab.SHResultSeverity} {
		compared[p.String()] = true
	}
}

// normalise keeps the report node's type, sh:conforms and sh:result, each result's compared
// properties, and the description of blank result paths.
func normalise(ts []rdf.Triple) []rdf.Triple {
	g := index(ts)
	var out []rdf.Triple
	for _, report := range g.subjects(vocab.RDFType, vocab.SHValidationReport) {
		for _, e := range g.out[rdfio.TermString(report)] {
			switch e.p.String() {
			case vocab.RDFType.String(), vocab.SHConforms.String():
				out = append(out, rdf.Triple{Subj: report.(rdf.Subject), Pred: e.p.(rdf.Predicate), Obj: e.o.(rdf.Object)})
			case vocab.SHResult.String():
				out = append(out, rdf.Triple{Subj: report.(rdf.Subject), Pred: vocab.SHResult, Obj: e.o.(rdf.Object)})
				for _, re := range g.out[rdfio.TermString(e.o)] {
					if !compared[re.p.String()] {
						continue
					}
					out = append(out, rdf.Triple{Subj: e.o.(rdf.Subject), Pred: re.p.(rdf.Predicate), Obj: re.o.(rdf.Object)})
					if rdfio.Equal(re.p, vocab.SHResultPath) {
						out = append(out, g.describe(re.o)...)
					}
				}
			}
		}
	}
	return out
}

// testGraph is a small index for reading manifests.
type testGraph struct {
	out map[string][]testEdge
	in  map[string][]testEdge
}

type testEdge struct{ p, o rdf.Term }

func index(ts []rdf.Triple) *testGraph {
	g := &testGraph{out: map[string][]testEdge{}, in: map[string][]testEdge{}}
	for _, t := range ts {
		g.out[rdfio.TermString(t.Subj)] = append(g.out[rdfio.TermString(t.Subj)], testEdge{t.Pred, t.Obj})
		g.in[rdfio.TermString(t.Obj)] = append(g.in[rdfio.TermString(t.Obj)], testEdge{t.Pred, t.Subj})
	}
	return g
}

func (g *testGraph) objects(s, p rdf.Term) []rdf.Term {
	var out []rdf.Term
	for _, e := range g.out[rdfio.TermString(s)] {
		if rdfio.Equal(e.p, p) {
			out = append(out, e.o)
		}
	}
	return out
}

func (g *testGraph) subjects(p, o rdf.Term) []rdf.Term {
	var out []rdf.Term
	for _, e := range g.in[rdfio.TermString(o)] {
		if rdfio.Equal(e.p, p) {
			out = append(out, e.o)
		}
	}
	return out
}

func (g *testGraph) one(s, p rdf.Term) rdf.Term {
	if os := g.objects(s, p); len(os) > 0 {
		return os[0]
	}
	return nil
}

func (g *testGraph) has(s, p, o rdf.Term) bool {
	for _, x := range g.objects(s, p) {
		if rdfio.Equal(x, o) {
			return true
		}
	}
	return false
}

func (g *testGraph) list(head rdf.Term) []rdf.Term {
	var out []rdf.Term
	for head != nil && !rdfio.Equal(head, vocab.RDFNil) {
		out = append(out, g.one(head, vocab.RDFFirst))
		head = g.one(head, vocab.RDFRest)
	}
	return out
}

// describe returns the triples about a blank node and the blank nodes it reaches.
func (g *testGraph) describe(n rdf.Term) []rdf.Triple {
	if _, ok := n.(rdf.Blank); !ok {
		return nil
	}
	var out []rdf.Triple
	seen := map[string]bool{}
	var walk func(n rdf.Term)
	walk = func(n rdf.Term) {
		k := rdfio.TermString(n)
		if seen[k] {
			return
		}
		seen[k] = true
		for _, e := range g.out[k] {
			out = append(out, rdf.Triple{Subj: n.(rdf.Subject), Pred: e.p.(rdf.Predicate), Obj: e.o.(rdf.Object)})
			if _, ok := e.o.(rdf.Blank); ok {
				walk(e.o)
			}
		}
	}
	walk(n)
	return out
}
