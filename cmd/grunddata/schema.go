package main

import (
	"fmt"
	"strconv"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/hub/jsonld"
	"github.com/grunddata/grunddata/model"
)

// hubSchema is the information model a hub with this config runs: the shared model.
func hubSchema(cfg config.Config) (*model.Schema, error) {
	return model.Default(), nil
}

// localShapes reads the config's extra SHACL shapes files.
func localShapes(cfg config.Config, ld *jsonld.Processor) ([]rdf.Triple, error) {
	r := rdfReader{base: cfg.Base, ld: ld}
	var out []rdf.Triple
	for i, path := range cfg.Shapes {
		ts, err := r.read(path, "local"+strconv.Itoa(i)+"-")
		if err != nil {
			return nil, fmt.Errorf("config shapes: %w", err)
		}
		out = append(out, ts...)
	}
	return out, nil
}
