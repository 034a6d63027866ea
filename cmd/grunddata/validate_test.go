package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// TestValidateCommand runs `grunddata validate` on conforming and failing data in several
// syntaxes, with the model's shapes and with a shapes file, and checks report and exit status.
func TestValidateCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.ttl", `@prefix person: <http://www.w3.org/ns/person#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<http://localhost:8080/id/person/12345678> a person:Person ; foaf:familyName "Exempelsson" .
`)
	bad := write("bad.nt", `<http://localhost:8080/id/person/12345679> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/person#Person> .
<http://localhost:8080/id/person/12345679> <http://data.europa.eu/m8g/birthDate> "1985-13-01"^^<http://www.w3.org/2001/XMLSchema#date> .
`)
	badJSON := write("bad.jsonld", `{"@id": "http://localhost:8080/id/person/12345670", "@type": "Person", "givenName": ["Kari", "Åse"], "familyName": "Nordmann"}`)
	// References to resources outside the file only give warnings (the referenced class).
	refs := write("membership.ttl", `@prefix org: <http://www.w3.org/ns/org#> .
<http://localhost:8080/id/membership/m1> a org:Membership ;
  org:member <http://localhost:8080/id/person/10000004> ; org:organization <http://localhost:8080/id/unit/100> .
`)
	shapes := write("shapes.ttl", `@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<urn:s> sh:targetSubjectsOf foaf:familyName ; sh:property [ sh:path foaf:familyName ; sh:minLength 20 ] .
`)

	tests := []struct {
		name    string
		args    []string
		exit    int
		want    []string // substrings of stdout
		wantErr string   // substring of stderr
	}{
		{"conforms", []string{good}, 0, []string{"sh:conforms true"}, ""},
		{"model violation in N-Triples", []string{bad, "--format", "text"}, 1,
			[]string{"Conforms: no (2 violations", "familyName>: at least 1 value required, found 0", `value "1985-13-01"`}, ""},
		{"JSON-LD data with the hub context", []string{"--format", "text", badJSON}, 1, []string{"givenName>: at most 1 value allowed, found 2"}, ""},
		{"own shapes", []string{"--shapes", shapes, good}, 1, []string{"sh:MinLengthConstraintComponent"}, ""},
		{"JSON-LD report", []string{"--format", "jsonld", bad}, 1, []string{`"@type": "sh:ValidationReport"`, `"sh:conforms": false`}, ""},
		{"warnings fail by default", []string{"--format", "text", refs}, 1, []string{"Conforms: no (0 violations, 2 warnings"}, ""},
		{"--fail-on violation ignores warnings", []string{"--fail-on", "violation", "--format", "text", refs}, 0, []string{"2 warnings"}, ""},
		{"--fail-on violation still fails on violations", []string{"--fail-on", "violation", bad}, 1, []string{"sh:Violation"}, ""},
		{"bad --fail-on", []string{"--fail-on", "sometimes", good}, 2, nil, "--fail-on"},
		{"missing file", []string{filepath.Join(dir, "nope.ttl")}, 2, nil, "no such file"},
		{"syntax error", []string{write("broken.ttl", "<a> <b> .")}, 2, nil, "broken.ttl"},
		{"bad shapes", []string{"--shapes", write("bad-shapes.ttl", `<urn:s> <http://www.w3.org/ns/shacl#targetNode> <urn:x> ; <http://www.w3.org/ns/shacl#pattern> "(a)\\1" .`), good}, 2, nil, "RE2"},
		{"bad format", []string{"--format", "xml", good}, 2, nil, "--format"},
		{"no files", nil, 2, nil, "at least one data file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, err := runCLI(t, append([]string{"validate"}, tc.args...)...)
			exit := 0
			if e, ok := err.(exitError); ok {
				exit = int(e)
			} else if err != nil {
				t.Fatalf("error %v", err)
			}
			if exit != tc.exit {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", exit, tc.exit, stdout, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			if !strings.Contains(stderr, tc.wantErr) {
				t.Errorf("stderr lacks %q:\n%s", tc.wantErr, stderr)
			}
		})
	}
	// The Turtle report reads back as a report.
	stdout, _, _ := runCLI(t, "validate", bad)
	ts, err := rdfio.ParseTriples(bytes.NewReader([]byte(stdout)), rdfio.MediaTurtle, "")
	if err != nil {
		t.Fatalf("the Turtle report does not parse: %v\n%s", err, stdout)
	}
	results := 0
	for _, tr := range ts {
		if rdfio.Equal(tr.Pred, vocab.SHResult) {
			results++
		}
	}
	if results != 2 {
		t.Errorf("Turtle report has %d results, want 2", results)
	}
}
