package ldcheck

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/grunddata/grunddata/model"
	"github.com/piprate/json-gold/ld"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// golden compares got with testdata/name, rewriting the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./model -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
}

// sampleWithContext loads a testdata document and replaces its remote @context with the
// generated one, so json-gold never needs a document loader (no network in tests).
func sampleWithContext(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	doc["@context"] = model.Default().Context()
	return doc
}

func jsonldOptions() *ld.JsonLdOptions {
	opts := ld.NewJsonLdOptions("")
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.Format = "application/n-quads"
	return opts
}

func TestContextExpandsSamplePerson(t *testing.T) {
	proc := ld.NewJsonLdProcessor()
	expanded, err := proc.Expand(sampleWithContext(t, "person.json"), jsonldOptions())
	if err != nil {
		t.Fatalf("json-gold rejects the generated context: %v", err)
	}
	if len(expanded) != 1 {
		t.Fatalf("expanded to %d nodes, want 1", len(expanded))
	}
	node := expanded[0].(map[string]any)
	value := func(prop string) any {
		t.Helper()
		vs, ok := node[prop].([]any)
		if !ok || len(vs) == 0 {
			t.Fatalf("expanded person has no %s; got keys %v", prop, keys(node))
		}
		return vs[0]
	}
	tests := []struct {
		prop string
		want any
	}{
		{"http://xmlns.com/foaf/0.1/givenName", map[string]any{"@value": "Kari"}},
		{"http://data.europa.eu/m8g/birthDate", map[string]any{"@value": "1985-03-15", "@type": "http://www.w3.org/2001/XMLSchema#date"}},
		{"https://w3id.org/grunddata/ns#protectionLevel", map[string]any{"@id": "https://w3id.org/grunddata/ns#Unprotected"}},
		{"https://w3id.org/grunddata/ns#customerNumber", map[string]any{"@value": "10000003"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, value(tt.prop)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.prop, diff)
		}
	}
	if diff := cmp.Diff([]any{"http://www.w3.org/ns/person#Person"}, node["@type"]); diff != "" {
		t.Errorf("@type (-want +got):\n%s", diff)
	}
	ident := value("http://www.w3.org/ns/adms#identifier").(map[string]any)
	if diff := cmp.Diff([]any{map[string]any{"@id": "https://w3id.org/grunddata/ns#NorwegianNationalIdentityNumber"}}, ident["http://purl.org/dc/terms/conformsTo"]); diff != "" {
		t.Errorf("identifier scheme (-want +got):\n%s", diff)
	}
}

func TestContextToRDFGolden(t *testing.T) {
	proc := ld.NewJsonLdProcessor()
	nq, err := proc.ToRDF(sampleWithContext(t, "person.json"), jsonldOptions())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(nq.(string)), "\n")
	sortStrings(lines)
	golden(t, "person.nq.golden", []byte(strings.Join(lines, "\n")+"\n"))
}

func TestContextTerms(t *testing.T) {
	ctx := model.Default().Context()
	tests := []struct {
		term string
		want any
	}{
		{"id", "@id"},
		{"type", "@type"},
		{"@version", 1.1},
		{"Person", "person:Person"},
		{"PublicOrganisation", "cv:PublicOrganisation"},
		{"givenName", "foaf:givenName"},
		{"birthDate", map[string]any{"@id": "cv:birthDate", "@type": "xsd:date"}},
		{"organisation", map[string]any{"@id": "org:organization", "@type": "@id"}},
		{"protectionLevel", map[string]any{"@id": "gd:protectionLevel", "@type": "@vocab"}},
		{"contactPoint", map[string]any{"@id": "cv:contactPoint", "@container": "@set"}},
		{"thematicArea", map[string]any{"@id": "cv:thematicArea", "@type": "@id", "@container": "@set"}},
		{"employmentPercentage", map[string]any{"@id": "gd:employmentPercentage", "@type": "xsd:decimal"}},
		{"ProtectedIdentity", "gd:ProtectedIdentity"},
		{"gd", "https://w3id.org/grunddata/ns#"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, ctx[tt.term]); diff != "" {
			t.Errorf("term %s (-want +got):\n%s", tt.term, diff)
		}
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
