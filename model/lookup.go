package model

import (
	"fmt"
	"strings"
)

// Expand turns a CURIE (prefix:local) into an IRI. An absolute IRI (with "://" or a "urn:"
// scheme) is returned unchanged and a bare name is taken to be in the default prefix.
func (s *Schema) Expand(curie string) (string, error) {
	if strings.Contains(curie, "://") || strings.HasPrefix(curie, "urn:") {
		return curie, nil
	}
	prefix, local, ok := strings.Cut(curie, ":")
	if !ok {
		prefix, local = s.DefaultPrefix, curie
	}
	ns, found := s.Prefixes[prefix]
	if !found {
		return "", fmt.Errorf("unknown prefix %q in %q", prefix, curie)
	}
	return ns + local, nil
}

// Compact turns an IRI into a CURIE with the longest matching namespace, or returns it unchanged.
func (s *Schema) Compact(iri string) string {
	best, bestNS := "", ""
	for p, ns := range s.Prefixes {
		if strings.HasPrefix(iri, ns) && (len(ns) > len(bestNS) || len(ns) == len(bestNS) && p < best) {
			best, bestNS = p, ns
		}
	}
	if best == "" {
		return iri
	}
	return best + ":" + strings.TrimPrefix(iri, bestNS)
}

// Class returns the class with this name, or nil.
func (s *Schema) Class(name string) *Class { return s.byName[name] }

// ClassByPath returns the class whose lower-case URL segment is path ("unit" → Unit), or nil.
func (s *Schema) ClassByPath(path string) *Class { return s.byPath[path] }

// ClassByURI returns the class whose class IRI is iri, or nil. AlsoTypes IRIs are not classes.
func (s *Schema) ClassByURI(iri string) *Class { return s.byURI[iri] }

// Enum returns the enum with this name, or nil.
func (s *Schema) Enum(name string) *Enum { return s.enums[name] }

// Type returns the custom type with this name, or nil (built-ins are not Types).
func (s *Schema) Type(name string) *Type { return s.types[name] }

// SlotsOf returns the class's effective slots: inherited ones first, then its own, each with
// the slot_usage of the class and its ancestors applied. The slice is the caller's to keep; the
// slots are shared, so do not modify them.
func (s *Schema) SlotsOf(c *Class) []*Slot {
	if c == nil {
		return nil
	}
	return append([]*Slot(nil), c.slots...)
}

// SlotByURI returns the effective slot of class c whose property IRI is iri, or nil.
func (s *Schema) SlotByURI(c *Class, iri string) *Slot {
	if c == nil {
		return nil
	}
	for _, sl := range c.slots {
		if sl.URI == iri {
			return sl
		}
	}
	return nil
}

// SlotOf returns the effective slot of class c with this name, or nil.
func (s *Schema) SlotOf(c *Class, name string) *Slot {
	if c == nil {
		return nil
	}
	for _, sl := range c.slots {
		if sl.Name == name {
			return sl
		}
	}
	return nil
}

// RangeClass returns the class a slot's values belong to, or nil when the range is not a class.
func (s *Schema) RangeClass(sl *Slot) *Class {
	if sl == nil {
		return nil
	}
	return s.byName[sl.Range]
}

// RangeEnum returns the enum a slot's values come from, or nil when the range is not an enum.
func (s *Schema) RangeEnum(sl *Slot) *Enum {
	if sl == nil {
		return nil
	}
	return s.enums[sl.Range]
}

// Datatype returns the XSD (or custom) datatype IRI of a literal-valued slot, and false for slots
// whose values are IRIs or nodes: class, enum and uri ranges.
func (s *Schema) Datatype(sl *Slot) (string, bool) {
	if sl == nil || sl.Range == "uri" {
		return "", false
	}
	if t := s.types[sl.Range]; t != nil {
		return t.URI, true
	}
	return builtinDatatype(sl.Range)
}

// IsReference tells whether a slot's values are IRIs of other resources or concepts (uri,
// enum or non-inlined class ranges) rather than literals or nested objects.
func (s *Schema) IsReference(sl *Slot) bool {
	if sl == nil {
		return false
	}
	if sl.Range == "uri" || s.enums[sl.Range] != nil {
		return true
	}
	return s.byName[sl.Range] != nil && !sl.Inlined
}

// Visibility returns a slot's effective visibility within class c: the stricter of the two.
func (s *Schema) Visibility(c *Class, sl *Slot) Visibility {
	v := sl.Visibility
	if c != nil && c.Visibility > v {
		v = c.Visibility
	}
	return v
}

// Subclasses returns c and every class that descends from it, in declaration order.
func (s *Schema) Subclasses(c *Class) []*Class {
	var out []*Class
	for _, k := range s.Classes {
		if s.IsA(k, c) {
			out = append(out, k)
		}
	}
	return out
}

// IsA tells whether class c is other or descends from it.
func (s *Schema) IsA(c, other *Class) bool {
	for k := c; k != nil; k = s.byName[k.IsA] {
		if k == other {
			return true
		}
	}
	return false
}

// IdentifierSlot returns the effective slot whose value is the key of the class's URIs, or nil
// when the hub assigns opaque keys.
func (s *Schema) IdentifierSlot(c *Class) *Slot {
	if c == nil {
		return nil
	}
	for _, sl := range c.slots {
		if sl.Identifier {
			return sl
		}
	}
	return nil
}
