package enhetsregisteret_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/grunddata/grunddata/connectors/connectortest"
	"github.com/grunddata/grunddata/connectors/enhetsregisteret"
	"github.com/grunddata/grunddata/examples/demosources"
)

// BenchmarkBulk100k is the first sync against a register of 100,000 enheter and 20,000
// underenheter: the gzipped bulk files over HTTP, streamed, validated and mapped into the in-memory
// sink.
func BenchmarkBulk100k(b *testing.B) {
	src, err := demosources.NewBrreg(demosources.GenerateBrreg(100000), time.Now(), nil)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(src)
	defer ts.Close()
	conn, err := enhetsregisteret.NewWithOptions("brreg", enhetsregisteret.Options{URL: ts.URL})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		sink := connectortest.NewSink("http://hub.example/")
		if err := conn.Sync(context.Background(), "", sink); err != nil {
			b.Fatal(err)
		}
		if len(sink.Quarantined) != 0 || len(sink.Keys()) != 120000 {
			b.Fatalf("%d records, %d quarantined", len(sink.Keys()), len(sink.Quarantined))
		}
	}
	b.ReportMetric(120000*float64(b.N)/b.Elapsed().Seconds(), "units/s")
}
