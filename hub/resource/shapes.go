package resource

import (
	"fmt"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/shacl"
	"github.com/grunddata/grunddata/model"
	"github.com/grunddata/grunddata/vocab"
)

// checkShapes validates a resource's description, as it is about to be stored, against the
// model's SHACL shapes. This runs after the JSON Schema check and catches what a JSON Schema
// cannot see in the document: the graph's node kinds, datatypes after JSON-LD expansion, the
// nested nodes' own shapes. Violations make an EUnprocessable error whose fields name the
// document's properties and whose report is the SHACL report without values (a submitted
// identity number is not echoed); warnings (such as a reference to a resource of another class
// that the hub cannot see) do not block the write.
func (s *Service) checkShapes(c *model.Class, iri rdf.IRI, triples []rdf.Triple) error {
	if s.shapes == nil {
		return nil
	}
	rep := s.shapes.Validate(triples)
	if rep.Violations() == 0 {
		return nil
	}
	violations := &shacl.Report{}
	for _, r := range rep.Results {
		if r.Severity == vocab.SHViolation {
			violations.Results = append(violations.Results, r)
		}
	}
	e := &hub.Error{
		Code:    hub.EUnprocessable,
		Message: fmt.Sprintf("the %s breaks %d of the model's SHACL constraints", c.Name, len(violations.Results)),
		Report:  violations.JSONLDObject(false),
	}
	for _, r := range violations.Results {
		pointer, detail := s.describeResult(c, iri, triples, r)
		e.Fields = append(e.Fields, hub.FieldError{Pointer: pointer, Detail: detail})
	}
	return e
}

// describeResult names a result by the document's property names: a JSON Pointer to the
// top-level property (the nested property is named in the detail, since the position in an
// array is not known from the graph).
func (s *Service) describeResult(c *model.Class, iri rdf.IRI, triples []rdf.Triple, r shacl.Result) (string, string) {
	msg := r.Message
	if len(r.Messages) > 0 {
		msg = r.Messages[0].String()
	}
	prop := s.slotName(c, r.Path)
	if rdfio.Equal(r.Focus, iri) {
		if prop == "" {
			return "", msg
		}
		return "/" + prop, prop + ": " + msg
	}
	// A nested node: find the top-level property that holds it.
	for _, t := range triples {
		if rdfio.Equal(t.Subj, iri) && rdfio.Equal(t.Obj, r.Focus) {
			top := s.slotName(c, t.Pred)
			nestedClass := c
			if sl := s.schema.SlotByURI(c, t.Pred.String()); sl != nil && s.schema.RangeClass(sl) != nil {
				nestedClass = s.schema.RangeClass(sl)
			}
			inner := s.slotName(nestedClass, r.Path)
			if inner == "" {
				return "/" + top, top + ": " + msg
			}
			return "/" + top, fmt.Sprintf("%s (in %s): %s", inner, top, msg)
		}
	}
	return "", msg
}

// slotName is the document's name for a predicate path of the class, "" for other paths.
func (s *Service) slotName(c *model.Class, path rdf.Term) string {
	iri, ok := path.(rdf.IRI)
	if !ok {
		return ""
	}
	if sl := s.schema.SlotByURI(c, iri.String()); sl != nil {
		return sl.Name
	}
	return s.schema.Compact(iri.String())
}
