package build

import (
	"slices"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
)

// Golden renders records for a golden file: each record's key as a comment, then its triples as
// sorted N-Triples (blank nodes are local to a record, so records are kept apart).
func Golden(records []connectors.Record) string {
	var b strings.Builder
	for _, r := range records {
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
