package store

import (
	"context"

	badger "github.com/dgraph-io/badger/v4"
)

// Metadata beyond single values: ordered scans and atomic groups of writes, for the append-only
// logs that the change feed keeps (hub/ldes) and the cursors replication saves with the data it
// applied (hub/replicate). Values are small; ordering is by key bytes, so callers encode numbers
// big endian or as fixed-width digits.

// SetMetas writes metadata values in one transaction: all or none are stored. A nil value deletes
// the key.
func (s *Store) SetMetas(ctx context.Context, values map[string][]byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	txn := s.db.NewTransaction(true)
	defer txn.Discard()
	if err := setMetas(txn, values); err != nil {
		return wrapTxn(err)
	}
	return wrapTxn(txn.Commit())
}

func setMetas(txn *badger.Txn, values map[string][]byte) error {
	for k, v := range values {
		key := append([]byte{'m'}, k...)
		var err error
		if v == nil {
			err = txn.Delete(key)
		} else {
			err = txn.Set(key, v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// MetaRange calls fn for every metadata key with the given prefix that is >= from (from "" or below
// the prefix: from the start), in key order, and stops at the first error fn returns (which it
// returns). The value is only valid during the call.
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
			err := item.Value(func(v []byte) error { return fn(string(item.Key()[1:]), v) })
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// ApplyWithMeta is Apply that also writes metadata values (nil deletes) in the same transaction,
// so that a cursor saved with the quads it accounts for can never disagree with them after a crash.
// The metadata is written even when no quad changes.
func (s *Store) ApplyWithMeta(ctx context.Context, cs Changeset, meta map[string][]byte) (Change, error) {
	if err := ctx.Err(); err != nil {
		return Change{}, err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	txn := s.db.NewTransaction(true)
	defer txn.Discard()
	m := newMutation(txn)
	if err := m.changeset(cs); err != nil {
		return Change{}, err
	}
	if err := setMetas(txn, meta); err != nil {
		return Change{}, wrapTxn(err)
	}
	if len(m.added) == 0 && len(m.removed) == 0 {
		return Change{}, wrapTxn(txn.Commit())
	}
	return s.commit(m)
}

// changeset records cs in m: removals first, then additions.
func (m *mutation) changeset(cs Changeset) error {
	for _, q := range cs.Remove {
		ids, _, err := encodeQuad(q, nil)
		if err != nil {
			return err
		}
		if err := m.remove(ids); err != nil {
			return wrapTxn(err)
		}
	}
	for _, q := range cs.Add {
		if err := m.add(q); err != nil {
			return wrapTxn(err)
		}
	}
	return nil
}
