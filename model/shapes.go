package model

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/grunddata/grunddata/vocab"
)

// ShapesFile is the path, relative to generated/, of a class's SHACL shapes.
func ShapesFile(path string) string { return "shapes/" + path + ".ttl" }

// shapeIRI names the node shape of a class, and propertyShapeIRI one of its property shapes;
// named shapes make validation reports point at something a reader can look up.
func shapeIRI(c *Class) string { return vocab.GDShapesNS + c.Name }

func propertyShapeIRI(c *Class, sl *Slot) string { return vocab.GDShapesNS + c.Name + "-" + sl.Name }

// Shapes renders SHACL Core shapes in Turtle for the given classes: one sh:NodeShape per class
// targeting its class IRI, with one property shape per slot. Shapes are open (no sh:closed), so
// data may carry more than the model says. Required slots get sh:minCount 1 and single-valued
// ones sh:maxCount 1; the range gives sh:datatype, sh:nodeKind, sh:in (enums) or sh:node
// (inlined classes); sh:pattern and numeric bounds come from the slot.
//
// References to other resources are checked in two property shapes: the node kind (IRI) as a
// violation, and the referenced resource's class as a warning, because the referenced resource
// is often outside the data graph being validated (another hub, or not yet loaded).
func (s *Schema) Shapes(classes []*Class) string {
	var b strings.Builder
	b.WriteString("# SHACL shapes generated from the grunddata information model. Do not edit:\n")
	b.WriteString("# change model/schema/grunddata.yaml and run go generate ./model/...\n")
	s.writePrefixes(&b)
	for _, c := range classes {
		if c.Abstract {
			continue
		}
		s.writeNodeShape(&b, c)
	}
	return b.String()
}

func (s *Schema) writePrefixes(b *strings.Builder) {
	prefixes := map[string]string{"sh": vocab.SHNS, "gdsh": vocab.GDShapesNS, "rdfs": vocab.RDFSNS, "xsd": vocab.XSDNS}
	for p, ns := range s.Prefixes {
		prefixes[p] = ns
	}
	names := make([]string, 0, len(prefixes))
	for p := range prefixes {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		fmt.Fprintf(b, "@prefix %s: <%s> .\n", p, prefixes[p])
	}
}

func (s *Schema) writeNodeShape(b *strings.Builder, c *Class) {
	fmt.Fprintf(b, "\n%s a sh:NodeShape ;\n", s.turtleIRI(shapeIRI(c)))
	fmt.Fprintf(b, "    sh:targetClass %s ;\n", s.turtleIRI(c.URI))
	fmt.Fprintf(b, "    rdfs:label %s ;\n", turtleString(c.Name))
	if c.Description != "" {
		fmt.Fprintf(b, "    rdfs:comment %s ;\n", turtleString(c.Description))
	}
	var props []string
	for _, sl := range s.SlotsOf(c) {
		props = append(props, s.turtleIRI(propertyShapeIRI(c, sl)))
		if s.RangeClass(sl) != nil && !sl.Inlined {
			props = append(props, s.turtleIRI(propertyShapeIRI(c, sl)+"-class"))
		}
	}
	if len(props) == 0 {
		b.WriteString("    .\n")
		return
	}
	fmt.Fprintf(b, "    sh:property %s .\n", strings.Join(props, " ,\n        "))
	for i, sl := range s.SlotsOf(c) {
		s.writePropertyShape(b, c, sl, i)
	}
}

func (s *Schema) writePropertyShape(b *strings.Builder, c *Class, sl *Slot, order int) {
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	add("sh:path %s", s.turtleIRI(sl.URI))
	add("sh:name %s", turtleString(sl.Name))
	if sl.Description != "" {
		add("sh:description %s", turtleString(sl.Description))
	}
	add("sh:order %d", order)
	if sl.Required {
		add("sh:minCount 1")
	}
	if !sl.Multivalued {
		add("sh:maxCount 1")
	}
	rc := s.RangeClass(sl)
	switch {
	case rc != nil && sl.Inlined:
		add("sh:nodeKind sh:BlankNodeOrIRI")
		add("sh:node %s", s.turtleIRI(shapeIRI(rc)))
	case rc != nil:
		add("sh:nodeKind sh:IRI")
	case s.RangeEnum(sl) != nil:
		add("sh:nodeKind sh:IRI")
		var in []string
		for _, v := range s.RangeEnum(sl).Values {
			in = append(in, s.turtleIRI(v.Meaning))
		}
		add("sh:in ( %s )", strings.Join(in, " "))
	case sl.Range == "uri":
		add("sh:nodeKind sh:IRI")
	default:
		dt, _ := s.Datatype(sl)
		add("sh:datatype %s", s.turtleIRI(dt))
	}
	pattern := sl.Pattern
	if t := s.types[sl.Range]; t != nil && pattern == "" {
		pattern = t.Pattern
	}
	if pattern != "" {
		add("sh:pattern %s", turtleString(pattern))
	}
	if sl.Minimum != nil {
		add("sh:minInclusive %s", turtleNumber(*sl.Minimum))
	}
	if sl.Maximum != nil {
		add("sh:maxInclusive %s", turtleNumber(*sl.Maximum))
	}
	writeShape(b, s.turtleIRI(propertyShapeIRI(c, sl)), lines)

	if rc != nil && !sl.Inlined {
		// The class check as a warning; see Shapes.
		var or []string
		for _, k := range s.Subclasses(rc) {
			or = append(or, "[ sh:class "+s.turtleIRI(k.URI)+" ]")
		}
		lines = []string{
			"sh:path " + s.turtleIRI(sl.URI),
			"sh:name " + turtleString(sl.Name),
			"sh:severity sh:Warning",
		}
		if len(or) == 1 {
			lines = append(lines, "sh:class "+s.turtleIRI(rc.URI))
		} else {
			lines = append(lines, "sh:or ( "+strings.Join(or, " ")+" )")
		}
		writeShape(b, s.turtleIRI(propertyShapeIRI(c, sl)+"-class"), lines)
	}
}

func writeShape(b *strings.Builder, subject string, lines []string) {
	fmt.Fprintf(b, "\n%s a sh:PropertyShape ;\n    %s .\n", subject, strings.Join(lines, " ;\n    "))
}

// turtleIRI writes an IRI as a prefixed name when its local part is safe to write bare, and in
// angle brackets otherwise.
func (s *Schema) turtleIRI(iri string) string {
	if strings.HasPrefix(iri, vocab.GDShapesNS) && safeLocal(strings.TrimPrefix(iri, vocab.GDShapesNS)) {
		return "gdsh:" + strings.TrimPrefix(iri, vocab.GDShapesNS)
	}
	for _, p := range []struct{ prefix, ns string }{{"sh", vocab.SHNS}, {"xsd", vocab.XSDNS}} {
		if strings.HasPrefix(iri, p.ns) && safeLocal(strings.TrimPrefix(iri, p.ns)) {
			return p.prefix + ":" + strings.TrimPrefix(iri, p.ns)
		}
	}
	if c := s.Compact(iri); c != iri {
		if _, local, _ := strings.Cut(c, ":"); safeLocal(local) {
			return c
		}
	}
	return "<" + iri + ">"
}

// safeLocal accepts the local names that need no escaping in Turtle: letters, digits, '_' and
// '-' inside, starting with a letter or '_'.
func safeLocal(local string) bool {
	if local == "" {
		return false
	}
	for i, r := range local {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_':
		case (r >= '0' && r <= '9' || r == '-') && i > 0:
		default:
			return false
		}
	}
	return !strings.HasSuffix(local, "-")
}

// turtleString writes a Turtle string literal with the escapes Turtle requires.
func turtleString(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(v) + `"`
}

// turtleNumber writes a bound as an xsd:integer when whole, else as an xsd:decimal literal.
func turtleNumber(f float64) string {
	if f == float64(int64(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func (s *Schema) generateShapes(out Files) error {
	out["shapes.ttl"] = []byte(s.Shapes(s.Classes))
	for _, c := range s.Classes {
		if c.Abstract {
			continue
		}
		// A class's file also holds the shapes of the classes nested in it, so it stands alone.
		out[ShapesFile(c.Path)] = []byte(s.Shapes(s.withNested(c)))
	}
	return nil
}

// withNested returns c followed by every inlined class reachable from it, in declaration order.
func (s *Schema) withNested(c *Class) []*Class {
	seen := map[string]bool{c.Name: true}
	queue := []*Class{c}
	for i := 0; i < len(queue); i++ {
		for _, sl := range s.SlotsOf(queue[i]) {
			if rc := s.RangeClass(sl); rc != nil && sl.Inlined && !seen[rc.Name] {
				seen[rc.Name] = true
				queue = append(queue, rc)
			}
		}
	}
	out := []*Class{c}
	for _, k := range s.Classes {
		if k != c && seen[k.Name] {
			out = append(out, k)
		}
	}
	return out
}
