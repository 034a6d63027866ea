package model

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// DocumentValidator checks compacted JSON-LD documents against the generated JSON Schemas before
// they are turned into RDF, so a client learns which field is wrong. It is safe for concurrent use.
type DocumentValidator struct {
	schemas map[string]*jsonschema.Schema // by class path
}

// FieldProblem is one thing wrong with a document: the field as a JSON Pointer into the document
// ("/birthDate", "/otherIdentifier/0/notation") and a human message.
type FieldProblem struct {
	Pointer string `json:"pointer"`
	Message string `json:"message"`
}

// NewDocumentValidator compiles the JSON Schema of every class of s. For the shared model the
// schemas come from the embedded generated files; for any other schema they are generated in
// memory. Schemas are registered by their $id, so compiling never touches the network.
func NewDocumentValidator(s *Schema) (*DocumentValidator, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.DefaultDraft(jsonschema.Draft2020)
	c.UseLoader(noNetwork{})
	files, err := s.schemaFiles()
	if err != nil {
		return nil, err
	}
	v := &DocumentValidator{schemas: map[string]*jsonschema.Schema{}}
	for _, cl := range s.Classes {
		data, ok := files[JSONSchemaFile(cl.Path)]
		if !ok {
			continue
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("JSON Schema of %s: %w", cl.Name, err)
		}
		if err := c.AddResource(SchemaID(cl.Path), doc); err != nil {
			return nil, fmt.Errorf("JSON Schema of %s: %w", cl.Name, err)
		}
	}
	for _, cl := range s.Classes {
		if _, ok := files[JSONSchemaFile(cl.Path)]; !ok {
			continue
		}
		sch, err := c.Compile(SchemaID(cl.Path))
		if err != nil {
			return nil, fmt.Errorf("compiling the JSON Schema of %s: %w", cl.Name, err)
		}
		v.schemas[cl.Path] = sch
	}
	return v, nil
}

// schemaFiles returns the committed schemas when s is the shared model (so what the hub enforces
// is exactly what it publishes) and freshly generated ones otherwise.
func (s *Schema) schemaFiles() (Files, error) {
	gen, err := s.Generate()
	if err != nil {
		return nil, err
	}
	out := Files{}
	for name, data := range gen {
		if !strings.HasPrefix(name, "jsonschema/") {
			continue
		}
		if committed, err := fs.ReadFile(Generated, "generated/"+name); err == nil && bytes.Equal(committed, data) {
			data = committed
		}
		out[name] = data
	}
	return out, nil
}

// noNetwork refuses every load: all schemas are registered up front.
type noNetwork struct{}

func (noNetwork) Load(url string) (any, error) {
	return nil, fmt.Errorf("refusing to load %s: the hub's schemas are all registered locally", url)
}

// Validate checks doc (a decoded JSON document: map[string]any and friends) against the class's
// JSON Schema. It returns nil when the document is valid, otherwise the problems sorted by
// pointer. An unknown class path is itself reported as a problem at the root.
func (v *DocumentValidator) Validate(classPath string, doc any) []FieldProblem {
	sch, ok := v.schemas[classPath]
	if !ok {
		return []FieldProblem{{Pointer: "", Message: fmt.Sprintf("no class with path %q", classPath)}}
	}
	err := sch.Validate(doc)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []FieldProblem{{Pointer: "", Message: err.Error()}}
	}
	var out []FieldProblem
	collect(ve, &out)
	slices.SortFunc(out, func(a, b FieldProblem) int {
		if c := strings.Compare(a.Pointer, b.Pointer); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	return slices.Compact(out)
}

// collect gathers the leaves of the error tree, pointing at the offending field itself for
// missing and unexpected properties rather than at the object holding them.
func collect(e *jsonschema.ValidationError, out *[]FieldProblem) {
	if len(e.Causes) > 0 {
		for _, c := range e.Causes {
			collect(c, out)
		}
		return
	}
	at := jsonPointer(e.InstanceLocation)
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		for _, name := range k.Missing {
			*out = append(*out, FieldProblem{Pointer: at + jsonPointer([]string{name}), Message: "missing required field " + name})
		}
	case *kind.AdditionalProperties:
		for _, name := range k.Properties {
			*out = append(*out, FieldProblem{Pointer: at + jsonPointer([]string{name}), Message: "unknown field " + name + " (not in the model for this class)"})
		}
	default:
		*out = append(*out, FieldProblem{Pointer: at, Message: message(e.ErrorKind)})
	}
}

// message renders an error kind in English through the library's own wording.
func message(k jsonschema.ErrorKind) string {
	leaf := &jsonschema.ValidationError{ErrorKind: k}
	return strings.TrimPrefix(leaf.Error(), "at '': ")
}
