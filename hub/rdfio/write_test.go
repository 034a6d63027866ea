package rdfio

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/knakk/rdf"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// golden compares got with testdata/name, rewriting the file under -update.
func golden(tb testing.TB, name string, got []byte) {
	tb.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		tb.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

// xmlSafe drops what RDF/XML cannot carry (control characters) and what knakk's RDF/XML decoder
// cannot read back (non-hierarchical IRIs such as urn:uuid:…, which it takes for QNames).
func xmlSafe(ts []rdf.Triple) []rdf.Triple {
	return slices.DeleteFunc(slices.Clone(ts), func(t rdf.Triple) bool {
		return strings.ContainsRune(t.Obj.String(), 0x07) || strings.HasPrefix(t.Obj.String(), "urn:")
	})
}

func TestWritersGoldenAndRoundTrip(t *testing.T) {
	tests := []struct {
		name      string
		mediaType string
		graph     func(testing.TB) []rdf.Triple
		write     func(*bytes.Buffer, []rdf.Triple) error
	}{
		{"fixture.nt", MediaNTriples, fixture, func(b *bytes.Buffer, ts []rdf.Triple) error {
			return WriteNTriples(b, SortTriples(ts))
		}},
		{"fixture.ttl", MediaTurtle, fixture, func(b *bytes.Buffer, ts []rdf.Triple) error {
			return WriteTurtle(b, ts, fixturePrefixes)
		}},
		{"fixture.rdf", MediaRDFXML, func(tb testing.TB) []rdf.Triple { return xmlSafe(fixture(tb)) },
			func(b *bytes.Buffer, ts []rdf.Triple) error { return WriteRDFXML(b, ts, fixturePrefixes) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			graph := tt.graph(t)
			var buf bytes.Buffer
			if err := tt.write(&buf, slices.Clone(graph)); err != nil {
				t.Fatalf("write: %v", err)
			}
			golden(t, tt.name+".golden", buf.Bytes())

			got, err := ParseTriples(bytes.NewReader(buf.Bytes()), tt.mediaType, "")
			if err != nil {
				t.Fatalf("knakk cannot read our output: %v\n%s", err, buf.String())
			}
			if d := Diff(graph, got); d != "" {
				t.Errorf("round trip through knakk's decoder: %s", d)
			}
			// Determinism: the same graph in another order gives the same bytes.
			var again bytes.Buffer
			shuffled := slices.Clone(graph)
			slices.Reverse(shuffled)
			if err := tt.write(&again, shuffled); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Errorf("output depends on input order")
			}
		})
	}
}

func TestNTriplesRoundTripIsExact(t *testing.T) {
	// With no blank node relabelling in N-Triples, the parsed triples must be the very same terms.
	graph := fixture(t)
	var buf bytes.Buffer
	if err := WriteNTriples(&buf, graph); err != nil {
		t.Fatal(err)
	}
	got, err := ParseTriples(&buf, MediaNTriples, "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(lines(graph), lines(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func lines(ts []rdf.Triple) []string {
	var out []string
	for _, t := range SortTriples(slices.Clone(ts)) {
		out = append(out, TripleString(t))
	}
	return out
}

func TestWriteNQuadsGolden(t *testing.T) {
	g1, g2 := iri(t, base+"graph/folkbokforing"), iri(t, base+"graph/lon")
	var qs []rdf.Quad
	for i, tr := range fixture(t)[:6] {
		var ctx rdf.Context = g1
		switch i % 3 {
		case 1:
			ctx = g2
		case 2:
			ctx = nil
		}
		qs = append(qs, rdf.Quad{Triple: tr, Ctx: ctx})
	}
	qs = append(qs, qs[0]) // a duplicate that SortQuads drops
	var buf bytes.Buffer
	if err := WriteNQuads(&buf, SortQuads(qs)); err != nil {
		t.Fatal(err)
	}
	golden(t, "fixture.nq.golden", buf.Bytes())

	got, err := ParseQuads(bytes.NewReader(buf.Bytes()), MediaNQuads, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]string, 0, len(qs))
	for _, q := range SortQuads(qs) {
		want = append(want, QuadString(q))
	}
	gotLines := make([]string, 0, len(got))
	for _, q := range SortQuads(got) {
		gotLines = append(gotLines, QuadString(q))
	}
	if diff := cmp.Diff(want, gotLines); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestWriteRDFXMLErrors(t *testing.T) {
	s := iri(t, ex+"s")
	tests := []struct {
		name string
		tr   rdf.Triple
		want string
	}{
		{"control character", triple(s, iri(t, ex+"p"), str(t, "a\x02b")), "cannot be written in RDF/XML"},
		{"predicate without NCName end", triple(s, iri(t, ex+"123"), str(t, "x")), "cannot be written as an XML qualified name"},
		{"predicate ending in slash", triple(s, iri(t, "http://example.org/p/"), str(t, "x")), "cannot be written as an XML qualified name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := WriteRDFXML(&bytes.Buffer{}, []rdf.Triple{tt.tr}, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestOddBlankLabelsStillParse(t *testing.T) {
	// knakk's NewBlank accepts any label; the writers must still produce parseable documents.
	odd := blank(t, "has space/and:colon")
	digit := blank(t, "0")
	graph := []rdf.Triple{
		triple(odd, iri(t, ex+"p"), digit),
		triple(digit, iri(t, ex+"p"), str(t, "x")),
	}
	for _, mt := range []string{MediaNTriples, MediaTurtle, MediaRDFXML} {
		t.Run(mt, func(t *testing.T) {
			var buf bytes.Buffer
			var err error
			switch mt {
			case MediaNTriples:
				err = WriteNTriples(&buf, graph)
			case MediaTurtle:
				err = WriteTurtle(&buf, graph, nil)
			case MediaRDFXML:
				err = WriteRDFXML(&buf, graph, nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseTriples(&buf, mt, "")
			if err != nil {
				t.Fatalf("%v\n%s", err, buf.String())
			}
			if d := Diff(graph, got); d != "" {
				t.Error(d)
			}
		})
	}
}

func TestWriteTurtleEmptyGraph(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTurtle(&buf, nil, fixturePrefixes); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Errorf("empty graph wrote %q, want nothing", buf.String())
	}
}
