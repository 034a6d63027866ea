package resource

import (
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/model"
	"github.com/grunddata/grunddata/vocab"
)

// visible returns the triples of the description of root that the caller may see. It walks from the
// root through the blank nodes it reaches, so a nested object (an identifier, a period) is shown only
// when the property that holds it is. Each property's visibility is the strictest of its class's,
// its own and that of everything above it. Protected data is never returned here, whoever asks.
func (s *Service) visible(root rdf.IRI, c *model.Class, triples []rdf.Triple, caller Caller) []rdf.Triple {
	bySubject := make(map[string][]rdf.Triple)
	for _, t := range triples {
		k := rdfio.TermString(t.Subj)
		bySubject[k] = append(bySubject[k], t)
	}
	withheld := withheldForProtectedIdentity(s.schema, c, bySubject[rdfio.TermString(root)])
	var out []rdf.Triple
	visited := map[string]bool{}
	var walk func(node rdf.Term, cls *model.Class, floor model.Visibility, isRoot bool)
	walk = func(node rdf.Term, cls *model.Class, floor model.Visibility, isRoot bool) {
		k := rdfio.TermString(node)
		if visited[k] {
			return
		}
		visited[k] = true
		for _, t := range bySubject[k] {
			if sameTerm(t.Pred, vocab.RDFType) {
				out = append(out, t)
				continue
			}
			vis := floor
			var slot *model.Slot
			if cls != nil {
				slot = s.schema.SlotByURI(cls, t.Pred.String())
			}
			if slot != nil {
				vis = max(vis, slot.Visibility)
				if isRoot && withheld[slot.Name] {
					continue
				}
			}
			if vis == model.Protected || vis > caller.Clearance {
				continue
			}
			out = append(out, t)
			if b, ok := t.Obj.(rdf.Blank); ok {
				var next *model.Class
				if slot != nil {
					next = s.schema.RangeClass(slot)
				}
				walk(b, next, vis, false)
			}
		}
	}
	walk(root, c, c.Visibility, true)
	return rdfio.SortTriples(out)
}

// withheldForProtectedIdentity names the slots of a resource that must not leave the hub because the
// person has a protected identity: the model marks them protectable (where they live, how to reach
// them). Any protection level but "unprotected" counts.
func withheldForProtectedIdentity(schema *model.Schema, c *model.Class, rootTriples []rdf.Triple) map[string]bool {
	protected := false
	for _, t := range rootTriples {
		if sameTerm(t.Pred, vocab.GDProtectionLevel) && !sameTerm(t.Obj, vocab.GDUnprotected) {
			protected = true
		}
	}
	if !protected {
		return nil
	}
	withheld := map[string]bool{}
	for _, sl := range schema.SlotsOf(c) {
		if sl.Protectable {
			withheld[sl.Name] = true
		}
	}
	return withheld
}
