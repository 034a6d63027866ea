package store

import (
	"context"
	"errors"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/google/go-cmp/cmp"
	"github.com/knakk/rdf"
)

// bulkQuads is more than one badger transaction can hold (about 10 MB of entries; these are four
// 69-byte keys a quad, over 80 MB), so the load only works if WriteBatch splits it.
const bulkQuads = 300_000

func testBulkLoad(t *testing.T, s *Store) {
	ctx := context.Background()
	var input []rdf.Quad
	synthQuads(t, bulkQuads, func(q rdf.Quad) { input = append(input, q) })

	// The same quads in one Apply are too big, which is why the bulk loader exists.
	if _, err := s.Apply(ctx, Changeset{Add: input}); !errors.Is(err, badger.ErrTxnTooBig) {
		t.Fatalf("Apply of %d quads: %v, want ErrTxnTooBig", len(input), err)
	}
	if n := lastSeq(t, s); n != 0 {
		t.Fatalf("failed Apply left LastSeq %d", n)
	}

	load := func() (loaded int, progress []int) {
		t.Helper()
		bl := s.NewBulkLoader(BulkOptions{Progress: func(n int) { progress = append(progress, n) }})
		for i, q := range input {
			if err := bl.Add(ctx, q); err != nil {
				t.Fatalf("Add %d: %v", i, err)
			}
			if i%3 == 0 { // duplicates within the input are skipped too
				if err := bl.Add(ctx, q); err != nil {
					t.Fatalf("Add %d again: %v", i, err)
				}
			}
		}
		if err := bl.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		return bl.Loaded(), progress
	}
	loaded, progress := load()
	if loaded != bulkQuads {
		t.Errorf("Loaded = %d, want %d", loaded, bulkQuads)
	}
	if len(progress) == 0 || progress[len(progress)-1] != bulkQuads {
		t.Errorf("Progress calls %v, want the last to be %d", progress, bulkQuads)
	}
	if n, err := s.Count(ctx, Pattern{}); n != bulkQuads || err != nil {
		t.Errorf("Count = %d, %v; want %d", n, err, bulkQuads)
	}
	// Spot checks through other indexes: every subject has ten quads, one of each predicate.
	p := input[6].Pred
	if n, err := s.Count(ctx, Pattern{P: p}); n != bulkQuads/10 || err != nil {
		t.Errorf("Count(P) = %d, %v; want %d", n, err, bulkQuads/10)
	}
	if diff := cmp.Diff(nq(input[:10]), nq(match(t, s, Pattern{S: input[0].Subj}))); diff != "" {
		t.Errorf("first subject (-want +got):\n%s", diff)
	}

	// The change log holds every loaded quad once, in records numbered from 1 without gaps.
	cs := changes(t, s, 0)
	total := 0
	for i, c := range cs {
		if c.Seq != uint64(i+1) || len(c.Removed) != 0 {
			t.Errorf("record %d: Seq %d, %d removed", i, c.Seq, len(c.Removed))
		}
		total += len(c.Added)
	}
	if total != bulkQuads || len(cs) == 0 || lastSeq(t, s) != uint64(len(cs)) {
		t.Errorf("%d change records with %d quads, LastSeq %d; want %d quads", len(cs), total, lastSeq(t, s), bulkQuads)
	}

	// Loading again stores nothing and logs nothing.
	seq := lastSeq(t, s)
	if loaded, _ := load(); loaded != 0 {
		t.Errorf("second load: Loaded = %d, want 0", loaded)
	}
	if n := lastSeq(t, s); n != seq {
		t.Errorf("second load moved LastSeq from %d to %d", seq, n)
	}
	if n, err := s.Count(ctx, Pattern{}); n != bulkQuads || err != nil {
		t.Errorf("Count after second load = %d, %v", n, err)
	}
}

func testBulkNoChangeLog(t *testing.T, s *Store) {
	ctx := context.Background()
	bl := s.NewBulkLoader(BulkOptions{NoChangeLog: true, BatchSize: 1000})
	calls := 0
	bl.opts.Progress = func(int) { calls++ }
	synthQuads(t, 5000, func(q rdf.Quad) {
		if err := bl.Add(ctx, q); err != nil {
			t.Fatal(err)
		}
	})
	if err := bl.Close(); err != nil {
		t.Fatal(err)
	}
	if bl.Loaded() != 5000 || calls != 5 {
		t.Errorf("Loaded %d with %d Progress calls, want 5000 with 5", bl.Loaded(), calls)
	}
	if n, err := s.Count(ctx, Pattern{}); n != 5000 || err != nil {
		t.Errorf("Count = %d, %v", n, err)
	}
	if cs := changes(t, s, 0); len(cs) != 0 || lastSeq(t, s) != 0 {
		t.Errorf("NoChangeLog load wrote %d change records, LastSeq %d", len(cs), lastSeq(t, s))
	}
	// Apply afterwards starts the log at 1.
	c := apply(t, s, Changeset{Add: []rdf.Quad{quad(iri(t, "http://ex.org/s"), iri(t, "http://ex.org/p"), str("x"), nil)}})
	if c.Seq != 1 {
		t.Errorf("Apply after a NoChangeLog load got Seq %d, want 1", c.Seq)
	}
}

func TestBulkLoaderRejectsIncompleteQuad(t *testing.T) {
	s := openMemory(t)
	bl := s.NewBulkLoader(BulkOptions{})
	if err := bl.Add(context.Background(), rdf.Quad{}); err == nil {
		t.Fatal("Add of an empty quad succeeded")
	}
	if err := bl.Close(); err == nil {
		t.Error("Close after a failed Add returned no error")
	}
}
