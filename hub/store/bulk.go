package store

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/knakk/rdf"
)

const (
	defaultBatchSize = 100_000
	// maxChangeQuads bounds one change record of a bulk load (68 bytes a quad: about 3.4 MB, in
	// 512 KiB parts), so that it fits one transaction whatever BatchSize is.
	maxChangeQuads = 50_000
	// maxRemembered bounds the loader's memory of what it has already encoded or written.
	maxRemembered = 1 << 20
)

// BulkOptions configure a BulkLoader.
type BulkOptions struct {
	BatchSize   int              // quads per batch; 0 = 100 000
	NoChangeLog bool             // do not log the loaded quads as changes (restoring a dump)
	Progress    func(loaded int) // called after each batch with the number of quads loaded so far
	// NoStream makes a loader into an empty store write batches like any other load instead of
	// building the store's tables directly (stream.go); for comparisons and tests.
	NoStream bool
}

// BulkLoader loads many quads fast: in batches through badger's WriteBatch, which splits a batch into
// transactions that fit, so no input is too large. Quads already stored (or repeated in the input)
// are skipped and not counted, so an interrupted load can simply be run again. Each batch appends one
// change record per 50 000 new quads (none with NoChangeLog). A batch is not atomic: after a crash,
// part of the last batch may be stored without its change record. A BulkLoader is not safe for
// concurrent use; other writers may run meanwhile (each batch is written under the store's writer
// lock, so change sequences stay gap-free).
type BulkLoader struct {
	s       *Store
	opts    BulkOptions
	pending []rdf.Quad
	loaded  int
	err     error
	written *knownEntries // dictionary entries this loader has written

	// stream is set while the loader keeps encoded quads in memory to write an empty store's tables
	// directly (stream.go); kept holds them.
	stream   bool
	kept     keptQuads
	reported int // the last count handed to Progress
}

// NewBulkLoader returns a loader; call Close to flush the last batch.
func (s *Store) NewBulkLoader(opts BulkOptions) *BulkLoader {
	if opts.BatchSize <= 0 {
		opts.BatchSize = defaultBatchSize
	}
	b := &BulkLoader{s: s, opts: opts, written: newKnownEntries(maxRemembered)}
	b.stream = !opts.NoStream && s.fresh()
	return b
}

// Add queues a quad, writing a batch when the queue is full. After an error every call returns it.
func (b *BulkLoader) Add(ctx context.Context, q rdf.Quad) error {
	if b.err != nil {
		return b.err
	}
	if q.Subj == nil || q.Pred == nil || q.Obj == nil {
		b.err = errors.New("store: bulk load: quad with a missing term")
		return b.err
	}
	b.pending = append(b.pending, q)
	if len(b.pending) >= b.opts.BatchSize {
		if b.stream {
			b.err = b.keep(ctx)
		} else {
			b.err = b.flush(ctx)
		}
	}
	return b.err
}

// Close writes what is queued and returns the first error of the load.
func (b *BulkLoader) Close() error {
	ctx := context.Background()
	if b.err == nil && b.stream {
		if b.err = b.keep(ctx); b.err == nil {
			b.err = b.writeKept(ctx)
		}
	}
	if b.err == nil && len(b.pending) > 0 {
		b.err = b.flush(ctx)
	}
	b.pending, b.kept = nil, keptQuads{}
	return b.err
}

// progress reports n quads loaded, once per distinct count.
func (b *BulkLoader) progress(n int) {
	if b.opts.Progress != nil && n != b.reported {
		b.reported = n
		b.opts.Progress(n)
	}
}

// Loaded returns the number of quads stored so far (skipped duplicates not counted).
func (b *BulkLoader) Loaded() int { return b.loaded }

// encoded is one quad's ids and the dictionary entries of its hashed terms.
type encoded struct {
	ids  quadIDs
	dict []dictEntry
}

// encodeAll encodes a batch on every core: SHA-256 of the long terms is most of the CPU a load costs.
func encodeAll(batch []rdf.Quad) ([]encoded, error) {
	out := make([]encoded, len(batch))
	workers := min(runtime.GOMAXPROCS(0), 1+len(batch)/1024)
	chunk := (len(batch) + workers - 1) / workers
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, len(batch))
		wg.Go(func() {
			// Within a chunk, remember the ids of terms already seen: predicates, classes and graphs
			// recur on nearly every quad.
			seen := map[string]termID{}
			for i := lo; i < hi; i++ {
				q := batch[i]
				for j, t := range [4]rdf.Term{q.Subj, q.Pred, q.Obj, q.Ctx} {
					iri, isIRI := t.(rdf.IRI)
					if isIRI {
						if id, ok := seen[iri.String()]; ok {
							out[i].ids[j] = id
							continue
						}
					}
					id, value, err := encodeTerm(t)
					if err != nil {
						errs[w] = fmt.Errorf("store: bulk load: %w", err)
						return
					}
					out[i].ids[j] = id
					if value != nil {
						out[i].dict = append(out[i].dict, dictEntry{id: id, value: value})
					}
					if isIRI && len(seen) < 4096 {
						seen[iri.String()] = id
					}
				}
			}
		})
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

func (b *BulkLoader) flush(ctx context.Context) error {
	batch := b.pending
	b.pending = b.pending[:0]
	if err := ctx.Err(); err != nil {
		return err
	}
	enc, err := encodeAll(batch)
	if err != nil {
		return err
	}
	b.s.writeMu.Lock()
	defer b.s.writeMu.Unlock()
	return b.writeBatch(ctx, enc)
}

// writeBatch writes the quads of enc that are not stored yet. Call with writeMu held.
func (b *BulkLoader) writeBatch(ctx context.Context, enc []encoded) error {
	s := b.s
	s.beginWrite()
	// The dictionary first, for every quad of the batch: a term whose id is taken by another term
	// must be refused before the quad's keys, which would be the other term's, are looked at.
	var dict []dictEntry
	for _, e := range enc {
		for _, d := range e.dict {
			// Known with another value: newEntries looks it up and names both terms.
			if found, same := b.written.lookup(d); !found || !same {
				dict = append(dict, d)
			}
		}
	}
	if err := s.db.View(func(txn *badger.Txn) error {
		var err error
		dict, err = newEntries(txn, dict, b.written, s.absent)
		return err
	}); err != nil {
		return fmt.Errorf("store: bulk load: %w", err)
	}
	fresh, err := s.freshQuads(ctx, enc)
	if err != nil {
		return err
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, d := range dict {
		s.filterAdd(&d.id)
		if err := wb.Set(dictKey(d.id), d.value); err != nil {
			return fmt.Errorf("store: bulk load: %w", err)
		}
	}
	ids := make([]quadIDs, 0, len(fresh))
	for _, e := range fresh {
		ids = append(ids, e.ids)
	}
	// SPOG last: badger commits a batch's keys in the order they are set, so a batch cut short (a
	// crash, a failed flush) leaves quads without their SPOG key, which the next load, finding them
	// not stored (freshQuads reads SPOG), writes again whole, and never a SPOG key without the
	// quad's other keys.
	writeIndex := func(ix index) error {
		// A slab per index: badger keeps the keys it is given until the batch is written.
		held := ix.held(ids)
		for _, k := range newKeySlab(held).fill(ix, held) {
			if err := wb.Set(k, nil); err != nil {
				return fmt.Errorf("store: bulk load: %w", err)
			}
		}
		return nil
	}
	for _, ix := range []index{idxPOSG, idxOSPG} {
		if err := writeIndex(ix); err != nil {
			return err
		}
	}
	// A graph-subject key for each graph and subject of the batch (written again when stored: a
	// key per subject, not per quad).
	seen := map[graphSubject]bool{}
	var gsKeys []byte
	for i := range ids {
		if gs := graphSubjectOf(&ids[i]); !seen[gs] {
			seen[gs] = true
			start := len(gsKeys)
			gsKeys = gs.appendKey(gsKeys)
			if err := wb.Set(gsKeys[start:len(gsKeys):len(gsKeys)], nil); err != nil {
				return fmt.Errorf("store: bulk load: %w", err)
			}
		}
	}
	if err := writeIndex(idxSPOG); err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("store: bulk load: %w", err)
	}
	for _, d := range dict {
		b.written.add(d)
	}
	if len(ids) == 0 {
		return nil
	}
	return b.logLoaded(ids)
}

// logLoaded appends the change records of quads just stored and counts them. The change records go
// in transactions of their own, after the quads: a crash in between loses records (the quads are
// there), but never leaves half a record. Call with writeMu held.
func (b *BulkLoader) logLoaded(ids []quadIDs) error {
	s := b.s
	seq := s.lastSeq.Load()
	if !b.opts.NoChangeLog {
		now := time.Now().UTC()
		for lo := 0; lo < len(ids); lo += maxChangeQuads {
			rec := encodeChange(now, ids[lo:min(lo+maxChangeQuads, len(ids))], nil)
			err := s.db.Update(func(txn *badger.Txn) error { return putChange(txn.Set, seq+1, rec) })
			if err != nil {
				return fmt.Errorf("store: bulk load: change record: %w", err)
			}
			seq++
			s.lastSeq.Store(seq)
		}
	}
	b.loaded += len(ids)
	b.progress(b.loaded)
	return nil
}

// freshQuads drops the quads already stored or repeated in the batch, keeping input order. Call with
// writeMu held, so nothing is added between this check and the write.
func (s *Store) freshQuads(ctx context.Context, enc []encoded) ([]encoded, error) {
	fresh := enc[:0]
	seen := make(map[quadIDs]struct{}, len(enc))
	err := s.db.View(func(txn *badger.Txn) error {
		for i, e := range enc {
			if i%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if _, dup := seen[e.ids]; dup {
				continue
			}
			seen[e.ids] = struct{}{}
			ok, err := exists(txn, e.ids)
			if err != nil {
				return fmt.Errorf("store: bulk load: %w", err)
			}
			if !ok {
				fresh = append(fresh, e)
			}
		}
		return nil
	})
	return fresh, err
}
