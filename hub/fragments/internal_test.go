package fragments

import (
	"context"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/opendata/opendatatest"
	"github.com/grunddata/grunddata/vocab"
)

func TestCacheHoldsAtMostItsCapacity(t *testing.T) {
	h := opendatatest.Demo(t)
	f := New(Config{Source: h.Source, Store: h.Store, CacheSize: 20})
	ctx := context.Background()
	org, _ := rdf.NewIRI(vocab.ORGNS + "hasUnit")
	for _, p := range []Pattern{{P: vocab.RDFType}, {P: vocab.SKOSPrefLabel}, {P: org}, {}, {P: vocab.DCTIdentifier}} {
		if _, err := f.Fragment(ctx, p, 1); err != nil {
			t.Fatal(err)
		}
		held := 0
		for _, el := range f.cache {
			held += len(el.Value.(*matchSet).roots)
		}
		if held != f.held || held > f.capacity || len(f.cache) != f.lru.Len() {
			t.Fatalf("after %v: cache holds %d (counted %d), capacity %d, %d keys, %d in LRU",
				p, held, f.held, f.capacity, len(f.cache), f.lru.Len())
		}
	}
	if len(f.cache) == 0 {
		t.Error("nothing was cached")
	}
}
