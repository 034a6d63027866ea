package model

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"github.com/knakk/rdf"
)

// TestGeneratedIsCurrent fails, naming the file, when the committed outputs under generated/ are
// not what the schema produces now.
func TestGeneratedIsCurrent(t *testing.T) {
	want, err := Default().Generate()
	if err != nil {
		t.Fatal(err)
	}
	committed := map[string]bool{}
	err = fs.WalkDir(Generated, "generated", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := strings.TrimPrefix(path, "generated/")
		committed[name] = true
		got, err := fs.ReadFile(Generated, path)
		if err != nil {
			return err
		}
		w, ok := want[name]
		switch {
		case !ok:
			t.Errorf("model/generated/%s is no longer generated; run go generate ./model/...", name)
		case !bytes.Equal(w, got):
			t.Errorf("model/generated/%s is stale; run go generate ./model/...", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range want {
		if !committed[name] {
			t.Errorf("model/generated/%s is missing; run go generate ./model/...", name)
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, err := Default().Generate()
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, err := Default().Generate()
		if err != nil {
			t.Fatal(err)
		}
		for name := range a {
			if !bytes.Equal(a[name], b[name]) {
				t.Fatalf("%s differs between two runs", name)
			}
		}
	}
}

func TestShapesParseAsTurtle(t *testing.T) {
	files, err := Default().Generate()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if !strings.HasSuffix(name, ".ttl") {
			continue
		}
		triples, err := rdf.NewTripleDecoder(bytes.NewReader(data), rdf.Turtle).DecodeAll()
		if err != nil {
			t.Errorf("%s does not parse: %v", name, err)
			continue
		}
		if len(triples) == 0 {
			t.Errorf("%s holds no triples", name)
		}
	}
}

func TestShapesContent(t *testing.T) {
	s := Default()
	data := []byte(s.Shapes(s.Classes))
	triples, err := rdf.NewTripleDecoder(bytes.NewReader(data), rdf.Turtle).DecodeAll()
	if err != nil {
		t.Fatal(err)
	}
	has := map[string]bool{}
	for _, tr := range triples {
		has[tr.Subj.String()+" "+tr.Pred.String()+" "+tr.Obj.Serialize(rdf.NTriples)] = true
	}
	sh := "http://www.w3.org/ns/shacl#"
	g := "https://w3id.org/grunddata/shapes#"
	tests := []string{
		g + "Person " + sh + "targetClass <http://www.w3.org/ns/person#Person>",
		g + "Person-familyName " + sh + `minCount "1"^^<http://www.w3.org/2001/XMLSchema#integer>`,
		g + "Person-birthDate " + sh + "datatype <http://www.w3.org/2001/XMLSchema#date>",
		g + "Person-birthDate " + sh + `maxCount "1"^^<http://www.w3.org/2001/XMLSchema#integer>`,
		g + "Person-otherIdentifier " + sh + "node <" + g + "Identifier>",
		g + "Person-customerNumber " + sh + `pattern "^[0-9]{8}$"`,
		g + "Service-hasCompetentAuthority " + sh + "nodeKind <" + sh + "IRI>",
		g + "Service-hasCompetentAuthority-class " + sh + "severity <" + sh + "Warning>",
		g + "Membership-employmentPercentage " + sh + `maxInclusive "100"^^<http://www.w3.org/2001/XMLSchema#integer>`,
	}
	for _, want := range tests {
		if !has[want] {
			t.Errorf("shapes lack the triple %s", want)
		}
	}
	for _, tr := range triples {
		if tr.Pred.String() == sh+"closed" {
			t.Errorf("%s is closed; the hub's shapes stay open", tr.Subj)
		}
	}
}
