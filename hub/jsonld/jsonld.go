// Package jsonld serves the hub's RDF as JSON-LD 1.1 and reads clients' JSON and JSON-LD back into
// triples. It is the only package that imports json-gold.
//
// The hub compacts everything against one context it hosts itself. json-gold's public API
// re-parses the context on every call, which dominates the cost of a small resource, so a
// Processor parses it once and drives json-gold's lower-level JsonLdApi with that active context.
// No remote document is ever fetched: contexts resolve only from the hub's own and the known
// ones configured at construction.
package jsonld

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/piprate/json-gold/ld"
)

// Processor compacts, expands and parses JSON-LD against the hub's context. It is safe for
// concurrent use: the cached active context and its inverse are built in NewProcessor and only
// read afterwards.
type Processor struct {
	contextURL string
	opts       *ld.JsonLdOptions
	ctx        *ld.Context // the parsed hub context, inverse context pre-built
	graphKey   string      // how the context spells @graph (an alias, or "@graph")
	valueKey   string      // … @value
	typeKey    string      // … @type
	keyRank    map[string]int
	native     bool       // write integers and booleans as JSON values (native.go)
	fast       *compactor // nil: compact everything with json-gold
}

// Option configures a Processor.
type Option func(*loader)

// WithKnownContext lets client documents reference another context by URL; doc is served locally
// in place of fetching url.
func WithKnownContext(url string, doc []byte) Option {
	return func(l *loader) { l.docs[url] = doc }
}

// NewProcessor parses the context document once. contextURL is how documents reference it (and
// what Compact writes as "@context"). contextDoc is a JSON-LD context document, with or without the
// enclosing {"@context": …}.
func NewProcessor(contextURL string, contextDoc []byte, options ...Option) (*Processor, error) {
	l := &loader{docs: map[string][]byte{contextURL: contextDoc}}
	for _, o := range options {
		o(l)
	}
	opts := ld.NewJsonLdOptions("")
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.DocumentLoader = l

	var doc any
	if err := json.Unmarshal(contextDoc, &doc); err != nil {
		return nil, fmt.Errorf("jsonld: context document: %w", err)
	}
	if m, ok := doc.(map[string]any); ok {
		if inner, ok := m["@context"]; ok {
			doc = inner
		}
	}
	ctx, err := ld.NewContext(nil, opts).Parse(doc)
	if err != nil {
		return nil, fmt.Errorf("jsonld: context document: %w", err)
	}
	ctx.GetInverse() // built lazily otherwise, which would be a data race between requests

	p := &Processor{contextURL: contextURL, opts: opts, ctx: ctx}
	for key, keyword := range map[*string]string{&p.graphKey: "@graph", &p.valueKey: "@value", &p.typeKey: "@type"} {
		if *key, err = ctx.CompactIri(keyword, nil, true, false); err != nil {
			return nil, fmt.Errorf("jsonld: context document: %w", err)
		}
	}
	p.keyRank = keyRanks(ctx)
	p.native = termsOnly(doc)
	p.fast = newCompactor(ctx)
	return p, nil
}

// ContextURL returns the URL documents use to reference the hub's context.
func (p *Processor) ContextURL() string { return p.contextURL }

// keyRanks orders the keys of output objects so documents read naturally: @context, then the
// node's id and type (under whatever alias the context gives them), a value object's @value
// before its type or language, then properties A–Z.
func keyRanks(ctx *ld.Context) map[string]int {
	rank := map[string]int{"@context": 0, "@id": 1, "@value": 2, "@type": 3, "@language": 4, "@graph": 5}
	for term, td := range ctx.TermDefinitions {
		if td == nil {
			continue
		}
		if r, ok := rank[td.ID]; ok && r > 0 {
			rank[term] = r
		}
	}
	return rank
}

// loader is json-gold's DocumentLoader for this hub: it answers from memory and refuses every
// other URL, so processing a client's document never reaches the network.
type loader struct {
	docs map[string][]byte
}

func (l *loader) LoadDocument(url string) (*ld.RemoteDocument, error) {
	raw, ok := l.docs[url]
	if !ok {
		return nil, ld.NewJsonLdError(ld.LoadingRemoteContextFailed,
			fmt.Sprintf("context %s is not known to this hub (remote contexts are never fetched)", url))
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&doc); err != nil {
		return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, fmt.Sprintf("context %s: %v", url, err))
	}
	return &ld.RemoteDocument{DocumentURL: url, Document: doc}, nil
}
