package alias

import (
	"context"
	"errors"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/store"
)

const base = "http://hub.test/"

func person(n string) rdf.IRI {
	iri, _ := rdf.NewIRI(base + "id/person/" + n)
	return iri
}

func newAliases(t *testing.T) (*Aliases, *store.Store) {
	t.Helper()
	st, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(st, base), st
}

func TestResolveFollowsChains(t *testing.T) {
	a, st := newAliases(t)
	ctx := context.Background()
	// B was merged into A, later A into C.
	if _, err := st.Apply(ctx, store.Changeset{Add: []rdf.Quad{a.Quad(person("B"), person("A")), a.Quad(person("A"), person("C"))}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in, want string
		alias    bool
	}{
		{"B", "C", true}, {"A", "C", true}, {"C", "C", false}, {"D", "D", false},
	}
	for _, tt := range tests {
		got, ok, err := a.Resolve(ctx, person(tt.in))
		if err != nil || got != person(tt.want) || ok != tt.alias {
			t.Errorf("Resolve(%s) = %s %v %v, want %s %v", tt.in, got, ok, err, tt.want, tt.alias)
		}
	}
	of, err := a.Of(ctx, person("C"))
	if err != nil || len(of) != 2 || of[0] != person("A") || of[1] != person("B") {
		t.Errorf("Of(C) = %v %v, want [A B]", of, err)
	}
	for _, c := range []struct{ old, survivor string }{{"B", "D"}, {"C", "C"}, {"D", "A"}} {
		if err := a.Check(ctx, person(c.old), person(c.survivor)); err == nil {
			t.Errorf("Check(%s → %s) allowed", c.old, c.survivor)
		}
	}
	if err := a.Check(ctx, person("D"), person("C")); err != nil {
		t.Errorf("Check(D → C): %v", err)
	}
}

func TestCycleIsAnError(t *testing.T) {
	a, st := newAliases(t)
	ctx := context.Background()
	st.Apply(ctx, store.Changeset{Add: []rdf.Quad{a.Quad(person("A"), person("B")), a.Quad(person("B"), person("A"))}})
	if _, _, err := a.Resolve(ctx, person("A")); !errors.Is(err, ErrCycle) {
		t.Errorf("cycle: %v", err)
	}
}
