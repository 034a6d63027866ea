package exempelby

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
)

// Quads reads the dataset for a hub at base into graph: relative IRIs resolve against base, and
// each file's blank nodes get the prefix "demo-{file}-" so that files cannot share one by accident
// and the labels are the same on every load.
func Quads(base string, graph rdf.IRI) ([]rdf.Quad, error) {
	var out []rdf.Quad
	err := fs.WalkDir(Data, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := Data.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		quads, err := rdfio.ParseQuads(f, "text/turtle", base, graph)
		if err != nil {
			return fmt.Errorf("demo data %s: %w", path, err)
		}
		out = append(out, rdfio.ScopeBlankNodes(quads, "demo-"+strings.TrimSuffix(path, ".ttl")+"-")...)
		return nil
	})
	return out, err
}
