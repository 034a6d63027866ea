package rdfio

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/knakk/rdf"
)

// MediaTriG is TriG, Turtle with named graphs. The hub reads it (ParseQuads); the fragments
// endpoint writes it.
const MediaTriG = "application/trig"

// The Turtle 1.1 and TriG parser.
//
// knakk/rdf's Turtle decoder rejects much valid Turtle (a ';' before ']', a trailing ';', nested
// collections, SPARQL-style PREFIX), so the hub parses both syntaxes itself, following the W3C
// grammars (https://www.w3.org/TR/turtle/#sec-grammar, https://www.w3.org/TR/trig/#sec-grammar):
// recursive descent over the whole document, one production per method. Blank nodes get fresh
// labels b1, b2, … in the order they first appear — document labels (_:x) are mapped, not kept, so
// a label can never collide with a generated one and parsing the same document twice gives the same
// labels. Relative IRIs resolve against @base or the base given by the caller (RFC 3986); a relative
// IRI with no base is an error. Errors name the line and column.
type turtleParser struct {
	src  string
	pos  int
	trig bool

	base     string
	prefixes map[string]string
	blanks   map[string]rdf.Blank
	nblank   int

	graph rdf.Context // the graph triples go into: the caller's default, or a TriG graph label
	quads []rdf.Quad
}

// parseTurtle reads a Turtle (trig=false) or TriG document. Triples outside a TriG graph block go
// into defaultGraph.
func parseTurtle(src, base string, trig bool, defaultGraph rdf.Context) ([]rdf.Quad, error) {
	p := &turtleParser{src: src, trig: trig, base: base, prefixes: map[string]string{},
		blanks: map[string]rdf.Blank{}, graph: defaultGraph}
	if err := p.document(defaultGraph); err != nil {
		return nil, err
	}
	return p.quads, nil
}

// turtleError carries the position of a syntax error.
type turtleError struct {
	line, col int
	msg       string
}

func (e *turtleError) Error() string { return fmt.Sprintf("%d:%d: %s", e.line, e.col, e.msg) }

func (p *turtleParser) errorf(format string, args ...any) error {
	line, col := 1, 1
	for _, r := range p.src[:min(p.pos, len(p.src))] {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return &turtleError{line: line, col: col, msg: fmt.Sprintf(format, args...)}
}

// found describes what is at the current position, for error messages.
func (p *turtleParser) found() string {
	if p.pos >= len(p.src) {
		return "end of input"
	}
	end := p.pos
	for end < len(p.src) && end-p.pos < 20 && !strings.ContainsRune(" \t\r\n", rune(p.src[end])) {
		end++
	}
	if end == p.pos {
		end = p.pos + 1
	}
	return strconv.Quote(p.src[p.pos:end])
}

// skip passes white space and comments.
func (p *turtleParser) skip() {
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			p.pos++
		case c == '#':
			for p.pos < len(p.src) && p.src[p.pos] != '\n' && p.src[p.pos] != '\r' {
				p.pos++
			}
		default:
			return
		}
	}
}

// peek returns the next significant byte (0 at the end).
func (p *turtleParser) peek() byte {
	p.skip()
	if p.pos >= len(p.src) {
		return 0
	}
	return p.src[p.pos]
}

func (p *turtleParser) expect(c byte) error {
	if p.peek() != c {
		return p.errorf("expected %q, found %s", c, p.found())
	}
	p.pos++
	return nil
}

// keyword reports whether a keyword followed by a delimiter is next, and consumes it if so. The
// SPARQL-style keywords (PREFIX, BASE, GRAPH) are case-insensitive, the others are not.
func (p *turtleParser) keyword(kw string) bool {
	p.skip()
	end := p.pos + len(kw)
	if end > len(p.src) {
		return false
	}
	word := p.src[p.pos:end]
	if word != kw && !(isUpper(kw) && strings.EqualFold(word, kw)) {
		return false
	}
	if p.continuesName(end) {
		return false
	}
	p.pos = end
	return true
}

func isUpper(s string) bool { return strings.ToUpper(s) == s }

// continuesName reports whether the text at i would continue a name (so that a keyword or the word
// before it is really part of a prefixed name): a name character, ':', or dots followed by one.
func (p *turtleParser) continuesName(i int) bool {
	for i < len(p.src) && p.src[i] == '.' {
		i++
	}
	if i >= len(p.src) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p.src[i:])
	return isPnChars(r) || r == ':'
}

func (p *turtleParser) document(defaultGraph rdf.Context) error {
	for p.peek() != 0 {
		if ok, err := p.directive(); err != nil {
			return err
		} else if ok {
			continue
		}
		var err error
		if p.trig {
			err = p.block(defaultGraph)
		} else {
			err = p.triplesStatement()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// directive reads @prefix, @base, PREFIX or BASE if one is next.
func (p *turtleParser) directive() (bool, error) {
	var sparql, isPrefix bool
	switch {
	case p.keyword("@prefix"):
		isPrefix = true
	case p.keyword("@base"):
	case p.keyword("PREFIX"):
		sparql, isPrefix = true, true
	case p.keyword("BASE"):
		sparql = true
	default:
		return false, nil
	}
	if isPrefix {
		p.skip()
		name, err := p.prefixName()
		if err != nil {
			return true, err
		}
		if err := p.expect(':'); err != nil {
			return true, err
		}
		p.skip()
		iri, err := p.iriRef()
		if err != nil {
			return true, err
		}
		p.prefixes[name] = iri
	} else {
		p.skip()
		iri, err := p.iriRef()
		if err != nil {
			return true, err
		}
		p.base = iri
	}
	if !sparql {
		return true, p.expect('.')
	}
	return true, nil
}

// triplesStatement is Turtle's `triples '.'`.
func (p *turtleParser) triplesStatement() error {
	if err := p.triples(); err != nil {
		return err
	}
	return p.expect('.')
}

// triples is `subject predicateObjectList | blankNodePropertyList predicateObjectList?`.
func (p *turtleParser) triples() error {
	if p.peek() == '[' {
		subj, empty, err := p.blankNodePropertyList()
		if err != nil {
			return err
		}
		if c := p.peek(); empty || (c != '.' && c != '}' && c != 0) {
			return p.predicateObjectList(subj)
		}
		return nil
	}
	subj, err := p.subject()
	if err != nil {
		return err
	}
	return p.predicateObjectList(subj)
}

// block is one TriG block: a graph (optionally after GRAPH), or triples in the default graph.
func (p *turtleParser) block(defaultGraph rdf.Context) error {
	if p.keyword("GRAPH") {
		label, err := p.graphLabel()
		if err != nil {
			return err
		}
		return p.wrappedGraph(label)
	}
	switch p.peek() {
	case '{':
		return p.wrappedGraph(defaultGraph)
	case '[':
		// `[] { … }` names a graph with a fresh blank node; `[ … ] …` is triples.
		save := p.pos
		p.pos++
		if p.peek() == ']' {
			p.pos++
			if p.peek() == '{' {
				return p.wrappedGraph(p.freshBlank())
			}
		}
		p.pos = save
		return p.triplesStatement()
	case '(':
		return p.triplesStatement()
	}
	subj, err := p.subject()
	if err != nil {
		return err
	}
	if p.peek() == '{' {
		label, ok := subj.(rdf.Context)
		if !ok {
			return p.errorf("a graph label must be an IRI or a blank node")
		}
		return p.wrappedGraph(label)
	}
	if err := p.predicateObjectList(subj); err != nil {
		return err
	}
	return p.expect('.')
}

func (p *turtleParser) graphLabel() (rdf.Context, error) {
	p.skip()
	if p.peek() == '[' {
		p.pos++
		if err := p.expect(']'); err != nil {
			return nil, err
		}
		return p.freshBlank(), nil
	}
	t, err := p.subject()
	if err != nil {
		return nil, err
	}
	label, ok := t.(rdf.Context)
	if !ok {
		return nil, p.errorf("a graph label must be an IRI or a blank node")
	}
	return label, nil
}

// wrappedGraph is `'{' triplesBlock? '}'`, with the triples going into graph g.
func (p *turtleParser) wrappedGraph(g rdf.Context) error {
	if err := p.expect('{'); err != nil {
		return err
	}
	outer := p.graph
	p.graph = g
	defer func() { p.graph = outer }()
	for p.peek() != '}' {
		if p.peek() == 0 {
			return p.errorf("expected '}', found end of input")
		}
		if err := p.triples(); err != nil {
			return err
		}
		if p.peek() == '}' {
			break
		}
		if err := p.expect('.'); err != nil {
			return err
		}
	}
	p.pos++
	return nil
}

// predicateObjectList is `verb objectList (';' (verb objectList)?)*`.
func (p *turtleParser) predicateObjectList(subj rdf.Subject) error {
	for {
		pred, err := p.verb()
		if err != nil {
			return err
		}
		if err := p.objectList(subj, pred); err != nil {
			return err
		}
		if p.peek() != ';' {
			return nil
		}
		for p.peek() == ';' {
			p.pos++
		}
		switch p.peek() {
		case '.', ']', '}', 0:
			return nil
		}
	}
}

func (p *turtleParser) objectList(subj rdf.Subject, pred rdf.Predicate) error {
	for {
		obj, err := p.object()
		if err != nil {
			return err
		}
		p.emit(subj, pred, obj)
		if p.peek() != ',' {
			return nil
		}
		p.pos++
	}
}

func (p *turtleParser) emit(s rdf.Subject, pr rdf.Predicate, o rdf.Object) {
	p.quads = append(p.quads, rdf.Quad{Triple: rdf.Triple{Subj: s, Pred: pr, Obj: o}, Ctx: p.graph})
}

func (p *turtleParser) verb() (rdf.Predicate, error) {
	p.skip()
	if p.pos < len(p.src) && p.src[p.pos] == 'a' {
		if !p.continuesName(p.pos + 1) {
			p.pos++
			return rdfTypeIRI, nil
		}
	}
	if c := p.peek(); c != '<' && !p.startsName() {
		return nil, p.errorf("expected a predicate, found %s", p.found())
	}
	return p.iri()
}

func (p *turtleParser) subject() (rdf.Subject, error) {
	switch c := p.peek(); {
	case c == '<' || p.startsName():
		return p.iri()
	case c == '_':
		return p.blankLabel()
	case c == '(':
		t, err := p.collection()
		if err != nil {
			return nil, err
		}
		return t.(rdf.Subject), nil
	}
	return nil, p.errorf("expected a subject, found %s", p.found())
}

func (p *turtleParser) object() (rdf.Object, error) {
	switch c := p.peek(); {
	case c == '<':
		return p.iri()
	case c == '_':
		return p.blankLabel()
	case c == '[':
		b, _, err := p.blankNodePropertyList()
		return b, err
	case c == '(':
		t, err := p.collection()
		if err != nil {
			return nil, err
		}
		return t.(rdf.Object), nil
	case c == '"' || c == '\'':
		return p.literal()
	case c == '+' || c == '-' || isDigit(c) || c == '.' && p.pos+1 < len(p.src) && isDigit(p.src[p.pos+1]):
		return p.numeric()
	case p.keyword("true"):
		return rdf.NewTypedLiteral("true", xsdIRI("boolean")), nil
	case p.keyword("false"):
		return rdf.NewTypedLiteral("false", xsdIRI("boolean")), nil
	case p.startsName():
		return p.iri()
	}
	return nil, p.errorf("expected an object, found %s", p.found())
}

// blankNodePropertyList reads `[ predicateObjectList? ]` and returns its node; empty reports `[]`.
func (p *turtleParser) blankNodePropertyList() (rdf.Blank, bool, error) {
	p.pos++ // '['
	b := p.freshBlank()
	if p.peek() == ']' {
		p.pos++
		return b, true, nil
	}
	if err := p.predicateObjectList(b); err != nil {
		return b, false, err
	}
	return b, false, p.expect(']')
}

// collection reads `( object* )` as an rdf:first/rdf:rest list; `()` is rdf:nil.
func (p *turtleParser) collection() (rdf.Term, error) {
	p.pos++ // '('
	var head, prev rdf.Blank
	for n := 0; ; n++ {
		if p.peek() == ')' {
			p.pos++
			if n == 0 {
				return rdfNil, nil
			}
			p.emit(prev, rdfRest, rdfNil)
			return head, nil
		}
		if p.peek() == 0 {
			return nil, p.errorf("expected ')', found end of input")
		}
		cell := p.freshBlank()
		if n == 0 {
			head = cell
		} else {
			p.emit(prev, rdfRest, cell)
		}
		obj, err := p.object()
		if err != nil {
			return nil, err
		}
		p.emit(cell, rdfFirst, obj)
		prev = cell
	}
}

var (
	rdfTypeIRI = MustIRI(rdfType)
	rdfFirst   = MustIRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")
	rdfRest    = MustIRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")
	rdfNil     = MustIRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil")
)

func xsdIRI(local string) rdf.IRI { return MustIRI(xsdNS + local) }

func (p *turtleParser) freshBlank() rdf.Blank {
	p.nblank++
	b, _ := rdf.NewBlank("b" + strconv.Itoa(p.nblank))
	return b
}

// blankLabel reads `_:label` and maps it to this document's blank node for it.
func (p *turtleParser) blankLabel() (rdf.Blank, error) {
	if !strings.HasPrefix(p.src[p.pos:], "_:") {
		return rdf.Blank{}, p.errorf("expected a blank node label, found %s", p.found())
	}
	p.pos += 2
	start := p.pos
	r, size := utf8.DecodeRuneInString(p.src[p.pos:])
	if !isPnCharsU(r) && !(r >= '0' && r <= '9') {
		return rdf.Blank{}, p.errorf("invalid blank node label")
	}
	p.pos += size
	end := p.nameTail()
	label := p.src[start:end]
	if b, ok := p.blanks[label]; ok {
		return b, nil
	}
	b := p.freshBlank()
	p.blanks[label] = b
	return b, nil
}

// nameTail passes the rest of a name (PN_CHARS and inner dots: a name never ends in '.') and
// returns where it ends.
func (p *turtleParser) nameTail() int {
	end := p.pos
	for p.pos < len(p.src) {
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		if r == '.' {
			p.pos += size
			continue
		}
		if !isPnChars(r) {
			break
		}
		p.pos += size
		end = p.pos
	}
	p.pos = end
	return end
}

// iri reads an IRI reference or a prefixed name and returns the absolute IRI.
func (p *turtleParser) iri() (rdf.IRI, error) {
	p.skip()
	var s string
	var err error
	if p.pos < len(p.src) && p.src[p.pos] == '<' {
		s, err = p.iriRef()
	} else {
		s, err = p.prefixedName()
	}
	if err != nil {
		return rdf.IRI{}, err
	}
	iri, err := rdf.NewIRI(s)
	if err != nil {
		return rdf.IRI{}, p.errorf("invalid IRI <%s>: %v", s, err)
	}
	return iri, nil
}

// iriRef reads `<…>`, unescapes \u and \U, and resolves it against the base.
func (p *turtleParser) iriRef() (string, error) {
	if p.pos >= len(p.src) || p.src[p.pos] != '<' {
		return "", p.errorf("expected an IRI in <…>, found %s", p.found())
	}
	p.pos++
	var b strings.Builder
	for {
		if p.pos >= len(p.src) {
			return "", p.errorf("unterminated IRI")
		}
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		switch {
		case r == '>':
			p.pos++
			return p.resolve(b.String())
		case r == '\\':
			u, err := p.uchar()
			if err != nil {
				return "", err
			}
			r = u
		case r <= 0x20 || strings.ContainsRune("<\"{}|^`", r):
			return "", p.errorf("character %q is not allowed in an IRI", r)
		default:
			p.pos += size
		}
		if r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r) {
			return "", p.errorf("escaped character %q is not allowed in an IRI", r)
		}
		b.WriteRune(r)
	}
}

func (p *turtleParser) resolve(ref string) (string, error) {
	if HasScheme(ref) {
		return ref, nil
	}
	if p.base == "" {
		return "", p.errorf("relative IRI <%s> with no base IRI", ref)
	}
	return ResolveIRI(p.base, ref), nil
}

// uchar reads \uXXXX or \UXXXXXXXX at the current position.
func (p *turtleParser) uchar() (rune, error) {
	if p.pos+1 >= len(p.src) {
		return 0, p.errorf("unterminated escape")
	}
	n := 0
	switch p.src[p.pos+1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, p.errorf("invalid escape %s", p.found())
	}
	if p.pos+2+n > len(p.src) {
		return 0, p.errorf("unterminated escape")
	}
	v, err := strconv.ParseUint(p.src[p.pos+2:p.pos+2+n], 16, 32)
	if err != nil || !utf8.ValidRune(rune(v)) {
		return 0, p.errorf("invalid escape %q", p.src[p.pos:p.pos+2+n])
	}
	p.pos += 2 + n
	return rune(v), nil
}

// startsName reports whether a prefixed name (or a bare word) starts here.
func (p *turtleParser) startsName() bool {
	if p.pos >= len(p.src) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	return r == ':' || isPnCharsBase(r)
}

// prefixName reads PN_PREFIX? (the part before ':').
func (p *turtleParser) prefixName() (string, error) {
	start := p.pos
	r, size := utf8.DecodeRuneInString(p.src[p.pos:])
	if p.pos >= len(p.src) || r == ':' {
		return "", nil
	}
	if !isPnCharsBase(r) {
		return "", p.errorf("expected a prefix name, found %s", p.found())
	}
	p.pos += size
	end := p.nameTail()
	return p.src[start:end], nil
}

// prefixedName reads PNAME_LN or PNAME_NS and expands it.
func (p *turtleParser) prefixedName() (string, error) {
	start := p.pos
	prefix, err := p.prefixName()
	if err != nil {
		return "", err
	}
	if p.pos >= len(p.src) || p.src[p.pos] != ':' {
		return "", p.errorf("expected a prefixed name, found %s", p.found())
	}
	ns, ok := p.prefixes[prefix]
	if !ok {
		p.pos = start
		return "", p.errorf("undefined prefix %q", prefix+":")
	}
	p.pos++
	local, err := p.localName()
	if err != nil {
		return "", err
	}
	return ns + local, nil
}

// localName reads PN_LOCAL (possibly empty), unescaping \-escapes and keeping %XX as written.
func (p *turtleParser) localName() (string, error) {
	var b strings.Builder
	endPos, endLen := p.pos, 0
	first := true
	for p.pos < len(p.src) {
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		switch {
		case r == '\\':
			if p.pos+1 >= len(p.src) || !strings.ContainsRune("_~.-!$&'()*+,;=/?#@%", rune(p.src[p.pos+1])) {
				return "", p.errorf("invalid escape in a local name: %s", p.found())
			}
			b.WriteByte(p.src[p.pos+1])
			p.pos += 2
		case r == '%':
			if p.pos+2 >= len(p.src) || !isHex(p.src[p.pos+1]) || !isHex(p.src[p.pos+2]) {
				return "", p.errorf("invalid percent-encoding in a local name: %s", p.found())
			}
			b.WriteString(p.src[p.pos : p.pos+3])
			p.pos += 3
		case r == '.' && !first:
			b.WriteRune(r)
			p.pos += size
			first = false
			continue // a local name never ends in '.'
		case r == ':' || isPnChars(r) && (!first || isPnCharsU(r) || r >= '0' && r <= '9'):
			b.WriteRune(r)
			p.pos += size
		default:
			p.pos = endPos
			return b.String()[:endLen], nil
		}
		first = false
		endPos, endLen = p.pos, b.Len()
	}
	p.pos = endPos
	return b.String()[:endLen], nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// literal reads a quoted string with an optional language tag or datatype.
func (p *turtleParser) literal() (rdf.Object, error) {
	s, err := p.quoted()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.src) && p.src[p.pos] == '@' {
		p.pos++
		start := p.pos
		for p.pos < len(p.src) {
			c := p.src[p.pos]
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (p.pos > start && (c == '-' || c >= '0' && c <= '9')) {
				p.pos++
				continue
			}
			break
		}
		tag := p.src[start:p.pos]
		if !validLangTag(tag) {
			return nil, p.errorf("invalid language tag %q", tag)
		}
		l, err := rdf.NewLangLiteral(s, tag)
		if err != nil {
			return nil, p.errorf("language tag %q: %v (the RDF library represents at most two subtags)", tag, err)
		}
		return l, nil
	}
	if strings.HasPrefix(p.src[p.pos:], "^^") {
		p.pos += 2
		dt, err := p.iri()
		if err != nil {
			return nil, err
		}
		return rdf.NewTypedLiteral(s, dt), nil
	}
	return rdf.NewTypedLiteral(s, xsdIRI("string")), nil
}

// validLangTag checks LANGTAG: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
func validLangTag(tag string) bool {
	parts := strings.Split(tag, "-")
	for i, part := range parts {
		if part == "" {
			return false
		}
		for _, c := range part {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
				return false
			}
		}
	}
	return true
}

// quoted reads one of the four string forms and unescapes it.
func (p *turtleParser) quoted() (string, error) {
	q := p.src[p.pos]
	long := strings.HasPrefix(p.src[p.pos:], strings.Repeat(string(q), 3))
	if long {
		p.pos += 3
	} else {
		p.pos++
	}
	var b strings.Builder
	for {
		if p.pos >= len(p.src) {
			return "", p.errorf("unterminated string")
		}
		c := p.src[p.pos]
		switch {
		case c == q && !long:
			p.pos++
			return b.String(), nil
		case c == q && strings.HasPrefix(p.src[p.pos:], strings.Repeat(string(q), 3)):
			p.pos += 3
			return b.String(), nil
		case c == '\\':
			if p.pos+1 >= len(p.src) {
				return "", p.errorf("unterminated escape")
			}
			if e, ok := stringEscapes[p.src[p.pos+1]]; ok {
				b.WriteByte(e)
				p.pos += 2
				continue
			}
			r, err := p.uchar()
			if err != nil {
				return "", err
			}
			b.WriteRune(r)
		case !long && (c == '\n' || c == '\r'):
			return "", p.errorf("line break in a short string (use \"\"\" for multi-line strings)")
		default:
			r, size := utf8.DecodeRuneInString(p.src[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errorf("invalid UTF-8 in a string")
			}
			b.WriteString(p.src[p.pos : p.pos+size])
			p.pos += size
		}
	}
}

var stringEscapes = map[byte]byte{'t': '\t', 'b': '\b', 'n': '\n', 'r': '\r', 'f': '\f', '"': '"', '\'': '\'', '\\': '\\'}

// numeric reads INTEGER, DECIMAL or DOUBLE, keeping the lexical form as written.
func (p *turtleParser) numeric() (rdf.Object, error) {
	start := p.pos
	if c := p.src[p.pos]; c == '+' || c == '-' {
		p.pos++
	}
	digits := func() int {
		n := 0
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	intDigits := digits()
	kind := "integer"
	if p.pos+1 < len(p.src) && p.src[p.pos] == '.' && (isDigit(p.src[p.pos+1]) || intDigits > 0 && isExponent(p.src[p.pos+1:])) {
		p.pos++
		digits()
		kind = "decimal"
	} else if intDigits == 0 {
		return nil, p.errorf("expected a number, found %s", p.found())
	}
	if p.pos < len(p.src) && isExponent(p.src[p.pos:]) {
		p.pos++
		if c := p.src[p.pos]; c == '+' || c == '-' {
			p.pos++
		}
		digits()
		kind = "double"
	}
	return rdf.NewTypedLiteral(p.src[start:p.pos], xsdIRI(kind)), nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isExponent reports whether s starts with [eE] [+-]? [0-9].
func isExponent(s string) bool {
	if len(s) < 2 || (s[0] != 'e' && s[0] != 'E') {
		return false
	}
	s = s[1:]
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	return len(s) > 0 && isDigit(s[0])
}
