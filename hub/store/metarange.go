package store

import (
	"context"

	badger "github.com/dgraph-io/badger/v4"
)

// MetaRange is ListMeta from a given key on: it calls fn for every metadata key with the given
// prefix that is >= from (from "" or below the prefix: from the start), in key order, and stops at
// the first error fn returns (which it returns). The value is only valid during the call. Append-only
// logs kept as metadata (hub/ldes) read a page of them this way without scanning what lies before.
func (s *Store) MetaRange(ctx context.Context, prefix, from string, fn func(key string, value []byte) error) error {
	p := append([]byte{'m'}, prefix...)
	start := append([]byte{'m'}, from...)
	if string(start) < string(p) {
		start = p
	}
	return s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 64, Prefix: p})
		defer it.Close()
		n := 0
		for it.Seek(start); it.ValidForPrefix(p); it.Next() {
			if n++; n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			item := it.Item()
			if err := item.Value(func(v []byte) error { return fn(string(item.Key()[1:]), v) }); err != nil {
				return err
			}
		}
		return nil
	})
}
