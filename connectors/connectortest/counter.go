package connectortest

import (
	"context"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
)

// Counter is a Sink that only counts what it is handed, for benchmarks that measure a connector's
// parsing and mapping without any storage. Persons are named by national identity number, else by
// source key.
type Counter struct {
	BaseIRI          string
	Records, Triples int
}

// Base implements connectors.Sink.
func (c *Counter) Base() string { return c.BaseIRI }

// Person implements connectors.Sink.
func (c *Counter) Person(_ context.Context, k connectors.PersonKey) (rdf.IRI, error) {
	key := k.NationalID
	if key == "" {
		key = k.SourceKey
	}
	return rdf.NewIRI(c.BaseIRI + "id/person/" + key)
}

// Upsert implements connectors.Sink.
func (c *Counter) Upsert(_ context.Context, r connectors.Record) error {
	c.Records++
	c.Triples += len(r.Triples)
	return nil
}

// Delete, Quarantine, Checkpoint, Complete and Progress implement connectors.Sink and do nothing.
func (c *Counter) Delete(context.Context, string) error                     { return nil }
func (c *Counter) Quarantine(context.Context, string, []byte, string) error { return nil }
func (c *Counter) Checkpoint(context.Context, string) error                 { return nil }
func (c *Counter) Complete(context.Context) error                           { return nil }
func (c *Counter) Progress(int, int)                                        {}

var _ connectors.Sink = (*Counter)(nil)
