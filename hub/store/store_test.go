package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
)

// eachStore runs f against an in-memory and an on-disk store: the conformance suite every
// configuration must pass.
func eachStore(t *testing.T, f func(t *testing.T, s *Store)) {
	t.Helper()
	for _, kind := range []string{"memory", "disk"} {
		t.Run(kind, func(t *testing.T) {
			f(t, openTest(t, kind == "memory"))
		})
	}
}

func openTest(tb testing.TB, inMemory bool) *Store {
	tb.Helper()
	dir := ""
	if !inMemory {
		dir = tb.TempDir()
	}
	s, err := Open(dir, Options{InMemory: inMemory})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Error(err)
		}
	})
	return s
}

func iri(tb testing.TB, s string) rdf.IRI {
	tb.Helper()
	v, err := rdf.NewIRI(s)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func blank(tb testing.TB, label string) rdf.Blank {
	tb.Helper()
	b, err := rdf.NewBlank(label)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func lit(s string) rdf.Literal { return rdf.NewTypedLiteral(s, makeIRI(xsdString)) }

func quad(s rdf.Subject, p rdf.Predicate, o rdf.Object, g rdf.Context) rdf.Quad {
	return rdf.Quad{Triple: rdf.Triple{Subj: s, Pred: p, Obj: o}, Ctx: g}
}

// lines returns the canonical N-Quads lines of qs, sorted: quads compared as RDF terms, not Go values.
func lines(qs []rdf.Quad) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = rdfio.QuadString(q)
	}
	slices.Sort(out)
	return out
}

func matchAll(tb testing.TB, s *Store, p Pattern) []rdf.Quad {
	tb.Helper()
	var out []rdf.Quad
	if err := s.Match(context.Background(), p, func(q rdf.Quad) error { out = append(out, q); return nil }); err != nil {
		tb.Fatal(err)
	}
	return out
}

func mustApply(tb testing.TB, s *Store, cs Changeset) Change {
	tb.Helper()
	c, err := s.Apply(context.Background(), cs)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// fixture is an irregular set of quads over a few terms in the default and two named graphs, so that
// every pattern shape has matches and non-matches.
func fixture(tb testing.TB) []rdf.Quad {
	tb.Helper()
	subjects := []rdf.Subject{iri(tb, "urn:s1"), iri(tb, "https://data.exempelby.se/id/person/1234567"), blank(tb, "b1")}
	preds := []rdf.Predicate{iri(tb, "urn:p"), iri(tb, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")}
	objects := []rdf.Object{iri(tb, "urn:s1"), lit("Oslo"), rdf.NewTypedLiteral("1", iri(tb, xsdNS+"integer")), blank(tb, "b1")}
	graphs := []rdf.Context{nil, iri(tb, "urn:g1"), iri(tb, "https://data.exempelby.se/graph/manual-edits")}
	var qs []rdf.Quad
	n := 0
	for _, s := range subjects {
		for _, p := range preds {
			for _, o := range objects {
				for _, g := range graphs {
					if n++; n%4 != 0 && n%7 != 3 {
						qs = append(qs, quad(s, p, o, g))
					}
				}
			}
		}
	}
	return qs
}

func TestPatternShapes(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		all := fixture(t)
		mustApply(t, s, Changeset{Add: all})
		for shape := range 16 {
			for _, ref := range []rdf.Quad{all[0], all[len(all)/2], all[len(all)-1]} {
				p := Pattern{}
				if shape&bitS != 0 {
					p.S = ref.Subj
				}
				if shape&bitP != 0 {
					p.P = ref.Pred
				}
				if shape&bitO != 0 {
					p.O = ref.Obj
				}
				if shape&bitG != 0 {
					p.G = ref.Ctx
					if p.G == nil {
						p.G = DefaultGraph
					}
				}
				var want []rdf.Quad
				for _, q := range all {
					if bruteMatch(p, q) {
						want = append(want, q)
					}
				}
				got := matchAll(t, s, p)
				if diff := cmp.Diff(lines(want), lines(got)); diff != "" {
					t.Errorf("shape %04b, pattern %v: (-want +got)\n%s", shape, p, diff)
				}
				n, err := s.Count(context.Background(), p)
				if err != nil || n != len(want) {
					t.Errorf("shape %04b: Count = %d, %v; want %d", shape, n, err, len(want))
				}
			}
		}
	})
}

// bruteMatch is the specification Match is checked against.
func bruteMatch(p Pattern, q rdf.Quad) bool {
	same := func(a, b rdf.Term) bool { return rdfio.TermString(a) == rdfio.TermString(b) }
	if p.S != nil && !same(p.S, q.Subj) || p.P != nil && !same(p.P, q.Pred) || p.O != nil && !same(p.O, q.Obj) {
		return false
	}
	switch {
	case p.G == nil:
		return true
	case p.G == DefaultGraph:
		return q.Ctx == nil
	default:
		return q.Ctx != nil && same(p.G, q.Ctx)
	}
}

// TestPlanLongestPrefix checks the index switch against its rule: no index order has more bound
// leading terms than the one chosen.
func TestPlanLongestPrefix(t *testing.T) {
	for shape := range 16 {
		var b boundPattern
		for i, bit := range [4]int{bitS, bitP, bitO, bitG} {
			b.bound[i] = shape&bit != 0
		}
		lead := func(ix index) int {
			n := 0
			for n < 4 && b.bound[ix.order[n]] {
				n++
			}
			return n
		}
		ix, n := b.plan()
		if got := lead(ix); got != n {
			t.Errorf("shape %04b: plan says %d bound leading terms of %c, the order has %d", shape, n, ix.prefix, got)
		}
		for _, other := range indexes {
			if lead(other) > n {
				t.Errorf("shape %04b: %c has %d bound leading terms, chosen %c only %d", shape, other.prefix, lead(other), ix.prefix, n)
			}
		}
	}
}

func TestTermRoundTrip(t *testing.T) {
	long := strings.Repeat("långt värde ", 10)
	xsd := func(local string) rdf.IRI { return iri(t, xsdNS+local) }
	lang := func(v, tag string) rdf.Literal { return makeLangLiteral(v, tag) }
	objects := []struct {
		name string
		term rdf.Object
		want string // canonical form after the round trip; "" = unchanged
	}{
		{"short IRI", iri(t, "urn:x"), ""},
		{"15-byte IRI", iri(t, "urn:abcdefghijk"), ""},
		{"16-byte IRI", iri(t, "urn:abcdefghijkl"), ""},
		{"long IRI", iri(t, "https://data.exempelby.se/id/organisation/212000-1355"), ""},
		{"unicode IRI", iri(t, "https://exempelby.se/gata/Storgatan_ÅÄÖ_😀"), ""},
		{"IRI with an escaped space", makeIRI("urn:a b"), ""},
		{"short blank", blank(t, "b0"), ""},
		{"long blank", blank(t, "f0123456789ab-b0123456789"), ""},
		{"empty literal", lit(""), ""},
		{"15-byte literal", lit("abcdefghijklmno"), ""},
		{"16-byte literal", lit("abcdefghijklmnop"), ""},
		{"long literal", lit(long), ""},
		{"escapes", lit("tab\t nl\n cr\r quote\" backslash\\ nul\x00 del\x7f"), ""},
		{"short NUL literal", lit("a\x00"), ""},
		{"unicode literal", lit("Ærøskøbing 😀"), ""},
		{"lang", lang("Oslo", "nb"), ""},
		{"lang upper case", lang("Göteborg", "SV"), `"Göteborg"@sv`},
		{"lang three subtags", lang("漢字", "zh-Hans-CN"), `"漢字"@zh-hans-cn`},
		{"long lang", lang(long, "sv-SE"), ""},
		{"int", rdf.NewTypedLiteral("1", xsd("int")), ""},
		{"integer", rdf.NewTypedLiteral("1", xsd("integer")), ""},
		{"date", rdf.NewTypedLiteral("2024-02-29", xsd("date")), ""},
		{"long dateTime", rdf.NewTypedLiteral("2024-02-29T12:00:00+01:00", xsd("dateTime")), ""},
		{"boolean", rdf.NewTypedLiteral("true", xsd("boolean")), ""},
		{"custom type", rdf.NewTypedLiteral("0301", iri(t, "https://data.exempelby.se/def/kommunkod")), ""},
		{"unknown xsd type", rdf.NewTypedLiteral("x", xsd("token")), ""},
	}
	graphs := []rdf.Context{nil, iri(t, "urn:g"), iri(t, "https://data.exempelby.se/graph/source/payroll"), blank(t, "graph1")}
	eachStore(t, func(t *testing.T, s *Store) {
		subj := iri(t, "https://data.exempelby.se/id/person/1234567")
		pred := iri(t, "urn:p")
		for _, tc := range objects {
			for _, g := range graphs {
				q := quad(subj, pred, tc.term, g)
				if c := mustApply(t, s, Changeset{Add: []rdf.Quad{q}}); len(c.Added) != 1 {
					t.Fatalf("%s in %v: change %+v, want one added quad", tc.name, g, c)
				}
				pg := g
				if pg == nil {
					pg = DefaultGraph
				}
				got := matchAll(t, s, Pattern{S: subj, O: tc.term, G: pg})
				want := rdfio.QuadString(q)
				if tc.want != "" {
					want = rdfio.QuadString(quad(subj, pred, makeIRI("urn:placeholder"), g))
					want = strings.Replace(want, "<urn:placeholder>", tc.want, 1)
				}
				if diff := cmp.Diff([]string{want}, lines(got)); diff != "" {
					t.Errorf("%s in %v: (-want +got)\n%s", tc.name, g, diff)
				}
				if len(got) == 1 {
					checkSameGoTerm(t, tc.name, tc.term, got[0].Obj)
				}
				mustApply(t, s, Changeset{Remove: []rdf.Quad{q}})
			}
		}
		// Terms as subject and graph too.
		for _, term := range []rdf.Subject{iri(t, "urn:s"), iri(t, "https://data.exempelby.se/id/service/abc"), blank(t, "x"), blank(t, strings.Repeat("y", 40))} {
			q := quad(term, pred, term.(rdf.Object), term)
			mustApply(t, s, Changeset{Add: []rdf.Quad{q}})
			if diff := cmp.Diff(lines([]rdf.Quad{q}), lines(matchAll(t, s, Pattern{S: term, G: term}))); diff != "" {
				t.Errorf("%v as subject and graph: (-want +got)\n%s", term, diff)
			}
		}
	})
}

// checkSameGoTerm checks what the canonical string cannot show: the Go type, the language tag as
// given by Lang and the datatype.
func checkSameGoTerm(t *testing.T, name string, want, got rdf.Term) {
	t.Helper()
	if fmt.Sprintf("%T", want) != fmt.Sprintf("%T", got) {
		t.Errorf("%s: type %T, want %T", name, got, want)
	}
	wl, ok1 := want.(rdf.Literal)
	gl, ok2 := got.(rdf.Literal)
	if ok1 && ok2 {
		if gl.DataType.String() != wl.DataType.String() || gl.Lang() != strings.ToLower(wl.Lang()) || gl.String() != wl.String() {
			t.Errorf("%s: literal %q@%q^^%s, want %q@%q^^%s", name, gl.String(), gl.Lang(), gl.DataType, wl.String(), strings.ToLower(wl.Lang()), wl.DataType)
		}
	}
}

func TestTermIdentity(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		subj, pred := iri(t, "urn:s"), iri(t, "urn:p")
		xsd := func(local string) rdf.IRI { return iri(t, xsdNS+local) }
		distinct := []rdf.Object{
			rdf.NewTypedLiteral("1", xsd("int")),
			rdf.NewTypedLiteral("1", xsd("integer")),
			lit("1"),
			makeLangLiteral("1", "sv"),
			makeLangLiteral("1", "sv-fi"),
			iri(t, "urn:1"),
			blank(t, "1"),
		}
		var add []rdf.Quad
		for _, o := range distinct {
			add = append(add, quad(subj, pred, o, nil))
		}
		if c := mustApply(t, s, Changeset{Add: add}); len(c.Added) != len(distinct) {
			t.Fatalf("added %d of %d distinct terms", len(c.Added), len(distinct))
		}
		// "1"@SV is "1"@sv: language tags compare case-insensitively.
		if c := mustApply(t, s, Changeset{Add: []rdf.Quad{quad(subj, pred, makeLangLiteral("1", "SV"), nil)}}); c.Seq != 0 {
			t.Errorf(`adding "1"@SV next to "1"@sv changed the store: %+v`, c)
		}
		if n, _ := s.Count(context.Background(), Pattern{O: makeLangLiteral("1", "SV-FI")}); n != 1 {
			t.Errorf(`Count(O="1"@SV-FI) = %d, want 1`, n)
		}
	})
}

// TestLangLiteralLayout guards the mirror of rdf.Literal's layout that makeLangLiteral relies on.
func TestLangLiteralLayout(t *testing.T) {
	l := makeLangLiteral("漢字", "zh-hans-cn")
	if l.String() != "漢字" || l.Lang() != "zh-hans-cn" || l.DataType.String() != rdfLangString {
		t.Errorf("makeLangLiteral = %q @%q ^^%s", l.String(), l.Lang(), l.DataType)
	}
	if got, want := rdfio.TermString(l), `"漢字"@zh-hans-cn`; got != want {
		t.Errorf("TermString = %s, want %s", got, want)
	}
}

func TestGraphsAndMeta(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustApply(t, s, Changeset{Add: fixture(t)})
		mustApply(t, s, Changeset{Add: []rdf.Quad{quad(iri(t, "urn:s"), iri(t, "urn:p"), lit("x"), blank(t, "bg"))}})
		got, err := s.Graphs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		gotS := make([]string, len(got))
		for i, g := range got {
			gotS[i] = g.String()
		}
		slices.Sort(gotS)
		if diff := cmp.Diff([]string{"https://data.exempelby.se/graph/manual-edits", "urn:g1"}, gotS); diff != "" {
			t.Errorf("Graphs (-want +got)\n%s", diff)
		}

		if _, ok, err := s.GetMeta(ctx, "cursor"); ok || err != nil {
			t.Errorf("GetMeta of an unset key: ok=%v err=%v", ok, err)
		}
		for _, v := range [][]byte{[]byte("page=3"), {}} {
			if err := s.SetMeta(ctx, "cursor", v); err != nil {
				t.Fatal(err)
			}
			got, ok, err := s.GetMeta(ctx, "cursor")
			if !ok || err != nil || string(got) != string(v) {
				t.Errorf("GetMeta after SetMeta(%q) = %q, %v, %v", v, got, ok, err)
			}
		}
	})
}

func TestMatchStopsAndCancels(t *testing.T) {
	s := openTest(t, true)
	mustApply(t, s, Changeset{Add: fixture(t)})
	stop := fmt.Errorf("enough")
	n := 0
	err := s.Match(context.Background(), Pattern{}, func(rdf.Quad) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("Match with a failing callback: err=%v after %d calls, want %v after 1", err, n, stop)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Match(ctx, Pattern{}, func(rdf.Quad) error { return nil }); err != context.Canceled {
		t.Errorf("Match with a cancelled context = %v", err)
	}
}
