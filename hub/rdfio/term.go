// Package rdfio reads and writes the RDF syntaxes the hub speaks (Turtle, N-Triples, N-Quads,
// RDF/XML) over knakk/rdf terms, and compares graphs by isomorphism.
//
// knakk/rdf's own term equality is unreliable (rdf.TermsEqual ignores a typed literal's datatype and
// == on a Literal compares a cached Go value), and its encoders emit invalid Turtle for some terms, so
// everything here is keyed on TermString, the canonical N-Triples form of a term. The readers stay
// on knakk's decoders but guard against their panics and leaked lexer goroutines.
package rdfio

import (
	"cmp"
	"slices"
	"strings"

	"github.com/knakk/rdf"
)

// Datatype and vocabulary IRIs the writers special-case.
const (
	xsdNS         = "http://www.w3.org/2001/XMLSchema#"
	xsdString     = xsdNS + "string"
	xsdInteger    = xsdNS + "integer"
	xsdDecimal    = xsdNS + "decimal"
	xsdBoolean    = xsdNS + "boolean"
	rdfNS         = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	rdfType       = rdfNS + "type"
	rdfLangString = rdfNS + "langString"
)

// TermString returns the canonical N-Triples form of t: <iri> with characters N-Triples forbids in
// IRIs written as \uXXXX, _:label, "lexical" with the RDF 1.2 canonical escapes, followed by
// @lang, or ^^<datatype> unless the datatype is xsd:string. A nil term gives "".
// Two terms are the same RDF term exactly when their TermStrings are equal. Language tags are
// written in lower case: BCP 47 tags are case-insensitive and JSON-LD processors (json-gold
// among them) lower-case them, so "x"@nb-NO and "x"@nb-no must compare equal.
func TermString(t rdf.Term) string {
	var b strings.Builder
	writeTerm(&b, t)
	return b.String()
}

func writeTerm(b *strings.Builder, t rdf.Term) {
	switch t := t.(type) {
	case rdf.IRI:
		writeIRI(b, t.String())
	case rdf.Blank:
		b.WriteString("_:")
		b.WriteString(t.String())
	case rdf.Literal:
		b.WriteByte('"')
		writeEscapedLiteral(b, t.String())
		b.WriteByte('"')
		switch dt := t.DataType.String(); {
		case t.Lang() != "":
			b.WriteByte('@')
			b.WriteString(strings.ToLower(t.Lang()))
		case dt != xsdString && dt != "":
			b.WriteString("^^")
			writeIRI(b, dt)
		}
	}
}

const hexDigits = "0123456789ABCDEF"

// writeIRI writes <iri>, escaping what IRIREF does not allow. knakk's decoders never produce such
// characters, but IRIs built from client JSON-LD can carry them, and the output must stay parseable.
func writeIRI(b *strings.Builder, s string) {
	b.WriteByte('<')
	if !strings.ContainsFunc(s, iriEscaped) { // the usual case, and much faster
		b.WriteString(s)
		b.WriteByte('>')
		return
	}
	for _, r := range s {
		switch {
		case r <= 0x20, r == '<', r == '>', r == '"', r == '{', r == '}', r == '|', r == '^', r == '`', r == '\\':
			writeUCHAR(b, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('>')
}

func iriEscaped(r rune) bool {
	switch r {
	case '<', '>', '"', '{', '}', '|', '^', '`', '\\':
		return true
	}
	return r <= 0x20
}

func literalEscaped(r rune) bool { return r < 0x20 || r == '"' || r == '\\' || r == 0x7F }

func writeUCHAR(b *strings.Builder, r rune) {
	if r > 0xFFFF {
		b.WriteString(`\U`)
		for shift := 28; shift >= 0; shift -= 4 {
			b.WriteByte(hexDigits[(r>>shift)&0xF])
		}
		return
	}
	b.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		b.WriteByte(hexDigits[(r>>shift)&0xF])
	}
}

// writeEscapedLiteral applies the canonical N-Triples escapes (RDF 1.2): ECHAR for \b \t \n \f \r
// " and \, UCHAR for the remaining control characters, everything else verbatim as UTF-8.
func writeEscapedLiteral(b *strings.Builder, s string) {
	if !strings.ContainsFunc(s, literalEscaped) {
		b.WriteString(s)
		return
	}
	for _, r := range s {
		switch r {
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		default:
			if r < 0x20 || r == 0x7F {
				writeUCHAR(b, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
}

// TripleString returns the N-Triples line of t without the trailing newline.
func TripleString(t rdf.Triple) string {
	var b strings.Builder
	writeTriple(&b, t)
	return b.String()
}

func writeTriple(b *strings.Builder, t rdf.Triple) {
	writeTerm(b, t.Subj)
	b.WriteByte(' ')
	writeTerm(b, t.Pred)
	b.WriteByte(' ')
	writeTerm(b, t.Obj)
	b.WriteString(" .")
}

// QuadString returns the N-Quads line of q without the trailing newline; a nil Ctx is the
// default graph.
func QuadString(q rdf.Quad) string {
	var b strings.Builder
	writeQuad(&b, q)
	return b.String()
}

func writeQuad(b *strings.Builder, q rdf.Quad) {
	writeTerm(b, q.Subj)
	b.WriteByte(' ')
	writeTerm(b, q.Pred)
	b.WriteByte(' ')
	writeTerm(b, q.Obj)
	if q.Ctx != nil {
		b.WriteByte(' ')
		writeTerm(b, q.Ctx)
	}
	b.WriteString(" .")
}

// CompareTerms orders terms by their TermString: literals, then IRIs, then blank nodes, each
// group by its N-Triples text. The order is total, so sorted output is deterministic.
func CompareTerms(a, b rdf.Term) int { return strings.Compare(TermString(a), TermString(b)) }

// SortTriples sorts ts in place into canonical order (by subject, predicate, object TermString)
// and removes duplicates, returning the shortened slice.
func SortTriples(ts []rdf.Triple) []rdf.Triple {
	keys := make([][3]string, len(ts))
	idx := make([]int, len(ts))
	for i, t := range ts {
		keys[i] = [3]string{TermString(t.Subj), TermString(t.Pred), TermString(t.Obj)}
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		ki, kj := keys[i], keys[j]
		return cmp.Or(strings.Compare(ki[0], kj[0]), strings.Compare(ki[1], kj[1]), strings.Compare(ki[2], kj[2]))
	})
	out := make([]rdf.Triple, 0, len(ts))
	for n, i := range idx {
		if n > 0 && keys[i] == keys[idx[n-1]] {
			continue
		}
		out = append(out, ts[i])
	}
	copy(ts, out)
	return ts[:len(out)]
}

// SortQuads sorts qs in place into canonical order (graph first, default graph before named
// graphs, then subject, predicate, object) and removes duplicates, returning the shortened slice.
func SortQuads(qs []rdf.Quad) []rdf.Quad {
	type key struct {
		named      bool
		g, s, p, o string
	}
	keys := make([]key, len(qs))
	idx := make([]int, len(qs))
	for i, q := range qs {
		keys[i] = key{q.Ctx != nil, TermString(q.Ctx), TermString(q.Subj), TermString(q.Pred), TermString(q.Obj)}
		idx[i] = i
	}
	boolInt := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		ki, kj := keys[i], keys[j]
		return cmp.Or(boolInt(ki.named)-boolInt(kj.named), strings.Compare(ki.g, kj.g),
			strings.Compare(ki.s, kj.s), strings.Compare(ki.p, kj.p), strings.Compare(ki.o, kj.o))
	})
	out := make([]rdf.Quad, 0, len(qs))
	for n, i := range idx {
		if n > 0 && keys[i] == keys[idx[n-1]] {
			continue
		}
		out = append(out, qs[i])
	}
	copy(qs, out)
	return qs[:len(out)]
}

// Equal tells whether two terms are the same RDF term, as TermString(a) == TermString(b) would, but
// without building strings: it is on every hot path that compares predicates and types.
func Equal(a, b rdf.Term) bool {
	switch x := a.(type) {
	case rdf.IRI:
		y, ok := b.(rdf.IRI)
		return ok && x.String() == y.String()
	case rdf.Blank:
		y, ok := b.(rdf.Blank)
		return ok && x.String() == y.String()
	case rdf.Literal:
		y, ok := b.(rdf.Literal)
		if !ok || x.String() != y.String() || !strings.EqualFold(x.Lang(), y.Lang()) {
			return false
		}
		return x.Lang() != "" || datatypeOf(x) == datatypeOf(y)
	case nil:
		return b == nil
	}
	return false
}

func datatypeOf(l rdf.Literal) string {
	if dt := l.DataType.String(); dt != "" {
		return dt
	}
	return xsdString
}

// MustIRI makes an IRI the program built itself — from a constant, or from the validated base and
// escaped segments — and panics if it is malformed, which would be a programming error no caller
// could handle.
func MustIRI(s string) rdf.IRI {
	iri, err := rdf.NewIRI(s)
	if err != nil {
		panic("rdfio: bad IRI " + s + ": " + err.Error())
	}
	return iri
}
