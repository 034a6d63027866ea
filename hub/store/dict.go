package store

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"sync"

	badger "github.com/dgraph-io/badger/v4"
)

// The dictionary holds the value of every hashed term under 'd' and its id. Ids of hashed terms are
// 8-byte hashes, so two terms can share one (see hashed): every write of an entry first makes sure
// the id is free or holds the same value, and refuses the write otherwise.

// ErrTermCollision is returned (wrapped, naming both terms) when a write would store a term whose id
// is already taken by a different term; nothing of that write is stored.
var ErrTermCollision = errors.New("store: two different terms have the same id")

func collision(id termID, value, other []byte) error {
	return fmt.Errorf("%w: %q and %q (id %x); the write is refused", ErrTermCollision, value, other, id[:id.width()])
}

// Where a dictionary entry stands in the store.
const (
	entryStored  = iota // stored with this value
	entryMissing        // no entry under its id
	entryTaken          // its id holds another term's value (returned as well)
)

// checkEntry tells where d stands in the store as txn sees it, asking known first and remembering
// there an entry it finds stored; absent, if not nil, tells ids certainly not in the dictionary
// (Store.absent, for writes). txn must hold no writes of its own under d's id, so that what it
// finds is committed.
func checkEntry(txn *badger.Txn, known *knownEntries, absent func(*termID) bool, d dictEntry) (int, []byte, error) {
	if found, same := known.lookup(d); found && same {
		return entryStored, nil, nil
	}
	if absent != nil && absent(&d.id) {
		return entryMissing, nil, nil
	}
	stored, found, err := storedEntry(txn, d.id)
	switch {
	case err != nil:
		return 0, nil, err
	case !found:
		return entryMissing, nil, nil
	case !bytes.Equal(stored, d.value):
		return entryTaken, stored, nil
	}
	known.add(d)
	return entryStored, nil, nil
}

// newEntries checks dictionary entries against the dictionary in txn (and known, which remembers
// those it finds stored, and absent as checkEntry does) and returns those not stored yet, each id
// once, sorted by id. Two different values for one id, in dict or between dict and the dictionary,
// are a collision.
func newEntries(txn *badger.Txn, dict []dictEntry, known *knownEntries, absent func(*termID) bool) ([]dictEntry, error) {
	dict, err := uniqueEntries(dict)
	if err != nil {
		return nil, err
	}
	out := dict[:0]
	for _, d := range dict {
		state, other, err := checkEntry(txn, known, absent, d)
		switch {
		case err != nil:
			return nil, err
		case state == entryTaken:
			return nil, collision(d.id, d.value, other)
		case state == entryMissing:
			out = append(out, d)
		}
	}
	return out, nil
}

// uniqueEntries sorts dict by id and drops repeats; two values for one id are a collision.
func uniqueEntries(dict []dictEntry) ([]dictEntry, error) {
	slices.SortFunc(dict, func(x, y dictEntry) int { return bytes.Compare(x.id[:], y.id[:]) })
	out := dict[:0]
	for i, d := range dict {
		if i > 0 && d.id == out[len(out)-1].id {
			if prev := out[len(out)-1]; !bytes.Equal(prev.value, d.value) {
				return nil, collision(d.id, d.value, prev.value)
			}
			continue
		}
		out = append(out, d)
	}
	return out, nil
}

// storedEntry returns the dictionary value stored under id.
func storedEntry(txn *badger.Txn, id termID) ([]byte, bool, error) {
	item, err := txn.Get(dictKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	v, err := item.ValueCopy(nil)
	return v, err == nil, err
}

// knownEntries remembers dictionary entries known to be stored, so that writes need not look them
// up: id → a check of the value, so that another term with the same id is still caught.
type knownEntries struct{ m *bounded[termID, uint64] }

var checkSeed = maphash.MakeSeed()

func newKnownEntries(max int) *knownEntries {
	return &knownEntries{m: newBounded[termID, uint64](max)}
}

// lookup reports whether d's id is known to be stored and, if so, whether with d's value.
func (k *knownEntries) lookup(d dictEntry) (found, same bool) {
	c, ok := k.m.get(d.id)
	return ok, ok && c == maphash.Bytes(checkSeed, d.value)
}

// add remembers d as stored.
func (k *knownEntries) add(d dictEntry) { k.m.put(d.id, maphash.Bytes(checkSeed, d.value)) }

// bounded is a map safe for concurrent use that is cleared when it holds max entries: crude but
// cheap, and what is used often (predicates, classes, graphs) comes back at once. The store's
// caches are built on it.
type bounded[K comparable, V any] struct {
	mu  sync.RWMutex
	max int
	m   map[K]V
}

func newBounded[K comparable, V any](max int) *bounded[K, V] {
	return &bounded[K, V]{max: max, m: make(map[K]V)}
}

func (b *bounded[K, V]) get(k K) (V, bool) {
	b.mu.RLock()
	v, ok := b.m[k]
	b.mu.RUnlock()
	return v, ok
}

func (b *bounded[K, V]) put(k K, v V) {
	b.mu.Lock()
	if len(b.m) >= b.max {
		b.m = make(map[K]V)
	}
	b.m[k] = v
	b.mu.Unlock()
}
