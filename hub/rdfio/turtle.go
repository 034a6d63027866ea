package rdfio

import (
	"bufio"
	"cmp"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/knakk/rdf"
)

// WriteTurtle writes ts as Turtle. prefixes maps prefix labels to namespace IRIs; only the
// prefixes the output uses are declared. The output is deterministic: subjects in TermString
// order, each subject's triples grouped with ';' (rdf:type first, written 'a') and ','; an IRI is
// abbreviated only when its local part is a PN_LOCAL that needs no escaping; integers, decimals and
// booleans are written bare only in their canonical lexical form, so a reader gets back exactly
// the same literal. Duplicate triples are written once.
func WriteTurtle(w io.Writer, ts []rdf.Triple, prefixes map[string]string) error {
	ts = SortTriples(slices.Clone(ts))
	ns := newNamespaces(prefixes)

	var body strings.Builder
	for i := 0; i < len(ts); {
		j := i
		for j < len(ts) && TermString(ts[j].Subj) == TermString(ts[i].Subj) {
			j++
		}
		writeSubjectBlock(&body, ns, ts[i:j])
		i = j
	}

	bw := bufio.NewWriter(w)
	for _, p := range ns.usedPrefixes() {
		var line strings.Builder
		line.WriteString("@prefix ")
		line.WriteString(p.label)
		line.WriteString(": ")
		writeIRI(&line, p.iri)
		line.WriteString(" .\n")
		bw.WriteString(line.String())
	}
	if len(ns.used) > 0 && body.Len() > 0 {
		bw.WriteByte('\n')
	}
	bw.WriteString(body.String())
	return bw.Flush()
}

// writeSubjectBlock writes one subject's triples (all with the same subject, sorted) as a single
// statement.
func writeSubjectBlock(b *strings.Builder, ns *namespaces, ts []rdf.Triple) {
	// rdf:type first reads naturally and is what every Turtle writer does.
	slices.SortStableFunc(ts, func(x, y rdf.Triple) int {
		return cmp.Compare(typeRank(x.Pred), typeRank(y.Pred))
	})
	if b.Len() > 0 {
		b.WriteByte('\n')
	}
	writeTurtleTerm(b, ns, ts[0].Subj)
	for i, t := range ts {
		samePred := i > 0 && TermString(t.Pred) == TermString(ts[i-1].Pred)
		switch {
		case i == 0:
			b.WriteByte(' ')
		case samePred:
			b.WriteString(" , ")
		default:
			b.WriteString(" ;\n    ")
		}
		if !samePred {
			if t.Pred.String() == rdfType {
				b.WriteString("a")
			} else {
				writeTurtleTerm(b, ns, t.Pred)
			}
			b.WriteByte(' ')
		}
		writeTurtleTerm(b, ns, t.Obj)
	}
	b.WriteString(" .\n")
}

func typeRank(p rdf.Predicate) int {
	if p.String() == rdfType {
		return 0
	}
	return 1
}

var (
	canonicalInteger = regexp.MustCompile(`^(0|-?[1-9][0-9]*)$`)
	canonicalDecimal = regexp.MustCompile(`^-?(0|[1-9][0-9]*)\.(0|[0-9]*[1-9])$`)
)

func writeTurtleTerm(b *strings.Builder, ns *namespaces, t rdf.Term) {
	switch t := t.(type) {
	case rdf.IRI:
		if pn, ok := ns.compact(t.String()); ok {
			b.WriteString(pn)
			return
		}
		writeIRI(b, t.String())
	case rdf.Blank:
		writeTerm(b, safeBlank(t))
	case rdf.Literal:
		lex, dt := t.String(), t.DataType.String()
		if t.Lang() == "" {
			switch {
			case dt == xsdInteger && canonicalInteger.MatchString(lex),
				dt == xsdDecimal && canonicalDecimal.MatchString(lex),
				dt == xsdBoolean && (lex == "true" || lex == "false"):
				b.WriteString(lex)
				return
			}
		}
		b.WriteByte('"')
		writeEscapedLiteral(b, lex)
		b.WriteByte('"')
		switch {
		case t.Lang() != "":
			b.WriteByte('@')
			b.WriteString(strings.ToLower(t.Lang()))
		case dt != xsdString && dt != "":
			b.WriteString("^^")
			if pn, ok := ns.compact(dt); ok {
				b.WriteString(pn)
			} else {
				writeIRI(b, dt)
			}
		}
	}
}

type prefix struct{ label, iri string }

// namespaces abbreviates IRIs with the longest matching namespace and remembers which it used.
type namespaces struct {
	byLength []prefix // longest namespace first, ties by label
	used     map[string]prefix
}

func newNamespaces(m map[string]string) *namespaces {
	ns := &namespaces{used: map[string]prefix{}}
	for label, iri := range m {
		if iri != "" && validPrefix(label) {
			ns.byLength = append(ns.byLength, prefix{label, iri})
		}
	}
	slices.SortFunc(ns.byLength, func(a, b prefix) int {
		return cmp.Or(cmp.Compare(len(b.iri), len(a.iri)), strings.Compare(a.label, b.label))
	})
	return ns
}

// compact returns label:local for iri, or false when no namespace gives a safe local name.
func (ns *namespaces) compact(iri string) (string, bool) {
	for _, p := range ns.byLength {
		local, ok := strings.CutPrefix(iri, p.iri)
		if ok && validLocalName(local) {
			ns.used[p.label] = p
			return p.label + ":" + local, true
		}
	}
	return "", false
}

func (ns *namespaces) usedPrefixes() []prefix {
	ps := make([]prefix, 0, len(ns.used))
	for _, p := range ns.used {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b prefix) int { return strings.Compare(a.label, b.label) })
	return ps
}
