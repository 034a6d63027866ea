package catalog_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/shacl"
	"github.com/grunddata/grunddata/hub/shacl/shacltest"
	"github.com/grunddata/grunddata/vocab"
)

// loadShapes reads a DCAT-AP shapes file, or skips the test when the conformance folder is absent.
func loadShapes(t *testing.T, name string) []rdf.Triple {
	t.Helper()
	dir := shacltest.ConformanceDir("dcat-ap-3.0.1")
	if dir == "" {
		t.Skip("DCAT-AP conformance shapes (shared/conformance/dcat-ap-3.0.1) not found; skipping")
	}
	path := filepath.Join(dir, name)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := rdfio.ParseTriples(bytes.NewReader(b), "text/turtle", "https://semiceu.github.io/DCAT-AP/releases/3.0.1/html/shacl/"+name)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	// DCAT-AP 3.0.1 writes sh:shape, the draft-era name of sh:node, on a few property shapes
	// (dct:modified of a dataset among them). SHACL engines ignore it, which would silently drop
	// those date checks; read it as the sh:node it stands for.
	shape := iriOf(vocab.SHNS + "shape")
	for i, t := range ts {
		if rdfio.Equal(t.Pred, shape) {
			ts[i].Pred = vocab.SHNode
		}
	}
	return ts
}

// validate checks data against shapes with the hub's SHACL engine (hub/shacl) and returns the
// violations, one line each, sorted.
func validate(data, shapes []rdf.Triple) []string {
	return validateSeverity(data, shapes, vocab.SHViolation)
}

// validateSeverity is validate for the results of the given severity (sh:Warning for the
// recommended shapes). Each line is "focus path: component (message)", with "-" for no path.
func validateSeverity(data, shapes []rdf.Triple, severity rdf.IRI) []string {
	v, err := shacl.Compile(shapes)
	if err != nil {
		return []string{"the shapes do not compile: " + err.Error()}
	}
	var out []string
	for _, r := range v.Validate(data).Results {
		if !rdfio.Equal(r.Severity, severity) {
			continue
		}
		path := r.PathString()
		if path == "" {
			path = "-"
		}
		comp := strings.TrimPrefix(r.Component.String(), vocab.SHNS)
		line := fmt.Sprintf("%s %s: %s", rdfio.TermString(r.Focus), path, comp)
		if r.Value != nil {
			line += " " + rdfio.TermString(r.Value)
		}
		out = append(out, line)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

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
		"<http://x/cat> <http://purl.org/dc/terms/publisher>: MinCountConstraintComponent",
		"<http://x/cat> <http://purl.org/dc/terms/title>: MinCountConstraintComponent",
		"<http://x/dist> <http://www.w3.org/ns/dcat#accessURL>: MinCountConstraintComponent",
		"<http://x/ds> <http://purl.org/dc/terms/description>: MinCountConstraintComponent",
		`<http://x/ds> <http://purl.org/dc/terms/modified>: NodeConstraintComponent "yesterday"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("violations:\n%s\nwant:\n%s", join(got), join(want))
	}
}

func iriOf(s string) rdf.IRI {
	v, _ := rdf.NewIRI(s)
	return v
}
