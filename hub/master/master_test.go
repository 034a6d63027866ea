package master

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/examples/exempelby"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

const base = "http://hub.test/"

var clock = func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }

// newHub returns a master service over the demo municipality (graph demo) in a memory store.
func newHub(t *testing.T, sources ...string) (*Service, *store.Store) {
	t.Helper()
	st, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	g, _ := rdf.NewIRI(base + "graph/demo")
	quads, err := exempelby.Quads(base, g)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Apply(context.Background(), store.Changeset{Add: quads}); err != nil {
		t.Fatal(err)
	}
	if len(sources) == 0 {
		sources = []string{"folkreg", "manual", "payroll", "demo"}
	}
	return New(Config{Store: st, Base: base, Sources: sources, Now: clock}), st
}

// addRecord stores a source record the way hub/sync does: its own graph
// {base}graph/source/{connector}/{key}, with the fetch time in the connector graph.
func addRecord(t *testing.T, st *store.Store, connector, key, fetched, turtle string) {
	t.Helper()
	g, _ := rdf.NewIRI(base + "graph/source/" + connector + "/" + key)
	quads, err := rdfio.ParseQuads(strings.NewReader(prefixes+turtle), "text/turtle", base, g)
	if err != nil {
		t.Fatal(err)
	}
	quads = rdfio.ScopeBlankNodes(quads, connector+key)
	cg, _ := rdf.NewIRI(base + "graph/source/" + connector)
	quads = append(quads, rdf.Quad{Triple: rdf.Triple{Subj: g, Pred: vocab.ProvGeneratedAtTime,
		Obj: rdf.NewTypedLiteral(fetched, vocab.XSDDateTime)}, Ctx: cg})
	if _, err := st.Apply(context.Background(), store.Changeset{Add: quads}); err != nil {
		t.Fatal(err)
	}
}

const prefixes = `@prefix person: <http://www.w3.org/ns/person#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix cv: <http://data.europa.eu/m8g/> . @prefix adms: <http://www.w3.org/ns/adms#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix locn: <http://www.w3.org/ns/locn#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix gd: <https://w3id.org/grunddata/ns#> .
`

func person(n string) rdf.IRI {
	iri, _ := rdf.NewIRI(base + "id/person/" + n)
	return iri
}

func nquads(t *testing.T, st *store.Store, g rdf.IRI) string {
	t.Helper()
	var b strings.Builder
	if _, err := st.ExportNQuads(context.Background(), &b, store.Pattern{G: g}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	return strings.Join(lines, "\n")
}

func values(triples []rdf.Triple, subject rdf.IRI, pred rdf.IRI) []string {
	var out []string
	for _, t := range triples {
		if rdfio.Equal(t.Subj, subject) && rdfio.Equal(t.Pred, pred) {
			out = append(out, t.Obj.String())
		}
	}
	return out
}

func TestSurvivorshipByPriorityThenRecency(t *testing.T) {
	s, st := newHub(t)
	ctx := context.Background()
	// Anna (10000004) in the population register and in two payroll records; the register ranks
	// first, payroll records of equal rank: the newer wins.
	addRecord(t, st, "folkreg", "p1", "2026-01-01T00:00:00Z", `<id/person/10000004> a person:Person ; foaf:familyName "Exempelsdotter Lund" .`)
	addRecord(t, st, "payroll", "e1", "2026-03-01T00:00:00Z", `<id/person/10000004> a person:Person ; foaf:familyName "Lund" ; foaf:givenName "Anna-Karin" ;
		cv:contactPoint [ a cv:ContactPoint ; cv:email "old@exempelby.example" ] .`)
	addRecord(t, st, "payroll", "e2", "2026-06-01T00:00:00Z", `<id/person/10000004> a person:Person ; foaf:givenName "Anna" ;
		cv:contactPoint [ a cv:ContactPoint ; cv:email "new@exempelby.example" ] .`)
	if _, err := s.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	g, err := s.GoldenTriples(ctx, person("10000004"))
	if err != nil {
		t.Fatal(err)
	}
	anna := person("10000004")
	checks := []struct {
		pred rdf.IRI
		want []string
	}{
		{vocab.FOAFFamilyName, []string{"Exempelsdotter Lund"}}, // register over payroll and demo
		{vocab.FOAFGivenName, []string{"Anna"}},                 // newest payroll record (the register has none)
		{vocab.GDCustomerNumber, []string{"10000004"}},
		{vocab.CVBirthDate, []string{"1985-08-15"}}, // only the demo data has it
	}
	for _, c := range checks {
		if got := values(g, anna, c.pred); !cmp.Equal(got, c.want) {
			t.Errorf("%s = %v, want %v", c.pred, got, c.want)
		}
	}
	var emails []string
	for _, tr := range g {
		if rdfio.Equal(tr.Pred, vocab.CVEmail) {
			emails = append(emails, tr.Obj.String())
		}
	}
	if !cmp.Equal(emails, []string{"new@exempelby.example"}) {
		t.Errorf("emails = %v, want the newest payroll record's", emails)
	}
	// Provenance: the family name came from the register, rank 0, with its time.
	prov := nquads(t, st, s.ProvenanceGraph())
	for _, want := range []string{
		`<http://hub.test/id/person/10000004#golden> <http://www.w3.org/ns/prov#wasDerivedFrom> <http://hub.test/graph/source/folkreg/p1>`,
		`<http://www.w3.org/1999/02/22-rdf-syntax-ns#object> "Exempelsdotter Lund"`,
	} {
		if !strings.Contains(prov, want) {
			t.Errorf("provenance lacks %s:\n%s", want, prov)
		}
	}
	derivation := ""
	for _, line := range strings.Split(prov, "\n") {
		if strings.Contains(line, `"Exempelsdotter Lund"`) {
			derivation = strings.Fields(line)[0]
		}
	}
	for _, want := range []string{"<http://www.w3.org/ns/prov#entity> <http://hub.test/graph/source/folkreg/p1>", `"0"^^<http://www.w3.org/2001/XMLSchema#integer>`, `"2026-01-01T00:00:00Z"`} {
		if !strings.Contains(prov, derivation+" ") || !containsLine(prov, derivation, want) {
			t.Errorf("derivation %s lacks %s", derivation, want)
		}
	}
}

func containsLine(doc, subject, want string) bool {
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, subject+" ") && strings.Contains(line, want) {
			return true
		}
	}
	return false
}

// TestRebuildIsIdempotent: a second rebuild writes nothing, and the golden graph dropped and
// rebuilt from the sources is the same, quad for quad.
func TestRebuildIsIdempotent(t *testing.T) {
	s, st := newHub(t)
	ctx := context.Background()
	addRecord(t, st, "payroll", "e1", "2026-03-01T00:00:00Z", `<id/person/10000012> a person:Person ; foaf:givenName "Björn" ;
		locn:address [ a locn:Address ; locn:fullAddress "Nygatan 1, 999 20 Exempelby" ; locn:postCode "99920" ] .`)
	first, err := s.Rebuild(ctx, nil)
	if err != nil || first.Persons != 4 || first.Changed == 0 {
		t.Fatalf("first rebuild: %+v %v", first, err)
	}
	golden, prov := nquads(t, st, s.GoldenGraph()), nquads(t, st, s.ProvenanceGraph())
	before, _ := st.LastSeq(ctx)
	again, err := s.Rebuild(ctx, nil)
	after, _ := st.LastSeq(ctx)
	if err != nil || again.Changed != 0 || after != before {
		t.Errorf("second rebuild changed %d quads (seq %d → %d): %v", again.Changed, before, after, err)
	}
	// Drop the derived graphs and rebuild.
	var drop []rdf.Quad
	for _, g := range []rdf.IRI{s.GoldenGraph(), s.ProvenanceGraph()} {
		st.Match(ctx, store.Pattern{G: g}, func(q rdf.Quad) error { drop = append(drop, q); return nil })
	}
	if _, err := st.Apply(ctx, store.Changeset{Remove: drop}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(golden, nquads(t, st, s.GoldenGraph())); d != "" {
		t.Errorf("golden graph rebuilt differs (-before +after):\n%s", d)
	}
	if d := cmp.Diff(prov, nquads(t, st, s.ProvenanceGraph())); d != "" {
		t.Errorf("provenance rebuilt differs (-before +after):\n%s", d)
	}
	if !strings.Contains(golden, `"Nygatan 1, 999 20 Exempelby"`) || strings.Contains(golden, "Björkgatan") {
		t.Errorf("the payroll address (payroll ranks above demo) should win:\n%s", golden)
	}
}

// TestMergeThenUnmergeRestores: merging B into A and unmerging gives back both records and both
// customer numbers exactly, and every decision is recorded with who, when and why.
func TestMergeThenUnmergeRestores(t *testing.T) {
	s, st := newHub(t)
	ctx := context.Background()
	addRecord(t, st, "payroll", "e9", "2026-03-01T00:00:00Z", `<id/person/10000012> a person:Person ;
		cv:contactPoint [ a cv:ContactPoint ; cv:email "bjorn@exempelby.example" ] .`)
	if _, err := s.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	golden := nquads(t, st, s.GoldenGraph())
	prov := nquads(t, st, s.ProvenanceGraph())
	a, b := person("10000004"), person("10000012")

	if _, err := s.Merge(ctx, "10000004", "10000012", "steward-anna", "same person, moved in 2025"); err != nil {
		t.Fatal(err)
	}
	merged, _ := s.GoldenTriples(ctx, a)
	if got := values(merged, a, vocab.GDCustomerNumber); !cmp.Equal(got, []string{"10000004"}) {
		t.Errorf("survivor's customer number = %v", got)
	}
	if got := values(merged, a, vocab.DCTReplaces); !cmp.Equal(got, []string{b.String()}) {
		t.Errorf("survivor replaces %v", got)
	}
	if !strings.Contains(triplesString(merged), "bjorn@exempelby.example") {
		t.Errorf("the merged record lacks the other's sources:\n%s", triplesString(merged))
	}
	if g, _ := s.GoldenTriples(ctx, b); len(g) != 0 {
		t.Errorf("the merged-away record still has a golden record: %v", g)
	}
	if to, ok, _ := s.Aliases().Resolve(ctx, b); !ok || to != a {
		t.Errorf("alias: %v %v", to, ok)
	}
	if _, err := s.Merge(ctx, "10000004", "10000012", "steward-anna", ""); err == nil {
		t.Errorf("merging twice is allowed")
	}

	if _, err := s.Unmerge(ctx, "10000012", "steward-bo", "different persons: twins"); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(golden, nquads(t, st, s.GoldenGraph())); d != "" {
		t.Errorf("golden records after unmerge differ (-before +after):\n%s", d)
	}
	if d := cmp.Diff(prov, nquads(t, st, s.ProvenanceGraph())); d != "" {
		t.Errorf("provenance after unmerge differs (-before +after):\n%s", d)
	}
	if _, ok, _ := s.Aliases().Resolve(ctx, b); ok {
		t.Errorf("still an alias after unmerge")
	}
	ds, err := s.Decisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []Decision{
		{ID: "1", Action: "merge", A: "10000004", B: "10000012", Agent: "steward-anna", Time: clock(), Why: "same person, moved in 2025"},
		{ID: "2", Action: "unmerge", A: "10000004", B: "10000012", Agent: "steward-bo", Time: clock(), Why: "different persons: twins"},
	}
	if d := cmp.Diff(want, ds); d != "" {
		t.Errorf("decisions (-want +got):\n%s", d)
	}
}

func TestMergeErrors(t *testing.T) {
	s, _ := newHub(t)
	ctx := context.Background()
	tests := []struct{ a, b, want string }{
		{"10000004", "10000004", "itself"},
		{"10000004", "1234", "8 digits"},
		{"10000004", "10000013", "check digit"},
		{"10000004", "10000061", "no person"},
	}
	for _, tt := range tests {
		if _, err := s.Merge(ctx, tt.a, tt.b, "x", ""); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Merge(%s, %s) = %v, want an error about %q", tt.a, tt.b, err, tt.want)
		}
	}
	if _, err := s.Merge(ctx, "10000004", "10000012", "", ""); err == nil {
		t.Errorf("a decision without an agent is allowed")
	}
}

// TestScanMergesQueuesAndRespectsRejections: a second record with Anna's national ID is merged at
// once; a protected person's look-alike is queued for review, with evidence, and once rejected never
// proposed again.
func TestScanMergesQueuesAndRespectsRejections(t *testing.T) {
	s, st := newHub(t)
	ctx := context.Background()
	addRecord(t, st, "payroll", "e1", "2026-03-01T00:00:00Z", `<id/person/10000048> a person:Person ; gd:customerNumber "10000048" ;
		foaf:givenName "Anna" ; foaf:familyName "Exempelsdottir" ;
		adms:identifier [ a adms:Identifier ; skos:notation "158885 12389" ; dct:conformsTo gd:NorwegianNationalIdentityNumber ] .`)
	addRecord(t, st, "school", "t1", "2026-03-01T00:00:00Z", `<id/person/10000057> a person:Person ; gd:customerNumber "10000057" ;
		foaf:givenName "Tolvan" ; foaf:familyName "Tolvansson" ; cv:birthDate "1912-12-12"^^xsd:date .`)
	st1, err := s.Scan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st1.Merged != 1 || st1.Queued != 1 {
		t.Fatalf("scan: %+v, want 1 merged and 1 queued", st1)
	}
	if to, ok, _ := s.Aliases().Resolve(ctx, person("10000048")); !ok || to != person("10000004") {
		t.Errorf("10000048 not merged into 10000004: %v %v", to, ok)
	}
	q, err := s.Queue(ctx)
	if err != nil || len(q) != 1 {
		t.Fatalf("queue: %+v %v", q, err)
	}
	c := q[0]
	if c.ID != "10000036-10000057" || c.A.CustomerNumber != "10000036" || !c.A.Protected || c.A.Address != "" || len(c.Fields) == 0 || c.Reason == "" {
		t.Errorf("case: %+v", c)
	}
	ds, _ := s.Decisions(ctx)
	if len(ds) != 1 || ds[0].Agent != MatcherAgent || ds[0].Action != "merge" {
		t.Errorf("decisions: %+v", ds)
	}
	if _, err := s.Reject(ctx, "10000057", "10000036", "steward", "different persons"); err != nil {
		t.Fatal(err)
	}
	if q, _ := s.Queue(ctx); len(q) != 0 {
		t.Errorf("queue after reject: %+v", q)
	}
	st2, err := s.Scan(ctx)
	if err != nil || st2.Queued != 0 || st2.Merged != 0 {
		t.Errorf("rescan proposes again: %+v %v", st2, err)
	}
}

func triplesString(ts []rdf.Triple) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(rdfio.TripleString(t) + "\n")
	}
	return b.String()
}

// TestCatchUpFollowsTheSources: what a sync changes (a record's address, inside a blank node) is
// in the golden record after CatchUp, and a second CatchUp has nothing to do.
func TestCatchUpFollowsTheSources(t *testing.T) {
	s, st := newHub(t)
	ctx := context.Background()
	if n, err := s.CatchUp(ctx, st); err != nil || n != 4 {
		t.Fatalf("first catch-up rebuilt %d: %v", n, err)
	}
	addRecord(t, st, "payroll", "e1", "2026-03-01T00:00:00Z", `<id/person/10000020> a person:Person ;
		locn:address [ a locn:Address ; locn:fullAddress "Ekvägen 2, 999 30 Exempelby" ] .`)
	if n, err := s.CatchUp(ctx, st); err != nil || n != 1 {
		t.Fatalf("catch-up after a new record rebuilt %d: %v", n, err)
	}
	g, _ := s.GoldenTriples(ctx, person("10000020"))
	if !strings.Contains(triplesString(g), "Ekvägen 2") {
		t.Errorf("golden record lacks the new address:\n%s", triplesString(g))
	}
	// Change only the address's blank node.
	var old []rdf.Quad
	st.Match(ctx, store.Pattern{P: vocab.LocnFullAddress, O: mustLiteral("Ekvägen 2, 999 30 Exempelby")}, func(q rdf.Quad) error { old = append(old, q); return nil })
	if len(old) != 2 { // the source's and the golden record's
		t.Fatalf("address quads: %v", old)
	}
	var src rdf.Quad
	for _, q := range old {
		if strings.Contains(q.Ctx.String(), "source/payroll") {
			src = q
		}
	}
	moved := src
	moved.Obj = mustLiteral("Ekvägen 4, 999 30 Exempelby")
	st.Apply(ctx, store.Changeset{Remove: []rdf.Quad{src}, Add: []rdf.Quad{moved}})
	if n, err := s.CatchUp(ctx, st); err != nil || n != 1 {
		t.Fatalf("catch-up after an address change rebuilt %d: %v", n, err)
	}
	g, _ = s.GoldenTriples(ctx, person("10000020"))
	if !strings.Contains(triplesString(g), "Ekvägen 4") || strings.Contains(triplesString(g), "Ekvägen 2") {
		t.Errorf("golden record after the move:\n%s", triplesString(g))
	}
	if n, err := s.CatchUp(ctx, st); err != nil || n != 0 {
		t.Errorf("idle catch-up rebuilt %d: %v", n, err)
	}
}

func mustLiteral(s string) rdf.Literal {
	l, err := rdf.NewLiteral(s)
	if err != nil {
		panic(err)
	}
	return l
}

// TestProtectionFromAnySourceWins: a lower-ranked source that reports a protected identity
// protects the person, even when the most trusted source says unprotected.
func TestProtectionFromAnySourceWins(t *testing.T) {
	s, st := newHub(t)
	ctx := context.Background()
	addRecord(t, st, "folkreg", "p1", "2026-01-01T00:00:00Z", `<id/person/10000004> a person:Person ; gd:protectionLevel gd:Unprotected .`)
	addRecord(t, st, "payroll", "e1", "2026-01-01T00:00:00Z", `<id/person/10000004> a person:Person ; gd:protectionLevel gd:ProtectedIdentity .`)
	if _, err := s.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	g, _ := s.GoldenTriples(ctx, person("10000004"))
	if got := values(g, person("10000004"), vocab.GDProtectionLevel); !cmp.Equal(got, []string{vocab.GDProtectedIdentity.String()}) {
		t.Errorf("protection level = %v, want only ProtectedIdentity", got)
	}
}
