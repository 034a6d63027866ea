package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// addSourceRecord stores a record as hub/sync lays it out: its own graph, its fetch time in the
// connector's graph.
func addSourceRecord(t *testing.T, st *store.Store, connector, key, turtle string) {
	t.Helper()
	g, _ := rdf.NewIRI(testBase + "graph/source/" + connector + "/" + key)
	quads, err := rdfio.ParseQuads(strings.NewReader(`@prefix person: <http://www.w3.org/ns/person#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix cv: <http://data.europa.eu/m8g/> . @prefix adms: <http://www.w3.org/ns/adms#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix gd: <https://w3id.org/grunddata/ns#> .
`+turtle), "text/turtle", testBase, g)
	if err != nil {
		t.Fatal(err)
	}
	cg, _ := rdf.NewIRI(testBase + "graph/source/" + connector)
	quads = append(rdfio.ScopeBlankNodes(quads, connector+key), rdf.Quad{Triple: rdf.Triple{Subj: g, Pred: vocab.ProvGeneratedAtTime,
		Obj: rdf.NewTypedLiteral("2026-11-01T10:00:00Z", vocab.XSDDateTime)}, Ctx: cg})
	if _, err := st.Apply(context.Background(), store.Changeset{Add: quads}); err != nil {
		t.Fatal(err)
	}
}

const (
	annaTwin   = `<id/person/10000048> a person:Person ; gd:customerNumber "10000048" ; foaf:givenName "Anna" ; foaf:familyName "Exempelsdottir" ; adms:identifier [ a adms:Identifier ; skos:notation "15888512389" ; dct:conformsTo gd:NorwegianNationalIdentityNumber ] .`
	tolvanTwin = `<id/person/10000057> a person:Person ; gd:customerNumber "10000057" ; foaf:givenName "Tolvan" ; foaf:familyName "Tolvansson" ; cv:birthDate "1912-12-12"^^xsd:date .`
)

func jsonBody(t *testing.T, r response, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("%d %s: %v", r.status, r.body, err)
	}
}

// TestStewardshipOverHTTP: scan, the queue with its evidence, the cross-reference both ways
// through an alias, unmerge and reject, and the decisions with who, when and why.
func TestStewardshipOverHTTP(t *testing.T) {
	a := newDemoHub(t)
	addSourceRecord(t, a.store, "payroll", "e1", annaTwin)
	addSourceRecord(t, a.store, "school", "t%2F1", tolvanTwin)
	jsonCT := map[string]string{"Content-Type": "application/json"}

	for _, path := range []string{"steward/queue", "xref?source=payroll&key=e1", "id/person/10000004/xref"} {
		if r := do(t, a, "GET", path, "", nil, ""); r.status != 401 {
			t.Errorf("anonymous %s: %d", path, r.status)
		}
	}
	r := do(t, a, "POST", "steward/scan", testToken, nil, "")
	var scan struct{ Merged, Queued int }
	jsonBody(t, r, &scan)
	if scan.Merged != 1 || scan.Queued != 1 {
		t.Fatalf("scan: %s", r.body)
	}
	var queue struct {
		Cases []struct {
			ID     string
			A, B   struct{ CustomerNumber, Address string }
			Fields []struct {
				Field  string
				Weight float64
			}
		}
	}
	jsonBody(t, do(t, a, "GET", "steward/queue", testToken, nil, ""), &queue)
	if len(queue.Cases) != 1 || queue.Cases[0].ID != "10000036-10000057" || len(queue.Cases[0].Fields) < 3 || queue.Cases[0].A.Address != "" {
		t.Errorf("queue: %+v", queue)
	}
	if r := do(t, a, "GET", "id/person/10000048", testToken, nil, ""); r.status != 308 || r.header.Get("Location") != testBase+"id/person/10000004" {
		t.Errorf("merged-away person: %d %v", r.status, r.header.Get("Location"))
	}
	// The survivor is served as its golden record, which names the number it replaces.
	if r := do(t, a, "GET", "id/person/10000004", testToken, accept("text/turtle"), ""); r.status != 200 ||
		!strings.Contains(string(r.body), "10000048") || !strings.Contains(string(r.body), "Lärkstigen 4") {
		t.Errorf("survivor after the merge: %d\n%s", r.status, r.body)
	}
	var x struct {
		CustomerNumber string
		Records        []struct{ Source, Key, Person string }
	}
	jsonBody(t, do(t, a, "GET", "xref?source=payroll&key=e1", testToken, nil, ""), &x)
	if x.CustomerNumber != "10000004" || len(x.Records) != 1 || x.Records[0].Person != testBase+"id/person/10000048" {
		t.Errorf("xref by source key: %+v", x)
	}
	if r := do(t, a, "GET", "id/person/10000048/xref", testToken, nil, ""); r.status != 308 || r.header.Get("Location") != testBase+"id/person/10000004/xref" {
		t.Errorf("xref of an alias: %d %s", r.status, r.header.Get("Location"))
	}
	jsonBody(t, do(t, a, "GET", "xref?source=school&key=t/1", testToken, nil, ""), &x)
	if x.CustomerNumber != "10000057" {
		t.Errorf("xref of an escaped key: %+v", x)
	}
	if r := do(t, a, "GET", "xref?source=payroll&key=nope", testToken, nil, ""); r.status != 404 {
		t.Errorf("unknown record: %d", r.status)
	}

	if r := do(t, a, "POST", "steward/unmerge", testToken, jsonCT, `{"other":"10000048"}`); r.status != 422 || !strings.Contains(string(r.body), "/why") {
		t.Errorf("unmerge without why: %d %s", r.status, r.body)
	}
	if r := do(t, a, "POST", "steward/unmerge", testToken, jsonCT, `{"other":"10000048","why":"a different Anna"}`); r.status != 200 {
		t.Errorf("unmerge: %d %s", r.status, r.body)
	}
	if r := do(t, a, "GET", "id/person/10000048", testToken, accept("text/turtle"), ""); r.status != 200 {
		t.Errorf("unmerged person: %d", r.status)
	}
	if r := do(t, a, "POST", "steward/reject", testToken, jsonCT, `{"a":"10000036","b":"10000057","why":"different persons"}`); r.status != 200 {
		t.Errorf("reject: %d %s", r.status, r.body)
	}
	jsonBody(t, do(t, a, "GET", "steward/queue", testToken, nil, ""), &queue)
	if len(queue.Cases) != 0 {
		t.Errorf("queue after reject: %+v", queue)
	}
	var ds struct {
		Decisions []struct{ Action, A, B, Agent, Why, Time string }
	}
	jsonBody(t, do(t, a, "GET", "steward/decisions", testToken, nil, ""), &ds)
	want := []string{"merge 10000004 10000048 matcher", "unmerge 10000004 10000048 exempelby-demo", "not-duplicate 10000036 10000057 exempelby-demo"}
	if len(ds.Decisions) != len(want) {
		t.Fatalf("decisions: %+v", ds)
	}
	for i, d := range ds.Decisions {
		if got := d.Action + " " + d.A + " " + d.B + " " + d.Agent; got != want[i] || d.Time == "" || d.Why == "" {
			t.Errorf("decision %d: %+v, want %s with time and why", i, d, want[i])
		}
	}
}

// TestStewardCLI runs the commands on a store directory: merge, list, unmerge, decisions and a
// golden-record rebuild that is idempotent.
func TestStewardCLI(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	os.WriteFile(cfgPath, []byte("base: "+testBase+"\ndata: "+filepath.Join(dir, "data")+"\n"), 0o644)
	ctx := context.Background()
	var out, errOut bytes.Buffer
	run1 := func(args ...string) error {
		out.Reset()
		errOut.Reset()
		return run(ctx, args, &out, &errOut)
	}
	func() {
		cfg, err := loadConfig(cfgPath, false)
		if err != nil {
			t.Fatal(err)
		}
		st, err := store.Open(cfg.Data, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		addSourceRecord(t, st, "register", "a", `<id/person/10000004> a person:Person ; foaf:givenName "Anna" ; foaf:familyName "Ek" .`)
		addSourceRecord(t, st, "payroll", "b", `<id/person/10000012> a person:Person ; foaf:givenName "Anna" ; foaf:familyName "Eek" ; cv:birthDate "1980-02-03"^^xsd:date .`)
	}()
	if err := run1("master", "rebuild", "--config", cfgPath); err != nil || !strings.Contains(out.String(), "rebuilt 2 golden records") {
		t.Fatalf("rebuild: %v %s %s", err, out.String(), errOut.String())
	}
	if err := run1("steward", "merge", "10000004", "10000012", "--config", cfgPath); err == nil {
		t.Errorf("merge without --why accepted")
	}
	if err := run1("steward", "merge", "--config", cfgPath, "10000004", "10000012", "--why", "same person", "--as", "clerk"); err != nil {
		t.Fatalf("merge: %v %s", err, errOut.String())
	}
	if err := run1("master", "rebuild", "--config", cfgPath); err != nil || !strings.Contains(out.String(), "rebuilt 1 golden records, 0 quads changed") {
		t.Errorf("rebuild after merge: %v %s", err, out.String())
	}
	if err := run1("steward", "unmerge", "10000012", "--why", "not the same", "--as", "clerk", "--config", cfgPath); err != nil {
		t.Fatalf("unmerge: %v %s", err, errOut.String())
	}
	if err := run1("steward", "decisions", "--config", cfgPath); err != nil || !strings.Contains(out.String(), "merge") || !strings.Contains(out.String(), "not the same") || strings.Count(out.String(), "clerk") != 2 {
		t.Errorf("decisions: %v\n%s", err, out.String())
	}
	if err := run1("steward", "list", "--config", cfgPath); err != nil || !strings.Contains(out.String(), "empty") {
		t.Errorf("list: %v %s", err, out.String())
	}
	if err := run1("steward", "frobnicate", "--config", cfgPath); err == nil {
		t.Errorf("unknown subcommand accepted")
	}
}

// derivedOnly tells a change that touched only the golden records and their provenance.
func derivedOnly(c store.Change) bool {
	for _, qs := range [][]rdf.Quad{c.Added, c.Removed} {
		for _, q := range qs {
			if g := q.Ctx.(rdf.IRI).String(); g != testBase+"graph/golden" && g != testBase+"graph/golden-provenance" {
				return false
			}
		}
	}
	return true
}

// TestMergeUnmergeOverHTTPRestoresBoth: what a client reads of both persons is byte for byte the
// same after a merge and an unmerge as before.
func TestMergeUnmergeOverHTTPRestoresBoth(t *testing.T) {
	a := newDemoHub(t)
	addSourceRecord(t, a.store, "payroll", "e1", annaTwin)
	if _, err := a.master.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	jsonCT := map[string]string{"Content-Type": "application/json"}
	read := func() [2]string {
		var out [2]string
		for i, n := range []string{"10000004", "10000048"} {
			r := do(t, a, "GET", "id/person/"+n, testToken, accept("application/n-triples"), "")
			if r.status != 200 {
				t.Fatalf("GET %s: %d", n, r.status)
			}
			out[i] = string(r.body)
		}
		return out
	}
	before := read()
	if r := do(t, a, "POST", "steward/merge", testToken, jsonCT, `{"survivor":"10000004","other":"10000048","why":"same national ID"}`); r.status != 200 {
		t.Fatalf("merge: %d %s", r.status, r.body)
	}
	if r := do(t, a, "GET", "id/person/10000048", testToken, nil, ""); r.status != 308 {
		t.Errorf("merged-away number: %d", r.status)
	}
	if r := do(t, a, "POST", "steward/unmerge", testToken, jsonCT, `{"other":"10000048","why":"two persons after all"}`); r.status != 200 {
		t.Fatalf("unmerge: %d %s", r.status, r.body)
	}
	after := read()
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("person %d differs after merge+unmerge:\nbefore:\n%s\nafter:\n%s", i, before[i], after[i])
		}
	}
	if !strings.Contains(before[1], `"10000048"`) || !strings.Contains(before[0], `"10000004"`) {
		t.Errorf("customer numbers missing:\n%s\n%s", before[0], before[1])
	}
}
