// Package xmlstream is what the XML file connectors share: an encoding/xml decoder over a reader
// that keeps the raw bytes of the element being read (for the quarantine, which keeps a record as
// the source sent it), ISO-8859-1 input besides UTF-8, and element paths.
package xmlstream

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Recorder is a decoder's input that keeps the bytes read since the last Mark. It implements
// io.ByteReader, so encoding/xml reads through it byte by byte without a buffer of its own, and the
// decoder's offsets are exactly the recorder's.
type Recorder struct {
	r    *bufio.Reader
	buf  []byte
	on   bool
	last byte // the last byte read: the decoder reads the '<' after character data ahead
}

// NewDecoder returns a decoder over r and the recorder it reads through.
func NewDecoder(r io.Reader) (*xml.Decoder, *Recorder) {
	rec := &Recorder{r: bufio.NewReaderSize(r, 64<<10)}
	dec := xml.NewDecoder(rec)
	dec.CharsetReader = charsetReader
	return dec, rec
}

// ReadByte implements io.ByteReader.
func (r *Recorder) ReadByte() (byte, error) {
	b, err := r.r.ReadByte()
	if err == nil {
		r.last = b
		if r.on {
			r.buf = append(r.buf, b)
		}
	}
	return b, err
}

// Read implements io.Reader.
func (r *Recorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if r.on {
		r.buf = append(r.buf, p[:n]...)
	}
	return n, err
}

// Mark starts recording afresh, before the decoder's next token. After character data the decoder
// has already read the '<' that ends it, so that byte starts the recording.
func (r *Recorder) Mark() {
	r.buf, r.on = r.buf[:0], true
	if r.last == '<' {
		r.buf = append(r.buf, '<')
	}
}

// Raw is what was read since the last Mark, without surrounding white space (a copy).
func (r *Recorder) Raw() []byte { return []byte(strings.TrimSpace(string(r.buf))) }

// Line is the decoder's current line, for error messages.
func Line(dec *xml.Decoder) int {
	line, _ := dec.InputPos()
	return line
}

// Attr is the value of the attribute with the given local name ("" when absent).
func Attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// charsetReader accepts ISO-8859-1 (Latin-1), which older payroll files declare, besides UTF-8.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1":
		br, ok := input.(io.ByteReader)
		if !ok {
			br = bufio.NewReader(input)
		}
		return &latin1Reader{r: br}, nil
	case "utf-8", "utf8":
		return input, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q (use UTF-8 or ISO-8859-1)", charset)
}

type latin1Reader struct {
	r    io.ByteReader
	rest []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(l.rest) > 0 {
			c := copy(p[n:], l.rest)
			l.rest = l.rest[c:]
			n += c
			continue
		}
		b, err := l.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if b < 0x80 {
			p[n] = b
			n++
			continue
		}
		l.rest = []byte(string(rune(b)))
	}
	return n, nil
}

// Handler is what Walk calls while it reads a document.
type Handler struct {
	// Root checks the root element; an error refuses the document.
	Root func(t xml.StartElement) error
	// Before, if set, is called before each token is read (to mark the Recorder).
	Before func()
	// Start is called for each element with the path of open elements (itself last) and the same
	// path below the root joined with "/" ("personal/person"; "" for the root).
	Start func(path []string, at string, t xml.StartElement) error
	// End is called at the end of each element, path and at as for Start, with the element's own
	// text (trimmed; only the text since its last child started, which is all of a leaf's).
	End func(path []string, at string, text string) error
}

// ErrNoRoot is returned by Walk for input without any element.
var ErrNoRoot = errors.New("no root element")

// Result turns what Walk returned into what a decoder of one format returns: nil, the handler's own
// error (handed) and notFormat as they are; a document without any element as notFormat; any other
// error — a syntax error naming the line — prefixed with the format's name.
func Result(err, handed, notFormat error, format string) error {
	switch {
	case err == nil || err == handed || errors.Is(err, notFormat):
		return err
	case errors.Is(err, ErrNoRoot):
		return notFormat
	}
	return fmt.Errorf("%s: %w", format, err)
}

// Walk reads a document with raw tokens — no reflection, no namespace bookkeeping: elements are
// matched by their local names — keeping the path of open elements and the text of the current one.
// Syntax errors, a mismatched end tag and a document that ends inside an element are errors naming
// the line.
func Walk(dec *xml.Decoder, h Handler) error {
	var path []string
	var text []byte
	at := "" // path below the root, joined; built once per element, cut back by slicing
	rootSeen := false
	for {
		if h.Before != nil {
			h.Before()
		}
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			switch {
			case !rootSeen:
				return ErrNoRoot
			case len(path) > 0:
				return fmt.Errorf("line %d: unexpected end of the document inside <%s>", Line(dec), path[len(path)-1])
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", Line(dec), err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(path) == 0 {
				if rootSeen {
					return fmt.Errorf("line %d: a second root element <%s>", Line(dec), t.Name.Local)
				}
				if err := h.Root(t); err != nil {
					return err
				}
				rootSeen = true
			}
			path = append(path, t.Name.Local)
			switch len(path) {
			case 1:
			case 2:
				at = t.Name.Local
			default:
				at = at + "/" + t.Name.Local
			}
			text = text[:0]
			if err := h.Start(path, at, t); err != nil {
				return err
			}
		case xml.CharData:
			text = append(text, t...)
		case xml.EndElement:
			if len(path) == 0 || path[len(path)-1] != t.Name.Local {
				return fmt.Errorf("line %d: unexpected </%s>", Line(dec), t.Name.Local)
			}
			v := ""
			if trimmed := bytes.TrimSpace(text); len(trimmed) > 0 {
				v = string(trimmed) // containers hold only white space: no copy for them
			}
			text = text[:0]
			if err := h.End(path, at, v); err != nil {
				return err
			}
			path = path[:len(path)-1]
			if i := strings.LastIndexByte(at, '/'); i >= 0 {
				at = at[:i]
			} else {
				at = ""
			}
		}
	}
}
