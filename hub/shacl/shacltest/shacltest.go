// Package shacltest finds the official conformance material (W3C SHACL Core suite, DCAT-AP and
// SEMIC shapes) for the tests of the packages that validate with hub/shacl. Test support only.
package shacltest

import (
	"os"
	"path/filepath"
)

// ConformanceDir returns the folder shared/conformance/name beside the repository, looking
// upwards from the working directory so that it is found from git worktrees too; "" when there
// is none, and the caller skips its test.
func ConformanceDir(name string) string {
	dir, err := filepath.Abs(".")
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, "shared", "conformance", name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
