package store

import (
	"context"
	"errors"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/knakk/rdf"
)

// BulkOptions configure a BulkLoader.
type BulkOptions struct {
	BatchSize   int              // quads per batch; 0 = 100 000
	NoChangeLog bool             // do not log the loaded quads as changes (restoring a dump)
	Progress    func(loaded int) // called after each batch with the number of quads loaded so far
}

// BulkLoader loads many quads fast: in batches through badger's WriteBatch, which splits a batch into
// transactions that fit, so no input is too large. Quads already stored are skipped, so a load that
// was interrupted can simply be run again. Each batch is one change record (unless NoChangeLog). A
// batch is not atomic: after a crash, part of the last batch may be stored without its change record.
type BulkLoader struct {
	s       *Store
	opts    BulkOptions
	pending []rdf.Quad
	loaded  int
	err     error
	iriIDs  map[string]termID // encoded IRIs, since the same predicates, classes and graphs recur
	written map[termID]bool   // dictionary entries this loader has written
}

// NewBulkLoader returns a loader; call Close to flush the last batch.
func (s *Store) NewBulkLoader(opts BulkOptions) *BulkLoader {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 100_000
	}
	return &BulkLoader{s: s, opts: opts, iriIDs: map[string]termID{}, written: map[termID]bool{}}
}

// Add queues a quad, writing a batch when the queue is full.
func (b *BulkLoader) Add(ctx context.Context, q rdf.Quad) error {
	if b.err != nil {
		return b.err
	}
	b.pending = append(b.pending, q)
	if len(b.pending) >= b.opts.BatchSize {
		b.err = b.flush(ctx)
	}
	return b.err
}

// Close writes what is queued and returns the first error of the load.
func (b *BulkLoader) Close() error {
	if b.err == nil && len(b.pending) > 0 {
		b.err = b.flush(context.Background())
	}
	return b.err
}

// Loaded returns the number of quads stored so far (skipped duplicates not counted).
func (b *BulkLoader) Loaded() int { return b.loaded }

func (b *BulkLoader) encode(t rdf.Term, dict []dictEntry) (termID, []dictEntry, error) {
	iri, isIRI := t.(rdf.IRI)
	if isIRI {
		if id, ok := b.iriIDs[iri.String()]; ok {
			return id, dict, nil
		}
	}
	id, value, err := encodeTerm(t)
	if err != nil {
		return id, dict, err
	}
	if isIRI && len(b.iriIDs) < 1<<20 {
		b.iriIDs[iri.String()] = id
	}
	if value != nil && !b.written[id] {
		dict = append(dict, dictEntry{id: id, value: value})
	}
	return id, dict, nil
}

func (b *BulkLoader) flush(ctx context.Context) error {
	batch := b.pending
	b.pending = b.pending[:0]
	if err := ctx.Err(); err != nil {
		return err
	}
	ids := make([]quadIDs, 0, len(batch))
	var dict []dictEntry
	for _, q := range batch {
		if q.Subj == nil || q.Pred == nil || q.Obj == nil {
			return errors.New("store: quad with a missing term")
		}
		var qi quadIDs
		var err error
		terms := [4]rdf.Term{q.Subj, q.Pred, q.Obj, nil}
		if _, isDefault := q.Ctx.(defaultGraph); q.Ctx != nil && !isDefault {
			terms[3] = q.Ctx
		}
		for i, t := range terms {
			if qi[i], dict, err = b.encode(t, dict); err != nil {
				return err
			}
		}
		ids = append(ids, qi)
	}

	s := b.s
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	// Skip quads already stored or repeated in the batch.
	fresh := ids[:0]
	seen := make(map[quadIDs]bool, len(ids))
	err := s.db.View(func(txn *badger.Txn) error {
		for _, q := range ids {
			if seen[q] {
				continue
			}
			seen[q] = true
			ok, err := exists(txn, q)
			if err != nil {
				return err
			}
			if !ok {
				fresh = append(fresh, q)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(fresh) == 0 {
		return nil
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, d := range dict {
		if b.written[d.id] {
			continue
		}
		if err := wb.Set(dictKey(d.id), d.value); err != nil {
			return err
		}
		b.written[d.id] = true
	}
	for _, q := range fresh {
		for _, ix := range indexes {
			if err := wb.Set(ix.key(q), nil); err != nil {
				return err
			}
		}
	}
	seq := s.lastSeq
	if !b.opts.NoChangeLog {
		seq++
		if err := wb.Set(changeKey(seq), encodeChange(time.Now().UTC(), fresh, nil)); err != nil {
			return err
		}
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	s.lastSeq = seq
	b.loaded += len(fresh)
	if b.opts.Progress != nil {
		b.opts.Progress(b.loaded)
	}
	return nil
}
