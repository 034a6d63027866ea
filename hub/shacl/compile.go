package shacl

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// Validator is a compiled shapes graph. It is immutable once compiled and safe for concurrent use.
type Validator struct {
	shapes  []*shape   // every shape, in the order first met
	targets []*shape   // the shapes with targets, which validation starts from
	consts  []rdf.Term // terms the shapes refer to, bound to data-graph nodes on each run
	constID map[string]int
}

// shape is one compiled node or property shape.
type shape struct {
	idx         int // position in Validator.shapes
	term        rdf.Term
	path        *path // nil for a node shape
	severity    rdf.IRI
	messages    []rdf.Literal
	deactivated bool

	targetClass      []int // const indices
	targetNode       []int
	targetSubjectsOf []int
	targetObjectsOf  []int

	comps []*component
	// parents are the shapes that reach this one through sh:property (for sibling shapes of
	// sh:qualifiedValueShapesDisjoint).
	parents []*shape
	qvs     []*shape // this shape's sh:qualifiedValueShape values
}

func (s *shape) hasTargets() bool {
	return len(s.targetClass)+len(s.targetNode)+len(s.targetSubjectsOf)+len(s.targetObjectsOf) > 0
}

type compKind int

const (
	cClass compKind = iota
	cDatatype
	cNodeKind
	cMinCount
	cMaxCount
	cMinExclusive
	cMinInclusive
	cMaxExclusive
	cMaxInclusive
	cMinLength
	cMaxLength
	cPattern
	cLanguageIn
	cUniqueLang
	cEquals
	cDisjoint
	cLessThan
	cLessThanOrEquals
	cNot
	cAnd
	cOr
	cXone
	cNode
	cProperty
	cQualifiedMin
	cQualifiedMax
	cClosed
	cHasValue
	cIn
)

// componentNames are the local names of the constraint components in the sh: namespace.
var componentNames = [...]string{
	cClass: "ClassConstraintComponent", cDatatype: "DatatypeConstraintComponent",
	cNodeKind: "NodeKindConstraintComponent", cMinCount: "MinCountConstraintComponent",
	cMaxCount: "MaxCountConstraintComponent", cMinExclusive: "MinExclusiveConstraintComponent",
	cMinInclusive: "MinInclusiveConstraintComponent", cMaxExclusive: "MaxExclusiveConstraintComponent",
	cMaxInclusive: "MaxInclusiveConstraintComponent", cMinLength: "MinLengthConstraintComponent",
	cMaxLength: "MaxLengthConstraintComponent", cPattern: "PatternConstraintComponent",
	cLanguageIn: "LanguageInConstraintComponent", cUniqueLang: "UniqueLangConstraintComponent",
	cEquals: "EqualsConstraintComponent", cDisjoint: "DisjointConstraintComponent",
	cLessThan: "LessThanConstraintComponent", cLessThanOrEquals: "LessThanOrEqualsConstraintComponent",
	cNot: "NotConstraintComponent", cAnd: "AndConstraintComponent", cOr: "OrConstraintComponent",
	cXone: "XoneConstraintComponent", cNode: "NodeConstraintComponent",
	cProperty: "PropertyConstraintComponent", cQualifiedMin: "QualifiedMinCountConstraintComponent",
	cQualifiedMax: "QualifiedMaxCountConstraintComponent", cClosed: "ClosedConstraintComponent",
	cHasValue: "HasValueConstraintComponent", cIn: "InConstraintComponent",
}

// param pairs a constraint parameter with the component it belongs to.
type param struct {
	pred rdf.IRI
	kind compKind
}

// component is one constraint of a shape: a constraint component with its parameter values.
type component struct {
	kind     compKind
	iri      rdf.IRI
	consts   []int    // class, datatype, node kind, hasValue, in members, equals/disjoint/lessThan property, ignored properties
	n        int      // minCount, maxCount, minLength, maxLength, qualified counts
	bound    rdf.Term // the min/max Inclusive/Exclusive value
	pattern  *regexpMatcher
	langs    []string
	shapes   []*shape // not, and, or, xone, node, property, qualifiedValueShape
	disjoint bool     // sh:qualifiedValueShapesDisjoint
	allowed  []int    // sh:closed: the predicates of the shape's property shapes
	param    rdf.Term // the main parameter's value, for messages
}

// constant returns the index of t among the terms the shapes refer to.
func (v *Validator) constant(t rdf.Term) int {
	k := rdfio.TermString(t)
	if i, ok := v.constID[k]; ok {
		return i
	}
	v.constID[k] = len(v.consts)
	v.consts = append(v.consts, t)
	return len(v.consts) - 1
}

// Compile reads a shapes graph. It fails with an error naming the shape when a shape is
// malformed in a way that makes validation meaningless: a bad path, a parameter of the wrong
// kind, a list that is not a list, a pattern RE2 cannot run.
func Compile(shapes []rdf.Triple) (*Validator, error) {
	c := &compiler{
		g:    newGraph(shapes),
		v:    &Validator{constID: map[string]int{}},
		byID: map[node]*shape{},
	}
	c.first = c.g.lookup(vocab.RDFFirst)
	return c.compile()
}

type compiler struct {
	g     *graph
	v     *Validator
	byID  map[node]*shape
	first node
}

func (c *compiler) p(t rdf.IRI) node { return c.g.lookup(t) }

func (c *compiler) compile() (*Validator, error) {
	g := c.g
	roots := nodeSet{}
	for _, t := range []rdf.IRI{vocab.SHTargetClass, vocab.SHTargetNode, vocab.SHTargetSubjectsOf, vocab.SHTargetObjectsOf} {
		for _, e := range g.withPredicate(c.p(t)) {
			roots.add(e.p)
		}
	}
	// Implicit class targets: shapes that are also classes.
	for _, class := range c.classes() {
		if c.isShape(class) {
			roots.add(class)
		}
	}
	// Shapes named as such but without targets are compiled too, so that errors in them surface.
	for _, t := range []rdf.IRI{vocab.SHNodeShape, vocab.SHPropertyShape} {
		for _, n := range g.subjects(c.p(vocab.RDFType), c.p(t)) {
			roots.add(n)
		}
	}
	for _, n := range roots.list {
		s, err := c.shape(n)
		if err != nil {
			return nil, err
		}
		if s.hasTargets() {
			c.v.targets = append(c.v.targets, s)
		}
	}
	return c.v, nil
}

// classes returns the nodes that are SHACL instances of rdfs:Class in the shapes graph.
func (c *compiler) classes() []node {
	g := c.g
	var out []node
	for _, cls := range c.subclassesOf(g.lookup(rdfsClass)) {
		out = append(out, g.subjects(c.p(vocab.RDFType), cls)...)
	}
	return out
}

// subclassesOf returns cls and every class below it by rdfs:subClassOf.
func (c *compiler) subclassesOf(cls node) []node {
	if cls == none {
		return nil
	}
	var s nodeSet
	s.add(cls)
	sub := c.p(vocab.RDFSSubClassOf)
	for i := 0; i < len(s.list); i++ {
		for _, n := range c.g.subjects(sub, s.list[i]) {
			s.add(n)
		}
	}
	return s.list
}

func (c *compiler) isShape(n node) bool {
	typ := c.p(vocab.RDFType)
	return c.g.has(n, typ, c.p(vocab.SHNodeShape)) || c.g.has(n, typ, c.p(vocab.SHPropertyShape))
}

// shape compiles the shape at n, once; shapes may refer to each other in cycles.
func (c *compiler) shape(n node) (*shape, error) {
	if s, ok := c.byID[n]; ok {
		return s, nil
	}
	g := c.g
	s := &shape{term: g.term(n), severity: vocab.SHViolation, idx: len(c.v.shapes)}
	c.byID[n] = s
	c.v.shapes = append(c.v.shapes, s)
	name := rdfio.TermString(s.term)

	if pn := g.objects(n, c.p(vocab.SHPath)); len(pn) > 0 {
		if len(pn) > 1 {
			return nil, fmt.Errorf("shape %s has %d values for sh:path", name, len(pn))
		}
		p, err := c.compilePath(pn[0], 0)
		if err != nil {
			return nil, fmt.Errorf("shape %s: %w", name, err)
		}
		s.path = p
	}
	if sev := g.object(n, c.p(vocab.SHSeverity)); sev != none {
		iri, ok := g.term(sev).(rdf.IRI)
		if !ok {
			return nil, fmt.Errorf("shape %s: sh:severity must be an IRI", name)
		}
		s.severity = iri
	}
	for _, m := range g.objects(n, c.p(vocab.SHMessage)) {
		if l, ok := g.term(m).(rdf.Literal); ok {
			s.messages = append(s.messages, l)
		}
	}
	if d := g.object(n, c.p(vocab.SHDeactivated)); d != none {
		s.deactivated = isTrue(g.term(d))
	}
	targets := []struct {
		pred rdf.IRI
		dst  *[]int
	}{
		{vocab.SHTargetClass, &s.targetClass}, {vocab.SHTargetNode, &s.targetNode},
		{vocab.SHTargetSubjectsOf, &s.targetSubjectsOf}, {vocab.SHTargetObjectsOf, &s.targetObjectsOf},
	}
	for _, t := range targets {
		for _, o := range g.objects(n, c.p(t.pred)) {
			*t.dst = append(*t.dst, c.v.constant(g.term(o)))
		}
	}
	if c.isClass(n) {
		s.targetClass = append(s.targetClass, c.v.constant(s.term))
	}
	if err := c.components(n, s); err != nil {
		return nil, fmt.Errorf("shape %s: %w", name, err)
	}
	return s, nil
}

func (c *compiler) isClass(n node) bool {
	if !c.isShape(n) {
		return false
	}
	typ := c.p(vocab.RDFType)
	for _, cls := range c.subclassesOf(c.g.lookup(rdfsClass)) {
		if c.g.has(n, typ, cls) {
			return true
		}
	}
	return false
}

// components reads the constraint parameters of the shape at n.
func (c *compiler) components(n node, s *shape) error {
	g := c.g
	add := func(k compKind, param node) *component {
		comp := &component{kind: k, iri: vocab.SHClass, param: g.term(param)}
		comp.iri, _ = rdf.NewIRI(vocab.SHNS + componentNames[k])
		s.comps = append(s.comps, comp)
		return comp
	}
	vals := func(t rdf.IRI) []node { return g.objects(n, c.p(t)) }

	for _, v := range vals(vocab.SHClass) {
		add(cClass, v).consts = []int{c.v.constant(g.term(v))}
	}
	for _, v := range vals(vocab.SHDatatype) {
		if !g.isIRI(v) {
			return fmt.Errorf("sh:datatype must be an IRI")
		}
		add(cDatatype, v).consts = []int{c.v.constant(g.term(v))}
	}
	for _, v := range vals(vocab.SHNodeKind) {
		if !g.isIRI(v) {
			return fmt.Errorf("sh:nodeKind must be an IRI")
		}
		add(cNodeKind, v).consts = []int{c.v.constant(g.term(v))}
	}
	counts := []param{
		{vocab.SHMinCount, cMinCount}, {vocab.SHMaxCount, cMaxCount},
		{vocab.SHMinLength, cMinLength}, {vocab.SHMaxLength, cMaxLength},
	}
	for _, cnt := range counts {
		for _, v := range vals(cnt.pred) {
			k, err := c.integer(v, cnt.pred)
			if err != nil {
				return err
			}
			if (cnt.kind == cMinCount || cnt.kind == cMaxCount) && s.path == nil {
				return fmt.Errorf("%s is only allowed on property shapes", rdfio.TermString(cnt.pred))
			}
			add(cnt.kind, v).n = k
		}
	}
	bounds := []param{
		{vocab.SHMinExclusive, cMinExclusive}, {vocab.SHMinInclusive, cMinInclusive},
		{vocab.SHMaxExclusive, cMaxExclusive}, {vocab.SHMaxInclusive, cMaxInclusive},
	}
	for _, b := range bounds {
		for _, v := range vals(b.pred) {
			if !g.isLiteral(v) {
				return fmt.Errorf("%s must be a literal", rdfio.TermString(b.pred))
			}
			add(b.kind, v).bound = g.term(v)
		}
	}
	flags := vals(vocab.SHFlags)
	for _, v := range vals(vocab.SHPattern) {
		l, ok := g.term(v).(rdf.Literal)
		if !ok {
			return fmt.Errorf("sh:pattern must be a literal")
		}
		f := ""
		if len(flags) > 0 {
			fl, ok := g.term(flags[0]).(rdf.Literal)
			if !ok {
				return fmt.Errorf("sh:flags must be a literal")
			}
			f = fl.String()
		}
		re, err := compilePattern(l.String(), f)
		if err != nil {
			return err
		}
		add(cPattern, v).pattern = re
	}
	for _, v := range vals(vocab.SHLanguageIn) {
		members, ok := g.list(v)
		if !ok {
			return fmt.Errorf("sh:languageIn must be a list")
		}
		comp := add(cLanguageIn, v)
		for _, m := range members {
			l, ok := g.term(m).(rdf.Literal)
			if !ok {
				return fmt.Errorf("sh:languageIn members must be literals")
			}
			comp.langs = append(comp.langs, strings.ToLower(l.String()))
		}
	}
	for _, v := range vals(vocab.SHUniqueLang) {
		if isTrue(g.term(v)) {
			if s.path == nil {
				return fmt.Errorf("sh:uniqueLang is only allowed on property shapes")
			}
			add(cUniqueLang, v)
		}
	}
	pairs := []param{
		{vocab.SHEquals, cEquals}, {vocab.SHDisjoint, cDisjoint},
		{vocab.SHLessThan, cLessThan}, {vocab.SHLessThanOrEquals, cLessThanOrEquals},
	}
	for _, pr := range pairs {
		for _, v := range vals(pr.pred) {
			if !g.isIRI(v) {
				return fmt.Errorf("%s must be an IRI", rdfio.TermString(pr.pred))
			}
			if (pr.kind == cLessThan || pr.kind == cLessThanOrEquals) && s.path == nil {
				return fmt.Errorf("%s is only allowed on property shapes", rdfio.TermString(pr.pred))
			}
			add(pr.kind, v).consts = []int{c.v.constant(g.term(v))}
		}
	}
	single := []param{{vocab.SHNot, cNot}, {vocab.SHNode, cNode}, {vocab.SHProperty, cProperty}}
	for _, sg := range single {
		for _, v := range vals(sg.pred) {
			sub, err := c.shape(v)
			if err != nil {
				return err
			}
			if sg.kind == cProperty {
				if sub.path == nil {
					return fmt.Errorf("the sh:property value %s has no sh:path", rdfio.TermString(sub.term))
				}
				sub.parents = append(sub.parents, s)
			}
			add(sg.kind, v).shapes = []*shape{sub}
		}
	}
	lists := []param{{vocab.SHAnd, cAnd}, {vocab.SHOr, cOr}, {vocab.SHXone, cXone}}
	for _, l := range lists {
		for _, v := range vals(l.pred) {
			members, ok := g.list(v)
			if !ok {
				return fmt.Errorf("%s must be a list of shapes", rdfio.TermString(l.pred))
			}
			comp := add(l.kind, v)
			for _, m := range members {
				sub, err := c.shape(m)
				if err != nil {
					return err
				}
				comp.shapes = append(comp.shapes, sub)
			}
		}
	}
	if err := c.qualified(n, s, add); err != nil {
		return err
	}
	for _, v := range vals(vocab.SHClosed) {
		if !isTrue(g.term(v)) {
			continue
		}
		comp := add(cClosed, v)
		for _, ps := range vals(vocab.SHProperty) {
			if p := g.object(ps, c.p(vocab.SHPath)); p != none && g.isIRI(p) {
				comp.allowed = append(comp.allowed, c.v.constant(g.term(p)))
			}
		}
		for _, ig := range vals(vocab.SHIgnoredProperties) {
			members, ok := g.list(ig)
			if !ok {
				return fmt.Errorf("sh:ignoredProperties must be a list")
			}
			for _, m := range members {
				comp.allowed = append(comp.allowed, c.v.constant(g.term(m)))
			}
		}
	}
	for _, v := range vals(vocab.SHHasValue) {
		add(cHasValue, v).consts = []int{c.v.constant(g.term(v))}
	}
	for _, v := range vals(vocab.SHIn) {
		members, ok := g.list(v)
		if !ok {
			return fmt.Errorf("sh:in must be a list")
		}
		comp := add(cIn, v)
		for _, m := range members {
			comp.consts = append(comp.consts, c.v.constant(g.term(m)))
		}
	}
	return nil
}

// qualified reads sh:qualifiedValueShape with its min and max counts: one component for each.
func (c *compiler) qualified(n node, s *shape, add func(compKind, node) *component) error {
	g := c.g
	qv := g.objects(n, c.p(vocab.SHQualifiedValueShape))
	if len(qv) == 0 {
		return nil
	}
	if s.path == nil {
		return fmt.Errorf("sh:qualifiedValueShape is only allowed on property shapes")
	}
	disjoint := false
	if d := g.object(n, c.p(vocab.SHQualifiedValueShapesDisjoint)); d != none {
		disjoint = isTrue(g.term(d))
	}
	for _, v := range qv {
		sub, err := c.shape(v)
		if err != nil {
			return err
		}
		s.qvs = append(s.qvs, sub)
		for _, q := range []param{{vocab.SHQualifiedMinCount, cQualifiedMin}, {vocab.SHQualifiedMaxCount, cQualifiedMax}} {
			for _, cv := range g.objects(n, c.p(q.pred)) {
				k, err := c.integer(cv, q.pred)
				if err != nil {
					return err
				}
				comp := add(q.kind, v)
				comp.n, comp.shapes, comp.disjoint = k, []*shape{sub}, disjoint
			}
		}
	}
	return nil
}

// integer reads a non-negative xsd:integer parameter.
func (c *compiler) integer(n node, pred rdf.IRI) (int, error) {
	l, ok := c.g.term(n).(rdf.Literal)
	if ok {
		if k, err := strconv.Atoi(strings.TrimPrefix(l.String(), "+")); err == nil && k >= 0 {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%s must be a non-negative integer, not %s", rdfio.TermString(pred), rdfio.TermString(c.g.term(n)))
}

var rdfsClass, _ = rdf.NewIRI(vocab.RDFSNS + "Class")

// isTrue reports whether t is the literal true. SHACL's boolean parameters are activated by
// exactly "true"^^xsd:boolean; the equal value "1"^^xsd:boolean does not count (the suite's
// uniqueLang-002 checks this).
func isTrue(t rdf.Term) bool {
	l, ok := t.(rdf.Literal)
	return ok && l.Lang() == "" && l.String() == "true" && l.DataType.String() == vocab.XSDBoolean.String()
}
