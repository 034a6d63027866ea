package shacl

import (
	"cmp"
	"slices"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/vocab"
)

// node identifies a term in one graph: an index into graph.terms.
type node = int32

// none is "no such term".
const none node = -1

// edge is one triple seen from one end: the predicate and the term at the other end.
type edge struct{ p, n node }

// graph is an immutable in-memory index of a set of triples. Terms are interned by their text
// (literals by termKey), so equal RDF terms get one node whatever their Go value. The edges are stored compressed (CSR):
// each node's outgoing edges, sorted by predicate, are one range of out, and its incoming edges
// one range of in, so objects(s, p) and subjects(p, o) are sub-slices found without allocating.
// Nodes interned after building (the shapes' constants) have no edges.
type graph struct {
	terms []rdf.Term
	iris  map[string]node // IRIs by their text: the common case, hashed fast
	blank map[string]node // blank nodes by label
	lits  map[termKey]node

	outOff []int32 // node n's outgoing edges are out[outOff[n]:outOff[n+1]]
	out    []edge  // (predicate, object), sorted by predicate then object within a node
	outN   []node  // the objects of out, for returning sub-slices
	inOff  []int32
	in     []edge // (predicate, subject)
	inN    []node

	byPred map[node][]edge // predicate → (subject, object) pairs, built on first use
}

// termKey identifies an RDF term without building its N-Triples form: the kind, the IRI, label
// or lexical form, and for literals the language tag (lower case, after an '@') or the datatype.
// Two terms are the same RDF term exactly when their keys are equal (as with rdfio.Equal).
type termKey struct {
	kind rdf.TermType
	s    string
	dt   string
}

func keyOf(t rdf.Term) termKey {
	switch t := t.(type) {
	case rdf.IRI:
		return termKey{kind: rdf.TermIRI, s: t.String()}
	case rdf.Blank:
		return termKey{kind: rdf.TermBlank, s: t.String()}
	case rdf.Literal:
		if lang := t.Lang(); lang != "" {
			return termKey{kind: rdf.TermLiteral, s: t.String(), dt: "@" + strings.ToLower(lang)}
		}
		dt := t.DataType.String()
		if dt == "" {
			dt = xsd + "string"
		}
		return termKey{kind: rdf.TermLiteral, s: t.String(), dt: dt}
	}
	return termKey{}
}

// builder collects triples for a graph.
type builder struct {
	g        *graph
	triples  [][3]node
	last     node // the node of lastTerm, the subject of the triple added last
	lastTerm rdf.Term
}

func newBuilder(n int) *builder {
	return &builder{
		g: &graph{
			iris: make(map[string]node, n/4), blank: map[string]node{}, lits: make(map[termKey]node, n/4),
			terms: make([]rdf.Term, 0, n/2),
		},
		triples: make([][3]node, 0, n),
		last:    none,
	}
}

func (b *builder) add(s, p, o rdf.Term) {
	// Triples usually come grouped by subject: reuse the last subject's node.
	var sn node
	if b.last != none && sameSubject(b.lastTerm, s) {
		sn = b.last
	} else {
		sn = b.g.intern(s)
		b.last, b.lastTerm = sn, s
	}
	b.triples = append(b.triples, [3]node{sn, b.g.intern(p), b.g.intern(o)})
}

func sameSubject(a, b rdf.Term) bool {
	switch x := a.(type) {
	case rdf.IRI:
		y, ok := b.(rdf.IRI)
		return ok && x.String() == y.String()
	case rdf.Blank:
		y, ok := b.(rdf.Blank)
		return ok && x.String() == y.String()
	}
	return false
}

// build indexes the collected triples; duplicates are dropped (a graph is a set).
func (b *builder) build() *graph {
	g := b.g
	n := len(g.terms)
	g.outOff = make([]int32, n+1)
	for _, t := range b.triples {
		g.outOff[t[0]+1]++
	}
	for i := range n {
		g.outOff[i+1] += g.outOff[i]
	}
	g.out = make([]edge, len(b.triples))
	fill := slices.Clone(g.outOff[:n])
	for _, t := range b.triples {
		g.out[fill[t[0]]] = edge{t[1], t[2]}
		fill[t[0]]++
	}
	b.triples = nil
	// Sort each node's edges and drop duplicates, compacting in place.
	w := int32(0)
	for i := range n {
		seg := g.out[g.outOff[i]:g.outOff[i+1]]
		sortEdges(seg)
		g.outOff[i] = w
		for j, e := range seg {
			if j > 0 && e == seg[j-1] {
				continue
			}
			g.out[w] = e
			w++
		}
	}
	g.outOff[n] = w
	g.out = g.out[:w]
	g.outN = make([]node, w)
	for i, e := range g.out {
		g.outN[i] = e.n
	}

	g.inOff = make([]int32, n+1)
	for _, e := range g.out {
		g.inOff[e.n+1]++
	}
	for i := range n {
		g.inOff[i+1] += g.inOff[i]
	}
	g.in = make([]edge, len(g.out))
	fill = slices.Clone(g.inOff[:n])
	for s := range n {
		for _, e := range g.out[g.outOff[s]:g.outOff[s+1]] {
			g.in[fill[e.n]] = edge{e.p, node(s)}
			fill[e.n]++
		}
	}
	for i := range n {
		sortEdges(g.in[g.inOff[i]:g.inOff[i+1]])
	}
	g.inN = make([]node, len(g.in))
	for i, e := range g.in {
		g.inN[i] = e.n
	}
	return g
}

func sortEdges(seg []edge) {
	if len(seg) < 12 {
		for i := 1; i < len(seg); i++ {
			for j := i; j > 0 && lessEdge(seg[j], seg[j-1]); j-- {
				seg[j], seg[j-1] = seg[j-1], seg[j]
			}
		}
		return
	}
	slices.SortFunc(seg, func(a, b edge) int {
		if c := cmp.Compare(a.p, b.p); c != 0 {
			return c
		}
		return cmp.Compare(a.n, b.n)
	})
}

func lessEdge(a, b edge) bool { return a.p < b.p || (a.p == b.p && a.n < b.n) }

func newGraph(ts []rdf.Triple) *graph {
	b := newBuilder(len(ts))
	for _, t := range ts {
		b.add(t.Subj, t.Pred, t.Obj)
	}
	return b.build()
}

// intern returns the node of t, adding it (with no edges) when the graph does not have it.
func (g *graph) intern(t rdf.Term) node {
	var m map[string]node
	var s string
	switch t := t.(type) {
	case rdf.IRI:
		m, s = g.iris, t.String()
	case rdf.Blank:
		m, s = g.blank, t.String()
	default:
		k := keyOf(t)
		if n, ok := g.lits[k]; ok {
			return n
		}
		n := node(len(g.terms))
		g.lits[k] = n
		g.terms = append(g.terms, t)
		return n
	}
	if n, ok := m[s]; ok {
		return n
	}
	n := node(len(g.terms))
	m[s] = n
	g.terms = append(g.terms, t)
	return n
}

// lookup returns the node of t, or none.
func (g *graph) lookup(t rdf.Term) node {
	var n node
	var ok bool
	switch t := t.(type) {
	case rdf.IRI:
		n, ok = g.iris[t.String()]
	case rdf.Blank:
		n, ok = g.blank[t.String()]
	default:
		n, ok = g.lits[keyOf(t)]
	}
	if !ok {
		return none
	}
	return n
}

func (g *graph) term(n node) rdf.Term { return g.terms[n] }

// outEdges returns the outgoing edges of s, sorted by predicate.
func (g *graph) outEdges(s node) []edge {
	if s < 0 || int(s) >= len(g.outOff)-1 {
		return nil
	}
	return g.out[g.outOff[s]:g.outOff[s+1]]
}

// inEdges returns the incoming edges of o, sorted by predicate.
func (g *graph) inEdges(o node) []edge {
	if o < 0 || int(o) >= len(g.inOff)-1 {
		return nil
	}
	return g.in[g.inOff[o]:g.inOff[o+1]]
}

// span finds the range of edges with predicate p in a segment sorted by predicate.
func span(seg []edge, p node) (int, int) {
	lo := 0
	if len(seg) > 16 {
		lo, _ = slices.BinarySearchFunc(seg, p, func(e edge, p node) int { return cmp.Compare(e.p, p) })
	} else {
		for lo < len(seg) && seg[lo].p < p {
			lo++
		}
	}
	hi := lo
	for hi < len(seg) && seg[hi].p == p {
		hi++
	}
	return lo, hi
}

// objects returns the objects of (s, p, ?). The slice belongs to the graph: do not modify it.
func (g *graph) objects(s, p node) []node {
	if p == none {
		return nil
	}
	seg := g.outEdges(s)
	if len(seg) == 0 {
		return nil
	}
	lo, hi := span(seg, p)
	base := int(g.outOff[s])
	return g.outN[base+lo : base+hi : base+hi]
}

// subjects returns the subjects of (?, p, o). The slice belongs to the graph.
func (g *graph) subjects(p, o node) []node {
	if p == none {
		return nil
	}
	seg := g.inEdges(o)
	if len(seg) == 0 {
		return nil
	}
	lo, hi := span(seg, p)
	base := int(g.inOff[o])
	return g.inN[base+lo : base+hi : base+hi]
}

// object returns the first object of (s, p, ?), or none.
func (g *graph) object(s, p node) node {
	if os := g.objects(s, p); len(os) > 0 {
		return os[0]
	}
	return none
}

// has reports whether the triple (s, p, o) is in the graph.
func (g *graph) has(s, p, o node) bool {
	return o != none && slices.Contains(g.objects(s, p), o)
}

// withPredicate returns the (subject, object) pairs of the triples with predicate p, as edges
// whose p field holds the subject.
func (g *graph) withPredicate(p node) []edge {
	if p == none {
		return nil
	}
	if g.byPred == nil {
		g.byPred = map[node][]edge{}
		for s := range len(g.outOff) - 1 {
			for _, e := range g.outEdges(node(s)) {
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
