package store

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// canonical is the whole store as a canonical N-Quads document: rdfio.SortQuads order, one
// rdfio.QuadString line each.
func canonical(t testing.TB, s *Store) string {
	t.Helper()
	lines := nq(match(t, s, Pattern{}))
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

func importString(t testing.TB, s *Store, doc string, opts ImportOptions) int {
	t.Helper()
	n, err := s.ImportNQuads(context.Background(), strings.NewReader(doc), opts)
	if err != nil {
		t.Fatalf("ImportNQuads: %v", err)
	}
	return n
}

// testImportExportGolden imports testdata/input.nq, checks the canonical export against
// testdata/input.golden.nq (rewritten with -update), that ExportNQuads writes exactly the stored
// quads, and that importing the export into a fresh store gives the same document.
func testImportExportGolden(t *testing.T, open opener) {
	input, err := os.ReadFile(filepath.Join("testdata", "input.nq"))
	if err != nil {
		t.Fatal(err)
	}
	s := open(t)
	n := importString(t, s, string(input), ImportOptions{})
	if n != 20 { // 21 statements, one of them twice
		t.Errorf("ImportNQuads stored %d quads, want 20", n)
	}
	got := canonical(t, s)
	golden := filepath.Join("testdata", "input.golden.nq")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("canonical export (-want +got):\n%s", diff)
	}

	var buf bytes.Buffer
	written, err := s.ExportNQuads(context.Background(), &buf, Pattern{})
	if err != nil {
		t.Fatal(err)
	}
	exported := strings.SplitAfter(buf.String(), "\n")
	exported = exported[:len(exported)-1] // after the last newline
	slices.Sort(exported)
	wantLines := strings.SplitAfter(got, "\n")
	wantLines = wantLines[:len(wantLines)-1]
	slices.Sort(wantLines)
	if diff := cmp.Diff(wantLines, exported); diff != "" || written != len(exported) {
		t.Errorf("ExportNQuads wrote %d lines, said %d (-want +got):\n%s", len(exported), written, diff)
	}

	again := open(t)
	importString(t, again, buf.String(), ImportOptions{})
	if diff := cmp.Diff(got, canonical(t, again)); diff != "" {
		t.Errorf("re-imported export (-want +got):\n%s", diff)
	}
	// Importing into a store that has it all stores nothing.
	if n := importString(t, s, buf.String(), ImportOptions{}); n != 0 {
		t.Errorf("re-import stored %d quads, want 0", n)
	}

	// Export of a pattern writes only its matches.
	buf.Reset()
	if n, err := s.ExportNQuads(context.Background(), &buf, Pattern{G: DefaultGraph, P: iri(t, "http://ex.org/p"), S: blank(t, "b0")}); n != 1 || err != nil {
		t.Errorf("ExportNQuads(pattern) = %d, %v:\n%s", n, err, buf.String())
	}
}

func testImportOptions(t *testing.T, open opener) {
	const doc = "<http://ex.org/s> <http://ex.org/p> _:b0 .\n" +
		"_:b0 <http://ex.org/p> \"x\" <http://ex.org/named> .\n"
	tests := []struct {
		name string
		opts ImportOptions
		want string
	}{
		{"no options", ImportOptions{}, "" +
			"<http://ex.org/s> <http://ex.org/p> _:b0 .\n" +
			"_:b0 <http://ex.org/p> \"x\" <http://ex.org/named> .\n"},
		{"DefaultGraph only moves triples without a graph", ImportOptions{DefaultGraph: iri(t, "http://ex.org/dg")}, "" +
			"<http://ex.org/s> <http://ex.org/p> _:b0 <http://ex.org/dg> .\n" +
			"_:b0 <http://ex.org/p> \"x\" <http://ex.org/named> .\n"},
		{"BlankPrefix", ImportOptions{BlankPrefix: "doc1-"}, "" +
			"<http://ex.org/s> <http://ex.org/p> _:doc1-b0 .\n" +
			"_:doc1-b0 <http://ex.org/p> \"x\" <http://ex.org/named> .\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			importString(t, s, doc, tt.opts)
			if diff := cmp.Diff(tt.want, canonical(t, s)); diff != "" {
				t.Errorf("store (-want +got):\n%s", diff)
			}
		})
	}
	// The same document with two prefixes keeps two sets of blank nodes; with one, re-import adds 0.
	s := open(t)
	importString(t, s, doc, ImportOptions{BlankPrefix: "a-"})
	if n := importString(t, s, doc, ImportOptions{BlankPrefix: "a-"}); n != 0 {
		t.Errorf("re-import with the same prefix stored %d quads", n)
	}
	if n := importString(t, s, doc, ImportOptions{BlankPrefix: "b-"}); n != 2 {
		t.Errorf("import with another prefix stored %d quads, want 2", n)
	}
}

// testImportSyntaxError documents the contract of a failed import: the error names the line (as a
// *SyntaxError inside a *hub.Error with code EInvalid), and every quad on the lines before it is
// stored, since a file may be too large for one transaction. Importing the fixed file afterwards
// stores only the rest.
func testImportSyntaxError(t *testing.T, s *Store) {
	const good = "<http://ex.org/s> <http://ex.org/p> \"1\" .\n" +
		"# comment\n" +
		"<http://ex.org/s> <http://ex.org/p> \"2\" .\n"
	bad := good + "<http://ex.org/s> <http://ex.org/p> \"3\" <http://ex.org/g> <http://ex.org/extra> .\n" +
		"<http://ex.org/s> <http://ex.org/p> \"5\" .\n"
	n, err := s.ImportNQuads(context.Background(), strings.NewReader(bad), ImportOptions{})
	if err == nil {
		t.Fatal("ImportNQuads of a bad document succeeded")
	}
	if !strings.Contains(err.Error(), "line 4") {
		t.Errorf("error %q does not name line 4", err)
	}
	var se *SyntaxError
	var he *hub.Error
	if !errors.As(err, &se) || se.Line != 4 || !errors.As(err, &he) || he.Code != hub.EInvalid {
		t.Errorf("error %#v: want a *SyntaxError on line 4 inside a *hub.Error with code %q", err, hub.EInvalid)
	}
	if n != 2 {
		t.Errorf("ImportNQuads reported %d quads stored, want 2", n)
	}
	if diff := cmp.Diff(nq(mustParse(t, good)), nq(match(t, s, Pattern{}))); diff != "" {
		t.Errorf("quads before the error (-want +got):\n%s", diff)
	}
	fixed := strings.Replace(bad, " <http://ex.org/extra>", "", 1)
	if n := importString(t, s, fixed, ImportOptions{}); n != 2 {
		t.Errorf("import of the fixed file stored %d quads, want 2", n)
	}
}

func mustParse(t testing.TB, doc string) []rdf.Quad {
	t.Helper()
	var p nqParser
	var out []rdf.Quad
	for i, line := range strings.Split(doc, "\n") {
		q, ok, err := p.parseLine([]byte(line))
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if ok {
			out = append(out, q)
		}
	}
	return out
}

// TestParseLineErrors: each malformed line is refused with a message and column.
func TestParseLineErrors(t *testing.T) {
	tests := []struct {
		line, wantMsg string
	}{
		{`<http://ex.org/s> <http://ex.org/p> "x"`, "expected '.'"},
		{`<http://ex.org/s> <http://ex.org/p> "x" . junk`, "unexpected text"},
		{`<s> <http://ex.org/p> "x" .`, "relative IRI"},
		{`<http://ex.org/s> <http://ex.org/p> "unterminated .`, "unterminated string"},
		{`<http://ex.org/s> <http://ex.org/p> "x"@ .`, "invalid language tag"},
		{`<http://ex.org/s> <http://ex.org/p> "\q" .`, "invalid escape"},
		{`<http://ex.org/s> <http://ex.org/p> "\u00`, "incomplete"},
		{`<http://ex.org/s> <http://ex.org/p> "\u00" .`, "incomplete"},
		{`<http://ex.org/s> <http://ex.org/p> "\uD800" .`, "invalid \\u escape"},
		{`<http://ex.org/a b> <http://ex.org/p> "x" .`, "not allowed in an IRI"},
		{`"lit" <http://ex.org/p> "x" .`, "expected an IRI"},
		{`_: <http://ex.org/p> "x" .`, "empty blank node label"},
		{`<http://ex.org/s> _:p "x" .`, "expected an IRI"},
		{`<http://ex.org/s> <http://ex.org/p> "x" "g" .`, "expected an IRI"},
		{"<http://ex.org/s> <http://ex.org/p> \"\xff\" .", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			var p nqParser
			_, _, err := p.parseLine([]byte(tt.line))
			var se *SyntaxError
			if !errors.As(err, &se) || !strings.Contains(se.Msg, tt.wantMsg) || se.Column < 1 {
				t.Errorf("parseLine error = %v, want a SyntaxError containing %q", err, tt.wantMsg)
			}
		})
	}
}
