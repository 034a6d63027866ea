package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	badger "github.com/dgraph-io/badger/v4"
)

// A stream load (stream.go) is the first write to an empty store, and it is all or nothing. Badger's
// StreamWriter builds each stream's tables in the background and makes them durable in no set
// order, and a cancelled StreamWriter leaves its tables unsorted in the process, so an interrupted
// stream is no state to continue from. Before the stream empties the store, a marker file is made
// durable in the data directory; it is removed once the stream is flushed. A load that fails
// empties the store again at once; a process that dies during one leaves the marker, and the next
// Open empties the store (logging that it did). Either way the store is as it was before the load —
// empty but for its format version — and the load can simply be run again. (A crash between the
// flush and the marker's removal also discards the load: it has to be run again.)
const firstLoadMarker = "FIRST-LOAD-IN-PROGRESS"

// markFirstLoad makes the marker durable. In-memory stores have none: nothing of theirs survives the
// process.
func (s *Store) markFirstLoad() error {
	if s.dir == "" {
		return nil
	}
	f, err := os.Create(filepath.Join(s.dir, firstLoadMarker))
	if err != nil {
		return err
	}
	if _, err := f.WriteString("A first bulk load into this store began and has not finished. grunddata empties the store when it opens it.\n"); err != nil {
		f.Close()
		return err
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		return err
	}
	return syncDir(s.dir)
}

// unmarkFirstLoad removes the marker after a flushed stream.
func (s *Store) unmarkFirstLoad() error {
	if s.dir == "" {
		return nil
	}
	if err := os.Remove(filepath.Join(s.dir, firstLoadMarker)); err != nil {
		return err
	}
	return syncDir(s.dir)
}

// discardFirstLoad empties the store after a stream that did not finish (sw is cancelled first) and
// writes its format version again; it then removes the marker.
func (s *Store) discardFirstLoad(sw *badger.StreamWriter) error {
	if sw != nil {
		sw.Cancel()
	}
	if err := s.db.DropAll(); err != nil {
		return fmt.Errorf("store: emptying the store after an unfinished first load: %w", err)
	}
	if err := s.checkVersion(); err != nil {
		return err
	}
	if err := s.db.Sync(); err != nil {
		return err
	}
	s.lastSeq.Store(0)
	err := s.unmarkFirstLoad()
	if errors.Is(err, os.ErrNotExist) {
		err = nil
	}
	return err
}

// interruptedFirstLoad reports whether the data directory holds the marker of a first load that
// did not finish.
func interruptedFirstLoad(dir string) (bool, error) {
	if dir == "" {
		return false, nil
	}
	_, err := os.Stat(filepath.Join(dir, firstLoadMarker))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
