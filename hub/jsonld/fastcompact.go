package jsonld

import (
	"slices"
	"strings"
	"sync"

	"github.com/piprate/json-gold/ld"
)

// compactor is JSON-LD compaction for the documents the hub writes, without json-gold's cost.
//
// json-gold selects a term for every value of every property (IRI compaction with the inverse
// context), and for every IRI it writes it tries each term of the context as a prefix; for one
// person that was most of the time a GET took. The outcome of term selection depends only on the
// property and on the kind of value (node reference, embedded node, or literal with its datatype or
// language), and an IRI that no term of the context is a prefix of compacts to itself, so this
// compactor asks json-gold once per (property, kind of value) and remembers the answer, and passes
// such IRIs through untouched. Everything else follows json-gold's compaction algorithm
// (ld.JsonLdApi.Compact) step by step for the subset of JSON-LD the hub's context and
// expandedNodes use: terms with an IRI, an optional type mapping and an optional @set container.
//
// A context outside that subset (scoped contexts, @reverse, @nest, language or direction mappings,
// other containers, a default vocabulary, language or base) disables the compactor, and input
// outside it (lists, @index, native JSON values) makes compact report ok=false; the caller then
// uses json-gold. Tests compare the two on the demo data and on generated graphs.
type compactor struct {
	ctx *ld.Context

	idAlias, typeAlias, valueAlias, languageAlias string
	typeAsArray                                   bool // the @type alias has an @set container

	termIRIs map[string]bool     // IRIs some term maps to exactly
	prefixes map[string][]string // term IRIs by authority key (see authority)
	loose    []string            // term IRIs too short to have an authority key

	mu    sync.RWMutex
	terms map[termKey]string   // (property, kind of value) → selected term
	iris  map[iriKey]string    // IRIs that need json-gold's IRI compaction → result
	lits  map[litKey]litResult // (term, datatype or language) → how a literal compacts
}

// maxMemo bounds each memo: beyond it answers are computed and not kept, so hostile data cannot
// grow memory without bound.
const maxMemo = 1 << 14

type termKey struct {
	property string
	kind     valueKind
	detail   string // datatype or language of a literal
}

type valueKind uint8

const (
	kindRef      valueKind = iota // {"@id": …} referring to an IRI that is no term's IRI
	kindRefTerm                   // {"@id": …} referring to an IRI a term maps to (@vocab preferred)
	kindNode                      // an embedded node object
	kindPlain                     // a string literal
	kindTyped                     // a literal with a datatype
	kindLanguage                  // a literal with a language tag
)

type iriKey struct {
	iri   string
	vocab bool
}

type litKey struct {
	term   string
	kind   valueKind
	detail string
}

// litResult is how a literal compacts under a term: to its bare lexical form, or to a value object.
type litResult struct{ bare bool }

// newCompactor returns nil when ctx uses JSON-LD beyond the subset the compactor handles.
func newCompactor(ctx *ld.Context) *compactor {
	if v := ctx.Values; v == nil || v.Vocab != nil || v.HasLanguage || v.Base != "" || v.Direction != "" {
		return nil
	}
	c := &compactor{ctx: ctx, termIRIs: map[string]bool{}, prefixes: map[string][]string{},
		terms: map[termKey]string{}, iris: map[iriKey]string{}, lits: map[litKey]litResult{}}
	for _, td := range ctx.TermDefinitions {
		if td == nil {
			continue
		}
		if td.Reverse || td.Nest != "" || td.HasContext || td.HasLanguage || td.HasDirection || td.Index != "" {
			return nil
		}
		for _, container := range td.Container {
			if container != "@set" {
				return nil
			}
		}
		if strings.HasPrefix(td.ID, "@") {
			continue // a keyword alias
		}
		c.termIRIs[td.ID] = true
		if key, ok := authority(td.ID); ok {
			c.prefixes[key] = append(c.prefixes[key], td.ID)
		} else {
			c.loose = append(c.loose, td.ID)
		}
	}
	var err error
	alias := func(keyword string, vocab bool) string {
		var a string
		if err == nil {
			a, err = ctx.CompactIri(keyword, nil, vocab, false)
		}
		return a
	}
	c.idAlias = alias("@id", true)
	c.typeAlias = alias("@type", true)
	c.valueAlias = alias("@value", false)
	c.languageAlias = alias("@language", false)
	if err != nil {
		return nil
	}
	c.typeAsArray = slices.Contains(ctx.GetContainer(c.typeAlias), "@set")
	return c
}

// authority returns the part of an IRI up to the end of its authority ("https://host/") or, for an
// IRI without one, up to its scheme's colon ("urn:"). Two IRIs can only be prefixes of one another
// when they share it, or when the shorter one ends before it (those are kept in loose).
func authority(iri string) (string, bool) {
	if i := strings.Index(iri, "://"); i >= 0 {
		if j := strings.IndexByte(iri[i+3:], '/'); j >= 0 {
			return iri[:i+3+j+1], true
		}
		return "", false
	}
	if i := strings.IndexByte(iri, ':'); i >= 0 {
		return iri[:i+1], true
	}
	return "", false
}

// nodes compacts the top-level node objects as json-gold's Compact(ctx, "", nodes, true) does.
func (c *compactor) nodes(top []map[string]any) (any, bool) {
	out := make([]any, 0, len(top))
	for _, n := range top {
		m, ok := c.node(n)
		if !ok {
			return nil, false
		}
		out = append(out, m)
	}
	if len(out) == 1 {
		return out[0], true
	}
	return out, true
}

// node compacts a node object (an embedded one has no @id).
func (c *compactor) node(n map[string]any) (map[string]any, bool) {
	out := make(map[string]any, len(n))
	for key, val := range n {
		switch key {
		case "@id":
			id, ok := val.(string)
			if !ok {
				return nil, false
			}
			out[c.idAlias] = c.iri(id, false)
		case "@type":
			types, ok := val.([]any)
			if !ok {
				return nil, false
			}
			compacted := make([]any, len(types))
			for i, t := range types {
				s, ok := t.(string)
				if !ok {
					return nil, false
				}
				compacted[i] = c.iri(s, true)
			}
			if len(compacted) == 1 && !c.typeAsArray {
				out[c.typeAlias] = compacted[0]
			} else {
				out[c.typeAlias] = compacted
			}
		default:
			if strings.HasPrefix(key, "@") {
				return nil, false
			}
			values, ok := val.([]any)
			if !ok || len(values) == 0 {
				return nil, false
			}
			for _, v := range values {
				item, ok := v.(map[string]any)
				if !ok {
					return nil, false
				}
				if !c.property(out, key, item) {
					return nil, false
				}
			}
		}
	}
	return out, true
}

// property compacts one value of an expanded property into out.
func (c *compactor) property(out map[string]any, property string, item map[string]any) bool {
	kind, detail, ok := c.classify(item)
	if !ok {
		return false
	}
	term, ok := c.term(property, kind, detail, item)
	if !ok {
		return false
	}
	var compacted any
	switch kind {
	case kindRef, kindRefTerm:
		id := item["@id"].(string)
		switch c.typeMapping(term) {
		case "@id":
			compacted = c.iri(id, false)
		case "@vocab":
			compacted = c.iri(id, true)
		default:
			compacted = map[string]any{c.idAlias: c.iri(id, false)}
		}
	case kindNode:
		m, ok := c.node(item)
		if !ok {
			return false
		}
		compacted = m
	default:
		bare, ok := c.literal(term, kind, detail, item)
		if !ok {
			return false
		}
		if bare {
			compacted = item["@value"]
		} else {
			m := map[string]any{c.valueAlias: item["@value"]}
			switch kind {
			case kindTyped:
				dt := c.iri(detail, true)
				if c.typeAsArray {
					m[c.typeAlias] = []any{dt}
				} else {
					m[c.typeAlias] = dt
				}
			case kindLanguage:
				m[c.languageAlias] = detail
			}
			compacted = m
		}
	}
	// ld.AddValue with asArray when the term has an @set container (compactArrays is on).
	asArray := slices.Contains(c.ctx.GetContainer(term), "@set")
	switch prev, exists := out[term]; {
	case !exists && asArray:
		out[term] = []any{compacted}
	case !exists:
		out[term] = compacted
	default:
		list, isList := prev.([]any)
		if !isList {
			list = []any{prev}
		}
		out[term] = append(list, compacted)
	}
	return true
}

// classify names the kind of an expanded value, as far as term selection can tell kinds apart.
func (c *compactor) classify(item map[string]any) (valueKind, string, bool) {
	if v, ok := item["@value"]; ok {
		if _, isString := v.(string); !isString {
			return 0, "", false
		}
		lang, hasLang := item["@language"].(string)
		dt, hasType := item["@type"].(string)
		switch {
		case len(item) == 1:
			return kindPlain, "", true
		case len(item) == 2 && hasLang:
			return kindLanguage, lang, true
		case len(item) == 2 && hasType:
			return kindTyped, dt, true
		}
		return 0, "", false
	}
	if id, ok := item["@id"].(string); ok && len(item) == 1 {
		if c.termIRIs[id] {
			return kindRefTerm, "", true
		}
		return kindRef, "", true
	}
	if _, isList := item["@list"]; isList {
		return 0, "", false
	}
	if _, hasID := item["@id"]; hasID {
		return 0, "", false // embedded nodes carry no @id in expandedNodes' output
	}
	return kindNode, "", true
}

// term is the term json-gold selects for a value of this kind of property, memoised.
func (c *compactor) term(property string, kind valueKind, detail string, item map[string]any) (string, bool) {
	key := termKey{property, kind, detail}
	if kind == kindNode {
		key.detail = ""
	}
	c.mu.RLock()
	term, ok := c.terms[key]
	c.mu.RUnlock()
	if ok {
		return term, true
	}
	sample := item
	if kind == kindNode {
		sample = map[string]any{} // selection looks only at whether a node object has @type maps; none here
	}
	term, err := c.ctx.CompactIri(property, sample, true, false)
	if err != nil {
		return "", false
	}
	c.remember(func() {
		if len(c.terms) < maxMemo {
			c.terms[key] = term
		}
	})
	return term, true
}

// literal reports whether a literal of this kind compacts to its bare lexical form under term.
func (c *compactor) literal(term string, kind valueKind, detail string, item map[string]any) (bool, bool) {
	key := litKey{term, kind, detail}
	c.mu.RLock()
	r, ok := c.lits[key]
	c.mu.RUnlock()
	if ok {
		return r.bare, true
	}
	v, err := c.ctx.CompactValue(term, item)
	if err != nil {
		return false, false
	}
	_, isMap := v.(map[string]any)
	r = litResult{bare: !isMap}
	c.remember(func() {
		if len(c.lits) < maxMemo {
			c.lits[key] = r
		}
	})
	return r.bare, true
}

func (c *compactor) typeMapping(term string) string {
	if td := c.ctx.GetTermDefinition(term); td != nil {
		return td.Type
	}
	return ""
}

// iri compacts an IRI as json-gold's CompactIri(iri, nil, vocab, false): unchanged when no term's
// IRI could be its prefix (nor, with vocab, equal to it); otherwise asked of json-gold, memoised.
func (c *compactor) iri(iri string, vocab bool) string {
	if !c.mayCompact(iri) {
		return iri
	}
	key := iriKey{iri, vocab}
	c.mu.RLock()
	s, ok := c.iris[key]
	c.mu.RUnlock()
	if ok {
		return s
	}
	s, err := c.ctx.CompactIri(iri, nil, vocab, false)
	if err != nil {
		return iri // json-gold fails only on keywords it cannot alias; the IRI itself is correct
	}
	c.remember(func() {
		if len(c.iris) < maxMemo {
			c.iris[key] = s
		}
	})
	return s
}

// mayCompact reports whether some term's IRI is a prefix of iri (or equal to it), or iri is a
// keyword.
func (c *compactor) mayCompact(iri string) bool {
	if strings.HasPrefix(iri, "@") {
		return true
	}
	for _, p := range c.loose {
		if strings.HasPrefix(iri, p) {
			return true
		}
	}
	key, ok := authority(iri)
	if !ok {
		return false
	}
	for _, p := range c.prefixes[key] {
		if strings.HasPrefix(iri, p) {
			return true
		}
	}
	return false
}

func (c *compactor) remember(store func()) {
	c.mu.Lock()
	store()
	c.mu.Unlock()
}
