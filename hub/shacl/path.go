package shacl

import (
	"fmt"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

type pathKind int

const (
	pathPredicate pathKind = iota
	pathSequence
	pathAlternative
	pathInverse
	pathZeroOrMore
	pathOneOrMore
	pathZeroOrOne
)

// path is a compiled SHACL property path (section 2.3.1).
type path struct {
	kind  pathKind
	pred  int     // pathPredicate: index into Validator.consts
	elems []*path // the sub-paths (one for inverse and the repetitions)

	term rdf.Term // the path's node in the shapes graph, for sh:resultPath
}

// String writes the path in SPARQL property-path syntax: <p>, ^<p>, (a / b), (a | b), a*, a+, a?.
func (p *path) String() string {
	join := func(sep string) string {
		parts := make([]string, len(p.elems))
		for i, e := range p.elems {
			parts[i] = e.String()
		}
		return "(" + strings.Join(parts, sep) + ")"
	}
	switch p.kind {
	case pathSequence:
		return join(" / ")
	case pathAlternative:
		return join(" | ")
	case pathInverse:
		return "^" + p.elems[0].String()
	case pathZeroOrMore:
		return p.elems[0].String() + "*"
	case pathOneOrMore:
		return p.elems[0].String() + "+"
	case pathZeroOrOne:
		return p.elems[0].String() + "?"
	}
	return rdfio.TermString(p.term)
}

// triples writes the path in SHACL's RDF form for a report, as a tree: every blank node is new
// (named by fresh), even where the shapes graph shared one between two places, and only the
// part of the node that the path was read from is written.
func (p *path) triples(fresh func() rdf.Blank) (rdf.Object, []rdf.Triple) {
	if p.kind == pathPredicate {
		return p.term.(rdf.IRI), nil
	}
	var out []rdf.Triple
	list := func(elems []*path) rdf.Object {
		var head rdf.Object = vocab.RDFNil
		for i := len(elems) - 1; i >= 0; i-- {
			cell := fresh()
			first, ts := elems[i].triples(fresh)
			out = append(out, ts...)
			out = append(out,
				rdf.Triple{Subj: cell, Pred: vocab.RDFFirst, Obj: first},
				rdf.Triple{Subj: cell, Pred: vocab.RDFRest, Obj: head})
			head = cell
		}
		return head
	}
	if p.kind == pathSequence {
		return list(p.elems), out
	}
	n := fresh()
	var pred rdf.IRI
	var obj rdf.Object
	switch p.kind {
	case pathAlternative:
		pred, obj = vocab.SHAlternativePath, list(p.elems)
	default:
		pred = map[pathKind]rdf.IRI{
			pathInverse: vocab.SHInversePath, pathZeroOrMore: vocab.SHZeroOrMorePath,
			pathOneOrMore: vocab.SHOneOrMorePath, pathZeroOrOne: vocab.SHZeroOrOnePath,
		}[p.kind]
		var ts []rdf.Triple
		obj, ts = p.elems[0].triples(fresh)
		out = append(out, ts...)
	}
	return n, append(out, rdf.Triple{Subj: n, Pred: pred, Obj: obj})
}

// compilePath reads the path at n in the shapes graph.
func (c *compiler) compilePath(n node, depth int) (*path, error) {
	g := c.g
	if depth > 64 {
		return nil, fmt.Errorf("property path %s is nested too deeply or cyclic", rdfio.TermString(g.term(n)))
	}
	p := &path{term: g.term(n)}
	if g.isIRI(n) {
		p.kind, p.pred = pathPredicate, c.v.constant(g.term(n))
		return p, nil
	}
	if g.isLiteral(n) {
		return nil, fmt.Errorf("property path %s is a literal", rdfio.TermString(g.term(n)))
	}
	if members, ok := g.list(n); ok && len(g.objects(n, c.first)) > 0 {
		if len(members) < 2 {
			return nil, fmt.Errorf("sequence path %s needs at least two members", rdfio.TermString(g.term(n)))
		}
		p.kind = pathSequence
		for _, m := range members {
			e, err := c.compilePath(m, depth+1)
			if err != nil {
				return nil, err
			}
			p.elems = append(p.elems, e)
		}
		return p, nil
	}
	kinds := []struct {
		pred rdf.IRI
		kind pathKind
	}{
		{vocab.SHAlternativePath, pathAlternative}, {vocab.SHInversePath, pathInverse},
		{vocab.SHZeroOrMorePath, pathZeroOrMore}, {vocab.SHOneOrMorePath, pathOneOrMore},
		{vocab.SHZeroOrOnePath, pathZeroOrOne},
	}
	for _, k := range kinds {
		vals := g.objects(n, g.lookup(k.pred))
		if len(vals) == 0 {
			continue
		}
		if len(vals) > 1 {
			return nil, fmt.Errorf("path %s has %d values for %s", rdfio.TermString(g.term(n)), len(vals), rdfio.TermString(k.pred))
		}
		p.kind = k.kind
		if k.kind == pathAlternative {
			members, ok := g.list(vals[0])
			if !ok || len(members) < 2 {
				return nil, fmt.Errorf("sh:alternativePath of %s must be a list of at least two paths", rdfio.TermString(g.term(n)))
			}
			for _, m := range members {
				e, err := c.compilePath(m, depth+1)
				if err != nil {
					return nil, err
				}
				p.elems = append(p.elems, e)
			}
		} else {
			e, err := c.compilePath(vals[0], depth+1)
			if err != nil {
				return nil, err
			}
			p.elems = []*path{e}
		}
		return p, nil
	}
	return nil, fmt.Errorf("%s is not a property path", rdfio.TermString(g.term(n)))
}

// eval returns the nodes reached from focus along p, without duplicates.
func (r *run) eval(p *path, focus node) []node {
	if p.kind == pathPredicate { // the common case, without the set bookkeeping
		return r.g.objects(focus, r.c[p.pred])
	}
	return r.evalSet(p, []node{focus}, false)
}

// evalSet returns the nodes reached from any of from along p (against it when inverse).
func (r *run) evalSet(p *path, from []node, inverse bool) []node {
	g := r.g
	switch p.kind {
	case pathPredicate:
		pred := r.c[p.pred]
		var s nodeSet
		for _, f := range from {
			next := g.objects(f, pred)
			if inverse {
				next = g.subjects(pred, f)
			}
			for _, n := range next {
				s.add(n)
			}
		}
		return s.list
	case pathSequence:
		cur := from
		for i := range p.elems {
			e := p.elems[i]
			if inverse {
				e = p.elems[len(p.elems)-1-i]
			}
			cur = r.evalSet(e, cur, inverse)
		}
		return cur
	case pathAlternative:
		var s nodeSet
		for _, e := range p.elems {
			for _, n := range r.evalSet(e, from, inverse) {
				s.add(n)
			}
		}
		return s.list
	case pathInverse:
		return r.evalSet(p.elems[0], from, !inverse)
	case pathZeroOrOne:
		var s nodeSet
		for _, n := range from {
			s.add(n)
		}
		for _, n := range r.evalSet(p.elems[0], from, inverse) {
			s.add(n)
		}
		return s.list
	case pathZeroOrMore, pathOneOrMore:
		var s nodeSet
		frontier := from
		if p.kind == pathZeroOrMore {
			for _, n := range from {
				s.add(n)
			}
		}
		for len(frontier) > 0 {
			var next []node
			for _, n := range r.evalSet(p.elems[0], frontier, inverse) {
				if s.add(n) {
					next = append(next, n)
				}
			}
			frontier = next
		}
		return s.list
	}
	return nil
}

// nodeSet is an insertion-ordered set of nodes; small sets are scanned, large ones hashed.
type nodeSet struct {
	list []node
	m    map[node]bool
}

func (s *nodeSet) add(n node) bool {
	if s.m == nil && len(s.list) < 16 {
		for _, x := range s.list {
			if x == n {
				return false
			}
		}
		s.list = append(s.list, n)
		return true
	}
	if s.m == nil {
		s.m = make(map[node]bool, 32)
		for _, x := range s.list {
			s.m[x] = true
		}
	}
	if s.m[n] {
		return false
	}
	s.m[n] = true
	s.list = append(s.list, n)
	return true
}
