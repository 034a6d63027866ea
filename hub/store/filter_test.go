package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/knakk/rdf"
)

// TestDictFilter: every id added is reported present; at capacity few absent ids are taken for
// present; past capacity the filter says it is full.
func TestDictFilter(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	randomID := func() termID {
		var id termID
		id[0] = kindLangHashed
		binary.LittleEndian.PutUint64(id[1:9], rng.Uint64())
		return id
	}
	f := newDictFilter(1 << 18)
	ids := make([]termID, f.capacity)
	for i := range ids {
		ids[i] = randomID()
		f.add(&ids[i])
	}
	for i := range ids {
		if !f.mayHold(&ids[i]) {
			t.Fatalf("id %x was added but is reported absent", ids[i])
		}
	}
	const tries = 200_000
	present := 0
	for range tries {
		if id := randomID(); f.mayHold(&id) {
			present++
		}
	}
	rate := float64(present) / tries
	t.Logf("at capacity (%d ids, %d KiB): %.2f %% of absent ids taken for present", f.capacity, len(f.words)*8/1024, 100*rate)
	if rate > 0.02 {
		t.Errorf("%.2f %% of absent ids taken for present, want at most 2 %%", 100*rate)
	}
	if f.full() {
		t.Error("full at capacity")
	}
	id := randomID()
	if f.add(&id); !f.full() {
		t.Error("not full past capacity")
	}
}

// filterQuads are n quads, each with a long subject IRI and a long literal of its own (hashed terms).
func filterQuads(from, n int) []rdf.Quad {
	p := makeIRI("http://ex.org/p")
	var qs []rdf.Quad
	for i := from; i < from+n; i++ {
		s := makeIRI(fmt.Sprintf("http://ex.org/a-subject-long-enough-to-be-hashed/%d", i))
		qs = append(qs, quad(s, p, makeLangLiteral(fmt.Sprintf("a literal long enough to be hashed %d", i), "sv"), nil))
	}
	return qs
}

// filterBuilds makes stores opened afterwards report each finished filter build on the channel.
func filterBuilds(t *testing.T) chan error {
	t.Helper()
	done := make(chan error, 16)
	filterBuilt = func(err error) { done <- err }
	t.Cleanup(func() { filterBuilt = nil })
	return done
}

// requireReadable fails unless reads by each quad's subject, and by its object, find it: the
// filter's read shortcut (Store.boundAbsent) must never hide a stored term.
func requireReadable(t *testing.T, s *Store, qs []rdf.Quad) {
	t.Helper()
	for _, q := range qs {
		for _, p := range []Pattern{{S: q.Subj, G: q.Ctx}, {O: q.Obj}} {
			if n, err := s.Count(context.Background(), p); err != nil || n == 0 {
				t.Fatalf("%s finds %d quads (%v), want the stored one", patternString(p), n, err)
			}
		}
	}
}

// requireFiltered fails unless the store's filter is in use and holds every hashed term of qs, and
// reads find them.
func requireFiltered(t *testing.T, s *Store, qs []rdf.Quad) {
	t.Helper()
	requireReadable(t, s, qs)
	f := s.filters.cur.Load()
	if f == nil {
		t.Fatal("no filter in use after its build")
	}
	for _, q := range qs {
		_, dict, err := encodeQuad(q, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dict {
			if s.absent(&d.id) {
				t.Fatalf("the filter calls %q absent, but it is stored", d.value)
			}
		}
	}
}

// TestDictFilterBuild: the filter a store builds when it opens holds the dictionary entries its scan
// finds and those written while it scans, and one that grows past its capacity is rebuilt larger,
// so that no stored term is ever taken for absent (which would let a colliding term in).
func TestDictFilterBuild(t *testing.T) {
	ctx := context.Background()
	old := minFilterCapacity
	minFilterCapacity = 64
	t.Cleanup(func() { minFilterCapacity = old })
	built := filterBuilds(t)
	wait := func() {
		t.Helper()
		select {
		case err := <-built:
			if err != nil {
				t.Fatalf("filter build: %v", err)
			}
		case <-time.After(time.Minute):
			t.Fatal("no filter build ended within a minute")
		}
	}
	apply := func(s *Store, qs []rdf.Quad) {
		t.Helper()
		if _, err := s.Apply(ctx, Changeset{Add: qs}); err != nil {
			t.Fatal(err)
		}
	}

	dir := t.TempDir()
	s := openDir(t, dir)
	if s.filters.cur.Load() == nil {
		t.Fatal("a new store has no filter in use")
	}
	before := filterQuads(0, 500) // 1000 hashed terms: more than the first filter holds
	apply(s, before)
	// The writes filled the filter: the next write has it rebuilt larger.
	apply(s, filterQuads(10_000, 1))
	wait()
	requireFiltered(t, s, before)
	s.Close()

	// Reopen with the build held before its scan, and write meanwhile.
	minFilterCapacity = 4096 // no second build: what was written meanwhile must come from the writer
	release := make(chan struct{})
	filterScanStarts = func() { <-release }
	t.Cleanup(func() { filterScanStarts = nil })
	s = openDir(t, dir)
	var releaseOnce sync.Once
	releaseBuild := func() { releaseOnce.Do(func() { close(release) }) }
	t.Cleanup(releaseBuild) // before the store's own cleanup closes it, should the test fail here
	during := filterQuads(500, 20)
	apply(s, during)
	requireReadable(t, s, append(before, during...)) // while the build waits to scan
	filterScanStarts = nil
	releaseBuild()
	wait()
	all := append(append(before, filterQuads(10_000, 1)...), during...)
	requireFiltered(t, s, all)
	s.Close()

	// Reopen with a filter too small for the dictionary: the scan starts over with a larger one.
	minFilterCapacity = 64
	s = openDir(t, dir)
	wait()
	if f := s.filters.cur.Load(); f == nil || f.capacity < 1042 {
		t.Fatalf("filter in use %+v, want one sized for the 1042 entries", f)
	}
	requireFiltered(t, s, all)

	// A term colliding with a stored one is refused with the filter in use.
	collideAll(t)
	a := makeIRI("http://ex.org/the-first-long-subject")
	b := makeIRI("http://ex.org/the-second-long-subject")
	p := makeIRI("http://ex.org/p")
	apply(s, []rdf.Quad{quad(a, p, p, nil)})
	if _, err := s.Apply(ctx, Changeset{Add: []rdf.Quad{quad(b, p, p, nil)}}); !errors.Is(err, ErrTermCollision) {
		t.Fatalf("colliding write: %v, want ErrTermCollision", err)
	}
}

// A read naming a term the store has never held is answered by the filter, without a scan, and
// the same as a scan: nothing, or the context's error once it is cancelled.
func TestReadOfNeverStoredTerm(t *testing.T) {
	s := openDisk(t)
	ctx := context.Background()
	g := iri(t, "https://data.exempelby.se/graph/manual")
	stored := iri(t, "https://data.exempelby.se/id/person/10000007")
	apply(t, s, Changeset{Add: []rdf.Quad{quad(stored, iri(t, "http://xmlns.com/foaf/0.1/name"), str("Kari Nordmann, synthetic"), g)}})
	never := iri(t, "https://data.exempelby.se/id/person/10000015")
	id, _, err := encodeTerm(never)
	if err != nil {
		t.Fatal(err)
	}
	if !s.absent(&id) { // a fresh store filters from the start
		t.Fatal("the filter takes a never-stored IRI for present; the test needs another IRI")
	}
	if got := match(t, s, Pattern{S: never}); len(got) != 0 {
		t.Errorf("match of a never-stored subject: %v", nq(got))
	}
	if got, err := s.Describe(ctx, never, nil); err != nil || len(got) != 0 {
		t.Errorf("describe of a never-stored subject: %v, %v", nq(got), err)
	}
	if got, err := s.Describe(ctx, stored, g); err != nil || len(got) != 1 {
		t.Errorf("describe of the stored subject: %v, %v", nq(got), err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Describe(cancelled, never, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("describe with a cancelled context: %v", err)
	}
	if err := s.Match(cancelled, Pattern{S: never}, func(rdf.Quad) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("match with a cancelled context: %v", err)
	}
}
