package rdfio

import (
	"bufio"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/knakk/rdf"
)

// WriteRDFXML writes ts as RDF/XML: one rdf:Description per subject (rdf:about for IRIs,
// rdf:nodeID for blank nodes), each property as a qualified element name. prefixes supplies the
// namespace prefixes to use; a predicate no given namespace can split into a valid QName gets a
// generated prefix (ns1, ns2, … in order of first use). Only used namespaces are declared.
//
// It returns an error for graphs RDF/XML cannot express: a predicate IRI that does not end in an
// NCName, or a literal with characters XML 1.0 forbids even as character references.
func WriteRDFXML(w io.Writer, ts []rdf.Triple, prefixes map[string]string) error {
	ts = SortTriples(slices.Clone(ts))
	qn := newQNames(prefixes)

	var body strings.Builder
	for i := 0; i < len(ts); {
		j := i
		for j < len(ts) && TermString(ts[j].Subj) == TermString(ts[i].Subj) {
			j++
		}
		if err := writeDescription(&body, qn, ts[i:j]); err != nil {
			return err
		}
		i = j
	}

	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<rdf:RDF")
	for _, p := range qn.declared() {
		bw.WriteString("\n    xmlns:" + p.label + `="` + xmlAttr(p.iri) + `"`)
	}
	bw.WriteString(">\n")
	bw.WriteString(body.String())
	bw.WriteString("</rdf:RDF>\n")
	return bw.Flush()
}

func writeDescription(b *strings.Builder, qn *qnames, ts []rdf.Triple) error {
	b.WriteString("  <rdf:Description ")
	switch s := ts[0].Subj.(type) {
	case rdf.IRI:
		b.WriteString(`rdf:about="` + xmlAttr(s.String()) + `"`)
	case rdf.Blank:
		b.WriteString(`rdf:nodeID="` + xmlNodeID(s) + `"`)
	}
	b.WriteString(">\n")
	slices.SortStableFunc(ts, func(x, y rdf.Triple) int { return cmp.Compare(typeRank(x.Pred), typeRank(y.Pred)) })
	for _, t := range ts {
		name, err := qn.name(t.Pred.String())
		if err != nil {
			return err
		}
		b.WriteString("    <" + name)
		switch o := t.Obj.(type) {
		case rdf.IRI:
			b.WriteString(` rdf:resource="` + xmlAttr(o.String()) + `"/>` + "\n")
			continue
		case rdf.Blank:
			b.WriteString(` rdf:nodeID="` + xmlNodeID(o) + `"/>` + "\n")
			continue
		case rdf.Literal:
			if err := checkXMLChars(o.String()); err != nil {
				return fmt.Errorf("rdfio: literal of %s: %w", TermString(t.Subj), err)
			}
			switch dt := o.DataType.String(); {
			case o.Lang() != "":
				b.WriteString(` xml:lang="` + xmlAttr(strings.ToLower(o.Lang())) + `"`)
			case dt != xsdString && dt != "":
				b.WriteString(` rdf:datatype="` + xmlAttr(dt) + `"`)
			}
			b.WriteString(">" + xmlText(o.String()) + "</" + name + ">\n")
		}
	}
	b.WriteString("  </rdf:Description>\n")
	return nil
}

func xmlNodeID(b rdf.Blank) string {
	if validNCName(b.String()) {
		return b.String()
	}
	return hashedLabel(b.String())
}

// xmlText escapes character data; CR and LF are written as character references because XML
// parsers normalise raw line ends, which would change the literal.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func xmlAttr(s string) string { return xmlText(s) }

// checkXMLChars rejects characters that XML 1.0 cannot carry at all; encoding/xml would silently
// replace them with U+FFFD.
func checkXMLChars(s string) error {
	for i, r := range s {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF ||
			r >= 0xE000 && r <= 0xFFFD && r != 0xFFFE || r >= 0x10000 && r <= 0x10FFFF {
			continue
		}
		return fmt.Errorf("character %U at byte %d cannot be written in RDF/XML", r, i)
	}
	return nil
}

// qnames splits predicate IRIs into namespace and local name for element names.
type qnames struct {
	byLength []prefix // caller's namespaces, longest first
	used     map[string]prefix
	gen      map[string]string // generated namespace → label
}

func newQNames(m map[string]string) *qnames {
	qn := &qnames{used: map[string]prefix{"rdf": {"rdf", rdfNS}}, gen: map[string]string{}}
	for label, iri := range m {
		// rdf is fixed; xml* labels are reserved by Namespaces in XML.
		if iri == "" || label == "rdf" || strings.HasPrefix(strings.ToLower(label), "xml") || !validNCName(label) {
			continue
		}
		qn.byLength = append(qn.byLength, prefix{label, iri})
	}
	slices.SortFunc(qn.byLength, func(a, b prefix) int {
		return cmp.Or(cmp.Compare(len(b.iri), len(a.iri)), strings.Compare(a.label, b.label))
	})
	return qn
}

func (qn *qnames) name(iri string) (string, error) {
	if local, ok := strings.CutPrefix(iri, rdfNS); ok && validNCName(local) {
		return "rdf:" + local, nil
	}
	for _, p := range qn.byLength {
		local, ok := strings.CutPrefix(iri, p.iri)
		if ok && validNCName(local) {
			qn.used[p.label] = p
			return p.label + ":" + local, nil
		}
	}
	// Split off the longest NCName suffix; the rest becomes a generated namespace.
	split := -1
	for i := range iri {
		if validNCName(iri[i:]) {
			split = i
			break
		}
	}
	if split <= 0 {
		return "", fmt.Errorf("rdfio: predicate <%s> cannot be written as an XML qualified name", iri)
	}
	ns, local := iri[:split], iri[split:]
	label, ok := qn.gen[ns]
	if !ok {
		for n := len(qn.gen) + 1; ; n++ {
			label = "ns" + strconv.Itoa(n)
			if _, taken := qn.used[label]; !taken && !qn.hasLabel(label) {
				break
			}
		}
		qn.gen[ns] = label
		qn.used[label] = prefix{label, ns}
	}
	return label + ":" + local, nil
}

func (qn *qnames) hasLabel(label string) bool {
	return slices.ContainsFunc(qn.byLength, func(p prefix) bool { return p.label == label })
}

func (qn *qnames) declared() []prefix {
	ps := make([]prefix, 0, len(qn.used))
	for _, p := range qn.used {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b prefix) int { return strings.Compare(a.label, b.label) })
	return ps
}
