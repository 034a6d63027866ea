package jsonld

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/knakk/rdf"
)

const (
	rdfType   = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	xsdNS     = "http://www.w3.org/2001/XMLSchema#"
	xsdString = xsdNS + "string"
)

// node is one subject's description while the expanded document is built.
type node struct {
	id    string // IRI or "_:label"
	blank bool
	types []any            // @type values (IRIs)
	props map[string][]any // property IRI → expanded values, in canonical object order
	order []string         // property IRIs in first-seen (canonical) order
}

// expandedNodes turns triples into expanded JSON-LD node objects, embedding every blank node that
// is referenced exactly once into the node that references it. It returns the top-level node
// objects: IRIs in IRI order, then the blank nodes that could not be embedded. Blank nodes that
// still need an id are relabelled _:b0, _:b1, … in document order, so output does not depend on
// store-internal labels beyond their order.
//
// Values keep their lexical form ({"@value": "042", "@type": xsd:integer}) rather than becoming
// JSON numbers, so that ToRDF of the output gives back exactly the same literals.
func expandedNodes(triples []rdf.Triple) []map[string]any {
	triples = sortTriples(triples)
	nodes := map[string]*node{}
	var subjects []*node
	refs := map[string]int{}        // blank node → number of references as object
	referrer := map[string]string{} // blank node → the subject referencing it (when once)
	for _, t := range triples {
		sid := termID(t.Subj)
		n, ok := nodes[sid]
		if !ok {
			n = &node{id: sid, blank: t.Subj.Type() == rdf.TermBlank, props: map[string][]any{}}
			nodes[sid] = n
			subjects = append(subjects, n)
		}
		pred := t.Pred.String()
		if pred == rdfType && t.Obj.Type() == rdf.TermIRI {
			n.types = append(n.types, t.Obj.String())
			continue
		}
		if t.Obj.Type() == rdf.TermBlank {
			oid := termID(t.Obj)
			refs[oid]++
			referrer[oid] = sid
		}
		if _, seen := n.props[pred]; !seen {
			n.order = append(n.order, pred)
		}
		n.props[pred] = append(n.props[pred], valueObject(t.Obj))
	}

	e := embedder{nodes: nodes, refs: refs, referrer: referrer, placed: map[string]bool{}, labels: map[string]string{}}
	// sortTriples put IRI subjects before blank ones.
	var top []*node
	for _, n := range subjects {
		if !e.embeddable(n.id) {
			top = append(top, n)
			e.placed[n.id] = true
		}
	}
	// Blank nodes referenced once only from within a cycle of such nodes are reachable from no
	// top-level node; promote the first of each such cycle.
	var out []map[string]any
	for i := 0; i < len(top); i++ {
		out = append(out, e.object(top[i], true))
		if i == len(top)-1 {
			for _, n := range subjects {
				if !e.placed[n.id] {
					e.placed[n.id] = true
					top = append(top, n)
					break
				}
			}
		}
	}
	return out
}

// sortTriples returns a sorted, duplicate-free copy of ts: subjects IRIs first, then blank nodes;
// then predicate; then object. It compares term fields in place rather than building
// rdfio.TermString keys, which cost a sixth of Compact's time; the order differs from TermString
// order but is just as total, which is all determinism needs.
func sortTriples(ts []rdf.Triple) []rdf.Triple {
	ts = slices.Clone(ts)
	slices.SortFunc(ts, compareTriples)
	return slices.CompactFunc(ts, func(a, b rdf.Triple) bool { return compareTriples(a, b) == 0 })
}

func compareTriples(a, b rdf.Triple) int {
	if c := compareTerms(a.Subj, b.Subj); c != 0 {
		return c
	}
	if c := strings.Compare(a.Pred.String(), b.Pred.String()); c != 0 {
		return c
	}
	return compareTerms(a.Obj, b.Obj)
}

// termRank puts IRIs before blank nodes before literals.
var termRank = [...]int{rdf.TermIRI: 0, rdf.TermBlank: 1, rdf.TermLiteral: 2}

func compareTerms(a, b rdf.Term) int {
	if c := termRank[a.Type()] - termRank[b.Type()]; c != 0 {
		return c
	}
	if c := strings.Compare(a.String(), b.String()); c != 0 {
		return c
	}
	la, okA := a.(rdf.Literal)
	lb, okB := b.(rdf.Literal)
	if !okA || !okB {
		return 0
	}
	if c := strings.Compare(la.DataType.String(), lb.DataType.String()); c != 0 {
		return c
	}
	return strings.Compare(strings.ToLower(la.Lang()), strings.ToLower(lb.Lang()))
}

func termID(t rdf.Term) string {
	if t.Type() == rdf.TermBlank {
		return "_:" + t.String()
	}
	return t.String()
}

func valueObject(o rdf.Object) map[string]any {
	switch o := o.(type) {
	case rdf.Literal:
		v := map[string]any{"@value": o.String()}
		switch dt := o.DataType.String(); {
		case o.Lang() != "":
			v["@language"] = o.Lang()
		case dt != xsdString && dt != "":
			v["@type"] = dt
		}
		return v
	default:
		return map[string]any{"@id": termID(o)}
	}
}

type embedder struct {
	nodes    map[string]*node
	refs     map[string]int
	referrer map[string]string
	placed   map[string]bool
	labels   map[string]string // original blank id → output label
}

// embeddable reports whether id is a blank node that one other node references exactly once.
func (e *embedder) embeddable(id string) bool {
	return strings.HasPrefix(id, "_:") && e.refs[id] == 1 && e.referrer[id] != id
}

// object renders n as an expanded node object, recursively embedding embeddable blank nodes.
func (e *embedder) object(n *node, topLevel bool) map[string]any {
	obj := make(map[string]any, len(n.props)+2)
	switch {
	case !n.blank:
		obj["@id"] = n.id
	case topLevel && e.refs[n.id] > 0:
		obj["@id"] = e.label(n.id)
	}
	if len(n.types) > 0 {
		obj["@type"] = slices.Clone(n.types)
	}
	for _, p := range n.order {
		vals := make([]any, 0, len(n.props[p]))
		for _, v := range n.props[p] {
			vals = append(vals, e.value(v.(map[string]any)))
		}
		sortEmbedded(vals)
		obj[p] = vals
	}
	return obj
}

func (e *embedder) value(v map[string]any) map[string]any {
	id, ok := v["@id"].(string)
	if !ok || !strings.HasPrefix(id, "_:") {
		return v
	}
	if e.embeddable(id) && !e.placed[id] {
		e.placed[id] = true
		if child, ok := e.nodes[id]; ok {
			return e.object(child, false)
		}
		// A blank node with no description of its own: an empty node object is still a
		// (fresh) blank node when read back.
		return map[string]any{}
	}
	return map[string]any{"@id": e.label(id)}
}

func (e *embedder) label(id string) string {
	l, ok := e.labels[id]
	if !ok {
		l = "_:b" + strconv.Itoa(len(e.labels))
		e.labels[id] = l
	}
	return l
}

// sortEmbedded orders the embedded blank nodes among a property's values by their content, so
// that the order does not depend on the labels a store happened to give them. They go after the
// IRIs and literals, which are already in canonical order.
func sortEmbedded(vals []any) {
	if len(vals) < 2 {
		return
	}
	keys := make(map[int]string)
	idx := make([]int, len(vals))
	for i, v := range vals {
		idx[i] = i
		m := v.(map[string]any)
		_, hasID := m["@id"]
		_, hasValue := m["@value"]
		if !hasID && !hasValue {
			b, _ := json.Marshal(m) // sorted keys: a canonical key for the content
			keys[i] = string(b)
		}
	}
	if len(keys) == 0 {
		return
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		ka, embA := keys[a]
		kb, embB := keys[b]
		switch {
		case embA != embB:
			if embA {
				return 1
			}
			return -1
		case embA:
			return strings.Compare(ka, kb)
		}
		return 0
	})
	sorted := make([]any, len(vals))
	for i, j := range idx {
		sorted[i] = vals[j]
	}
	copy(vals, sorted)
}
