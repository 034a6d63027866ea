package model

import (
	"fmt"
	"strings"
)

// DocsFile is the path, relative to generated/, of a class's documentation page.
func DocsFile(path string) string { return "docs/" + path + ".md" }

// ClassDoc renders a class's documentation page in Markdown: what it is, its IRI, visibility,
// parent and subclasses, and a table of its effective properties.
func (s *Schema) ClassDoc(c *Class) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", c.Name)
	if c.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", c.Description)
	}
	fmt.Fprintf(&b, "| | |\n|---|---|\n")
	fmt.Fprintf(&b, "| IRI | `%s` (`%s`) |\n", s.Compact(c.URI), c.URI)
	fmt.Fprintf(&b, "| visibility | %s |\n", c.Visibility)
	switch {
	case c.Inlined:
		fmt.Fprintf(&b, "| URIs | none: only nested inside other resources |\n")
	case c.Abstract:
		fmt.Fprintf(&b, "| URIs | none: abstract |\n")
	default:
		key := "a key assigned by the hub"
		if id := s.IdentifierSlot(c); id != nil {
			key = "the value of `" + id.Name + "`"
		}
		fmt.Fprintf(&b, "| URIs | `{base}id/%s/{key}`, where the key is %s |\n", c.Path, key)
	}
	if c.IsA != "" {
		fmt.Fprintf(&b, "| parent | [%s](%s.md) |\n", c.IsA, strings.ToLower(c.IsA))
	}
	var subs []string
	for _, k := range s.Classes {
		if k.IsA == c.Name {
			subs = append(subs, fmt.Sprintf("[%s](%s.md)", k.Name, k.Path))
		}
	}
	if len(subs) > 0 {
		fmt.Fprintf(&b, "| subclasses | %s |\n", strings.Join(subs, ", "))
	}
	if len(c.AlsoTypes) > 0 {
		var ts []string
		for _, t := range c.AlsoTypes {
			ts = append(ts, fmt.Sprintf("`%s` (as `%s`)", s.Compact(t), localName(t)))
		}
		fmt.Fprintf(&b, "| may also be typed | %s |\n", strings.Join(ts, ", "))
	}
	if !c.Abstract {
		fmt.Fprintf(&b, "| JSON Schema | [%s](../%s) |\n", c.Path+".schema.json", JSONSchemaFile(c.Path))
		fmt.Fprintf(&b, "| SHACL | [%s](../%s) |\n", c.Path+".ttl", ShapesFile(c.Path))
	}
	b.WriteString("\n## Properties\n\n")
	b.WriteString("| name | IRI | range | cardinality | visibility | description |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, sl := range s.SlotsOf(c) {
		vis := s.Visibility(c, sl).String()
		if sl.Protectable {
			vis += " (protected when the person's identity is protected)"
		}
		desc := sl.Description
		if sl.Identifier {
			desc = strings.TrimSpace("**Key of the URI.** " + desc)
		}
		if sl.Pattern != "" {
			desc += " Pattern: `" + sl.Pattern + "`."
		}
		if sl.Minimum != nil || sl.Maximum != nil {
			desc += " Range: " + bound(sl.Minimum) + "–" + bound(sl.Maximum) + "."
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s | %s | %s |\n",
			sl.Name, s.Compact(sl.URI), s.rangeDoc(sl), cardinality(sl), vis, cell(desc))
	}
	if len(s.SlotsOf(c)) == 0 {
		b.WriteString("| | | | | | |\n")
	}
	return b.String()
}

func (s *Schema) rangeDoc(sl *Slot) string {
	switch {
	case s.RangeClass(sl) != nil && sl.Inlined:
		return fmt.Sprintf("[%s](%s.md) (nested)", sl.Range, strings.ToLower(sl.Range))
	case s.RangeClass(sl) != nil:
		return fmt.Sprintf("[%s](%s.md) (IRI)", sl.Range, strings.ToLower(sl.Range))
	case s.RangeEnum(sl) != nil:
		return fmt.Sprintf("[%s](index.md#%s)", sl.Range, strings.ToLower(sl.Range))
	case sl.Range == "uri":
		return "IRI"
	}
	dt, _ := s.Datatype(sl)
	return fmt.Sprintf("%s (`%s`)", sl.Range, s.Compact(dt))
}

func cardinality(sl *Slot) string {
	lo, hi := "0", "1"
	if sl.Required {
		lo = "1"
	}
	if sl.Multivalued {
		hi = "*"
	}
	return lo + ".." + hi
}

func bound(f *float64) string {
	if f == nil {
		return ""
	}
	return turtleNumber(*f)
}

// cell keeps a table cell on one line and its pipes literal.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "|", `\|`)
}

// IndexDoc renders the overview page: the model, its classes, enums, types and prefixes.
func (s *Schema) IndexDoc() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# The %s information model\n\n", s.Name)
	if s.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", s.Description)
	}
	fmt.Fprintf(&b, "Schema `%s`, version %s. Generated from `model/schema/grunddata.yaml`; do not edit.\n\n", s.ID, s.Version)
	b.WriteString("Documents are JSON-LD compacted against one context ([context.jsonld](../context.jsonld)). ")
	b.WriteString("Visibility: **open** data may go anywhere; **internal** data needs an authenticated caller with an internal scope; ")
	b.WriteString("**protected** data never leaves the hub except to the dedicated protected scope.\n\n")
	b.WriteString("## Classes\n\n| class | IRI | visibility | URIs | description |\n|---|---|---|---|---|\n")
	for _, c := range s.Classes {
		uris := "`id/" + c.Path + "/{key}`"
		if !c.Routable() {
			uris = "nested only"
		}
		fmt.Fprintf(&b, "| [%s](%s.md) | `%s` | %s | %s | %s |\n", c.Name, c.Path, s.Compact(c.URI), c.Visibility, uris, cell(firstSentence(c.Description)))
	}
	b.WriteString("\n## Enumerations\n")
	for _, e := range s.Enums {
		fmt.Fprintf(&b, "\n### %s\n\n%s\n\n| value | IRI | description |\n|---|---|---|\n", e.Name, e.Description)
		for _, v := range e.Values {
			fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", v.Name, s.Compact(v.Meaning), cell(v.Description))
		}
	}
	if len(s.Types) > 0 {
		b.WriteString("\n## Types\n\n| type | IRI | base | description |\n|---|---|---|---|\n")
		for _, t := range s.Types {
			fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s |\n", t.Name, s.Compact(t.URI), t.Typeof, cell(t.Description))
		}
	}
	b.WriteString("\n## Prefixes\n\n| prefix | namespace |\n|---|---|\n")
	for _, p := range sortedKeys(s.Prefixes) {
		fmt.Fprintf(&b, "| `%s` | `%s` |\n", p, s.Prefixes[p])
	}
	return b.String()
}

// firstSentence cuts a description after its first full stop, skipping abbreviations.
func firstSentence(s string) string {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '.' && s[i+1] == ' ' && !strings.HasSuffix(s[:i], "e.g") && !strings.HasSuffix(s[:i], "i.e") {
			return s[:i+1]
		}
	}
	return s
}

func (s *Schema) generateDocs(out Files) error {
	out["docs/index.md"] = []byte(s.IndexDoc())
	for _, c := range s.Classes {
		out[DocsFile(c.Path)] = []byte(s.ClassDoc(c))
	}
	return nil
}
