package connectors

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// SnapshotCursor is the cursor of a source that hands over a whole snapshot each time (a payroll
// file): which version of the snapshot (a content hash) and how many of its items were handed over.
// Written as "{version}@{done}" while a snapshot is under way and "{version}" once it is complete,
// so that an interrupted sync resumes after the last checkpointed item and an unchanged snapshot is
// not read again.
type SnapshotCursor struct {
	Version  string
	Done     int
	Complete bool
}

// ParseSnapshotCursor reads a cursor written by String; anything else (such as "") is the start.
func ParseSnapshotCursor(s string) SnapshotCursor {
	if s == "" {
		return SnapshotCursor{}
	}
	v, n, ok := strings.Cut(s, "@")
	if !ok {
		return SnapshotCursor{Version: v, Complete: true}
	}
	done, err := strconv.Atoi(n)
	if err != nil || done < 0 {
		return SnapshotCursor{}
	}
	return SnapshotCursor{Version: v, Done: done}
}

func (c SnapshotCursor) String() string {
	if c.Complete {
		return c.Version
	}
	return c.Version + "@" + strconv.Itoa(c.Done)
}

// Skip says how many items of the snapshot with the given version to skip, and whether there is
// nothing to do at all (this version was already completed).
func (c SnapshotCursor) Skip(version string) (skip int, upToDate bool) {
	switch {
	case c.Version != version:
		return 0, false
	case c.Complete:
		return 0, true
	default:
		return c.Done, false
	}
}

// HashReader returns the hex SHA-256 of what r holds: a snapshot's version.
func HashReader(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// Snapshot hands over the items of one snapshot to a sink with resumable checkpoints. Call Item
// before handing over each item (in the snapshot's order): when it reports false the item was
// handed over by an earlier, interrupted sync and must be skipped. Finish completes the snapshot.
type Snapshot struct {
	sink    Sink
	version string
	skip    int
	n       int
	every   int
	started bool
}

// Restarter is implemented by sinks that remember what an unfinished snapshot handed over, so that
// Complete after a resumed snapshot deletes nothing it saw. Restart says a snapshot starts again from
// its first item (the source changed meanwhile): what an unfinished one handed over no longer counts.
type Restarter interface {
	Restart(ctx context.Context) error
}

// NewSnapshot starts a snapshot of the given version from cursor; upToDate means this version was
// completed before and there is nothing to do. Checkpoints are written every `every` items.
func NewSnapshot(sink Sink, cursor, version string, every int) (s *Snapshot, upToDate bool) {
	skip, done := ParseSnapshotCursor(cursor).Skip(version)
	if every <= 0 {
		every = 1000
	}
	return &Snapshot{sink: sink, version: version, skip: skip, every: every}, done
}

// Item counts an item and tells whether to hand it over; it checkpoints after every `every` items
// handed over before this one.
func (s *Snapshot) Item(ctx context.Context) (bool, error) {
	if !s.started {
		s.started = true
		if r, ok := s.sink.(Restarter); ok && s.skip == 0 {
			if err := r.Restart(ctx); err != nil {
				return false, err
			}
		}
	}
	s.n++
	if s.n <= s.skip {
		return false, nil
	}
	if (s.n-1)%s.every == 0 && s.n-1 > s.skip {
		if err := s.sink.Checkpoint(ctx, SnapshotCursor{Version: s.version, Done: s.n - 1}.String()); err != nil {
			return false, err
		}
	}
	return true, nil
}

// Count is how many items were counted so far.
func (s *Snapshot) Count() int { return s.n }

// Finish completes the snapshot (deleting what it no longer holds) and checkpoints its version.
func (s *Snapshot) Finish(ctx context.Context) error {
	if err := s.sink.Complete(ctx); err != nil {
		return err
	}
	return s.sink.Checkpoint(ctx, SnapshotCursor{Version: s.version, Complete: true}.String())
}

// CheckpointEvery reads the `checkpointEvery` setting of a snapshot connector: items between
// checkpoints, a positive number; def when the setting is absent.
func CheckpointEvery(settings map[string]string, def int) (int, error) {
	v := settings["checkpointEvery"]
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("settings.checkpointEvery %q is not a positive number", v)
	}
	return n, nil
}
