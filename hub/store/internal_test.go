package store

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/knakk/rdf"
)

// TestPlanLongestPrefix checks the index switch against its rule for all 16 shapes: the prefix it
// reports is really bound, and no index order has more bound leading terms than the one chosen.
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
				t.Errorf("shape %04b: %c has %d bound leading terms, the chosen %c only %d", shape, other.prefix, lead(other), ix.prefix, n)
			}
		}
	}
}

// TestPlanLiteralObject: a pattern with a literal O never scans OSPG, which has no keys for it;
// the shapes without S or P go predicate by predicate, and the others keep a bound prefix.
func TestPlanLiteralObject(t *testing.T) {
	lit, _, err := encodeTerm(str("a literal"))
	if err != nil {
		t.Fatal(err)
	}
	for shape := range 16 {
		if shape&bitO == 0 {
			continue
		}
		var b boundPattern
		for i, bit := range [4]int{bitS, bitP, bitO, bitG} {
			b.bound[i] = shape&bit != 0
		}
		b.ids[2] = lit
		wantByPredicate := shape&(bitS|bitP) == 0
		if b.byPredicate() != wantByPredicate {
			t.Errorf("shape %04b: byPredicate = %v, want %v", shape, b.byPredicate(), wantByPredicate)
		}
		if wantByPredicate {
			continue
		}
		ix, n := b.plan()
		if !ix.holdsObject(&lit) || n == 0 {
			t.Errorf("shape %04b with a literal object: plan scans %c with %d bound terms", shape, ix.prefix, n)
		}
		for i := range n {
			if !b.bound[ix.order[i]] {
				t.Errorf("shape %04b: plan's prefix of %c takes unbound position %d", shape, ix.prefix, ix.order[i])
			}
		}
	}
}

func TestMatchStopsAndCancels(t *testing.T) {
	s := openMemory(t)
	var qs []rdf.Quad
	for _, o := range []string{"a", "b", "c"} {
		qs = append(qs, quad(iri(t, "urn:s"), iri(t, "urn:p"), str(o), nil))
	}
	apply(t, s, Changeset{Add: qs})
	stop := errors.New("enough")
	n := 0
	err := s.Match(context.Background(), Pattern{}, func(rdf.Quad) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("Match with a failing callback: err=%v after %d calls, want %v after 1", err, n, stop)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Match(ctx, Pattern{}, func(rdf.Quad) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Match with a cancelled context = %v", err)
	}
}

// TestKeyOrderIsIDOrder: the stream loader writes each index in the order of the ranks of the
// in-memory (zero-padded) ids; badger needs the keys in byte order. The two orders must agree for
// every mix of id kinds and widths, and every key must read back as its ids.
func TestKeyOrderIsIDOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	terms := []rdf.Term{
		nil, // default graph (graph position only)
		makeIRI("urn:a"), makeIRI("urn:ab"), makeIRI("http://ex.org/a-long-iri-that-is-hashed"),
		makeIRI("http://ex.org/another-long-iri-that-is-hashed"),
		blank(t, "b"), blank(t, "a-long-blank-node-label-hashed"),
		str(""), str("x"), str("fifteen chars.."), str("sixteen chars..."),
		lang(t, "a", "sv"), lang(t, "ab", "sv"), lang(t, "a long language literal", "nb"),
		typed(t, "1", xsdNS+"integer"), typed(t, "12", xsdNS+"integer"), typed(t, "2026-11-23", xsdNS+"date"),
		typed(t, "x", "http://ex.org/datatype"),
	}
	pick := func(graph bool) rdf.Term {
		for {
			t := terms[rng.IntN(len(terms))]
			if t != nil || graph {
				return t
			}
		}
	}
	var ids []quadIDs
	for range 20000 {
		var q quadIDs
		for i := range q {
			id, _, err := encodeTerm(pick(i == 3))
			if err != nil {
				t.Fatal(err)
			}
			q[i] = id
		}
		ids = append(ids, q)
	}
	// Every index's keys, written in rank order, are in strictly ascending byte order and are the keys
	// of the distinct input quads.
	ranked := rankQuads([][]quadIDs{ids})
	want := map[quadIDs]bool{}
	for _, q := range ids {
		want[q] = true
	}
	if len(ranked.quads) != len(want) {
		t.Fatalf("%d ranked quads, want the %d distinct ones", len(ranked.quads), len(want))
	}
	for _, ix := range indexes {
		var prev []byte
		for _, rq := range ranked.inOrder(ix) {
			k := ranked.appendKey(nil, ix, rq)
			if prev != nil && bytes.Compare(prev, k) >= 0 {
				t.Fatalf("index %c: key %x after %x: rank order and byte order disagree", ix.prefix, k, prev)
			}
			prev = k
			q, err := ix.quadOf(k)
			if err != nil || !want[q] {
				t.Fatalf("index %c: key %x reads back as %v (%v), not an input quad", ix.prefix, k, q, err)
			}
			if !bytes.Equal(ix.key(q), k) {
				t.Fatalf("index %c: key %x, but the quad's key is %x", ix.prefix, k, ix.key(q))
			}
		}
	}
	// The graph-subject keys likewise, one per distinct graph and subject.
	wantGS := map[graphSubject]bool{}
	for _, q := range ids {
		wantGS[graphSubjectOf(&q)] = true
	}
	var prev []byte
	pairs := ranked.graphSubjects()
	for _, gs := range pairs {
		k := ranked.appendGraphSubjectKey(nil, gs)
		if prev != nil && bytes.Compare(prev, k) >= 0 {
			t.Fatalf("graph-subject key %x after %x: rank order and byte order disagree", k, prev)
		}
		prev = k
	}
	if len(pairs) != len(wantGS) {
		t.Errorf("%d graph-subject keys, want %d", len(pairs), len(wantGS))
	}
}
