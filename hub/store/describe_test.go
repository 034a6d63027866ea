package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/knakk/rdf"
)

// describeFixture: subject s in graph g1 reaches blank nodes two levels deep (s → _:addr → _:geo),
// and the same labels in g2 hold other quads, which a description in g1 must not follow.
type describeFixture struct {
	s, other, p, q, g1, g2 rdf.IRI
	addr, geo, geo2        rdf.Blank
	inG1, inG2, otherQuads []rdf.Quad
}

func newDescribeFixture(t testing.TB) describeFixture {
	ex := func(s string) rdf.IRI { return iri(t, "http://ex.org/"+s) }
	f := describeFixture{
		s: ex("s"), other: ex("other"), p: ex("p"), q: ex("q"), g1: ex("g1"), g2: ex("g2"),
		addr: blank(t, "addr"), geo: blank(t, "geo"), geo2: blank(t, "geo-in-g2-with-a-long-label"),
	}
	f.inG1 = []rdf.Quad{
		quad(f.s, f.p, str("name"), f.g1),
		quad(f.s, f.q, f.addr, f.g1),
		quad(f.s, f.q, f.other, f.g1), // an IRI object is not followed
		quad(f.addr, f.p, str("street 1"), f.g1),
		quad(f.addr, f.q, f.geo, f.g1),
		quad(f.geo, f.p, typed(t, "59.91", xsdNS+"decimal"), f.g1),
	}
	f.inG2 = []rdf.Quad{
		quad(f.s, f.p, str("name in g2"), f.g2),
		quad(f.s, f.q, f.geo2, f.g2),
		quad(f.geo2, f.p, str("g2 geo"), f.g2),
	}
	f.otherQuads = []rdf.Quad{
		quad(f.other, f.p, str("other subject"), f.g1),
		quad(f.addr, f.p, str("addr label reused in g2"), f.g2), // same blank label, other graph
		quad(f.geo, f.p, str("geo reused in default"), nil),
	}
	return f
}

func (f describeFixture) all() []rdf.Quad {
	return append(append(append([]rdf.Quad(nil), f.inG1...), f.inG2...), f.otherQuads...)
}

func testDescribe(t *testing.T, s *Store) {
	f := newDescribeFixture(t)
	apply(t, s, Changeset{Add: f.all()})
	tests := []struct {
		name    string
		subject rdf.Subject
		g       rdf.Context
		want    []rdf.Quad
	}{
		{"in g1, two levels of blank nodes", f.s, f.g1, f.inG1},
		{"in g2, other blank node", f.s, f.g2, f.inG2},
		{"all graphs: each blank followed in its own graph", f.s, nil, append(append([]rdf.Quad(nil), f.inG1...), f.inG2...)},
		{"blank subject", f.addr, f.g1, f.inG1[3:]},
		{"absent subject", iri(t, "http://ex.org/nobody"), nil, nil},
		{"subject absent from graph", f.other, f.g2, nil},
		{"default graph only", f.geo, DefaultGraph, f.otherQuads[2:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Describe(context.Background(), tt.subject, tt.g)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(nq(tt.want), nq(got)); diff != "" {
				t.Errorf("Describe (-want +got):\n%s", diff)
			}
			if len(got) != len(tt.want) {
				t.Errorf("Describe returned %d quads, want %d (duplicates?)", len(got), len(tt.want))
			}
		})
	}
}

// testDescribeBlankCycle: blank nodes that point back at each other (and at the described blank
// subject) are each described once.
func testDescribeBlankCycle(t *testing.T, s *Store) {
	p, g := iri(t, "http://ex.org/p"), iri(t, "http://ex.org/g")
	a, b := blank(t, "a"), blank(t, "b")
	qs := []rdf.Quad{quad(a, p, b, g), quad(b, p, a, g), quad(b, p, b, g)}
	apply(t, s, Changeset{Add: qs})
	for _, subject := range []rdf.Blank{a, b} {
		got, err := s.Describe(context.Background(), subject, g)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(nq(qs), nq(got)); diff != "" {
			t.Errorf("Describe(%s) (-want +got):\n%s", subject, diff)
		}
		if len(got) != len(qs) {
			t.Errorf("Describe(%s) returned %d quads, want %d (each once)", subject, len(got), len(qs))
		}
	}
}

func testReplaceDescription(t *testing.T, open opener) {
	f := newDescribeFixture(t)
	triples := func(qs []rdf.Quad) []rdf.Triple {
		var out []rdf.Triple
		for _, q := range qs {
			out = append(out, q.Triple)
		}
		return out
	}
	newAddr := blank(t, "new-addr")
	replacement := []rdf.Quad{
		quad(f.s, f.p, str("name"), f.g1), // kept
		quad(f.s, f.p, str("new name"), f.g1),
		quad(f.s, f.q, newAddr, f.g1),
		quad(newAddr, f.p, str("street 2"), f.g1),
	}
	tests := []struct {
		name                   string
		triples                []rdf.Triple
		wantAdded, wantRemoved []rdf.Quad
	}{
		{"same description is a no-op", triples(f.inG1), nil, nil},
		{"same triples in another order", triples(append(append([]rdf.Quad(nil), f.inG1[3:]...), f.inG1[:3]...)), nil, nil},
		{
			"new blank subtree replaces the old one",
			triples(replacement),
			replacement[1:],
			append([]rdf.Quad{f.inG1[1], f.inG1[2]}, f.inG1[3:]...),
		},
		{"no triples deletes the description", nil, nil, f.inG1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			apply(t, s, Changeset{Add: f.all()})
			before := lastSeq(t, s)
			c, err := s.ReplaceDescription(context.Background(), f.g1, f.s, tt.triples)
			if err != nil {
				t.Fatal(err)
			}
			changed := len(tt.wantAdded)+len(tt.wantRemoved) > 0
			if got, want := c.Seq, map[bool]uint64{false: 0, true: before + 1}[changed]; got != want {
				t.Errorf("Seq = %d, want %d", got, want)
			}
			if diff := cmp.Diff(nq(tt.wantAdded), nq(c.Added)); diff != "" {
				t.Errorf("Added (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(nq(tt.wantRemoved), nq(c.Removed)); diff != "" {
				t.Errorf("Removed (-want +got):\n%s", diff)
			}
			if n := len(changes(t, s, before)); n != map[bool]int{false: 0, true: 1}[changed] {
				t.Errorf("%d change records, want %d", n, map[bool]int{false: 0, true: 1}[changed])
			}
			// The new description in g1, and everything else untouched.
			var wantG1 []rdf.Quad
			for _, tr := range tt.triples {
				wantG1 = append(wantG1, rdf.Quad{Triple: tr, Ctx: f.g1})
			}
			got, err := s.Describe(context.Background(), f.s, f.g1)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(nq(wantG1), nq(got)); diff != "" {
				t.Errorf("description afterwards (-want +got):\n%s", diff)
			}
			wantAll := append(append(wantG1, f.inG2...), f.otherQuads...)
			if diff := cmp.Diff(nq(wantAll), nq(match(t, s, Pattern{}))); diff != "" {
				t.Errorf("store afterwards (-want +got):\n%s", diff)
			}
		})
	}
}

func testChangeLog(t *testing.T, s *Store) {
	ex := func(s string) rdf.IRI { return iri(t, "http://ex.org/"+s) }
	var want []changeLines
	for i := range 20 {
		q := quad(ex(fmt.Sprint("s", i)), ex("p"), str(fmt.Sprint(i)), ex(fmt.Sprint("g", i%3)))
		cs := Changeset{Add: []rdf.Quad{q}}
		wl := changeLines{Seq: uint64(len(want) + 1), Added: nq(cs.Add)}
		if i%4 == 3 { // remove the previous subject's quad
			prev := quad(ex(fmt.Sprint("s", i-1)), ex("p"), str(fmt.Sprint(i-1)), ex(fmt.Sprint("g", (i-1)%3)))
			cs.Remove = []rdf.Quad{prev}
			wl.Removed = nq(cs.Remove)
		}
		if c := apply(t, s, cs); c.Seq != wl.Seq {
			t.Fatalf("change %d got Seq %d", wl.Seq, c.Seq)
		}
		apply(t, s, cs) // a no-op, which must not take a number
		want = append(want, wl)
	}
	for _, after := range []uint64{0, 1, 7, 19, 20, 25} {
		var got []changeLines
		for _, c := range changes(t, s, after) {
			got = append(got, linesOf(c))
		}
		if diff := cmp.Diff(want[min(after, uint64(len(want))):], got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Changes(%d) (-want +got):\n%s", after, diff)
		}
	}
	if n := lastSeq(t, s); n != 20 {
		t.Errorf("LastSeq = %d, want 20", n)
	}
	// fn's error stops the iteration and is returned.
	stop := fmt.Errorf("stop")
	n := 0
	err := s.Changes(context.Background(), 0, func(Change) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("Changes with a failing fn: %d calls, %v; want 1, stop", n, err)
	}
}

func testGraphs(t *testing.T, s *Store) {
	got, err := s.Graphs(context.Background())
	if err != nil || len(got) != 0 {
		t.Errorf("Graphs of an empty store = %v, %v", got, err)
	}
	apply(t, s, Changeset{Add: matchFixture(t)})
	got, err = s.Graphs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var gotS []string
	for _, g := range got {
		gotS = append(gotS, g.String())
	}
	want := []string{"http://ex.org/g1", "http://ex.org/g2", "http://ex.org/graph/with/a/long/name/beyond/sixteen/bytes"}
	if diff := cmp.Diff(want, gotS, cmpSorted); diff != "" {
		t.Errorf("Graphs (-want +got):\n%s", diff)
	}
	// A graph whose last quad is removed is gone.
	apply(t, s, Changeset{Remove: match(t, s, Pattern{G: iri(t, "http://ex.org/g1")})})
	got, err = s.Graphs(context.Background())
	if err != nil || len(got) != 2 {
		t.Errorf("Graphs after emptying g1 = %v, %v; want 2 graphs", got, err)
	}
}

func testConcurrentApply(t *testing.T, s *Store) {
	const workers, perWorker = 8, 25
	p := iri(t, "http://ex.org/p")
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				q := quad(makeIRI(fmt.Sprintf("http://ex.org/w%d/%d", w, i)), p, str("v"), nil)
				if _, err := s.Apply(context.Background(), Changeset{Add: []rdf.Quad{q}}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var seqs []uint64
	for _, c := range changes(t, s, 0) {
		seqs = append(seqs, c.Seq)
	}
	var want []uint64
	for i := range workers * perWorker {
		want = append(want, uint64(i+1))
	}
	if diff := cmp.Diff(want, seqs); diff != "" {
		t.Errorf("change sequences (-want +got):\n%s", diff)
	}
	if n, err := s.Count(context.Background(), Pattern{P: p}); n != workers*perWorker || err != nil {
		t.Errorf("Count = %d, %v; want %d", n, err, workers*perWorker)
	}
}

func testNextSequence(t *testing.T, s *Store) {
	ctx := context.Background()
	var got []uint64
	for _, name := range []string{"a", "a", "b", "a", "b"} {
		n, err := s.NextSequence(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	if diff := cmp.Diff([]uint64{1, 2, 1, 3, 2}, got); diff != "" {
		t.Errorf("NextSequence (-want +got):\n%s", diff)
	}
	if n := lastSeq(t, s); n != 0 {
		t.Errorf("NextSequence moved LastSeq to %d", n)
	}
}

func testMeta(t *testing.T, s *Store) {
	ctx := context.Background()
	if v, ok, err := s.GetMeta(ctx, "cursor"); ok || v != nil || err != nil {
		t.Errorf("GetMeta of an unset key = %q, %v, %v", v, ok, err)
	}
	for _, v := range [][]byte{[]byte("42"), {}, nil} {
		if err := s.SetMeta(ctx, "cursor", v); err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.GetMeta(ctx, "cursor")
		if !ok || err != nil || string(got) != string(v) {
			t.Errorf("GetMeta after SetMeta(%q) = %q, %v, %v", v, got, ok, err)
		}
	}
}
