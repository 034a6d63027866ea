package rdfio

import (
	"strings"
	"testing"

	"github.com/knakk/rdf"
)

func TestScopeBlankNodes(t *testing.T) {
	doc := "_:b0 <http://ex.org/p> _:b1 .\n<http://ex.org/s> <http://ex.org/q> _:b0 .\n"
	a, err := ParseQuads(strings.NewReader(doc), MediaNTriples, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ParseQuads(strings.NewReader(doc), MediaNTriples, "", nil)
	ScopeBlankNodes(a, "docA-")
	ScopeBlankNodes(b, "docB-")
	got := QuadString(a[0]) + "\n" + QuadString(a[1])
	want := "_:docA-b0 <http://ex.org/p> _:docA-b1 .\n<http://ex.org/s> <http://ex.org/q> _:docA-b0 ."
	if got != want {
		t.Errorf("scoped quads:\n%s\nwant\n%s", got, want)
	}
	if QuadString(a[0]) == QuadString(b[0]) {
		t.Error("two documents' blank nodes are still the same node")
	}
}

func TestEqualAgreesWithTermString(t *testing.T) {
	terms := fixtureTerms(t)
	for _, a := range terms {
		for _, b := range terms {
			if got, want := Equal(a, b), TermString(a) == TermString(b); got != want {
				t.Errorf("Equal(%s, %s) = %v, want %v", TermString(a), TermString(b), got, want)
			}
		}
	}
}

// fixtureTerms is every subject and object of the writers' fixture, plus look-alikes that differ
// only in datatype, language case or term kind.
func fixtureTerms(tb testing.TB) []rdf.Term {
	var out []rdf.Term
	for _, t := range fixture(tb) {
		out = append(out, t.Subj, t.Pred, t.Obj)
	}
	return append(out,
		str(tb, "1"), typed(tb, "1", xsdInteger), typed(tb, "1", xsdNS+"int"),
		lang(tb, "hej", "sv"), lang(tb, "hej", "SV"), lang(tb, "hej", "nb"),
		iri(tb, "http://ex.org/a"), blank(tb, "a"), str(tb, "http://ex.org/a"), nil)
}
