package shacl

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// Report is a validation report (SHACL section 3.6).
type Report struct {
	Conforms bool     // true when there are no results, whatever their severity
	Results  []Result // in the order found: shape by shape, focus node by focus node
}

// Result is one validation result.
type Result struct {
	Focus       rdf.Term      // sh:focusNode
	Path        rdf.Term      // sh:resultPath: the property path (an IRI or a blank node), nil for node shapes
	Value       rdf.Term      // sh:value, nil when the component names no value (counts, hasValue, …)
	SourceShape rdf.Term      // sh:sourceShape
	Component   rdf.IRI       // sh:sourceConstraintComponent
	Severity    rdf.IRI       // sh:resultSeverity: sh:Violation, sh:Warning or sh:Info
	Messages    []rdf.Literal // sh:resultMessage: the shape's sh:message values, if any
	Message     string        // a readable default message in English, for logs and summaries

	path *path // the compiled Path, written out in Triples
}

// Violations counts the results of severity sh:Violation.
func (r *Report) Violations() int {
	n := 0
	for _, res := range r.Results {
		if res.Severity == vocab.SHViolation {
			n++
		}
	}
	return n
}

// result builds the result of component c of shape s at focus for value (none for no value).
// pathOverride replaces the shape's path (sh:closed reports the offending predicate).
func (r *run) result(s *shape, c *component, focus, value node, pathOverride rdf.Term) Result {
	res := Result{
		Focus:       r.g.term(focus),
		SourceShape: s.term,
		Component:   c.iri,
		Severity:    s.severity,
		Messages:    s.messages,
	}
	if value != none {
		res.Value = r.g.term(value)
	}
	switch {
	case pathOverride != nil:
		res.Path = pathOverride
	case s.path != nil:
		res.Path, res.path = s.path.term, s.path
	}
	res.Message = defaultMessage(c, res.Value)
	return res
}

// defaultMessage says what is wrong, naming the constraint's parameter.
func defaultMessage(c *component, value rdf.Term) string {
	p := ""
	if c.param != nil {
		p = rdfio.TermString(c.param)
	}
	switch c.kind {
	case cClass:
		return "value is not an instance of " + p
	case cDatatype:
		if l, ok := value.(rdf.Literal); ok && datatypeOf(l) == lexical(c.param) {
			return "value is not a well-formed " + p
		}
		return "value does not have datatype " + p
	case cNodeKind:
		return "value is not of node kind " + p
	case cMinCount:
		return "at least " + values(c.n) + " required"
	case cMaxCount:
		return "at most " + values(c.n) + " allowed"
	case cMinExclusive:
		return "value is not greater than " + p
	case cMinInclusive:
		return "value is less than " + p
	case cMaxExclusive:
		return "value is not less than " + p
	case cMaxInclusive:
		return "value is greater than " + p
	case cMinLength:
		return "value is shorter than " + strconv.Itoa(c.n) + " characters"
	case cMaxLength:
		return "value is longer than " + strconv.Itoa(c.n) + " characters"
	case cPattern:
		msg := "value does not match the pattern " + strconv.Quote(c.pattern.source)
		if c.pattern.flags != "" {
			msg += " (flags " + strconv.Quote(c.pattern.flags) + ")"
		}
		return msg
	case cLanguageIn:
		return "language tag is not one of " + strings.Join(c.langs, ", ")
	case cUniqueLang:
		return "more than one value with the same language tag"
	case cEquals:
		return "value sets differ from those of " + p
	case cDisjoint:
		return "value is also a value of " + p
	case cLessThan:
		return "value is not less than the values of " + p
	case cLessThanOrEquals:
		return "value is greater than the values of " + p
	case cNot:
		return "value conforms to the shape " + p + " it must not conform to"
	case cAnd:
		return "value does not conform to all shapes of sh:and"
	case cOr:
		return "value conforms to none of the shapes of sh:or"
	case cXone:
		return "value does not conform to exactly one shape of sh:xone"
	case cNode:
		return "value does not conform to the shape " + p
	case cQualifiedMin:
		return "at least " + values(c.n) + " conforming to the qualified value shape required"
	case cQualifiedMax:
		return "at most " + values(c.n) + " conforming to the qualified value shape allowed"
	case cClosed:
		return "property is not allowed by the closed shape"
	case cHasValue:
		return "missing the value " + p
	case cIn:
		return "value is not one of the allowed values"
	}
	return "constraint violated"
}

// countMessage is the message of a count constraint that failed with n values.
func countMessage(c *component, n int) string {
	return defaultMessage(c, nil) + ", found " + strconv.Itoa(n)
}

// values says "1 value", "2 values".
func values(n int) string {
	if n == 1 {
		return "1 value"
	}
	return strconv.Itoa(n) + " values"
}

// Triples returns the report as an RDF graph: an sh:ValidationReport with sh:conforms and one
// sh:ValidationResult per result, complex paths copied from the shapes graph. The report's own
// blank nodes are labelled so that they cannot clash with blank nodes of the data or shapes.
func (r *Report) Triples() []rdf.Triple {
	used := map[string]bool{}
	mark := func(t rdf.Term) {
		if b, ok := t.(rdf.Blank); ok {
			used[b.String()] = true
		}
	}
	for _, res := range r.Results {
		mark(res.Focus)
		mark(res.Value)
		mark(res.SourceShape)
		mark(res.Path)
	}
	prefix := "report"
	for clash := true; clash; {
		clash = false
		for label := range used {
			if strings.HasPrefix(label, prefix) {
				clash, prefix = true, prefix+"x"
				break
			}
		}
	}
	blank := func(label string) rdf.Blank {
		b, _ := rdf.NewBlank(label)
		return b
	}
	report := blank(prefix)
	out := []rdf.Triple{
		{Subj: report, Pred: vocab.RDFType, Obj: vocab.SHValidationReport},
		{Subj: report, Pred: vocab.SHConforms, Obj: rdf.NewTypedLiteral(strconv.FormatBool(r.Conforms), vocab.XSDBoolean)},
	}
	for i, res := range r.Results {
		n := blank(prefix + strconv.Itoa(i+1))
		out = append(out,
			rdf.Triple{Subj: report, Pred: vocab.SHResult, Obj: n},
			rdf.Triple{Subj: n, Pred: vocab.RDFType, Obj: vocab.SHValidationResult},
			rdf.Triple{Subj: n, Pred: vocab.SHFocusNode, Obj: res.Focus.(rdf.Object)},
			rdf.Triple{Subj: n, Pred: vocab.SHResultSeverity, Obj: res.Severity},
			rdf.Triple{Subj: n, Pred: vocab.SHSourceConstraintComponent, Obj: res.Component},
			rdf.Triple{Subj: n, Pred: vocab.SHSourceShape, Obj: res.SourceShape.(rdf.Object)},
		)
		if res.Path != nil {
			// Each result gets its own copy of a complex path, as the suite's reports have it.
			var obj rdf.Object = res.Path.(rdf.Object)
			if res.path != nil {
				var ts []rdf.Triple
				k := 0
				obj, ts = res.path.triples(func() rdf.Blank {
					k++
					return blank(prefix + strconv.Itoa(i+1) + "p" + strconv.Itoa(k))
				})
				out = append(out, ts...)
			}
			out = append(out, rdf.Triple{Subj: n, Pred: vocab.SHResultPath, Obj: obj})
		}
		if res.Value != nil {
			out = append(out, rdf.Triple{Subj: n, Pred: vocab.SHValue, Obj: res.Value.(rdf.Object)})
		}
		if len(res.Messages) > 0 {
			for _, m := range res.Messages {
				out = append(out, rdf.Triple{Subj: n, Pred: vocab.SHResultMessage, Obj: m})
			}
		} else {
			msg, _ := rdf.NewLiteral(res.Message)
			out = append(out, rdf.Triple{Subj: n, Pred: vocab.SHResultMessage, Obj: msg})
		}
	}
	return rdfio.SortTriples(dedupe(out))
}

func dedupe(ts []rdf.Triple) []rdf.Triple {
	seen := map[string]bool{}
	out := ts[:0]
	for _, t := range ts {
		k := rdfio.TripleString(t)
		if !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}

// Text renders the report for people: a first line saying whether the data conforms and how
// many results of each severity there are, then one line per result.
func (r *Report) Text() string {
	var b strings.Builder
	counts := map[string]int{}
	for _, res := range r.Results {
		counts[localName(res.Severity)]++
	}
	if r.Conforms {
		b.WriteString("Conforms: yes\n")
	} else {
		fmt.Fprintf(&b, "Conforms: no (%d violations, %d warnings, %d infos)\n", counts["Violation"], counts["Warning"], counts["Info"])
	}
	for _, res := range r.Results {
		fmt.Fprintf(&b, "%s: %s", localName(res.Severity), rdfio.TermString(res.Focus))
		switch {
		case res.path != nil:
			fmt.Fprintf(&b, " %s", res.path)
		case res.Path != nil:
			fmt.Fprintf(&b, " %s", rdfio.TermString(res.Path))
		}
		if res.Value != nil {
			fmt.Fprintf(&b, " value %s", rdfio.TermString(res.Value))
		}
		msg := res.Message
		if len(res.Messages) > 0 {
			msg = res.Messages[0].String()
		}
		fmt.Fprintf(&b, ": %s [%s, %s]\n", msg, localName(res.Component), rdfio.TermString(res.SourceShape))
	}
	return b.String()
}

func localName(iri rdf.IRI) string {
	s := iri.String()
	if i := strings.LastIndexAny(s, "#/"); i >= 0 {
		return s[i+1:]
	}
	return s
}
