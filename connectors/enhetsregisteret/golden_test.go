package enhetsregisteret_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/connectors/internal/build"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden pins what the Exempelby Enhetsregisteret dataset maps to, record by record, so that a change of
// the mapping shows up in review as a diff of testdata/exempelby.nt.golden (go test -update).
func TestGolden(t *testing.T) {
	f := setup(t, 100)
	if err := f.sync(t); err != nil {
		t.Fatal(err)
	}
	var records []connectors.Record
	for _, k := range f.sink.Keys() {
		r, _ := f.sink.Record(k)
		records = append(records, r)
	}
	got := build.Golden(records)
	path := filepath.Join("testdata", "exempelby.nt.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("mapping differs from %s (-want +got):\n%s", path, diff)
	}
}
