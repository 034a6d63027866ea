package enhetsregisteret_test

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/grunddata/grunddata/connectors/connectortest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden pins what the Exempelby Enhetsregisteret dataset maps to, record by record, so that a change of
// the mapping shows up in review as a diff of testdata/exempelby.nt.golden (go test -update).
func TestGolden(t *testing.T) {
	f := setup(t, 100)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	connectortest.CompareGolden(t, f.sink, filepath.Join("testdata", "exempelby.nt.golden"), *update)
}
