package rdfio

import (
	"mime"
	"strings"
)

// Format describes one RDF syntax the hub serves.
type Format struct {
	Name      string // short name, as in ?format=
	MediaType string // canonical media type, without parameters
	Extension string // file extension with the dot, for dumps and downloads
}

// Media types of the syntaxes the hub reads and writes. Callers switch on Format.MediaType.
const (
	MediaJSONLD   = "application/ld+json"
	MediaTurtle   = "text/turtle"
	MediaNTriples = "application/n-triples"
	MediaNQuads   = "application/n-quads"
	MediaRDFXML   = "application/rdf+xml"
)

// Formats returns the supported syntaxes, JSON-LD (the default representation) first. JSON-LD is
// written and read by hub/jsonld; it is listed here so content negotiation has one table. The
// slice is fresh on every call, so callers may reorder it.
func Formats() []Format {
	return []Format{
		{Name: "jsonld", MediaType: MediaJSONLD, Extension: ".jsonld"},
		{Name: "turtle", MediaType: MediaTurtle, Extension: ".ttl"},
		{Name: "ntriples", MediaType: MediaNTriples, Extension: ".nt"},
		{Name: "nquads", MediaType: MediaNQuads, Extension: ".nq"},
		{Name: "rdfxml", MediaType: MediaRDFXML, Extension: ".rdf"},
	}
}

// FormatByMediaType finds the format for a media type; parameters (charset, profile) and case are
// ignored, and "application/json" is read as JSON-LD.
func FormatByMediaType(mediaType string) (Format, bool) {
	mt, _, err := mime.ParseMediaType(mediaType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(mediaType))
	}
	if mt == "application/json" {
		mt = MediaJSONLD
	}
	for _, f := range Formats() {
		if f.MediaType == mt {
			return f, true
		}
	}
	return Format{}, false
}

// FormatByName finds the format for a ?format= value: ttl|turtle, nt|ntriples, nq|nquads,
// rdf|xml|rdfxml, jsonld|json (case-insensitive).
func FormatByName(name string) (Format, bool) {
	var mt string
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "ttl", "turtle":
		mt = MediaTurtle
	case "nt", "ntriples":
		mt = MediaNTriples
	case "nq", "nquads":
		mt = MediaNQuads
	case "rdf", "xml", "rdfxml":
		mt = MediaRDFXML
	case "jsonld", "json":
		mt = MediaJSONLD
	default:
		return Format{}, false
	}
	return FormatByMediaType(mt)
}
