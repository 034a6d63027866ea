package store

import (
	"context"
	"errors"
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
