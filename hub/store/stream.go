package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/ristretto/v2/z"
	"google.golang.org/protobuf/encoding/protowire"
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

// streamChunkLen and streamChunkBytes bound what goes to the StreamWriter in one buffer.
const (
	streamChunkLen   = 1 << 16
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
		dict, err = newEntries(txn, dict, b.written)
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
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("store: bulk load: %w", err)
	}
	for _, d := range dict {
		b.written.add(d)
	}
	return nil
}

// stream writes a whole store: the format version, dict (sorted by id, without repeats), the index
// keys of ids (sorted in S P O G order, without repeats) and the change records numbered from 1.
// One goroutine cuts, sorts and marshals the entries into buffers while this one hands the buffers
// to badger's StreamWriter, which decodes them and builds the tables in goroutines of its own; the
// two cores stay busy. Call with writeMu held.
func (s *Store) stream(ctx context.Context, ids []quadIDs, dict []dictEntry, changes [][]byte) error {
	sw := s.db.NewStreamWriter()
	defer sw.Cancel()
	if err := sw.Prepare(); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := &streamProducer{ctx: ctx, full: make(chan streamChunk, 2), free: make(chan *z.Buffer, 3)}
	var produced error
	go func() {
		defer close(p.full)
		produced = p.produce(ids, dict, changes)
	}()
	var err error
	for c := range p.full {
		if err == nil {
			err = sw.Write(c.buf)
			if err == nil && c.closes != 0 && streamClosed != nil {
				err = streamClosed(c.closes)
			}
			if err != nil {
				cancel() // the producer stops at its next chunk
			}
		}
		c.buf.Reset()
		select {
		case p.free <- c.buf:
		default:
			c.buf.Release()
		}
	}
	close(p.free)
	for b := range p.free {
		b.Release()
	}
	if err != nil {
		return err
	}
	if produced != nil { // read after p.full is closed, which the producer does last
		return produced
	}
	return sw.Flush()
}

// A streamChunk is a buffer of marshalled entries; closes, if not zero, is the number of the stream
// (counted from 1) that the chunk's last entry closes.
type streamChunk struct {
	buf    *z.Buffer
	closes uint32
}

// streamProducer marshals the streams' entries into chunks: the streams, each closed before the
// next begins, are the version (1), the dictionary (2), POSG, OSPG, GSPO and SPOG (3–6) and the
// change log (7).
type streamProducer struct {
	ctx    context.Context
	full   chan streamChunk // to the writer
	free   chan *z.Buffer   // back from the writer, for reuse
	buf    *z.Buffer
	n      int
	stream uint32
}

func (p *streamProducer) produce(ids []quadIDs, dict []dictEntry, changes [][]byte) error {
	p.begin()
	p.add([]byte{'v'}, []byte(strconv.Itoa(FormatVersion)))
	if err := p.close(); err != nil {
		return err
	}

	p.begin()
	key := make([]byte, 0, 1+idLen)
	for _, d := range dict {
		key = appendID(append(key[:0], 'd'), &d.id)
		if err := p.add(key, d.value); err != nil {
			return err
		}
	}
	if err := p.close(); err != nil {
		return err
	}

	// One slab of keys serves every index in turn: the entries are copied into the chunks.
	slab := newKeySlab(ids)
	for _, ix := range []index{idxPOSG, idxOSPG, idxGSPO, idxSPOG} {
		p.begin()
		keys := slab.fill(ix, ids)
		if ix != idxSPOG { // ids are in SPOG order already
			slices.SortFunc(keys, bytes.Compare)
		}
		for _, k := range keys {
			if err := p.add(k, nil); err != nil {
				return err
			}
		}
		if err := p.close(); err != nil {
			return err
		}
	}

	p.begin()
	for i, rec := range changes {
		if err := putChange(p.add, uint64(i+1), rec); err != nil {
			return err
		}
	}
	return p.close()
}

// begin starts the next stream, in a buffer of its own.
func (p *streamProducer) begin() {
	p.stream++
	p.newBuffer()
}

// newBuffer takes a buffer back from the writer or makes one.
func (p *streamProducer) newBuffer() {
	select {
	case p.buf = <-p.free:
	default:
		p.buf = z.NewBuffer(streamChunkBytes+streamChunkBytes/8, "grunddata.stream")
	}
	p.n = 0
}

func (p *streamProducer) add(key, value []byte) error {
	appendKV(p.buf, key, value, 1, p.stream, false)
	if p.n++; p.n < streamChunkLen && p.buf.LenNoPadding() < streamChunkBytes {
		return nil
	}
	if err := p.send(0); err != nil {
		return err
	}
	p.newBuffer()
	return nil
}

// close ends the current stream, which makes badger write its last table.
func (p *streamProducer) close() error {
	appendKV(p.buf, nil, nil, 0, p.stream, true)
	return p.send(p.stream)
}

func (p *streamProducer) send(closes uint32) error {
	select {
	case p.full <- streamChunk{buf: p.buf, closes: closes}:
		p.buf = nil
		return nil
	case <-p.ctx.Done():
		p.buf.Release()
		p.buf = nil
		return p.ctx.Err()
	}
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

// compareIDs orders quads by their ids in S P O G order, which is the SPOG index's key order.
func compareIDs(x, y *quadIDs) int {
	for i := range x {
		if c := bytes.Compare(x[i][:], y[i][:]); c != 0 {
			return c
		}
	}
	return 0
}
