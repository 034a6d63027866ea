package rdfio

import (
	"testing"

	"github.com/knakk/rdf"
)

// Helpers that build terms or fail the test; knakk's constructors return errors only for input
// these tests never give them.

func iri(tb testing.TB, s string) rdf.IRI {
	tb.Helper()
	i, err := rdf.NewIRI(s)
	if err != nil {
		tb.Fatalf("NewIRI(%q): %v", s, err)
	}
	return i
}

func blank(tb testing.TB, label string) rdf.Blank {
	tb.Helper()
	b, err := rdf.NewBlank(label)
	if err != nil {
		tb.Fatalf("NewBlank(%q): %v", label, err)
	}
	return b
}

func str(tb testing.TB, s string) rdf.Literal {
	tb.Helper()
	l, err := rdf.NewLiteral(s)
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

func lang(tb testing.TB, s, tag string) rdf.Literal {
	tb.Helper()
	l, err := rdf.NewLangLiteral(s, tag)
	if err != nil {
		tb.Fatalf("NewLangLiteral(%q, %q): %v", s, tag, err)
	}
	return l
}

func typed(tb testing.TB, s, dt string) rdf.Literal {
	tb.Helper()
	return rdf.NewTypedLiteral(s, iri(tb, dt))
}

func triple(s rdf.Subject, p rdf.Predicate, o rdf.Object) rdf.Triple {
	return rdf.Triple{Subj: s, Pred: p, Obj: o}
}

const (
	ex   = "http://example.org/ns#"
	foaf = "http://xmlns.com/foaf/0.1/"
	base = "https://data.exempelby.se/id/"
)

var fixturePrefixes = map[string]string{
	"ex":    ex,
	"foaf":  foaf,
	"xsd":   xsdNS,
	"p":     base + "person/",
	"rdf":   rdfNS,
	"true1": "http://example.org/never-used-because-knakk-misreads-it/",
}

// fixture is a graph with the terms serializers get wrong: quotes, backslashes, line breaks and
// control characters in literals, Nordic letters, IRIs with '#', '(', '%' and spaces-escaped
// characters, local names that start with digits or end in '.', language tags, canonical and
// non-canonical numbers, and blank nodes (one shared, one chained).
func fixture(tb testing.TB) []rdf.Triple {
	tb.Helper()
	alice := iri(tb, base+"person/1234567")
	odd := iri(tb, "http://example.org/things/x(1)%20y")
	addr, ident, shared := blank(tb, "addr"), blank(tb, "b0"), blank(tb, "shared")
	typ := iri(tb, rdfType)
	return []rdf.Triple{
		triple(alice, typ, iri(tb, foaf+"Person")),
		triple(alice, typ, iri(tb, ex+"Resident")),
		triple(alice, iri(tb, foaf+"name"), str(tb, `Åsa "Ö" Ærø-Øster\backslash`)),
		triple(alice, iri(tb, foaf+"name"), lang(tb, "Åse Nordmann", "nb-NO")),
		triple(alice, iri(tb, ex+"note"), str(tb, "line one\nline two\r\n\ttabbed")),
		triple(alice, iri(tb, ex+"control"), str(tb, "bell\x07 and \x01 \x7f")),
		triple(alice, iri(tb, ex+"note"), lang(tb, "hej", "sv")),
		triple(alice, iri(tb, ex+"birthDate"), typed(tb, "1985-02-28", xsdNS+"date")),
		triple(alice, iri(tb, ex+"age"), typed(tb, "39", xsdInteger)),
		triple(alice, iri(tb, ex+"shoeSize"), typed(tb, "042", xsdInteger)),
		triple(alice, iri(tb, ex+"height"), typed(tb, "1.75", xsdDecimal)),
		triple(alice, iri(tb, ex+"weight"), typed(tb, "70.50", xsdDecimal)),
		triple(alice, iri(tb, ex+"score"), typed(tb, "1.0E1", xsdNS+"double")),
		triple(alice, iri(tb, ex+"active"), typed(tb, "true", xsdBoolean)),
		triple(alice, iri(tb, ex+"retired"), typed(tb, "0", xsdBoolean)),
		triple(alice, iri(tb, ex+"custom"), typed(tb, "a b", "http://example.org/dt(1)")),
		triple(alice, iri(tb, ex+"empty"), str(tb, "")),
		triple(alice, iri(tb, ex+"seeAlso"), iri(tb, ex+"123abc")),
		triple(alice, iri(tb, ex+"seeAlso"), iri(tb, ex+"ends.")),
		triple(alice, iri(tb, ex+"seeAlso"), odd),
		triple(alice, iri(tb, ex+"seeAlso"), iri(tb, "urn:uuid:0b9e2c5e-4c1a-4d0b-9a55-6c1f3f5c3b7d")),
		triple(alice, iri(tb, "http://example.org/v(1)/label"), str(tb, "generated namespace")),
		triple(alice, iri(tb, ex+"address"), addr),
		triple(alice, iri(tb, ex+"identifier"), ident),
		triple(addr, typ, iri(tb, ex+"Address")),
		triple(addr, iri(tb, ex+"street"), str(tb, "Storgatan 1 <&> 'x'")),
		triple(addr, iri(tb, ex+"municipality"), iri(tb, "https://data.exempelby.se/id/municipality/0136")),
		triple(addr, iri(tb, ex+"geo"), shared),
		triple(ident, iri(tb, ex+"notation"), str(tb, "19850228-9805")),
		triple(ident, iri(tb, ex+"geo"), shared),
		triple(shared, iri(tb, ex+"lat"), typed(tb, "59.1", xsdDecimal)),
		triple(odd, iri(tb, ex+"label"), lang(tb, "ä ö å æ ø", "da")),
	}
}
