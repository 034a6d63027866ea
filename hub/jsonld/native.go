package jsonld

import (
	"encoding/json"
	"regexp"

	"github.com/grunddata/grunddata/vocab"
)

// Compacted documents give integers and booleans as JSON numbers and booleans, as a JSON client
// expects ("totalItems": 6, not "totalItems": "6"), when the context is one that termsOnly accepts:
// a bare string under a term coerced to xsd:integer or xsd:boolean, and a value object
// {"@value": "6", "@type": "xsd:integer"} under a term with no type mapping. Both expand to the same
// literal again (JSON-LD 1.1 value expansion gives a native value the term's type mapping, and
// toRDF writes a native integer in canonical form typed xsd:integer and a native boolean typed
// xsd:boolean), so the graph is unchanged. Only canonical forms are converted — "007" stays a
// string, since 7 would be another literal — and integers of at most 15 digits, which every JSON
// parser reads exactly.
var canonicalInteger = regexp.MustCompile(`^(0|-?[1-9][0-9]{0,14})$`)

// termsOnly reports whether every key of a document compacted against the context doc (the value
// of "@context") is a term of doc itself, as nativeLiterals assumes: doc is one object without
// scoped contexts and without language, index, id, type or graph maps, whose keys are data. The
// hub's generated context is one (TestCollections reads a native count through it).
func termsOnly(doc any) bool {
	m, ok := doc.(map[string]any)
	if !ok {
		return false
	}
	for _, def := range m {
		d, ok := def.(map[string]any)
		if !ok {
			continue
		}
		if _, scoped := d["@context"]; scoped {
			return false
		}
		containers, _ := d["@container"].([]any)
		if c, ok := d["@container"].(string); ok {
			containers = []any{c}
		}
		for _, c := range containers {
			if c != "@set" && c != "@list" {
				return false
			}
		}
	}
	return true
}

// native returns the JSON value of the literal lex^^datatype, or nil if it has none.
func native(lex, datatype string) any {
	switch datatype {
	case vocab.XSDInteger.String():
		if canonicalInteger.MatchString(lex) {
			return json.Number(lex)
		}
	case vocab.XSDBoolean.String():
		switch lex {
		case "true":
			return true
		case "false":
			return false
		}
	}
	return nil
}

// nativeLiterals rewrites, in place, the integer and boolean literals of a compacted document in
// native form (see canonicalInteger).
func (p *Processor) nativeLiterals(v any) {
	switch v := v.(type) {
	case map[string]any:
		for key, val := range v {
			if key == "@context" {
				continue
			}
			v[key] = p.nativeValue(p.ctx.GetTypeMapping(key), val)
		}
	case []any:
		for _, e := range v {
			p.nativeLiterals(e)
		}
	}
}

// nativeValue returns the value of a property whose term has the type mapping coerced ("" if none)
// with its literals in native form.
func (p *Processor) nativeValue(coerced string, val any) any {
	switch val := val.(type) {
	case string:
		if n := native(val, coerced); n != nil {
			return n
		}
	case []any:
		for i, e := range val {
			val[i] = p.nativeValue(coerced, e)
		}
	case map[string]any:
		for _, keyword := range []string{"@list", "@set"} {
			if items, ok := val[keyword]; ok && len(val) == 1 { // the items are the property's values
				val[keyword] = p.nativeValue(coerced, items)
				return val
			}
		}
		if coerced == "" && len(val) == 2 {
			lex, isString := val[p.valueKey].(string)
			dt, hasType := val[p.typeKey].(string)
			if isString && hasType {
				if iri, err := p.ctx.ExpandIri(dt, false, true, nil, nil); err == nil {
					if n := native(lex, iri); n != nil {
						return n
					}
				}
			}
		}
		p.nativeLiterals(val)
	}
	return val
}
