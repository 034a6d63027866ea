package connectors

import (
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/vocab"
)

// Triples collects a record's triples; the helpers skip empty values, so a mapping can state
// optional fields without an if for each.
type Triples []rdf.Triple

// Add adds one triple.
func (ts *Triples) Add(s rdf.Subject, p rdf.Predicate, o rdf.Object) {
	*ts = append(*ts, rdf.Triple{Subj: s, Pred: p, Obj: o})
}

// String adds a plain string value unless it is empty (after trimming space).
func (ts *Triples) String(s rdf.Subject, p rdf.Predicate, v string) {
	if v = strings.TrimSpace(v); v != "" {
		ts.Add(s, p, rdf.NewTypedLiteral(v, vocab.XSDString))
	}
}

// Typed adds a typed literal unless v is empty.
func (ts *Triples) Typed(s rdf.Subject, p rdf.Predicate, v string, datatype rdf.IRI) {
	if v != "" {
		ts.Add(s, p, rdf.NewTypedLiteral(v, datatype))
	}
}

// Identifier adds `s adms:identifier [a adms:Identifier; skos:notation v; dct:conformsTo scheme]`
// with the blank node label given (local to the record).
func (ts *Triples) Identifier(s rdf.Subject, label, v string, scheme rdf.IRI) {
	b, err := rdf.NewBlank(label)
	if err != nil {
		panic(err) // labels are constants of the mappings
	}
	ts.Add(s, vocab.ADMSIdentifierProp, b)
	ts.Add(b, vocab.RDFType, vocab.ADMSIdentifier)
	ts.String(b, vocab.SKOSNotation, v)
	ts.Add(b, vocab.DCTConformsTo, scheme)
}

// Period adds `s org:memberDuring [a dct:PeriodOfTime; dcat:startDate; dcat:endDate]` (dates as
// xsd:date, either may be empty; nothing when both are).
func (ts *Triples) Period(s rdf.Subject, label, start, end string) {
	if start == "" && end == "" {
		return
	}
	b, err := rdf.NewBlank(label)
	if err != nil {
		panic(err)
	}
	ts.Add(s, vocab.ORGMemberDuring, b)
	ts.Add(b, vocab.RDFType, vocab.DCTPeriodOfTime)
	ts.Typed(b, vocab.DCATStartDate, start, vocab.XSDDate)
	ts.Typed(b, vocab.DCATEndDate, end, vocab.XSDDate)
}

// IRI builds an IRI from the hub's base and path segments that are already safe (keys checked by
// the mapping); it panics on an invalid IRI, which would be a bug in the mapping.
func IRI(base string, path ...string) rdf.IRI {
	iri, err := rdf.NewIRI(base + strings.Join(path, "/"))
	if err != nil {
		panic(err)
	}
	return iri
}
