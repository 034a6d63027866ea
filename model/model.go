// Package model is the hub's information model as data: one LinkML-style schema
// (schema/grunddata.yaml) for Person, Role, Organisation, Geography and Service, the Go API the
// rest of the hub reads it through, and the generators that derive the JSON-LD @context, the JSON
// Schemas, the SHACL shapes and the documentation from it (written to generated/ by
// `go generate ./model/...` and embedded as Generated).
//
// The model carries each class's and slot's visibility (open, internal, protected); the hub's
// privacy rules are enforced from these values, so the schema is the one place to change them.
package model

import (
	"embed"
	"fmt"
	"strings"

	"github.com/grunddata/grunddata/vocab"
)

//go:generate go run ./internal/gen

// schemaYAML is the shared model every hub runs; municipalities change configuration, not this.
//
//go:embed schema/grunddata.yaml
var schemaYAML []byte

// Generated holds the committed generator outputs under "generated/": context.jsonld,
// jsonschema/{path}.schema.json, shapes.ttl, shapes/{path}.ttl and docs/*.md.
//
//go:embed generated
var Generated embed.FS

// SchemaYAML returns the embedded schema source, e.g. to serve it or to extend it.
func SchemaYAML() []byte { return append([]byte(nil), schemaYAML...) }

// Default returns the shared model parsed from the embedded schema. Each call parses afresh, so
// callers may keep and even modify their copy. It panics only if the embedded schema is invalid,
// which the package tests rule out.
func Default() *Schema {
	s, err := Parse(schemaYAML)
	if err != nil {
		panic("model: embedded schema is invalid: " + err.Error())
	}
	return s
}

// Visibility says who may see a class or slot. The order matters: a caller cleared for a level
// sees everything at or below it, and a slot's effective visibility is the stricter of its own
// and its class's.
type Visibility int

const (
	// Open data may go anywhere: open endpoints, change feeds, dumps, the catalogue.
	Open Visibility = iota
	// Internal data needs an authenticated caller with an internal scope.
	Internal
	// Protected data never leaves the hub except to the dedicated protected scope, and never
	// appears in exports, feeds, logs or error messages.
	Protected
)

// String returns "open", "internal" or "protected".
func (v Visibility) String() string {
	switch v {
	case Open:
		return "open"
	case Internal:
		return "internal"
	case Protected:
		return "protected"
	}
	return fmt.Sprintf("Visibility(%d)", int(v))
}

// IRI returns the level's individual in the hub ontology (gd:Open, gd:Internal, gd:Protected).
func (v Visibility) IRI() string {
	switch v {
	case Internal:
		return vocab.GDInternal.String()
	case Protected:
		return vocab.GDProtected.String()
	}
	return vocab.GDOpen.String()
}

// ParseVisibility reads "open", "internal" or "protected" (any case).
func ParseVisibility(s string) (Visibility, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "open":
		return Open, nil
	case "internal":
		return Internal, nil
	case "protected":
		return Protected, nil
	}
	return Open, fmt.Errorf("unknown visibility %q (want open, internal or protected)", s)
}

// MarshalText lets a Visibility appear in YAML and JSON configuration as its name.
func (v Visibility) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText parses a Visibility name.
func (v *Visibility) UnmarshalText(b []byte) error {
	p, err := ParseVisibility(string(b))
	if err != nil {
		return err
	}
	*v = p
	return nil
}

// Schema is a parsed information model.
type Schema struct {
	ID, Name, Description, Version string
	DefaultPrefix                  string
	// Prefixes maps a prefix to its namespace IRI.
	Prefixes map[string]string
	// Classes in declaration order.
	Classes []*Class
	// Slots are the global slot definitions by name; a class's effective slots (SlotsOf) are
	// copies with its slot_usage applied.
	Slots map[string]*Slot
	// Enums in declaration order.
	Enums []*Enum
	// Types are the custom literal types (the LinkML built-ins are not listed).
	Types []*Type

	byName map[string]*Class
	byPath map[string]*Class
	byURI  map[string]*Class
	enums  map[string]*Enum
	types  map[string]*Type
}

// Class is one class of the model.
type Class struct {
	Name        string
	URI         string // the class IRI (class_uri expanded)
	Path        string // the lower-case name: the URL segment in {base}id/{path}/{key}
	Description string
	IsA         string // the parent class's name, or ""
	Abstract    bool
	// Inlined classes are only ever nested inside another resource (blank nodes): they have no
	// URI or route of their own.
	Inlined    bool
	Visibility Visibility
	// AlsoTypes are further rdf:type IRIs an instance may carry, such as cv:PublicOrganisation
	// on a public Organisation. They are refinements, not classes of the model: no route, no
	// URI space; the JSON-LD context names each by its local name.
	AlsoTypes []string
	// OwnSlots are the names of the slots the class declares itself, in order.
	OwnSlots []string

	slots []*Slot // effective slots, computed by Parse
}

// Routable tells whether resources of the class have URIs and collections of their own.
func (c *Class) Routable() bool { return !c.Abstract && !c.Inlined }

// Slot is a property of the model. Within a class (SlotsOf) its fields reflect that class's
// slot_usage.
type Slot struct {
	Name        string
	URI         string // the property IRI (slot_uri expanded)
	Range       string // a built-in type (string, integer, decimal, boolean, date, datetime, uri), a custom type, a class or an enum name
	Description string
	Pattern     string // an ECMAScript/RE2-compatible regular expression the whole value must match
	Required    bool
	Multivalued bool
	Identifier  bool // its value is the key of the resource's URI
	Inlined     bool // class-valued slots: nested objects rather than IRI references
	// Visibility is the slot's own level; the effective level within a class is
	// max(class, slot) — see Schema.Visibility.
	Visibility Visibility
	// Protectable slots become Protected for a person whose protectionLevel is anything but
	// gd:Unprotected (the domicile address, contact points).
	Protectable bool
	// Minimum and Maximum bound numeric values (inclusive) when set.
	Minimum, Maximum *float64
}

// Enum is a closed list of values, each standing for an IRI.
type Enum struct {
	Name        string
	Description string
	Values      []EnumValue
}

// EnumValue is one permissible value: its name is the JSON term, Meaning the IRI it stands for.
type EnumValue struct {
	Name, Meaning, Description string
}

// Type is a custom literal type, e.g. wkt (geo:wktLiteral).
type Type struct {
	Name, URI, Typeof, Pattern, Description string
}

// builtinDatatype maps LinkML's built-in types to their XSD datatype.
func builtinDatatype(name string) (string, bool) {
	switch name {
	case "string":
		return vocab.XSDString.String(), true
	case "integer":
		return vocab.XSDInteger.String(), true
	case "decimal":
		return vocab.XSDDecimal.String(), true
	case "float", "double":
		return vocab.XSDDouble.String(), true
	case "boolean":
		return vocab.XSDBoolean.String(), true
	case "date":
		return vocab.XSDDate.String(), true
	case "datetime":
		return vocab.XSDDateTime.String(), true
	case "uri":
		return vocab.XSDAnyURI.String(), true
	}
	return "", false
}
