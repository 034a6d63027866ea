package rdfio

import "strings"

// ResolveIRI resolves ref against base by RFC 3986 section 5.2 on the strings themselves. net/url
// would percent-encode non-ASCII characters on the way out, turning IRIs such as …/Malmö into
// different IRIs, so it cannot be used for RDF.
func ResolveIRI(base, ref string) string {
	b, r := parseRef(base), parseRef(ref)
	var t iriRef
	switch {
	case r.hasScheme:
		t = r
		t.path = removeDotSegments(r.path)
	case r.hasAuth:
		t = r
		t.path = removeDotSegments(r.path)
	case r.path == "":
		t = b
		if r.hasQuery {
			t.query, t.hasQuery = r.query, true
		}
	default:
		t = b
		t.query, t.hasQuery = r.query, r.hasQuery
		if strings.HasPrefix(r.path, "/") {
			t.path = removeDotSegments(r.path)
		} else {
			t.path = removeDotSegments(merge(b, r.path))
		}
	}
	if !r.hasScheme {
		t.scheme, t.hasScheme = b.scheme, b.hasScheme
	}
	t.frag, t.hasFrag = r.frag, r.hasFrag
	return t.String()
}

// iriRef is an IRI reference split into its RFC 3986 components; the has* flags distinguish an
// empty component from an absent one, which resolution depends on.
type iriRef struct {
	scheme, auth, path, query, frag       string
	hasScheme, hasAuth, hasQuery, hasFrag bool
}

func parseRef(s string) iriRef {
	var u iriRef
	if HasScheme(s) {
		i := strings.IndexByte(s, ':')
		u.scheme, u.hasScheme, s = s[:i], true, s[i+1:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s, u.frag, u.hasFrag = s[:i], s[i+1:], true
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s, u.query, u.hasQuery = s[:i], s[i+1:], true
	}
	if rest, ok := strings.CutPrefix(s, "//"); ok {
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			i = len(rest)
		}
		u.auth, u.hasAuth, s = rest[:i], true, rest[i:]
	}
	u.path = s
	return u
}

func (u iriRef) String() string {
	var b strings.Builder
	if u.hasScheme {
		b.WriteString(u.scheme + ":")
	}
	if u.hasAuth {
		b.WriteString("//" + u.auth)
	}
	b.WriteString(u.path)
	if u.hasQuery {
		b.WriteString("?" + u.query)
	}
	if u.hasFrag {
		b.WriteString("#" + u.frag)
	}
	return b.String()
}

// merge is RFC 3986 section 5.2.3.
func merge(base iriRef, ref string) string {
	if base.hasAuth && base.path == "" {
		return "/" + ref
	}
	i := strings.LastIndexByte(base.path, '/')
	return base.path[:i+1] + ref
}

// removeDotSegments is RFC 3986 section 5.2.4.
func removeDotSegments(in string) string {
	var out []string
	for in != "" {
		switch {
		case strings.HasPrefix(in, "../"):
			in = in[3:]
		case strings.HasPrefix(in, "./"):
			in = in[2:]
		case strings.HasPrefix(in, "/./"):
			in = in[2:]
		case in == "/.":
			in = "/"
		case strings.HasPrefix(in, "/../"):
			in = in[3:]
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		case in == "/..":
			in = "/"
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		case in == "." || in == "..":
			in = ""
		default:
			start := 0
			if in[0] == '/' {
				start = 1
			}
			i := strings.IndexByte(in[start:], '/')
			if i < 0 {
				i = len(in)
			} else {
				i += start
			}
			out = append(out, in[:i])
			in = in[i:]
		}
	}
	return strings.Join(out, "")
}
