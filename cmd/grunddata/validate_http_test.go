package main

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grunddata/grunddata/examples/exempelby"
	"github.com/grunddata/grunddata/hub/config"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// localRules are a municipality's own SHACL rules (config "shapes"), stricter than the model:
// the hub checks them on write together with the model's generated shapes.
const localRules = `@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix person: <http://www.w3.org/ns/person#> .
@prefix adms: <http://www.w3.org/ns/adms#> .
@prefix cv: <http://data.europa.eu/m8g/> .
@prefix dct: <http://purl.org/dc/terms/> .
<urn:exempelby:PersonRules> sh:targetClass person:Person ;
  sh:property [ sh:path cv:birthDate ; sh:minCount 1 ; sh:message "Exempelby needs the birth date"@en ] ;
  sh:property [ sh:path adms:identifier ; sh:node <urn:exempelby:IssuedIdentifier> ] .
<urn:exempelby:IssuedIdentifier> sh:property [ sh:path dct:issued ; sh:minCount 1 ] .
<urn:exempelby:AddressRules> sh:targetObjectsOf <http://www.w3.org/ns/locn#address> ;
  sh:property [ sh:path <http://www.w3.org/ns/locn#postCode> ; sh:minCount 1 ] .
`

// newHubWithRules is newDemoHub with local shapes in the config.
func newHubWithRules(t *testing.T) *app {
	t.Helper()
	cfg, err := config.Parse(exempelby.Config, "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Base = testBase
	path := filepath.Join(t.TempDir(), "rules.ttl")
	if err := os.WriteFile(path, []byte(localRules), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg.Shapes = []string{path}
	a, err := openApp(cfg, true, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// TestWriteCheckedAgainstShapes sends documents that pass the JSON Schema but break the SHACL
// shapes the hub checks on write: the hub answers 422 with the failing fields and the SHACL
// report (without the submitted values), and stores nothing. A conforming document is stored.
func TestWriteCheckedAgainstShapes(t *testing.T) {
	a := newHubWithRules(t)
	jsonLD := map[string]string{"Content-Type": "application/ld+json"}
	tests := []struct {
		name, method, path, body   string
		pointer, detail, component string
	}{
		{"local rule on the person", "POST", "id/person", `{"familyName":"E"}`,
			"/birthDate", "birthDate: Exempelby needs the birth date", "MinCountConstraintComponent"},
		{"local rule on a nested identifier", "POST", "id/person",
			`{"familyName":"E","birthDate":"1990-02-03","otherIdentifier":[{"notation":"03849245723","scheme":"NorwegianNationalIdentityNumber"}]}`,
			"/otherIdentifier", "otherIdentifier: value does not conform to the shape <urn:exempelby:IssuedIdentifier>", "NodeConstraintComponent"},
		{"local rule on a nested address", "POST", "id/person", `{"familyName":"E","birthDate":"1990-02-03","address":{"fullAddress":"Storgatan 1"}}`,
			"/address", "postCode (in address): at least 1 value required, found 0", "MinCountConstraintComponent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seq, n := storeState(t, a)
			r := do(t, a, tt.method, tt.path, testToken, jsonLD, tt.body)
			if r.status != 422 || r.header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%s %s = %d %s; want 422 problem+json", tt.method, tt.path, r.status, r.body)
			}
			var p struct {
				Detail string
				Errors []struct{ Pointer, Detail string }
				Report struct {
					Type     string           `json:"@type"`
					Conforms bool             `json:"sh:conforms"`
					Result   []map[string]any `json:"sh:result"`
				}
			}
			if err := json.Unmarshal(r.body, &p); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(p.Detail, "SHACL") || len(p.Errors) != 1 || p.Errors[0].Pointer != tt.pointer || p.Errors[0].Detail != tt.detail {
				t.Errorf("problem does not name %s with %q: %s", tt.pointer, tt.detail, r.body)
			}
			if p.Report.Type != "sh:ValidationReport" || p.Report.Conforms || len(p.Report.Result) != 1 {
				t.Fatalf("no SHACL report in the problem: %s", r.body)
			}
			res := p.Report.Result[0]
			if comp, _ := res["sh:sourceConstraintComponent"].(map[string]any); comp["@id"] != vocab.SHNS+tt.component {
				t.Errorf("component %v, want %s", comp, tt.component)
			}
			if seq2, n2 := storeState(t, a); seq2 != seq || n2 != n {
				t.Errorf("store changed: seq %d→%d, quads %d→%d", seq, seq2, n, n2)
			}
		})
	}
	r := do(t, a, "POST", "id/person", testToken, jsonLD,
		`{"familyName":"E","birthDate":"1990-02-03","otherIdentifier":[{"notation":"03849245723","scheme":"NorwegianNationalIdentityNumber","issued":"2001-01-01"}]}`)
	if r.status != 201 {
		t.Errorf("conforming person: %d %s", r.status, r.body)
	}
	// The local rules are part of POST validate and the validate command too.
	r = do(t, a, "POST", "validate", "", map[string]string{"Content-Type": "text/turtle", "Accept": "text/turtle"},
		`<`+testBase+`id/person/10000004> a <http://www.w3.org/ns/person#Person> ; <http://xmlns.com/foaf/0.1/familyName> "E" .`)
	if !strings.Contains(string(r.body), "Exempelby needs the birth date") {
		t.Errorf("POST validate ignores the local rules: %s", r.body)
	}
}

// TestValidateEndpoint posts data (and shapes) to {base}validate and reads the report back in
// the negotiated syntax.
func TestValidateEndpoint(t *testing.T) {
	a := newDemoHub(t)
	badPerson := `@prefix person: <http://www.w3.org/ns/person#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<` + testBase + `id/person/10000004> a person:Person ; foaf:givenName "Kari", "Kari Anne" .
`
	// Turtle in, JSON-LD out (the default).
	r := do(t, a, "POST", "validate", "", map[string]string{"Content-Type": "text/turtle"}, badPerson)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/ld+json") {
		t.Fatalf("POST validate = %d %q %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	var rep struct {
		Conforms bool             `json:"sh:conforms"`
		Result   []map[string]any `json:"sh:result"`
	}
	if err := json.Unmarshal(r.body, &rep); err != nil || rep.Conforms || len(rep.Result) != 2 {
		t.Fatalf("report: %v %s", err, r.body)
	}
	// Turtle out.
	r = do(t, a, "POST", "validate", "", map[string]string{"Content-Type": "text/turtle", "Accept": "text/turtle"}, badPerson)
	ts, err := rdfio.ParseTriples(bytes.NewReader(r.body), rdfio.MediaTurtle, "")
	if r.status != 200 || err != nil || !strings.Contains(string(r.body), "sh:MaxCountConstraintComponent") {
		t.Fatalf("Turtle report: %d %v\n%s", r.status, err, r.body)
	}
	if len(ts) == 0 {
		t.Fatal("empty Turtle report")
	}
	// Conforming JSON-LD in the hub's context.
	good := `{"@id":"` + testBase + `id/person/10000004","@type":"Person","familyName":"Exempelsson"}`
	r = do(t, a, "POST", "validate", "", map[string]string{"Content-Type": "application/ld+json", "Accept": "text/turtle"}, good)
	if r.status != 200 || !strings.Contains(string(r.body), "sh:conforms true") {
		t.Fatalf("conforming data: %d %s", r.status, r.body)
	}

	// Multipart: data plus extra shapes, with and without the model's shapes.
	shapes := `@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<urn:x:shape> sh:targetSubjectsOf foaf:familyName ; sh:property [ sh:path foaf:familyName ; sh:minLength 50 ] .
`
	body, ct := multipartBody(t, map[string][2]string{"data": {"person.jsonld", good}, "shapes": {"shapes.ttl", shapes}})
	for _, q := range []struct {
		query string
		want  int
	}{{"", 1}, {"?model=false", 1}} {
		r = do(t, a, "POST", "validate"+q.query, "", map[string]string{"Content-Type": ct}, body)
		if err := json.Unmarshal(r.body, &rep); r.status != 200 || err != nil || rep.Conforms || len(rep.Result) != q.want {
			t.Errorf("multipart%s: %d %v %s", q.query, r.status, err, r.body)
		}
	}

	// Errors.
	for _, e := range []struct {
		name, query, ct, body string
		status                int
	}{
		{"syntax error", "", "text/turtle", "<a> <b> .", 400},
		{"unknown media type", "", "text/csv", "a,b", 415},
		{"no shapes at all", "?model=false", "text/turtle", badPerson, 400},
		{"no data part", "", ct, strings.Replace(body, `name="data"`, `name="other"`, 1), 400},
	} {
		r = do(t, a, "POST", "validate"+e.query, "", map[string]string{"Content-Type": e.ct}, e.body)
		if r.status != e.status || r.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %q %s; want %d problem+json", e.name, r.status, r.header.Get("Content-Type"), r.body, e.status)
		}
	}
}

// multipartBody builds a multipart/form-data body of file parts (name → file name, content).
func multipartBody(t *testing.T, parts map[string][2]string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, name := range []string{"data", "shapes"} {
		p, ok := parts[name]
		if !ok {
			continue
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+name+`"; filename="`+p[0]+`"`)
		h.Set("Content-Type", "application/octet-stream")
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		pw.Write([]byte(p[1]))
	}
	w.Close()
	return buf.String(), w.FormDataContentType()
}
