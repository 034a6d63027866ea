package connectortest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/knakk/rdf"
)

// Golden renders the stored records for a golden file, in key order: each record's key as a comment,
// then its triples as sorted N-Triples (blank nodes are local to a record, so records are kept apart).
func (s *Sink) Golden() string {
	var b strings.Builder
	for _, k := range s.Keys() {
		r, _ := s.Record(k)
		b.WriteString("# " + r.Key + "\n")
		lines := make([]string, 0, len(r.Triples))
		for _, t := range r.Triples {
			lines = append(lines, t.Subj.Serialize(rdf.NTriples)+" "+t.Pred.Serialize(rdf.NTriples)+" "+t.Obj.Serialize(rdf.NTriples)+" .")
		}
		slices.Sort(lines)
		b.WriteString(strings.Join(lines, "\n"))
		b.WriteString("\n\n")
	}
	return b.String()
}

// CompareGolden fails t when the sink's records (Golden) differ from the golden file at path, showing
// the diff; with update it rewrites the file first, so that a deliberate change of a mapping is
// reviewed as a diff of the file.
func CompareGolden(t *testing.T, s *Sink, path string, update bool) {
	t.Helper()
	got := s.Golden()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
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
