package http

import (
	"mime"
	"sort"
	"strconv"
	"strings"

	"github.com/grunddata/grunddata/hub"
)

// format is one representation the hub can produce.
type format struct {
	name      string // for ?format=
	mediaType string
	expanded  bool // JSON-LD in expanded form
}

var (
	fmtJSONLD   = format{name: "jsonld", mediaType: "application/ld+json"}
	fmtExpanded = format{name: "jsonld-expanded", mediaType: "application/ld+json", expanded: true}
	fmtJSON     = format{name: "json", mediaType: "application/json"}
	fmtTurtle   = format{name: "ttl", mediaType: "text/turtle"}
	fmtNTriples = format{name: "nt", mediaType: "application/n-triples"}
	fmtNQuads   = format{name: "nq", mediaType: "application/n-quads"}
	fmtRDFXML   = format{name: "rdf", mediaType: "application/rdf+xml"}
	fmtHTML     = format{name: "html", mediaType: "text/html"}
)

// formats in the order the hub prefers them when the client has no preference.
var formats = []format{fmtJSONLD, fmtJSON, fmtTurtle, fmtNTriples, fmtNQuads, fmtRDFXML, fmtHTML}

var formatNames = map[string]format{
	"jsonld": fmtJSONLD, "json-ld": fmtJSONLD, "json": fmtJSON, "expanded": fmtExpanded,
	"ttl": fmtTurtle, "turtle": fmtTurtle, "nt": fmtNTriples, "ntriples": fmtNTriples,
	"nq": fmtNQuads, "nquads": fmtNQuads, "rdf": fmtRDFXML, "xml": fmtRDFXML, "rdfxml": fmtRDFXML,
	"html": fmtHTML,
}

const expandedProfile = "http://www.w3.org/ns/json-ld#expanded"

type acceptRange struct {
	typ, sub string
	q        float64
	params   map[string]string
	order    int
}

// negotiate picks the representation for a request: the ?format= override if given, else the best
// match for the Accept header (RFC 9110 §12.5.1: highest q, then most specific range, then the
// client's order). No Accept header means JSON-LD. ENotAcceptable when nothing fits.
func negotiate(accept, override string) (format, error) {
	if override != "" {
		f, ok := formatNames[strings.ToLower(override)]
		if !ok {
			return format{}, hub.Errorf(hub.ENotAcceptable, "unknown format %q; use one of jsonld, json, expanded, ttl, nt, nq, rdf, html", override)
		}
		return f, nil
	}
	if strings.TrimSpace(accept) == "" {
		return fmtJSONLD, nil
	}
	var ranges []acceptRange
	for i, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		typ, sub, _ := strings.Cut(mt, "/")
		r := acceptRange{typ: typ, sub: sub, q: 1, params: params, order: i}
		if qs, ok := params["q"]; ok {
			if q, err := strconv.ParseFloat(qs, 64); err == nil {
				r.q = q
			}
		}
		ranges = append(ranges, r)
	}
	sort.SliceStable(ranges, func(i, j int) bool {
		if ranges[i].q != ranges[j].q {
			return ranges[i].q > ranges[j].q
		}
		return specificity(ranges[i]) > specificity(ranges[j])
	})
	for _, r := range ranges {
		if r.q <= 0 {
			continue
		}
		for _, f := range formats {
			typ, sub, _ := strings.Cut(f.mediaType, "/")
			if (r.typ == "*" || r.typ == typ) && (r.sub == "*" || r.sub == sub) {
				if f == fmtJSONLD && strings.Contains(r.params["profile"], expandedProfile) {
					return fmtExpanded, nil
				}
				return f, nil
			}
		}
	}
	return format{}, hub.Errorf(hub.ENotAcceptable, "no representation matches Accept %q; available: application/ld+json, application/json, text/turtle, application/n-triples, application/n-quads, application/rdf+xml, text/html", accept)
}

func specificity(r acceptRange) int {
	switch {
	case r.typ == "*":
		return 0
	case r.sub == "*":
		return 1
	default:
		return 2
	}
}
