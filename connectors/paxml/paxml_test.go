package paxml

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

// fixture is Exempelby's payroll file, the one the demo syncs.
const fixture = "../../examples/exempelby/sources/paxml/exempelby-lon.xml"

func readFixture(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// setup writes doc to a temporary file and returns a connector reading it.
func setup(t *testing.T, doc string, settings map[string]string) (*Connector, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lon.xml")
	write(t, path, doc)
	if settings == nil {
		settings = map[string]string{}
	}
	settings["path"] = path
	c, err := New("payroll", settings)
	if err != nil {
		t.Fatal(err)
	}
	return c, path
}

func write(t *testing.T, path, doc string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
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
	return slices.Compact(out) // two records may say the same
}

func TestFullSyncOfExempelby(t *testing.T) {
	c, _ := setup(t, readFixture(t), nil)
	sink := connectortest.NewSink(base)
	sync(t, c, sink)

	want := []string{
		"employment/1001", "employment/1002", "employment/1003", "employment/1004", "employment/1005",
		"employment/1006", "employment/1007", "employment/1009", "organisation/2129990004",
		"unit/100", "unit/200", "unit/210", "unit/99990001", "unit/99990002", "unit/P17",
	}
	if got := sink.Keys(); !slices.Equal(got, want) {
		t.Errorf("keys\n got %v\nwant %v", got, want)
	}
	if len(sink.Quarantined) != 1 || sink.Quarantined[0].Key != "employment/1008" ||
		!strings.HasPrefix(sink.Quarantined[0].Reason, "persnr: ") || !strings.HasPrefix(string(sink.Quarantined[0].Raw), `<person anstid="1008"`) || !strings.HasSuffix(string(sink.Quarantined[0].Raw), "</person>") {
		t.Errorf("quarantined %+v", sink.Quarantined)
	}
	if sink.Completed != 1 {
		t.Errorf("Complete called %d times", sink.Completed)
	}

	// Erik has two employments: two memberships of one person.
	m2, m7 := iri(base+"id/membership/payroll-1002"), iri(base+"id/membership/payroll-1007")
	p2, p7 := objects(sink, m2, vocab.ORGMember), objects(sink, m7, vocab.ORGMember)
	if len(p2) != 1 || !slices.Equal(p2, p7) {
		t.Errorf("Erik's memberships name persons %v and %v", p2, p7)
	}
	if got := objects(sink, m7, vocab.ORGOrganizationProp); !slices.Equal(got, []string{base + "id/unit/99990002"}) {
		t.Errorf("1007 organisation %v", got)
	}
	if got := objects(sink, m2, vocab.GDEmploymentPercentage); !slices.Equal(got, []string{"60"}) {
		t.Errorf("1002 percentage %v", got)
	}
	if got := objects(sink, m2, vocab.GDOccupationCode); !slices.Equal(got, []string{"2341"}) {
		t.Errorf("1002 occupation %v", got)
	}
	if got := objects(sink, m2, vocab.ORGRoleProp); !slices.Equal(got, []string{base + "id/roletype/paxml-2341"}) {
		t.Errorf("1002 role %v", got)
	}
	person := iri(p2[0])
	if got := objects(sink, person, vocab.FOAFFamilyName); !slices.Equal(got, []string{"Skolman"}) {
		t.Errorf("family name %v", got)
	}
	if got := objects(sink, person, vocab.CVBirthDate); !slices.Equal(got, []string{"1975-11-02"}) {
		t.Errorf("birth date %v", got)
	}
	// The ended employment keeps its membership, with an end date.
	r5, _ := sink.Record("employment/1005")
	var end string
	for _, tr := range r5.Triples {
		if tr.Pred == vocab.DCATEndDate {
			end = tr.Obj.String()
		}
	}
	if end != "2025-06-30" {
		t.Errorf("1005 end date %q", end)
	}
	// Units belong to the employer.
	if got := objects(sink, iri(base+"id/unit/210"), vocab.ORGUnitOf); !slices.Equal(got, []string{base + "id/organisation/2129990004"}) {
		t.Errorf("unit 210 unitOf %v", got)
	}
	// No national identity number in any IRI, and no salary.
	for _, tr := range sink.Triples() {
		for _, term := range []rdf.Term{tr.Subj, tr.Obj} {
			if i, ok := term.(rdf.IRI); ok && strings.Contains(i.String(), "197511029824") {
				t.Errorf("national ID in IRI %s", i)
			}
		}
	}
}

func TestSecondSyncWritesNothingAndChangesAreIncremental(t *testing.T) {
	doc := readFixture(t)
	c, path := setup(t, doc, nil)
	sink := connectortest.NewSink(base)
	sync(t, c, sink)

	// The same file again: the cursor says it is done; nothing is read.
	sync(t, c, sink)
	if sink.Upserts+sink.Unchanged+len(sink.Deleted)+len(sink.Quarantined) != 0 {
		t.Errorf("unchanged file: %d upserts, %d unchanged, %v deleted", sink.Upserts, sink.Unchanged, sink.Deleted)
	}
	// Read again from the start (a retry): everything unchanged.
	sink.ResetCounters()
	if err := c.Sync(context.Background(), "", sink); err != nil {
		t.Fatal(err)
	}
	if sink.Upserts != 0 || sink.Unchanged != 15 || len(sink.Deleted) != 0 {
		t.Errorf("full re-read: %d upserts, %d unchanged, %v deleted", sink.Upserts, sink.Unchanged, sink.Deleted)
	}

	// One percentage changes, one employee leaves the file, the bad record is fixed.
	doc2 := strings.Replace(doc, "<sysgrad>60</sysgrad>", "<sysgrad>80</sysgrad>", 1)
	start := strings.Index(doc2, `<person anstid="1006"`)
	stop := strings.Index(doc2[start:], "</person>") + start + len("</person>")
	doc2 = doc2[:start] + doc2[stop:]
	doc2 = strings.Replace(doc2, "198212249985", "198212249984", 1)
	write(t, path, doc2)
	sync(t, c, sink)
	if sink.Upserts != 2 || !slices.Equal(sink.Deleted, []string{"employment/1006"}) || len(sink.Quarantined) != 0 {
		t.Errorf("changed file: %d upserts, deleted %v, quarantined %v", sink.Upserts, sink.Deleted, sink.Quarantined)
	}
	if got := objects(sink, iri(base+"id/membership/payroll-1002"), vocab.GDEmploymentPercentage); !slices.Equal(got, []string{"80"}) {
		t.Errorf("1002 percentage %v", got)
	}
}

func TestMalformedRecordsAreQuarantinedWithTheirField(t *testing.T) {
	person := func(attrs, body string) string {
		return `<?xml version="1.0"?><paxml><header><foretagorgnr>2129990004</foretagorgnr></header><personal>` +
			`<person ` + attrs + `><fornamn>A</fornamn><efternamn>B</efternamn>` + body + `</person>` +
			`<person anstid="9" persnr="198403129813"><efternamn>Ok</efternamn></person></personal></paxml>`
	}
	for _, tc := range []struct {
		name, doc, key, reason string
	}{
		{"bad check digit", person(`anstid="1" persnr="198403129812"`, ""), "employment/1", "persnr: "},
		{"no persnr", person(`anstid="1"`, ""), "employment/1", "persnr: missing"},
		{"no anstid", person(`persnr="198403129813"`, ""), "employment/#2", "anstid: missing"},
		{"bad start date", person(`anstid="1" persnr="198403129813"`, "<anstdatum>2012-13-01</anstdatum>"), "employment/1", "anstdatum: "},
		{"date format", person(`anstid="1" persnr="198403129813"`, "<anstdatum>01.08.2012</anstdatum>"), "employment/1", "anstdatum: \"01.08.2012\" is not a date"},
		{"end before start", person(`anstid="1" persnr="198403129813"`, "<anstdatum>2012-08-01</anstdatum><avgdatum>2011-01-01</avgdatum>"), "employment/1", "avgdatum: "},
		{"sysgrad", person(`anstid="1" persnr="198403129813"`, "<sysgrad>120</sysgrad>"), "employment/1", "sysgrad: "},
		{"anstid as element", person(`persnr="198403129813"`, "<anstid>a b</anstid>"), "employment/a b", "anstid: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := setup(t, tc.doc, nil)
			sink := connectortest.NewSink(base)
			sync(t, c, sink)
			if len(sink.Quarantined) != 1 || sink.Quarantined[0].Key != tc.key || !strings.HasPrefix(sink.Quarantined[0].Reason, tc.reason) {
				t.Errorf("quarantined %+v, want key %q reason %q…", sink.Quarantined, tc.key, tc.reason)
			}
			if _, ok := sink.Record("employment/9"); !ok {
				t.Error("the good record after the bad one was not imported")
			}
		})
	}
}

func TestFailureMidSyncResumes(t *testing.T) {
	c, _ := setup(t, readFixture(t), map[string]string{"checkpointEvery": "3"})
	sink := connectortest.NewSink(base)
	sink.FailAfter = 8
	if err := c.Sync(context.Background(), "", sink); !errors.Is(err, connectortest.ErrInjected) {
		t.Fatalf("interrupted sync: %v", err)
	}
	cur := connectors.ParseSnapshotCursor(sink.Cursor())
	if cur.Complete || cur.Done != 6 {
		t.Fatalf("cursor after failure %q, want 6 items done", sink.Cursor())
	}
	sink.FailAfter = 0
	sync(t, c, sink)
	// The resumed run starts after item 6: it hands over items 7… once, none twice, none lost.
	if sink.Unchanged != 2 || sink.Upserts != 7 || len(sink.Deleted) != 0 {
		t.Errorf("resumed: %d upserts, %d unchanged, deleted %v", sink.Upserts, sink.Unchanged, sink.Deleted)
	}
	if n := len(sink.Keys()); n != 15 {
		t.Errorf("%d records after resuming, want 15", n)
	}
	if !connectors.ParseSnapshotCursor(sink.Cursor()).Complete {
		t.Errorf("cursor after resuming %q", sink.Cursor())
	}
}

func TestBrokenDocuments(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"not xml", "this is not xml", "paxml"},
		{"other root", `<?xml version="1.0"?><lon/>`, "root element"},
		{"cut off", `<?xml version="1.0"?><paxml><personal><person anstid="1">`, "line 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := setup(t, tc.doc, nil)
			sink := connectortest.NewSink(base)
			err := c.Sync(context.Background(), "", sink)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
			if sink.Completed != 0 {
				t.Error("a broken file completed a snapshot (it would delete everything)")
			}
		})
	}
	if _, err := New("payroll", map[string]string{}); err == nil {
		t.Error("a connector without a path was built")
	}
}

func TestLatin1(t *testing.T) {
	doc := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><paxml><header><foretagorgnr>2129990004</foretagorgnr>" +
		"<foretagnamn>Exempelby kommun</foretagnamn></header><dimensioner><dimension dim=\"1\"><objekt id=\"1\" namn=\"\xc4ngsskolan\"/></dimension></dimensioner></paxml>"
	c, _ := setup(t, doc, nil)
	sink := connectortest.NewSink(base)
	sync(t, c, sink)
	if got := objects(sink, iri(base+"id/unit/1"), vocab.SKOSPrefLabel); !slices.Equal(got, []string{"Ängsskolan"}) {
		t.Errorf("name %v", got)
	}
}

// A file cut off in the middle (a transfer that failed): the records before the cut are stored,
// nothing is deleted, and the whole file later completes the snapshot without duplicates or gaps.
func TestCutOffFileThenWholeFile(t *testing.T) {
	doc := readFixture(t)
	cut := doc[:strings.Index(doc, `<person anstid="1004"`)+40]
	c, path := setup(t, readFixture(t), map[string]string{"checkpointEvery": "2"})
	sink := connectortest.NewSink(base)
	sync(t, c, sink) // yesterday's complete file
	write(t, path, cut)
	sink.ResetCounters()
	err := c.Sync(context.Background(), sink.Cursor(), sink)
	if err == nil || !strings.Contains(err.Error(), "line") {
		t.Fatalf("cut-off file: %v", err)
	}
	if len(sink.Deleted) != 0 || sink.Completed != 1 {
		t.Errorf("cut-off file deleted %v (completed %d times)", sink.Deleted, sink.Completed)
	}
	write(t, path, doc)
	sync(t, c, sink)
	if len(sink.Deleted) != 0 || sink.Upserts != 0 || len(sink.Keys()) != 15 {
		t.Errorf("whole file again: %d upserts, deleted %v, %d records", sink.Upserts, sink.Deleted, len(sink.Keys()))
	}
}

// Result units (resultatenheter) are units too; with `dims`, only the listed dimensions' objects are.
func TestResultUnitsAndDimensionFilter(t *testing.T) {
	doc := `<?xml version="1.0"?><paxml><header><foretagorgnr>212999-0004</foretagorgnr></header>
<dimensioner><dimension dim="1"><objekt id="100" namn="Förvaltning"/></dimension><dimension dim="6"><objekt id="P1" namn="Projekt"/></dimension></dimensioner>
<resultatenheter><resultatenhet id="R7" namn="Kök"/></resultatenheter>
<personal><person anstid="1" persnr="198003149815"><efternamn>L</efternamn><resenheter><resenhet dim="6" id="P1"/><resenhet dim="1" id="100"/></resenheter></person></personal></paxml>`
	c, _ := setup(t, doc, map[string]string{"dims": "1"})
	sink := connectortest.NewSink(base)
	sync(t, c, sink)
	want := []string{"employment/1", "organisation/2129990004", "unit/100", "unit/R7"}
	if got := sink.Keys(); !slices.Equal(got, want) {
		t.Errorf("keys %v, want %v", got, want)
	}
	if got := objects(sink, iri(base+"id/unit/R7"), vocab.SKOSPrefLabel); !slices.Equal(got, []string{"Kök"}) {
		t.Errorf("result unit name %v", got)
	}
	// The employment's unit is the first resenhet in a listed dimension, not the project.
	if got := objects(sink, iri(base+"id/membership/payroll-1"), vocab.ORGOrganizationProp); !slices.Equal(got, []string{base + "id/unit/100"}) {
		t.Errorf("employment organisation %v", got)
	}
}
