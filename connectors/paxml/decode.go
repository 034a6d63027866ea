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
// in document order. A document that is not well-formed XML or not PAXml is an error.
func decode(ctx context.Context, r io.Reader, fn func(item) error) error {
	dec, rec := xmlstream.NewDecoder(r)
	var path []string
	curDim := "" // the dim of the dimension being read
	rootSeen := false
	for {
		if len(path) >= 1 {
			rec.Mark()
		}
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if !rootSeen {
				return ErrNotPAXml
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
				h.raw = rec.Raw()
				it.header = &h
			case "dimensioner/dimension":
				path = append(path, name)
				handled = false
				curDim = xmlstream.Attr(t, "dim")
			case "dimensioner/dimension/objekt":
				var o struct{}
				err = dec.DecodeElement(&o, &t)
				it.unit = &unit{Dim: curDim, ID: strings.TrimSpace(xmlstream.Attr(t, "id")), Name: strings.TrimSpace(xmlstream.Attr(t, "namn"))}
			case "resultatenheter/resultatenhet":
				var o struct{}
				err = dec.DecodeElement(&o, &t)
				it.unit = &unit{Dim: xmlstream.Attr(t, "dim"), ID: strings.TrimSpace(xmlstream.Attr(t, "id")), Name: strings.TrimSpace(xmlstream.Attr(t, "namn"))}
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
				return fmt.Errorf("paxml: line %d: %w", xmlstream.Line(dec), err)
			}
			if handled {
				if it.raw == nil {
					it.raw = rec.Raw()
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
