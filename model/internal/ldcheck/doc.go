// Package ldcheck holds only tests: it runs the generated JSON-LD context through json-gold, an
// independent JSON-LD 1.1 processor. It is a package of its own so that json-gold stays out of
// model's import graph (DESIGN: json-gold belongs to hub/jsonld) even for tests.
package ldcheck
