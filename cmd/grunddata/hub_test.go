package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/examples/exempelby"
	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
)

const (
	testBase  = "http://hub.test/"
	testToken = "exempelby-demo-token-0001"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// newDemoHub wires a hub on an in-memory store with the demo municipality loaded.
func newDemoHub(t testing.TB) *app {
	t.Helper()
	cfg, err := config.Parse(exempelby.Config, "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Base = testBase
	a, err := openApp(cfg, true, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if err := a.loadDemo(context.Background(), quiet); err != nil {
		t.Fatal(err)
	}
	return a
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request to the hub's handler; token "" is anonymous.
func do(t testing.TB, a *app, method, path, token string, header map[string]string, body string) response {
	t.Helper()
	req := httptest.NewRequest(method, testBase+strings.TrimPrefix(path, "/"), strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

func accept(mt string) map[string]string { return map[string]string{"Accept": mt} }

// demoSubjects lists the subjects of a class path in the demo data, from the store itself.
func demoSubjects(t testing.TB, a *app, classPath string) []string {
	t.Helper()
	var out []string
	seen := map[string]bool{}
	err := a.store.Match(context.Background(), store.Pattern{}, func(q rdf.Quad) error {
		s := q.Subj.String()
		if strings.HasPrefix(s, testBase+"id/"+classPath+"/") && !seen[s] {
			seen[s] = true
			out = append(out, strings.TrimPrefix(s, testBase))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("the demo has no %s", classPath)
	}
	return out
}

func triplesOf(quads []rdf.Quad) []rdf.Triple {
	out := make([]rdf.Triple, len(quads))
	for i, q := range quads {
		out[i] = q.Triple
	}
	return out
}

// Every demo organisation and unit must describe the same graph in JSON-LD, Turtle, N-Triples,
// N-Quads and RDF/XML, each read back by a parser other than the writer.
func TestDemoOrganisationsSameGraphInEverySyntax(t *testing.T) {
	a := newDemoHub(t)
	paths := append(demoSubjects(t, a, "organisation"), demoSubjects(t, a, "unit")...)
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			nt := do(t, a, "GET", path, "", accept("application/n-triples"), "")
			if nt.status != 200 {
				t.Fatalf("GET %s as N-Triples: %d %s", path, nt.status, nt.body)
			}
			want, err := rdfio.ParseQuads(bytes.NewReader(nt.body), "application/n-triples", "", nil)
			if err != nil {
				t.Fatalf("N-Triples does not parse: %v\n%s", err, nt.body)
			}
			if len(want) < 3 {
				t.Fatalf("N-Triples has only %d triples:\n%s", len(want), nt.body)
			}
			for _, mt := range []string{"text/turtle", "application/n-quads", "application/rdf+xml"} {
				r := do(t, a, "GET", path, "", accept(mt), "")
				if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), mt) {
					t.Fatalf("GET %s as %s: %d %q", path, mt, r.status, r.header.Get("Content-Type"))
				}
				got, err := rdfio.ParseQuads(bytes.NewReader(r.body), mt, testBase, nil)
				if err != nil {
					t.Fatalf("%s does not parse: %v\n%s", mt, err, r.body)
				}
				if !rdfio.Isomorphic(triplesOf(want), triplesOf(got)) {
					t.Errorf("%s differs from N-Triples:\n%s\nvs\n%s", mt, r.body, nt.body)
				}
			}
			r := do(t, a, "GET", path, "", accept("application/ld+json"), "")
			if r.status != 200 {
				t.Fatalf("GET %s as JSON-LD: %d", path, r.status)
			}
			var doc map[string]any
			if err := json.Unmarshal(r.body, &doc); err != nil || doc["@context"] != testBase+"context.jsonld" {
				t.Fatalf("JSON-LD is not a compacted document in the hub's context: %v\n%s", err, r.body)
			}
			got, err := a.jsonld.ToRDF(r.body, testBase)
			if err != nil {
				t.Fatalf("JSON-LD does not parse: %v", err)
			}
			if !rdfio.Isomorphic(triplesOf(want), got) {
				t.Errorf("JSON-LD differs from N-Triples:\n%s\nvs\n%s", r.body, nt.body)
			}
		})
	}
}

func TestAnonymousCallersGetNoPersonData(t *testing.T) {
	a := newDemoHub(t)
	for _, path := range []string{"id/person/10000004", "id/person", "id/membership/anna-solberga", "id/membership"} {
		r := do(t, a, "GET", path, "", nil, "")
		if r.status != http.StatusUnauthorized || r.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("anonymous GET %s = %d %s; want 401 problem+json", path, r.status, r.header.Get("Content-Type"))
		}
		if bytes.Contains(r.body, []byte("Anna")) {
			t.Errorf("anonymous GET %s leaks person data: %s", path, r.body)
		}
	}
	r := do(t, a, "GET", "id/person/10000004", testToken, nil, "")
	if r.status != 200 || !bytes.Contains(r.body, []byte(`"Anna"`)) || !bytes.Contains(r.body, []byte("15888512389")) {
		t.Errorf("token holder GET person = %d %s; want the person with her identity number", r.status, r.body)
	}
	if r := do(t, a, "GET", "id/person/10000004", "not-a-valid-token-at-all", nil, ""); r.status != 401 {
		t.Errorf("GET with a wrong token = %d, want 401", r.status)
	}
}

// Open outputs never carry a national identity number, whatever is linked from them.
func TestOpenOutputsCarryNoIdentityNumbers(t *testing.T) {
	a := newDemoHub(t)
	ids := []string{"15888512389", "03849245642", "22917934766", "191212121212", "19121212-1212"}
	var paths []string
	for _, class := range []string{"organisation", "unit", "service", "roletype", "post", "adminunit"} {
		paths = append(paths, "id/"+class)
		paths = append(paths, demoSubjects(t, a, class)...)
	}
	for _, path := range paths {
		for _, mt := range []string{"application/ld+json", "text/turtle", "text/html"} {
			r := do(t, a, "GET", path, "", accept(mt), "")
			if r.status != 200 {
				t.Errorf("anonymous GET %s as %s = %d %s", path, mt, r.status, r.body)
			}
			for _, id := range ids {
				if bytes.Contains(r.body, []byte(id)) {
					t.Errorf("anonymous GET %s as %s contains identity number %s", path, mt, id)
				}
			}
		}
	}
}

// A protected identity's address and contact points never leave the hub, not even to a token holder.
func TestProtectedIdentityAddressNeverServed(t *testing.T) {
	a := newDemoHub(t)
	for _, mt := range []string{"application/ld+json", "text/turtle", "application/n-triples", "application/rdf+xml", "text/html", "application/ld+json; profile=\"http://www.w3.org/ns/json-ld#expanded\""} {
		r := do(t, a, "GET", "id/person/10000036", testToken, accept(mt), "")
		if r.status != 200 || !bytes.Contains(r.body, []byte("Tolvan")) {
			t.Fatalf("GET protected person as %s = %d %s", mt, r.status, r.body)
		}
		for _, secret := range []string{"Hemliga", "99999", "+46 999 99 99 99"} {
			if bytes.Contains(r.body, []byte(secret)) {
				t.Errorf("protected person as %s shows %q:\n%s", mt, secret, r.body)
			}
		}
	}
	// An unprotected person's address is served to a token holder.
	if r := do(t, a, "GET", "id/person/10000004", testToken, nil, ""); !bytes.Contains(r.body, []byte("Lärkstigen")) {
		t.Errorf("unprotected person's address missing: %s", r.body)
	}
}

func storeState(t testing.TB, a *app) (uint64, int) {
	t.Helper()
	seq, err := a.store.LastSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n, err := a.store.Count(context.Background(), store.Pattern{})
	if err != nil {
		t.Fatal(err)
	}
	return seq, n
}

func TestInvalidWritesNameTheFieldAndChangeNothing(t *testing.T) {
	a := newDemoHub(t)
	jsonLD := map[string]string{"Content-Type": "application/ld+json"}
	tests := []struct {
		name, method, path, token, body string
		header                          map[string]string
		status                          int
		pointer                         string
	}{
		{"bad date", "POST", "id/person", testToken, `{"givenName":"Ingrid","familyName":"E","birthDate":"03.02.1990"}`, jsonLD, 422, "/birthDate"},
		{"misspelt field", "POST", "id/person", testToken, `{"givenName":"Ingrid","familyNmae":"E"}`, jsonLD, 422, ""},
		{"missing required", "POST", "id/person", testToken, `{"givenName":"Ingrid"}`, jsonLD, 422, ""},
		{"nested field", "POST", "id/person", testToken, `{"familyName":"E","otherIdentifier":[{"scheme":"NorwegianNationalIdentityNumber"}]}`, jsonLD, 422, "/otherIdentifier/0"},
		{"customer number from client", "POST", "id/person", testToken, `{"familyName":"E","customerNumber":"10000004"}`, jsonLD, 422, "/customerNumber"},
		{"not JSON", "POST", "id/person", testToken, `{"familyName":`, jsonLD, 400, ""},
		{"foreign context", "POST", "id/person", testToken, `{"@context":"https://example.org/ctx.jsonld","familyName":"E"}`, jsonLD, 422, "/@context"},
		{"wrong media type", "POST", "id/person", testToken, `familyName=E`, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, ""},
		{"anonymous write", "POST", "id/organisation", "", `{"identifier":"5569990012","name":"X AB"}`, jsonLD, 401, ""},
		{"existing key", "POST", "id/organisation", testToken, `{"identifier":"2129990004","name":"Twice"}`, jsonLD, 409, ""},
		{"key mismatch", "PUT", "id/organisation/5569990004", testToken, `{"identifier":"5569990012","name":"X AB"}`, jsonLD, 422, "/identifier"},
		{"other subject", "PUT", "id/organisation/5569990004", testToken, `{"id":"http://elsewhere.test/x","name":"X AB"}`, jsonLD, 422, "/id"},
		{"unknown class", "POST", "id/spaceship", testToken, `{}`, jsonLD, 404, ""},
		{"nested class has no route", "POST", "id/identifier", testToken, `{}`, jsonLD, 404, ""},
		{"person PUT cannot create", "PUT", "id/person/10000099", testToken, `{"familyName":"E"}`, jsonLD, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seq, n := storeState(t, a)
			r := do(t, a, tt.method, tt.path, tt.token, tt.header, tt.body)
			if r.status != tt.status || r.header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%s %s = %d %q %s; want %d problem+json", tt.method, tt.path, r.status, r.header.Get("Content-Type"), r.body, tt.status)
			}
			var p struct {
				Type, Title, Detail string
				Status              int
				Errors              []struct{ Pointer, Detail string }
			}
			if err := json.Unmarshal(r.body, &p); err != nil || p.Status != tt.status || p.Detail == "" || !strings.HasPrefix(p.Type, "https://") {
				t.Fatalf("problem body %s (err %v)", r.body, err)
			}
			if tt.status == 422 {
				if len(p.Errors) == 0 {
					t.Fatalf("422 without the failing fields: %s", r.body)
				}
				if tt.pointer != "" && !strings.HasPrefix(p.Errors[0].Pointer, tt.pointer) {
					t.Errorf("pointer = %q, want it to start with %q (%s)", p.Errors[0].Pointer, tt.pointer, r.body)
				}
			}
			if seq2, n2 := storeState(t, a); seq2 != seq || n2 != n {
				t.Errorf("store changed: seq %d→%d, quads %d→%d", seq, seq2, n, n2)
			}
		})
	}
}

func TestCreateReadUpdateDelete(t *testing.T) {
	a := newDemoHub(t)
	jsonLD := map[string]string{"Content-Type": "application/ld+json"}
	r := do(t, a, "POST", "id/person", testToken, jsonLD,
		`{"givenName":"Ingrid","familyName":"Exempelsson","birthDate":"1990-02-03","otherIdentifier":[{"notation":"03849245723","scheme":"NorwegianNationalIdentityNumber"}]}`)
	if r.status != 201 {
		t.Fatalf("POST person = %d %s", r.status, r.body)
	}
	loc := r.header.Get("Location")
	// The demo holds 10000004…10000036; the hub skips numbers in use.
	if loc != testBase+"id/person/10000048" {
		t.Fatalf("Location = %q, want the next free customer number", loc)
	}
	path := strings.TrimPrefix(loc, testBase)
	got := do(t, a, "GET", path, testToken, nil, "")
	if got.status != 200 || !bytes.Contains(got.body, []byte(`"10000048"`)) || !bytes.Contains(got.body, []byte("generatedAtTime")) {
		t.Fatalf("GET new person = %d %s", got.status, got.body)
	}

	// GET → PUT round trip changes nothing, not even the provenance.
	seq, _ := storeState(t, a)
	if r := do(t, a, "PUT", path, testToken, jsonLD, string(got.body)); r.status != 200 {
		t.Fatalf("PUT of the GET body = %d %s", r.status, r.body)
	}
	if seq2, _ := storeState(t, a); seq2 != seq {
		t.Errorf("PUT of unchanged document wrote a change (seq %d→%d)", seq, seq2)
	}

	changed := strings.Replace(string(got.body), "Exempelsson", "Exempelsson Berg", 1)
	r = do(t, a, "PUT", path, testToken, jsonLD, changed)
	if r.status != 200 || !bytes.Contains(r.body, []byte("Exempelsson Berg")) {
		t.Fatalf("PUT changed = %d %s", r.status, r.body)
	}
	// One change of the source data; the golden record (a derived graph) follows in a change of
	// its own.
	var changes []store.Change
	a.store.Changes(context.Background(), seq, func(c store.Change) error {
		if !derivedOnly(c) {
			changes = append(changes, c)
		}
		return nil
	})
	if len(changes) != 1 || len(changes[0].Added) == 0 || len(changes[0].Removed) == 0 {
		t.Errorf("change log after one update = %+v", changes)
	}

	if r := do(t, a, "DELETE", path, testToken, nil, ""); r.status != 204 {
		t.Fatalf("DELETE = %d %s", r.status, r.body)
	}
	if r := do(t, a, "GET", path, testToken, nil, ""); r.status != 404 {
		t.Errorf("GET after DELETE = %d", r.status)
	}

	// An open resource created with PUT under its natural key.
	r = do(t, a, "PUT", "id/organisation/5569990012", testToken, jsonLD, `{"type":["Organisation"],"identifier":"5569990012","name":"Exempelby Bygg AB"}`)
	if r.status != 201 || r.header.Get("Location") != testBase+"id/organisation/5569990012" {
		t.Fatalf("PUT new organisation = %d %s", r.status, r.body)
	}
	if r := do(t, a, "GET", "id/organisation/5569990012", "", accept("text/turtle"), ""); r.status != 200 || !bytes.Contains(r.body, []byte("Exempelby Bygg AB")) {
		t.Errorf("anonymous GET new organisation = %d %s", r.status, r.body)
	}
}

func TestNegotiationAndCaching(t *testing.T) {
	a := newDemoHub(t)
	path := "id/organisation/2129990004"
	tests := []struct {
		accept, format, wantType string
		status                   int
	}{
		{"", "", "application/ld+json", 200},
		{"*/*", "", "application/ld+json", 200},
		{"text/html,application/xhtml+xml,*/*;q=0.8", "", "text/html", 200},
		{"application/json", "", "application/json", 200},
		{"text/turtle;q=0.5, application/n-triples", "", "application/n-triples", 200},
		{`application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"`, "", "application/ld+json", 200},
		{"image/png", "", "application/problem+json", 406},
		{"image/png", "ttl", "text/turtle", 200},
		{"", "pdf", "application/problem+json", 406},
	}
	for _, tt := range tests {
		r := do(t, a, "GET", path+"?format="+tt.format, "", accept(tt.accept), "")
		if r.status != tt.status || !strings.HasPrefix(r.header.Get("Content-Type"), tt.wantType) {
			t.Errorf("Accept %q format %q = %d %q; want %d %q", tt.accept, tt.format, r.status, r.header.Get("Content-Type"), tt.status, tt.wantType)
		}
		if tt.status == 200 && !strings.Contains(r.header.Get("Vary"), "Accept") {
			t.Errorf("Accept %q: no Vary: Accept", tt.accept)
		}
	}
	first := do(t, a, "GET", path, "", nil, "")
	etag := first.header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if r := do(t, a, "GET", path, "", map[string]string{"If-None-Match": etag}, ""); r.status != 304 || len(r.body) != 0 {
		t.Errorf("If-None-Match with the ETag = %d", r.status)
	}
	if r := do(t, a, "GET", path, "", map[string]string{"Accept": "text/turtle", "If-None-Match": etag}, ""); r.status != 200 {
		t.Errorf("the JSON-LD ETag matched the Turtle representation: %d", r.status)
	}
	if r := do(t, a, "GET", "id/organisation/0000000000", "", nil, ""); r.status != 404 || r.header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("unknown resource = %d %q", r.status, r.header.Get("Content-Type"))
	}
}

func TestCollections(t *testing.T) {
	a := newDemoHub(t)
	r := do(t, a, "GET", "id/unit?limit=2", "", nil, "")
	if r.status != 200 {
		t.Fatalf("GET units = %d %s", r.status, r.body)
	}
	triples, err := a.jsonld.ToRDF(r.body, testBase)
	if err != nil {
		t.Fatal(err)
	}
	count := func(pred, obj string) int {
		n := 0
		for _, tr := range triples {
			if tr.Pred.String() == pred && (obj == "" || tr.Obj.String() == obj) {
				n++
			}
		}
		return n
	}
	const hydra = "http://www.w3.org/ns/hydra/core#"
	if n := count(hydra+"member", ""); n != 2 {
		t.Errorf("page has %d members, want 2:\n%s", n, r.body)
	}
	if n := count(hydra+"totalItems", "6"); n != 1 {
		t.Errorf("totalItems is not 6:\n%s", r.body)
	}
	// A JSON client reads the count as a number.
	var page struct {
		Graph []struct {
			Type       string `json:"type"`
			TotalItems any    `json:"totalItems"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal(r.body, &page); err != nil {
		t.Fatal(err)
	}
	var total any
	for _, n := range page.Graph {
		if n.Type == "Collection" {
			total = n.TotalItems
		}
	}
	if total != float64(6) {
		t.Errorf("the collection's JSON totalItems is %#v, want the number 6:\n%s", total, r.body)
	}
	if n := count(hydra+"next", testBase+"id/unit?limit=2&offset=2"); n != 1 {
		t.Errorf("no next page link:\n%s", r.body)
	}
	r = do(t, a, "GET", "id/unit?subOrganizationOf=id/unit/100", "", accept("application/n-triples"), "")
	if r.status != 200 || bytes.Count(r.body, []byte("hydra/core#member>")) != 2 {
		t.Errorf("filtered units = %d\n%s", r.status, r.body)
	}
	if r := do(t, a, "GET", "id/unit?colour=red", "", nil, ""); r.status != 400 {
		t.Errorf("unknown filter = %d", r.status)
	}
	if r := do(t, a, "GET", "id/person?limit=1", testToken, nil, ""); r.status != 200 || !bytes.Contains(r.body, []byte("10000004")) {
		t.Errorf("token holder lists persons = %d %s", r.status, r.body)
	}
}

// The generated model artefacts are served, and are the committed files.
func TestModelArtefactsServed(t *testing.T) {
	a := newDemoHub(t)
	for path, wantType := range map[string]string{
		"context.jsonld":                      "application/ld+json",
		"model/context.jsonld":                "application/ld+json",
		"model/jsonschema/person.schema.json": "application/schema+json",
		"model/shapes/person.ttl":             "text/turtle",
		"model/docs/person.md":                "text/markdown",
		"model/":                              "text/html",
		"ns":                                  "application/ld+json",
	} {
		r := do(t, a, "GET", path, "", nil, "")
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), wantType) || r.header.Get("ETag") == "" || r.header.Get("Cache-Control") == "" {
			t.Errorf("GET %s = %d %q etag %q cache %q", path, r.status, r.header.Get("Content-Type"), r.header.Get("ETag"), r.header.Get("Cache-Control"))
		}
	}
	ctx := do(t, a, "GET", "context.jsonld", "", nil, "")
	committed, _ := fs.ReadFile(modelFS(t), "context.jsonld")
	if !bytes.Equal(ctx.body, committed) {
		t.Error("the served context is not the generated one")
	}
	if r := do(t, a, "GET", "healthz", "", nil, ""); r.status != 200 {
		t.Errorf("healthz = %d", r.status)
	}
	do(t, a, "GET", "id/unit", "", nil, "")
	if r := do(t, a, "GET", "metrics", "", nil, ""); r.status != 200 || !bytes.Contains(r.body, []byte(`grunddata_http_requests_total{method="GET",route="/id/:class",status="200"}`)) {
		t.Errorf("metrics = %d\n%s", r.status, r.body)
	}
}

// Writes acknowledged before Close are there after reopening the store on disk.
func TestAcknowledgedWritesSurviveRestart(t *testing.T) {
	cfg, _ := config.Parse(exempelby.Config, "config.yaml")
	cfg.Base, cfg.Data = testBase, t.TempDir()
	a, err := openApp(cfg, false, quiet)
	if err != nil {
		t.Fatal(err)
	}
	r := do(t, a, "POST", "id/person", testToken, map[string]string{"Content-Type": "application/json"}, `{"familyName":"Varaktig"}`)
	if r.status != 201 {
		t.Fatalf("POST = %d %s", r.status, r.body)
	}
	loc := strings.TrimPrefix(r.header.Get("Location"), testBase)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := openApp(cfg, false, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if r := do(t, b, "GET", loc, testToken, nil, ""); r.status != 200 || !bytes.Contains(r.body, []byte("Varaktig")) {
		t.Errorf("after restart GET %s = %d %s", loc, r.status, r.body)
	}
	// The customer-number sequence continues; numbers are never reused.
	r = do(t, b, "POST", "id/person", testToken, map[string]string{"Content-Type": "application/json"}, `{"familyName":"Andra"}`)
	if r.header.Get("Location") == testBase+loc {
		t.Errorf("customer number reused after restart: %s", loc)
	}
}

func modelFS(t testing.TB) fs.FS {
	t.Helper()
	sub, err := fs.Sub(modelGenerated(), "generated")
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// Concurrent creates get distinct customer numbers and each is stored.
func TestConcurrentCreatesGetDistinctNumbers(t *testing.T) {
	a := newDemoHub(t)
	const n = 16
	locs := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := do(t, a, "POST", "id/person", testToken, map[string]string{"Content-Type": "application/json"},
				fmt.Sprintf(`{"familyName":"Samtidig %d"}`, i))
			if r.status != 201 {
				t.Errorf("POST %d = %d %s", i, r.status, r.body)
			}
			locs <- r.header.Get("Location")
		}()
	}
	wg.Wait()
	close(locs)
	seen := map[string]bool{}
	for loc := range locs {
		if seen[loc] {
			t.Errorf("customer number handed out twice: %s", loc)
		}
		seen[loc] = true
		if r := do(t, a, "GET", strings.TrimPrefix(loc, testBase), testToken, nil, ""); r.status != 200 {
			t.Errorf("GET %s = %d", loc, r.status)
		}
	}
}
