package model_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grunddata/grunddata/model"
)

func exampleExtension(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "examples", "exempelby", "model-extension.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestExtend adds Exempelby's example extension to the shared model and checks that every
// generated artefact carries the new class, next to everything the shared model had.
func TestExtend(t *testing.T) {
	ext := exampleExtension(t)
	if !model.IsExtension(ext) || model.IsExtension(model.SchemaYAML()) {
		t.Fatal("IsExtension cannot tell the extension from the shared model")
	}
	s, err := model.Extend(model.SchemaYAML(), ext)
	if err != nil {
		t.Fatal(err)
	}
	c := s.Class("ParkingPermit")
	if c == nil || c.URI != "https://data.exempelby.se/def/ParkingPermit" || !c.Routable() {
		t.Fatalf("class ParkingPermit = %+v", c)
	}
	if s.Class("Person") == nil || len(s.Classes) != len(model.Default().Classes)+1 {
		t.Errorf("%d classes, want the shared model's and one more", len(s.Classes))
	}
	files, err := s.Generate()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]string{
		"context.jsonld":                       {`"ParkingPermit": "exby:ParkingPermit"`, `"exby": "https://data.exempelby.se/def/"`, `"permitHolder"`, `"ZoneCentrum"`},
		"jsonschema/parkingpermit.schema.json": {`"validUntil"`, `"^P[0-9]{6}$"`},
		"shapes/parkingpermit.ttl":             {"sh:targetClass exby:ParkingPermit", "sh:in ( exby:ZoneCentrum exby:ZoneBruket )", `sh:pattern "^P[0-9]{6}$"`},
		"shapes.ttl":                           {"gdsh:Person a sh:NodeShape", "gdsh:ParkingPermit a sh:NodeShape"},
	} {
		got := string(files[name])
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %s", name, w)
			}
		}
	}
	docs := false
	for name, b := range files {
		if strings.HasPrefix(name, "docs/") && strings.Contains(string(b), "ParkingPermit") {
			docs = true
		}
	}
	if !docs {
		t.Error("no documentation mentions ParkingPermit")
	}
}

// TestExtendErrors checks that model check's problems are found and named.
func TestExtendErrors(t *testing.T) {
	head := "id: https://x.test/ext\nname: ext\nimports: [grunddata]\ndefault_prefix: ex\nprefixes:\n  ex: https://x.test/def/\n"
	tests := []struct{ name, yaml, want string }{
		{"unknown prefix", "classes:\n  Thing:\n    class_uri: nope:Thing\n", `unknown prefix "nope"`},
		{"unknown range", "classes:\n  Thing:\n    class_uri: ex:Thing\n    slots: [size]\nslots:\n  size:\n    slot_uri: ex:size\n    range: Sizes\n", "Sizes"},
		{"class clash", "classes:\n  Person:\n    class_uri: ex:Person\n", "class Person (line 8): clashes with the shared model's class"},
		{"slot clash", "slots:\n  givenName:\n    slot_uri: ex:givenName\n    range: string\n", "slot givenName (line 8): clashes"},
		{"enum clash", "enums:\n  ProtectionLevel:\n    permissible_values:\n      X:\n        meaning: ex:X\n", "enum ProtectionLevel (line 8): clashes"},
		{"prefix rebound", "prefixes:\n  gd: https://x.test/gd#\n", "prefix gd: the shared model binds it to https://w3id.org/grunddata/ns#"},
		{"class IRI clash", "classes:\n  Human:\n    class_uri: person:Person\n", "class Human: class_uri <http://www.w3.org/ns/person#Person> is already used by class Person"},
		{"slot IRI clash", "classes:\n  Thing:\n    class_uri: ex:Thing\n    slots: [firstName]\nslots:\n  firstName:\n    slot_uri: foaf:givenName\n    range: string\n", "firstName"},
		{"unknown key, with the extension's line", "slots:\n  size:\n    slot_uri: ex:size\n    bogus: 1\n", "slot size: line 10: field bogus not found"},
		{"no import", strings.Replace(head, "imports: [grunddata]\n", "", 1), "imports must name grunddata"},
		{"shared id", strings.Replace(head, "https://x.test/ext", "https://w3id.org/grunddata/model", 1), "is the shared model's"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := head + tc.yaml
			if tc.name == "no import" || tc.name == "shared id" || tc.name == "prefix rebound" {
				doc = tc.yaml
				if tc.name == "prefix rebound" {
					doc = strings.Replace(head, "prefixes:\n  ex: https://x.test/def/\n", "", 1) + tc.yaml
				}
			}
			_, err := model.Extend(model.SchemaYAML(), []byte(doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q\n%s", err, tc.want, doc)
			}
		})
	}
}
