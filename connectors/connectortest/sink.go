// Package connectortest is an in-memory connectors.Sink for testing connectors without a store: it
// keeps what a connector hands over (records by key, deletions, quarantined records with their
// reasons, checkpoints) and resolves persons the way the hub does — the same IRI for the same
// national identity number or the same source key — so that a test can run a sync twice, interrupt
// one, and check what a user of the hub would see.
package connectortest

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
)

// Quarantined is one record a connector could not take.
type Quarantined struct {
	Key    string
	Raw    []byte
	Reason string
}

// Sink records what a connector hands over. The zero value is not usable; call NewSink.
type Sink struct {
	base string

	mu          sync.Mutex
	records     map[string]connectors.Record
	seen        map[string]bool // keys upserted since the last Complete
	persons     map[string]rdf.IRI
	nextPerson  int
	Deleted     []string      // keys deleted, in order (by Delete or by Complete)
	Quarantined []Quarantined // in order
	Checkpoints []string      // cursors, in order
	Upserts     int           // Upsert calls that changed something
	Unchanged   int           // Upsert calls that changed nothing
	Completed   int           // Complete calls
	done, total int           // the last Progress

	// FailAfter, when > 0, makes the Upsert after that many successful ones fail, to simulate a hub
	// that goes away mid-sync. Reset it to 0 to let the next sync through.
	FailAfter int
	upserted  int
}

// NewSink returns an empty sink for a hub at base ("http://…/").
func NewSink(base string) *Sink {
	return &Sink{base: base, records: map[string]connectors.Record{}, seen: map[string]bool{}, persons: map[string]rdf.IRI{}}
}

// ErrInjected is the error an Upsert returns when FailAfter is reached.
var ErrInjected = fmt.Errorf("connectortest: injected failure")

// Base implements connectors.Sink.
func (s *Sink) Base() string { return s.base }

// Person implements connectors.Sink: the national identity number wins over the source key; a person
// first seen by source key and later with a number keeps its IRI.
func (s *Sink) Person(_ context.Context, k connectors.PersonKey) (rdf.IRI, error) {
	if k.SourceKey == "" && k.NationalID == "" {
		return rdf.IRI{}, fmt.Errorf("connectortest: person with neither source key nor national identity number")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	byID, bySource := "id:"+k.Scheme.String()+"|"+k.NationalID, "src:"+k.SourceKey
	if k.NationalID != "" {
		if iri, ok := s.persons[byID]; ok {
			if k.SourceKey != "" {
				s.persons[bySource] = iri
			}
			return iri, nil
		}
	}
	if k.SourceKey != "" {
		if iri, ok := s.persons[bySource]; ok {
			if k.NationalID != "" {
				s.persons[byID] = iri
			}
			return iri, nil
		}
	}
	s.nextPerson++
	iri, err := rdf.NewIRI(fmt.Sprintf("%sid/person/%07d", s.base, s.nextPerson))
	if err != nil {
		return rdf.IRI{}, err
	}
	if k.NationalID != "" {
		s.persons[byID] = iri
	}
	if k.SourceKey != "" {
		s.persons[bySource] = iri
	}
	return iri, nil
}

// Upsert implements connectors.Sink; a record equal to the stored one (same triples as a set) counts
// as unchanged.
func (s *Sink) Upsert(_ context.Context, r connectors.Record) error {
	if r.Key == "" {
		return fmt.Errorf("connectortest: record without a key")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.FailAfter > 0 && s.upserted >= s.FailAfter {
		return ErrInjected
	}
	s.upserted++
	s.seen[r.Key] = true
	if old, ok := s.records[r.Key]; ok && sameTriples(old.Triples, r.Triples) {
		s.Unchanged++
		return nil
	}
	s.records[r.Key] = r
	s.Upserts++
	return nil
}

// Delete implements connectors.Sink.
func (s *Sink) Delete(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.records[key]; ok {
		delete(s.records, key)
		s.Deleted = append(s.Deleted, key)
	}
	return nil
}

// Quarantine implements connectors.Sink.
func (s *Sink) Quarantine(_ context.Context, key string, raw []byte, reason string) error {
	if reason == "" {
		return fmt.Errorf("connectortest: quarantine of %q without a reason", key)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Quarantined = append(s.Quarantined, Quarantined{Key: key, Raw: slices.Clone(raw), Reason: reason})
	return nil
}

// Checkpoint implements connectors.Sink.
func (s *Sink) Checkpoint(_ context.Context, cursor string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Checkpoints = append(s.Checkpoints, cursor)
	return nil
}

// Complete implements connectors.Sink: records not upserted since the previous Complete are deleted.
func (s *Sink) Complete(_ context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.records))
	for k := range s.records {
		if !s.seen[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		delete(s.records, k)
		s.Deleted = append(s.Deleted, k)
	}
	s.seen = map[string]bool{}
	s.Completed++
	return nil
}

// Restart implements connectors.Restarter, as the hub does: a snapshot starts again from its first
// item, so what an unfinished one handed over no longer keeps records from Complete.
func (s *Sink) Restart(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen = map[string]bool{}
	return nil
}

// Progress implements connectors.Sink.
func (s *Sink) Progress(done, total int) {
	s.mu.Lock()
	s.done, s.total = done, total
	s.mu.Unlock()
}

// Sync runs one sync of c from the last checkpointed cursor, as the hub would, after ResetCounters,
// so that the counters then tell what this sync did.
func (s *Sink) Sync(ctx context.Context, c connectors.Connector) error {
	s.ResetCounters()
	return c.Sync(ctx, s.Cursor(), s)
}

// Strings returns the objects' string values sorted: a literal's lexical form, an IRI's text.
func Strings(objs []rdf.Object) []string {
	out := make([]string, 0, len(objs))
	for _, o := range objs {
		out = append(out, o.String())
	}
	slices.Sort(out)
	return out
}

// Cursor is the last checkpointed cursor ("" when none), the one the next sync starts from.
func (s *Sink) Cursor() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.Checkpoints) == 0 {
		return ""
	}
	return s.Checkpoints[len(s.Checkpoints)-1]
}

// Record returns the stored record for key.
func (s *Sink) Record(key string) (connectors.Record, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.records[key]
	return r, ok
}

// Keys returns the keys of the stored records, sorted.
func (s *Sink) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.records))
	for k := range s.records {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Triples returns every stored record's triples, in key order.
func (s *Sink) Triples() []rdf.Triple {
	var all []rdf.Triple
	for _, k := range s.Keys() {
		r, _ := s.Record(k)
		all = append(all, r.Triples...)
	}
	return all
}

// Objects returns the objects of the stored triples with subject subj and predicate pred.
func (s *Sink) Objects(subj rdf.Subject, pred string) []rdf.Object {
	var out []rdf.Object
	for _, t := range s.Triples() {
		if t.Subj.String() == subj.String() && t.Pred.String() == pred {
			out = append(out, t.Obj)
		}
	}
	return out
}

// Progressed is the last progress reported.
func (s *Sink) Progressed() (done, total int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done, s.total
}

// ResetCounters zeroes the per-sync counters (Upserts, Unchanged, Deleted, Quarantined), keeping the
// stored records, persons and checkpoints, so that a test can check what the next sync did.
func (s *Sink) ResetCounters() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Upserts, s.Unchanged, s.Deleted, s.Quarantined, s.upserted = 0, 0, nil, nil, 0
}

func sameTriples(a, b []rdf.Triple) bool {
	if len(a) != len(b) {
		return false
	}
	set := make(map[string]int, len(a))
	for _, t := range a {
		set[tripleKey(t)]++
	}
	for _, t := range b {
		k := tripleKey(t)
		if set[k] == 0 {
			return false
		}
		set[k]--
	}
	return true
}

func tripleKey(t rdf.Triple) string {
	return t.Subj.Serialize(rdf.NTriples) + " " + t.Pred.Serialize(rdf.NTriples) + " " + t.Obj.Serialize(rdf.NTriples)
}

var (
	_ connectors.Sink      = (*Sink)(nil)
	_ connectors.Restarter = (*Sink)(nil)
)
