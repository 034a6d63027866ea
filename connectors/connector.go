// Package connectors is the small common interface of the hub's connectors: each connector package
// (one per source format or API) reads its source and hands the hub records of model data, one per
// source record, through a Sink. The hub's sync runner (hub/sync) implements the Sink: it keeps every
// record in the connector's named graphs with its provenance, skips records that did not change,
// applies deletions, quarantines what a connector could not map, and stores the cursor.
//
// Connectors import model and vocab only; they know nothing of the store or HTTP.
package connectors

import (
	"context"
	"time"

	"github.com/knakk/rdf"
)

// Connector pulls from one source.
type Connector interface {
	// Name is the connector's name from the config (e.g. "payroll"); it names its graphs and cursor.
	Name() string
	// Sync reads the source from cursor ("" = from the start: a full sync) and hands each record to
	// sink. It calls sink.Checkpoint with a new cursor whenever everything before it has been handed
	// over, so that an interrupted sync resumes there. A source failure is returned as an error; the
	// records handed over before it stay stored.
	Sync(ctx context.Context, cursor string, sink Sink) error
}

// Record is what one source record says, mapped to the model.
type Record struct {
	// Key is the record's stable key in the source (employment id, SS 12000 id, organisation number).
	Key string
	// Triples is the record's model data. Subjects and objects are absolute IRIs or blank nodes local
	// to the record. Persons are named through Sink.Person, never by a national identity number.
	Triples []rdf.Triple
	// Modified is when the source last changed the record, if it says (zero otherwise).
	Modified time.Time
}

// PersonKey is what a source knows that identifies a person: its own key, and the national identity
// number when it has one (normalised by the connector, scheme as a gd: identifier scheme IRI).
type PersonKey struct {
	SourceKey  string
	NationalID string
	Scheme     rdf.IRI
}

// Sink receives a connector's records.
type Sink interface {
	// Base is the hub's base URI ("…/"), for minting the IRIs of organisations, units and the like.
	Base() string
	// Person gives the IRI of the person a source knows by key: the same IRI every time for the same
	// person, found by the national identity number or by an earlier sync of the same source key.
	Person(ctx context.Context, key PersonKey) (rdf.IRI, error)
	// Upsert stores a record, replacing what the same key said before; unchanged records write nothing.
	Upsert(ctx context.Context, r Record) error
	// Delete removes what a record said, because the source reports it deleted.
	Delete(ctx context.Context, key string) error
	// Quarantine keeps a record the connector could not parse, map or validate, with the reason, so
	// that it can be listed and retried. raw is the record as the source sent it.
	Quarantine(ctx context.Context, key string, raw []byte, reason string) error
	// Checkpoint records the cursor from which the next sync continues. The hub stores it in the
	// same transaction as the records handed over before it (hub/sync), so it is durable exactly
	// when they are; a crash before that replays from the previous cursor.
	Checkpoint(ctx context.Context, cursor string) error
	// Complete says the source has handed over everything it holds (a full snapshot, such as a
	// payroll file): records from earlier syncs that were not seen in this one are deleted.
	Complete(ctx context.Context) error
	// Progress reports how far a long sync has come (records handed over so far, and the total when known, else -1).
	Progress(done, total int)
}
