// Package build assembles the triples of one connector record: IRIs minted under the hub's base,
// literals that are left out when the source leaves them empty, and blank nodes numbered per record
// so that the same source record always maps to exactly the same triples (which is what lets the
// sink skip unchanged records).
package build

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/vocab"
)

// Record collects the triples of one record.
type Record struct {
	Triples []rdf.Triple
	blanks  int
}

// IRI parses s, which the caller built from constants and escaped keys, so an error is a bug.
func IRI(s string) rdf.IRI {
	v, err := rdf.NewIRI(s)
	if err != nil {
		panic("build: bad IRI " + s + ": " + err.Error())
	}
	return v
}

// Resource is the IRI {base}id/{class}/{key} (DESIGN §6), with key path-escaped.
func Resource(base, class, key string) rdf.IRI {
	return IRI(base + "id/" + class + "/" + url.PathEscape(key))
}

// Add appends one triple.
func (r *Record) Add(s rdf.Subject, p rdf.IRI, o rdf.Object) {
	r.Triples = append(r.Triples, rdf.Triple{Subj: s, Pred: p, Obj: o})
}

// Type adds s rdf:type each of classes.
func (r *Record) Type(s rdf.Subject, classes ...rdf.IRI) {
	for _, c := range classes {
		r.Add(s, vocab.RDFType, c)
	}
}

// Str adds a plain string literal, unless v is empty (after trimming space).
func (r *Record) Str(s rdf.Subject, p rdf.IRI, v string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	r.Add(s, p, rdf.NewTypedLiteral(v, vocab.XSDString))
}

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

// Typed adds a literal of datatype dt, unless v is empty.
func (r *Record) Typed(s rdf.Subject, p rdf.IRI, v string, dt rdf.IRI) {
	if v == "" {
		return
	}
	r.Add(s, p, rdf.NewTypedLiteral(v, dt))
}

// Blank returns a new blank node, unique within the record.
func (r *Record) Blank() rdf.Blank {
	r.blanks++
	b, err := rdf.NewBlank(fmt.Sprintf("b%d", r.blanks))
	if err != nil {
		panic(err)
	}
	return b
}

// Identifier adds s adms:identifier [ a adms:Identifier; skos:notation v; dct:conformsTo scheme ]
// (SEMIC Core Person 2.1's way, as the model has it).
func (r *Record) Identifier(s rdf.Subject, v string, scheme rdf.IRI) {
	if v == "" {
		return
	}
	id := r.Blank()
	r.Add(s, vocab.ADMSIdentifierProp, id)
	r.Type(id, vocab.ADMSIdentifier)
	r.Str(id, vocab.SKOSNotation, v)
	r.Add(id, vocab.DCTConformsTo, scheme)
}

// Period adds s org:memberDuring [ a dct:PeriodOfTime; dcat:startDate; dcat:endDate ] when either
// date is given (as xsd:date strings).
func (r *Record) Period(s rdf.Subject, start, end string) {
	if start == "" && end == "" {
		return
	}
	p := r.Blank()
	r.Add(s, vocab.ORGMemberDuring, p)
	r.Type(p, vocab.DCTPeriodOfTime)
	r.Typed(p, vocab.DCATStartDate, start, vocab.XSDDate)
	r.Typed(p, vocab.DCATEndDate, end, vocab.XSDDate)
}

// Address is a postal address as the model has it (SEMIC Core Location).
type Address struct {
	Full, Street, Number, PostCode, PostName, Country, Municipality string
	// Spatial is the municipality's AdminUnit IRI, if known.
	Spatial rdf.IRI
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
	if a.Spatial.String() != "" {
		r.Add(n, vocab.DCTSpatial, a.Spatial)
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
