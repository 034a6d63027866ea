package store

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/knakk/rdf"
)

// collideAll makes every hashed term of a kind get the same id for the rest of the test, so that two
// different long IRIs collide as two terms sharing an 8-byte hash would.
func collideAll(t *testing.T) {
	t.Helper()
	old := termHash
	termHash = func([]byte) [32]byte { return [32]byte{1, 2, 3} }
	t.Cleanup(func() { termHash = old })
}

// TestTermCollisionRefused: a write that would give a stored term's id to another term fails with
// ErrTermCollision, whichever path writes it, and leaves the store as it was.
func TestTermCollisionRefused(t *testing.T) {
	ctx := context.Background()
	p := makeIRI("http://ex.org/p") // inline: never collides
	a := makeIRI("http://ex.org/the-first-long-subject")
	b := makeIRI("http://ex.org/the-second-long-subject")
	first := quad(a, p, p, nil)
	second := quad(b, p, p, nil)
	bulk := func(opts BulkOptions, qs ...rdf.Quad) func(*Store) error {
		return func(s *Store) error {
			bl := s.NewBulkLoader(opts)
			for _, q := range qs {
				if err := bl.Add(ctx, q); err != nil {
					return err
				}
			}
			return bl.Close()
		}
	}
	cases := []struct {
		name    string
		before  []rdf.Quad // stored first, through Apply
		write   func(*Store) error
		wantErr bool
		kept    []rdf.Quad // written before the refusal: a bulk load is atomic per batch only
	}{
		{"apply after apply", []rdf.Quad{first}, func(s *Store) error {
			_, err := s.Apply(ctx, Changeset{Add: []rdf.Quad{second}})
			return err
		}, true, nil},
		{"both in one changeset", nil, func(s *Store) error {
			_, err := s.Apply(ctx, Changeset{Add: []rdf.Quad{first, second}})
			return err
		}, true, nil},
		{"apply of the same term again", []rdf.Quad{first}, func(s *Store) error {
			_, err := s.Apply(ctx, Changeset{Add: []rdf.Quad{quad(a, p, makeIRI("http://ex.org/o"), nil)}})
			return err
		}, false, nil},
		{"removing a term that is not stored leaves the stored one", []rdf.Quad{first}, func(s *Store) error {
			c, err := s.Apply(ctx, Changeset{Remove: []rdf.Quad{second}})
			if err == nil && (len(c.Removed) > 0 || len(match(t, s, Pattern{S: a})) != 1) {
				t.Errorf("removing %v removed %v", second, c.Removed)
			}
			return err
		}, false, nil},
		{"replace description", []rdf.Quad{first}, func(s *Store) error {
			_, err := s.ReplaceDescription(ctx, makeIRI("http://ex.org/g"), p, []rdf.Triple{second.Triple})
			return err
		}, true, nil},
		{"bulk batches after apply", []rdf.Quad{first}, bulk(BulkOptions{}, second), true, nil},
		{"bulk batches, one batch", []rdf.Quad{quad(p, p, p, nil)}, bulk(BulkOptions{}, first, second), true, nil},
		{"bulk batches, two batches", []rdf.Quad{quad(p, p, p, nil)}, bulk(BulkOptions{BatchSize: 1}, first, second), true, []rdf.Quad{first}},
		{"bulk stream into an empty store", nil, bulk(BulkOptions{}, first, second), true, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			collideAll(t)
			s := openDisk(t)
			if len(tc.before) > 0 {
				apply(t, s, Changeset{Add: tc.before})
			}
			want := nq(append(match(t, s, Pattern{}), tc.kept...))
			wantSeq := lastSeq(t, s) + uint64(len(tc.kept))
			err := tc.write(s)
			if !tc.wantErr {
				if err != nil {
					t.Fatalf("write: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrTermCollision) {
				t.Fatalf("write returned %v, want ErrTermCollision", err)
			}
			if diff := cmp.Diff(want, nq(match(t, s, Pattern{}))); diff != "" {
				t.Errorf("store after the refused write (-want +got):\n%s", diff)
			}
			if got := lastSeq(t, s); got != wantSeq {
				t.Errorf("LastSeq after the refused write = %d, want %d", got, wantSeq)
			}
			// The store keeps its format version: with more written, it reopens.
			apply(t, s, Changeset{Add: []rdf.Quad{quad(makeIRI("urn:x"), makeIRI("urn:y"), makeIRI("urn:z"), nil)}})
			s.Close()
			if s, err := Open(s.dir, Options{}); err != nil {
				t.Errorf("reopening after the refused write: %v", err)
			} else {
				s.Close()
			}
		})
	}
}

// TestTermCollisionReads: a term that was never stored but shares a stored term's id matches
// nothing, so that nothing read for it — and nothing removed on the strength of that read — is the
// other term's.
func TestTermCollisionReads(t *testing.T) {
	ctx := context.Background()
	p := makeIRI("http://ex.org/p")
	g := makeIRI("urn:g") // inline: only a and b collide
	a := makeIRI("http://ex.org/the-first-long-subject")
	b := makeIRI("http://ex.org/the-second-long-subject")
	collideAll(t)
	dir := t.TempDir()
	s := openDir(t, dir)
	apply(t, s, Changeset{Add: []rdf.Quad{quad(a, p, p, g), quad(p, p, a, g)}})
	want := canonical(t, s)
	check := func(s *Store) {
		for _, pt := range []Pattern{{S: b}, {O: b}, {S: b, G: g}, {P: p, O: b}} {
			if got := match(t, s, pt); len(got) > 0 {
				t.Errorf("Match(%s) = %v, want nothing", patternString(pt), got)
			}
			if n, err := s.Count(ctx, pt); err != nil || n != 0 {
				t.Errorf("Count(%s) = %d, %v; want 0", patternString(pt), n, err)
			}
		}
		if qs, err := s.Describe(ctx, b, nil); err != nil || len(qs) > 0 {
			t.Errorf("Describe(b) = %v, %v; want nothing", qs, err)
		}
		if c, err := s.ReplaceDescription(ctx, g, b, nil); err != nil || len(c.Removed) > 0 {
			t.Errorf("ReplaceDescription(b, nothing) removed %v (err %v); want nothing removed", c.Removed, err)
		}
		if got := canonical(t, s); got != want {
			t.Errorf("store after reads and a replacement for the other term:\n%s\nwant:\n%s", got, want)
		}
		// The stored term itself is found.
		if got := match(t, s, Pattern{S: a}); len(got) != 1 {
			t.Errorf("Match(S: a) = %v, want one quad", got)
		}
	}
	check(s) // the store remembers a's entry from the write
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	check(openDir(t, dir)) // reopened: it reads the entry
}
