package ldes_test

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/grunddata/grunddata/hub/ldes"
	"github.com/grunddata/grunddata/hub/opendata/opendatatest"
)

// BenchmarkIndex measures the indexer publishing a bulk load: GRUNDDATA_BENCH_ORGS synthetic
// organisations (default 10 000), each with a unit, so twice as many members.
func BenchmarkIndex(b *testing.B) {
	orgs := 10_000
	if v, err := strconv.Atoi(os.Getenv("GRUNDDATA_BENCH_ORGS")); err == nil && v > 0 {
		orgs = v
	}
	for b.Loop() {
		b.StopTimer()
		h := opendatatest.WithOrganisations(b, orgs)
		s := ldes.New(ldes.Config{Store: h.Store, Source: h.Source})
		b.StartTimer()
		n, err := s.Sync(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if n < 2*orgs {
			b.Fatalf("%d members", n)
		}
	}
	b.ReportMetric(float64(2*orgs)*float64(b.N)/b.Elapsed().Seconds(), "members/s")
}
