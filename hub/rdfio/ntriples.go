package rdfio

import (
	"bufio"
	"io"
	"strings"

	"github.com/knakk/rdf"
)

// WriteNTriples writes ts as N-Triples, one canonical line per triple in the given order (call
// SortTriples first for canonical N-Triples). Blank node labels that are not valid
// BLANK_NODE_LABELs are replaced consistently, so the output always parses.
func WriteNTriples(w io.Writer, ts []rdf.Triple) error {
	bw := bufio.NewWriter(w)
	var b strings.Builder
	for _, t := range ts {
		b.Reset()
		writeTerm(&b, safeBlank(t.Subj))
		b.WriteByte(' ')
		writeTerm(&b, t.Pred)
		b.WriteByte(' ')
		writeTerm(&b, safeBlank(t.Obj))
		b.WriteString(" .\n")
		if _, err := bw.WriteString(b.String()); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteNQuads writes qs as N-Quads, one line per quad in the given order (call SortQuads first
// for canonical N-Quads). A nil Ctx writes the quad into the default graph.
func WriteNQuads(w io.Writer, qs []rdf.Quad) error {
	bw := bufio.NewWriter(w)
	var b strings.Builder
	for _, q := range qs {
		b.Reset()
		writeTerm(&b, safeBlank(q.Subj))
		b.WriteByte(' ')
		writeTerm(&b, q.Pred)
		b.WriteByte(' ')
		writeTerm(&b, safeBlank(q.Obj))
		if q.Ctx != nil {
			b.WriteByte(' ')
			writeTerm(&b, safeBlank(q.Ctx))
		}
		b.WriteString(" .\n")
		if _, err := bw.WriteString(b.String()); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// safeBlank returns t unchanged unless it is a blank node whose label the Turtle family of
// grammars rejects (knakk's NewBlank accepts any non-empty label).
func safeBlank(t rdf.Term) rdf.Term {
	b, ok := t.(rdf.Blank)
	if !ok || validBlankLabel(b.String()) {
		return t
	}
	nb, _ := rdf.NewBlank(hashedLabel(b.String()))
	return nb
}
