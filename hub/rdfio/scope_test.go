package rdfio

import (
	"strings"
	"testing"
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
