package model

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Files are generator outputs by path relative to the generated/ directory.
type Files map[string][]byte

// Generate derives every published artefact from the schema: the JSON-LD context, a JSON Schema
// per class, SHACL shapes (per class and all together) and Markdown documentation. The output is
// byte-for-byte deterministic, so committed files can be checked for staleness.
func (s *Schema) Generate() (Files, error) {
	out := Files{}
	ctx, err := s.ContextJSON()
	if err != nil {
		return nil, err
	}
	out["context.jsonld"] = ctx
	for _, gen := range []func(Files) error{s.generateJSONSchemas, s.generateShapes, s.generateDocs} {
		if err := gen(out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// marshalJSON renders v with sorted keys, two-space indentation and no HTML escaping, ending in
// a newline, so that generated JSON reads well and diffs cleanly.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding JSON: %w", err)
	}
	return buf.Bytes(), nil
}
