package store

import (
	"context"
	"encoding/binary"
	"math/bits"
	"sync"
	"sync/atomic"

	badger "github.com/dgraph-io/badger/v4"
)

// Every write of a new term first looks up the dictionary entry under its id, to catch a collision
// (dict.go). Most new terms have no entry, and proving that to badger costs a memtable search and a
// table look-up per level: in a sync of 50 000 persons, a quarter of the writer's own time. A Bloom
// filter over the ids of the stored entries answers most of those look-ups in memory: an id it has
// never seen has no entry. Writers ask it under writeMu. Readers ask it too (Store.boundAbsent): a
// pattern naming a hashed term the filter has never seen matches nothing, so a look-up of a subject
// that was never stored costs no seek. A reader must ask after its transaction's snapshot is taken:
// the snapshot holds only commits whose ids were added to the filter before they committed, so an
// id absent then is absent from the snapshot too.
//
// The filter is built in the background when a store with data opens, by scanning the dictionary's
// keys, and again, twice as large, when more ids were added to it than it was sized for. Until a build is
// done writes look every entry up, as before. Writers add the ids they write to the filter in use
// and to the one being built, before they commit; a build takes its snapshot under writeMu after
// it is published, so each id is in the new filter either from the scan or from its writer.

// filterBitsPerID sizes the filter: with 6 probes in one 512-bit block, about 1 % of absent ids
// are taken for present at capacity (TestDictFilter measures it).
const (
	filterBitsPerID = 12
	filterProbes    = 6
)

// minFilterCapacity is the capacity of the first filter a store builds (2 MiB: blocks are counted in
// powers of two); tests lower it.
var minFilterCapacity int64 = 1 << 20

// filterScanStarts, when set (by tests), is what stores opened afterwards call when a build is about
// to scan its snapshot.
var filterScanStarts func()

// dictFilter is a blocked Bloom filter of term ids (all probes of an id fall in one 512-bit block,
// one cache line), safe for concurrent use.
type dictFilter struct {
	words    []atomic.Uint64 // blocks of 8 words
	blocks   uint64          // a power of two
	capacity int64
	added    atomic.Int64
}

func newDictFilter(capacity int64) *dictFilter {
	capacity = max(capacity, minFilterCapacity)
	blocks := uint64(1) << bits.Len64(uint64(capacity*filterBitsPerID/512))
	return &dictFilter{words: make([]atomic.Uint64, blocks*8), blocks: blocks, capacity: capacity}
}

// probes returns the block of id and the hash its bit positions come from. A hashed id's payload
// is already a hash; mixing spreads the kind byte (and tests' weak hashes) over every bit.
func probes(id *termID) (block uint64, h uint64) {
	x := binary.LittleEndian.Uint64(id[1:9]) ^ uint64(id[0])*0x9e3779b97f4a7c15
	return mix64(x), mix64(x + 0x9e3779b97f4a7c15)
}

// mix64 is SplitMix64's finaliser.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func (f *dictFilter) add(id *termID) {
	block, h := probes(id)
	base := (block & (f.blocks - 1)) * 8
	for i := range filterProbes {
		bit := (h >> (9 * i)) & 511
		f.words[base+bit>>6].Or(1 << (bit & 63))
	}
	f.added.Add(1)
}

// mayHold reports whether id may have been added; false means it certainly was not.
func (f *dictFilter) mayHold(id *termID) bool {
	block, h := probes(id)
	base := (block & (f.blocks - 1)) * 8
	for i := range filterProbes {
		bit := (h >> (9 * i)) & 511
		if f.words[base+bit>>6].Load()&(1<<(bit&63)) == 0 {
			return false
		}
	}
	return true
}

func (f *dictFilter) full() bool { return f.added.Load() > f.capacity }

// dictFilters is the filter in use (nil until the first build is done) and the one being built (nil
// when none is: builds start under writeMu, which is how one is never started twice).
type dictFilters struct {
	cur, next atomic.Pointer[dictFilter]
	ctx       context.Context
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	// Test hooks, from filterBuilt and filterScanStarts when the store was opened.
	built      func(error)
	scanStarts func()
}

// absent reports whether d's id is certainly not in the dictionary: not in any commit so far, nor in
// a write under way that has added its ids already. A writer calls it with writeMu held; a reader
// after its transaction's snapshot is taken (see above).
func (s *Store) absent(id *termID) bool {
	f := s.filters.cur.Load()
	if f == nil || f.full() {
		return false
	}
	return !f.mayHold(id)
}

// filterAdd adds an id about to be written to the dictionary to the filters. Call with writeMu
// held, before the write commits.
func (s *Store) filterAdd(id *termID) {
	// Loaded in this order, so that a build ending meanwhile (it stores cur before it clears next)
	// cannot be missed.
	next, cur := s.filters.next.Load(), s.filters.cur.Load()
	if next != nil {
		next.add(id)
	}
	if cur != nil && cur != next { // the same one while a finished build is swapped in
		cur.add(id)
	}
}

// beginWrite starts a larger filter build when the one in use is full. Call with writeMu held
// before a write adds anything: the build's snapshot then holds every write before this one, and
// this one adds its ids to the new filter.
func (s *Store) beginWrite() {
	if cur := s.filters.cur.Load(); cur != nil && cur.full() {
		s.startFilterBuild(2 * cur.added.Load())
	}
}

// startFilterBuild builds a filter sized for capacity ids in the background, unless a build is
// running or the store is closing; a build that finds more ids than it was sized for starts over,
// twice as large. Call with writeMu held.
func (s *Store) startFilterBuild(capacity int64) {
	if s.filters.ctx.Err() != nil || s.filters.next.Load() != nil {
		return
	}
	f, txn := s.publishFilter(capacity)
	s.filters.wg.Go(func() {
		for {
			if s.filters.scanStarts != nil {
				s.filters.scanStarts()
			}
			err := s.scanDictionary(txn, f)
			txn.Discard()
			if err == nil && f.full() {
				s.writeMu.Lock()
				f, txn = s.publishFilter(2 * f.added.Load())
				s.writeMu.Unlock()
				continue
			}
			if err == nil {
				s.filters.cur.Store(f) // before next is cleared: see filterAdd
			}
			s.filters.next.Store(nil)
			if s.filters.built != nil {
				s.filters.built(err)
			}
			return
		}
	})
}

// publishFilter makes a new filter the one writers add to and opens the snapshot its build scans.
// Call with writeMu held: every entry committed after the snapshot is then added to the filter by
// its writer, which finds it published.
func (s *Store) publishFilter(capacity int64) (*dictFilter, *badger.Txn) {
	f := newDictFilter(capacity)
	s.filters.next.Store(f)
	return f, s.db.NewTransaction(false)
}

// scanDictionary adds the id of every dictionary entry in txn to f.
func (s *Store) scanDictionary(txn *badger.Txn, f *dictFilter) error {
	prefix := []byte{'d'}
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: prefix})
	defer it.Close()
	n := 0
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		if n++; n%4096 == 0 && s.filters.ctx.Err() != nil {
			return s.filters.ctx.Err()
		}
		id, _, err := readID(it.Item().Key()[1:])
		if err != nil {
			return err
		}
		f.add(&id)
	}
	return nil
}
