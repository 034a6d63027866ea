package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
)

// opener returns a fresh, empty store that is closed when the test ends.
type opener func(t testing.TB) *Store

func openMemory(t testing.TB) *Store {
	t.Helper()
	s, err := Open("", Options{InMemory: true})
	if err != nil {
		t.Fatalf("Open in memory: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openDisk(t testing.TB) *Store {
	t.Helper()
	return openDir(t, t.TempDir())
}

// openDir opens the on-disk store in dir; the caller may Close it early (Close twice is harmless
// for the cleanup, whose error is ignored).
func openDir(t testing.TB, dir string) *Store {
	t.Helper()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// backends are the stores every conformance test runs against.
var backends = []struct {
	name string
	open opener
}{
	{"memory", openMemory},
	{"disk", openDisk},
}

func iri(t testing.TB, s string) rdf.IRI {
	t.Helper()
	i, err := rdf.NewIRI(s)
	if err != nil {
		t.Fatalf("NewIRI(%q): %v", s, err)
	}
	return i
}

func blank(t testing.TB, label string) rdf.Blank {
	t.Helper()
	b, err := rdf.NewBlank(label)
	if err != nil {
		t.Fatalf("NewBlank(%q): %v", label, err)
	}
	return b
}

func lang(t testing.TB, lex, tag string) rdf.Literal {
	t.Helper()
	l, err := rdf.NewLangLiteral(lex, tag)
	if err != nil {
		t.Fatalf("NewLangLiteral(%q, %q): %v", lex, tag, err)
	}
	return l
}

func str(lex string) rdf.Literal { return rdf.NewTypedLiteral(lex, rdf.IRI{}) }

func typed(t testing.TB, lex, dt string) rdf.Literal {
	t.Helper()
	return rdf.NewTypedLiteral(lex, iri(t, dt))
}

// quad builds a quad; g nil is the default graph.
func quad(s rdf.Subject, p rdf.Predicate, o rdf.Object, g rdf.Context) rdf.Quad {
	return rdf.Quad{Triple: rdf.Triple{Subj: s, Pred: p, Obj: o}, Ctx: g}
}

// nq returns the canonical N-Quads lines of qs, sorted (rdfio.SortQuads, which also drops
// duplicates, so callers that care about duplicates count separately). Empty input gives nil so that
// "nothing" compares equal however it was produced.
func nq(qs []rdf.Quad) []string {
	sorted := rdfio.SortQuads(append([]rdf.Quad(nil), qs...))
	var out []string
	for _, q := range sorted {
		out = append(out, rdfio.QuadString(q))
	}
	return out
}

// all returns every quad that matches p, in the store's order.
func match(t testing.TB, s *Store, p Pattern) []rdf.Quad {
	t.Helper()
	var out []rdf.Quad
	if err := s.Match(context.Background(), p, func(q rdf.Quad) error {
		out = append(out, q)
		return nil
	}); err != nil {
		t.Fatalf("Match(%s): %v", patternString(p), err)
	}
	return out
}

func apply(t testing.TB, s *Store, cs Changeset) Change {
	t.Helper()
	c, err := s.Apply(context.Background(), cs)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return c
}

// changes returns every change after seq.
func changes(t testing.TB, s *Store, after uint64) []Change {
	t.Helper()
	var out []Change
	if err := s.Changes(context.Background(), after, func(c Change) error {
		out = append(out, c)
		return nil
	}); err != nil {
		t.Fatalf("Changes(%d): %v", after, err)
	}
	return out
}

func lastSeq(t testing.TB, s *Store) uint64 {
	t.Helper()
	n, err := s.LastSeq(context.Background())
	if err != nil {
		t.Fatalf("LastSeq: %v", err)
	}
	return n
}

func patternString(p Pattern) string {
	term := func(t rdf.Term) string {
		switch {
		case t == nil:
			return "?"
		case t == DefaultGraph:
			return "DEFAULT"
		}
		return rdfio.TermString(t)
	}
	var s, pr, o, g rdf.Term
	if p.S != nil {
		s = p.S
	}
	if p.P != nil {
		pr = p.P
	}
	if p.O != nil {
		o = p.O
	}
	if p.G != nil {
		g = p.G
	}
	return strings.Join([]string{term(s), term(pr), term(o), term(g)}, " ")
}

// changeLines is a change in comparable form: its sequence and the sorted lines of what it added and
// removed (the time is checked separately).
type changeLines struct {
	Seq            uint64
	Added, Removed []string
}

func linesOf(c Change) changeLines {
	return changeLines{Seq: c.Seq, Added: nq(c.Added), Removed: nq(c.Removed)}
}

// synthQuads calls fn with n synthetic quads shaped like hub data: subjects with ten predicates each
// (type, names in several languages, numbers, dates, links to other subjects, one long description),
// spread over three named graphs and the default graph.
func synthQuads(tb testing.TB, n int, fn func(rdf.Quad)) {
	tb.Helper()
	const base = "https://data.example.kommune.no/"
	preds := [10]rdf.IRI{
		iri(tb, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
		iri(tb, "http://www.w3.org/2000/01/rdf-schema#label"),
		iri(tb, "http://xmlns.com/foaf/0.1/name"),
		iri(tb, "https://schema.org/foundingDate"),
		iri(tb, "https://schema.org/numberOfEmployees"),
		iri(tb, "http://www.w3.org/ns/org#subOrganizationOf"),
		iri(tb, "https://schema.org/description"),
		iri(tb, "http://www.w3.org/ns/locn#postCode"),
		iri(tb, "https://schema.org/identifier"),
		iri(tb, "http://www.w3.org/ns/org#hasSite"),
	}
	classes := []rdf.IRI{iri(tb, "http://www.w3.org/ns/org#Organization"), iri(tb, "http://xmlns.com/foaf/0.1/Person")}
	graphs := []rdf.Context{nil, iri(tb, base+"graph/brreg"), iri(tb, base+"graph/folkeregister"), iri(tb, base+"graph/matrikkel")}
	xsdDate, xsdInteger := iri(tb, xsdNS+"date"), iri(tb, xsdNS+"integer")
	var subj rdf.IRI
	for i := range n {
		id, k := i/10, i%10
		if k == 0 {
			subj = makeIRI(fmt.Sprintf("%sorganisation/%09d", base, id))
		}
		var o rdf.Object
		switch k {
		case 0:
			o = classes[id%len(classes)]
		case 1:
			o = makeLangLiteral(fmt.Sprintf("Virksomhet %d", id), "nb")
		case 2:
			o = str(fmt.Sprintf("Næringsdrivende nr. %d", id))
		case 3:
			o = rdf.NewTypedLiteral(fmt.Sprintf("19%02d-%02d-%02d", id%100, 1+id%12, 1+id%28), xsdDate)
		case 4:
			o = rdf.NewTypedLiteral(fmt.Sprint(id%5000), xsdInteger)
		case 5:
			o = makeIRI(fmt.Sprintf("%sorganisation/%09d", base, id/100))
		case 6:
			o = str(fmt.Sprintf("Organisasjon %d driver tjenester innen helse, omsorg og oppvekst for innbyggerne i kommunen; "+
				"beskrivelsen er lang nok til å havne i ordboken og ikke inline i nøkkelen (%d).", id, id*7))
		case 7:
			o = str(fmt.Sprintf("%04d", id%10000))
		case 8:
			o = str(fmt.Sprintf("%09d", 900000000+id))
		case 9:
			o = makeIRI(fmt.Sprintf("%ssite/%d", base, id%20000))
		}
		fn(quad(subj, preds[k], o, graphs[id%len(graphs)]))
	}
}

// cmpSorted compares string slices as sets in any order.
var cmpSorted = cmpopts.SortSlices(func(a, b string) bool { return a < b })
