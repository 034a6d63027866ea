package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"
	"github.com/knakk/rdf"
	"google.golang.org/protobuf/proto"
)

// A load into an empty store streams its tables; one into a store with data goes in batches; both
// leave the same quads, dictionary and change log.
func TestBulkStreamAndBatchesAgree(t *testing.T) {
	ctx := context.Background()
	var input []rdf.Quad
	synthQuads(t, 20_000, func(q rdf.Quad) { input = append(input, q) })
	load := func(s *Store, opts BulkOptions) {
		t.Helper()
		opts.BatchSize = 3000
		bl := s.NewBulkLoader(opts)
		if bl.stream == opts.NoStream {
			t.Fatalf("NoStream %v on an empty store: stream = %v", opts.NoStream, bl.stream)
		}
		for _, q := range append(input, input[:500]...) {
			if err := bl.Add(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := bl.Close(); err != nil || bl.Loaded() != len(input) {
			t.Fatalf("Close: %v, Loaded %d, want %d", err, bl.Loaded(), len(input))
		}
	}
	streamed, batched := openDisk(t), openDisk(t)
	load(streamed, BulkOptions{})
	load(batched, BulkOptions{NoStream: true})
	for _, p := range []Pattern{{}, {S: input[0].Subj}, {P: input[3].Pred}, {O: input[0].Obj}, {G: input[0].Ctx}} {
		a, b := nq(match(t, streamed, p)), nq(match(t, batched, p))
		if fmt.Sprint(a) != fmt.Sprint(b) || len(a) == 0 {
			t.Errorf("pattern %v: streamed %d quads, batched %d, or they differ", p, len(a), len(b))
		}
	}
	count := func(s *Store) (n int) {
		for _, c := range changes(t, s, 0) {
			n += len(c.Added)
		}
		return n
	}
	if a, b := count(streamed), count(batched); a != len(input) || b != len(input) {
		t.Errorf("change logs hold %d (streamed) and %d (batched) quads, want %d", a, b, len(input))
	}
	// A second loader on the streamed store finds it not empty and adds in batches.
	if bl := streamed.NewBulkLoader(BulkOptions{}); bl.stream {
		t.Error("a loader on a store with data would stream, dropping what is stored")
	}
}

// A stream that fails after any of its parts leaves the store empty — in the process at once, and
// (from the marker) in the next process if this one died — and loading the same input again streams
// it whole: every quad in every index, with its terms, each logged once.
func TestBulkStreamInterrupted(t *testing.T) {
	ctx := context.Background()
	var input []rdf.Quad
	synthQuads(t, 5_000, func(q rdf.Quad) { input = append(input, q) })
	crash := errors.New("crash")
	load := func(s *Store) error {
		bl := s.NewBulkLoader(BulkOptions{})
		for _, q := range input {
			if err := bl.Add(ctx, q); err != nil {
				return err
			}
		}
		return bl.Close()
	}
	empty := func(t *testing.T, s *Store) {
		t.Helper()
		if n, err := s.Count(ctx, Pattern{}); err != nil || n != 0 {
			t.Fatalf("store holds %d quads (%v) after the failed load, want none", n, err)
		}
		if !s.fresh() {
			t.Fatal("store is not empty after the failed load")
		}
		if _, err := os.Stat(filepath.Join(s.dir, firstLoadMarker)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("marker after the failed load: %v", err)
		}
	}
	complete := func(t *testing.T, s *Store) {
		t.Helper()
		if err := load(s); err != nil {
			t.Fatal(err)
		}
		same := func(a, b rdf.Term) bool { return a == nil || a.Serialize(rdf.NQuads) == b.Serialize(rdf.NQuads) }
		for _, p := range []Pattern{{}, {S: input[7].Subj}, {P: input[1].Pred}, {O: input[0].Obj}, {G: input[0].Ctx}} {
			var want []rdf.Quad
			for _, q := range input {
				if (p.S == nil || same(p.S, q.Subj)) && (p.P == nil || same(p.P, q.Pred)) &&
					(p.O == nil || same(p.O, q.Obj)) && (p.G == nil || same(p.G, q.Ctx)) {
					want = append(want, q)
				}
			}
			if got := nq(match(t, s, p)); fmt.Sprint(got) != fmt.Sprint(nq(want)) {
				t.Errorf("pattern %v: %d quads, want %d", p, len(got), len(want))
			}
		}
		n := 0
		for _, c := range changes(t, s, 0) {
			n += len(c.Added)
		}
		if n != len(input) {
			t.Errorf("change log holds %d quads, want %d", n, len(input))
		}
	}
	for stop := uint32(1); stop <= 7; stop++ {
		t.Run(fmt.Sprint("after stream ", stop), func(t *testing.T) {
			dir := t.TempDir()
			s := openDir(t, dir)
			streamClosed = func(n uint32) error {
				if n == stop {
					return crash
				}
				return nil
			}
			err := load(s)
			streamClosed = nil
			if !errors.Is(err, crash) {
				t.Fatalf("Close: %v, want the crash", err)
			}
			empty(t, s)
			complete(t, s)
			s.Close()
			complete(t, openDir(t, dir)) // and it stays: the marker is gone
		})
	}
	// A process that died during the load left the marker and whatever badger had written.
	t.Run("process died", func(t *testing.T) {
		dir := t.TempDir()
		s := openDir(t, dir)
		if _, err := s.Apply(ctx, Changeset{Add: input[:100]}); err != nil { // stands for the partial tables
			t.Fatal(err)
		}
		if err := s.markFirstLoad(); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s = openDir(t, dir)
		empty(t, s)
		complete(t, s)
	})
}

// A loader that started on an empty store, when another writer stores something before it writes,
// falls back to batches; quads the other writer already stored are skipped, and every quad loaded
// still has its terms.
func TestBulkStreamFallsBackWhenStoreFilled(t *testing.T) {
	ctx := context.Background()
	var input []rdf.Quad
	synthQuads(t, 5_000, func(q rdf.Quad) { input = append(input, q) })
	s := openDisk(t)
	bl := s.NewBulkLoader(BulkOptions{BatchSize: 1000})
	if !bl.stream {
		t.Fatal("a loader on an empty store does not stream")
	}
	for _, q := range input {
		if err := bl.Add(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	// Meanwhile another writer stores the first quad of the input, which carries its chunk's terms.
	apply(t, s, Changeset{Add: input[:1]})
	if err := bl.Close(); err != nil {
		t.Fatal(err)
	}
	if bl.Loaded() != len(input)-1 {
		t.Errorf("Loaded %d, want %d", bl.Loaded(), len(input)-1)
	}
	if got := nq(match(t, s, Pattern{})); fmt.Sprint(got) != fmt.Sprint(nq(input)) {
		t.Errorf("store holds %d quads, want the %d of the input", len(got), len(input))
	}
}

// TestAppendKV: the hand-written marshalling of stream entries gives the bytes protobuf gives for
// badger's KV message (badger decodes them with protobuf).
func TestAppendKV(t *testing.T) {
	cases := []struct {
		key, value []byte
		version    uint64
		stream     uint32
		done       bool
	}{
		{[]byte("S\x02abcdefgh"), nil, 1, 3, false},
		{[]byte("d\x02abcdefgh"), []byte("http://example.org/a-long-iri"), 1, 2, false},
		{[]byte{'v'}, []byte("3"), 1, 1, false},
		{bytes.Repeat([]byte{'c'}, 13), bytes.Repeat([]byte{'x'}, 512<<10), 1, 7, false},
		{nil, nil, 0, 300, true},
	}
	for _, tc := range cases {
		buf := z.NewBuffer(1<<10, "test")
		appendKV(buf, tc.key, tc.value, tc.version, tc.stream, tc.done)
		var got [][]byte
		if err := buf.SliceIterate(func(s []byte) error { got = append(got, bytes.Clone(s)); return nil }); err != nil {
			t.Fatal(err)
		}
		buf.Release()
		want, err := proto.MarshalOptions{Deterministic: true}.Marshal(&pb.KV{Key: tc.key, Value: tc.value, Version: tc.version, StreamId: tc.stream, StreamDone: tc.done})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || !bytes.Equal(got[0], want) {
			t.Errorf("appendKV(%.20q, %d bytes, %d, %d, %v) = %x, want %x", tc.key, len(tc.value), tc.version, tc.stream, tc.done, got, want)
		}
	}
}

// A stream load logs no warning, also when some of its streams are empty (no change log, no hashed
// terms): badger warns of closing a stream it never saw.
func TestBulkStreamQuiet(t *testing.T) {
	ctx := context.Background()
	p := makeIRI("urn:p")
	for _, tc := range []struct {
		name string
		opts BulkOptions
		qs   []rdf.Quad
	}{
		{"no change log", BulkOptions{NoChangeLog: true}, filterQuads(0, 10)},
		{"inline terms only", BulkOptions{}, []rdf.Quad{quad(makeIRI("urn:a"), p, makeIRI("urn:b"), nil)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logged bytes.Buffer
			s, err := Open(t.TempDir(), Options{Logger: slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn}))})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			bl := s.NewBulkLoader(tc.opts)
			for _, q := range tc.qs {
				if err := bl.Add(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if err := bl.Close(); err != nil {
				t.Fatal(err)
			}
			if n, err := s.Count(ctx, Pattern{}); err != nil || n != len(tc.qs) {
				t.Fatalf("stored %d quads (%v), want %d", n, err, len(tc.qs))
			}
			if logged.Len() > 0 {
				t.Errorf("the load logged:\n%s", logged.String())
			}
		})
	}
}
