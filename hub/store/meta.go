package store

import (
	"context"
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
