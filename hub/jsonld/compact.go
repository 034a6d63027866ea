package jsonld

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/grunddata/grunddata/hub"
	"github.com/knakk/rdf"
	"github.com/piprate/json-gold/ld"
)

// Compact returns the compacted JSON-LD document for triples, with "@context": ContextURL(). When
// the triples describe one top-level node (the others being blank nodes it reaches, each
// referenced once) the document is that node object, with the blank nodes embedded and without
// blank node ids; otherwise it is a "@graph" array, IRIs first in IRI order, still embedding blank
// nodes referenced exactly once. The same graph always gives the same bytes.
//
// Errors are hub.EInternal: triples that cannot be compacted point at a broken context.
func (p *Processor) Compact(triples []rdf.Triple) ([]byte, error) {
	top := expandedNodes(triples)
	var compacted any = map[string]any{}
	fast := false
	if p.fast != nil && len(top) > 0 {
		compacted, fast = p.fast.nodes(top)
	}
	if !fast && len(top) > 0 {
		input := make([]any, len(top))
		for i, n := range top {
			input[i] = n
		}
		var err error
		if compacted, err = ld.NewJsonLdApi().Compact(p.ctx, "", input, true); err != nil {
			return nil, &hub.Error{Code: hub.EInternal, Message: "JSON-LD compaction failed", Err: err}
		}
	}
	doc, ok := compacted.(map[string]any)
	if !ok { // several top-level nodes
		doc = map[string]any{p.graphKey: compacted}
	}
	if p.native {
		p.nativeLiterals(doc)
	}
	doc["@context"] = p.contextURL
	return p.marshal(doc)
}

// Expand returns the expanded JSON-LD form of triples (an array of node objects, embedded the same
// way as Compact's output), for clients asking for profile=http://www.w3.org/ns/json-ld#expanded.
func (p *Processor) Expand(triples []rdf.Triple) ([]byte, error) {
	top := expandedNodes(triples)
	arr := make([]any, len(top))
	for i, n := range top {
		arr[i] = n
	}
	return p.marshal(arr)
}

// marshal writes v as indented JSON with object keys in keyRank order, and without HTML escaping
// of <, > and & (these documents are data, not HTML).
func (p *Processor) marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(4096)
	if err := p.writeJSON(&buf, v, 0); err != nil {
		return nil, &hub.Error{Code: hub.EInternal, Message: "JSON encoding failed", Err: err}
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

func writeIndent(buf *bytes.Buffer, depth int) {
	for range depth {
		buf.WriteString("  ")
	}
}

func (p *Processor) writeJSON(buf *bytes.Buffer, v any, depth int) error {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 0 {
			buf.WriteString("{}")
			return nil
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int {
			return cmp.Or(cmp.Compare(p.rank(a), p.rank(b)), strings.Compare(a, b))
		})
		buf.WriteString("{\n")
		for i, k := range keys {
			writeIndent(buf, depth+1)
			if err := writeScalar(buf, k); err != nil {
				return err
			}
			buf.WriteString(": ")
			if err := p.writeJSON(buf, v[k], depth+1); err != nil {
				return err
			}
			if i < len(keys)-1 {
				buf.WriteByte(',')
			}
			buf.WriteByte('\n')
		}
		writeIndent(buf, depth)
		buf.WriteByte('}')
	case []any:
		if len(v) == 0 {
			buf.WriteString("[]")
			return nil
		}
		buf.WriteString("[\n")
		for i, e := range v {
			writeIndent(buf, depth+1)
			if err := p.writeJSON(buf, e, depth+1); err != nil {
				return err
			}
			if i < len(v)-1 {
				buf.WriteByte(',')
			}
			buf.WriteByte('\n')
		}
		writeIndent(buf, depth)
		buf.WriteByte(']')
	default:
		return writeScalar(buf, v)
	}
	return nil
}

func (p *Processor) rank(key string) int {
	if r, ok := p.keyRank[key]; ok {
		return r
	}
	return 6
}

func writeScalar(buf *bytes.Buffer, v any) error {
	// Most values are plain strings; quoting them directly avoids an encoder per value, which was
	// a tenth of Compact's time.
	if s, ok := v.(string); ok && utf8.ValidString(s) && !strings.ContainsFunc(s, needsJSONEscape) {
		buf.WriteByte('"')
		buf.WriteString(s)
		buf.WriteByte('"')
		return nil
	}
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("jsonld: %T: %w", v, err)
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	return nil
}

// needsJSONEscape matches what encoding/json escapes with HTML escaping off.
func needsJSONEscape(r rune) bool {
	return r < 0x20 || r == '"' || r == '\\' || r == 0x2028 || r == 0x2029
}
