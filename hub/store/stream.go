package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/ristretto/v2/z"
	"google.golang.org/protobuf/encoding/protowire"
)

// A load into an empty store (the first import of a municipality's data, a restore, a new replica)
// does not need badger's write path at all: with every quad known in advance, the loader sorts each
// index once (by the ranks of its ids: ranked.go) and has badger's StreamWriter build the tables of
// the bottom level directly — no write-ahead log, no memtable, no compactions. That is several times
// faster than batches (see BenchmarkBulkLoad1M) and is what the loader does whenever it starts on an
// empty store.
//
// The quads are kept encoded in memory until Close (about 100 bytes a quad, more while they are
// ranked, and 16 bytes a quad for each index being sorted), at most maxStreamQuads of them; a larger
// load streams the first part and continues in batches.
//
// A stream load is all or nothing: one that fails or is interrupted leaves the store empty again, so
// loading the same input again streams it again (firstload.go).
const maxStreamQuads = 4_000_000

// streamChunkLen and streamChunkBytes bound what goes to the StreamWriter in one buffer.
const (
	streamChunkLen   = 1 << 16
	streamChunkBytes = 8 << 20
)

// streamClosed, when set (by tests), is called after each stream is closed with the stream's number
// (1 version, 2 dictionary, 3 POSG, 4 OSPG, 5 graph-subject, 6 SPOG, 7 change log); an error it returns
// interrupts the load there, as a crash would.
var streamClosed func(closed uint32) error

// fresh reports whether the store holds nothing but its format version.
func (s *Store) fresh() bool {
	empty := false
	_ = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		it.Rewind()
		if it.Valid() && bytes.Equal(it.Item().Key(), []byte{'v'}) {
			it.Next()
		}
		empty = !it.Valid()
		return nil
	})
	return empty
}

// keep encodes the queued quads and keeps them for the stream, streaming what is kept early if it
// grows past maxStreamQuads.
func (b *BulkLoader) keep(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(b.pending) == 0 {
		return nil
	}
	enc, err := encodeAll(b.pending)
	if err != nil {
		return err
	}
	b.pending = b.pending[:0]
	b.kept.add(enc)
	b.progress(b.kept.n)
	if b.kept.n >= maxStreamQuads {
		return b.writeKept(ctx)
	}
	return nil
}

// keptQuads are encoded quads kept for the stream, in chunks so that keeping them never copies
// what is already kept.
type keptQuads struct {
	ids  [][]quadIDs
	dict [][]dictEntry
	n    int
}

func (k *keptQuads) add(enc []encoded) {
	ids := make([]quadIDs, len(enc))
	n := 0
	for _, e := range enc {
		n += len(e.dict)
	}
	dict := make([]dictEntry, 0, n)
	for i, e := range enc {
		ids[i] = e.ids
		dict = append(dict, e.dict...)
	}
	k.ids = append(k.ids, ids)
	k.dict = append(k.dict, dict)
	k.n += len(enc)
}

// encoded returns the kept quads as a batch without their dictionary entries (write those first:
// a batch drops the quads already stored, and with them the entries they carry).
func (k *keptQuads) encoded() []encoded {
	out := make([]encoded, 0, k.n)
	for _, ids := range k.ids {
		for _, q := range ids {
			out = append(out, encoded{ids: q})
		}
	}
	return out
}

// writeKept writes the kept quads and switches the loader to batches. If another writer has stored
// something since the loader started, the kept quads go in batches too.
func (b *BulkLoader) writeKept(ctx context.Context) error {
	kept := b.kept
	b.kept, b.stream = keptQuads{}, false
	s := b.s
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if !s.fresh() {
		b.reported = 0
		if err := b.writeDict(slices.Concat(kept.dict...)); err != nil {
			return err
		}
		enc := kept.encoded()
		for lo := 0; lo < len(enc); lo += b.opts.BatchSize {
			if err := b.writeBatch(ctx, enc[lo:min(lo+b.opts.BatchSize, len(enc))]); err != nil {
				return err
			}
		}
		return nil
	}

	sw := s.db.NewStreamWriter()
	defer sw.Cancel()
	// The dictionary entries are checked for collisions first, so that a load refused for one leaves
	// the store as it was. Then the store is marked and prepared (emptied, which takes a while even
	// when it is empty) while the quads are ranked. From then on a failure empties it again
	// (firstload.go).
	dict := slices.Concat(kept.dict...)
	var dictErr, prepareErr error
	prepared := false
	var wg sync.WaitGroup
	wg.Go(func() {
		if dict, dictErr = uniqueEntries(dict); dictErr != nil {
			return
		}
		if prepareErr = s.markFirstLoad(); prepareErr != nil {
			return
		}
		prepared = true
		prepareErr = sw.Prepare()
	})
	ranked := rankQuads(kept.ids)
	kept = keptQuads{}
	wg.Wait()
	failed := func(err error) error {
		err = fmt.Errorf("store: bulk load: %w", err)
		if prepared {
			err = errors.Join(err, s.discardFirstLoad(sw))
		}
		return err
	}
	if err := errors.Join(dictErr, prepareErr); err != nil {
		return failed(err)
	}
	for i := range dict {
		s.filterAdd(&dict[i].id)
	}
	if err := s.stream(ctx, sw, ranked, dict, !b.opts.NoChangeLog); err != nil {
		return failed(err)
	}
	if err := s.unmarkFirstLoad(); err != nil {
		return fmt.Errorf("store: bulk load: the load is stored, but its marker stays (the next Open will empty the store): %w", err)
	}
	n := len(ranked.quads)
	if !b.opts.NoChangeLog {
		s.lastSeq.Store(uint64((n + maxChangeQuads - 1) / maxChangeQuads))
	}
	for _, d := range dict {
		b.written.add(d)
	}
	b.loaded += n
	b.progress(b.loaded)
	// A large load fills the filter past its capacity: rebuild it now, not at the next write, so
	// that reads have it meanwhile (Store.boundAbsent).
	s.beginWrite()
	return nil
}

// writeDict stores the dictionary entries not stored yet (a term has one entry; an id taken by
// another term is a collision) and remembers them, so that the batches after it do not write them
// again. Call with writeMu held.
func (b *BulkLoader) writeDict(dict []dictEntry) error {
	b.s.beginWrite()
	if err := b.s.db.View(func(txn *badger.Txn) error {
		var err error
		dict, err = newEntries(txn, dict, b.written, b.s.absent)
		return err
	}); err != nil {
		return fmt.Errorf("store: bulk load: %w", err)
	}
	wb := b.s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, d := range dict {
		b.s.filterAdd(&d.id)
		if err := wb.Set(dictKey(d.id), d.value); err != nil {
			return fmt.Errorf("store: bulk load: %w", err)
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("store: bulk load: %w", err)
	}
	for _, d := range dict {
		b.written.add(d)
	}
	return nil
}

// stream writes a whole store through a prepared StreamWriter: the format version, dict (sorted by
// id, without repeats), the index keys of the ranked quads and, if logged, their change records
// numbered from 1, each as a stream of its own, one after the other. For each stream this goroutine
// sorts and marshals the entries and the StreamWriter decodes them, while it builds the stream's
// tables in goroutines of its own. (Writing the streams at once from several goroutines was
// measured slower on two cores: more garbage at a time, and the table builders starved.) Call with
// writeMu held.
func (s *Store) stream(ctx context.Context, sw *badger.StreamWriter, r *rankedQuads, dict []dictEntry, logged bool) error {
	// The change records are encoded while the indexes are written.
	var changes [][]byte
	encoded := make(chan struct{})
	go func() {
		defer close(encoded)
		if !logged {
			return
		}
		now := time.Now().UTC()
		for lo := 0; lo < len(r.quads); lo += maxChangeQuads {
			ids := r.quadIDs(r.quads[lo:min(lo+maxChangeQuads, len(r.quads))])
			changes = append(changes, encodeChange(now, ids, nil))
		}
	}()
	defer func() { <-encoded }()

	indexKeys := func(ix index) func(w *streamPart) error {
		return func(w *streamPart) error {
			key := make([]byte, 0, 1+4*idLen)
			for _, q := range r.inOrder(ix) {
				if err := w.add(r.appendKey(key[:0], ix, q), nil); err != nil {
					return err
				}
			}
			return nil
		}
	}
	streams := []func(w *streamPart) error{
		func(w *streamPart) error { return w.add([]byte{'v'}, []byte(strconv.Itoa(FormatVersion))) },
		func(w *streamPart) error {
			key := make([]byte, 0, 1+idLen)
			for _, d := range dict {
				if err := w.add(appendID(append(key[:0], 'd'), &d.id), d.value); err != nil {
					return err
				}
			}
			return nil
		},
		indexKeys(idxPOSG), indexKeys(idxOSPG),
		func(w *streamPart) error {
			key := make([]byte, 0, 1+2*idLen)
			for _, gs := range r.graphSubjects() {
				if err := w.add(r.appendGraphSubjectKey(key[:0], gs), nil); err != nil {
					return err
				}
			}
			return nil
		},
		indexKeys(idxSPOG),
		func(w *streamPart) error {
			<-encoded
			for i, rec := range changes {
				if err := putChange(w.add, uint64(i+1), rec); err != nil {
					return err
				}
			}
			return nil
		},
	}
	buf := z.NewBuffer(streamChunkBytes+streamChunkBytes/8, "grunddata.stream")
	defer buf.Release()
	for i, entries := range streams {
		w := &streamPart{ctx: ctx, sw: sw, stream: uint32(i + 1), buf: buf}
		if err := w.write(entries); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// streamPart writes one stream of entries to a StreamWriter in chunks.
type streamPart struct {
	ctx    context.Context
	sw     *badger.StreamWriter
	stream uint32    // the stream's id (see streamClosed)
	buf    *z.Buffer // empty between chunks
	n      int       // entries in buf
	added  bool      // an entry was added: the stream exists and is closed at the end
}

// write has add the stream's entries and closes the stream, which makes badger write its last
// table.
func (w *streamPart) write(add func(w *streamPart) error) error {
	if err := add(w); err != nil {
		return err
	}
	if w.added { // badger warns of closing a stream it never saw (no change log, no hashed terms)
		appendKV(w.buf, nil, nil, 0, w.stream, true)
		if err := w.flush(); err != nil {
			return err
		}
	}
	if streamClosed != nil {
		return streamClosed(w.stream)
	}
	return nil
}

func (w *streamPart) add(key, value []byte) error {
	appendKV(w.buf, key, value, 1, w.stream, false)
	w.added = true
	if w.n++; w.n < streamChunkLen && w.buf.LenNoPadding() < streamChunkBytes {
		return nil
	}
	return w.flush()
}

// flush hands the chunk to the StreamWriter, which copies what it keeps.
func (w *streamPart) flush() error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	err := w.sw.Write(w.buf)
	w.buf.Reset()
	w.n = 0
	return err
}

// appendKV appends the badger KV {key, value, version, stream, done} to buf as badger.KVToBuffer
// does, without protobuf's reflection (which cost a fifth of a stream's CPU): the protobuf wire
// form of badgerpb4.KV, fields in number order, zero values left out (TestAppendKV compares).
func appendKV(buf *z.Buffer, key, value []byte, version uint64, stream uint32, done bool) {
	n := 0
	if len(key) > 0 {
		n += protowire.SizeTag(kvKey) + protowire.SizeBytes(len(key))
	}
	if len(value) > 0 {
		n += protowire.SizeTag(kvValue) + protowire.SizeBytes(len(value))
	}
	if version != 0 {
		n += protowire.SizeTag(kvVersion) + protowire.SizeVarint(version)
	}
	if stream != 0 {
		n += protowire.SizeTag(kvStreamID) + protowire.SizeVarint(uint64(stream))
	}
	if done {
		n += protowire.SizeTag(kvStreamDone) + 1
	}
	b := buf.SliceAllocate(n)[:0]
	if len(key) > 0 {
		b = protowire.AppendBytes(protowire.AppendTag(b, kvKey, protowire.BytesType), key)
	}
	if len(value) > 0 {
		b = protowire.AppendBytes(protowire.AppendTag(b, kvValue, protowire.BytesType), value)
	}
	if version != 0 {
		b = protowire.AppendVarint(protowire.AppendTag(b, kvVersion, protowire.VarintType), version)
	}
	if stream != 0 {
		b = protowire.AppendVarint(protowire.AppendTag(b, kvStreamID, protowire.VarintType), uint64(stream))
	}
	if done {
		_ = protowire.AppendVarint(protowire.AppendTag(b, kvStreamDone, protowire.VarintType), 1)
	}
}

// Field numbers of badgerpb4.KV.
const (
	kvKey        protowire.Number = 1
	kvValue      protowire.Number = 2
	kvVersion    protowire.Number = 4
	kvStreamID   protowire.Number = 10
	kvStreamDone protowire.Number = 11
)
