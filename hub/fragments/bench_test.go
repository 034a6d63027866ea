package fragments_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/fragments"
	"github.com/grunddata/grunddata/hub/opendata/opendatatest"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// benchOrgs is the size of the synthetic data: that many organisations, each with an address and
// a unit (and an internal membership), on top of the demo municipality.
const benchOrgs = 20_000

// BenchmarkFragment measures one page of a fragment: cold (the first request for a pattern after
// a change, which evaluates and counts the whole pattern) and warm (a later page of it).
func BenchmarkFragment(b *testing.B) {
	h := opendatatest.WithOrganisations(b, benchOrgs)
	ctx := context.Background()
	for _, bc := range []struct {
		name    string
		s, p, o string
		page    int
		cold    bool
	}{
		{name: "subject", s: opendatatest.Base + "id/organisation/2129990004", page: 1, cold: true},
		{name: "type-unit-cold", p: vocab.RDFType.String(), o: vocab.ORGNS + "OrganizationalUnit", page: 1, cold: true},
		{name: "prefLabel-cold", p: vocab.SKOSPrefLabel.String(), page: 1, cold: true},
		{name: "prefLabel-warm-page-100", p: vocab.SKOSPrefLabel.String(), page: 100},
		{name: "everything-cold", page: 1, cold: true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			f := fragments.New(fragments.Config{Source: h.Source, Store: h.Store})
			p, err := f.ParsePattern(bc.s, bc.p, bc.o)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := f.Fragment(ctx, p, bc.page); err != nil {
				b.Fatal(err)
			}
			var total int
			for b.Loop() {
				if bc.cold {
					f = fragments.New(fragments.Config{Source: h.Source, Store: h.Store})
				}
				pg, err := f.Fragment(ctx, p, bc.page)
				if err != nil {
					b.Fatal(err)
				}
				total = pg.Total
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}

// BenchmarkFragmentAfterChange asks for a cached wide pattern after one resource changed: the
// cached count is brought up to date from the change log.
func BenchmarkFragmentAfterChange(b *testing.B) {
	h := opendatatest.WithOrganisations(b, benchOrgs)
	ctx := context.Background()
	f := fragments.New(fragments.Config{Source: h.Source, Store: h.Store})
	p, err := f.ParsePattern("", vocab.SKOSPrefLabel.String(), "")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := f.Fragment(ctx, p, 1); err != nil {
		b.Fatal(err)
	}
	org := iri(opendatatest.Base + "id/organisation/2129990004")
	g := iri(opendatatest.Base + "graph/manual")
	i := 0
	for b.Loop() {
		i++
		l := rdf.NewTypedLiteral("name "+strconv.Itoa(i), vocab.XSDString)
		if _, err := h.Store.Apply(ctx, store.Changeset{Add: []rdf.Quad{{Triple: rdf.Triple{Subj: org, Pred: vocab.SKOSAltLabel, Obj: l}, Ctx: g}}}); err != nil {
			b.Fatal(err)
		}
		if _, err := f.Fragment(ctx, p, 1); err != nil {
			b.Fatal(err)
		}
	}
}
