package shacl

import (
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// node identifies a term in one graph: an index into graph.terms.
type node = int32

// none is "no such term".
const none node = -1

// edge is one triple seen from one end: the predicate and the term at the other end.
type edge struct{ p, n node }

// graph is an in-memory index of a set of triples. Terms are interned by their canonical
// N-Triples form (rdfio.TermString), so equal terms get one node whatever their Go value; each
// node keeps its outgoing and incoming edges, which answers every look-up the validator makes
// (objects of s/p, subjects of p/o) by scanning one node's edges.
type graph struct {
	terms []rdf.Term
	ids   map[string]node
	out   [][]edge
	in    [][]edge

	byPred map[node][]edge // predicate → (subject, object) pairs, built on first use
}

func newGraph(ts []rdf.Triple) *graph {
	g := &graph{ids: make(map[string]node, len(ts))}
	for _, t := range ts {
		g.add(t.Subj, t.Pred, t.Obj)
	}
	return g
}

// intern returns the node of t, adding it (with no edges) when the graph does not have it.
func (g *graph) intern(t rdf.Term) node {
	k := rdfio.TermString(t)
	if n, ok := g.ids[k]; ok {
		return n
	}
	n := node(len(g.terms))
	g.ids[k] = n
	g.terms = append(g.terms, t)
	g.out = append(g.out, nil)
	g.in = append(g.in, nil)
	return n
}

// lookup returns the node of t, or none.
func (g *graph) lookup(t rdf.Term) node {
	if n, ok := g.ids[rdfio.TermString(t)]; ok {
		return n
	}
	return none
}

// add inserts a triple; a triple already present is not added twice.
func (g *graph) add(s, p, o rdf.Term) {
	sn, pn, on := g.intern(s), g.intern(p), g.intern(o)
	for _, e := range g.out[sn] {
		if e.p == pn && e.n == on {
			return
		}
	}
	g.out[sn] = append(g.out[sn], edge{pn, on})
	g.in[on] = append(g.in[on], edge{pn, sn})
	g.byPred = nil
}

func (g *graph) term(n node) rdf.Term { return g.terms[n] }

// objects returns the objects of (s, p, ?), in insertion order.
func (g *graph) objects(s, p node) []node {
	if s == none || p == none {
		return nil
	}
	var out []node
	for _, e := range g.out[s] {
		if e.p == p {
			out = append(out, e.n)
		}
	}
	return out
}

// subjects returns the subjects of (?, p, o).
func (g *graph) subjects(p, o node) []node {
	if o == none || p == none {
		return nil
	}
	var out []node
	for _, e := range g.in[o] {
		if e.p == p {
			out = append(out, e.n)
		}
	}
	return out
}

// object returns the first object of (s, p, ?), or none.
func (g *graph) object(s, p node) node {
	if s == none || p == none {
		return none
	}
	for _, e := range g.out[s] {
		if e.p == p {
			return e.n
		}
	}
	return none
}

// has reports whether the triple (s, p, o) is in the graph.
func (g *graph) has(s, p, o node) bool {
	if s == none || p == none || o == none {
		return false
	}
	for _, e := range g.out[s] {
		if e.p == p && e.n == o {
			return true
		}
	}
	return false
}

// withPredicate returns the (subject, object) pairs of the triples with predicate p, as edges
// whose p field holds the subject.
func (g *graph) withPredicate(p node) []edge {
	if p == none {
		return nil
	}
	if g.byPred == nil {
		g.byPred = map[node][]edge{}
		for s, es := range g.out {
			for _, e := range es {
				g.byPred[e.p] = append(g.byPred[e.p], edge{node(s), e.n})
			}
		}
	}
	return g.byPred[p]
}

// list returns the members of the RDF list starting at head; ok is false when it is not a
// well-formed list (a member missing, a branch, or a cycle).
func (g *graph) list(head node) (members []node, ok bool) {
	first, rest, nilNode := g.lookup(vocab.RDFFirst), g.lookup(vocab.RDFRest), g.lookup(vocab.RDFNil)
	seen := map[node]bool{}
	for n := head; n != nilNode; {
		if n == none || seen[n] {
			return nil, false
		}
		seen[n] = true
		f := g.objects(n, first)
		r := g.objects(n, rest)
		if len(f) != 1 || len(r) != 1 {
			return nil, false
		}
		members = append(members, f[0])
		n = r[0]
	}
	return members, true
}

// isBlank and friends tell a node's kind.
func (g *graph) isBlank(n node) bool   { _, ok := g.terms[n].(rdf.Blank); return ok }
func (g *graph) isIRI(n node) bool     { _, ok := g.terms[n].(rdf.IRI); return ok }
func (g *graph) isLiteral(n node) bool { _, ok := g.terms[n].(rdf.Literal); return ok }
