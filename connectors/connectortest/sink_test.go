package connectortest

import (
	"context"
	"errors"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
)

func iri(s string) rdf.IRI { i, _ := rdf.NewIRI(s); return i }

func record(key, name string) connectors.Record {
	return connectors.Record{Key: key, Triples: []rdf.Triple{{
		Subj: iri("http://h/id/unit/" + key), Pred: iri("http://www.w3.org/2004/02/skos/core#prefLabel"),
		Obj: rdf.NewTypedLiteral(name, iri("http://www.w3.org/2001/XMLSchema#string")),
	}}}
}

func TestSinkPersonsAreStable(t *testing.T) {
	ctx := context.Background()
	s := NewSink("http://h/")
	scheme := iri("https://w3id.org/grunddata/ns#personnummer")
	bySource, _ := s.Person(ctx, connectors.PersonKey{SourceKey: "emp-1"})
	withID, _ := s.Person(ctx, connectors.PersonKey{SourceKey: "emp-1", NationalID: "199001011234", Scheme: scheme})
	otherSource, _ := s.Person(ctx, connectors.PersonKey{SourceKey: "school-9", NationalID: "199001011234", Scheme: scheme})
	stranger, _ := s.Person(ctx, connectors.PersonKey{SourceKey: "emp-2"})
	if bySource != withID || withID != otherSource {
		t.Errorf("one person got %v, %v, %v", bySource, withID, otherSource)
	}
	if stranger == bySource {
		t.Errorf("two persons share %v", stranger)
	}
	if _, err := s.Person(ctx, connectors.PersonKey{}); err == nil {
		t.Error("a person with no key was accepted")
	}
}

func TestSinkUpsertCompleteDelete(t *testing.T) {
	ctx := context.Background()
	s := NewSink("http://h/")
	for _, r := range []connectors.Record{record("a", "A"), record("b", "B"), record("c", "C")} {
		if err := s.Upsert(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	_ = s.Complete(ctx)
	s.ResetCounters()
	_ = s.Upsert(ctx, record("a", "A"))
	_ = s.Upsert(ctx, record("b", "B2"))
	_ = s.Complete(ctx)
	if s.Upserts != 1 || s.Unchanged != 1 {
		t.Errorf("upserts %d unchanged %d, want 1 and 1", s.Upserts, s.Unchanged)
	}
	if len(s.Deleted) != 1 || s.Deleted[0] != "c" {
		t.Errorf("deleted %v, want [c]", s.Deleted)
	}
	if got := s.Objects(iri("http://h/id/unit/b"), "http://www.w3.org/2004/02/skos/core#prefLabel"); len(got) != 1 || got[0].String() != "B2" {
		t.Errorf("b's label is %v", got)
	}
	s.FailAfter = 1
	s.ResetCounters()
	_ = s.Upsert(ctx, record("d", "D"))
	if err := s.Upsert(ctx, record("e", "E")); !errors.Is(err, ErrInjected) {
		t.Errorf("second upsert after FailAfter=1: %v", err)
	}
	if err := s.Quarantine(ctx, "x", []byte("<bad/>"), ""); err == nil {
		t.Error("quarantine without a reason was accepted")
	}
}
