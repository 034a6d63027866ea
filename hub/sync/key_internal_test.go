package sync

import (
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// Two terms have the same key exactly when they have the same canonical form.
func TestTermKeyAgreesWithTermString(t *testing.T) {
	iri := func(s string) rdf.Term { i, _ := rdf.NewIRI(s); return i }
	blank := func(s string) rdf.Term { b, _ := rdf.NewBlank(s); return b }
	lang := func(s, l string) rdf.Term { x, _ := rdf.NewLangLiteral(s, l); return x }
	terms := []rdf.Term{
		iri("http://x/a"), iri("http://x/a b"), iri(`http://x/a\u0020b`), iri("a"),
		blank("a"), blank("b"),
		rdf.NewTypedLiteral("a", vocab.XSDString), rdf.NewTypedLiteral("a", rdf.IRI{}),
		rdf.NewTypedLiteral("a", vocab.XSDDate), rdf.NewTypedLiteral("a\"b", vocab.XSDString),
		lang("a", "sv"), lang("a", "SV"), lang("a", "nb-NO"), lang("a", "nb-no"), lang("b", "sv"),
		rdf.NewTypedLiteral("http://x/a", vocab.XSDString), rdf.NewTypedLiteral("", vocab.XSDString),
	}
	for _, a := range terms {
		for _, b := range terms {
			same := rdfio.TermString(a) == rdfio.TermString(b)
			if got := termKeyOf(a) == termKeyOf(b); got != same {
				t.Errorf("%s and %s: same key %v, same canonical form %v", rdfio.TermString(a), rdfio.TermString(b), got, same)
			}
		}
	}
}
