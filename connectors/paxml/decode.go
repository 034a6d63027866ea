package paxml

import (
	"context"
	"encoding/xml"
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
// in document order. A document that is not well-formed XML or not PAXml is an error. Elements are
// read as raw tokens by path (xmlstream.Walk): no reflection, which halves the parse time.
func decode(ctx context.Context, r io.Reader, fn func(item) error) error {
	dec, rec := xmlstream.NewDecoder(r)
	curDim := "" // the dim of the dimension being read
	var h *header
	var p *person
	var handed error // an error of fn or the context, returned as it is
	emit := func(it item) error {
		if handed = fn(it); handed == nil {
			handed = ctx.Err()
		}
		return handed
	}
	err := xmlstream.Walk(dec, xmlstream.Handler{
		Root: func(t xml.StartElement) error {
			if t.Name.Local != "paxml" {
				return ErrNotPAXml
			}
			return nil
		},
		Before: func() {
			if p == nil && h == nil {
				rec.Mark() // the raw XML of a header or person starts at its start tag
			}
		},
		Start: func(_ []string, at string, t xml.StartElement) error {
			switch at {
			case "header":
				h = &header{}
			case "dimensioner/dimension":
				curDim = xmlstream.Attr(t, "dim")
			case "dimensioner/dimension/objekt":
				return emit(item{unit: &unit{Dim: curDim, ID: strings.TrimSpace(xmlstream.Attr(t, "id")), Name: strings.TrimSpace(xmlstream.Attr(t, "namn"))}, raw: rec.Raw()})
			case "resultatenheter/resultatenhet":
				return emit(item{unit: &unit{Dim: xmlstream.Attr(t, "dim"), ID: strings.TrimSpace(xmlstream.Attr(t, "id")), Name: strings.TrimSpace(xmlstream.Attr(t, "namn"))}, raw: rec.Raw()})
			case "personal/person":
				p = &person{AnstIDAttr: xmlstream.Attr(t, "anstid"), PersNrAttr: xmlstream.Attr(t, "persnr")}
			case "personal/person/resenheter/resenhet":
				p.ResEnheter = append(p.ResEnheter, resEnhet{Dim: xmlstream.Attr(t, "dim"), ID: xmlstream.Attr(t, "id")})
			}
			return nil
		},
		End: func(path []string, at string, v string) error {
			switch {
			case at == "header":
				hd := h
				h = nil
				hd.raw = rec.Raw()
				return emit(item{header: hd, raw: hd.raw})
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
				return emit(item{person: pe, raw: rec.Raw()})
			case len(path) == 4 && p != nil && path[1] == "personal":
				p.set(path[3], v)
			}
			return nil
		},
	})
	return xmlstream.Result(err, handed, ErrNotPAXml, "paxml")
}

// set fills a field from a direct child element of person.
func (p *person) set(name, v string) {
	switch name {
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
