package rdfio

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/grunddata/grunddata/hub"
	"github.com/knakk/rdf"
)

// sorted returns the N-Triples lines in order: a parser may emit a statement's triples in any order.
func sorted(lines []string) []string {
	out := slices.Clone(lines)
	slices.Sort(out)
	return out
}

// TestParseTurtle covers the Turtle 1.1 grammar production by production; each case gives the
// N-Triples the document must mean.
func TestParseTurtle(t *testing.T) {
	const pre = "@prefix ex: <http://ex.org/> .\n"
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"a ';' before ']' and a trailing ';'", pre + "ex:s ex:p [ ex:q 1 ; ] ; .",
			[]string{`<http://ex.org/s> <http://ex.org/p> _:b1 .`, `_:b1 <http://ex.org/q> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .`}},
		{"repeated ';'", pre + "ex:s ex:p ex:o ;; ex:q ex:o .",
			[]string{`<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .`, `<http://ex.org/s> <http://ex.org/q> <http://ex.org/o> .`}},
		{"object lists", pre + "ex:s ex:p ex:a, ex:b .",
			[]string{`<http://ex.org/s> <http://ex.org/p> <http://ex.org/a> .`, `<http://ex.org/s> <http://ex.org/p> <http://ex.org/b> .`}},
		{"'a' is rdf:type, a: is a prefix", "@prefix a: <http://a.org/> .\na:s a a:C .",
			[]string{`<http://a.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://a.org/C> .`}},
		{"SPARQL-style PREFIX and BASE, any case", "prefix ex: <http://ex.org/>\nBase <http://b.org/dir/>\n<x> ex:p <../y> .",
			[]string{`<http://b.org/dir/x> <http://ex.org/p> <http://b.org/y> .`}},
		{"@base changes resolution midway", "@base <http://b.org/a/> .\n<s> <p> <o> .\n@base <c/> .\n<s> <p> <o> .",
			[]string{`<http://b.org/a/s> <http://b.org/a/p> <http://b.org/a/o> .`, `<http://b.org/a/c/s> <http://b.org/a/c/p> <http://b.org/a/c/o> .`}},
		{"empty prefix and empty local name", "@prefix : <http://e.org/> .\n: :p :o .",
			[]string{`<http://e.org/> <http://e.org/p> <http://e.org/o> .`}},
		{"local names with dots, colons, escapes and percent-encoding", pre + `ex:a.b ex:c:d ex:e\,f\.g, ex:h%20i, ex:1x .`,
			[]string{`<http://ex.org/a.b> <http://ex.org/c:d> <http://ex.org/e,f.g> .`, `<http://ex.org/a.b> <http://ex.org/c:d> <http://ex.org/h%20i> .`, `<http://ex.org/a.b> <http://ex.org/c:d> <http://ex.org/1x> .`}},
		{"a name ends before a final dot", pre + "ex:s ex:p ex:o.",
			[]string{`<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .`}},
		{"non-ASCII names", "@prefix ø: <http://ø.no/> .\nø:skole ø:navn \"Åsgårdstrand\" .",
			[]string{`<http://ø.no/skole> <http://ø.no/navn> "Åsgårdstrand" .`}},
		{"blank node labels are mapped to fresh labels, consistently", pre + "_:x ex:p _:y .\n_:y ex:p _:x .\n_:b1 ex:p [] .",
			[]string{`_:b1 <http://ex.org/p> _:b2 .`, `_:b2 <http://ex.org/p> _:b1 .`, `_:b3 <http://ex.org/p> _:b4 .`}},
		{"[] as subject", pre + "[] ex:p ex:o .", []string{`_:b1 <http://ex.org/p> <http://ex.org/o> .`}},
		{"property list as a whole statement", pre + "[ ex:p ex:o ] .", []string{`_:b1 <http://ex.org/p> <http://ex.org/o> .`}},
		{"property list subject with more predicates", pre + "[ ex:p ex:o ] ex:q ex:r .",
			[]string{`_:b1 <http://ex.org/p> <http://ex.org/o> .`, `_:b1 <http://ex.org/q> <http://ex.org/r> .`}},
		{"nested property lists", pre + "ex:s ex:p [ ex:q [ ex:r 1 ] ] .",
			[]string{`<http://ex.org/s> <http://ex.org/p> _:b1 .`, `_:b1 <http://ex.org/q> _:b2 .`, `_:b2 <http://ex.org/r> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .`}},
		{"collections, empty and nested", pre + "ex:s ex:p ( ex:a ( 1 ) ) , () .",
			[]string{
				`<http://ex.org/s> <http://ex.org/p> _:b1 .`,
				`_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <http://ex.org/a> .`,
				`_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:b2 .`,
				`_:b3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
				`_:b3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .`,
				`_:b2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> _:b3 .`,
				`_:b2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .`,
				`<http://ex.org/s> <http://ex.org/p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .`,
			}},
		{"collection as subject", pre + "( ex:a ) ex:p ex:o .",
			[]string{
				`_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <http://ex.org/a> .`,
				`_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .`,
				`_:b1 <http://ex.org/p> <http://ex.org/o> .`,
			}},
		{"numbers keep their lexical form", pre + "ex:s ex:p -5, +1.50, .5, 1e3, 1.E-2, 4 .",
			[]string{
				`<http://ex.org/s> <http://ex.org/p> "-5"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
				`<http://ex.org/s> <http://ex.org/p> "+1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .`,
				`<http://ex.org/s> <http://ex.org/p> ".5"^^<http://www.w3.org/2001/XMLSchema#decimal> .`,
				`<http://ex.org/s> <http://ex.org/p> "1e3"^^<http://www.w3.org/2001/XMLSchema#double> .`,
				`<http://ex.org/s> <http://ex.org/p> "1.E-2"^^<http://www.w3.org/2001/XMLSchema#double> .`,
				`<http://ex.org/s> <http://ex.org/p> "4"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
			}},
		{"an integer right before the final dot", pre + "ex:s ex:p 7.", []string{`<http://ex.org/s> <http://ex.org/p> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .`}},
		{"booleans, also before the final dot", pre + "ex:s ex:p true, false.",
			[]string{`<http://ex.org/s> <http://ex.org/p> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .`, `<http://ex.org/s> <http://ex.org/p> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> .`}},
		{"string forms and escapes", pre + `ex:s ex:p 'a\'b', "tab\there", """multi
"line" ""x""", '''it's''', "\u00e5\U0001F600" .`,
			[]string{
				`<http://ex.org/s> <http://ex.org/p> "a'b" .`,
				`<http://ex.org/s> <http://ex.org/p> "tab\there" .`,
				`<http://ex.org/s> <http://ex.org/p> "multi\n\"line\" \"\"x" .`,
				`<http://ex.org/s> <http://ex.org/p> "it's" .`,
				`<http://ex.org/s> <http://ex.org/p> "å😀" .`,
			}},
		{"language tags and datatypes", pre + `ex:s ex:p "hei"@nb-NO, "5"^^ex:t, "x"^^<http://www.w3.org/2001/XMLSchema#string> .`,
			[]string{`<http://ex.org/s> <http://ex.org/p> "hei"@nb-no .`, `<http://ex.org/s> <http://ex.org/p> "5"^^<http://ex.org/t> .`, `<http://ex.org/s> <http://ex.org/p> "x" .`}},
		{"comments everywhere", pre + "# c\nex:s # c\n ex:p # c\n ex:o # c\n . # c",
			[]string{`<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .`}},
		{"UCHAR in an IRI", `<http://ex.org/\u00e5> <http://ex.org/p> <http://ex.org/o> .`,
			[]string{`<http://ex.org/å> <http://ex.org/p> <http://ex.org/o> .`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs, err := ParseQuads(strings.NewReader(tt.doc), MediaTurtle, "", nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, q := range qs {
				got = append(got, QuadString(q))
			}
			if diff := cmp.Diff(sorted(tt.want), sorted(got)); diff != "" {
				t.Errorf("triples (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseTriG(t *testing.T) {
	const doc = `@prefix ex: <http://ex.org/> .
ex:s ex:p ex:o .
{ ex:s ex:p ex:d }
ex:g { ex:s ex:p ex:o1 . ex:s ex:q ex:o2 . }
GRAPH ex:h { [ ex:p ex:o ] }
_:g { ex:s ex:p ( 1 ) }
`
	qs, err := ParseQuads(strings.NewReader(doc), MediaTriG, "", iri(t, "http://ex.org/default"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range qs {
		got = append(got, QuadString(q))
	}
	want := []string{
		`<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> <http://ex.org/default> .`,
		`<http://ex.org/s> <http://ex.org/p> <http://ex.org/d> <http://ex.org/default> .`,
		`<http://ex.org/s> <http://ex.org/p> <http://ex.org/o1> <http://ex.org/g> .`,
		`<http://ex.org/s> <http://ex.org/q> <http://ex.org/o2> <http://ex.org/g> .`,
		`_:b1 <http://ex.org/p> <http://ex.org/o> <http://ex.org/h> .`,
		`_:b3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "1"^^<http://www.w3.org/2001/XMLSchema#integer> _:b2 .`,
		`_:b3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> _:b2 .`,
		`<http://ex.org/s> <http://ex.org/p> _:b3 _:b2 .`,
	}
	if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
		t.Errorf("quads (-want +got):\n%s", diff)
	}
}

func TestParseTurtleErrors(t *testing.T) {
	const pre = "@prefix ex: <http://ex.org/> .\n"
	tests := []struct{ name, doc, want string }{
		{"missing final dot", pre + "ex:s ex:p ex:o", `2:15: expected '.', found end of input`},
		{"literal as subject", pre + `"x" ex:p ex:o .`, `2:1: expected a subject, found "\"x\""`},
		{"literal as predicate", pre + `ex:s "p" ex:o .`, `2:6: expected a predicate`},
		{"unterminated IRI", "<http://ex.org/s", "unterminated IRI"},
		{"space in an IRI", "<http://ex.org/a b> <http://ex.org/p> 1 .", `character ' ' is not allowed in an IRI`},
		{"line break in a short string", pre + "ex:s ex:p \"a\nb\" .", "line break in a short string"},
		{"unterminated long string", pre + `ex:s ex:p """abc .`, "unterminated string"},
		{"bad escape", pre + `ex:s ex:p "\q" .`, `invalid escape`},
		{"bad language tag", pre + `ex:s ex:p "x"@-en .`, `invalid language tag ""`},
		{"unclosed property list", pre + "ex:s ex:p [ ex:q 1 .", `expected ']'`},
		{"unclosed collection", pre + "ex:s ex:p ( 1 2", `expected ')', found end of input`},
		{"graph block in Turtle", pre + "ex:g { ex:s ex:p ex:o }", `expected a predicate, found "{"`},
		{"prefix without a colon", "@prefix ex <http://ex.org/> .", `expected ':'`},
		{"a local name may not start with '-'", pre + "ex:s ex:p ex:-x .", `expected '.', found "-x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseQuads(strings.NewReader(tt.doc), MediaTurtle, "", nil)
			if hub.ErrorCode(err) != hub.EInvalid || !strings.Contains(hub.ErrorMessage(err), tt.want) {
				t.Errorf("err = %v, want an invalid error containing %q", err, tt.want)
			}
		})
	}
}

// TestParseTurtleConformanceFiles reads every Turtle file of the conformance suites the project
// uses (W3C SHACL Core, DCAT-AP, SEMIC, LDES); each must parse.
func TestParseTurtleConformanceFiles(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "conformance")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("conformance suites not found at %s: %v", root, err)
	}
	n := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".ttl" {
			return err
		}
		n++
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		qs, err := ParseQuads(f, MediaTurtle, "file:///"+filepath.ToSlash(path), nil)
		if err != nil {
			t.Errorf("%s: %v", path, err)
		} else if len(qs) == 0 {
			t.Errorf("%s: no triples", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("no .ttl files under %s", root)
	}
}

// FuzzParseTurtle checks that no input makes the parser panic, and that whatever it accepts survives
// a round trip through the Turtle writer unchanged (up to blank node labels).
func FuzzParseTurtle(f *testing.F) {
	for _, seed := range []string{
		"@prefix ex: <http://ex.org/> .\nex:s ex:p [ ex:q ( 1 2.5 -3e1 ) ; ] , \"x\"@en , '''y''' , true .",
		"PREFIX : <http://e.org/>\n:a :b :c ; :d _:x . _:x :e \"\\u00e5\\t\" .",
		"@base <http://b.org/> . <a> <b> <../c#d> .",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		ts, err := ParseTriples(strings.NewReader(doc), MediaTurtle, "http://base.org/")
		if err != nil {
			return
		}
		var b strings.Builder
		if err := WriteTurtle(&b, ts, nil); err != nil {
			t.Fatalf("write: %v", err)
		}
		again, err := ParseTriples(strings.NewReader(b.String()), MediaTurtle, "")
		if err != nil {
			t.Fatalf("the writer's output does not parse: %v\n%s", err, b.String())
		}
		if !Isomorphic(dedupe(ts), dedupe(again)) {
			t.Fatalf("round trip changed the graph:\n%s", b.String())
		}
	})
}

func dedupe(ts []rdf.Triple) []rdf.Triple {
	seen := map[string]bool{}
	var out []rdf.Triple
	for _, t := range ts {
		if k := TripleString(t); !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}
