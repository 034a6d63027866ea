package jsonld

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/knakk/rdf"
	"github.com/piprate/json-gold/ld"
)

// ToRDF reads a client's JSON or JSON-LD document into triples (sorted canonically). A document
// without "@context" is read with the hub's context; a "@context" that is ContextURL(), or a list
// starting with it, or any URL given to WithKnownContext, resolves locally; any other remote
// context is an error naming the URL, and nothing is fetched. Relative IRIs resolve against base.
//
// Errors are *hub.Error with code EInvalid: invalid JSON (the message gives line and column),
// JSON-LD errors (the message names the JSON-LD error code, e.g. "invalid @id value"), named
// graphs, and terms knakk/rdf cannot hold.
func (p *Processor) ToRDF(doc []byte, base string) ([]rdf.Triple, error) {
	input, err := decodeJSON(doc)
	if err != nil {
		return nil, err
	}
	ctx := p.ctx
	if m, ok := input.(map[string]any); ok {
		var hubFirst bool
		input, hubFirst = p.withoutHubContext(m)
		if _, own := m["@context"]; own && !hubFirst {
			// A document with a context of its own is read as JSON-LD says: from an empty
			// active context, not on top of the hub's terms.
			ctx = ld.NewContext(nil, p.opts)
		}
	}
	// A shallow copy shares the parsed term definitions and the inverse, which expansion only
	// reads; only the base differs per document.
	local := *ctx
	values := *ctx.Values
	values.Base = base
	local.Values = &values
	opts := *p.opts
	opts.Base = base

	expanded, err := ld.NewJsonLdApi().Expand(&local, "", input, &opts, false, nil)
	if err != nil {
		return nil, jsonldError(err)
	}
	triples, err := nodeMapTriples(normalizeExpanded(expanded))
	if err != nil {
		return nil, jsonldError(err)
	}
	return rdfio.SortTriples(triples), nil
}

// withoutHubContext drops a top-level reference to the hub's context (alone or first in a list),
// reporting whether it did: the cached active context already is that context, and parsing it
// again would cost more than the rest of the work.
func (p *Processor) withoutHubContext(m map[string]any) (map[string]any, bool) {
	c, ok := m["@context"]
	if !ok {
		return m, false
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	switch c := c.(type) {
	case string:
		if c == p.contextURL {
			delete(out, "@context")
			return out, true
		}
	case []any:
		if len(c) > 0 && c[0] == p.contextURL {
			if len(c) == 1 {
				delete(out, "@context")
			} else {
				out["@context"] = c[1:]
			}
			return out, true
		}
	}
	return m, false
}

// normalizeExpanded is the last step of the expansion algorithm, which JsonLdApi.Expand leaves to
// its caller: a lone @graph object becomes its array, and the result is always an array.
func normalizeExpanded(v any) []any {
	switch v := v.(type) {
	case nil:
		return []any{}
	case []any:
		return v
	case map[string]any:
		if len(v) == 0 {
			return []any{}
		}
		if g, ok := v["@graph"]; ok && len(v) == 1 {
			if arr, ok := g.([]any); ok {
				return arr
			}
			return []any{g}
		}
		return []any{v}
	}
	return []any{v}
}

// decodeJSON parses doc, reporting syntax errors by line and column.
func decodeJSON(doc []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	var v any
	err := dec.Decode(&v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			return nil, hub.Errorf(hub.EInvalid, "invalid JSON at %s: data after the top-level value",
				position(doc, dec.InputOffset()))
		}
		switch v.(type) {
		case map[string]any, []any:
			return v, nil
		}
		return nil, hub.Errorf(hub.EInvalid, "invalid JSON-LD: the document must be an object or an array")
	}
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		return nil, &hub.Error{Code: hub.EInvalid, Message: fmt.Sprintf("invalid JSON at %s: %v", position(doc, syn.Offset-1), syn), Err: err}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return nil, &hub.Error{Code: hub.EInvalid, Message: fmt.Sprintf("invalid JSON at %s: unexpected end of input", position(doc, int64(len(doc)))), Err: err}
	}
	return nil, &hub.Error{Code: hub.EInvalid, Message: "invalid JSON: " + err.Error(), Err: err}
}

// position renders a byte offset as "line L, column C" (1-based, columns in bytes).
func position(doc []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(doc)))
	before := doc[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := offset - int64(bytes.LastIndexByte(before, '\n'))
	return fmt.Sprintf("line %d, column %d (offset %d)", line, col, offset)
}

func jsonldError(err error) error {
	var je *ld.JsonLdError
	if errors.As(err, &je) {
		return &hub.Error{Code: hub.EInvalid, Message: fmt.Sprintf("invalid JSON-LD: %s: %v", je.Code, je.Details), Err: err}
	}
	return &hub.Error{Code: hub.EInvalid, Message: "invalid JSON-LD: " + err.Error(), Err: err}
}
