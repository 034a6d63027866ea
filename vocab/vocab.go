// Package vocab names the RDF vocabularies the hub speaks: one namespace constant per vocabulary
// and rdf.IRI values for the terms other packages use, so that no IRI is spelt twice in the code.
// It also embeds the hub's own small ontology (grunddata.ttl) for the few terms no standard has.
//
// The package imports nothing of ours; everything else may import it.
package vocab

import (
	_ "embed"

	"github.com/knakk/rdf"
)

// Namespaces, as listed in DESIGN §5 plus those the information model needs.
const (
	RDFNS    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	RDFSNS   = "http://www.w3.org/2000/01/rdf-schema#"
	XSDNS    = "http://www.w3.org/2001/XMLSchema#"
	OWLNS    = "http://www.w3.org/2002/07/owl#"
	SKOSNS   = "http://www.w3.org/2004/02/skos/core#"
	DCTNS    = "http://purl.org/dc/terms/"
	FOAFNS   = "http://xmlns.com/foaf/0.1/"
	SchemaNS = "https://schema.org/"
	ORGNS    = "http://www.w3.org/ns/org#"
	// PersonNS is the ISA Core Person namespace; newer SEMIC releases moved most terms to CVNS.
	PersonNS = "http://www.w3.org/ns/person#"
	// CVNS is the SEMIC Core Vocabularies namespace (m8g), shared by Core Person, Core Public
	// Organisation, Core Location and CPSV-AP since their 2.x releases.
	CVNS    = "http://data.europa.eu/m8g/"
	CPOVNS  = "http://data.europa.eu/m8g/" // CPOV terms live in the Core Vocabularies namespace
	LocnNS  = "http://www.w3.org/ns/locn#"
	ADMSNS  = "http://www.w3.org/ns/adms#"
	CPSVNS  = "http://purl.org/vocab/cpsv#"
	DCATNS  = "http://www.w3.org/ns/dcat#"
	ProvNS  = "http://www.w3.org/ns/prov#"
	HydraNS = "http://www.w3.org/ns/hydra/core#"
	LDESNS  = "https://w3id.org/ldes#"
	TreeNS  = "https://w3id.org/tree#"
	VoIDNS  = "http://rdfs.org/ns/void#"
	SHNS    = "http://www.w3.org/ns/shacl#"
	VCardNS = "http://www.w3.org/2006/vcard/ns#"
	// GeoNS is GeoSPARQL, used for the WKT literal datatype of locn:geometry.
	GeoNS  = "http://www.opengis.net/ont/geosparql#"
	TimeNS = "http://www.w3.org/2006/time#"
	// GDNS is the hub's own namespace, for terms no standard vocabulary has (see grunddata.ttl).
	GDNS = "https://w3id.org/grunddata/ns#"
	// GDShapesNS holds the IRIs of the generated SHACL shapes.
	GDShapesNS = "https://w3id.org/grunddata/shapes#"
)

// Prefixes returns a fresh prefix → namespace map for serializers (Turtle, RDF/XML, HTML).
// Every namespace appears under exactly one prefix. It is built per call so no caller can
// change another's table.
func Prefixes() map[string]string {
	return map[string]string{
		"rdf": RDFNS, "rdfs": RDFSNS, "xsd": XSDNS, "owl": OWLNS, "skos": SKOSNS, "dct": DCTNS,
		"foaf": FOAFNS, "schema": SchemaNS, "org": ORGNS, "person": PersonNS, "cv": CVNS,
		"locn": LocnNS, "adms": ADMSNS, "cpsv": CPSVNS, "dcat": DCATNS, "prov": ProvNS,
		"hydra": HydraNS, "ldes": LDESNS, "tree": TreeNS, "void": VoIDNS, "sh": SHNS,
		"vcard": VCardNS, "geo": GeoNS, "time": TimeNS, "gd": GDNS, "gdsh": GDShapesNS,
	}
}

// OntologyTurtle is the hub's own ontology (owl:Ontology gd:) in Turtle: customer numbers,
// visibility and protection levels, and the national identifier schemes.
//
//go:embed grunddata.ttl
var OntologyTurtle []byte

// IRI is the type of every term here (knakk/rdf's), named so that the model packages, which may
// import only vocab, can hold a scheme or class IRI and hand it to code that speaks rdf.IRI.
type IRI = rdf.IRI

// iri builds a term from a constant; a malformed constant is a programming error caught by the
// package tests, so it panics rather than returning an error no caller could handle.
func iri(s string) rdf.IRI {
	v, err := rdf.NewIRI(s)
	if err != nil {
		panic("vocab: bad IRI " + s + ": " + err.Error())
	}
	return v
}
