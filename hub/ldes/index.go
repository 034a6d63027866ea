package ldes

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// Metadata keys (all under "ldes/"):
//
//	ldes/state          cursor (last change indexed), members, pages, last member's time (unix ns): 4 × 8 bytes
//	ldes/p/{k:016x}     page k: its first member (8 bytes) and that member's time (8 bytes)
//	ldes/m/{n:016x}     member n: time (8), kind (1), len(IRI) (uvarint), IRI, canonical N-Triples
//	ldes/r/{IRI}        the last version of a resource: kind (1), SHA-256 prefix of its description (16)
const (
	keyState     = "ldes/state"
	prefixPage   = "ldes/p/"
	prefixMember = "ldes/m/"
	prefixRes    = "ldes/r/"
)

// Kind says what a version is.
type Kind byte

// The kinds of version.
const (
	Create Kind = 1 // the first open description of a resource (or the first after a deletion)
	Update Kind = 2 // a changed open description
	Delete Kind = 3 // the resource is no longer open data
)

// flushMembers bounds the members written in one transaction.
const flushMembers = 200

// pendingLimit is how many touched resources the indexer collects before describing them.
const pendingLimit = 2000

type state struct {
	cursor, members, pages uint64
	last                   time.Time
}

func (st state) encode() []byte {
	b := make([]byte, 0, 32)
	b = binary.BigEndian.AppendUint64(b, st.cursor)
	b = binary.BigEndian.AppendUint64(b, st.members)
	b = binary.BigEndian.AppendUint64(b, st.pages)
	return binary.BigEndian.AppendUint64(b, uint64(st.last.UnixNano()))
}

func (s *Stream) loadState(ctx context.Context) (state, error) {
	v, ok, err := s.store.GetMeta(ctx, keyState)
	if err != nil || !ok {
		return state{}, err
	}
	if len(v) != 32 {
		return state{}, errors.New("ldes: the stream's state is corrupt")
	}
	return state{
		cursor:  binary.BigEndian.Uint64(v),
		members: binary.BigEndian.Uint64(v[8:]),
		pages:   binary.BigEndian.Uint64(v[16:]),
		last:    time.Unix(0, int64(binary.BigEndian.Uint64(v[24:]))).UTC(),
	}, nil
}

func numKey(prefix string, n uint64) string { return fmt.Sprintf("%s%016x", prefix, n) }

// Sync brings the stream up to date with the store's change log and returns the number of members
// it appended. It is safe to call at any time from any goroutine; callers wait for one another.
//
// The work is done in slices of at most one flush (pendingLimit resources, or one big change), and
// the lock is released between slices, so that readers of the root and the open page never wait
// long behind the indexing of a large import.
func (s *Stream) Sync(ctx context.Context) (int, error) {
	total := 0
	for {
		s.mu.Lock()
		n, more, err := s.syncLocked(ctx)
		s.mu.Unlock()
		total += n
		if err != nil || !more {
			return total, err
		}
	}
}

// syncLocked does one slice of Sync with s.mu held; more tells whether changes are left.
func (s *Stream) syncLocked(ctx context.Context) (appended int, more bool, err error) {
	st, err := s.loadState(ctx)
	if err != nil {
		return 0, false, err
	}
	last, err := s.store.LastSeq(ctx)
	if err != nil || st.cursor >= last {
		return 0, false, err
	}
	pending := map[string]rdf.IRI{}
	var batchTime time.Time
	var seen uint64
	flush := func(cursor uint64) error {
		n, err := s.publish(ctx, &st, pending, batchTime, cursor)
		appended += n
		clear(pending)
		return err
	}
	errStop, errSlice := errors.New("stop"), errors.New("slice done")
	err = s.store.Changes(ctx, st.cursor, func(ch store.Change) error {
		if ch.Seq > last {
			return errStop
		}
		touched, err := s.source.Touched(ctx, ch)
		if err != nil {
			return err
		}
		for _, iri := range touched {
			pending[iri.String()] = iri
		}
		batchTime, seen = ch.Time, ch.Seq
		if len(pending) >= pendingLimit {
			if err := flush(ch.Seq); err != nil {
				return err
			}
			if ch.Seq < last {
				return errSlice
			}
		}
		return nil
	})
	switch {
	case errors.Is(err, errSlice):
		return appended, true, nil
	case err != nil && !errors.Is(err, errStop):
		return appended, false, err
	}
	if seen == 0 {
		seen = last // the log was empty past the cursor (changes logged without records)
	}
	return appended, false, flush(seen)
}

// publish describes the pending resources and appends a member for each whose open description
// changed, flushMembers at a time; the last write also moves the cursor.
func (s *Stream) publish(ctx context.Context, st *state, pending map[string]rdf.IRI, at time.Time, cursor uint64) (int, error) {
	before := st.members
	err := s.publishAll(ctx, st, pending, at, cursor)
	return int(st.members - before), err
}

func (s *Stream) publishAll(ctx context.Context, st *state, pending map[string]rdf.IRI, at time.Time, cursor uint64) error {
	iris := make([]string, 0, len(pending))
	for k := range pending {
		iris = append(iris, k)
	}
	slices.Sort(iris)
	batch := map[string][]byte{}
	var described [][]rdf.Triple
	for i, key := range iris {
		if i%describeChunk == 0 {
			var err error
			if described, err = s.describe(ctx, iris[i:min(i+describeChunk, len(iris))], pending); err != nil {
				return err
			}
		}
		if err := s.version(ctx, st, pending[key], described[i%describeChunk], at, batch); err != nil {
			return err
		}
		if len(batch) >= 3*flushMembers || i == len(iris)-1 {
			if i == len(iris)-1 {
				st.cursor = cursor
			}
			batch[keyState] = st.encode()
			if _, err := s.store.Apply(ctx, store.Changeset{Meta: batch}); err != nil {
				return err
			}
			batch = map[string][]byte{}
		}
	}
	if len(iris) == 0 && st.cursor != cursor {
		st.cursor = cursor
		_, err := s.store.Apply(ctx, store.Changeset{Meta: map[string][]byte{keyState: st.encode()}})
		return err
	}
	return nil
}

// describeChunk is how many resources are described at a time, on every core.
const describeChunk = 256

// describe returns the open descriptions of the resources keys name in pending, in order, reading
// on every core (descriptions are independent reads).
func (s *Stream) describe(ctx context.Context, keys []string, pending map[string]rdf.IRI) ([][]rdf.Triple, error) {
	out := make([][]rdf.Triple, len(keys))
	workers := min(runtime.GOMAXPROCS(0), len(keys))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(keys); i += workers {
				ts, err := s.source.Describe(ctx, pending[keys[i]])
				if err != nil {
					errs[w] = err
					return
				}
				out[i] = ts
			}
		})
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// version adds to batch the member for iri, whose open description is now triples, if that differs
// from the last one published, and updates st.
func (s *Stream) version(ctx context.Context, st *state, iri rdf.IRI, triples []rdf.Triple, at time.Time, batch map[string][]byte) error {
	nt := canonical(triples)
	sum := sha256.Sum256(nt)
	prev, had, err := s.store.GetMeta(ctx, prefixRes+iri.String())
	if err != nil {
		return err
	}
	if v, ok := batch[prefixRes+iri.String()]; ok {
		prev, had = v, true
	}
	published := had && len(prev) == 17 && Kind(prev[0]) != Delete
	var kind Kind
	switch {
	case len(triples) == 0 && !published:
		return nil
	case len(triples) == 0:
		kind = Delete
		nt = nil
	case !published:
		kind = Create
	case bytes.Equal(prev[1:], sum[:16]):
		return nil
	default:
		kind = Update
	}

	n := st.members + 1
	t := at.Truncate(time.Microsecond)
	if min := st.last.Add(time.Microsecond); t.Before(min) {
		t = min
	}
	// A resource may carry a prov:generatedAtTime of its own (when it was last written). The version's
	// is the greatest on the version, which is how readers tell the two apart.
	for _, tr := range triples {
		if tr.Subj == rdf.Subject(iri) && tr.Pred == rdf.Predicate(vocab.ProvGeneratedAtTime) {
			if own, err := time.Parse(time.RFC3339Nano, tr.Obj.String()); err == nil {
				if min := own.Truncate(time.Microsecond).Add(time.Microsecond); t.Before(min) {
					t = min.UTC()
				}
			}
		}
	}
	if (n-1)%uint64(s.pageSize) == 0 {
		// n opens page st.pages+1: its time range starts in a later millisecond than the last page's.
		if n > 1 && t.Truncate(time.Millisecond).Equal(st.last.Truncate(time.Millisecond)) {
			t = st.last.Truncate(time.Millisecond).Add(time.Millisecond)
		}
		st.pages++
		batch[numKey(prefixPage, st.pages)] = binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, n), uint64(t.UnixNano()))
	}
	rec := binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano()))
	rec = append(rec, byte(kind))
	rec = binary.AppendUvarint(rec, uint64(len(iri.String())))
	rec = append(rec, iri.String()...)
	rec = append(rec, nt...)
	batch[numKey(prefixMember, n)] = rec
	batch[prefixRes+iri.String()] = append([]byte{byte(kind)}, sum[:16]...)
	st.members, st.last = n, t
	return nil
}

// canonical writes a description as N-Triples in the form of Canonical.
func canonical(ts []rdf.Triple) []byte {
	if len(ts) == 0 {
		return nil
	}
	var buf bytes.Buffer
	_ = rdfio.WriteNTriples(&buf, Canonical(ts))
	return buf.Bytes()
}

// Canonical returns a description sorted, with its blank nodes renamed b0, b1 … in the order they
// first appear when the triples are sorted with blank nodes masked. Descriptions in the model nest
// blank nodes as trees, which this labels the same way whatever a store or a parser called them,
// so an unchanged description reads and hashes the same. ts is not modified.
func Canonical(ts []rdf.Triple) []rdf.Triple {
	masked := func(t rdf.Term) string {
		if _, ok := t.(rdf.Blank); ok {
			return "_:"
		}
		return rdfio.TermString(t)
	}
	sorted := slices.Clone(ts)
	slices.SortStableFunc(sorted, func(a, b rdf.Triple) int {
		for _, pair := range [][2]rdf.Term{{a.Subj, b.Subj}, {a.Pred, b.Pred}, {a.Obj, b.Obj}} {
			if c := strings.Compare(masked(pair[0]), masked(pair[1])); c != 0 {
				return c
			}
		}
		return 0
	})
	names := map[string]rdf.Blank{}
	rename := func(t rdf.Term) rdf.Term {
		b, ok := t.(rdf.Blank)
		if !ok {
			return t
		}
		nb, ok := names[b.String()]
		if !ok {
			nb, _ = rdf.NewBlank("b" + strconv.Itoa(len(names)))
			names[b.String()] = nb
		}
		return nb
	}
	for i, t := range sorted {
		sorted[i] = rdf.Triple{Subj: rename(t.Subj).(rdf.Subject), Pred: t.Pred, Obj: rename(t.Obj).(rdf.Object)}
	}
	return rdfio.SortTriples(sorted)
}
