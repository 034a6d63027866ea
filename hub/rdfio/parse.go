package rdfio

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"sync/atomic"
	"unicode/utf8"

	"github.com/grunddata/grunddata/hub"
	"github.com/knakk/rdf"
)

// ParseQuads reads an RDF document in one of text/turtle, application/n-triples,
// application/n-quads or application/rdf+xml (parameters such as charset are ignored). Triples, and
// N-Quads lines without a graph, are put into defaultGraph (nil for the default graph). Relative IRIs
// in Turtle and RDF/XML resolve against base; a relative IRI with no base is an error.
//
// Errors are *hub.Error: EUnsupported for other media types (JSON-LD is read by hub/jsonld),
// EInvalid for syntax errors, whose message carries knakk's line:column when it gives one.
func ParseQuads(r io.Reader, mediaType string, base string, defaultGraph rdf.Context) ([]rdf.Quad, error) {
	mt, _, err := mime.ParseMediaType(mediaType)
	if err != nil {
		return nil, hub.Errorf(hub.EUnsupported, "unsupported media type %q", mediaType)
	}
	switch mt {
	case MediaNQuads:
		return parseNQuads(r, defaultGraph)
	case MediaTriG:
		return parseTurtleReader(r, base, true, defaultGraph)
	}
	ts, err := parseTriples(r, mt, base)
	if err != nil {
		return nil, err
	}
	qs := make([]rdf.Quad, len(ts))
	for i, t := range ts {
		qs[i] = rdf.Quad{Triple: t, Ctx: defaultGraph}
	}
	return qs, nil
}

// ParseTriples is ParseQuads for the triple syntaxes (everything but N-Quads), for callers that
// handle one graph at a time.
func ParseTriples(r io.Reader, mediaType string, base string) ([]rdf.Triple, error) {
	mt, _, err := mime.ParseMediaType(mediaType)
	if err != nil || mt == MediaNQuads || mt == MediaTriG {
		return nil, hub.Errorf(hub.EUnsupported, "unsupported media type %q for a single graph", mediaType)
	}
	return parseTriples(r, mt, base)
}

func parseTriples(r io.Reader, mt, base string) ([]rdf.Triple, error) {
	var (
		format rdf.Format
		name   string
	)
	switch mt {
	case MediaTurtle:
		qs, err := parseTurtleReader(r, base, false, nil)
		if err != nil {
			return nil, err
		}
		ts := make([]rdf.Triple, len(qs))
		for i, q := range qs {
			ts[i] = q.Triple
		}
		return ts, nil
	case MediaNTriples:
		format, name = rdf.NTriples, "N-Triples"
	case MediaRDFXML:
		format, name = rdf.RDFXML, "RDF/XML"
	default:
		return nil, hub.Errorf(hub.EUnsupported, "unsupported media type %q", mt)
	}
	sr := &stoppableReader{r: r}
	dec := rdf.NewTripleDecoder(sr, format)
	if format == rdf.RDFXML {
		if base != "" {
			b, err := rdf.NewIRI(base)
			if err != nil {
				return nil, hub.Errorf(hub.EInvalid, "invalid base IRI %q", base)
			}
			if err := dec.SetOption(rdf.Base, b); err != nil {
				return nil, err
			}
		}
	}

	var ts []rdf.Triple
	for {
		t, err := safeDecode(dec.Decode)
		if err == io.EOF {
			break
		}
		if err != nil {
			if format != rdf.RDFXML {
				drain(sr, dec.Decode)
			}
			return nil, syntaxError(name, err)
		}
		if t, err = resolveTriple(t); err != nil {
			if format != rdf.RDFXML {
				drain(sr, dec.Decode)
			}
			return nil, syntaxError(name, err)
		}
		ts = append(ts, t)
	}
	return ts, nil
}

func parseNQuads(r io.Reader, defaultGraph rdf.Context) ([]rdf.Quad, error) {
	sr := &stoppableReader{r: r}
	dec := rdf.NewQuadDecoder(sr, rdf.NQuads)
	dec.DefaultGraph = defaultGraph
	var qs []rdf.Quad
	for {
		q, err := safeDecode(dec.Decode)
		if err == io.EOF {
			return qs, nil
		}
		if err != nil {
			drain(sr, dec.Decode)
			return nil, syntaxError("N-Quads", err)
		}
		qs = append(qs, q)
	}
}

func syntaxError(syntax string, err error) error {
	return &hub.Error{Code: hub.EInvalid, Message: fmt.Sprintf("invalid %s: %v", syntax, err), Err: err}
}

// safeDecode turns the runtime panics knakk's decoders let through on some malformed input into
// errors, so a bad request body cannot take the process down.
func safeDecode[T any](decode func() (T, error)) (v T, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parser failure: %v", p)
		}
	}()
	return decode()
}

// drain lets knakk's lexer goroutine finish after a parse error. The lexer sends tokens on an
// unbuffered channel and would block forever (leaking the goroutine and the reader) if nobody read
// them; cutting off the input and decoding to EOF ends it. The bound only guards against a decoder
// that stops consuming tokens.
func drain[T any](sr *stoppableReader, decode func() (T, error)) {
	sr.stop.Store(true)
	for range 1 << 20 {
		if _, err := safeDecode(decode); err == io.EOF {
			return
		}
	}
}

// stoppableReader reports EOF once stopped. It is read from knakk's lexer goroutine, hence atomic.
type stoppableReader struct {
	r    io.Reader
	stop atomic.Bool
}

func (s *stoppableReader) Read(p []byte) (int, error) {
	if s.stop.Load() {
		return 0, io.EOF
	}
	return s.r.Read(p)
}

// resolveTriple rejects relative IRIs the N-Triples and RDF/XML decoders let through.
func resolveTriple(t rdf.Triple) (rdf.Triple, error) {
	s, err1 := resolveTerm(t.Subj)
	p, err2 := resolveTerm(t.Pred)
	o, err3 := resolveTerm(t.Obj)
	if err := errors.Join(err1, err2, err3); err != nil {
		return t, err
	}
	return rdf.Triple{Subj: s.(rdf.Subject), Pred: p.(rdf.Predicate), Obj: o.(rdf.Object)}, nil
}

func resolveTerm(term rdf.Term) (rdf.Term, error) {
	if iri, ok := term.(rdf.IRI); ok {
		return checkAbsolute(iri.String())
	}
	return term, nil
}

func checkAbsolute(s string) (rdf.IRI, error) {
	if !HasScheme(s) {
		return rdf.IRI{}, fmt.Errorf("relative IRI <%s> and no base IRI", s)
	}
	iri, err := rdf.NewIRI(s)
	if err != nil {
		return rdf.IRI{}, fmt.Errorf("invalid IRI <%s>: %v", s, err)
	}
	return iri, nil
}

// HasScheme reports whether s starts with an RFC 3986 scheme followed by ':', that is, whether it
// is an absolute IRI rather than a relative reference.
func HasScheme(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		case i > 0 && r == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// parseTurtleReader reads a whole Turtle or TriG document and parses it.
func parseTurtleReader(r io.Reader, base string, trig bool, defaultGraph rdf.Context) ([]rdf.Quad, error) {
	name := "Turtle"
	if trig {
		name = "TriG"
	}
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, hub.Errorf(hub.EInvalid, "reading %s: %v", name, err)
	}
	if !utf8.Valid(src) {
		return nil, hub.Errorf(hub.EInvalid, "invalid %s: the document is not UTF-8", name)
	}
	qs, err := parseTurtle(string(src), base, trig, defaultGraph)
	if err != nil {
		return nil, syntaxError(name, err)
	}
	return qs, nil
}
