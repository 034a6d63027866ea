package paxml

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The elements the connector reads. PAXml writers put person keys either in attributes or in child
// elements; both are read. Element names are matched without their namespace.
type header struct {
	OrgNr     string `xml:"foretagorgnr"`
	ForetagID string `xml:"foretagid"`
	Name      string `xml:"foretagnamn"`
	raw       []byte
}

type unit struct {
	Dim  string
	ID   string
	Name string
}

type resEnhet struct {
	Dim string `xml:"dim,attr"`
	ID  string `xml:"id,attr"`
}

type person struct {
	AnstIDAttr     string     `xml:"anstid,attr"`
	PersNrAttr     string     `xml:"persnr,attr"`
	AnstID         string     `xml:"anstid"`
	PersNr         string     `xml:"persnr"`
	GivenName      string     `xml:"fornamn"`
	FamilyName     string     `xml:"efternamn"`
	Befattning     string     `xml:"befattning"`
	BefattningsKod string     `xml:"befattningskod"`
	AnstForm       string     `xml:"anstform"`
	AnstDatum      string     `xml:"anstdatum"`
	AvgDatum       string     `xml:"avgdatum"`
	Sysgrad        string     `xml:"sysgrad"`
	ResEnheter     []resEnhet `xml:"resenheter>resenhet"`
}

// item is one thing the decoder found, with its raw XML for the quarantine.
type item struct {
	header *header
	unit   *unit
	person *person
	raw    []byte
}

// recorder is the decoder's input: it implements io.ByteReader, so encoding/xml reads through it
// without buffering of its own, and it keeps the bytes read since the last mark.
type recorder struct {
	r   *bufio.Reader
	buf []byte
	on  bool
}

func (r *recorder) ReadByte() (byte, error) {
	b, err := r.r.ReadByte()
	if err == nil && r.on {
		r.buf = append(r.buf, b)
	}
	return b, err
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if r.on {
		r.buf = append(r.buf, p[:n]...)
	}
	return n, err
}

func (r *recorder) mark() { r.buf, r.on = r.buf[:0], true }

func (r *recorder) raw() []byte {
	out := strings.TrimSpace(string(r.buf))
	return []byte(out)
}

// decode streams a PAXml document from r and calls fn for the header, each unit and each person,
// in document order. A document that is not well-formed XML or not PAXml is an error.
func decode(ctx context.Context, r io.Reader, fn func(item) error) error {
	rec := &recorder{r: bufio.NewReaderSize(r, 64<<10)}
	dec := xml.NewDecoder(rec)
	dec.CharsetReader = charsetReader
	var path []string
	curDim := "" // the dim of the dimension being read
	rootSeen := false
	for {
		if len(path) >= 1 {
			rec.mark()
		}
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if !rootSeen {
				return ErrNotPAXml
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("paxml: line %d: %w", lineOf(dec), err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if len(path) == 0 {
				if name != "paxml" {
					return ErrNotPAXml
				}
				rootSeen = true
				path = append(path, name)
				continue
			}
			var it item
			handled := true
			switch strings.Join(append(path[1:], name), "/") {
			case "header":
				var h header
				err = dec.DecodeElement(&h, &t)
				h.raw = rec.raw()
				it.header = &h
			case "dimensioner/dimension":
				path = append(path, name)
				handled = false
				curDim = attr(t, "dim")
			case "dimensioner/dimension/objekt":
				var o struct{}
				err = dec.DecodeElement(&o, &t)
				it.unit = &unit{Dim: curDim, ID: strings.TrimSpace(attr(t, "id")), Name: strings.TrimSpace(attr(t, "namn"))}
			case "resultatenheter/resultatenhet":
				var o struct{}
				err = dec.DecodeElement(&o, &t)
				it.unit = &unit{Dim: attr(t, "dim"), ID: strings.TrimSpace(attr(t, "id")), Name: strings.TrimSpace(attr(t, "namn"))}
			case "personal/person":
				var p person
				err = dec.DecodeElement(&p, &t)
				p.AnstID = firstNonEmpty(strings.TrimSpace(p.AnstID), strings.TrimSpace(p.AnstIDAttr))
				p.PersNr = firstNonEmpty(strings.TrimSpace(p.PersNr), strings.TrimSpace(p.PersNrAttr))
				it.person = &p
			case "dimensioner", "resultatenheter", "personal":
				path = append(path, name)
				handled = false
			default:
				// Anything else (salary transactions, schedules …) is skipped unread.
				err = dec.Skip()
				handled = false
			}
			if err != nil {
				return fmt.Errorf("paxml: line %d: %w", lineOf(dec), err)
			}
			if handled {
				if it.raw == nil {
					it.raw = rec.raw()
				}
				if err := fn(it); err != nil {
					return err
				}
				if ctx.Err() != nil {
					return ctx.Err()
				}
			}
		case xml.EndElement:
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		}
	}
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func lineOf(dec *xml.Decoder) int {
	line, _ := dec.InputPos()
	return line
}

// charsetReader accepts ISO-8859-1 (Latin-1), which older PAXml files declare, besides UTF-8.
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
	return nil, fmt.Errorf("paxml: unsupported encoding %q (use UTF-8 or ISO-8859-1)", charset)
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
