package jsonld

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/examples/exempelby"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/model"
)

// processors returns a Processor for the model's context, and the same one compacting everything
// through json-gold, the reference the fast compactor must equal byte for byte.
func processors(t *testing.T) (fast, reference *Processor) {
	t.Helper()
	doc, err := fs.ReadFile(model.Generated, "generated/context.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	if fast, err = NewProcessor(contextURL, doc); err != nil {
		t.Fatal(err)
	}
	if fast.fast == nil {
		t.Fatal("the model's context is outside what the fast compactor handles")
	}
	if reference, err = NewProcessor(contextURL, doc); err != nil {
		t.Fatal(err)
	}
	reference.fast = nil
	return fast, reference
}

func sameCompaction(t *testing.T, fast, reference *Processor, name string, ts []rdf.Triple) {
	t.Helper()
	want, err := reference.Compact(ts)
	if err != nil {
		t.Fatalf("%s: json-gold: %v", name, err)
	}
	got, err := fast.Compact(ts)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if _, ok := fast.fast.nodes(expandedNodes(ts)); !ok {
		t.Fatalf("%s: the fast compactor gave up; the comparison would prove nothing", name)
	}
	if string(got) != string(want) {
		var nt strings.Builder
		_ = rdfio.WriteNTriples(&nt, ts)
		t.Fatalf("%s: fast compaction differs from json-gold\ninput:\n%s\njson-gold:\n%s\nfast:\n%s", name, nt.String(), want, got)
	}
}

// TestFastCompactionDemoData compacts every resource of the demo municipality both ways.
func TestFastCompactionDemoData(t *testing.T) {
	fast, reference := processors(t)
	quads, err := exempelby.Quads("https://data.exempelby.se/", rdf.IRI{})
	if err != nil {
		t.Fatal(err)
	}
	bySubject := map[string][]rdf.Triple{}
	var subjects []string
	for _, q := range quads {
		k := rdfio.TermString(q.Subj)
		if _, ok := bySubject[k]; !ok {
			subjects = append(subjects, k)
		}
		bySubject[k] = append(bySubject[k], q.Triple)
	}
	n := 0
	for _, s := range subjects {
		if strings.HasPrefix(s, "_:") {
			continue
		}
		// The resource and the blank nodes it reaches, as a GET serves it.
		ts := append([]rdf.Triple(nil), bySubject[s]...)
		for i := 0; i < len(ts); i++ {
			if b, ok := ts[i].Obj.(rdf.Blank); ok {
				ts = append(ts, bySubject[rdfio.TermString(b)]...)
				bySubject[rdfio.TermString(b)] = nil // each blank node once
			}
		}
		sameCompaction(t, fast, reference, s, ts)
		n++
	}
	if n < 10 {
		t.Fatalf("only %d demo resources compared", n)
	}
	// And the whole dataset as one document.
	all := make([]rdf.Triple, len(quads))
	for i, q := range quads {
		all[i] = q.Triple
	}
	sameCompaction(t, fast, reference, "all demo data", all)
}

// TestFastCompactionGenerated compacts random graphs over the context's own terms — every type
// mapping and container it has, IRIs that are and are not terms, literals of every kind, embedded
// and shared blank nodes, several subjects — both ways.
func TestFastCompactionGenerated(t *testing.T) {
	fast, reference := processors(t)
	var termIRIs []string
	for _, td := range fast.ctx.TermDefinitions {
		if td != nil && !strings.HasPrefix(td.ID, "@") {
			termIRIs = append(termIRIs, td.ID)
		}
	}
	if len(termIRIs) < 20 {
		t.Fatalf("only %d terms in the context", len(termIRIs))
	}
	for seed := range 600 {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		g := graphGen{r: r, terms: termIRIs}
		ts := g.graph()
		sameCompaction(t, fast, reference, fmt.Sprintf("seed %d", seed), ts)
	}
}

type graphGen struct {
	r      *rand.Rand
	terms  []string
	blanks int
	out    []rdf.Triple
}

func (g *graphGen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *graphGen) iri(s string) rdf.IRI {
	i, err := rdf.NewIRI(s)
	if err != nil {
		panic(err)
	}
	return i
}

func (g *graphGen) graph() []rdf.Triple {
	subjects := 1 + g.r.IntN(3)
	for i := range subjects {
		s := g.iri(fmt.Sprintf("https://data.exempelby.se/id/person/%07d", 1000000+i))
		g.describe(s, 0)
	}
	return g.out
}

func (g *graphGen) describe(s rdf.Subject, depth int) {
	for range 1 + g.r.IntN(3) {
		if g.r.IntN(3) == 0 {
			g.out = append(g.out, rdf.Triple{Subj: s, Pred: g.iri(rdfType), Obj: g.iri(g.pick(g.terms))})
		}
	}
	for range 1 + g.r.IntN(6) {
		var p rdf.IRI
		if g.r.IntN(8) == 0 {
			p = g.iri("http://example.org/unmapped#p" + fmt.Sprint(g.r.IntN(3)))
		} else {
			p = g.iri(g.pick(g.terms))
		}
		for range 1 + g.r.IntN(3) {
			g.out = append(g.out, rdf.Triple{Subj: s, Pred: p, Obj: g.object(depth)})
		}
	}
}

var generatedDatatypes = []string{xsdNS + "date", xsdNS + "integer", xsdNS + "dateTime", xsdNS + "decimal",
	xsdNS + "gYear", xsdNS + "boolean", xsdNS + "anyURI", "http://example.org/dt#custom"}

func (g *graphGen) object(depth int) rdf.Object {
	switch g.r.IntN(9) {
	case 0:
		return g.iri(g.pick(g.terms)) // an IRI that is a term's IRI (an enumeration value, a class)
	case 1:
		return g.iri(g.pick(g.terms) + "Local") // under a namespace the context has a prefix for
	case 2:
		return g.iri(fmt.Sprintf("https://data.exempelby.se/id/organisation/%d", g.r.IntN(5)))
	case 3:
		lit, _ := rdf.NewLiteral(fmt.Sprintf("värde %d", g.r.IntN(100)))
		return lit
	case 4:
		lit, _ := rdf.NewLangLiteral("namn", g.pick([]string{"sv", "nb", "en"}))
		return lit
	case 5, 6:
		return rdf.NewTypedLiteral(fmt.Sprint(g.r.IntN(3000)), g.iri(g.pick(generatedDatatypes)))
	default:
		g.blanks++
		b, _ := rdf.NewBlank(fmt.Sprintf("g%d", g.blanks))
		if depth < 2 {
			g.describe(b, depth+1)
		}
		if g.r.IntN(6) == 0 { // shared: referenced twice, so it cannot be embedded
			s := g.iri("https://data.exempelby.se/id/person/1000000")
			g.out = append(g.out, rdf.Triple{Subj: s, Pred: g.iri(g.pick(g.terms)), Obj: b})
		}
		return b
	}
}
