package main

import (
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"testing/fstest"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/hub/jsonld"
	"github.com/grunddata/grunddata/model"
)

// hubSchema is the information model a hub with this config runs: the shared model, with the
// config's local extension when it names one.
func hubSchema(cfg config.Config) (*model.Schema, error) {
	if cfg.ModelExtension == "" {
		return model.Default(), nil
	}
	b, err := os.ReadFile(cfg.ModelExtension)
	if err != nil {
		return nil, fmt.Errorf("config modelExtension: %w", err)
	}
	s, err := model.Extend(model.SchemaYAML(), b)
	if err != nil {
		return nil, fmt.Errorf("config modelExtension %s: %w", cfg.ModelExtension, err)
	}
	return s, nil
}

// modelArtefacts returns the generated context and the tree of generated files the hub serves
// under {base}model/: the committed ones for the shared model, freshly generated ones when the
// config extends it.
func modelArtefacts(cfg config.Config, schema *model.Schema) (context []byte, files fs.FS, err error) {
	if cfg.ModelExtension == "" {
		if context, err = fs.ReadFile(model.Generated, "generated/context.jsonld"); err != nil {
			return nil, nil, err
		}
		files, err = fs.Sub(model.Generated, "generated")
		return context, files, err
	}
	generated, err := schema.Generate()
	if err != nil {
		return nil, nil, fmt.Errorf("model extension: %w", err)
	}
	tree := fstest.MapFS{}
	for name, b := range generated {
		tree[name] = &fstest.MapFile{Data: b, Mode: 0o444}
	}
	return generated["context.jsonld"], tree, nil
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
