package model

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// The raw* types mirror the subset of LinkML the hub understands. Decoding is strict: an unknown
// key is an error, so a misspelt "multivalue:" cannot silently make a slot single-valued.
type rawSchema struct {
	ID            string            `yaml:"id"`
	Name          string            `yaml:"name"`
	Title         string            `yaml:"title"`
	Description   string            `yaml:"description"`
	Version       string            `yaml:"version"`
	License       string            `yaml:"license"`
	DefaultPrefix string            `yaml:"default_prefix"`
	DefaultRange  string            `yaml:"default_range"`
	Imports       []string          `yaml:"imports"`
	Prefixes      map[string]string `yaml:"prefixes"`
	Types         yaml.Node         `yaml:"types"`
	Classes       yaml.Node         `yaml:"classes"`
	Slots         yaml.Node         `yaml:"slots"`
	Enums         yaml.Node         `yaml:"enums"`
}

type rawClass struct {
	ClassURI    string         `yaml:"class_uri"`
	IsA         string         `yaml:"is_a"`
	Abstract    bool           `yaml:"abstract"`
	Description string         `yaml:"description"`
	Slots       []string       `yaml:"slots"`
	SlotUsage   yaml.Node      `yaml:"slot_usage"`
	Annotations map[string]any `yaml:"annotations"`
}

// rawSlot uses pointers so slot_usage can tell "not set" from "set to false".
type rawSlot struct {
	SlotURI      *string        `yaml:"slot_uri"`
	Range        *string        `yaml:"range"`
	Required     *bool          `yaml:"required"`
	Multivalued  *bool          `yaml:"multivalued"`
	Identifier   *bool          `yaml:"identifier"`
	Inlined      *bool          `yaml:"inlined"`
	Pattern      *string        `yaml:"pattern"`
	Description  *string        `yaml:"description"`
	MinimumValue *float64       `yaml:"minimum_value"`
	MaximumValue *float64       `yaml:"maximum_value"`
	Annotations  map[string]any `yaml:"annotations"`
}

type rawEnum struct {
	Description       string    `yaml:"description"`
	PermissibleValues yaml.Node `yaml:"permissible_values"`
}

type rawValue struct {
	Meaning     string `yaml:"meaning"`
	Description string `yaml:"description"`
}

type rawType struct {
	URI         string `yaml:"uri"`
	Typeof      string `yaml:"typeof"`
	Pattern     string `yaml:"pattern"`
	Description string `yaml:"description"`
}

// entry is one key of a YAML mapping, kept in document order.
type entry struct {
	name string
	node *yaml.Node
}

// Parse reads a schema in the hub's LinkML form and checks it: every CURIE's prefix is declared,
// every class has a class_uri and every slot a slot_uri, every range names a type, class or enum,
// and no two slots share an IRI (one JSON-LD context must serve all classes). Errors name the
// class or slot at fault; all problems found are reported together.
func Parse(data []byte) (*Schema, error) {
	var raw rawSchema
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	return parseRaw(&raw)
}

// parseRaw checks a decoded schema and builds the model from it (see Parse).
func parseRaw(raw *rawSchema) (*Schema, error) {
	p := &parser{raw: raw, s: &Schema{
		ID: raw.ID, Name: raw.Name, Description: strings.TrimSpace(raw.Description), Version: raw.Version,
		DefaultPrefix: raw.DefaultPrefix, Prefixes: map[string]string{}, Slots: map[string]*Slot{},
		byName: map[string]*Class{}, byPath: map[string]*Class{}, byURI: map[string]*Class{},
		enums: map[string]*Enum{}, types: map[string]*Type{},
	}}
	p.run()
	if len(p.errs) > 0 {
		return nil, fmt.Errorf("schema %s: %w", raw.Name, errors.Join(p.errs...))
	}
	return p.s, nil
}

type parser struct {
	raw  *rawSchema
	s    *Schema
	errs []error
	// usage holds each class's slot_usage, applied when effective slots are computed.
	usage map[string][]entry
}

func (p *parser) errorf(format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf(format, args...))
}

func (p *parser) run() {
	if p.raw.ID == "" || p.raw.Name == "" {
		p.errorf("id and name are required")
	}
	for k, v := range p.raw.Prefixes {
		p.s.Prefixes[k] = v
	}
	if _, ok := p.s.Prefixes[p.s.DefaultPrefix]; !ok {
		p.errorf("default_prefix %q is not among the prefixes", p.s.DefaultPrefix)
	}
	p.types()
	p.enums()
	p.slots()
	p.classes()
	if len(p.errs) > 0 {
		return // the cross-checks below assume the parts parsed
	}
	p.effectiveSlots()
	p.checkTerms()
}

func (p *parser) expand(where, curie string) string {
	iri, err := p.s.Expand(curie)
	if err != nil {
		p.errorf("%s: %v", where, err)
	}
	return iri
}

func (p *parser) mapping(where string, n *yaml.Node) []entry {
	if n.Kind == 0 {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.errorf("%s: want a mapping (line %d)", where, n.Line)
		return nil
	}
	seen := map[string]bool{}
	var out []entry
	for i := 0; i+1 < len(n.Content); i += 2 {
		name := n.Content[i].Value
		if seen[name] {
			p.errorf("%s: %s is defined twice (line %d)", where, name, n.Content[i].Line)
		}
		seen[name] = true
		out = append(out, entry{name, n.Content[i+1]})
	}
	return out
}

// strict decodes a node with unknown keys rejected, which yaml.Node.Decode does not do.
func (p *parser) strict(where string, n *yaml.Node, v any) bool {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return true
	}
	b, err := yaml.Marshal(n)
	if err == nil {
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		err = dec.Decode(v)
	}
	if err != nil {
		// Line numbers in err count from the re-marshalled node; shift them to the source file.
		msg := strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n")
		msg = lineRE.ReplaceAllStringFunc(strings.TrimSpace(msg), func(m string) string {
			var l int
			fmt.Sscanf(m, "line %d", &l)
			return fmt.Sprintf("line %d", n.Line+l-1)
		})
		p.errorf("%s: %s", where, strings.ReplaceAll(msg, "\n  ", "; "))
		return false
	}
	return true
}

var lineRE = regexp.MustCompile(`line [0-9]+`)

func (p *parser) types() {
	for _, e := range p.mapping("types", &p.raw.Types) {
		var rt rawType
		where := "type " + e.name
		if !p.strict(where, e.node, &rt) {
			continue
		}
		if _, builtin := builtinDatatype(e.name); builtin {
			p.errorf("%s: redefines a built-in type", where)
		}
		if _, ok := builtinDatatype(rt.Typeof); !ok {
			p.errorf("%s: typeof %q is not a built-in type", where, rt.Typeof)
		}
		if rt.URI == "" {
			p.errorf("%s: missing uri", where)
		}
		p.checkPattern(where, rt.Pattern)
		t := &Type{Name: e.name, URI: p.expand(where, rt.URI), Typeof: rt.Typeof, Pattern: rt.Pattern, Description: strings.TrimSpace(rt.Description)}
		p.s.Types = append(p.s.Types, t)
		p.s.types[t.Name] = t
	}
}

func (p *parser) enums() {
	for _, e := range p.mapping("enums", &p.raw.Enums) {
		var re rawEnum
		where := "enum " + e.name
		if !p.strict(where, e.node, &re) {
			continue
		}
		en := &Enum{Name: e.name, Description: strings.TrimSpace(re.Description)}
		for _, v := range p.mapping(where, &re.PermissibleValues) {
			var rv rawValue
			vwhere := where + " value " + v.name
			if !p.strict(vwhere, v.node, &rv) {
				continue
			}
			if rv.Meaning == "" {
				p.errorf("%s: missing meaning (the IRI the value stands for)", vwhere)
			}
			en.Values = append(en.Values, EnumValue{Name: v.name, Meaning: p.expand(vwhere, rv.Meaning), Description: strings.TrimSpace(rv.Description)})
		}
		if len(en.Values) == 0 {
			p.errorf("%s: no permissible_values", where)
		}
		p.s.Enums = append(p.s.Enums, en)
		p.s.enums[en.Name] = en
	}
}

func (p *parser) slots() {
	byURI := map[string]string{}
	for _, e := range p.mapping("slots", &p.raw.Slots) {
		var rs rawSlot
		where := "slot " + e.name
		if !p.strict(where, e.node, &rs) {
			continue
		}
		sl := &Slot{Name: e.name, Range: "string"}
		if p.raw.DefaultRange != "" {
			sl.Range = p.raw.DefaultRange
		}
		if rs.SlotURI == nil || *rs.SlotURI == "" {
			p.errorf("%s: missing slot_uri", where)
		}
		p.apply(where, sl, &rs)
		if prev, dup := byURI[sl.URI]; dup && sl.URI != "" {
			p.errorf("%s: slot_uri <%s> is already used by slot %s; one context term per IRI", where, sl.URI, prev)
		}
		byURI[sl.URI] = sl.Name
		p.s.Slots[sl.Name] = sl
	}
}

// apply copies the fields rs sets onto sl; it serves both slot definitions and slot_usage.
func (p *parser) apply(where string, sl *Slot, rs *rawSlot) {
	if rs.SlotURI != nil {
		sl.URI = p.expand(where, *rs.SlotURI)
	}
	if rs.Range != nil {
		sl.Range = *rs.Range
	}
	set := func(dst *bool, src *bool) {
		if src != nil {
			*dst = *src
		}
	}
	set(&sl.Required, rs.Required)
	set(&sl.Multivalued, rs.Multivalued)
	set(&sl.Identifier, rs.Identifier)
	set(&sl.Inlined, rs.Inlined)
	if rs.Pattern != nil {
		sl.Pattern = *rs.Pattern
		p.checkPattern(where, sl.Pattern)
	}
	if rs.Description != nil {
		sl.Description = strings.TrimSpace(*rs.Description)
	}
	if rs.MinimumValue != nil {
		v := *rs.MinimumValue
		sl.Minimum = &v
	}
	if rs.MaximumValue != nil {
		v := *rs.MaximumValue
		sl.Maximum = &v
	}
	for k, v := range rs.Annotations {
		s, ok := annotationString(v)
		switch {
		case !ok:
			p.errorf("%s: annotation %s must be a single value", where, k)
		case k == "visibility":
			vis, err := ParseVisibility(s)
			if err != nil {
				p.errorf("%s: %v", where, err)
			}
			if vis < sl.Visibility {
				p.errorf("%s: visibility %s would loosen %s; a slot may only be made stricter", where, vis, sl.Visibility)
			}
			sl.Visibility = vis
		case k == "protectable":
			sl.Protectable = s == "true"
		default:
			p.errorf("%s: unknown annotation %s (want visibility or protectable)", where, k)
		}
	}
}

func (p *parser) checkPattern(where, pattern string) {
	if pattern == "" {
		return
	}
	if _, err := regexp.Compile(pattern); err != nil {
		p.errorf("%s: pattern %q: %v", where, pattern, err)
	}
}

// annotationString accepts LinkML's two annotation forms: `key: value` and `key: {value: …}`.
func annotationString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool, int, float64:
		return fmt.Sprint(x), true
	case map[string]any:
		return annotationString(x["value"])
	}
	return "", false
}

func annotationList(v any) ([]string, bool) {
	if l, ok := v.([]any); ok {
		var out []string
		for _, x := range l {
			s, ok := annotationString(x)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	if s, ok := annotationString(v); ok {
		return strings.Fields(strings.ReplaceAll(s, ",", " ")), true
	}
	return nil, false
}

func (p *parser) classes() {
	p.usage = map[string][]entry{}
	raws := map[string]*rawClass{}
	for _, e := range p.mapping("classes", &p.raw.Classes) {
		var rc rawClass
		where := "class " + e.name
		if !p.strict(where, e.node, &rc) {
			continue
		}
		raws[e.name] = &rc
		c := &Class{Name: e.name, Path: strings.ToLower(e.name), Description: strings.TrimSpace(rc.Description),
			IsA: rc.IsA, Abstract: rc.Abstract, OwnSlots: rc.Slots}
		if rc.ClassURI == "" {
			p.errorf("%s: missing class_uri", where)
		} else {
			c.URI = p.expand(where, rc.ClassURI)
		}
		p.classAnnotations(where, c, rc.Annotations)
		for _, name := range rc.Slots {
			if p.s.Slots[name] == nil {
				p.errorf("%s: unknown slot %q", where, name)
			}
		}
		p.usage[c.Name] = p.mapping(where+" slot_usage", &rc.SlotUsage)
		if prev := p.s.byPath[c.Path]; prev != nil {
			p.errorf("%s: path %q is already taken by class %s", where, c.Path, prev.Name)
		}
		if prev := p.s.byURI[c.URI]; prev != nil && c.URI != "" {
			p.errorf("%s: class_uri <%s> is already used by class %s", where, c.URI, prev.Name)
		}
		p.s.Classes = append(p.s.Classes, c)
		p.s.byName[c.Name], p.s.byPath[c.Path], p.s.byURI[c.URI] = c, c, c
	}
	for _, c := range p.s.Classes {
		p.checkParent(c, raws[c.Name])
	}
	for _, sl := range p.s.Slots {
		p.checkRange("slot "+sl.Name, sl)
	}
}

func (p *parser) classAnnotations(where string, c *Class, ann map[string]any) {
	visSet := false
	for k, v := range ann {
		switch k {
		case "visibility":
			s, _ := annotationString(v)
			vis, err := ParseVisibility(s)
			if err != nil {
				p.errorf("%s: %v", where, err)
			}
			c.Visibility, visSet = vis, true
		case "inlined":
			s, _ := annotationString(v)
			c.Inlined = s == "true"
		case "also_types":
			l, ok := annotationList(v)
			if !ok {
				p.errorf("%s: also_types must be a list of CURIEs", where)
			}
			for _, t := range l {
				c.AlsoTypes = append(c.AlsoTypes, p.expand(where+" also_types", t))
			}
		default:
			p.errorf("%s: unknown annotation %s (want visibility, inlined or also_types)", where, k)
		}
	}
	if !visSet {
		c.Visibility = -1 // inherited from the parent, or open; resolved in checkParent
	}
}

func (p *parser) checkParent(c *Class, rc *rawClass) {
	where := "class " + c.Name
	seen := map[string]bool{c.Name: true}
	for k := c; k.IsA != ""; {
		parent := p.s.byName[k.IsA]
		if parent == nil {
			p.errorf("class %s: unknown is_a %q", k.Name, k.IsA)
			break
		}
		if seen[parent.Name] {
			p.errorf("%s: is_a cycle through %s", where, parent.Name)
			c.IsA = ""
			break
		}
		seen[parent.Name] = true
		k = parent
	}
	if c.Visibility < 0 {
		c.Visibility = p.inheritedVisibility(c)
	}
	if parent := p.s.byName[c.IsA]; parent != nil && c.Visibility < p.inheritedVisibility(parent) {
		p.errorf("%s: visibility %s is looser than its parent %s's", where, c.Visibility, parent.Name)
	}
	_ = rc
}

func (p *parser) inheritedVisibility(c *Class) Visibility {
	seen := map[string]bool{}
	for k := c; k != nil && !seen[k.Name]; k = p.s.byName[k.IsA] {
		seen[k.Name] = true
		if k.Visibility >= 0 {
			return k.Visibility
		}
	}
	return Open
}

func (p *parser) checkRange(where string, sl *Slot) {
	_, builtin := builtinDatatype(sl.Range)
	rc := p.s.byName[sl.Range]
	switch {
	case builtin || p.s.types[sl.Range] != nil || p.s.enums[sl.Range] != nil:
		if sl.Inlined {
			p.errorf("%s: inlined needs a class range, not %q", where, sl.Range)
		}
	case rc != nil:
		if rc.Inlined && !sl.Inlined {
			p.errorf("%s: class %s is only ever nested, so the slot must be inlined", where, rc.Name)
		}
	default:
		p.errorf("%s: unknown range %q (want a built-in type, a type, a class or an enum)", where, sl.Range)
	}
	if sl.Identifier && sl.Multivalued {
		p.errorf("%s: an identifier cannot be multivalued", where)
	}
	if (sl.Minimum != nil || sl.Maximum != nil) && sl.Range != "integer" && sl.Range != "decimal" && sl.Range != "float" && sl.Range != "double" {
		p.errorf("%s: minimum_value/maximum_value need a numeric range, not %q", where, sl.Range)
	}
}

// effectiveSlots computes each class's slots: the parent's first, then its own, with the
// slot_usage of every class on the way down applied in order.
func (p *parser) effectiveSlots() {
	for _, c := range p.s.Classes {
		var chain []*Class
		for k := c; k != nil; k = p.s.byName[k.IsA] {
			chain = append([]*Class{k}, chain...)
		}
		var slots []*Slot
		index := map[string]int{}
		for _, k := range chain {
			for _, name := range k.OwnSlots {
				if _, dup := index[name]; dup {
					continue
				}
				cp := *p.s.Slots[name]
				index[name] = len(slots)
				slots = append(slots, &cp)
			}
			for _, u := range p.usage[k.Name] {
				where := fmt.Sprintf("class %s slot_usage %s", k.Name, u.name)
				i, ok := index[u.name]
				if !ok {
					p.errorf("%s: not a slot of the class", where)
					continue
				}
				var rs rawSlot
				if !p.strict(where, u.node, &rs) {
					continue
				}
				if rs.SlotURI != nil {
					p.errorf("%s: slot_usage may not change slot_uri (one context term per IRI)", where)
					rs.SlotURI = nil
				}
				cp := *slots[i]
				p.apply(where, &cp, &rs)
				p.checkRange(where, &cp)
				slots[i] = &cp
			}
		}
		ids := 0
		for _, sl := range slots {
			if sl.Identifier {
				ids++
			}
		}
		if ids > 1 {
			p.errorf("class %s: more than one identifier slot", c.Name)
		}
		c.slots = slots
	}
}

// checkTerms makes sure the names that become JSON-LD terms do not collide: class names, slot
// names, enum value names and the local names of also_types share one context.
func (p *parser) checkTerms() {
	terms := map[string]string{"id": "@id", "type": "@type"}
	add := func(what, term, iri string) {
		if prev, ok := terms[term]; ok && prev != iri {
			p.errorf("%s: term %q already stands for %s", what, term, prev)
		}
		terms[term] = iri
	}
	for _, c := range p.s.Classes {
		add("class "+c.Name, c.Name, c.URI)
		for _, t := range c.AlsoTypes {
			add("class "+c.Name+" also_types", localName(t), t)
		}
	}
	for _, name := range sortedKeys(p.s.Slots) {
		add("slot "+name, name, p.s.Slots[name].URI)
	}
	for _, e := range p.s.Enums {
		for _, v := range e.Values {
			add("enum "+e.Name+" value "+v.Name, v.Name, v.Meaning)
		}
	}
	for prefix := range p.s.Prefixes {
		if iri, ok := terms[prefix]; ok {
			p.errorf("prefix %s: clashes with the term for %s", prefix, iri)
		}
	}
}

// localName is the part of an IRI after its last '#' or '/'.
func localName(iri string) string {
	if i := strings.LastIndexAny(iri, "#/"); i >= 0 {
		return iri[i+1:]
	}
	return iri
}
