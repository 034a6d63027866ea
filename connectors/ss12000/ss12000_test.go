package ss12000_test

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
	"github.com/grunddata/grunddata/connectors/ss12000"
	"github.com/grunddata/grunddata/examples/demosources"
	"github.com/grunddata/grunddata/model/ident"
	"github.com/grunddata/grunddata/vocab"
)

const base = "http://hub.example/"

type fixture struct {
	src   *demosources.SS12000
	clock *demosources.Clock
	conn  *ss12000.Connector
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
	f.src = srcs.SS12000
	ts := httptest.NewServer(srcs.Handler())
	t.Cleanup(ts.Close)
	f.conn, err = ss12000.NewWithOptions("school", ss12000.Options{
		URL: ts.URL + demosources.SS12000Path, Token: demosources.Token, PageSize: pageSize, MaxRetries: 3,
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

// The Exempelby dataset: 6 organisations, 12 persons (one with a bad civicNo), 6 duties (two role
// types besides the four standard ones seen), 3 groups.
var wantKeys = []string{
	"duty/5e000000-0000-4000-8002-000000000001", "duty/5e000000-0000-4000-8002-000000000002",
	"duty/5e000000-0000-4000-8002-000000000003", "duty/5e000000-0000-4000-8002-000000000004",
	"duty/5e000000-0000-4000-8002-000000000005", "duty/5e000000-0000-4000-8002-000000000006",
	"group/5e000000-0000-4000-8003-000000000001", "group/5e000000-0000-4000-8003-000000000002",
	"group/5e000000-0000-4000-8003-000000000003",
	"organisation/5e000000-0000-4000-8000-000000000001", "organisation/5e000000-0000-4000-8000-000000000002",
	"organisation/5e000000-0000-4000-8000-000000000003", "organisation/5e000000-0000-4000-8000-000000000004",
	"organisation/5e000000-0000-4000-8000-000000000005", "organisation/5e000000-0000-4000-8000-000000000006",
	"person/5e000000-0000-4000-8001-000000000001", "person/5e000000-0000-4000-8001-000000000002",
	"person/5e000000-0000-4000-8001-000000000003", "person/5e000000-0000-4000-8001-000000000004",
	"person/5e000000-0000-4000-8001-000000000005", "person/5e000000-0000-4000-8001-000000000006",
	"person/5e000000-0000-4000-8001-000000000007", "person/5e000000-0000-4000-8001-000000000008",
	"person/5e000000-0000-4000-8001-000000000009", "person/5e000000-0000-4000-8001-000000000010",
	"person/5e000000-0000-4000-8001-000000000011",
	"roletype/leisure-time-teacher", "roletype/principal", "roletype/school-counsellor",
	"roletype/ss12000-elevhalsosamordnare", "roletype/teacher",
}

func TestFullSync(t *testing.T) {
	f := setup(t, 4) // small pages, so paging is exercised
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantKeys, f.sink.Keys()); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if f.sink.Completed != 1 {
		t.Errorf("Complete called %d times on a full sync, want 1", f.sink.Completed)
	}
	// The malformed person is quarantined with a reason naming the field, without the number.
	if len(f.sink.Quarantined) != 1 {
		t.Fatalf("quarantined %v, want one record", f.sink.Quarantined)
	}
	q := f.sink.Quarantined[0]
	if q.Key != "person/5e000000-0000-4000-8001-000000000012" || !strings.HasPrefix(q.Reason, "civicNo: ") ||
		!strings.Contains(q.Reason, "check digit") || strings.Contains(q.Reason, "201405059999") {
		t.Errorf("quarantine = %q %q", q.Key, q.Reason)
	}
	if !strings.Contains(string(q.Raw), `"Felskrivsson"`) {
		t.Errorf("quarantined raw record = %s, want the source JSON", q.Raw)
	}
	if got := f.sink.Cursor(); !strings.HasPrefix(got, "since=2026-11-01T11%3A59%3A59Z") || strings.Contains(got, "phase") {
		t.Errorf("cursor after a full sync = %q, want since= the server's start time less a second", got)
	}
}

func TestMapping(t *testing.T) {
	f := setup(t, 100)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	karin := personIRI(t, f, "5e000000-0000-4000-8001-000000000001")
	solberga := iri(base + "id/unit/99990001")
	kommun := iri(base + "id/organisation/2129990004")
	duty := iri(base + "id/membership/5e000000-0000-4000-8002-000000000001")
	tests := []struct {
		name string
		subj rdf.Subject
		pred rdf.IRI
		want []string
	}{
		{"school unit name", solberga, vocab.SKOSPrefLabel, []string{"Solbergaskolan"}},
		{"school unit is a unit of the huvudman", solberga, vocab.ORGUnitOf, []string{kommun.String()}},
		{"school unit under the förvaltning", solberga, vocab.ORGSubOrganizationOf, []string{base + "id/unit/100"}},
		{"school unit type kept", solberga, vocab.ORGClassification, []string{ss12000.CodeNS + "organisationType/Skolenhet"}},
		{"huvudman by organisation number", kommun, vocab.DCTIdentifier, []string{"2129990004"}},
		{"huvudman is public", kommun, vocab.RDFType, []string{vocab.CVPublicOrganisation.String(), vocab.ORGOrganization.String()}},
		{"huvudman has its units", kommun, vocab.ORGHasUnit, []string{base + "id/unit/100", base + "id/unit/99990001", base + "id/unit/99990002"}},
		{"person name", karin, vocab.FOAFFamilyName, []string{"Lärarsson"}},
		{"person birth date from civicNo", karin, vocab.CVBirthDate, []string{"1980-03-14"}},
		{"person unprotected", karin, vocab.GDProtectionLevel, []string{vocab.GDUnprotected.String()}},
		{"duty member", duty, vocab.ORGMember, []string{karin.String()}},
		{"duty at", duty, vocab.ORGOrganizationProp, []string{solberga.String()}},
		{"duty role", duty, vocab.ORGRoleProp, []string{base + "id/roletype/teacher"}},
		{"duty percent", duty, vocab.GDEmploymentPercentage, []string{"80"}},
		{"unknown duty role kept", iri(base + "id/roletype/ss12000-elevhalsosamordnare"), vocab.SKOSPrefLabel, []string{"Elevhälsosamordnare"}},
		{"group is a unit of the school", iri(base + "id/unit/5e000000-0000-4000-8003-000000000001"), vocab.ORGSubOrganizationOf, []string{solberga.String()}},
		{"group type kept", iri(base + "id/unit/5e000000-0000-4000-8003-000000000002"), vocab.ORGClassification, []string{ss12000.CodeNS + "groupType/Undervisning"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, connectortest.Strings(f.sink.Objects(tc.subj, tc.pred.String()))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// The national number is an identifier of the person, normalised, with its scheme.
	r, _ := f.sink.Record("person/5e000000-0000-4000-8001-000000000001")
	ids := objects(r.Triples, karin, vocab.ADMSIdentifierProp)
	if len(ids) != 1 {
		t.Fatalf("identifiers = %v", ids)
	}
	id := ids[0].(rdf.Subject)
	if got := connectortest.Strings(objects(r.Triples, id, vocab.SKOSNotation)); !slices.Equal(got, []string{"198003149815"}) {
		t.Errorf("notation = %v", got)
	}
	if got := connectortest.Strings(objects(r.Triples, id, vocab.DCTConformsTo)); !slices.Equal(got, []string{vocab.GDSwedishPersonalIdentityNumber.String()}) {
		t.Errorf("scheme = %v", got)
	}
	// A membership of the class, with the class's period.
	m := iri(base + "id/membership/5e000000-0000-4000-8004-000000000002")
	if got := connectortest.Strings(f.sink.Objects(m, vocab.ORGOrganizationProp.String())); !slices.Equal(got, []string{base + "id/unit/5e000000-0000-4000-8003-000000000001"}) {
		t.Errorf("group membership organisation = %v", got)
	}
}

// objects are the objects of subj pred among one record's triples (blank nodes are local to a record).
func objects(ts []rdf.Triple, subj rdf.Subject, pred rdf.IRI) []rdf.Object {
	var out []rdf.Object
	for _, t := range ts {
		if t.Subj.String() == subj.String() && t.Pred == pred {
			out = append(out, t.Obj)
		}
	}
	return out
}

func personIRI(t *testing.T, f *fixture, id string) rdf.IRI {
	t.Helper()
	r, ok := f.sink.Record("person/" + id)
	if !ok {
		t.Fatalf("no record person/%s", id)
	}
	return r.Triples[0].Subj.(rdf.IRI)
}

func TestProtectedPersonsHaveNoAddress(t *testing.T) {
	f := setup(t, 100)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id    string
		level rdf.IRI
	}{
		{"5e000000-0000-4000-8001-000000000006", vocab.GDProtectedIdentity}, // Skyddad folkbokföring
		{"5e000000-0000-4000-8001-000000000007", vocab.GDConfidential},      // Sekretessmarkering
	} {
		p := personIRI(t, f, tc.id)
		if got := connectortest.Strings(f.sink.Objects(p, vocab.GDProtectionLevel.String())); !slices.Equal(got, []string{tc.level.String()}) {
			t.Errorf("%s: protection level %v, want %s", tc.id, got, tc.level)
		}
		r, _ := f.sink.Record("person/" + tc.id)
		for _, tr := range r.Triples {
			if tr.Pred == vocab.LocnAddressProp || strings.Contains(tr.Obj.String(), "Hemliga") ||
				strings.Contains(tr.Obj.String(), "Dolda") || strings.Contains(tr.Obj.String(), "privat") {
				t.Errorf("%s: protected person's record holds %v", tc.id, tr)
			}
		}
	}
	// An unprotected person keeps the address.
	if got := f.sink.Objects(personIRI(t, f, "5e000000-0000-4000-8001-000000000001"), vocab.LocnAddressProp.String()); len(got) != 1 {
		t.Errorf("unprotected person's addresses = %v, want 1", got)
	}
}

func TestSecondSyncWritesNothing(t *testing.T) {
	f := setup(t, 4)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Minute)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	if f.sink.Upserts != 0 || len(f.sink.Deleted) != 0 || len(f.sink.Quarantined) != 0 {
		t.Errorf("second sync: %d upserts, deleted %v, quarantined %v; want nothing", f.sink.Upserts, f.sink.Deleted, f.sink.Quarantined)
	}
	if diff := cmp.Diff(wantKeys, f.sink.Keys()); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

func TestIncrementalChangeAndDeletion(t *testing.T) {
	f := setup(t, 4)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	// Karin marries; Erik's duty ends; the 3B class is removed.
	karin, _ := f.src.Get("persons", "5e000000-0000-4000-8001-000000000001")
	karin["familyName"] = "Gift-Lärarsson"
	must(t, f.src.Put("persons", karin))
	d, _ := f.src.Get("duties", "5e000000-0000-4000-8002-000000000002")
	d["endDate"] = "2026-12-31"
	must(t, f.src.Put("duties", d))
	if !f.src.Delete("groups", "5e000000-0000-4000-8003-000000000003") {
		t.Fatal("no group to delete")
	}
	f.clock.Advance(time.Minute)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	if f.sink.Upserts != 2 {
		t.Errorf("incremental sync upserted %d records, want 2 (the changed person and duty)", f.sink.Upserts)
	}
	if diff := cmp.Diff([]string{"group/5e000000-0000-4000-8003-000000000003"}, f.sink.Deleted); diff != "" {
		t.Errorf("deleted (-want +got):\n%s", diff)
	}
	p := personIRI(t, f, "5e000000-0000-4000-8001-000000000001")
	if got := connectortest.Strings(f.sink.Objects(p, vocab.FOAFFamilyName.String())); !slices.Equal(got, []string{"Gift-Lärarsson"}) {
		t.Errorf("family name after the change = %v", got)
	}
	if p != personIRI(t, f, "5e000000-0000-4000-8001-000000000001") {
		t.Error("the person changed IRI")
	}
	if f.sink.Completed != 1 {
		t.Errorf("an incremental sync called Complete")
	}
}

func TestResumeAfterSourceFailure(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int // 0: dropped connection
	}{{"503", http.StatusServiceUnavailable}, {"dropped connection", 0}} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t, 3)
			// The organisations (2 pages) and 2 pages of persons succeed, then the source fails for
			// longer than the connector retries.
			f.src.Fail(4, 10, tc.status, "")
			err := f.sync(t)
			if err == nil {
				t.Fatal("sync succeeded against a failing source")
			}
			if len(f.waits) != 3 {
				t.Errorf("retried %d times, want 3", len(f.waits))
			}
			cur := f.sink.Cursor()
			if !strings.Contains(cur, "phase=persons") || !strings.Contains(cur, "page=") {
				t.Fatalf("cursor after the failure = %q, want a page within persons", cur)
			}
			first := f.sink.Upserts
			f.src.Fail(0, 0, 0, "")
			if err := f.sync(t); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantKeys, f.sink.Keys()); diff != "" {
				t.Errorf("records after resuming (-want +got):\n%s", diff)
			}
			// No record handed over twice: the resumed run starts at the page that failed.
			if f.sink.Unchanged != 0 {
				t.Errorf("resumed sync re-sent %d unchanged records", f.sink.Unchanged)
			}
			if total := first + f.sink.Upserts; total != len(wantKeys) {
				t.Errorf("upserts over both runs = %d, want %d (each record once)", total, len(wantKeys))
			}
			if strings.Contains(f.sink.Cursor(), "phase") {
				t.Errorf("cursor after the resumed sync = %q, want a finished pass", f.sink.Cursor())
			}
			if f.sink.Completed != 1 || len(f.sink.Deleted) != 0 {
				t.Errorf("the resumed full pass completed %d times and deleted %v; want once, nothing", f.sink.Completed, f.sink.Deleted)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	f := setup(t, 100)
	f.src.Fail(1, 2, http.StatusTooManyRequests, "7")
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]time.Duration{7 * time.Second, 7 * time.Second}, f.waits); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantKeys, f.sink.Keys()); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

func TestBadToken(t *testing.T) {
	f := setup(t, 100)
	conn, err := ss12000.NewWithOptions("school", ss12000.Options{URL: strings.TrimSuffix(f.connURL(t), "/"), Token: "wrong"})
	if err != nil {
		t.Fatal(err)
	}
	err = conn.Sync(context.Background(), "", f.sink)
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("sync with a wrong token: %v, want a 401 error", err)
	}
	if len(f.sink.Keys()) != 0 {
		t.Errorf("stored %v with a wrong token", f.sink.Keys())
	}
}

func TestSettings(t *testing.T) {
	for _, tc := range []struct {
		settings map[string]string
		err      string
	}{
		{map[string]string{}, "settings.url"},
		{map[string]string{"url": "ftp://x"}, "settings.url"},
		{map[string]string{"url": "http://x", "page_size": "many"}, "settings.page_size"},
		{map[string]string{"url": "http://x", "token_env": "GRUNDDATA_TEST_NO_SUCH_VAR"}, "settings.token_env"},
		{map[string]string{"url": "http://x", "token": "t", "page_size": "50", "max_retries": "0"}, ""},
	} {
		_, err := ss12000.New("school", tc.settings)
		if (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("New(%v) = %v, want error containing %q", tc.settings, err, tc.err)
		}
	}
}

func (f *fixture) connURL(t *testing.T) string {
	t.Helper()
	srcs, err := demosources.Exempelby(nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srcs.Handler())
	t.Cleanup(ts.Close)
	return ts.URL + demosources.SS12000Path
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestQuarantineKeepsNoProtectedAddress(t *testing.T) {
	f := setup(t, 100)
	tolvan, _ := f.src.Get("persons", "5e000000-0000-4000-8001-000000000006")
	tolvan["familyName"] = "" // now it cannot be mapped
	must(t, f.src.Put("persons", tolvan))
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	var q *connectortest.Quarantined
	for i := range f.sink.Quarantined {
		if f.sink.Quarantined[i].Key == "person/5e000000-0000-4000-8001-000000000006" {
			q = &f.sink.Quarantined[i]
		}
	}
	if q == nil || q.Reason != "familyName: missing" {
		t.Fatalf("quarantined %+v", f.sink.Quarantined)
	}
	for _, secret := range []string{"Hemliga", "99999", "tolvan.privat"} {
		if strings.Contains(string(q.Raw), secret) {
			t.Errorf("quarantined raw record of a protected person holds %q: %s", secret, q.Raw)
		}
	}
	if !strings.Contains(string(q.Raw), "Skyddad folkbokföring") {
		t.Errorf("raw = %s, want the rest of the record", q.Raw)
	}
	// The duty-less person's absence does not quarantine anything else.
	if len(f.sink.Quarantined) != 2 {
		t.Errorf("quarantined %d records, want 2 (Tolvan and the bad civicNo)", len(f.sink.Quarantined))
	}
}

// TestUnknownValuesKept: enumeration values the standard does not (yet) have are kept as concepts
// of their own, not rejected; a samordningsnummer gets its own scheme.
func TestUnknownValuesKept(t *testing.T) {
	f := setup(t, 100)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	must(t, f.src.Put("organisations", map[string]any{"id": "5e000000-0000-4000-8000-000000000099",
		"displayName": "Solbergas fritidshem", "organisationType": "Fritidshemsenhet", "organisationCode": "FH1",
		"parentOrganisation": map[string]any{"id": "5e000000-0000-4000-8000-000000000003"}}))
	must(t, f.src.Put("groups", map[string]any{"id": "5e000000-0000-4000-8003-000000000099", "displayName": "Läsgrupp",
		"groupType": "Läsfrämjande", "startDate": "2026-09-01", "organisation": map[string]any{"id": "5e000000-0000-4000-8000-000000000003"}}))
	must(t, f.src.Put("persons", map[string]any{"id": "5e000000-0000-4000-8001-000000000099", "givenName": "Sam",
		"familyName": "Ordningsson", "securityMarking": "Ingen",
		"civicNo": map[string]any{"value": ident.MakeSwedishPerson(time.Date(1990, 9, 9, 0, 0, 0, 0, time.UTC), 991, true)}}))
	f.clock.Advance(time.Minute)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	for subj, want := range map[string]string{
		base + "id/unit/FH1": ss12000.CodeNS + "organisationType/Fritidshemsenhet",
		base + "id/unit/5e000000-0000-4000-8003-000000000099": ss12000.CodeNS + "groupType/L%C3%A4sfr%C3%A4mjande",
	} {
		if got := connectortest.Strings(f.sink.Objects(iri(subj), vocab.ORGClassification.String())); !slices.Equal(got, []string{want}) {
			t.Errorf("%s classification = %v, want %s", subj, got, want)
		}
	}
	r, ok := f.sink.Record("person/5e000000-0000-4000-8001-000000000099")
	if !ok {
		t.Fatalf("no person record; quarantined %+v", f.sink.Quarantined)
	}
	var schemes []rdf.Object
	for _, tr := range r.Triples {
		if tr.Pred == vocab.DCTConformsTo {
			schemes = append(schemes, tr.Obj)
		}
	}
	if got := connectortest.Strings(schemes); !slices.Equal(got, []string{vocab.GDSwedishCoordinationNumber.String()}) {
		t.Errorf("scheme of a samordningsnummer = %v", got)
	}
	if got := connectortest.Strings(objects(r.Triples, personIRI(t, f, "5e000000-0000-4000-8001-000000000099"), vocab.CVBirthDate)); !slices.Equal(got, []string{"1990-09-09"}) {
		t.Errorf("birth date from a samordningsnummer = %v", got)
	}
}
