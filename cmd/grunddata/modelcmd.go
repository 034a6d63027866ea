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
		fmt.Fprint(stderr, "usage: grunddata model generate [--out DIR] | check [SCHEMA.yaml]\n")
		return exitError(2)
	}
	switch args[0] {
	case "generate":
		fs := flag.NewFlagSet("model generate", flag.ContinueOnError)
		fs.SetOutput(stderr)
		out := fs.String("out", "model-generated", "directory to write the context, JSON Schemas, shapes and docs into")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		files, err := model.Default().Generate()
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
			if schema, err = model.Parse(b); err != nil {
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

func sortedNames(files model.Files) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
