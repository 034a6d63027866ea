package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grunddata/grunddata/hub/rdfio"
)

func runCLI(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// Import a Turtle file and an N-Quads file, import them again (nothing new), export, and read the
// export back: the same graph.
func TestImportExport(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "store")
	ttl := filepath.Join(dir, "units.ttl")
	os.WriteFile(ttl, []byte(`@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<id/unit/1> skos:prefLabel "Ett" ; skos:note [ skos:prefLabel "nested" ] .
<id/unit/2> skos:prefLabel "Två"@sv .
`), 0o644)
	nq := filepath.Join(dir, "more.nq")
	os.WriteFile(nq, []byte(`<http://x.test/a> <http://x.test/p> "line\nbreak" <http://x.test/g> .
_:b0 <http://x.test/p> <http://x.test/a> .
`), 0o644)

	for round := 1; round <= 2; round++ {
		_, stderr, err := runCLI(t, "import", "--data", data, ttl, nq)
		if err != nil {
			t.Fatalf("import round %d: %v\n%s", round, err, stderr)
		}
		want := "units.ttl: 4 new quads"
		if round == 2 {
			want = "units.ttl: 0 new quads" // a second import of the same file adds nothing
		}
		if !strings.Contains(stderr, want) {
			t.Errorf("import round %d output:\n%s\nwant %q", round, stderr, want)
		}
	}
	out := filepath.Join(dir, "dump.nq")
	_, stderr, err := runCLI(t, "export", "--data", data, "--out", out)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	if !strings.Contains(stderr, "exported 6 quads") {
		t.Errorf("export after two identical imports: %s; want 6 quads (re-import adds nothing)", stderr)
	}
	b, _ := os.ReadFile(out)
	quads, err := rdfio.ParseQuads(bytes.NewReader(b), "application/n-quads", "", nil)
	if err != nil || len(quads) != 6 {
		t.Fatalf("export does not read back: %v, %d quads\n%s", err, len(quads), b)
	}
	if !bytes.Contains(b, []byte(`<http://localhost:8080/id/unit/2> <http://www.w3.org/2004/02/skos/core#prefLabel> "Två"@sv <http://localhost:8080/graph/import> .`)) {
		t.Errorf("relative IRIs not resolved against the base, or graph missing:\n%s", b)
	}

	// A syntax error names the file and the line.
	bad := filepath.Join(dir, "bad.nq")
	os.WriteFile(bad, []byte("<http://x.test/a> <http://x.test/p> <http://x.test/o> .\n<http://x.test/a> <http://x.test/p> .\n"), 0o644)
	if _, _, err := runCLI(t, "import", "--data", data, bad); err == nil || !strings.Contains(err.Error(), "bad.nq") || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("import of a broken file: %v; want the file and line 2 named", err)
	}
}

func TestModelCommands(t *testing.T) {
	stdout, _, err := runCLI(t, "model", "check")
	if err != nil || !strings.Contains(stdout, "is valid") {
		t.Errorf("model check = %v %q", err, stdout)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("id: https://x.test/m\nname: m\nclasses:\n  Thing:\n    class_uri: nope:Thing\n"), 0o644)
	_, stderr, err := runCLI(t, "model", "check", bad)
	if err == nil || !strings.Contains(stderr, "nope") {
		t.Errorf("model check of a bad schema = %v %q; want an error naming the unknown prefix", err, stderr)
	}
	out := t.TempDir()
	if _, _, err := runCLI(t, "model", "generate", "--out", out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "context.jsonld")); err != nil {
		t.Errorf("model generate wrote no context: %v", err)
	}
	if _, _, err := runCLI(t, "frobnicate"); err == nil {
		t.Error("unknown command gave no error")
	}
}
