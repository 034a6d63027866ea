// Package shacl is a SHACL Core validator (W3C Shapes Constraint Language, sections 2–4) over
// knakk/rdf triples. Shapes are compiled once into a Validator, which then checks data graphs and
// returns a Report: a Go struct for programs and the standard sh:ValidationReport as RDF.
//
// It supports every target kind (including implicit class targets and rdfs:subClassOf in the data
// graph), every Core constraint component, all property paths, severities, sh:message and
// sh:deactivated. SPARQL-based constraints (SHACL-SPARQL) are not part of Core and are ignored.
// sh:pattern uses Go's RE2 after translating the XPath flags; patterns RE2 cannot express
// (back-references, look-around) make Compile fail with an error naming the shape.
package shacl
