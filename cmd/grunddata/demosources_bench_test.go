package main

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/grunddata/grunddata/connectors/ss12000"
	"github.com/grunddata/grunddata/examples/demosources"
	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/hub/store"
	hubsync "github.com/grunddata/grunddata/hub/sync"
)

// BenchmarkSS12000Sync50kStore is the target (< 30 s): a full sync of 50,000 persons (with
// 5,000 duties and 1,800 classes) from the demo SS 12000 server over HTTP, through hub/sync into an
// on-disk store with the app's runner: paging, decoding, civicNo validation, mapping, SHACL checks,
// person resolution with customer numbers, one record graph per record with provenance, batched
// writes.
func BenchmarkSS12000Sync50kStore(b *testing.B) { benchSS12000Store(b, 50000) }

// BenchmarkSS12000Sync5kStore is the same at a tenth of the size, to see how the cost grows.
func BenchmarkSS12000Sync5kStore(b *testing.B) { benchSS12000Store(b, 5000) }

func benchSS12000Store(b *testing.B, persons int) {
	src, err := demosources.NewSS12000(demosources.GenerateSS12000(persons), "t", nil)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(src)
	defer ts.Close()
	var cpu time.Duration // CPU of hub and demo server together (one process), not counting setup
	for b.Loop() {
		b.StopTimer()
		cfg := config.Defaults()
		cfg.Data = b.TempDir()
		st, err := store.Open(cfg.Data, store.Options{Logger: quiet})
		if err != nil {
			b.Fatal(err)
		}
		a, err := wire(cfg, st, quiet)
		if err != nil {
			b.Fatal(err)
		}
		runner := a.sync // as serve runs it: SHACL-checked records, customer numbers in blocks
		conn, err := ss12000.NewWithOptions("school", ss12000.Options{URL: ts.URL, Token: "t", PageSize: 1000})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := cpuTime()
		sum, err := runner.Run(context.Background(), conn, hubsync.RunOptions{})
		if err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - start
		b.StopTimer()
		if sum.Created < persons || sum.Quarantined != 0 {
			b.Fatalf("summary: %s", sum)
		}
		b.ReportMetric(float64(sum.Seen), "records")
		a.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(persons)*float64(b.N)/b.Elapsed().Seconds(), "persons/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}
