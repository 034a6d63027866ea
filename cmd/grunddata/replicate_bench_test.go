package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/grunddata/grunddata/examples/exempelby"
	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/hub/opendata/opendatatest"
	"github.com/grunddata/grunddata/hub/replicate"
	"github.com/grunddata/grunddata/hub/store"
)

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReplicate measures replicating open resources from one hub to another over real HTTP
// on loopback: the first hub (in memory) holds GRUNDDATA_BENCH_ORGS synthetic organisations
// (default 50 000), each with a unit, so twice as many open resources; its change feed is indexed
// before the clock starts (reported as index-s). Each iteration replicates the whole feed into an
// empty on-disk store: fetching every page as N-Quads, parsing, and applying.
//
//	go test ./cmd/grunddata -run '^$' -bench Replicate -benchtime 1x
func BenchmarkReplicate(b *testing.B) {
	orgs := 50_000
	if v, err := strconv.Atoi(os.Getenv("GRUNDDATA_BENCH_ORGS")); err == nil && v > 0 {
		orgs = v
	}
	ctx := context.Background()
	cfg, err := config.Parse(exempelby.Config, "config.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cfg.Base = opendatatest.Base
	first, err := openApp(cfg, true, quiet)
	if err != nil {
		b.Fatal(err)
	}
	defer first.Close()
	opendatatest.AddOrganisations(b, &opendatatest.Hub{Store: first.store}, orgs)
	start := time.Now()
	members, err := first.ldes.Sync(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if members != 2*orgs {
		b.Fatalf("the feed has %d members, want %d", members, 2*orgs)
	}
	index := time.Since(start)

	srv := httptest.NewServer(first.handler)
	defer srv.Close()
	// The first hub's URIs name hub.test; every connection goes to the test server.
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
		},
		MaxIdleConnsPerHost: 4,
	}}

	cpu := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := store.Open(b.TempDir(), store.Options{Logger: quiet, InMemory: os.Getenv("GRUNDDATA_BENCH_MEM") != ""})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := replicate.New(replicate.Config{Store: st, Base: "http://naboby.test/", Peer: opendatatest.Base, Client: client})
		if err != nil {
			b.Fatal(err)
		}
		if path := os.Getenv("GRUNDDATA_BENCH_PROFILE"); path != "" { // the replication alone
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			pprof.StartCPUProfile(f)
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
		b.StartTimer()
		stats, err := rep.Once(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		pprof.StopCPUProfile()
		if stats.Members != members {
			b.Fatalf("replicated %d members, want %d", stats.Members, members)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	// CPU seconds of the whole process (both hubs, badger's background work, the GC) per run: on a
	// shared machine the wall time also counts the waits for a core.
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(members), "resources")
	b.ReportMetric(index.Seconds(), "index-s")
	b.ReportMetric(float64(members)*float64(b.N)/b.Elapsed().Seconds(), "resources/s")
}
