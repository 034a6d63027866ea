package ss12000_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/grunddata/grunddata/connectors/connectortest"
	"github.com/grunddata/grunddata/connectors/ss12000"
	"github.com/grunddata/grunddata/examples/demosources"
)

// BenchmarkSync50k is a full sync of a generated municipality with 50,000 persons (5,000 duties,
// 1,800 classes) from the demo SS 12000 server over HTTP into the in-memory sink: the connector's
// own cost, with paging, JSON decoding, validation of every civicNo and mapping. The sync into the
// real store is BenchmarkSS12000Sync50kStore in cmd/grunddata.
func BenchmarkSync50k(b *testing.B) {
	src, err := demosources.NewSS12000(demosources.GenerateSS12000(50000), "t", nil)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(src)
	defer ts.Close()
	conn, err := ss12000.NewWithOptions("school", ss12000.Options{URL: ts.URL, Token: "t", PageSize: 1000})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		sink := connectortest.NewSink("http://hub.example/")
		if err := conn.Sync(context.Background(), "", sink); err != nil {
			b.Fatal(err)
		}
		if len(sink.Quarantined) != 0 {
			b.Fatalf("quarantined %d, first %+v", len(sink.Quarantined), sink.Quarantined[0])
		}
		if n := len(sink.Keys()); n < 50000 {
			b.Fatalf("%d records", n)
		}
	}
	b.ReportMetric(50000*float64(b.N)/b.Elapsed().Seconds(), "persons/s")
}
