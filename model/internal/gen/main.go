// Command gen writes the model's generated artefacts (JSON-LD context, JSON Schemas, SHACL
// shapes, docs) into model/generated. It runs from `go generate ./model/...`, whose working
// directory is the model package, and removes stale files so the directory mirrors the schema.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/grunddata/grunddata/model"
)

func main() {
	dir := flag.String("out", "generated", "directory to write the generated files into")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	files, err := model.Default().Generate()
	if err != nil {
		return err
	}
	// Remove files the schema no longer produces before writing, so renamed classes leave nothing behind.
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if _, keep := files[filepath.ToSlash(rel)]; !keep {
			return os.Remove(path)
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("gen: wrote %d files to %s\n", len(files), dir)
	return nil
}
