package model

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

// IsExtension tells whether a schema document is an extension of the shared model: a LinkML
// schema that imports it ("imports: [grunddata]"), rather than a schema of its own.
func IsExtension(data []byte) bool {
	var raw struct {
		Imports []string `yaml:"imports"`
	}
	if yaml.Unmarshal(data, &raw) != nil {
		return false
	}
	return slices.Contains(raw.Imports, "grunddata") || slices.Contains(raw.Imports, "https://w3id.org/grunddata/model")
}

// Extend adds a municipality's local extension to a schema given in the same YAML form (the
// shared model's SchemaYAML, usually) and returns the combined model, from which the generators
// derive the context, JSON Schemas, shapes and docs as for the shared model.
//
// An extension has its own id and name, imports grunddata, and may declare prefixes, types,
// enums, slots and classes. Its classes may specialise shared classes (is_a) and use shared
// slots, types and enums as ranges. It may not change the shared model: a class, slot, enum or
// type with a shared name, a prefix bound to another namespace, or a class or slot IRI the shared
// model already uses is a clash. Clashes are reported together first; then unknown prefixes and
// ranges and IRI clashes, all together, by the same checks Parse runs on the shared model. Each
// error names the extension's class, slot or prefix at fault.
func Extend(base, extension []byte) (*Schema, error) {
	shared, err := Parse(base)
	if err != nil {
		return nil, fmt.Errorf("the shared model: %w", err)
	}
	var ext rawSchema
	dec := yaml.NewDecoder(bytes.NewReader(extension))
	dec.KnownFields(true)
	if err := dec.Decode(&ext); err != nil {
		return nil, fmt.Errorf("extension: %w", err)
	}
	var baseDoc, extDoc yaml.Node
	if err := yaml.Unmarshal(base, &baseDoc); err != nil {
		return nil, err
	}
	if err := yaml.Unmarshal(extension, &extDoc); err != nil {
		return nil, fmt.Errorf("extension: %w", err)
	}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if ext.ID == "" || ext.Name == "" {
		fail("id and name are required")
	}
	if ext.ID == shared.ID {
		fail("id %s is the shared model's; give the extension an id of its own", ext.ID)
	}
	if !IsExtension(extension) {
		fail("imports must name grunddata, the model it extends")
	}
	for _, name := range sortedKeys(ext.Prefixes) {
		if ns, ok := shared.Prefixes[name]; ok && ns != ext.Prefixes[name] {
			fail("prefix %s: the shared model binds it to %s, not %s", name, ns, ext.Prefixes[name])
		}
	}
	extRoot, baseRoot := extDoc.Content[0], baseDoc.Content[0]
	sharedNames := map[string]func(string) bool{
		"classes": func(n string) bool { return shared.Class(n) != nil },
		"slots":   func(n string) bool { return shared.Slots[n] != nil },
		"enums":   func(n string) bool { return shared.Enum(n) != nil },
		"types":   func(n string) bool { return shared.Type(n) != nil },
	}
	singular := map[string]string{"classes": "class", "slots": "slot", "enums": "enum", "types": "type"}
	for _, section := range []string{"classes", "slots", "enums", "types"} {
		n := mappingValue(extRoot, section)
		if n == nil {
			continue
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if name := n.Content[i].Value; sharedNames[section](name) {
				fail("%s %s (line %d): clashes with the shared model's %s of that name", singular[section], name, n.Content[i].Line, singular[section])
			}
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("extension %s: %w", ext.Name, errors.Join(errs...))
	}
	for _, section := range []string{"prefixes", "types", "enums", "slots", "classes"} {
		mergeMapping(baseRoot, extRoot, section)
	}
	// Decoding the merged tree (not its re-marshalled text) keeps each node's line, so errors
	// about the extension's entries give the extension file's lines.
	var merged rawSchema
	if err := baseDoc.Decode(&merged); err != nil {
		return nil, fmt.Errorf("extension %s: %w", ext.Name, err)
	}
	s, err := parseRaw(&merged)
	if err != nil {
		return nil, fmt.Errorf("extension %s: %w", ext.Name, errors.Unwrap(err))
	}
	return s, nil
}

// mappingValue returns the value node of key in a YAML mapping, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// mergeMapping appends the entries of section in ext to the same section of base (adding the
// section when base has none). Entries the shared model has too are not added twice.
func mergeMapping(base, ext *yaml.Node, section string) {
	add := mappingValue(ext, section)
	if add == nil || add.Kind != yaml.MappingNode {
		return
	}
	into := mappingValue(base, section)
	if into == nil || into.Kind != yaml.MappingNode {
		base.Content = append(base.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: section}, add)
		return
	}
	for i := 0; i+1 < len(add.Content); i += 2 {
		if v := mappingValue(into, add.Content[i].Value); v != nil && section == "prefixes" {
			continue
		}
		into.Content = append(into.Content, add.Content[i], add.Content[i+1])
	}
}
