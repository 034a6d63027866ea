package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/grunddata/grunddata/model"
)

// modelCmd generates the model's artefacts or checks a schema file.
func modelCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, "usage: grunddata model generate [--out DIR] [--extension EXT.yaml] | check [SCHEMA.yaml | EXT.yaml]\n")
		return exitError(2)
	}
	switch args[0] {
	case "generate":
		fs := flag.NewFlagSet("model generate", flag.ContinueOnError)
		fs.SetOutput(stderr)
		out := fs.String("out", "model-generated", "directory to write the context, JSON Schemas, shapes and docs into")
		extension := fs.String("extension", "", "a local extension schema to include (as the config's modelExtension)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		schema, err := extendedSchema(*extension)
		if err != nil {
			return err
		}
		files, err := schema.Generate()
		if err != nil {
			return err
		}
		for _, name := range sortedNames(files) {
			path := filepath.Join(*out, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(path, files[name], 0o644); err != nil {
				return err
			}
		}
		fmt.Fprintf(stdout, "wrote %d files to %s\n", len(files), *out)
		return nil
	case "check":
		schema := model.Default()
		name := "the shared model"
		if len(args) > 1 {
			name = args[1]
			b, err := os.ReadFile(args[1])
			if err != nil {
				return err
			}
			parse := model.Parse
			if model.IsExtension(b) {
				name += " (an extension of the shared model)"
				parse = func(b []byte) (*model.Schema, error) { return model.Extend(model.SchemaYAML(), b) }
			}
			if schema, err = parse(b); err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", name, err)
				return exitError(1)
			}
		}
		files, err := schema.Generate()
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			return exitError(1)
		}
		fmt.Fprintf(stdout, "%s is valid: %d classes, %d generated files\n", name, len(schema.Classes), len(files))
		return nil
	default:
		fmt.Fprintf(stderr, "unknown model command %q\n", args[0])
		return exitError(2)
	}
}

// extendedSchema is the shared model with the extension at path ("" for none).
func extendedSchema(path string) (*model.Schema, error) {
	if path == "" {
		return model.Default(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return model.Extend(model.SchemaYAML(), b)
}

func sortedNames(files model.Files) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
