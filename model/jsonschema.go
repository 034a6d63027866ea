package model

import "strings"

// SchemaIDBase is the base of every generated JSON Schema's $id; the validator registers the
// schemas under these ids, so nothing is ever fetched over the network.
const SchemaIDBase = "https://w3id.org/grunddata/schema/"

// SchemaID returns the $id of the JSON Schema for the class with this path.
func SchemaID(path string) string { return SchemaIDBase + path + ".schema.json" }

// JSONSchemaFile is the path, relative to generated/, of a class's JSON Schema.
func JSONSchemaFile(path string) string { return "jsonschema/" + path + ".schema.json" }

// datePattern backs up "format": "date" for validators that treat format as an annotation only.
const datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

// JSONSchema returns the JSON Schema 2020-12 of the compacted JSON-LD document a client sends
// for class c: "@context", "id" and "type" are optional, every slot is a property typed from its
// range, required slots are required, and additionalProperties is false so a misspelt field is
// named rather than silently dropped. Multivalued slots accept an array or a single value, as
// JSON-LD does; inlined classes are nested objects under $defs; references are IRI strings.
func (s *Schema) JSONSchema(c *Class) map[string]any {
	defs := map[string]any{}
	root := s.objectSchema(c, defs, true)
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = SchemaID(c.Path)
	root["title"] = c.Name
	if len(defs) > 0 {
		root["$defs"] = defs
	}
	return root
}

func (s *Schema) objectSchema(c *Class, defs map[string]any, top bool) map[string]any {
	props := map[string]any{
		"id":   map[string]any{"type": "string", "minLength": 1, "description": "The resource's IRI (or a blank node label)."},
		"type": s.typeSchema(c),
	}
	if top {
		props["@context"] = map[string]any{"description": "The JSON-LD context; the hub's shared context is assumed when absent."}
	}
	var required []string
	for _, sl := range s.SlotsOf(c) {
		props[sl.Name] = s.slotSchema(sl, defs)
		if sl.Required {
			required = append(required, sl.Name)
		}
	}
	obj := map[string]any{
		"type":                 "object",
		"description":          c.Description,
		"properties":           props,
		"additionalProperties": false,
	}
	if len(required) > 0 {
		obj["required"] = required
	}
	return obj
}

// typeSchema accepts the class's name, CURIE or IRI, alone or in an array with the names of the
// class's also_types.
func (s *Schema) typeSchema(c *Class) map[string]any {
	own := []any{c.Name, s.Compact(c.URI), c.URI}
	all := append([]any(nil), own...)
	for _, t := range c.AlsoTypes {
		all = append(all, localName(t), s.Compact(t), t)
	}
	return map[string]any{
		"description": "The class name (" + c.Name + "), or an array holding it and optional further types.",
		"if":          map[string]any{"type": "array"},
		"then": map[string]any{
			"type": "array", "items": map[string]any{"enum": all}, "contains": map[string]any{"enum": own},
		},
		"else": map[string]any{"enum": own},
	}
}

func (s *Schema) slotSchema(sl *Slot, defs map[string]any) map[string]any {
	item := s.valueSchema(sl, defs)
	if !sl.Multivalued {
		if sl.Description != "" {
			item["description"] = sl.Description
		}
		return item
	}
	out := map[string]any{
		"if":   map[string]any{"type": "array"},
		"then": map[string]any{"type": "array", "items": item},
		"else": item,
	}
	if sl.Description != "" {
		out["description"] = sl.Description
	}
	return out
}

func (s *Schema) valueSchema(sl *Slot, defs map[string]any) map[string]any {
	if rc := s.RangeClass(sl); rc != nil {
		if !sl.Inlined {
			return map[string]any{"type": "string", "format": "iri", "description": "The IRI of a " + rc.Name + "."}
		}
		if _, done := defs[rc.Name]; !done {
			defs[rc.Name] = nil // reserve first: an inlined class may (indirectly) nest itself
			defs[rc.Name] = s.objectSchema(rc, defs, false)
		}
		return map[string]any{"$ref": "#/$defs/" + rc.Name}
	}
	if e := s.RangeEnum(sl); e != nil {
		names := make([]any, len(e.Values))
		for i, v := range e.Values {
			names[i] = v.Name
		}
		return map[string]any{"enum": names}
	}
	base, pattern := sl.Range, sl.Pattern
	if t := s.types[sl.Range]; t != nil {
		base = t.Typeof
		if pattern == "" {
			pattern = t.Pattern
		}
	}
	var out map[string]any
	switch base {
	case "integer":
		out = map[string]any{"type": "integer"}
	case "decimal", "float", "double":
		out = map[string]any{"type": "number"}
	case "boolean":
		out = map[string]any{"type": "boolean"}
	case "date":
		out = map[string]any{"type": "string", "format": "date"}
		if pattern == "" {
			pattern = datePattern
		}
	case "datetime":
		out = map[string]any{"type": "string", "format": "date-time"}
	case "uri":
		out = map[string]any{"type": "string", "format": "iri"}
	default:
		out = map[string]any{"type": "string"}
	}
	if pattern != "" {
		out["pattern"] = pattern
	}
	if sl.Minimum != nil {
		out["minimum"] = *sl.Minimum
	}
	if sl.Maximum != nil {
		out["maximum"] = *sl.Maximum
	}
	return out
}

func (s *Schema) generateJSONSchemas(out Files) error {
	for _, c := range s.Classes {
		if c.Abstract {
			continue
		}
		b, err := marshalJSON(s.JSONSchema(c))
		if err != nil {
			return err
		}
		out[JSONSchemaFile(c.Path)] = b
	}
	return nil
}

// jsonPointer joins reference tokens into a JSON Pointer, escaping ~ and /.
func jsonPointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return b.String()
}
