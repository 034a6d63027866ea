// Package reconciletest checks answers of the Reconciliation API against the official 0.2 JSON
// Schemas in ../shared/conformance/reconciliation-0.2, for the tests of hub/reconcile and of the
// HTTP API. Tests skip when the conformance folder is absent.
package reconciletest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Dir finds the conformance folder: shared/conformance/reconciliation-0.2 in the nearest ancestor
// of the test's working directory that has it (../shared from the repository root, also from a git
// worktree further down), or "" when there is none.
func Dir() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		d := filepath.Join(dir, "shared", "conformance", "reconciliation-0.2")
		if _, err := os.Stat(filepath.Join(d, "schemas")); err == nil {
			return d
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Schemas holds the compiled schemas by file name without ".json" ("manifest",
// "reconciliation-result-batch", …).
type Schemas struct {
	dir      string
	compiled map[string]*jsonschema.Schema
}

// Load compiles every schema of the suite, or skips the test when the suite is absent.
func Load(tb testing.TB) *Schemas {
	tb.Helper()
	dir := Dir()
	if dir == "" {
		tb.Skip("../shared/conformance/reconciliation-0.2 is absent: skipping the schema checks")
	}
	c := jsonschema.NewCompiler()
	// The suite's schemas name the unversioned meta-schema; draft 7 is what they are written in.
	c.DefaultDraft(jsonschema.Draft7)
	files, err := filepath.Glob(filepath.Join(dir, "schemas", "*.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no schemas in %s", dir)
	}
	ids := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		// Drop the unversioned "$schema" so the default draft applies.
		b = bytes.Replace(b, []byte(`"$schema": "http://json-schema.org/schema#",`), nil, 1)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		id = strings.TrimSuffix(id, "#")
		if id == "" {
			tb.Fatalf("%s has no $id", f)
		}
		if err := c.AddResource(id, doc); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		ids[strings.TrimSuffix(filepath.Base(f), ".json")] = id
	}
	s := &Schemas{dir: dir, compiled: map[string]*jsonschema.Schema{}}
	for name, id := range ids {
		if name == "openapi" {
			continue
		}
		sch, err := c.Compile(id)
		if err != nil {
			tb.Fatalf("compile %s: %v", name, err)
		}
		s.compiled[name] = sch
	}
	return s
}

// Validate checks a JSON document against the named schema.
func (s *Schemas) Validate(name string, body []byte) error {
	sch, ok := s.compiled[name]
	if !ok {
		return os.ErrNotExist
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return err
	}
	return sch.Validate(doc)
}

// Check fails the test when body does not validate against the named schema.
func (s *Schemas) Check(tb testing.TB, name string, body []byte) {
	tb.Helper()
	if err := s.Validate(name, body); err != nil {
		tb.Errorf("answer does not validate against %s.json: %v\n%s", name, err, body)
	}
}

// Examples returns the suite's example files of a schema that should (valid) or should not
// validate.
func (s *Schemas) Examples(name string, valid bool) []string {
	sub := "invalid"
	if valid {
		sub = "valid"
	}
	files, _ := filepath.Glob(filepath.Join(s.dir, "examples", name, sub, "*.json"))
	return files
}
