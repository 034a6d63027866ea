package amelding

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/connectors/connectortest"
	"github.com/grunddata/grunddata/vocab"
)

const base = "http://hub.test/"

const fixtures = "../../examples/exempelby/sources/a-melding"

// setup copies the fixture meldinger into a temporary directory and returns a connector over it.
func setup(t *testing.T, settings map[string]string) (*Connector, string) {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(fixtures, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, e.Name()), string(b))
	}
	if settings == nil {
		settings = map[string]string{}
	}
	settings["path"] = dir
	c, err := New("lonn", settings)
	if err != nil {
		t.Fatal(err)
	}
	return c, dir
}

func write(t *testing.T, path, doc string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sync(t *testing.T, c *Connector, sink *connectortest.Sink) {
	t.Helper()
	if err := sink.Sync(context.Background(), c); err != nil {
		t.Fatal(err)
	}
}

func iri(s string) rdf.IRI { i, _ := rdf.NewIRI(s); return i }

func objects(s *connectortest.Sink, subj rdf.IRI, pred rdf.IRI) []string {
	var out []string
	for _, o := range s.Objects(subj, pred.String()) {
		out = append(out, o.String())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// memberships returns the memberships of the person with the given fødselsnummer.
func memberships(t *testing.T, s *connectortest.Sink, fnr string) []rdf.IRI {
	t.Helper()
	person, err := s.Person(context.Background(), connectors.PersonKey{NationalID: fnr, Scheme: vocab.GDNorwegianNationalIdentityNumber})
	if err != nil {
		t.Fatal(err)
	}
	var out []rdf.IRI
	for _, tr := range s.Triples() {
		if tr.Pred == vocab.ORGMember && tr.Obj.String() == person.String() {
			out = append(out, tr.Subj.(rdf.IRI))
		}
	}
	slices.SortFunc(out, func(a, b rdf.IRI) int { return strings.Compare(a.String(), b.String()) })
	return out
}

func TestFullSync(t *testing.T) {
	c, _ := setup(t, nil)
	sink := connectortest.NewSink(base)
	sync(t, c, sink)

	var employments int
	for _, k := range sink.Keys() {
		if strings.HasPrefix(k, "arbeidsforhold/") {
			employments++
		}
	}
	if employments != 6 {
		t.Errorf("%d employments, want 6: %v", employments, sink.Keys())
	}
	for _, k := range []string{"opplysningspliktig/910000004", "virksomhet/910000012", "virksomhet/910000020"} {
		if _, ok := sink.Record(k); !ok {
			t.Errorf("no record %s", k)
		}
	}
	if len(sink.Quarantined) != 1 || !strings.HasPrefix(sink.Quarantined[0].Reason, "inntektsmottaker/norskIdentifikator: ") ||
		!strings.HasPrefix(string(sink.Quarantined[0].Raw), "<inntektsmottaker>") || strings.Contains(string(sink.Quarantined[0].Raw), "beloep") {
		t.Errorf("quarantined %+v", sink.Quarantined)
	}
	if got := objects(sink, iri(base+"id/unit/910000020"), vocab.ORGUnitOf); !slices.Equal(got, []string{base + "id/organisation/910000004"}) {
		t.Errorf("virksomhet unitOf %v", got)
	}

	// Ola has two employments in two virksomheter: two memberships.
	ola := memberships(t, sink, "23877990095")
	if len(ola) != 2 {
		t.Fatalf("Ola's memberships %v", ola)
	}
	var orgs []string
	for _, m := range ola {
		orgs = append(orgs, objects(sink, m, vocab.ORGOrganizationProp)...)
	}
	slices.Sort(orgs)
	if !slices.Equal(orgs, []string{base + "id/unit/910000012", base + "id/unit/910000020"}) {
		t.Errorf("Ola's organisations %v", orgs)
	}
	m := ola[0]
	for pred, want := range map[rdf.IRI]string{
		vocab.GDEmploymentPercentage: "60", vocab.GDOccupationCode: "2341106", vocab.GDFullTimeWeeklyHours: "37.5",
		vocab.GDEmploymentForm: "ordinaertArbeidsforhold",
	} {
		if got := objects(sink, m, pred); !slices.Equal(got, []string{want}) {
			t.Errorf("%s %s = %v, want %s", m, pred, got, want)
		}
	}
	// Nils's employment ended in October: the membership stays, its period ends.
	nils := memberships(t, sink, "01868690050")
	if len(nils) != 1 {
		t.Fatalf("Nils's memberships %v", nils)
	}
	var end string
	for _, tr := range sink.Triples() {
		if tr.Pred == vocab.DCATEndDate {
			end = tr.Obj.String()
		}
	}
	if end != "2026-10-15" {
		t.Errorf("end date %q, want 2026-10-15", end)
	}
	// Salary amounts are never stored, nor a national identity number in an IRI.
	for _, tr := range sink.Triples() {
		if strings.Contains(tr.Obj.String(), "48000") {
			t.Errorf("a salary amount was stored: %v", tr)
		}
		for _, term := range []rdf.Term{tr.Subj, tr.Obj} {
			if i, ok := term.(rdf.IRI); ok && strings.Contains(i.String(), "23877990095") {
				t.Errorf("national ID in IRI %s", i)
			}
		}
	}
}

func TestRepeatChangeReplaceDelete(t *testing.T) {
	c, dir := setup(t, nil)
	sink := connectortest.NewSink(base)
	sync(t, c, sink)
	total := len(sink.Keys())

	sync(t, c, sink) // unchanged directory: not read again
	if sink.Upserts+sink.Unchanged+len(sink.Deleted) != 0 {
		t.Errorf("repeat: %d upserts %d unchanged %v deleted", sink.Upserts, sink.Unchanged, sink.Deleted)
	}
	sink.ResetCounters()
	if err := c.Sync(context.Background(), "", sink); err != nil { // a full re-read
		t.Fatal(err)
	}
	if sink.Upserts != 0 || sink.Unchanged != total || len(sink.Deleted) != 0 {
		t.Errorf("re-read: %d upserts %d unchanged (want %d) %v deleted", sink.Upserts, sink.Unchanged, total, sink.Deleted)
	}

	// November: a corrected October melding replaces the first one; it reports Kari at 80 % and
	// leaves out Siri's assignment, which was reported by mistake.
	oct := read(t, filepath.Join(dir, "naboby-2026-10.xml"))
	fixed := strings.Replace(oct, "<meldingsId>NABO-2026-10-1</meldingsId>",
		"<meldingsId>NABO-2026-10-2</meldingsId><erstatterMeldingsId>NABO-2026-10-1</erstatterMeldingsId>", 1)
	fixed = strings.Replace(fixed, "<stillingsprosent>100</stillingsprosent>", "<stillingsprosent>80</stillingsprosent>", 1)
	start := strings.Index(fixed, "<inntektsmottaker>\n        <norskIdentifikator>24927090054")
	stop := strings.Index(fixed[start:], "</inntektsmottaker>") + start + len("</inntektsmottaker>")
	fixed = fixed[:start] + fixed[stop:]
	write(t, filepath.Join(dir, "naboby-2026-10-korrigert.xml"), fixed)
	sync(t, c, sink)
	if sink.Upserts != 1 || len(sink.Deleted) != 1 || !strings.HasPrefix(sink.Deleted[0], "arbeidsforhold/910000012/") {
		t.Errorf("replacement: %d upserts, deleted %v", sink.Upserts, sink.Deleted)
	}
	kari := memberships(t, sink, "12838490059")
	if got := objects(sink, kari[0], vocab.GDEmploymentPercentage); !slices.Equal(got, []string{"80"}) {
		t.Errorf("Kari's percentage %v", got)
	}
	if len(memberships(t, sink, "24927090054")) != 0 {
		t.Error("the mistaken assignment is still there")
	}
}

func TestMalformedRecords(t *testing.T) {
	doc := func(virksomhet, fnr, af string) string {
		return `<?xml version="1.0"?><melding xmlns="` + Namespace + `"><Leveranse><kalendermaaned>2026-10</kalendermaaned>` +
			`<meldingsId>1</meldingsId><opplysningspliktig><norskIdentifikator>910000004</norskIdentifikator></opplysningspliktig>` +
			`<oppgave><virksomhet><norskIdentifikator>` + virksomhet + `</norskIdentifikator>` +
			`<inntektsmottaker><norskIdentifikator>` + fnr + `</norskIdentifikator><arbeidsforhold>` + af + `</arbeidsforhold></inntektsmottaker>` +
			`<inntektsmottaker><norskIdentifikator>12838490059</norskIdentifikator><arbeidsforhold><arbeidsforholdId>ok</arbeidsforholdId></arbeidsforhold></inntektsmottaker>` +
			`</virksomhet></oppgave></Leveranse></melding>`
	}
	good := "<arbeidsforholdId>1</arbeidsforholdId><startdato>2020-01-01</startdato>"
	for _, tc := range []struct{ name, doc, reason string }{
		{"bad fnr", doc("910000012", "12838490058", good), "inntektsmottaker/norskIdentifikator: "},
		{"no fnr", doc("910000012", "", good), "inntektsmottaker/norskIdentifikator: missing"},
		{"no id", doc("910000012", "23877990095", "<startdato>2020-01-01</startdato>"), "arbeidsforhold/arbeidsforholdId: missing"},
		{"bad date", doc("910000012", "23877990095", "<arbeidsforholdId>1</arbeidsforholdId><startdato>2020-02-30</startdato>"), "arbeidsforhold/startdato: "},
		{"end before start", doc("910000012", "23877990095", good+"<sluttdato>2019-01-01</sluttdato>"), "arbeidsforhold/sluttdato: "},
		{"yrke", doc("910000012", "23877990095", good+"<yrke>2341</yrke>"), "arbeidsforhold/yrke: "},
		{"percentage", doc("910000012", "23877990095", good+"<stillingsprosent>140</stillingsprosent>"), "arbeidsforhold/stillingsprosent: "},
		{"hours", doc("910000012", "23877990095", good+"<antallTimerPerUkeSomEnFullStillingTilsvarer>x</antallTimerPerUkeSomEnFullStillingTilsvarer>"), "arbeidsforhold/antallTimerPerUkeSomEnFullStillingTilsvarer: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.xml")
			write(t, path, tc.doc)
			c, _ := New("lonn", map[string]string{"path": path})
			sink := connectortest.NewSink(base)
			sync(t, c, sink)
			if len(sink.Quarantined) != 1 || !strings.HasPrefix(sink.Quarantined[0].Reason, tc.reason) {
				t.Errorf("quarantined %+v, want reason %q…", sink.Quarantined, tc.reason)
			}
			if len(memberships(t, sink, "12838490059")) != 1 {
				t.Error("the good employment was not imported")
			}
		})
	}
	// A virksomhet with a bad number: it and its employees are quarantined.
	path := filepath.Join(t.TempDir(), "m.xml")
	write(t, path, doc("910000013", "23877990095", good))
	c, _ := New("lonn", map[string]string{"path": path})
	sink := connectortest.NewSink(base)
	sync(t, c, sink)
	if len(sink.Quarantined) != 3 || !strings.HasPrefix(sink.Quarantined[0].Reason, "virksomhet/norskIdentifikator: ") {
		t.Errorf("bad virksomhet: quarantined %+v", sink.Quarantined)
	}
}

func TestFailureMidSyncResumes(t *testing.T) {
	c, _ := setup(t, map[string]string{"checkpointEvery": "2"})
	ref := connectortest.NewSink(base)
	sync(t, c, ref)

	sink := connectortest.NewSink(base)
	sink.FailAfter = 5
	if err := c.Sync(context.Background(), "", sink); !errors.Is(err, connectortest.ErrInjected) {
		t.Fatalf("interrupted: %v", err)
	}
	cur := connectors.ParseSnapshotCursor(sink.Cursor())
	if cur.Complete || cur.Done == 0 {
		t.Fatalf("cursor after failure %q", sink.Cursor())
	}
	sink.FailAfter = 0
	sync(t, c, sink)
	if len(sink.Deleted) != 0 {
		t.Errorf("resumed run deleted %v", sink.Deleted)
	}
	if !slices.Equal(sink.Keys(), ref.Keys()) {
		t.Errorf("after resuming\n got %v\nwant %v", sink.Keys(), ref.Keys())
	}
	if sink.Unchanged > 1 {
		t.Errorf("the resumed run handed over %d records again (at most the one that failed)", sink.Unchanged)
	}
}

func TestNotAMelding(t *testing.T) {
	for _, doc := range []string{`<?xml version="1.0"?><melding xmlns="urn:other"/>`, `<paxml/>`, `not xml`} {
		path := filepath.Join(t.TempDir(), "m.xml")
		write(t, path, doc)
		c, _ := New("lonn", map[string]string{"path": path})
		sink := connectortest.NewSink(base)
		if err := c.Sync(context.Background(), "", sink); err == nil || sink.Completed != 0 {
			t.Errorf("%q: err %v, completed %d", doc, err, sink.Completed)
		}
	}
}

// A melding that arrives broken (cut off in transfer) stops the sync before anything is deleted;
// once it is whole, the sync completes.
func TestBrokenMeldingStopsBeforeDeleting(t *testing.T) {
	c, dir := setup(t, nil)
	sink := connectortest.NewSink(base)
	sync(t, c, sink)
	before := sink.Keys()
	oct := read(t, filepath.Join(dir, "naboby-2026-10.xml"))
	nov := strings.ReplaceAll(oct, "2026-10", "2026-11")
	write(t, filepath.Join(dir, "naboby-2026-11.xml"), nov[:len(nov)/2])
	sink.ResetCounters()
	if err := c.Sync(context.Background(), sink.Cursor(), sink); err == nil {
		t.Fatal("a cut-off melding gave no error")
	}
	if len(sink.Deleted) != 0 || sink.Upserts != 0 {
		t.Errorf("broken melding: %d upserts, deleted %v", sink.Upserts, sink.Deleted)
	}
	write(t, filepath.Join(dir, "naboby-2026-11.xml"), nov)
	sync(t, c, sink)
	if len(sink.Deleted) != 0 || !slices.Equal(sink.Keys(), before) {
		t.Errorf("whole melding: deleted %v, keys %v", sink.Deleted, sink.Keys())
	}
}
