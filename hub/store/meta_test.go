package store

import (
	"context"
	"testing"

	"github.com/knakk/rdf"
)

func TestApplyWithMeta(t *testing.T) {
	ctx := context.Background()
	s, err := Open("", Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g, _ := rdf.NewIRI("http://h/graph/a")
	sub, _ := rdf.NewIRI("http://h/id/unit/1")
	p, _ := rdf.NewIRI("http://www.w3.org/2004/02/skos/core#prefLabel")
	q := rdf.Quad{Triple: rdf.Triple{Subj: sub, Pred: p, Obj: rdf.NewTypedLiteral("A", makeIRI(xsdString))}, Ctx: g}

	c, err := s.Apply(ctx, Changeset{Add: []rdf.Quad{q}, Meta: map[string][]byte{"x/cursor": []byte("1"), "x/seen/a": {}}})
	if err != nil || c.Seq != 1 {
		t.Fatalf("apply: %v, seq %d", err, c.Seq)
	}
	// Only metadata: committed, but no change-log record.
	c, err = s.Apply(ctx, Changeset{Meta: map[string][]byte{"x/cursor": []byte("2"), "x/seen/a": nil, "x/seen/b": {}}})
	if err != nil || c.Seq != 0 {
		t.Fatalf("meta-only apply: %v, seq %d", err, c.Seq)
	}
	if v, ok, _ := s.GetMeta(ctx, "x/cursor"); !ok || string(v) != "2" {
		t.Errorf("cursor = %q, %v; want 2", v, ok)
	}
	var keys []string
	if err := s.ListMeta(ctx, "x/seen/", func(k string, _ []byte) error { keys = append(keys, k); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0] != "x/seen/b" {
		t.Errorf("seen keys %v, want [x/seen/b]", keys)
	}
	if last, _ := s.LastSeq(ctx); last != 1 {
		t.Errorf("last seq %d, want 1", last)
	}
}

func TestReserveSequence(t *testing.T) {
	ctx := context.Background()
	s, err := Open("", Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, _ := s.NextSequence(ctx, "n")
	first, err := s.ReserveSequence(ctx, "n", 10)
	if err != nil || a != 1 || first != 2 {
		t.Fatalf("next %d, reserved from %d (%v); want 1 and 2", a, first, err)
	}
	if b, _ := s.NextSequence(ctx, "n"); b != 12 {
		t.Errorf("after reserving 2…11 the next number is %d, want 12", b)
	}
	if _, err := s.ReserveSequence(ctx, "n", 0); err == nil {
		t.Error("reserved zero numbers")
	}
}
