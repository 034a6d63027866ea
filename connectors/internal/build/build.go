// Package build adds to connectors.Triples what the API connectors need besides: blank nodes
// numbered per record (so the same source record always maps to the same triples, which is what
// lets the sink skip unchanged records), IRIs with escaped keys, language-tagged labels and postal
// addresses.
package build

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/vocab"
)

// Record collects the triples of one record.
type Record struct {
	connectors.Triples
	blanks int
}

// IRI parses s, which the caller built from constants and escaped keys, so an error is a bug.
func IRI(s string) rdf.IRI {
	return connectors.IRI(s)
}

// Resource is the IRI {base}id/{class}/{key} (DESIGN §6), with key path-escaped.
func Resource(base, class, key string) rdf.IRI {
	return connectors.IRI(base, "id", class, url.PathEscape(key))
}

// Type adds s rdf:type each of classes.
func (r *Record) Type(s rdf.Subject, classes ...rdf.IRI) {
	for _, c := range classes {
		r.Add(s, vocab.RDFType, c)
	}
}

// Str adds a plain string literal, unless v is empty (after trimming space).
func (r *Record) Str(s rdf.Subject, p rdf.IRI, v string) { r.String(s, p, v) }

// Lang adds a language-tagged literal, unless v is empty.
func (r *Record) Lang(s rdf.Subject, p rdf.IRI, v, lang string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	l, err := rdf.NewLangLiteral(v, lang)
	if err != nil {
		panic("build: bad language tag " + lang)
	}
	r.Add(s, p, l)
}

// Blank returns a new blank node, unique within the record.
func (r *Record) Blank() rdf.Blank {
	b, err := rdf.NewBlank(r.label())
	if err != nil {
		panic(err)
	}
	return b
}

func (r *Record) label() string {
	r.blanks++
	return fmt.Sprintf("b%d", r.blanks)
}

// Identifier adds s adms:identifier [ a adms:Identifier; skos:notation v; dct:conformsTo scheme ]
// (SEMIC Core Person 2.1's way, as the model has it), unless v is empty.
func (r *Record) Identifier(s rdf.Subject, v string, scheme rdf.IRI) {
	if v != "" {
		r.Triples.Identifier(s, r.label(), v, scheme)
	}
}

// Period adds s org:memberDuring [ a dct:PeriodOfTime; dcat:startDate; dcat:endDate ] when either
// date is given (as xsd:date strings).
func (r *Record) Period(s rdf.Subject, start, end string) {
	if start != "" || end != "" {
		r.Triples.Period(s, r.label(), start, end)
	}
}

// Address is a postal address as the model has it (SEMIC Core Location).
type Address struct {
	Full, Street, Number, PostCode, PostName, Country, Municipality string
	// Spatial is the municipality's AdminUnit IRI, with its official code and name. It is linked
	// only when all three are known: a record is validated on its own, and the model's AdminUnit
	// needs its code and name.
	Spatial                  rdf.IRI
	SpatialCode, SpatialName string
}

// AddAddress adds s locn:address [ a locn:Address; … ] unless a is empty.
func (r *Record) AddAddress(s rdf.Subject, a Address) {
	if a == (Address{}) {
		return
	}
	n := r.Blank()
	r.Add(s, vocab.LocnAddressProp, n)
	r.Type(n, vocab.LocnAddress)
	r.Str(n, vocab.LocnFullAddress, a.Full)
	r.Str(n, vocab.LocnThoroughfare, a.Street)
	r.Str(n, vocab.LocnLocatorDesignator, a.Number)
	r.Str(n, vocab.LocnPostCode, a.PostCode)
	r.Str(n, vocab.LocnPostName, a.PostName)
	r.Str(n, vocab.LocnAdminUnitL1, a.Country)
	r.Str(n, vocab.LocnAdminUnitL2, a.Municipality)
	if a.Spatial.String() != "" && a.SpatialCode != "" && a.SpatialName != "" {
		r.Add(n, vocab.DCTSpatial, a.Spatial)
		r.Type(a.Spatial, vocab.DCTLocation)
		r.Str(a.Spatial, vocab.DCTIdentifier, a.SpatialCode)
		r.Str(a.Spatial, vocab.SKOSPrefLabel, a.SpatialName)
	}
}

// SplitStreet splits "Skolvägen 3 B" into the street name and the house number with its letter
// ("Skolvägen", "3 B"); a line without a number is all street.
func SplitStreet(s string) (street, number string) {
	s = strings.TrimSpace(s)
	f := strings.Fields(s)
	for i := 1; i < len(f); i++ {
		if f[i][0] >= '0' && f[i][0] <= '9' {
			return strings.Join(f[:i], " "), strings.Join(f[i:], " ")
		}
	}
	return s, ""
}
