package rdfio

import "github.com/knakk/rdf"

// ScopeBlankNodes renames every blank node label l in qs (in place) to prefix+l. Blank node labels
// are local to the document they come from; parsers number them from b0 in every document, so two
// documents loaded into one store would share nodes unless each gets its own prefix. A prefix derived
// from where the document came from keeps reloading the same document idempotent.
func ScopeBlankNodes(qs []rdf.Quad, prefix string) []rdf.Quad {
	for i := range qs {
		qs[i] = ScopeQuad(qs[i], prefix)
	}
	return qs
}

// ScopeQuad renames the blank nodes of one quad as ScopeBlankNodes does.
func ScopeQuad(q rdf.Quad, prefix string) rdf.Quad {
	if b, ok := q.Subj.(rdf.Blank); ok {
		q.Subj = scoped(b, prefix)
	}
	if b, ok := q.Obj.(rdf.Blank); ok {
		q.Obj = scoped(b, prefix)
	}
	if b, ok := q.Ctx.(rdf.Blank); ok {
		q.Ctx = scoped(b, prefix)
	}
	return q
}

func scoped(b rdf.Blank, prefix string) rdf.Blank {
	nb, err := rdf.NewBlank(prefix + b.String())
	if err != nil {
		return b // unreachable: the label is not empty
	}
	return nb
}
