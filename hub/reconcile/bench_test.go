package reconcile

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/match"
	"github.com/grunddata/grunddata/hub/match/population"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// entities turns a generated population into reconciliation entities.
func entities(tb testing.TB, n int) ([]*Entity, []population.Record) {
	tb.Helper()
	recs, err := population.Generate(population.Config{N: n, DupRate: 0.1, Seed: 7})
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]*Entity, len(recs))
	for i, r := range recs {
		e := &Entity{Type: TypePerson, Key: fmt.Sprintf("%08d", i), Given: r.GivenName, Family: r.FamilyName,
			Address: Address{Street: r.Street, Postcode: r.Postcode}}
		e.Name = e.Given + " " + e.Family
		if !r.BirthDate.IsZero() {
			e.BirthDate = r.BirthDate.Format("2006-01-02")
		}
		if r.NationalID != "" {
			e.IDs = []Identifier{{Notation: r.NationalID, Scheme: rdf.IRI(r.IDScheme)}}
		}
		out[i] = e
	}
	return out, recs
}

// BenchmarkPersonQuery measures one person query (name and birth date, as a register row has
// them) against an index of 100,000 persons; the index build is reported once as index-ms.
func BenchmarkPersonQuery(b *testing.B) {
	es, recs := entities(b, 100_000)
	start := time.Now()
	ix := FellegiSunter{Matcher: match.NewMatcher(match.Config{})}.Index(es)
	indexMS := float64(time.Since(start).Milliseconds())
	queries := make([]PersonQuery, 0, 1000)
	for _, r := range recs[len(recs)-1000:] {
		q := PersonQuery{Name: r.GivenName + " " + r.FamilyName}
		if !r.BirthDate.IsZero() {
			q.BirthDate = r.BirthDate.Format("2006-01-02")
		}
		queries = append(queries, q)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Candidates(queries[i%len(queries)], 5)
	}
	b.ReportMetric(indexMS, "index-ms")
}

// BenchmarkSnapshot measures reading 10,000 persons from the store into a reconciliation snapshot
// (what the first query after a change pays).
func BenchmarkSnapshot(b *testing.B) {
	st, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	es, _ := entities(b, 10_000)
	g, _ := rdf.NewIRI(base + "graph/bench")
	var quads []rdf.Quad
	for _, e := range es {
		s, _ := rdf.NewIRI(base + "id/person/" + e.Key)
		lit := func(v string) rdf.Literal { l, _ := rdf.NewLiteral(strings.TrimSpace(v)); return l }
		quads = append(quads,
			rdf.Quad{Triple: rdf.Triple{Subj: s, Pred: vocab.RDFType, Obj: vocab.PersonPerson}, Ctx: g},
			rdf.Quad{Triple: rdf.Triple{Subj: s, Pred: vocab.FOAFGivenName, Obj: lit(e.Given)}, Ctx: g},
			rdf.Quad{Triple: rdf.Triple{Subj: s, Pred: vocab.FOAFFamilyName, Obj: lit(e.Family)}, Ctx: g})
	}
	ctx := context.Background()
	bl := st.NewBulkLoader(store.BulkOptions{})
	for _, q := range quads {
		if err := bl.Add(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	if err := bl.Close(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := New(Config{Store: st, Base: base})
		if _, err := s.snapshot(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
