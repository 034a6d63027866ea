package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
)

// TestConformance runs one suite against every way of opening a store, so the in-memory store the
// other packages test with behaves exactly like the on-disk one the hub runs on.
func TestConformance(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { runConformance(t, b.open) })
	}
}

func runConformance(t *testing.T, open opener) {
	t.Run("MatchAllShapes", func(t *testing.T) { testMatchAllShapes(t, open(t)) })
	t.Run("TermRoundTrip", func(t *testing.T) { testTermRoundTrip(t, open(t)) })
	t.Run("LangTagLowerCased", func(t *testing.T) { testLangTagLowerCased(t, open(t)) })
	t.Run("Apply", func(t *testing.T) { testApply(t, open) })
	t.Run("ApplyIdempotent", func(t *testing.T) { testApplyIdempotent(t, open(t)) })
	t.Run("ApplyLarge", func(t *testing.T) { testApplyLarge(t, open(t)) })
	t.Run("Describe", func(t *testing.T) { testDescribe(t, open(t)) })
	t.Run("DescribeBlankCycle", func(t *testing.T) { testDescribeBlankCycle(t, open(t)) })
	t.Run("ReplaceDescription", func(t *testing.T) { testReplaceDescription(t, open) })
	t.Run("ChangeLog", func(t *testing.T) { testChangeLog(t, open(t)) })
	t.Run("Graphs", func(t *testing.T) { testGraphs(t, open(t)) })
	t.Run("ConcurrentApply", func(t *testing.T) { testConcurrentApply(t, open(t)) })
	t.Run("NextSequence", func(t *testing.T) { testNextSequence(t, open(t)) })
	t.Run("Meta", func(t *testing.T) { testMeta(t, open(t)) })
	t.Run("BulkLoad", func(t *testing.T) { testBulkLoad(t, open(t)) })
	t.Run("BulkNoChangeLog", func(t *testing.T) { testBulkNoChangeLog(t, open(t)) })
	t.Run("ImportExportGolden", func(t *testing.T) { testImportExportGolden(t, open) })
	t.Run("ImportOptions", func(t *testing.T) { testImportOptions(t, open) })
	t.Run("ImportSyntaxError", func(t *testing.T) { testImportSyntaxError(t, open(t)) })
}

// matchFixture spans three named graphs and the default graph, with IRI and blank subjects, objects
// that are also subjects, a term used as subject in one graph and object in another, and literals
// that differ only in datatype or language.
func matchFixture(t testing.TB) []rdf.Quad {
	ex := func(s string) rdf.IRI { return iri(t, "http://ex.org/"+s) }
	a, b, c := ex("a"), ex("b"), ex("long/subject/with/more/than/sixteen/bytes")
	p, q, r := ex("p"), ex("q"), ex("r")
	g1, g2, g3 := ex("g1"), ex("g2"), ex("graph/with/a/long/name/beyond/sixteen/bytes")
	b1, b2 := blank(t, "b1"), blank(t, "a-blank-node-label-longer-than-sixteen")
	one, oneInt := typed(t, "1", xsdNS+"integer"), typed(t, "1", xsdNS+"int")
	return []rdf.Quad{
		quad(a, p, b, nil),
		quad(a, p, b, g1), // the same triple in two graphs
		quad(a, p, c, g1),
		quad(a, q, one, g1),
		quad(a, q, oneInt, g1),
		quad(a, q, str("1"), nil),
		quad(a, r, lang(t, "hei", "nb"), g2),
		quad(a, r, lang(t, "hei", "nn"), g2),
		quad(b, p, a, g2),
		quad(b, q, b1, g2),
		quad(b1, p, c, g2),
		quad(b1, q, b2, g2),
		quad(b2, r, str("nested"), g2),
		quad(c, p, a, nil),
		quad(c, p, b, g3),
		quad(c, r, str("a literal well over sixteen bytes long"), g3),
		quad(b2, p, a, nil),
		quad(b, p, a, g3),
		quad(p, p, p, g1), // a predicate used as subject and object
	}
}

// testMatchAllShapes checks Match and Count for each of the 16 combinations of bound S, P, O, G
// against a brute-force filter of the fixture. Every fixture quad is used as a probe (its terms
// bound where the shape says so; a default-graph quad binds G to DefaultGraph), plus probes with
// terms the store does not hold.
func testMatchAllShapes(t *testing.T, s *Store) {
	fixture := matchFixture(t)
	apply(t, s, Changeset{Add: fixture})
	absent := quad(iri(t, "http://ex.org/absent"), iri(t, "http://ex.org/absent-p"), str("absent"), iri(t, "http://ex.org/absent-g"))
	probes := append(slices.Clone(fixture), absent, quad(fixture[0].Subj, fixture[0].Pred, fixture[0].Obj, iri(t, "http://ex.org/g2")))
	ctx := context.Background()
	for shape := range 16 {
		t.Run(fmt.Sprintf("%c%c%c%c", "?S"[shape&bitS], "?P"[shape>>1&1], "?O"[shape>>2&1], "?G"[shape>>3&1]), func(t *testing.T) {
			seen := map[string]bool{}
			for _, probe := range probes {
				var p Pattern
				if shape&bitS != 0 {
					p.S = probe.Subj
				}
				if shape&bitP != 0 {
					p.P = probe.Pred
				}
				if shape&bitO != 0 {
					p.O = probe.Obj
				}
				if shape&bitG != 0 {
					p.G = probe.Ctx
					if p.G == nil {
						p.G = DefaultGraph
					}
				}
				name := patternString(p)
				if seen[name] {
					continue
				}
				seen[name] = true
				want := bruteForce(fixture, p)
				got := match(t, s, p)
				if diff := cmp.Diff(nq(want), nq(got)); diff != "" {
					t.Errorf("Match(%s) (-want +got):\n%s", name, diff)
				}
				if len(got) != len(want) {
					t.Errorf("Match(%s) gave %d quads (duplicates?), want %d", name, len(got), len(want))
				}
				n, err := s.Count(ctx, p)
				if err != nil || n != len(want) {
					t.Errorf("Count(%s) = %d, %v; want %d", name, n, err, len(want))
				}
			}
		})
	}
}

// bruteForce filters qs by p, comparing terms by their canonical N-Triples form.
func bruteForce(qs []rdf.Quad, p Pattern) []rdf.Quad {
	same := func(bound, t rdf.Term) bool {
		return bound == nil || rdfio.TermString(bound) == rdfio.TermString(t)
	}
	var out []rdf.Quad
	for _, q := range qs {
		var ps, pp, po rdf.Term
		if p.S != nil {
			ps = p.S
		}
		if p.P != nil {
			pp = p.P
		}
		if p.O != nil {
			po = p.O
		}
		if !same(ps, q.Subj) || !same(pp, q.Pred) || !same(po, q.Obj) {
			continue
		}
		switch {
		case p.G == nil:
		case p.G == DefaultGraph:
			if q.Ctx != nil {
				continue
			}
		case q.Ctx == nil || rdfio.TermString(p.G) != rdfio.TermString(q.Ctx):
			continue
		}
		out = append(out, q)
	}
	return out
}

// testTermRoundTrip stores each term as object (and, where it can be, as subject and graph) and
// checks that it comes back exactly, and that all of them are distinct terms.
func testTermRoundTrip(t *testing.T, s *Store) {
	long := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcdefghijklmnopqrstuvwxyzæøå"[i%26]
		}
		return string(b)
	}
	subj, pred := iri(t, "http://ex.org/s"), iri(t, "http://ex.org/p")
	tests := []struct {
		name string
		term rdf.Object
	}{
		{"short IRI", iri(t, "urn:x:a")},
		{"IRI of 15 bytes", iri(t, "urn:x:123456789")},
		{"IRI of 16 bytes", iri(t, "urn:x:1234567890")},
		{"IRI of 17 bytes", iri(t, "urn:x:12345678901")},
		{"long IRI", iri(t, "https://data.example.no/"+long(300))},
		{"unicode IRI", iri(t, "http://ex.org/blåbær/ærfugl/öäå")},
		{"short unicode IRI", iri(t, "urn:ø:å")},
		{"short blank", blank(t, "b0")},
		{"blank of 16 bytes", blank(t, "b123456789012345")},
		{"long blank", blank(t, "genid-"+long(80))},
		{"empty string", str("")},
		{"short string", str("a")},
		{"string of 16 bytes", str("0123456789abcdef")},
		{"string with NUL", str("a\x00b")},
		{"long string with NUL", str("before\x00after, and long enough to be hashed")},
		{"newlines and quotes", str("line 1\nline 2\r\n\t\"quoted\" \\ 'single'")},
		{"unicode string", str("å ä ö æ ø")},
		{"long string", str(long(100_000))},
		{"same text as an IRI", str("urn:x:a")},
		{"same text as a blank label", str("b0")},
		{"xsd:string explicit", typed(t, "explicit", xsdString)},
		{"integer 1", typed(t, "1", xsdNS+"integer")},
		{"int 1", typed(t, "1", xsdNS+"int")},
		{"string 1", str("1")},
		{"decimal", typed(t, "3.14", xsdNS+"decimal")},
		{"boolean", typed(t, "true", xsdNS+"boolean")},
		{"date", typed(t, "2024-02-29", xsdNS+"date")},
		{"dateTime longer than inline", typed(t, "2024-02-29T12:34:56.789+01:00", xsdNS+"dateTime")},
		{"unknown datatype", typed(t, "1", "http://ex.org/myType")},
		{"typed with NUL", typed(t, "a\x00b", "http://ex.org/myType")},
		{"typed empty", typed(t, "", xsdNS+"integer")},
		{"lang short", lang(t, "hei", "nb")},
		{"lang other tag", lang(t, "hei", "nn")},
		{"lang long", lang(t, long(40), "nb")},
		{"lang unicode", lang(t, "Blåbærsyltetøy", "da")},
		{"lang with NUL", lang(t, "a\x00b", "en")},
		{"lang two subtags", makeLangLiteral("繁體", "zh-hant-tw")},
		{"lang empty text", lang(t, "", "se")},
	}
	ctx := context.Background()
	var all []rdf.Quad
	for _, tt := range tests {
		q := quad(subj, pred, tt.term, nil)
		all = append(all, q)
		if sub, ok := tt.term.(rdf.Subject); ok {
			all = append(all, quad(sub, pred, tt.term, nil))
		}
		if g, ok := tt.term.(rdf.IRI); ok {
			all = append(all, quad(subj, pred, tt.term, g))
		}
	}
	if c := apply(t, s, Changeset{Add: all}); len(c.Added) != len(all) {
		t.Fatalf("Apply added %d quads, want %d (two terms share an id?)", len(c.Added), len(all))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := match(t, s, Pattern{S: subj, P: pred, O: tt.term, G: DefaultGraph})
			want := []rdf.Quad{quad(subj, pred, tt.term, nil)}
			if diff := cmp.Diff(nq(want), nq(got)); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
			// The literal's parts, not only its N-Triples form: the lexical form byte for byte.
			if l, ok := tt.term.(rdf.Literal); ok && len(got) == 1 {
				gl, ok := got[0].Obj.(rdf.Literal)
				if !ok || gl.String() != l.String() || gl.Lang() != l.Lang() || gl.DataType.String() != effectiveType(l) {
					t.Errorf("literal came back as %#v, want %#v", got[0].Obj, l)
				}
			}
			if sub, ok := tt.term.(rdf.Subject); ok {
				got := match(t, s, Pattern{S: sub, O: tt.term})
				if diff := cmp.Diff(nq([]rdf.Quad{quad(sub, pred, tt.term, nil)}), nq(got)); diff != "" {
					t.Errorf("as subject (-want +got):\n%s", diff)
				}
			}
			if g, ok := tt.term.(rdf.IRI); ok {
				got := match(t, s, Pattern{G: g})
				if diff := cmp.Diff(nq([]rdf.Quad{quad(subj, pred, tt.term, g)}), nq(got)); diff != "" {
					t.Errorf("as graph (-want +got):\n%s", diff)
				}
			}
		})
	}
	n, err := s.Count(ctx, Pattern{S: subj, P: pred, G: DefaultGraph})
	if err != nil || n != len(tests) {
		t.Errorf("Count = %d, %v; want %d distinct objects", n, err, len(tests))
	}
}

func effectiveType(l rdf.Literal) string {
	switch dt := l.DataType.String(); {
	case l.Lang() != "":
		return rdfLangString
	case dt == "":
		return xsdString
	default:
		return dt
	}
}

// testLangTagLowerCased: language tags are case-insensitive, so "x"@NB and "x"@nb are one term,
// stored and returned with the tag in lower case.
func testLangTagLowerCased(t *testing.T, s *Store) {
	subj, pred := iri(t, "http://ex.org/s"), iri(t, "http://ex.org/p")
	for _, lex := range []string{"hei", "a literal long enough to be hashed"} {
		c := apply(t, s, Changeset{Add: []rdf.Quad{
			quad(subj, pred, lang(t, lex, "NB-no"), nil),
			quad(subj, pred, lang(t, lex, "nb-NO"), nil),
		}})
		if len(c.Added) != 1 {
			t.Errorf("%q: added %d quads, want 1: the tags differ only in case", lex, len(c.Added))
		}
		got := match(t, s, Pattern{S: subj, O: lang(t, lex, "Nb-No")})
		if len(got) != 1 {
			t.Fatalf("%q: matched %d quads, want 1", lex, len(got))
		}
		if l := got[0].Obj.(rdf.Literal); l.Lang() != "nb-no" || l.String() != lex {
			t.Errorf("%q: got %q@%s, want %q@nb-no", lex, l.String(), l.Lang(), lex)
		}
	}
}

func testApply(t *testing.T, open opener) {
	ex := func(s string) rdf.IRI { return iri(t, "http://ex.org/"+s) }
	x, y, z := quad(ex("s"), ex("p"), str("x"), nil), quad(ex("s"), ex("p"), str("y"), ex("g")), quad(ex("s"), ex("p"), str("z"), nil)
	tests := []struct {
		name                   string
		before                 []rdf.Quad
		cs                     Changeset
		wantAdded, wantRemoved []rdf.Quad
		wantStore              []rdf.Quad
	}{
		{"add to empty", nil, Changeset{Add: []rdf.Quad{x, y}}, []rdf.Quad{x, y}, nil, []rdf.Quad{x, y}},
		{"add existing and new", []rdf.Quad{x}, Changeset{Add: []rdf.Quad{x, y}}, []rdf.Quad{y}, nil, []rdf.Quad{x, y}},
		{"duplicates in one changeset", nil, Changeset{Add: []rdf.Quad{x, x, y, x}}, []rdf.Quad{x, y}, nil, []rdf.Quad{x, y}},
		{"remove existing and absent", []rdf.Quad{x, y}, Changeset{Remove: []rdf.Quad{y, z}}, nil, []rdf.Quad{y}, []rdf.Quad{x}},
		{"remove and add", []rdf.Quad{x}, Changeset{Remove: []rdf.Quad{x}, Add: []rdf.Quad{z}}, []rdf.Quad{z}, []rdf.Quad{x}, []rdf.Quad{z}},
		// Removals go first: removing and adding a stored quad leaves it, and logs nothing.
		{"remove and add back a stored quad", []rdf.Quad{x}, Changeset{Remove: []rdf.Quad{x}, Add: []rdf.Quad{x}}, nil, nil, []rdf.Quad{x}},
		// An absent quad removed and added in one changeset ends up added.
		{"remove and add an absent quad", nil, Changeset{Remove: []rdf.Quad{x}, Add: []rdf.Quad{x}}, []rdf.Quad{x}, nil, []rdf.Quad{x}},
		{"same triple, other graph", []rdf.Quad{x}, Changeset{Add: []rdf.Quad{quad(x.Subj, x.Pred, x.Obj, ex("g"))}}, []rdf.Quad{quad(x.Subj, x.Pred, x.Obj, ex("g"))}, nil, []rdf.Quad{x, quad(x.Subj, x.Pred, x.Obj, ex("g"))}},
		{"DefaultGraph as a quad's graph is the default graph", []rdf.Quad{x}, Changeset{Remove: []rdf.Quad{quad(x.Subj, x.Pred, x.Obj, DefaultGraph)}}, nil, []rdf.Quad{x}, nil},
		{"empty", []rdf.Quad{x}, Changeset{}, nil, nil, []rdf.Quad{x}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			if tt.before != nil {
				apply(t, s, Changeset{Add: tt.before})
			}
			before := lastSeq(t, s)
			c := apply(t, s, tt.cs)
			if diff := cmp.Diff(nq(tt.wantAdded), nq(c.Added)); diff != "" {
				t.Errorf("Added (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(nq(tt.wantRemoved), nq(c.Removed)); diff != "" {
				t.Errorf("Removed (-want +got):\n%s", diff)
			}
			if len(c.Added) != len(tt.wantAdded) || len(c.Removed) != len(tt.wantRemoved) {
				t.Errorf("change has %d added, %d removed; want %d, %d", len(c.Added), len(c.Removed), len(tt.wantAdded), len(tt.wantRemoved))
			}
			if diff := cmp.Diff(nq(tt.wantStore), nq(match(t, s, Pattern{}))); diff != "" {
				t.Errorf("store afterwards (-want +got):\n%s", diff)
			}
			// The log holds exactly what Apply returned, or nothing when nothing changed.
			var want []changeLines
			wantSeq := before
			if len(tt.wantAdded)+len(tt.wantRemoved) > 0 {
				wantSeq++
				want = []changeLines{{Seq: wantSeq, Added: nq(tt.wantAdded), Removed: nq(tt.wantRemoved)}}
			} else if c.Seq != 0 || !c.Time.IsZero() {
				t.Errorf("no-op Apply returned %+v, want Change{}", c)
			}
			var got []changeLines
			for _, c := range changes(t, s, before) {
				got = append(got, linesOf(c))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("change log (-want +got):\n%s", diff)
			}
			if c.Seq != 0 && len(got) == 1 && !changes(t, s, before)[0].Time.Equal(c.Time) {
				t.Errorf("logged time differs from the returned one")
			}
			if n := lastSeq(t, s); n != wantSeq {
				t.Errorf("LastSeq = %d, want %d", n, wantSeq)
			}
		})
	}
}

func testApplyIdempotent(t *testing.T, s *Store) {
	cs := Changeset{Add: matchFixture(t)}
	first := apply(t, s, cs)
	if first.Seq != 1 || len(first.Added) != len(cs.Add) {
		t.Fatalf("first Apply: seq %d, %d added; want 1, %d", first.Seq, len(first.Added), len(cs.Add))
	}
	if second := apply(t, s, cs); second.Seq != 0 || second.Added != nil || second.Removed != nil || !second.Time.IsZero() {
		t.Errorf("second identical Apply = %+v, want Change{}", second)
	}
	if got := changes(t, s, 0); len(got) != 1 {
		t.Errorf("change log has %d records, want 1", len(got))
	}
	if n := lastSeq(t, s); n != 1 {
		t.Errorf("LastSeq = %d, want 1", n)
	}
}

// testApplyLarge: a change whose record is larger than one badger value may be (1 MiB in memory)
// is still one change, read back whole: 8 000 quads are 544 kB of record, more than one part.
func testApplyLarge(t *testing.T, s *Store) {
	var qs []rdf.Quad
	synthQuads(t, 8_000, func(q rdf.Quad) { qs = append(qs, q) })
	c := apply(t, s, Changeset{Add: qs})
	if c.Seq != 1 || len(c.Added) != len(qs) {
		t.Fatalf("Apply: Seq %d, %d added; want 1, %d", c.Seq, len(c.Added), len(qs))
	}
	c = apply(t, s, Changeset{Remove: qs[:6_000], Add: qs[:10]})
	if c.Seq != 2 || len(c.Removed) != 6_000-10 || len(c.Added) != 0 {
		t.Fatalf("second Apply: Seq %d, %d added, %d removed; want 2, 0, %d", c.Seq, len(c.Added), len(c.Removed), 6_000-10)
	}
	log := changes(t, s, 0)
	var got []changeLines
	for _, c := range log {
		got = append(got, linesOf(c))
	}
	want := []changeLines{{Seq: 1, Added: nq(qs)}, {Seq: 2, Removed: nq(qs[10:6_000])}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("change log (-want +got):\n%s", diff)
	}
	if n, err := s.Count(context.Background(), Pattern{}); n != 8_000-6_000+10 || err != nil {
		t.Errorf("Count = %d, %v; want %d", n, err, 8_000-6_000+10)
	}
}
