package model

import (
	"strings"
	"testing"
)

const minimalSchema = `
id: https://example.org/m
name: m
default_prefix: ex
prefixes:
  ex: https://example.org/ns#
  foaf: http://xmlns.com/foaf/0.1/
classes:
  Thing:
    class_uri: ex:Thing
    slots: [label]
slots:
  label:
    slot_uri: ex:label
`

func TestParseMinimal(t *testing.T) {
	s, err := Parse([]byte(minimalSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := s.ClassByPath("thing")
	if c == nil || c.URI != "https://example.org/ns#Thing" || c.Visibility != Open || len(s.SlotsOf(c)) != 1 || s.SlotsOf(c)[0].Range != "string" {
		t.Errorf("parsed %+v", c)
	}
	if _, err := NewDocumentValidator(s); err != nil {
		t.Errorf("a schema other than the default must get a validator too: %v", err)
	}
}

// TestParseErrors checks that each mistake is reported with the class or slot at fault.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, from, to string // replace from with to in minimalSchema
		want           []string
	}{
		{"unknown prefix", "class_uri: ex:Thing", "class_uri: nope:Thing", []string{"class Thing", `unknown prefix "nope"`}},
		{"missing class_uri", "class_uri: ex:Thing", "description: x", []string{"class Thing: missing class_uri"}},
		{"missing slot_uri", "slot_uri: ex:label", "range: string", []string{"slot label: missing slot_uri"}},
		{"unknown range", "slot_uri: ex:label", "slot_uri: ex:label\n    range: Widget", []string{"slot label", `unknown range "Widget"`}},
		{"unknown slot", "slots: [label]", "slots: [label, colour]", []string{"class Thing", `unknown slot "colour"`}},
		{"unknown key", "slot_uri: ex:label", "slot_uri: ex:label\n    multivalue: true", []string{"slot label", "multivalue"}},
		{"unknown is_a", "slots: [label]", "slots: [label]\n    is_a: Stuff", []string{"class Thing", `unknown is_a "Stuff"`}},
		{"bad visibility", "slots: [label]", "slots: [label]\n    annotations:\n      visibility: secret", []string{"class Thing", `unknown visibility "secret"`}},
		{"bad pattern", "slot_uri: ex:label", "slot_uri: ex:label\n    pattern: \"[\"", []string{"slot label", "pattern"}},
		{"multivalued identifier", "slot_uri: ex:label", "slot_uri: ex:label\n    identifier: true\n    multivalued: true", []string{"slot label: an identifier cannot be multivalued"}},
		{"bad default prefix", "default_prefix: ex", "default_prefix: zz", []string{`default_prefix "zz"`}},
		{"usage of foreign slot", "slots: [label]", "slots: [label]\n    slot_usage:\n      other:\n        required: true", []string{"class Thing slot_usage other: not a slot of the class"}},
		{"usage loosens", "slot_uri: ex:label", "slot_uri: ex:label\n    annotations:\n      visibility: internal",
			nil}, // allowed: the slot is stricter than the class
		{"duplicate slot IRI", "slot_uri: ex:label", "slot_uri: ex:label\n  other:\n    slot_uri: ex:label", []string{"slot other", "already used by slot label"}},
		{"term clash", "slot_uri: ex:label", "slot_uri: ex:label\n  Thing:\n    slot_uri: ex:thingy", []string{`term "Thing"`}},
		{"type clash", "name: m", "name: m\ntypes:\n  string:\n    uri: ex:s\n    typeof: string", []string{"type string: redefines a built-in type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(minimalSchema, tt.from, tt.to, 1)
			if src == minimalSchema {
				t.Fatalf("test replaces nothing: %q", tt.from)
			}
			_, err := Parse([]byte(src))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Parse accepted the schema; want an error mentioning %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestParseSlotUsageMayNotLoosen(t *testing.T) {
	src := strings.Replace(minimalSchema, "slot_uri: ex:label", "slot_uri: ex:label\n    annotations:\n      visibility: internal", 1)
	src = strings.Replace(src, "slots: [label]", "slots: [label]\n    slot_usage:\n      label:\n        annotations:\n          visibility: open", 1)
	_, err := Parse([]byte(src))
	if err == nil || !strings.Contains(err.Error(), "would loosen") {
		t.Fatalf("Parse = %v; want an error about loosening visibility", err)
	}
}

func TestParseInlinedClassNeedsInlinedSlot(t *testing.T) {
	src := strings.Replace(minimalSchema, "slots: [label]", "slots: [label, part]\n  Part:\n    class_uri: ex:Part\n    annotations:\n      inlined: \"true\"", 1)
	src += "  part:\n    slot_uri: ex:part\n    range: Part\n"
	_, err := Parse([]byte(src))
	if err == nil || !strings.Contains(err.Error(), "slot part: class Part is only ever nested") {
		t.Fatalf("Parse = %v", err)
	}
}

func TestParseIsACycle(t *testing.T) {
	src := strings.Replace(minimalSchema, "slots: [label]", "slots: [label]\n    is_a: Other\n  Other:\n    class_uri: ex:Other\n    is_a: Thing", 1)
	_, err := Parse([]byte(src))
	if err == nil || !strings.Contains(err.Error(), "is_a cycle") {
		t.Fatalf("Parse = %v", err)
	}
}
