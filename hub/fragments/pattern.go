package fragments

import (
	"strconv"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// ParsePattern reads the subject, predicate and object parameters of a fragment request, in
// Hydra's explicit representation: an IRI as is; a literal as "lexical form", "lexical
// form"@lang or "lexical form"^^datatype-IRI (the datatype may also be in angle brackets); and a
// variable as an empty value or one starting with "?". A blank node ("_:x") is a variable too: a
// client cannot name a blank node of the server; the hub's skolem IRIs stand for them instead.
//
// Errors are EInvalid and name the parameter: a subject or predicate that is not an IRI, an IRI
// without a scheme, a malformed literal.
func (f *Fragments) ParsePattern(subject, predicate, object string) (Pattern, error) {
	var p Pattern
	if t, err := f.parseTerm("subject", subject, false); err != nil {
		return p, err
	} else if t != nil {
		p.S = t.(rdf.Subject)
	}
	if t, err := f.parseTerm("predicate", predicate, false); err != nil {
		return p, err
	} else if t != nil {
		if _, ok := t.(rdf.IRI); !ok {
			return p, hub.Errorf(hub.EInvalid, "predicate: %q is not an IRI", predicate)
		}
		p.P = t.(rdf.Predicate)
	}
	if t, err := f.parseTerm("object", object, true); err != nil {
		return p, err
	} else if t != nil {
		p.O = t.(rdf.Object)
	}
	return p, nil
}

// parseTerm reads one position; nil for a variable.
func (f *Fragments) parseTerm(param, v string, literalOK bool) (rdf.Term, error) {
	v = strings.TrimSpace(v)
	switch {
	case v == "" || strings.HasPrefix(v, "?") || strings.HasPrefix(v, "_:"):
		return nil, nil
	case strings.HasPrefix(v, `"`):
		if !literalOK {
			return nil, hub.Errorf(hub.EInvalid, "%s: a literal cannot be a %s", param, param)
		}
		return parseLiteral(param, v)
	}
	v = strings.TrimSuffix(strings.TrimPrefix(v, "<"), ">")
	if !rdfio.HasScheme(v) || strings.ContainsAny(v, " <>\"{}|\\^`") {
		return nil, hub.Errorf(hub.EInvalid, "%s: %q is not an absolute IRI, a literal in quotes or a variable", param, v)
	}
	iri, err := rdf.NewIRI(v)
	if err != nil {
		return nil, hub.Errorf(hub.EInvalid, "%s: %q is not an IRI", param, v)
	}
	if b, ok := f.unskolem(iri); ok {
		return b, nil
	}
	return iri, nil
}

// parseLiteral reads "lex", "lex"@lang or "lex"^^datatype. The lexical form runs to the last
// quote, so it may itself contain quotes (the explicit representation does not escape them).
func parseLiteral(param, v string) (rdf.Term, error) {
	end := strings.LastIndex(v, `"`)
	if end < 1 {
		return nil, hub.Errorf(hub.EInvalid, "%s: %q has no closing quote", param, v)
	}
	lex, rest := v[1:end], v[end+1:]
	switch {
	case rest == "":
		return rdf.NewTypedLiteral(lex, vocab.XSDString), nil
	case strings.HasPrefix(rest, "@"):
		lang := rest[1:]
		if !langTag(lang) {
			return nil, hub.Errorf(hub.EInvalid, "%s: %q is not a language tag", param, lang)
		}
		l, err := rdf.NewLangLiteral(lex, strings.ToLower(lang)) // the store keeps tags in lower case
		if err != nil {
			return nil, hub.Errorf(hub.EInvalid, "%s: %v", param, err)
		}
		return l, nil
	case strings.HasPrefix(rest, "^^"):
		dt := strings.TrimSuffix(strings.TrimPrefix(rest[2:], "<"), ">")
		iri, err := rdf.NewIRI(dt)
		if err != nil || !rdfio.HasScheme(dt) {
			return nil, hub.Errorf(hub.EInvalid, "%s: datatype %q is not an IRI", param, dt)
		}
		return rdf.NewTypedLiteral(lex, iri), nil
	}
	return nil, hub.Errorf(hub.EInvalid, "%s: unexpected %q after the literal's closing quote", param, rest)
}

func langTag(s string) bool {
	if s == "" {
		return false
	}
	for i, part := range strings.Split(s, "-") {
		if part == "" || len(part) > 8 {
			return false
		}
		for _, r := range part {
			alpha := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
			if !alpha && (i == 0 || r < '0' || r > '9') {
				return false
			}
		}
	}
	return true
}

// explicit writes a term in the explicit representation, for the links a page carries.
func explicit(t rdf.Term) string {
	switch v := t.(type) {
	case rdf.IRI:
		return v.String()
	case rdf.Literal:
		s := `"` + v.String() + `"`
		switch {
		case v.Lang() != "":
			return s + "@" + v.Lang()
		case v.DataType.String() != vocab.XSDString.String() && v.DataType.String() != vocab.RDFNS+"langString":
			return s + "^^" + v.DataType.String()
		}
		return s
	}
	return ""
}

// templateEscape percent-encodes everything but RFC 3986's unreserved characters, as the
// form-style query expansion of the search template ({?subject,predicate,object}) does.
func templateEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)>>4, 16)) + strings.ToUpper(strconv.FormatUint(uint64(c)&15, 16)))
	}
	return b.String()
}

// URL returns the canonical URL of page n of the fragment of p (page 1 without a page parameter).
func (f *Fragments) URL(p Pattern, n int) string {
	var params []string
	for _, kv := range []struct {
		name string
		t    rdf.Term
	}{{"subject", p.S}, {"predicate", p.P}, {"object", p.O}} {
		if kv.t == nil {
			continue
		}
		t := kv.t
		if b, ok := t.(rdf.Blank); ok {
			t = f.skolem(b)
		}
		params = append(params, kv.name+"="+templateEscape(explicit(t)))
	}
	if n > 1 {
		params = append(params, "page="+strconv.Itoa(n))
	}
	u := f.base + "fragments"
	if len(params) > 0 {
		u += "?" + strings.Join(params, "&")
	}
	return u
}
