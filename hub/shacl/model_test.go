package shacl_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/shacl"
	"github.com/grunddata/grunddata/model"
	"github.com/grunddata/grunddata/model/ident"
	"github.com/grunddata/grunddata/vocab"
)

const personBase = "https://data.exempelby.se/id/person/"

// person returns the triples of one synthetic person as the hub stores it: names, birth date,
// a Swedish test personnummer as an adms:Identifier, an address and a protection level.
func person(i int) []rdf.Triple {
	p := iri(fmt.Sprintf("%s%08d", personBase, i))
	id, _ := rdf.NewBlank(fmt.Sprintf("id%d", i))
	addr, _ := rdf.NewBlank(fmt.Sprintf("addr%d", i))
	birth := time.Date(1950+i%60, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
	str := func(s string) rdf.Literal { return rdf.NewTypedLiteral(s, vocab.XSDString) }
	return []rdf.Triple{
		{Subj: p, Pred: vocab.RDFType, Obj: vocab.PersonPerson},
		{Subj: p, Pred: vocab.GDCustomerNumber, Obj: str(fmt.Sprintf("%08d", i))},
		{Subj: p, Pred: vocab.FOAFGivenName, Obj: str("Åsa")},
		{Subj: p, Pred: vocab.FOAFFamilyName, Obj: str(fmt.Sprintf("Exempelsson %d", i))},
		{Subj: p, Pred: vocab.CVBirthDate, Obj: rdf.NewTypedLiteral(birth.Format("2006-01-02"), iri(vocab.XSDNS+"date"))},
		{Subj: p, Pred: vocab.ADMSIdentifierProp, Obj: id},
		{Subj: id, Pred: vocab.RDFType, Obj: vocab.ADMSIdentifier},
		{Subj: id, Pred: vocab.SKOSNotation, Obj: str(ident.MakeSwedishPerson(birth, 980+i%20, false))},
		{Subj: id, Pred: vocab.DCTConformsTo, Obj: vocab.GDSwedishPersonalIdentityNumber},
		{Subj: p, Pred: vocab.LocnAddressProp, Obj: addr},
		{Subj: addr, Pred: vocab.RDFType, Obj: vocab.LocnAddress},
		{Subj: addr, Pred: iri(vocab.LocnNS + "fullAddress"), Obj: str(fmt.Sprintf("Storgatan %d, 136 40 Exempelby", i%300+1))},
		{Subj: addr, Pred: vocab.LocnPostCode, Obj: str("13640")},
		{Subj: p, Pred: vocab.GDProtectionLevel, Obj: vocab.GDUnprotected},
	}
}

func modelValidator(tb testing.TB) *shacl.Validator {
	tb.Helper()
	v, err := shacl.ForModel(model.Default())
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// TestModelShapes validates people against the shapes generated from the shared model: a
// well-formed person conforms, and each kind of mistake a connector could make is reported
// with the model's named property shape.
func TestModelShapes(t *testing.T) {
	v := modelValidator(t)
	if rep := v.Validate(person(1)); !rep.Conforms {
		t.Fatalf("a well-formed person does not conform:\n%s", rep.Text())
	}
	p := iri(personBase + "00000001")
	replace := func(pred rdf.IRI, obj rdf.Object) []rdf.Triple {
		var out []rdf.Triple
		for _, t := range person(1) {
			if t.Subj == rdf.Subject(p) && rdfio.Equal(t.Pred, pred) {
				if obj == nil {
					continue
				}
				t.Obj = obj
			}
			out = append(out, t)
		}
		return out
	}
	tests := []struct {
		name  string
		data  []rdf.Triple
		shape string
		comp  string
		value string
	}{
		{"no family name", replace(vocab.FOAFFamilyName, nil), "Person-familyName", "MinCountConstraintComponent", ""},
		{"birth date not a date", replace(vocab.CVBirthDate, rdf.NewTypedLiteral("1985-02-30", iri(vocab.XSDNS+"date"))),
			"Person-birthDate", "DatatypeConstraintComponent", `"1985-02-30"^^<http://www.w3.org/2001/XMLSchema#date>`},
		{"customer number pattern", replace(vocab.GDCustomerNumber, rdf.NewTypedLiteral("12-34", vocab.XSDString)),
			"Person-customerNumber", "PatternConstraintComponent", `"12-34"`},
		{"protection level not in the enum", replace(vocab.GDProtectionLevel, vocab.GDCustomerNumber),
			"Person-protectionLevel", "InConstraintComponent", "<" + vocab.GDCustomerNumber.String() + ">"},
		{"identifier without scheme", func() []rdf.Triple {
			var out []rdf.Triple
			for _, t := range person(1) {
				if !rdfio.Equal(t.Pred, vocab.DCTConformsTo) {
					out = append(out, t)
				}
			}
			return out
		}(), "Identifier-scheme", "MinCountConstraintComponent", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := v.Validate(tc.data)
			if rep.Conforms || rep.Violations() == 0 {
				t.Fatalf("conforms, want a violation of %s", tc.shape)
			}
			found := false
			for _, r := range rep.Results {
				if r.SourceShape.String() == vocab.GDShapesNS+tc.shape && strings.HasSuffix(r.Component.String(), "#"+tc.comp) {
					found = true
					if got := termOrEmpty(r.Value); got != tc.value {
						t.Errorf("value = %s, want %s", got, tc.value)
					}
				}
			}
			if !found {
				t.Errorf("no %s result from %s in:\n%s", tc.comp, tc.shape, rep.Text())
			}
		})
	}
}

func termOrEmpty(t rdf.Term) string {
	if t == nil {
		return ""
	}
	return rdfio.TermString(t)
}

// BenchmarkValidatePersons validates 100k persons (14 triples each) against the model's shapes
// in one data graph, indexing included; persons/s is the figure to compare with the 50k/s target.
func BenchmarkValidatePersons(b *testing.B) {
	const n = 100_000
	v := modelValidator(b)
	var data []rdf.Triple
	for i := range n {
		data = append(data, person(i)...)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if rep := v.Validate(data); !rep.Conforms {
			b.Fatalf("synthetic persons do not conform:\n%s", rep.Text()[:2000])
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "persons/s")
}
