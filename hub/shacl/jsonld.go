package shacl

import (
	"bytes"
	"encoding/json"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/vocab"
)

// JSONLD returns the report as a compacted JSON-LD document with an inline context (sh:, xsd:),
// the same graph as Triples: one object per result, complex paths as nested objects and lists.
func (r *Report) JSONLD() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(r.JSONLDObject(true)) // maps, strings and bools always encode
	return buf.Bytes()
}

// JSONLDObject is the report as a JSON-LD object for embedding in other JSON (such as a problem
// document); withValues false leaves out sh:value, for answers that must not echo submitted data.
func (r *Report) JSONLDObject(withValues bool) map[string]any {
	results := make([]any, 0, len(r.Results))
	for _, res := range r.Results {
		o := map[string]any{
			"@type":                        "sh:ValidationResult",
			"sh:focusNode":                 termJSON(res.Focus),
			"sh:resultSeverity":            termJSON(res.Severity),
			"sh:sourceConstraintComponent": termJSON(res.Component),
			"sh:sourceShape":               termJSON(res.SourceShape),
		}
		switch {
		case res.path != nil:
			o["sh:resultPath"] = pathJSON(res.path)
		case res.Path != nil:
			o["sh:resultPath"] = termJSON(res.Path)
		}
		if res.Value != nil && withValues {
			o["sh:value"] = termJSON(res.Value)
		}
		var msgs []any
		for _, m := range res.Messages {
			msgs = append(msgs, termJSON(m))
		}
		if len(msgs) == 0 {
			msgs = append(msgs, res.Message)
		}
		o["sh:resultMessage"] = msgs
		results = append(results, o)
	}
	return map[string]any{
		"@context":    map[string]any{"sh": vocab.SHNS, "xsd": vocab.XSDNS},
		"@type":       "sh:ValidationReport",
		"sh:conforms": r.Conforms,
		"sh:result":   results,
	}
}

// termJSON writes a term as a JSON-LD node reference or value object.
func termJSON(t rdf.Term) map[string]any {
	switch t := t.(type) {
	case rdf.IRI:
		return map[string]any{"@id": t.String()}
	case rdf.Blank:
		return map[string]any{"@id": "_:" + t.String()}
	case rdf.Literal:
		if t.Lang() != "" {
			return map[string]any{"@value": t.String(), "@language": t.Lang()}
		}
		if dt := datatypeOf(t); dt != xsd+"string" {
			return map[string]any{"@value": t.String(), "@type": dt}
		}
		return map[string]any{"@value": t.String()}
	}
	return nil
}

// pathJSON writes a property path in SHACL's RDF form as JSON-LD.
func pathJSON(p *path) any {
	list := func(elems []*path) map[string]any {
		items := make([]any, len(elems))
		for i, e := range elems {
			items[i] = pathJSON(e)
		}
		return map[string]any{"@list": items}
	}
	switch p.kind {
	case pathPredicate:
		return termJSON(p.term)
	case pathSequence:
		return list(p.elems)
	case pathAlternative:
		return map[string]any{"sh:alternativePath": list(p.elems)}
	}
	key := map[pathKind]string{
		pathInverse: "sh:inversePath", pathZeroOrMore: "sh:zeroOrMorePath",
		pathOneOrMore: "sh:oneOrMorePath", pathZeroOrOne: "sh:zeroOrOnePath",
	}[p.kind]
	return map[string]any{key: pathJSON(p.elems[0])}
}
