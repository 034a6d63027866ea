package resource

import (
	"context"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/keys"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/model"
)

const testBase = "https://data.exempelby.se/"

// newTestService is a resource service on an in-memory store.
func newTestService(t *testing.T) (*Service, *store.Store) {
	t.Helper()
	st, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(Config{Store: st, Schema: model.Default(), Base: testBase}), st
}

func TestCustomerNumbersGrowingBlocks(t *testing.T) {
	ctx := context.Background()
	svc, st := newTestService(t)

	// The third number is already used by a person stored elsewhere: it is skipped.
	taken, err := keys.CustomerNumber(3)
	if err != nil {
		t.Fatal(err)
	}
	person := rdf.Quad{Triple: rdf.Triple{
		Subj: rdfio.MustIRI(testBase + "id/person/" + taken),
		Pred: rdfio.MustIRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
		Obj:  rdfio.MustIRI("http://www.w3.org/ns/person#Person"),
	}, Ctx: rdfio.MustIRI(testBase + "graph/manual")}
	if _, err := st.Update(ctx, store.Changeset{Add: []rdf.Quad{person}}); err != nil {
		t.Fatal(err)
	}

	a := svc.CustomerNumbers(4)
	seen := map[string]bool{}
	for range 9 {
		n, err := a.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := keys.ValidCustomerNumber(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
		if seen[n] || n == taken {
			t.Errorf("%s handed out twice or taken", n)
		}
		seen[n] = true
	}
	// Ten numbers were used (nine handed out, one skipped) from blocks of 1, 2, 4 and 4 (the
	// largest): eleven reserved, so the sequence goes on at twelve.
	next, err := st.ReserveSequence(ctx, "customer-number", 1)
	if err != nil {
		t.Fatal(err)
	}
	if next != 12 {
		t.Errorf("the sequence goes on at %d, want 12 (blocks 1, 2, 4, 4)", next)
	}
}

// Callers on several goroutines (a sync and API writes) never get the same number.
func TestCustomerNumbersConcurrent(t *testing.T) {
	ctx := context.Background()
	svc, _ := newTestService(t)
	a := svc.CustomerNumbers(16)
	const workers, each = 8, 50
	got := make(chan string, workers*each)
	errs := make(chan error, workers)
	for range workers {
		go func() {
			for range each {
				n, err := a.Next(ctx)
				if err != nil {
					errs <- err
					return
				}
				got <- n
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	close(got)
	seen := map[string]bool{}
	for n := range got {
		if seen[n] {
			t.Errorf("%s handed out twice", n)
		}
		seen[n] = true
	}
	if len(seen) != workers*each {
		t.Errorf("%d distinct numbers, want %d", len(seen), workers*each)
	}
}
