package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/rdfio"
)

// maxLineSize bounds one N-Quads line (a long literal, say); longer lines are a syntax error.
const maxLineSize = 64 << 20

// ImportOptions configure ImportNQuads.
type ImportOptions struct {
	DefaultGraph rdf.Context // where triples without a graph go; nil = the default graph
	Progress     func(n int) // quads stored so far, after each batch
	NoChangeLog  bool        // do not log the imported quads as changes (restoring a dump)
	// BlankPrefix is put before every blank node label, so that the document's blank nodes stay its
	// own (see rdfio.ScopeBlankNodes). Derive it from the document's origin to keep re-imports
	// idempotent.
	BlankPrefix string
}

// SyntaxError is an N-Quads syntax error; ImportNQuads returns it inside a *hub.Error with code
// hub.EInvalid.
type SyntaxError struct {
	Line, Column int // 1-based; Column counts bytes
	Msg          string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("N-Quads syntax error on line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// ImportNQuads streams N-Quads (or N-Triples) from r into the store through the bulk loader and
// returns the number of quads stored (quads already present are skipped and not counted).
//
// On a syntax error the import stops with an error naming the line, and every quad on the lines
// before it is stored: the file cannot be loaded in one transaction, so this is the one state that
// does not depend on batch sizes. Since stored quads are skipped, the import can be run again once
// the file is fixed.
func (s *Store) ImportNQuads(ctx context.Context, r io.Reader, opts ImportOptions) (int, error) {
	bl := s.NewBulkLoader(BulkOptions{NoChangeLog: opts.NoChangeLog, Progress: opts.Progress})
	fail := func(err error) (int, error) {
		if cerr := bl.Close(); cerr != nil && !errors.Is(err, cerr) {
			err = errors.Join(err, cerr)
		}
		return bl.Loaded(), err
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLineSize)
	var p nqParser
	line := 0
	for sc.Scan() {
		line++
		if line%4096 == 0 && ctx.Err() != nil {
			return fail(ctx.Err())
		}
		q, ok, err := p.parseLine(sc.Bytes())
		if err != nil {
			se := err.(*SyntaxError)
			se.Line = line
			return fail(&hub.Error{Code: hub.EInvalid, Message: se.Error(), Err: se})
		}
		if !ok {
			continue
		}
		if opts.BlankPrefix != "" {
			q = rdfio.ScopeQuad(q, opts.BlankPrefix)
		}
		if q.Ctx == nil {
			q.Ctx = opts.DefaultGraph
		}
		if err := bl.Add(ctx, q); err != nil {
			return fail(err)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			se := &SyntaxError{Line: line + 1, Column: 1, Msg: fmt.Sprintf("line longer than %d bytes", maxLineSize)}
			return fail(&hub.Error{Code: hub.EInvalid, Message: se.Error(), Err: se})
		}
		return fail(fmt.Errorf("store: import: reading line %d: %w", line+1, err))
	}
	err := bl.Close()
	return bl.Loaded(), err
}

// ExportNQuads writes the quads matching p as N-Quads, one canonical line each (rdfio.QuadString:
// IRIs and literals escaped so the output always parses), in index order, and returns how many it
// wrote. Sort the lines for a canonical document.
func (s *Store) ExportNQuads(ctx context.Context, w io.Writer, p Pattern) (int, error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	n := 0
	err := s.Match(ctx, p, func(q rdf.Quad) error {
		n++
		_, err := bw.WriteString(rdfio.QuadString(q))
		if err == nil {
			err = bw.WriteByte('\n')
		}
		return err
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return n, fmt.Errorf("store: export: %w", err)
	}
	return n, nil
}

// nqParser parses single N-Quads lines (W3C RDF 1.1 N-Quads grammar). It is a hand-written
// line parser rather than knakk's decoder because that runs a lexer goroutine, reports positions
// relative to whatever it was fed, and panics on some malformed input.
type nqParser struct {
	line []byte
	pos  int
	buf  []byte // scratch for unescaping
}

func (p *nqParser) errorf(format string, args ...any) error {
	return &SyntaxError{Column: p.pos + 1, Msg: fmt.Sprintf(format, args...)}
}

// parseLine parses one line; ok is false for a blank or comment-only line.
func (p *nqParser) parseLine(line []byte) (q rdf.Quad, ok bool, err error) {
	p.line, p.pos = bytes.TrimSuffix(line, []byte{'\r'}), 0
	if p.skipSpace(); p.done() {
		return q, false, nil
	}
	if q.Subj, err = p.subject(); err != nil {
		return q, false, err
	}
	p.skipSpace()
	if q.Pred, err = p.iri(); err != nil {
		return q, false, err
	}
	p.skipSpace()
	if q.Obj, err = p.object(); err != nil {
		return q, false, err
	}
	p.skipSpace()
	if p.pos < len(p.line) && p.line[p.pos] != '.' {
		if q.Ctx, err = p.subject(); err != nil {
			return q, false, err
		}
		p.skipSpace()
	}
	if p.pos >= len(p.line) || p.line[p.pos] != '.' {
		return q, false, p.errorf("expected '.' at the end of the statement")
	}
	p.pos++
	if p.skipSpace(); !p.done() {
		return q, false, p.errorf("unexpected text after '.'")
	}
	return q, true, nil
}

func (p *nqParser) skipSpace() {
	for p.pos < len(p.line) && (p.line[p.pos] == ' ' || p.line[p.pos] == '\t') {
		p.pos++
	}
}

// done reports whether only a comment (or nothing) is left.
func (p *nqParser) done() bool { return p.pos >= len(p.line) || p.line[p.pos] == '#' }

func (p *nqParser) subject() (rdf.Subject, error) {
	if p.pos < len(p.line) && p.line[p.pos] == '_' {
		return p.blank()
	}
	return p.iri()
}

func (p *nqParser) object() (rdf.Object, error) {
	if p.pos < len(p.line) {
		switch p.line[p.pos] {
		case '_':
			return p.blank()
		case '"':
			return p.literal()
		}
	}
	return p.iri()
}

func (p *nqParser) iri() (rdf.IRI, error) {
	if p.pos >= len(p.line) || p.line[p.pos] != '<' {
		return rdf.IRI{}, p.errorf("expected an IRI in angle brackets")
	}
	start := p.pos
	p.pos++
	p.buf = p.buf[:0]
	for {
		if p.pos >= len(p.line) {
			p.pos = start
			return rdf.IRI{}, p.errorf("unterminated IRI")
		}
		c := p.line[p.pos]
		switch {
		case c == '>':
			p.pos++
			s := string(p.buf)
			if !hasScheme(s) {
				p.pos = start
				return rdf.IRI{}, p.errorf("relative IRI <%s> (N-Quads needs absolute IRIs)", s)
			}
			return makeIRI(s), nil
		case c == '\\':
			r, err := p.uchar()
			if err != nil {
				return rdf.IRI{}, err
			}
			p.buf = utf8.AppendRune(p.buf, r)
		case c <= 0x20 || strings.IndexByte("<\"{}|^`", c) >= 0:
			return rdf.IRI{}, p.errorf("character %q is not allowed in an IRI", c)
		default:
			p.buf = append(p.buf, c)
			p.pos++
		}
	}
}

// hasScheme tells whether s starts with an IRI scheme and a colon.
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// uchar reads \uXXXX or \UXXXXXXXX at p.pos.
func (p *nqParser) uchar() (rune, error) {
	if p.pos+1 >= len(p.line) {
		return 0, p.errorf("incomplete escape")
	}
	n := 0
	switch p.line[p.pos+1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, p.errorf("invalid escape \\%c", p.line[p.pos+1])
	}
	digits := 0
	for digits < n && p.pos+2+digits < len(p.line) && isHex(p.line[p.pos+2+digits]) {
		digits++
	}
	if digits < n {
		return 0, p.errorf("incomplete \\%c escape: %d hex digits, want %d", p.line[p.pos+1], digits, n)
	}
	v, err := strconv.ParseUint(string(p.line[p.pos+2:p.pos+2+n]), 16, 32)
	if err != nil || !utf8.ValidRune(rune(v)) {
		return 0, p.errorf("invalid \\%c escape", p.line[p.pos+1])
	}
	p.pos += 2 + n
	return rune(v), nil
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func (p *nqParser) blank() (rdf.Blank, error) {
	if !bytes.HasPrefix(p.line[p.pos:], []byte("_:")) {
		return rdf.Blank{}, p.errorf("expected a blank node label _:…")
	}
	p.pos += 2
	start := p.pos
	for p.pos < len(p.line) {
		r, size := utf8.DecodeRune(p.line[p.pos:])
		first := p.pos == start
		if !(isLabelChar(r) && !(first && (r == '-' || r == '.' || r == 0xB7))) {
			break
		}
		p.pos += size
	}
	// A label cannot end in '.': that dot ends the statement.
	for p.pos > start && p.line[p.pos-1] == '.' {
		p.pos--
	}
	if p.pos == start {
		return rdf.Blank{}, p.errorf("empty blank node label")
	}
	return rdf.NewBlank(string(p.line[start:p.pos]))
}

// isLabelChar approximates PN_CHARS of the grammar (plus '.'): letters, digits, '_', '-', and
// non-ASCII letters.
func isLabelChar(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-', r == '.':
		return true
	case r == 0xB7, r >= 0xC0 && r != 0xD7 && r != 0xF7 && r != utf8.RuneError && r != 0x37E && !(r >= 0x2000 && r <= 0x200B) && !(r >= 0x2190 && r <= 0x2BFF):
		return true
	}
	return false
}

func (p *nqParser) literal() (rdf.Literal, error) {
	start := p.pos
	p.pos++ // opening quote
	p.buf = p.buf[:0]
	for {
		if p.pos >= len(p.line) {
			p.pos = start
			return rdf.Literal{}, p.errorf("unterminated string literal")
		}
		c := p.line[p.pos]
		if c == '"' {
			p.pos++
			break
		}
		if c != '\\' {
			p.buf = append(p.buf, c)
			p.pos++
			continue
		}
		if p.pos+1 >= len(p.line) {
			return rdf.Literal{}, p.errorf("incomplete escape")
		}
		if e := strings.IndexByte(`tbnrf"'\`, p.line[p.pos+1]); e >= 0 {
			p.buf = append(p.buf, "\t\b\n\r\f\"'\\"[e])
			p.pos += 2
			continue
		}
		r, err := p.uchar()
		if err != nil {
			return rdf.Literal{}, err
		}
		p.buf = utf8.AppendRune(p.buf, r)
	}
	lex := string(p.buf)
	if !utf8.ValidString(lex) {
		return rdf.Literal{}, p.errorf("string literal is not valid UTF-8")
	}
	switch {
	case bytes.HasPrefix(p.line[p.pos:], []byte("@")):
		p.pos++
		tagStart := p.pos
		for p.pos < len(p.line) && isLangChar(p.line[p.pos], p.pos == tagStart) {
			p.pos++
		}
		tag := string(p.line[tagStart:p.pos])
		if !validLangTag(tag) {
			return rdf.Literal{}, p.errorf("invalid language tag %q", tag)
		}
		return makeLangLiteral(lex, strings.ToLower(tag)), nil
	case bytes.HasPrefix(p.line[p.pos:], []byte("^^")):
		p.pos += 2
		dt, err := p.iri()
		if err != nil {
			return rdf.Literal{}, err
		}
		return rdf.NewTypedLiteral(lex, dt), nil
	}
	return rdf.NewTypedLiteral(lex, makeIRI(xsdString)), nil
}

func isLangChar(c byte, first bool) bool {
	alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	return alpha || !first && (c == '-' || c >= '0' && c <= '9')
}

// validLangTag checks LANGTAG: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
func validLangTag(tag string) bool {
	parts := strings.Split(tag, "-")
	for i, part := range parts {
		if part == "" {
			return false
		}
		for j := 0; j < len(part); j++ {
			c := part[j]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
				return false
			}
		}
	}
	return tag != ""
}
