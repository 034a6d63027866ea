package master

import (
	"context"
	"fmt"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/keys"
	"github.com/grunddata/grunddata/hub/match/population"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// loadPopulation stores n generated persons, each described by two source records (a register
// with the names and birth date, a payroll record with the address), with the bulk loader.
func loadPopulation(b *testing.B, n int) (*Service, *store.Store) {
	b.Helper()
	st, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	recs, err := population.Generate(population.Config{N: n, DupRate: 0.1, Seed: 3})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	bl := st.NewBulkLoader(store.BulkOptions{})
	lit := func(s string) rdf.Literal { l, _ := rdf.NewLiteral(s); return l }
	for i, r := range recs {
		cn, _ := keys.CustomerNumber(uint64(i + 1))
		p := person(cn)
		reg, _ := rdf.NewIRI(fmt.Sprintf("%sgraph/source/register/%d", base, i))
		pay, _ := rdf.NewIRI(fmt.Sprintf("%sgraph/source/payroll/%d", base, i))
		addr, _ := rdf.NewBlank(fmt.Sprintf("a%d", i))
		qs := []rdf.Quad{
			{Triple: rdf.Triple{Subj: p, Pred: vocab.RDFType, Obj: vocab.PersonPerson}, Ctx: reg},
			{Triple: rdf.Triple{Subj: p, Pred: vocab.FOAFGivenName, Obj: lit(r.GivenName)}, Ctx: reg},
			{Triple: rdf.Triple{Subj: p, Pred: vocab.FOAFFamilyName, Obj: lit(r.FamilyName)}, Ctx: reg},
			{Triple: rdf.Triple{Subj: p, Pred: vocab.RDFType, Obj: vocab.PersonPerson}, Ctx: pay},
			{Triple: rdf.Triple{Subj: p, Pred: vocab.LocnAddressProp, Obj: addr}, Ctx: pay},
			{Triple: rdf.Triple{Subj: addr, Pred: vocab.LocnThoroughfare, Obj: lit(r.Street + " ")}, Ctx: pay},
			{Triple: rdf.Triple{Subj: addr, Pred: vocab.LocnPostCode, Obj: lit(r.Postcode + " ")}, Ctx: pay},
		}
		if !r.BirthDate.IsZero() {
			qs = append(qs, rdf.Quad{Triple: rdf.Triple{Subj: p, Pred: vocab.CVBirthDate, Obj: rdf.NewTypedLiteral(r.BirthDate.Format("2006-01-02"), vocab.XSDDate)}, Ctx: reg})
		}
		for _, q := range qs {
			if err := bl.Add(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := bl.Close(); err != nil {
		b.Fatal(err)
	}
	return New(Config{Store: st, Base: base, Sources: []string{"register", "payroll"}}), st
}

// BenchmarkRebuild derives the golden records of 2,000 persons with two sources each (the first
// iteration writes them, later ones find nothing to change); persons/s is reported.
func BenchmarkRebuild(b *testing.B) {
	s, _ := loadPopulation(b, 2000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Rebuild(ctx, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(2000*b.N)/b.Elapsed().Seconds(), "persons/s")
}

// BenchmarkScan reads 10,000 persons from the store and deduplicates them with hub/match (no
// merges are written: the first iteration queues reviews, merges and records decisions; later
// ones only find what is left).
func BenchmarkScan(b *testing.B) {
	s, _ := loadPopulation(b, 10_000)
	ctx := context.Background()
	b.ResetTimer()
	var st ScanStats
	for i := 0; i < b.N; i++ {
		var err error
		if st, err = s.Scan(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(st.Persons), "persons")
}
