package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/grunddata/grunddata"

type listedPackage struct {
	ImportPath string
	Imports    []string // direct imports of the non-test files
	Deps       []string // transitive dependencies of the non-test files
}

// listPackages runs `go list -e` over the whole module. -e keeps packages that do not build yet
// (other parts of the repo may be half-written) in the list instead of failing.
func listPackages(t *testing.T) []listedPackage {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not available")
	}
	cmd := exec.Command("go", "list", "-e", "-json=ImportPath,Imports,Deps", module+"/...")
	cmd.Dir = ".."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// under tells whether pkg is dir or inside it, dir given relative to the module.
func under(pkg, dir string) bool {
	p := module + "/" + dir
	return pkg == p || strings.HasPrefix(pkg, p+"/")
}

func ours(pkg string) bool { return pkg == module || strings.HasPrefix(pkg, module+"/") }

// TestImportDirections enforces DESIGN §4 and STYLE: the layers only depend downward, and each
// heavy dependency stays inside the one package that wraps it.
func TestImportDirections(t *testing.T) {
	wrapped := []struct{ dep, owner string }{
		{"github.com/dgraph-io/badger", "hub/store"},
		{"github.com/gin-gonic/gin", "hub/http"},
		{"github.com/piprate/json-gold", "hub/jsonld"},
	}
	for _, p := range listPackages(t) {
		for _, imp := range p.Imports {
			for _, w := range wrapped {
				if (imp == w.dep || strings.HasPrefix(imp, w.dep+"/")) && !under(p.ImportPath, w.owner) {
					t.Errorf("%s imports %s; only %s may", p.ImportPath, imp, w.owner)
				}
			}
		}
		switch {
		case under(p.ImportPath, "vocab"):
			for _, d := range p.Deps {
				if ours(d) && !under(d, "vocab") {
					t.Errorf("%s depends on %s; vocab imports nothing of ours", p.ImportPath, d)
				}
			}
		case under(p.ImportPath, "model"):
			for _, d := range p.Deps {
				if ours(d) && !under(d, "vocab") && !under(d, "model") {
					t.Errorf("%s depends on %s; model may import only vocab", p.ImportPath, d)
				}
			}
		case under(p.ImportPath, "connectors"):
			for _, d := range p.Deps {
				if under(d, "hub/http") {
					t.Errorf("%s depends on %s; connectors never import hub/http", p.ImportPath, d)
				}
			}
		}
	}
}

// TestModelThirdPartyImports keeps the model light: the standard library, vocab, yaml.v3 and the
// JSON Schema compiler only.
func TestModelThirdPartyImports(t *testing.T) {
	allowed := []string{"gopkg.in/yaml.v3", "github.com/santhosh-tekuri/jsonschema/v6"}
	for _, p := range listPackages(t) {
		if !under(p.ImportPath, "model") {
			continue
		}
		for _, imp := range p.Imports {
			if ours(imp) || !strings.Contains(strings.Split(imp, "/")[0], ".") {
				continue // our own packages are checked above; no dot means the standard library
			}
			ok := false
			for _, a := range allowed {
				ok = ok || imp == a || strings.HasPrefix(imp, a+"/")
			}
			if !ok {
				t.Errorf("%s imports %s; model may use only %v besides the standard library", p.ImportPath, imp, allowed)
			}
		}
	}
}
