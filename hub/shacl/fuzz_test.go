package shacl_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/shacl"
	"github.com/grunddata/grunddata/hub/shacl/shacltest"
)

// FuzzValidate feeds arbitrary Turtle to the engine as both shapes and data, as POST validate
// may: compiling either fails with an error or the validation completes and its report can be
// written as RDF and JSON-LD. Seeds are the W3C suite's files when present.
func FuzzValidate(f *testing.F) {
	f.Add(prefixes + `ex:S sh:targetClass ex:C ; sh:property [ sh:path ( ex:p [ sh:zeroOrMorePath ex:q ] ) ; sh:minCount 1 ; sh:pattern "^a" ] .
ex:a a ex:C ; ex:p ex:b . ex:b ex:q ex:b .`)
	f.Add(prefixes + `ex:S sh:targetNode ex:a ; sh:or ( [ sh:datatype xsd:date ] [ sh:class ex:C ] ) ; sh:closed true .`)
	if dir := shacltest.ConformanceDir("shacl-core"); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "*", "*.ttl"))
		for i, name := range files {
			if i%4 != 0 { // a quarter of the suite keeps the seed run short
				continue
			}
			if b, err := os.ReadFile(name); err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		ts, err := rdfio.ParseTriples(strings.NewReader(src), rdfio.MediaTurtle, "http://example.org/")
		if err != nil {
			return
		}
		v, err := shacl.Compile(ts)
		if err != nil {
			return
		}
		rep := v.Validate(ts)
		if rep.Conforms != (len(rep.Results) == 0) {
			t.Fatalf("conforms %v with %d results", rep.Conforms, len(rep.Results))
		}
		_ = rep.Triples()
		_ = rep.JSONLD()
		_ = rep.Text()
	})
}
