package rdfio

import (
	"strings"
	"testing"

	"github.com/knakk/rdf"
)

func TestIsomorphic(t *testing.T) {
	p, q := iri(t, ex+"p"), iri(t, ex+"q")
	s, o := iri(t, ex+"s"), iri(t, ex+"o")
	b := func(l string) rdf.Blank { return blank(t, l) }
	ring := func(labels ...string) []rdf.Triple {
		var ts []rdf.Triple
		for i, l := range labels {
			ts = append(ts, triple(b(l), p, b(labels[(i+1)%len(labels)])))
		}
		return ts
	}
	tests := []struct {
		name string
		a, b []rdf.Triple
		want bool
	}{
		{"empty", nil, nil, true},
		{"ground equal", []rdf.Triple{triple(s, p, o)}, []rdf.Triple{triple(s, p, o)}, true},
		{"duplicates ignored", []rdf.Triple{triple(s, p, o), triple(s, p, o)}, []rdf.Triple{triple(s, p, o)}, true},
		{"ground differs", []rdf.Triple{triple(s, p, o)}, []rdf.Triple{triple(s, q, o)}, false},
		{"renamed blank nodes",
			[]rdf.Triple{triple(s, p, b("x")), triple(b("x"), q, str(t, "v")), triple(b("x"), p, b("y"))},
			[]rdf.Triple{triple(s, p, b("b1")), triple(b("b1"), q, str(t, "v")), triple(b("b1"), p, b("b0"))}, true},
		{"literal datatype differs",
			[]rdf.Triple{triple(b("x"), p, typed(t, "1", xsdInteger))},
			[]rdf.Triple{triple(b("y"), p, typed(t, "1", xsdDecimal))}, false},
		{"xsd:string vs lang literal",
			[]rdf.Triple{triple(s, p, str(t, "hej"))},
			[]rdf.Triple{triple(s, p, lang(t, "hej", "sv"))}, false},
		{"lang differs",
			[]rdf.Triple{triple(b("x"), p, lang(t, "hej", "sv"))},
			[]rdf.Triple{triple(b("x"), p, lang(t, "hej", "da"))}, false},
		{"plain string equals explicit xsd:string",
			[]rdf.Triple{triple(s, p, str(t, "v"))},
			[]rdf.Triple{triple(s, p, typed(t, "v", xsdString))}, true},
		{"blank vs IRI", []rdf.Triple{triple(s, p, b("o"))}, []rdf.Triple{triple(s, p, o)}, false},
		{"two blank nodes merged into one",
			[]rdf.Triple{triple(s, p, b("x")), triple(s, p, b("y"))},
			[]rdf.Triple{triple(s, p, b("x")), triple(s, q, b("x"))}, false},
		{"automorphic blank nodes",
			[]rdf.Triple{triple(s, p, b("a1")), triple(s, p, b("a2")), triple(b("a1"), q, o), triple(b("a2"), q, o)},
			[]rdf.Triple{triple(s, p, b("z2")), triple(s, p, b("z1")), triple(b("z1"), q, o), triple(b("z2"), q, o)}, true},
		// Two 3-cycles and one 6-cycle are regular graphs that colour refinement cannot tell apart;
		// only the backtracking search finds that no bijection exists.
		{"6-cycle vs two 3-cycles", ring("a", "b", "c", "d", "e", "f"),
			append(ring("u", "v", "w"), ring("x", "y", "z")...), false},
		{"6-cycle rotated", ring("a", "b", "c", "d", "e", "f"), ring("n3", "n4", "n5", "n0", "n1", "n2"), true},
		{"two 3-cycles permuted", append(ring("a", "b", "c"), ring("d", "e", "f")...),
			append(ring("z", "x", "y"), ring("w", "u", "v")...), true},
		{"same shape different literal deep inside",
			[]rdf.Triple{triple(s, p, b("x")), triple(b("x"), p, b("y")), triple(b("y"), q, str(t, "1"))},
			[]rdf.Triple{triple(s, p, b("x")), triple(b("x"), p, b("y")), triple(b("y"), q, str(t, "2"))}, false},
		{"self loop", []rdf.Triple{triple(b("x"), p, b("x"))}, []rdf.Triple{triple(b("y"), p, b("y"))}, true},
		{"self loop vs pair", []rdf.Triple{triple(b("x"), p, b("x")), triple(b("z"), q, o)},
			[]rdf.Triple{triple(b("x"), p, b("y")), triple(b("y"), q, o)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Isomorphic(tt.a, tt.b); got != tt.want {
				t.Errorf("Isomorphic = %v, want %v", got, tt.want)
			}
			if got := Isomorphic(tt.b, tt.a); got != tt.want {
				t.Errorf("Isomorphic(b, a) = %v, want %v", got, tt.want)
			}
			if d := Diff(tt.a, tt.b); (d == "") != tt.want {
				t.Errorf("Diff = %q, want empty = %v", d, tt.want)
			}
		})
	}
}

func TestDiffNamesMissingTriples(t *testing.T) {
	s, p := iri(t, ex+"s"), iri(t, ex+"p")
	want := []rdf.Triple{triple(s, p, str(t, "a")), triple(s, p, blank(t, "x"))}
	got := []rdf.Triple{triple(s, p, str(t, "b")), triple(s, p, blank(t, "y"))}
	d := Diff(want, got)
	for _, line := range []string{`- <http://example.org/ns#s> <http://example.org/ns#p> "a" .`, `+ <http://example.org/ns#s> <http://example.org/ns#p> "b" .`} {
		if !strings.Contains(d, line) {
			t.Errorf("Diff lacks %q:\n%s", line, d)
		}
	}
	if strings.Contains(d, "_:") {
		t.Errorf("Diff reports the renamed blank node as a difference:\n%s", d)
	}
}

func BenchmarkIsomorphicFixture(b *testing.B) {
	x, y := fixture(b), fixture(b)
	for b.Loop() {
		if !Isomorphic(x, y) {
			b.Fatal("not isomorphic")
		}
	}
}
