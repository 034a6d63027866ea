package paxml

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/grunddata/grunddata/connectors/internal/xmlstream"
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

// decode streams a PAXml document from r and calls fn for the header, each unit and each person,
// in document order. A document that is not well-formed XML or not PAXml is an error. It reads raw
// tokens and fills the fields it needs by element path (no reflection, no namespace bookkeeping:
// element names are matched by their local part), which halves the parse time.
func decode(ctx context.Context, r io.Reader, fn func(item) error) error {
	dec, rec := xmlstream.NewDecoder(r)
	var path []string
	curDim := "" // the dim of the dimension being read
	rootSeen := false
	var h *header
	var p *person
	var text []byte
	emit := func(it item) error {
		if err := fn(it); err != nil {
			return err
		}
		return ctx.Err()
	}
	for {
		if p == nil && h == nil {
			rec.Mark() // the raw XML of a header or person starts at its start tag
		}
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			switch {
			case !rootSeen:
				return ErrNotPAXml
			case len(path) > 0:
				return fmt.Errorf("paxml: line %d: unexpected end of the document inside <%s>", xmlstream.Line(dec), path[len(path)-1])
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("paxml: line %d: %w", xmlstream.Line(dec), err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if len(path) == 0 {
				if rootSeen || name != "paxml" {
					return ErrNotPAXml
				}
				rootSeen = true
			}
			path = append(path, name)
			text = text[:0]
			switch below(path) {
			case "header":
				h = &header{}
			case "dimensioner/dimension":
				curDim = xmlstream.Attr(t, "dim")
			case "dimensioner/dimension/objekt":
				err = emit(item{unit: &unit{Dim: curDim, ID: strings.TrimSpace(xmlstream.Attr(t, "id")), Name: strings.TrimSpace(xmlstream.Attr(t, "namn"))}, raw: rec.Raw()})
			case "resultatenheter/resultatenhet":
				err = emit(item{unit: &unit{Dim: xmlstream.Attr(t, "dim"), ID: strings.TrimSpace(xmlstream.Attr(t, "id")), Name: strings.TrimSpace(xmlstream.Attr(t, "namn"))}, raw: rec.Raw()})
			case "personal/person":
				p = &person{AnstIDAttr: xmlstream.Attr(t, "anstid"), PersNrAttr: xmlstream.Attr(t, "persnr")}
			case "personal/person/resenheter/resenhet":
				p.ResEnheter = append(p.ResEnheter, resEnhet{Dim: xmlstream.Attr(t, "dim"), ID: xmlstream.Attr(t, "id")})
			}
			if err != nil {
				return err
			}
		case xml.CharData:
			if p != nil || h != nil {
				text = append(text, t...)
			}
		case xml.EndElement:
			if len(path) == 0 || path[len(path)-1] != t.Name.Local {
				return fmt.Errorf("paxml: line %d: unexpected </%s>", xmlstream.Line(dec), t.Name.Local)
			}
			v := strings.TrimSpace(string(text))
			text = text[:0]
			switch at := below(path); {
			case at == "header":
				h.raw = rec.Raw()
				hd := h
				h = nil
				err = emit(item{header: hd, raw: hd.raw})
			case strings.HasPrefix(at, "header/") && h != nil:
				switch path[len(path)-1] {
				case "foretagorgnr":
					h.OrgNr = v
				case "foretagid":
					h.ForetagID = v
				case "foretagnamn":
					h.Name = v
				}
			case at == "personal/person":
				p.AnstID = firstNonEmpty(strings.TrimSpace(p.AnstID), strings.TrimSpace(p.AnstIDAttr))
				p.PersNr = firstNonEmpty(strings.TrimSpace(p.PersNr), strings.TrimSpace(p.PersNrAttr))
				pe := p
				p = nil
				err = emit(item{person: pe, raw: rec.Raw()})
			case len(path) == 4 && p != nil && path[1] == "personal":
				// a direct child of person
				switch path[3] {
				case "anstid":
					p.AnstID = v
				case "persnr":
					p.PersNr = v
				case "fornamn":
					p.GivenName = v
				case "efternamn":
					p.FamilyName = v
				case "befattning":
					p.Befattning = v
				case "befattningskod":
					p.BefattningsKod = v
				case "anstform":
					p.AnstForm = v
				case "anstdatum":
					p.AnstDatum = v
				case "avgdatum":
					p.AvgDatum = v
				case "sysgrad":
					p.Sysgrad = v
				}
			}
			if err != nil {
				return err
			}
			path = path[:len(path)-1]
		}
	}
}

// below is an element path without the root, as "personal/person".
func below(path []string) string {
	if len(path) < 2 {
		return ""
	}
	return strings.Join(path[1:], "/")
}
