package sync

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/shacl"
	"github.com/grunddata/grunddata/vocab"
)

// SHACL returns a Validator that quarantines a record when what it says breaks the shapes: a wrong
// datatype, pattern, range, class, code list or too many values. A value the record does not give
// (sh:minCount, sh:qualifiedMinCount) does not block it: a resource's data comes from several
// sources — a payroll report names a unit the business register names — so one record is rarely
// the whole resource; the golden record is checked as a whole elsewhere.
func SHACL(v *shacl.Validator) Validator {
	return func(_ context.Context, triples []rdf.Triple) error {
		var lines []string
		for _, res := range v.Validate(triples).Results {
			if res.Severity != vocab.SHViolation || incomplete(res.Component) {
				continue
			}
			field := "record"
			if iri, ok := res.Path.(rdf.IRI); ok {
				field = localName(iri.String())
			}
			msg := res.Message
			if len(res.Messages) > 0 {
				msg = res.Messages[0].String()
			}
			lines = append(lines, fmt.Sprintf("%s: %s (%s)", field, msg, localName(res.Component.String())))
		}
		if len(lines) == 0 {
			return nil
		}
		return errors.New(strings.Join(lines, "; "))
	}
}

func incomplete(component rdf.IRI) bool {
	c := component.String()
	return c == vocab.SHNS+"MinCountConstraintComponent" || c == vocab.SHNS+"QualifiedMinCountConstraintComponent"
}

func localName(iri string) string {
	if i := strings.LastIndexAny(iri, "#/"); i >= 0 {
		return iri[i+1:]
	}
	return iri
}

// RecordShapes adapts shapes for checking one record at a time: it drops the cardinality minimums
// (sh:minCount, sh:qualifiedMinCount: another source may give the value) and the shapes of severity
// warning or info (such as the class of a linked resource, which lives in another record). Without
// the latter, a nested value would fail its sh:node because of a mere warning inside it (a node
// conforms to a shape only when validation gives no result at all).
func RecordShapes(shapes []rdf.Triple) []rdf.Triple {
	soft := map[string]bool{}
	for _, t := range shapes {
		if t.Pred == vocab.SHSeverity && t.Obj != vocab.SHViolation {
			soft[t.Subj.String()] = true
		}
	}
	out := make([]rdf.Triple, 0, len(shapes))
	for _, t := range shapes {
		switch {
		case t.Pred == vocab.SHMinCount || t.Pred == vocab.SHQualifiedMinCount:
		case t.Pred == vocab.SHProperty && soft[t.Obj.String()]:
		default:
			out = append(out, t)
		}
	}
	return out
}
