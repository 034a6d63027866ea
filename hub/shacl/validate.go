package shacl

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/vocab"
)

// Validate checks a data graph against the shapes and returns the validation report. Validation
// itself cannot fail: anything the data holds is either conforming or reported.
func (v *Validator) Validate(data []rdf.Triple) *Report {
	return v.validate(newGraph(data))
}

// ValidateQuads validates the union of the graphs in qs as one data graph.
func (v *Validator) ValidateQuads(data []rdf.Quad) *Report {
	b := newBuilder(len(data))
	for _, q := range data {
		b.add(q.Subj, q.Pred, q.Obj)
	}
	return v.validate(b.build())
}

// run is the state of one validation: the data graph and the shapes' constants bound to it.
type run struct {
	v      *Validator
	g      *graph
	c      []node
	typ    node
	sub    node
	supers map[node][]node
	depth  int
	active [][2]int32 // the (shape, node) pairs being checked below the top level
	// memo remembers whether a node conforms to a nested shape, so that shapes reached many
	// times (sh:node trees that share sub-shapes, sh:or over the same shapes) are checked once
	// per node: without it a small shapes graph could ask for exponentially many checks.
	// memo[shape][node] is 0 (not known), 1 (conforms) or 2 (does not); a shape's row is
	// allocated when the shape is first checked for conformance, one byte per node.
	memo [][]uint8
}

func (v *Validator) validate(g *graph) *Report {
	r := &run{v: v, g: g, c: make([]node, len(v.consts)), supers: map[node][]node{}, memo: make([][]uint8, len(v.shapes))}
	for i, t := range v.consts {
		r.c[i] = g.intern(t)
	}
	r.typ, r.sub = g.intern(vocab.RDFType), g.intern(vocab.RDFSSubClassOf)
	rep := &Report{}
	for _, s := range v.targets {
		if s.deactivated {
			continue
		}
		for _, f := range r.focusNodes(s) {
			r.shape(s, f, &rep.Results)
		}
	}
	rep.Conforms = len(rep.Results) == 0
	return rep
}

// focusNodes returns the targets of s in the data graph (section 2.1.3).
func (r *run) focusNodes(s *shape) []node {
	var set nodeSet
	g := r.g
	for _, i := range s.targetNode {
		set.add(r.c[i])
	}
	for _, i := range s.targetClass {
		for _, cls := range r.subclasses(r.c[i]) {
			for _, n := range g.subjects(r.typ, cls) {
				set.add(n)
			}
		}
	}
	for _, i := range s.targetSubjectsOf {
		for _, e := range g.withPredicate(r.c[i]) {
			set.add(e.p)
		}
	}
	for _, i := range s.targetObjectsOf {
		for _, e := range g.withPredicate(r.c[i]) {
			set.add(e.n)
		}
	}
	return set.list
}

// subclasses returns cls and the classes below it in the data graph.
func (r *run) subclasses(cls node) []node {
	var s nodeSet
	s.add(cls)
	for i := 0; i < len(s.list); i++ {
		for _, n := range r.g.subjects(r.sub, s.list[i]) {
			s.add(n)
		}
	}
	return s.list
}

// instanceOf tells whether n is a SHACL instance of cls: typed cls or one of its subclasses.
func (r *run) instanceOf(n, cls node) bool {
	for _, t := range r.g.objects(n, r.typ) {
		if t == cls || slices.Contains(r.superclasses(t), cls) {
			return true
		}
	}
	return false
}

func (r *run) superclasses(t node) []node {
	if s, ok := r.supers[t]; ok {
		return s
	}
	var s nodeSet
	s.add(t)
	for i := 0; i < len(s.list); i++ {
		for _, n := range r.g.objects(s.list[i], r.sub) {
			s.add(n)
		}
	}
	r.supers[t] = s.list
	return s.list
}

// conforms tells whether n conforms to s, without collecting results.
func (r *run) conforms(s *shape, n node) bool { return r.shape(s, n, nil) }

// shape validates focus against s, appending results to out; with a nil out it only decides
// conformance and stops at the first failure. A shape met again for the same node while it is
// being checked (recursive shapes, which SHACL leaves undefined) is taken as conforming.
func (r *run) shape(s *shape, focus node, out *[]Result) bool {
	if s.deactivated {
		return true
	}
	if r.depth > 0 {
		key := [2]int32{int32(s.idx), focus}
		if slices.Contains(r.active, key) {
			return true
		}
		r.active = append(r.active, key)
		defer func() { r.active = r.active[:len(r.active)-1] }()
	}
	var values []node
	if s.path == nil {
		values = []node{focus}
	} else {
		values = r.eval(s.path, focus)
	}
	ok := true
	for _, c := range s.comps {
		if !r.component(s, c, focus, values, out) {
			ok = false
			if out == nil {
				return false
			}
		}
	}
	return ok
}

// nested runs a check on a shape one level down.
func (r *run) nested(s *shape, n node, out *[]Result) bool {
	if out == nil && r.memo[s.idx] != nil {
		switch r.memo[s.idx][n] {
		case 1:
			return true
		case 2:
			return false
		}
	}
	r.depth++
	ok := r.shape(s, n, out)
	r.depth--
	if out == nil && !slices.ContainsFunc(r.active, func(k [2]int32) bool { return k[0] == int32(s.idx) }) {
		// Not remembered while the shape is itself being checked higher up: the answer may rest
		// on the assumption that breaks recursion.
		if r.memo[s.idx] == nil {
			r.memo[s.idx] = make([]uint8, len(r.g.terms))
		}
		r.memo[s.idx][n] = 2
		if ok {
			r.memo[s.idx][n] = 1
		}
	}
	return ok
}

// component evaluates one constraint for a focus node and its value nodes.
func (r *run) component(s *shape, c *component, focus node, values []node, out *[]Result) bool {
	g := r.g
	ok := true
	fail := func(value node) {
		ok = false
		if out != nil {
			*out = append(*out, r.result(s, c, focus, value, nil))
		}
	}
	// each reports every value node for which bad holds, stopping early when only conformance
	// is asked for.
	each := func(bad func(v node) bool) bool {
		for _, v := range values {
			if bad(v) {
				fail(v)
				if out == nil {
					return false
				}
			}
		}
		return ok
	}
	switch c.kind {
	case cClass:
		cls := r.c[c.consts[0]]
		return each(func(v node) bool { return !r.instanceOf(v, cls) })
	case cDatatype:
		dt := c.param.(rdf.IRI).String()
		return each(func(v node) bool {
			l, isLit := g.term(v).(rdf.Literal)
			return !isLit || datatypeOf(l) != dt || !wellFormed(l)
		})
	case cNodeKind:
		kind := c.param.(rdf.IRI).String()
		return each(func(v node) bool { return !nodeKindMatches(g.term(v), kind) })
	case cMinCount, cMaxCount:
		if (c.kind == cMinCount && len(values) < c.n) || (c.kind == cMaxCount && len(values) > c.n) {
			ok = false
			if out != nil {
				res := r.result(s, c, focus, none, nil)
				res.Message = countMessage(c, len(values))
				*out = append(*out, res)
			}
		}
	case cMinExclusive, cMinInclusive, cMaxExclusive, cMaxInclusive:
		return each(func(v node) bool {
			cmp, comparable := compareTerms(g.term(v), c.bound)
			if !comparable {
				return true
			}
			switch c.kind {
			case cMinExclusive:
				return cmp <= 0
			case cMinInclusive:
				return cmp < 0
			case cMaxExclusive:
				return cmp >= 0
			}
			return cmp > 0
		})
	case cMinLength, cMaxLength:
		return each(func(v node) bool {
			if g.isBlank(v) {
				return true
			}
			n := utf8.RuneCountInString(lexical(g.term(v)))
			if c.kind == cMinLength {
				return n < c.n
			}
			return n > c.n
		})
	case cPattern:
		return each(func(v node) bool { return g.isBlank(v) || !c.pattern.match(lexical(g.term(v))) })
	case cLanguageIn:
		return each(func(v node) bool {
			l, isLit := g.term(v).(rdf.Literal)
			return !isLit || !langIn(l.Lang(), c.langs)
		})
	case cUniqueLang:
		seen := map[string]int{}
		var order []string
		for _, v := range values {
			if l, isLit := g.term(v).(rdf.Literal); isLit && l.Lang() != "" {
				tag := strings.ToLower(l.Lang())
				if seen[tag] == 0 {
					order = append(order, tag)
				}
				seen[tag]++
			}
		}
		for _, tag := range order {
			if seen[tag] > 1 {
				fail(none)
				if out == nil {
					return false
				}
			}
		}
	case cEquals:
		other := g.objects(focus, r.c[c.consts[0]])
		each(func(v node) bool { return !slices.Contains(other, v) })
		if !ok && out == nil {
			return false
		}
		for _, o := range other {
			if !slices.Contains(values, o) {
				fail(o)
				if out == nil {
					return false
				}
			}
		}
	case cDisjoint:
		other := g.objects(focus, r.c[c.consts[0]])
		return each(func(v node) bool { return slices.Contains(other, v) })
	case cLessThan, cLessThanOrEquals:
		other := g.objects(focus, r.c[c.consts[0]])
		for _, v := range values {
			for _, o := range other {
				cmp, comparable := compareTerms(g.term(v), g.term(o))
				if !comparable || cmp > 0 || (cmp == 0 && c.kind == cLessThan) {
					fail(v)
					if out == nil {
						return false
					}
				}
			}
		}
	case cNot:
		return each(func(v node) bool { return r.nested(c.shapes[0], v, nil) })
	case cNode:
		return each(func(v node) bool { return !r.nested(c.shapes[0], v, nil) })
	case cAnd:
		return each(func(v node) bool {
			for _, sub := range c.shapes {
				if !r.nested(sub, v, nil) {
					return true
				}
			}
			return false
		})
	case cOr:
		return each(func(v node) bool {
			for _, sub := range c.shapes {
				if r.nested(sub, v, nil) {
					return false
				}
			}
			return true
		})
	case cXone:
		return each(func(v node) bool {
			n := 0
			for _, sub := range c.shapes {
				if r.nested(sub, v, nil) {
					n++
				}
			}
			return n != 1
		})
	case cProperty:
		for _, v := range values {
			if !r.nested(c.shapes[0], v, out) {
				ok = false
				if out == nil {
					return false
				}
			}
		}
	case cQualifiedMin, cQualifiedMax:
		n := r.qualifiedCount(s, c, values)
		if (c.kind == cQualifiedMin && n < c.n) || (c.kind == cQualifiedMax && n > c.n) {
			ok = false
			if out != nil {
				res := r.result(s, c, focus, none, nil)
				res.Message = countMessage(c, n)
				*out = append(*out, res)
			}
		}
	case cClosed:
		allowed := make([]node, len(c.allowed))
		for i, a := range c.allowed {
			allowed[i] = r.c[a]
		}
		for _, v := range values {
			for _, e := range g.outEdges(v) {
				if slices.Contains(allowed, e.p) {
					continue
				}
				ok = false
				if out == nil {
					return false
				}
				*out = append(*out, r.result(s, c, focus, e.n, g.term(e.p)))
			}
		}
	case cHasValue:
		if !slices.Contains(values, r.c[c.consts[0]]) {
			fail(none)
		}
	case cIn:
		return each(func(v node) bool {
			for _, i := range c.consts {
				if r.c[i] == v {
					return false
				}
			}
			return true
		})
	}
	return ok
}

// qualifiedCount counts the value nodes that conform to the qualified value shape and, with
// sh:qualifiedValueShapesDisjoint, to none of the sibling shapes: the qualified value shapes of
// the other property shapes of the shapes that hold s through sh:property.
func (r *run) qualifiedCount(s *shape, c *component, values []node) int {
	var siblings []*shape
	if c.disjoint {
		for _, parent := range s.parents {
			for _, pc := range parent.comps {
				if pc.kind != cProperty {
					continue
				}
				for _, q := range pc.shapes[0].qvs {
					if q != c.shapes[0] {
						siblings = append(siblings, q)
					}
				}
			}
		}
	}
	n := 0
	for _, v := range values {
		if !r.nested(c.shapes[0], v, nil) {
			continue
		}
		clash := false
		for _, sib := range siblings {
			if r.nested(sib, v, nil) {
				clash = true
				break
			}
		}
		if !clash {
			n++
		}
	}
	return n
}

func nodeKindMatches(t rdf.Term, kind string) bool {
	var k string
	switch t.(type) {
	case rdf.IRI:
		k = "IRI"
	case rdf.Blank:
		k = "BlankNode"
	case rdf.Literal:
		k = "Literal"
	}
	switch strings.TrimPrefix(kind, vocab.SHNS) {
	case "IRI":
		return k == "IRI"
	case "BlankNode":
		return k == "BlankNode"
	case "Literal":
		return k == "Literal"
	case "BlankNodeOrIRI":
		return k == "BlankNode" || k == "IRI"
	case "BlankNodeOrLiteral":
		return k == "BlankNode" || k == "Literal"
	case "IRIOrLiteral":
		return k == "IRI" || k == "Literal"
	}
	return false
}

// lexical is SPARQL's str(): an IRI's text or a literal's lexical form.
func lexical(t rdf.Term) string {
	switch t := t.(type) {
	case rdf.IRI:
		return t.String()
	case rdf.Literal:
		return t.String()
	}
	return ""
}

// langIn reports whether tag matches one of the ranges by SPARQL's langMatches (RFC 4647 basic
// filtering); ranges are lower case.
func langIn(tag string, ranges []string) bool {
	if tag == "" {
		return false
	}
	tag = strings.ToLower(tag)
	for _, rg := range ranges {
		if rg == "*" || tag == rg || strings.HasPrefix(tag, rg+"-") {
			return true
		}
	}
	return false
}
