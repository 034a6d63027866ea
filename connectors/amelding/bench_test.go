package amelding

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

// synthetic writes one melding with n employees (synthetic fødselsnummer), each with an employment
// and an income line, in 10 virksomheter.
func synthetic(tb testing.TB, n int) string {
	tb.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><melding xmlns="` + Namespace + `"><Leveranse><kalendermaaned>2026-10</kalendermaaned><meldingsId>B1</meldingsId><opplysningspliktig><norskIdentifikator>910000004</norskIdentifikator></opplysningspliktig><oppgave>`)
	var orgs []string
	for k := 91000010; len(orgs) < 10; k++ {
		if s, ok := ident.MakeNorwegianOrganisation(k); ok {
			orgs = append(orgs, s)
		}
	}
	day := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
	per := n / len(orgs)
	i := 0
	for _, org := range orgs {
		fmt.Fprintf(&b, "<virksomhet><norskIdentifikator>%s</norskIdentifikator>", org)
		for range per {
			var fnr string
			for ind := 500; ; ind++ {
				if s, ok := ident.MakeNorwegianPerson(day.AddDate(0, 0, i), ind, ident.Synthetic); ok {
					fnr = s
					break
				}
			}
			i++
			fmt.Fprintf(&b, "\n<inntektsmottaker><norskIdentifikator>%s</norskIdentifikator><arbeidsforhold><arbeidsforholdId>1</arbeidsforholdId>"+
				"<typeArbeidsforhold>ordinaertArbeidsforhold</typeArbeidsforhold><startdato>2015-01-01</startdato>"+
				"<antallTimerPerUkeSomEnFullStillingTilsvarer>37.5</antallTimerPerUkeSomEnFullStillingTilsvarer><yrke>2341106</yrke>"+
				"<stillingsprosent>100</stillingsprosent></arbeidsforhold><inntekt><beloep>45000</beloep><loennsinntekt><beskrivelse>fastloenn</beskrivelse></loennsinntekt></inntekt></inntektsmottaker>", fnr)
		}
		b.WriteString("</virksomhet>")
	}
	b.WriteString(`</oppgave></Leveranse></melding>`)
	path := filepath.Join(tb.TempDir(), "m.xml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkParseMap is A-melding parse+map throughput (records/s; target ≥ 20k).
func BenchmarkParseMap(b *testing.B) {
	const n = 20000
	c, err := New("lonn", map[string]string{"path": synthetic(b, n)})
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
	if sink.Records != n+11 {
		b.Fatalf("%d records, want %d", sink.Records, n+11)
	}
}
