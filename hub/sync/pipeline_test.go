package sync_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	stdsync "sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/hub/keys"
	"github.com/grunddata/grunddata/hub/store"
	hubsync "github.com/grunddata/grunddata/hub/sync"
	"github.com/grunddata/grunddata/vocab"
)

// The runner writes a batch in the background while the connector maps the next one. These tests
// slow the store's writes down, so that a read that does not wait for the batch in flight would
// see the store before it.

// slowStore is a store whose Update takes a while and can be made to fail.
type slowStore struct {
	*store.Store
	delay  time.Duration
	failAt int64 // > 0: the failAt-th Update (1-based) fails without writing
	fail   error
	n      atomic.Int64
}

func (s *slowStore) Update(ctx context.Context, cs store.Changeset) (uint64, error) {
	time.Sleep(s.delay)
	if n := s.n.Add(1); s.failAt > 0 && n == s.failAt {
		return 0, s.fail
	}
	return s.Store.Update(ctx, cs)
}

type slowHub struct {
	*hub
	slow *slowStore
	now  time.Time
}

// newSlowHub is a hub whose store takes delay for every write, with batches of batch records.
func newSlowHub(t *testing.T, delay time.Duration, batch int) *slowHub {
	t.Helper()
	h := &slowHub{hub: newHub(t, nil), now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	h.slow = &slowStore{Store: h.st, delay: delay}
	var mu stdsync.Mutex
	h.runner = hubsync.New(hubsync.Config{
		Store: h.slow, Base: base, BatchRecords: batch,
		Allocate: func(context.Context) (string, error) {
			mu.Lock()
			defer mu.Unlock()
			h.seq++
			return keys.CustomerNumber(h.seq)
		},
		// Every record is fetched at a time of its own, so a second provenance would show.
		Now: func() time.Time { mu.Lock(); defer mu.Unlock(); h.now = h.now.Add(time.Second); return h.now },
	})
	return h
}

func unit(key string, labels ...string) connectors.Record {
	u := iri(base + "id/unit/" + key)
	ts := []rdf.Triple{{Subj: u, Pred: vocab.RDFType, Obj: vocab.ORGOrganizationalUnit}}
	for _, l := range labels {
		ts = append(ts, rdf.Triple{Subj: u, Pred: vocab.SKOSPrefLabel, Obj: lit(l)})
	}
	return connectors.Record{Key: key, Triples: ts}
}

// A key upserted again in the next batch, while the first is still being written, is compared
// with what the first wrote: updated, not created twice, one provenance, only the new content.
func TestKeyInConsecutiveBatchesSeesTheFirst(t *testing.T) {
	h := newSlowHub(t, 50*time.Millisecond, 1)
	sum := h.run(t, funcConnector(func(ctx context.Context, sink connectors.Sink) error {
		// Each record is a batch of its own, handed to the writer at once: the second a and the
		// second b come while the first is in flight.
		for _, rec := range []connectors.Record{unit("a", "Skolan"), unit("a", "Skolan", "Skolan 2"), unit("b", "Förskolan"), unit("b", "Förskolan")} {
			if err := sink.Upsert(ctx, rec); err != nil {
				return err
			}
		}
		return nil
	}))
	if sum.Created != 2 || sum.Updated != 1 || sum.Unchanged != 1 || sum.Seen != 4 {
		t.Errorf("summary %s, want 2 created, 1 updated, 1 unchanged", sum)
	}
	g := h.runner.RecordGraph("fn", "a")
	if got := h.objects(t, g, vocab.ProvGeneratedAtTime); len(got) != 1 {
		t.Errorf("record a has %d fetch times: %v", len(got), got)
	}
	if got := h.objects(t, g, vocab.DCTIdentifier); len(got) != 1 {
		t.Errorf("record a has %d identifiers", len(got))
	}
	if n, _ := h.st.Count(context.Background(), store.Pattern{G: g}); n != 4 {
		t.Errorf("record a's graph holds %d quads, want 4 (type, two labels, derived from)", n)
	}
	if got := h.objects(t, h.runner.RecordGraph("fn", "b"), vocab.ProvGeneratedAtTime); len(got) != 1 {
		t.Errorf("record b has %d fetch times", len(got))
	}
}

// A record deleted right after it was written, while its batch is in flight, is deleted.
func TestDeleteOfKeyInFlight(t *testing.T) {
	h := newSlowHub(t, 50*time.Millisecond, 1)
	sum := h.run(t, funcConnector(func(ctx context.Context, sink connectors.Sink) error {
		if err := sink.Upsert(ctx, unit("a", "Skolan")); err != nil {
			return err
		}
		return sink.Delete(ctx, "a")
	}))
	if sum.Created != 1 || sum.Deleted != 1 {
		t.Errorf("summary %s", sum)
	}
	if n, _ := h.st.Count(context.Background(), store.Pattern{G: h.runner.RecordGraph("fn", "a")}); n != 0 {
		t.Errorf("the deleted record's graph holds %d quads", n)
	}
	// What is left of the connector graph is the source system's description (type and label).
	if n, _ := h.st.Count(context.Background(), store.Pattern{G: h.runner.ConnectorGraph("fn")}); n != 2 {
		t.Errorf("the connector graph holds %d quads after the deletion, want 2", n)
	}
}

// A person named by national identity number in one batch and again in the next is one person,
// with one customer number — with the default Persons and with one that only reads the store.
func TestPersonInConsecutiveBatchesIsOnePerson(t *testing.T) {
	for _, persons := range []string{"store", "meta only"} {
		t.Run(persons, func(t *testing.T) {
			h := newSlowHub(t, 50*time.Millisecond, 1)
			if persons == "meta only" {
				h.runner = hubsync.New(hubsync.Config{Store: h.slow, Base: base, BatchRecords: 1,
					Persons: &metaPersons{st: h.slow, hub: h.hub}})
			}
			nid := "198403129813"
			h.run(t, funcConnector(func(ctx context.Context, sink connectors.Sink) error {
				for i, key := range []string{"m1", "m2", "m3"} {
					// m1 and m2 name the person by number only, m3 by the source's key only.
					pk := connectors.PersonKey{NationalID: nid, Scheme: vocab.GDSwedishPersonalIdentityNumber}
					if i == 2 {
						pk = connectors.PersonKey{SourceKey: "p1"}
					} else if i == 1 {
						pk.SourceKey = "p1"
					}
					who, err := sink.Person(ctx, pk)
					if err != nil {
						return err
					}
					m := iri(base + "id/membership/" + key)
					if err := sink.Upsert(ctx, connectors.Record{Key: key, Triples: []rdf.Triple{
						{Subj: who, Pred: vocab.RDFType, Obj: vocab.PersonPerson},
						{Subj: m, Pred: vocab.RDFType, Obj: vocab.ORGMembership},
						{Subj: m, Pred: vocab.ORGMember, Obj: who},
					}}); err != nil {
						return err
					}
				}
				return nil
			}))
			members := map[string]bool{}
			_ = h.st.Match(context.Background(), store.Pattern{P: vocab.ORGMember}, func(q rdf.Quad) error {
				members[q.Obj.String()] = true
				return nil
			})
			if len(members) != 1 || h.seq != 1 {
				t.Errorf("%d persons %v, %d customer numbers handed out; want 1 and 1", len(members), members, h.seq)
			}
		})
	}
}

// metaPersons resolves persons by the stored resolutions alone (no memory of its own), as a Persons
// over another store's lookups would: it sees a resolution only once it is written.
type metaPersons struct {
	st  hubsync.Store
	hub *hub
}

func (p *metaPersons) Resolve(ctx context.Context, connector string, k connectors.PersonKey) (rdf.IRI, map[string][]byte, error) {
	var metaKeys []string
	if k.NationalID != "" {
		metaKeys = append(metaKeys, "persons/nid/"+k.Scheme.String()+"|"+k.NationalID)
	}
	if k.SourceKey != "" {
		metaKeys = append(metaKeys, "persons/src/"+connector+"|"+k.SourceKey)
	}
	var who string
	for _, key := range metaKeys {
		v, ok, err := p.st.GetMeta(ctx, key)
		if err != nil {
			return rdf.IRI{}, nil, err
		}
		if ok {
			who = string(v)
			break
		}
	}
	if who == "" {
		p.hub.seq++
		n, _ := keys.CustomerNumber(p.hub.seq)
		who = base + "id/person/" + n
	}
	meta := map[string][]byte{}
	for _, key := range metaKeys {
		if v, ok, _ := p.st.GetMeta(ctx, key); !ok || string(v) != who {
			meta[key] = []byte(who)
		}
	}
	return iri(who), meta, nil
}

// A write that fails in the background fails the run with its error; nothing after it is written,
// so the stored cursor covers only stored records, and the next run resumes there without
// duplicates or gaps.
func TestBackgroundWriteFailureFailsTheRun(t *testing.T) {
	for failAt := int64(1); failAt <= 6; failAt++ {
		t.Run(fmt.Sprint(failAt), func(t *testing.T) {
			h := newSlowHub(t, 20*time.Millisecond, 2)
			boom := errors.New("disk on fire")
			h.slow.failAt, h.slow.fail = failAt, boom
			var items []item
			for i := range 12 {
				items = append(items, item{key: fmt.Sprintf("k%02d", i), name: fmt.Sprintf("N%d", i), nid: fmt.Sprintf("19900101%04d", i)})
			}
			src := &fake{items: items}
			sum, err := h.runner.Run(context.Background(), src, hubsync.RunOptions{})
			if !errors.Is(err, boom) {
				t.Fatalf("run error %v, want the write's", err)
			}
			if strings.Count(err.Error(), boom.Error()) != 1 {
				t.Errorf("the write's error is reported more than once: %v", err)
			}
			stored := h.memberships(t)
			cursor, _ := h.runner.Cursor(context.Background(), "fake")
			n := 0
			if cursor != "" {
				fmt.Sscan(cursor, &n)
			}
			have := map[string]bool{}
			for _, m := range stored {
				have[strings.TrimPrefix(m, "fake-")] = true
			}
			for _, it := range items[:n] {
				if !have[it.key] {
					t.Errorf("cursor %q, but %s is not stored (stored: %v)", cursor, it.key, stored)
				}
			}
			if sum.Created != len(stored) {
				t.Errorf("summary says %d created, %d are stored", sum.Created, len(stored))
			}
			if n == len(items) {
				t.Errorf("cursor %q at the end after a failure", cursor)
			}
			// The next run resumes from the cursor and completes the snapshot.
			h.slow.failAt = 0
			sum = h.run(t, src)
			if sum.Created != len(items)-len(stored) || sum.Deleted != 0 {
				t.Errorf("resumed: %s, %d stored before", sum, len(stored))
			}
			if got := h.memberships(t); len(got) != len(items) {
				t.Errorf("after resuming %d memberships, want %d", len(got), len(items))
			}
			if n, _ := h.st.Count(context.Background(), store.Pattern{P: vocab.GDCustomerNumber}); n != len(items) {
				t.Errorf("%d customer numbers stored, want %d", n, len(items))
			}
			if n, _ := h.st.Count(context.Background(), store.Pattern{P: vocab.ProvGeneratedAtTime}); n != len(items) {
				t.Errorf("%d fetch times stored, want %d", n, len(items))
			}
		})
	}
}

// A write failure surfaces at the connector's next call, not only at the end of the run.
func TestBackgroundWriteFailureSurfacesEarly(t *testing.T) {
	h := newSlowHub(t, 0, 1)
	boom := errors.New("disk on fire")
	h.slow.failAt, h.slow.fail = 1, boom
	calls := 0
	_, err := h.runner.Run(context.Background(), funcConnector(func(ctx context.Context, sink connectors.Sink) error {
		for i := range 1000 {
			calls++
			if err := sink.Upsert(ctx, unit(fmt.Sprint(i))); err != nil {
				return err
			}
		}
		return nil
	}), hubsync.RunOptions{})
	if !errors.Is(err, boom) {
		t.Fatalf("run error %v", err)
	}
	if calls > 3 {
		t.Errorf("the connector went on for %d records after the first batch failed", calls)
	}
}

// A run cancelled in the middle stops, writes what was handed over, leaves no writer behind, and
// its cursor covers only stored records.
func TestCancelledRunStopsWithoutLeaks(t *testing.T) {
	h := newSlowHub(t, 10*time.Millisecond, 2)
	var items []item
	for i := range 200 {
		items = append(items, item{key: fmt.Sprintf("k%03d", i), name: fmt.Sprintf("N%d", i)})
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	before := runtime.NumGoroutine()
	src := &fake{items: items}
	counted := &cancelAfter{Connector: src, n: 21, cancel: cancel}
	start := time.Now()
	_, err := h.runner.Run(ctx, counted, hubsync.RunOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("run error %v, want canceled", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("a cancelled run took %s", took)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after the run, %d before", n, before)
	}
	cursor, _ := h.runner.Cursor(context.Background(), "fake")
	var n int
	fmt.Sscan(cursor, &n)
	if n == 0 || n >= len(items) {
		t.Errorf("cursor %q after cancelling at item 21", cursor)
	}
	stored := h.memberships(t)
	if len(stored) < n {
		t.Errorf("cursor %d but %d records stored", n, len(stored))
	}
	if sum := h.run(t, src); sum.Created+sum.Unchanged != len(items)-n || len(h.memberships(t)) != len(items) {
		t.Errorf("resumed: %s", sum)
	}
}

// cancelAfter cancels the run's context when the connector has handed over n records.
type cancelAfter struct {
	connectors.Connector
	n      int
	cancel func()
}

func (c *cancelAfter) Sync(ctx context.Context, cursor string, sink connectors.Sink) error {
	return c.Connector.Sync(ctx, cursor, &countingSink{Sink: sink, left: c.n, cancel: c.cancel})
}

type countingSink struct {
	connectors.Sink
	left   int
	cancel func()
}

func (s *countingSink) Upsert(ctx context.Context, r connectors.Record) error {
	if s.left--; s.left == 0 {
		s.cancel()
	}
	return s.Sink.Upsert(ctx, r)
}

// A snapshot that drops a record that is in the quarantine releases it once: the deletion releases
// it, and the listing of the quarantine after it must not count it again.
func TestCompleteCountsAReleaseOnce(t *testing.T) {
	h := newSlowHub(t, 20*time.Millisecond, 100)
	snapshot := func(recs ...string) funcConnector {
		return func(ctx context.Context, sink connectors.Sink) error {
			for _, r := range recs {
				key, bad, _ := strings.Cut(r, ":")
				var err error
				if bad != "" {
					err = sink.Quarantine(ctx, key, []byte(r), bad)
				} else {
					err = sink.Upsert(ctx, unit(key, key))
				}
				if err != nil {
					return err
				}
			}
			return sink.Complete(ctx)
		}
	}
	h.run(t, snapshot("a", "b", "q"))
	if sum := h.run(t, snapshot("a", "b", "q:broken")); sum.Quarantined != 1 {
		t.Fatalf("second: %s", sum)
	}
	sum := h.run(t, snapshot("a", "b"))
	if sum.Deleted != 1 || sum.Released != 1 || sum.Unchanged != 2 {
		t.Errorf("third: %s, want 1 deleted, 1 released, 2 unchanged", sum)
	}
	if q, _ := h.runner.Quarantined(context.Background(), ""); len(q) != 0 {
		t.Errorf("quarantine %+v", q)
	}
}

// script is a connector whose runs follow the given functions, one per run.
type script struct {
	runs []func(ctx context.Context, cursor string, sink connectors.Sink) error
	n    int
}

func (*script) Name() string { return "script" }
func (s *script) Sync(ctx context.Context, cursor string, sink connectors.Sink) error {
	s.n++
	return s.runs[s.n-1](ctx, cursor, sink)
}

// A snapshot that restarts while the seen marks of its first pass are being written clears them
// all: Complete after a resumed run deletes what only the abandoned pass saw.
func TestRestartClearsTheMarksInFlight(t *testing.T) {
	h := newSlowHub(t, 50*time.Millisecond, 1)
	upsert := func(ctx context.Context, sink connectors.Sink, keys ...string) error {
		for _, k := range keys {
			if err := sink.Upsert(ctx, unit(k, k)); err != nil {
				return err
			}
		}
		return nil
	}
	failed := errors.New("the source went away")
	c := &script{runs: []func(context.Context, string, connectors.Sink) error{
		func(ctx context.Context, _ string, sink connectors.Sink) error {
			if err := upsert(ctx, sink, "a", "b"); err != nil {
				return err
			}
			return sink.Complete(ctx)
		},
		func(ctx context.Context, _ string, sink connectors.Sink) error {
			if err := upsert(ctx, sink, "x", "a"); err != nil {
				return err
			}
			// The source changed: the pass starts again, without x and a.
			if err := sink.(connectors.Restarter).Restart(ctx); err != nil {
				return err
			}
			if err := upsert(ctx, sink, "y"); err != nil {
				return err
			}
			if err := sink.Checkpoint(ctx, "1"); err != nil {
				return err
			}
			return failed
		},
		func(ctx context.Context, cursor string, sink connectors.Sink) error {
			if cursor != "1" {
				return fmt.Errorf("resumed from %q", cursor)
			}
			return sink.Complete(ctx)
		},
	}}
	h.run(t, c)
	if _, err := h.runner.Run(context.Background(), c, hubsync.RunOptions{}); !errors.Is(err, failed) {
		t.Fatalf("second run: %v", err)
	}
	sum := h.run(t, c)
	var left []string
	_ = h.st.Match(context.Background(), store.Pattern{P: vocab.RDFType, O: vocab.ORGOrganizationalUnit}, func(q rdf.Quad) error {
		left = append(left, strings.TrimPrefix(q.Subj.String(), base+"id/unit/"))
		return nil
	})
	if strings.Join(left, ",") != "y" || sum.Deleted != 3 {
		t.Errorf("after the resumed pass: %v stored (%s), want y alone", left, sum)
	}
}

// A person resolved in a batch that failed to be written is stored with the record that names it
// on the next run, though the runner's Persons remembers the resolution: a new process (no memory)
// then finds the same person by the source's key, not a new customer number.
func TestResolutionOfAFailedBatchIsStoredLater(t *testing.T) {
	h := newSlowHub(t, 0, 1)
	boom := errors.New("disk on fire")
	h.slow.failAt, h.slow.fail = 1, boom
	c := funcConnector(func(ctx context.Context, sink connectors.Sink) error {
		who, err := sink.Person(ctx, connectors.PersonKey{SourceKey: "p1"})
		if err != nil {
			return err
		}
		return sink.Upsert(ctx, connectors.Record{Key: "m1", Triples: []rdf.Triple{{Subj: who, Pred: vocab.RDFType, Obj: vocab.PersonPerson}}})
	})
	if _, err := h.runner.Run(context.Background(), c, hubsync.RunOptions{}); !errors.Is(err, boom) {
		t.Fatalf("first run: %v", err)
	}
	h.slow.failAt = 0
	if sum := h.run(t, c); sum.Created != 1 {
		t.Errorf("second run: %s", sum)
	}
	var stored []string
	_ = h.st.Match(context.Background(), store.Pattern{P: vocab.RDFType, O: vocab.PersonPerson}, func(q rdf.Quad) error {
		stored = append(stored, q.Subj.String())
		return nil
	})
	fresh := &hubsync.StorePersons{Store: h.st, Base: base}
	got, _, err := fresh.Resolve(context.Background(), "fn", connectors.PersonKey{SourceKey: "p1"})
	if err != nil || len(stored) != 1 || got.String() != stored[0] {
		t.Errorf("a new process resolves p1 to %v (%v), the stored person is %v", got, err, stored)
	}
}
