package enhetsregisteret_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors/connectortest"
	"github.com/grunddata/grunddata/connectors/enhetsregisteret"
	"github.com/grunddata/grunddata/examples/demosources"
	"github.com/grunddata/grunddata/vocab"
)

const base = "http://hub.example/"

type fixture struct {
	src   *demosources.Brreg
	clock *demosources.Clock
	conn  *enhetsregisteret.Connector
	sink  *connectortest.Sink
	waits []time.Duration
}

func setup(t *testing.T, pageSize int) *fixture {
	t.Helper()
	f := &fixture{clock: demosources.NewClock(time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC))}
	srcs, err := demosources.Exempelby(f.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	f.src = srcs.Brreg
	ts := httptest.NewServer(srcs.Handler())
	t.Cleanup(ts.Close)
	f.conn, err = enhetsregisteret.NewWithOptions("brreg", enhetsregisteret.Options{
		URL: ts.URL + demosources.BrregPath, PageSize: pageSize, MaxRetries: 2,
		Sleep: func(ctx context.Context, d time.Duration) error { f.waits = append(f.waits, d); return ctx.Err() },
	})
	if err != nil {
		t.Fatal(err)
	}
	f.sink = connectortest.NewSink(base)
	return f
}

func (f *fixture) sync(t *testing.T) error {
	t.Helper()
	return f.sink.Sync(context.Background(), f.conn)
}

func iri(s string) rdf.IRI {
	v, err := rdf.NewIRI(s)
	if err != nil {
		panic(err)
	}
	return v
}

var wantKeys = []string{
	"enhet/999991009", "enhet/999991017", "enhet/999991025", "enhet/999991033", "enhet/999991041",
	"underenhet/999991068", "underenhet/999991076", "underenhet/999991084",
}

func TestBulkLoad(t *testing.T) {
	f := setup(t, 2)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantKeys, f.sink.Keys()); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if f.sink.Completed != 1 {
		t.Errorf("Complete called %d times, want 1", f.sink.Completed)
	}
	if len(f.sink.Quarantined) != 1 || f.sink.Quarantined[0].Key != "enhet/999991000" ||
		!strings.HasPrefix(f.sink.Quarantined[0].Reason, "organisasjonsnummer: ") ||
		!strings.Contains(f.sink.Quarantined[0].Reason, "check digit") {
		t.Errorf("quarantined = %+v, want the unit with the bad organisation number", f.sink.Quarantined)
	}
	if got, want := f.sink.Cursor(), "enheter.dato=2026-11-01T11%3A59%3A00Z&underenheter.dato=2026-11-01T11%3A59%3A00Z"; got != want {
		t.Errorf("cursor = %q, want %q", got, want)
	}
}

func TestMapping(t *testing.T) {
	f := setup(t, 100)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	kommune := iri(base + "id/organisation/999991009")
	skole := iri(base + "id/unit/999991068")
	tests := []struct {
		name string
		subj rdf.Subject
		pred rdf.IRI
		want []string
	}{
		{"name", kommune, vocab.SKOSPrefLabel, []string{"NABOBY KOMMUNE"}},
		{"number", kommune, vocab.DCTIdentifier, []string{"999991009"}},
		{"public body", kommune, vocab.RDFType, []string{vocab.CVPublicOrganisation.String(), vocab.ORGOrganization.String()}},
		{"organisasjonsform", kommune, vocab.ORGClassification, []string{enhetsregisteret.FormNS + "KOMM"}},
		{"næringskode", kommune, iri(vocab.ORGNS + "purpose"), []string{enhetsregisteret.IndustryNS + "84.110"}},
		{"homepage gets a scheme", kommune, vocab.FOAFHomepage, []string{"https://www.naboby.example"}},
		{"sub-units", kommune, vocab.ORGHasUnit, []string{base + "id/unit/999991068", base + "id/unit/999991084"}},
		{"sub-unit under its parent", skole, vocab.ORGUnitOf, []string{kommune.String()}},
		{"sub-unit type", skole, vocab.RDFType, []string{vocab.ORGOrganizationalUnit.String()}},
		{"company is not public", iri(base + "id/organisation/999991017"), vocab.RDFType, []string{vocab.ORGOrganization.String()}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, connectortest.Strings(f.sink.Objects(tc.subj, tc.pred.String()))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// The address with its municipality as an IRI.
	r, _ := f.sink.Record("underenhet/999991068")
	var addr rdf.Subject
	for _, tr := range r.Triples {
		if tr.Pred == vocab.LocnAddressProp {
			addr = tr.Obj.(rdf.Subject)
		}
	}
	got := map[string]string{}
	for _, tr := range r.Triples {
		if addr != nil && tr.Subj.String() == addr.String() {
			got[tr.Pred.String()] = tr.Obj.String()
		}
	}
	want := map[string]string{
		vocab.RDFType.String(): vocab.LocnAddress.String(), vocab.LocnFullAddress.String(): "Skoleveien 10, 9990 NABOBY",
		vocab.LocnThoroughfare.String(): "Skoleveien", vocab.LocnLocatorDesignator.String(): "10",
		vocab.LocnPostCode.String(): "9990", vocab.LocnPostName.String(): "NABOBY", vocab.LocnAdminUnitL1.String(): "NO",
		vocab.LocnAdminUnitL2.String(): "NABOBY", vocab.DCTSpatial.String(): base + "id/adminunit/5599",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("address (-want +got):\n%s", diff)
	}
}

func TestFeed(t *testing.T) {
	f := setup(t, 2)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	// The first feed read after the bulk load goes over the bulk file's own "Ny" updates again
	// (they are older than the file here, so nothing): it writes nothing.
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	if f.sink.Upserts != 0 || len(f.sink.Deleted) != 0 {
		t.Errorf("sync with no changes: %d upserts, deleted %v", f.sink.Upserts, f.sink.Deleted)
	}
	if !strings.Contains(f.sink.Cursor(), "dato") {
		t.Logf("cursor %q", f.sink.Cursor())
	}
	f.clock.Advance(time.Hour)
	// A change, a new unit, a deletion and a removal.
	u, _ := f.src.Get("enheter", "999991017")
	u["navn"] = "EKSEMPEL SKOLEMATERIELL OG LEKER AS"
	must(t, f.src.Put("enheter", u))
	must(t, f.src.Put("enheter", map[string]any{"organisasjonsnummer": "999991092", "navn": "NY BEDRIFT AS",
		"organisasjonsform": map[string]string{"kode": "AS", "beskrivelse": "Aksjeselskap"}}))
	f.src.Remove("enheter", "999991025", "Sletting")
	f.src.Remove("underenheter", "999991076", "Fjernet")
	must(t, f.src.Put("enheter", u)) // the same unit changed twice: read once
	f.clock.Advance(time.Minute)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	if f.sink.Upserts != 2 {
		t.Errorf("upserts = %d, want 2 (the changed and the new unit)", f.sink.Upserts)
	}
	if diff := cmp.Diff([]string{"enhet/999991025", "underenhet/999991076"}, f.sink.Deleted); diff != "" {
		t.Errorf("deleted (-want +got):\n%s", diff)
	}
	if got := connectortest.Strings(f.sink.Objects(iri(base+"id/organisation/999991017"), vocab.SKOSPrefLabel.String())); !slices.Equal(got, []string{"EKSEMPEL SKOLEMATERIELL OG LEKER AS"}) {
		t.Errorf("name after the change = %v", got)
	}
	if r, _ := f.sink.Record("enhet/999991017"); !r.Modified.Equal(f.clock.Now().Add(-time.Minute)) {
		t.Errorf("record modified %v, want the time of its update in the feed", r.Modified)
	}
	// Nothing new: nothing written, and the cursor is a position in the feed.
	cur := f.sink.Cursor()
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	if f.sink.Upserts != 0 || len(f.sink.Deleted) != 0 || f.sink.Cursor() != cur {
		t.Errorf("sync after catching up: %d upserts, deleted %v, cursor %q → %q", f.sink.Upserts, f.sink.Deleted, cur, f.sink.Cursor())
	}
}

func TestFeedResumesAfterFailure(t *testing.T) {
	f := setup(t, 2)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	for i := range 5 {
		u, _ := f.src.Get("enheter", "999991033")
		u["navn"] = "NABOBY IDRETTSLAG " + strings.Repeat("I", i+1)
		must(t, f.src.Put("enheter", u))
		u, _ = f.src.Get("enheter", "999991041")
		u["navn"] = "PRØVE RENHOLD " + strings.Repeat("I", i+1) + " AS"
		must(t, f.src.Put("enheter", u))
	}
	// Page 1 (two updates of two units: two unit reads) goes through, then the source fails.
	f.src.Fail(3, 10, http.StatusBadGateway, "")
	if err := f.sync(t); err == nil {
		t.Fatal("sync succeeded against a failing source")
	}
	before := f.sink.Cursor()
	if !strings.Contains(before, "enheter=") {
		t.Fatalf("cursor after the failure = %q, want a feed position", before)
	}
	f.src.Fail(0, 0, 0, "")
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	for nr, want := range map[string]string{"999991033": "NABOBY IDRETTSLAG IIIII", "999991041": "PRØVE RENHOLD IIIII AS"} {
		if got := connectortest.Strings(f.sink.Objects(iri(base+"id/organisation/"+nr), vocab.SKOSPrefLabel.String())); !slices.Equal(got, []string{want}) {
			t.Errorf("%s after resuming: %v, want %q", nr, got, want)
		}
	}
	if diff := cmp.Diff(wantKeys, f.sink.Keys()); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

func TestBulkRestartsAfterDroppedConnection(t *testing.T) {
	f := setup(t, 100)
	f.src.Fail(0, 1, 0, "") // the connection drops while the enheter file is read
	if err := f.sync(t); err == nil {
		t.Fatal("sync succeeded")
	}
	if f.sink.Cursor() != "" {
		t.Fatalf("cursor after a failed bulk load = %q, want none", f.sink.Cursor())
	}
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantKeys, f.sink.Keys()); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

func TestSettings(t *testing.T) {
	for _, tc := range []struct {
		settings map[string]string
		err      string
	}{
		{map[string]string{}, ""},
		{map[string]string{"url": "not a url"}, "settings.url"},
		{map[string]string{"page_size": "-1"}, "settings.page_size"},
		{map[string]string{"url": "http://localhost:1/api", "max_retries": "0"}, ""},
	} {
		_, err := enhetsregisteret.New("brreg", tc.settings)
		if (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("New(%v) = %v, want error containing %q", tc.settings, err, tc.err)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
