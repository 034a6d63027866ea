package model

import "github.com/grunddata/grunddata/vocab"

// ContextPath is where the hub serves the JSON-LD context relative to its base URI.
const ContextPath = "context.jsonld"

// Context returns the one JSON-LD 1.1 context for all classes, as the value of "@context":
// prefixes, "id" and "type" as aliases of @id and @type, class names for class IRIs, slot names
// for property IRIs with type coercion from the range, and enum value names for their meanings.
//
// Coercion rules: date, datetime, integer, decimal, boolean and custom types get their datatype;
// uri ranges and references to other resources get "@id"; enum ranges get "@vocab" so a value
// such as "ProtectedIdentity" expands to its IRI; strings stay plain; multivalued slots get
// "@container": "@set" so compaction always yields arrays for them.
func (s *Schema) Context() map[string]any {
	ctx := map[string]any{
		"@version": 1.1,
		"id":       "@id",
		"type":     "@type",
	}
	for p, ns := range s.Prefixes {
		ctx[p] = ns
	}
	for _, c := range s.Classes {
		ctx[c.Name] = s.Compact(c.URI)
		for _, t := range c.AlsoTypes {
			ctx[localName(t)] = s.Compact(t)
		}
	}
	for _, name := range sortedKeys(s.Slots) {
		sl := s.Slots[name]
		def := map[string]any{"@id": s.Compact(sl.URI)}
		switch {
		case s.RangeEnum(sl) != nil:
			def["@type"] = "@vocab"
		case s.IsReference(sl):
			def["@type"] = "@id"
		default:
			if dt, ok := s.Datatype(sl); ok && dt != builtinString() {
				def["@type"] = s.Compact(dt)
			}
		}
		if s.multivaluedAnywhere(name) {
			def["@container"] = "@set"
		}
		if len(def) == 1 {
			ctx[name] = def["@id"]
		} else {
			ctx[name] = def
		}
	}
	for _, e := range s.Enums {
		for _, v := range e.Values {
			ctx[v.Name] = s.Compact(v.Meaning)
		}
	}
	for name, def := range apiTerms() {
		if _, taken := ctx[name]; !taken {
			ctx[name] = def
		}
	}
	return ctx
}

// apiTerms are the terms the hub's API itself uses around the model's data: Hydra for collections
// and paging, PROV-O for who changed a resource and when. They are in the one context so that
// responses compact to short names and clients can send them back unchanged.
func apiTerms() map[string]any {
	id := func(iri string) map[string]any { return map[string]any{"@id": iri, "@type": "@id"} }
	return map[string]any{
		"hydra":                 vocab.HydraNS,
		"prov":                  vocab.ProvNS,
		"Collection":            vocab.HydraCollection.String(),
		"PartialCollectionView": vocab.HydraPartialCollectionView.String(),
		"ApiDocumentation":      vocab.HydraAPIDocumentation.String(),
		// "member" is the model's org:member, so Hydra's member keeps its compact IRI.
		"hydra:member":    map[string]any{"@id": vocab.HydraMember.String(), "@type": "@id", "@container": "@set"},
		"collection":      map[string]any{"@id": vocab.HydraCollectionProp.String(), "@type": "@id", "@container": "@set"},
		"totalItems":      map[string]any{"@id": vocab.HydraTotalItems.String(), "@type": vocab.XSDInteger.String()},
		"view":            id(vocab.HydraView.String()),
		"first":           id(vocab.HydraFirst.String()),
		"last":            id(vocab.HydraLast.String()),
		"next":            id(vocab.HydraNext.String()),
		"previous":        id(vocab.HydraPrevious.String()),
		"label":           vocab.RDFSLabel.String(),
		"generatedAtTime": map[string]any{"@id": vocab.ProvGeneratedAtTime.String(), "@type": vocab.XSDDateTime.String()},
		"wasAttributedTo": id(vocab.ProvWasAttributedTo.String()),
	}
}

// ContextJSON renders the context document: {"@context": Context()}.
func (s *Schema) ContextJSON() ([]byte, error) {
	return marshalJSON(map[string]any{"@context": s.Context()})
}

// multivaluedAnywhere tells whether any class uses the slot as multivalued. The context is shared,
// so a slot that is a set in one class is a set in all; single values still expand correctly.
func (s *Schema) multivaluedAnywhere(name string) bool {
	if s.Slots[name].Multivalued {
		return true
	}
	for _, c := range s.Classes {
		if sl := s.SlotOf(c, name); sl != nil && sl.Multivalued {
			return true
		}
	}
	return false
}

func builtinString() string {
	dt, _ := builtinDatatype("string")
	return dt
}
