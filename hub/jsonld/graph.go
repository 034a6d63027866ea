package jsonld

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/knakk/rdf"
	"github.com/piprate/json-gold/ld"

	"github.com/grunddata/grunddata/hub/rdfio"
)

const (
	rdfFirst = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
	rdfRest  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
	rdfNil   = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
)

// nodeMapTriples is the "node map to RDF" step of JSON-LD's toRdf, done here rather than by
// json-gold's JsonLdApi.ToRDF for two reasons: json-gold silently drops statements whose IRIs it
// finds invalid (a client's data would vanish without a word), and its check runs a large regular
// expression per IRI, which was two thirds of the cost of reading a document.
func nodeMapTriples(expanded []any) ([]rdf.Triple, error) {
	nodeMap := map[string]any{"@default": map[string]any{}}
	issuer := ld.NewIdentifierIssuer("_:b")
	if _, err := ld.NewJsonLdApi().GenerateNodeMap(expanded, nodeMap, "@default", issuer, "", "", nil); err != nil {
		return nil, err
	}
	for name, g := range nodeMap {
		if m, _ := g.(map[string]any); name != "@default" && len(m) > 0 {
			return nil, fmt.Errorf("named graphs are not accepted (graph %s)", name)
		}
	}
	c := converter{}
	graph, _ := nodeMap["@default"].(map[string]any)
	for _, id := range sortedKeys(graph) {
		node, _ := graph[id].(map[string]any)
		subj, err := c.subject(id)
		if err != nil {
			return nil, err
		}
		for _, prop := range sortedKeys(node) {
			values, _ := node[prop].([]any)
			if prop == "@type" {
				prop = rdfType
				for i, v := range values {
					values[i] = map[string]any{"@id": v}
				}
			} else if strings.HasPrefix(prop, "@") {
				continue
			}
			pred, err := c.predicate(prop)
			if err != nil {
				return nil, err
			}
			for _, v := range values {
				obj, err := c.object(v)
				if err != nil {
					return nil, fmt.Errorf("%s of %s: %w", prop, id, err)
				}
				c.triples = append(c.triples, rdf.Triple{Subj: subj, Pred: pred, Obj: obj})
			}
		}
	}
	return c.triples, nil
}

type converter struct {
	triples []rdf.Triple
	lists   int // blank nodes minted for @list cells, labelled apart from json-gold's _:bN
}

func (c *converter) subject(id string) (rdf.Subject, error) {
	if label, ok := strings.CutPrefix(id, "_:"); ok {
		return rdf.NewBlank(label)
	}
	return absoluteIRI(id)
}

func (c *converter) predicate(p string) (rdf.Predicate, error) {
	if strings.HasPrefix(p, "_:") {
		return nil, fmt.Errorf("property %s is a blank node; only IRIs can be properties", p)
	}
	return absoluteIRI(p)
}

func absoluteIRI(s string) (rdf.IRI, error) {
	if !rdfio.HasScheme(s) {
		return rdf.IRI{}, fmt.Errorf("%q is not an absolute IRI (a relative reference with no base, or a term the context does not define)", s)
	}
	iri, err := rdf.NewIRI(s)
	if err != nil {
		return rdf.IRI{}, fmt.Errorf("invalid IRI %q: %v", s, err)
	}
	return iri, nil
}

func (c *converter) object(v any) (rdf.Object, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("unexpected value %v", v)
	}
	if list, ok := m["@list"]; ok {
		items, _ := list.([]any)
		return c.list(items)
	}
	if val, ok := m["@value"]; ok {
		return literal(val, m)
	}
	id, ok := m["@id"].(string)
	if !ok {
		return nil, fmt.Errorf("unexpected value %v", v)
	}
	if label, ok := strings.CutPrefix(id, "_:"); ok {
		return rdf.NewBlank(label)
	}
	return absoluteIRI(id)
}

// list writes an RDF collection and returns its head.
func (c *converter) list(items []any) (rdf.Object, error) {
	if len(items) == 0 {
		return rdf.NewIRI(rdfNil)
	}
	first, _ := rdf.NewIRI(rdfFirst)
	rest, _ := rdf.NewIRI(rdfRest)
	cells := make([]rdf.Blank, len(items))
	for i := range items {
		cells[i], _ = rdf.NewBlank("l" + strconv.Itoa(c.lists))
		c.lists++
	}
	for i, item := range items {
		obj, err := c.object(item)
		if err != nil {
			return nil, err
		}
		var next rdf.Object
		if i+1 < len(cells) {
			next = cells[i+1]
		} else {
			next, _ = rdf.NewIRI(rdfNil)
		}
		c.triples = append(c.triples,
			rdf.Triple{Subj: cells[i], Pred: first, Obj: obj},
			rdf.Triple{Subj: cells[i], Pred: rest, Obj: next})
	}
	return cells[0], nil
}

// literal converts a value object as JSON-LD's "object to RDF conversion" does: native booleans
// and numbers get their canonical XSD lexical forms.
func literal(val any, m map[string]any) (rdf.Object, error) {
	dt, _ := m["@type"].(string)
	if dt == "@json" {
		return nil, fmt.Errorf("JSON literals (@type @json) are not supported")
	}
	var lex string
	switch v := val.(type) {
	case bool:
		lex = strconv.FormatBool(v)
		if dt == "" {
			dt = xsdNS + "boolean"
		}
	case float64:
		if v == math.Trunc(v) && dt != xsdNS+"double" && math.Abs(v) < 1e21 {
			lex = strconv.FormatInt(int64(v), 10)
			if dt == "" {
				dt = xsdNS + "integer"
			}
		} else {
			lex = ld.GetCanonicalDouble(v)
			if dt == "" {
				dt = xsdNS + "double"
			}
		}
	case string:
		lex = v
	default:
		return nil, fmt.Errorf("unexpected @value %v", val)
	}
	if lang, ok := m["@language"].(string); ok {
		l, err := rdf.NewLangLiteral(lex, lang)
		if err != nil {
			return nil, fmt.Errorf("language tag %q: %v", lang, err)
		}
		return l, nil
	}
	if dt == "" || dt == xsdString {
		return rdf.NewLiteral(lex)
	}
	iri, err := absoluteIRI(dt)
	if err != nil {
		return nil, fmt.Errorf("datatype: %w", err)
	}
	return rdf.NewTypedLiteral(lex, iri), nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
