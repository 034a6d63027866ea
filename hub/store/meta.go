package store

import (
	"context"
	"encoding/binary"
	"errors"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
)

// setMeta writes metadata values in the mutation's transaction; a nil value deletes the key.
func (m *mutation) setMeta(meta map[string][]byte) error {
	for k, v := range meta {
		key := append([]byte{'m'}, k...)
		var err error
		if v == nil {
			err = m.txn.Delete(key)
		} else {
			err = m.txn.Set(key, v)
		}
		if err != nil {
			return err
		}
		m.metaSet = true
	}
	return nil
}

// ListMeta calls fn for every metadata key that starts with prefix, in key order, with its value
// (valid only during the call), and stops at the first error fn returns.
func (s *Store) ListMeta(ctx context.Context, prefix string, fn func(key string, value []byte) error) error {
	return s.db.View(func(txn *badger.Txn) error {
		p := append([]byte{'m'}, prefix...)
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: p})
		defer it.Close()
		n := 0
		for it.Seek(p); it.ValidForPrefix(p); it.Next() {
			if n++; n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			if err := fn(strings.Clone(string(it.Item().Key()[1:])), v); err != nil {
				return err
			}
		}
		return ctx.Err()
	})
}

// ReserveSequence takes the next n numbers of a named durable sequence (the one NextSequence
// counts) at once and returns the first; first … first+n-1 are the caller's. One disk sync covers
// the whole block, which matters when a sync allocates thousands of customer numbers.
func (s *Store) ReserveSequence(ctx context.Context, name string, n uint64) (uint64, error) {
	if n == 0 {
		return 0, errors.New("store: reserve zero numbers")
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	var last uint64
	err := s.db.Update(func(txn *badger.Txn) error {
		key := append([]byte{'n'}, name...)
		item, err := txn.Get(key)
		switch {
		case errors.Is(err, badger.ErrKeyNotFound):
		case err != nil:
			return err
		default:
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			last = binary.BigEndian.Uint64(v)
		}
		return txn.Set(key, binary.BigEndian.AppendUint64(nil, last+n))
	})
	if err != nil {
		return 0, err
	}
	return last + 1, s.db.Sync()
}

// ErrTxnTooBig is what Apply's error wraps when a changeset does not fit one transaction; the
// caller can split it.
var ErrTxnTooBig = badger.ErrTxnTooBig
