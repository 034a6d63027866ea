package catalog_test

import (
	"context"
	"io"
	"strconv"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/catalog"
	"github.com/grunddata/grunddata/hub/opendata/opendatatest"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

const benchOrgs = 20_000

func benchCatalog(b *testing.B, h *opendatatest.Hub) *catalog.Catalog {
	c, err := catalog.New(catalog.Config{Base: base, Municipality: exempelby, Source: h.Source, Store: h.Store, JSONLD: h.JSONLD})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkDump streams the dump of all open data (20 000 synthetic organisations with their
// units and addresses, and the demo) in each format.
func BenchmarkDump(b *testing.B) {
	c := benchCatalog(b, opendatatest.WithOrganisations(b, benchOrgs))
	for _, f := range catalog.DumpFormats() {
		b.Run(f.Extension, func(b *testing.B) {
			var n int64
			for b.Loop() {
				cw := &countWriter{}
				if err := c.WriteDump(context.Background(), cw, catalog.Dump{Area: catalog.AllAreas, Format: f}); err != nil {
					b.Fatal(err)
				}
				n = cw.n
			}
			b.SetBytes(n)
		})
	}
}

// BenchmarkCatalogueCold builds the catalogue after the store changed: counting all open data
// and reading the change log.
func BenchmarkCatalogueCold(b *testing.B) {
	h := opendatatest.WithOrganisations(b, benchOrgs)
	for b.Loop() {
		c := benchCatalog(b, h)
		if _, err := c.Catalogue(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

// BenchmarkCatalogueAfterChange builds the catalogue after one resource changed, the usual case
// for a running hub: only the changed resource is counted again.
func BenchmarkCatalogueAfterChange(b *testing.B) {
	h := opendatatest.WithOrganisations(b, benchOrgs)
	c := benchCatalog(b, h)
	ctx := context.Background()
	if _, err := c.Catalogue(ctx); err != nil {
		b.Fatal(err)
	}
	org := iriOf(base + "id/organisation/2129990004")
	g := iriOf(base + "graph/manual")
	i := 0
	for b.Loop() {
		i++
		kw := rdf.NewTypedLiteral("keyword "+strconv.Itoa(i), vocab.XSDString)
		if _, err := h.Store.Apply(ctx, store.Changeset{Add: []rdf.Quad{{Triple: rdf.Triple{Subj: org, Pred: vocab.DCATKeyword, Obj: kw}, Ctx: g}}}); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Catalogue(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
