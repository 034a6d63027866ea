package paxml

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grunddata/grunddata/connectors/connectortest"
	"github.com/grunddata/grunddata/model/ident"
)

// synthetic writes a PAXml file of n employments (test personnummer, birth numbers 980–999).
func synthetic(tb testing.TB, n int) string {
	tb.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><paxml xmlns="http://www.paxml.se/2.0/paxml.xsd"><header><foretagorgnr>2129990004</foretagorgnr><foretagnamn>Exempelby kommun</foretagnamn></header><dimensioner><dimension dim="1">`)
	for u := range 50 {
		fmt.Fprintf(&b, `<objekt id="%d" namn="Enhet %d"/>`, 1000+u, u)
	}
	b.WriteString(`</dimension></dimensioner><personal>`)
	day := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		pnr := ident.MakeSwedishPerson(day.AddDate(0, 0, i/20), 980+i%20, false)
		fmt.Fprintf(&b, "\n<person anstid=\"%d\" persnr=\"%s\"><fornamn>Förnamn%d</fornamn><efternamn>Efternamn</efternamn>"+
			"<befattning>Lärare</befattning><befattningskod>2341</befattningskod><anstform>TV</anstform>"+
			"<anstdatum>2015-08-10</anstdatum><sysgrad>80</sysgrad><resenheter><resenhet dim=\"1\" id=\"%d\"/></resenheter></person>",
			10000+i, pnr, i, 1000+i%50)
	}
	b.WriteString(`</personal></paxml>`)
	path := filepath.Join(tb.TempDir(), "lon.xml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkParseMap is PAXml parse+map throughput (records/s; target ≥ 20k).
func BenchmarkParseMap(b *testing.B) {
	const n = 20000
	path := synthetic(b, n)
	c, err := New("payroll", map[string]string{"path": path})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var sink *connectortest.Counter
	for range b.N {
		sink = &connectortest.Counter{BaseIRI: base}
		if err := c.Sync(context.Background(), "", sink); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sink.Records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	if sink.Records != n+51 {
		b.Fatalf("%d records, want %d", sink.Records, n+51)
	}
}
