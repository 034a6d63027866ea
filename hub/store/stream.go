package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"
)

// A load into an empty store (the first import of a municipality's data, a restore, a new replica)
// does not need badger's write path at all: with every quad known in advance, the loader sorts each
// index's keys once and has badger's StreamWriter build the tables of the bottom level directly —
// no write-ahead log, no memtable, no compactions. That is several times faster than batches (see
// BenchmarkBulkLoad1M) and is what the loader does whenever it starts on an empty store.
//
// The quads are kept encoded in memory until Close (about 100 bytes a quad, some 170 while the
// indexes are sorted and written), at most
// maxStreamQuads of them; a larger load streams the first part and continues in batches.
//
// Interrupted streams stay loadable: the stream writes the format version first, then the whole
// dictionary, then the indexes with SPOG — the one existence checks read — last, each as a stream
// of its own that badger makes durable when it is closed. Whatever an interruption leaves is
// therefore a store in which every quad found by the existence check has all its index keys and
// dictionary entries, and loading the same input again completes it in batches.
const maxStreamQuads = 4_000_000

// streamChunk and streamChunkBytes bound what goes to the StreamWriter in one buffer.
const (
	streamChunk      = 1 << 16
	streamChunkBytes = 8 << 20
)

// streamClosed, when set (by tests), is called after each stream is closed with the number of
// streams closed so far (1 version, 2 dictionary, 3 POSG, 4 OSPG, 5 GSPO, 6 SPOG, 7 change log); an
// error it returns interrupts the load there, as a crash would.
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

// sorted returns the kept quads' ids sorted in S P O G order without repeats, and their dictionary
// entries sorted by id without repeats (two terms with one id are a collision).
func (k *keptQuads) sorted() ([]quadIDs, []dictEntry, error) {
	ids := slices.Concat(k.ids...)
	slices.SortFunc(ids, func(x, y quadIDs) int { return compareIDs(&x, &y) })
	ids = slices.Compact(ids)
	dict, err := uniqueEntries(slices.Concat(k.dict...))
	return ids, dict, err
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

	ids, dict, err := kept.sorted()
	if err != nil {
		return fmt.Errorf("store: bulk load: %w", err)
	}
	kept = keptQuads{}
	// The change records, numbered from 1 since the store is empty.
	var changes [][]byte
	if !b.opts.NoChangeLog {
		now := time.Now().UTC()
		for lo := 0; lo < len(ids); lo += maxChangeQuads {
			changes = append(changes, encodeChange(now, ids[lo:min(lo+maxChangeQuads, len(ids))], nil))
		}
	}
	if err := s.stream(ctx, ids, dict, changes); err != nil {
		return fmt.Errorf("store: bulk load: %w", err)
	}
	s.lastSeq.Store(uint64(len(changes)))
	for _, d := range dict {
		b.written.add(d)
	}
	b.loaded += len(ids)
	b.progress(b.loaded)
	return nil
}

// writeDict stores the dictionary entries not stored yet (a term has one entry; an id taken by
// another term is a collision) and remembers them, so that the batches after it do not write them
// again. Call with writeMu held.
func (b *BulkLoader) writeDict(dict []dictEntry) error {
	if err := b.s.db.View(func(txn *badger.Txn) error {
		var err error
		dict, err = newEntries(txn, dict)
		return err
	}); err != nil {
		return fmt.Errorf("store: bulk load: %w", err)
	}
	wb := b.s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, d := range dict {
		if err := wb.Set(dictKey(d.id), d.value); err != nil {
			return fmt.Errorf("store: bulk load: %w", err)
		}
		b.written.add(d)
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("store: bulk load: %w", err)
	}
	return nil
}

// stream writes a whole store: the format version, dict (sorted by id, without repeats), the index
// keys of ids (sorted in S P O G order, without repeats) and the change records numbered from 1.
// Call with writeMu held.
func (s *Store) stream(ctx context.Context, ids []quadIDs, dict []dictEntry, changes [][]byte) error {
	sw := s.db.NewStreamWriter()
	defer sw.Cancel()
	if err := sw.Prepare(); err != nil {
		return err
	}
	w := &streamWriter{sw: sw, buf: z.NewBuffer(16<<20, "grunddata.stream")}
	defer w.buf.Release()

	w.stream++
	w.add([]byte{'v'}, []byte(strconv.Itoa(FormatVersion)))
	if err := w.close(); err != nil {
		return err
	}

	w.stream++
	for _, d := range dict {
		w.add(dictKey(d.id), d.value)
		if err := w.maybeWrite(ctx); err != nil {
			return err
		}
	}
	if err := w.close(); err != nil {
		return err
	}

	// One slab of keys serves every index in turn: the StreamWriter copies what it is given.
	slab := newKeySlab(ids)
	for _, ix := range []index{idxPOSG, idxOSPG, idxGSPO, idxSPOG} {
		w.stream++
		keys := slab.fill(ix, ids)
		if ix != idxSPOG { // ids are in SPOG order already
			slices.SortFunc(keys, bytes.Compare)
		}
		for _, k := range keys {
			w.add(k, nil)
			if err := w.maybeWrite(ctx); err != nil {
				return err
			}
		}
		if err := w.close(); err != nil {
			return err
		}
	}

	w.stream++
	for i, rec := range changes {
		err := putChange(func(k, v []byte) error { w.add(k, v); return w.maybeWrite(ctx) }, uint64(i+1), rec)
		if err != nil {
			return err
		}
	}
	if err := w.close(); err != nil {
		return err
	}
	return sw.Flush()
}

// streamWriter feeds one stream after the other to badger's StreamWriter.
type streamWriter struct {
	sw     *badger.StreamWriter
	buf    *z.Buffer
	stream uint32
	n      int
	kv     pb.KV
}

func (w *streamWriter) add(key, value []byte) {
	w.kv = pb.KV{Key: key, Value: value, Version: 1, StreamId: w.stream}
	badger.KVToBuffer(&w.kv, w.buf)
	w.n++
}

func (w *streamWriter) maybeWrite(ctx context.Context) error {
	if w.n < streamChunk && w.buf.LenNoPadding() < streamChunkBytes {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return w.write()
}

func (w *streamWriter) write() error {
	err := w.sw.Write(w.buf)
	w.buf.Reset()
	w.n = 0
	return err
}

// close ends the current stream, which makes badger write its last table.
func (w *streamWriter) close() error {
	w.kv = pb.KV{StreamId: w.stream, StreamDone: true}
	badger.KVToBuffer(&w.kv, w.buf)
	if err := w.write(); err != nil {
		return err
	}
	if streamClosed != nil {
		return streamClosed(w.stream)
	}
	return nil
}

// compareIDs orders quads by their ids in S P O G order, which is the SPOG index's key order.
func compareIDs(x, y *quadIDs) int {
	for i := range x {
		if c := bytes.Compare(x[i][:], y[i][:]); c != 0 {
			return c
		}
	}
	return 0
}
