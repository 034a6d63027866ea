package shacl

import (
	"fmt"

	"github.com/knakk/rdf"
	"strings"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/model"
)

// ForModel compiles the SHACL shapes the generator derives from a schema (the shared model, or
// the shared model with a municipality's extension): one node shape per class, targeting it.
// Errors mean the generator wrote shapes this engine cannot read, which the package tests rule
// out for the shared model.
func ForModel(s *model.Schema) (*Validator, error) {
	ts, err := ModelShapes(s)
	if err != nil {
		return nil, err
	}
	return Compile(ts)
}

// ModelShapes returns the shapes graph generated from a schema, for callers that combine it with
// shapes of their own before compiling.
func ModelShapes(s *model.Schema) ([]rdf.Triple, error) {
	ts, err := rdfio.ParseTriples(strings.NewReader(s.Shapes(s.Classes)), rdfio.MediaTurtle, "")
	if err != nil {
		return nil, fmt.Errorf("reading the model's shapes: %w", err)
	}
	return ts, nil
}
