package ldes_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/opendata/opendatatest"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// vocabularyFile finds the official LDES vocabulary in ../shared/conformance beside the repository
// (or beside the folder of git worktrees).
func vocabularyFile() string {
	for _, up := range []string{"../../..", "../../../.."} {
		p := filepath.Join(up, "shared", "conformance", "ldes", "vocabulary.ttl")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return filepath.Join("..", "..", "..", "shared", "conformance", "ldes", "vocabulary.ttl")
}

// TestFeedUsesTheLDESVocabulary checks every ldes: term the root and the pages use against the
// official vocabulary: declared there, used as a property or a class as declared, and properties
// with a declared domain used on subjects of that type.
func TestFeedUsesTheLDESVocabulary(t *testing.T) {
	f, err := os.Open(vocabularyFile())
	if err != nil {
		t.Skipf("LDES vocabulary not found at %s; skipping", vocabularyFile())
	}
	defer f.Close()
	voc, err := rdfio.ParseTriples(f, "text/turtle", "https://w3id.org/ldes#")
	if err != nil {
		t.Fatal(err)
	}
	kind := map[string]string{}   // term -> rdf:Property | rdfs:Class
	domain := map[string]string{} // property -> class
	for _, tr := range voc {
		switch tr.Pred.String() {
		case vocab.RDFType.String():
			kind[tr.Subj.String()] = tr.Obj.String()
		case "http://www.w3.org/2000/01/rdf-schema#domain":
			domain[tr.Subj.String()] = tr.Obj.String()
		}
	}
	h := opendatatest.Demo(t)
	s := newStream(t, h, 4)
	docs, root := allPages(t, s)
	all := root
	for _, d := range docs {
		all = append(all, d.Triples...)
	}
	types := map[string]map[string]bool{}
	for _, tr := range all {
		if tr.Pred == rdf.Predicate(vocab.RDFType) {
			if types[tr.Subj.String()] == nil {
				types[tr.Subj.String()] = map[string]bool{}
			}
			types[tr.Subj.String()][tr.Obj.String()] = true
		}
	}
	used := 0
	for _, tr := range all {
		if p := tr.Pred.String(); strings.HasPrefix(p, vocab.LDESNS) {
			used++
			if kind[p] != "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property" {
				t.Errorf("ldes property %s is not declared as a property (%q)", p, kind[p])
			}
			if d, ok := domain[p]; ok && strings.HasPrefix(d, vocab.LDESNS) && !types[tr.Subj.String()][d] {
				t.Errorf("%s is used on %s, which is not a %s", p, tr.Subj, d)
			}
		}
		if tr.Pred == rdf.Predicate(vocab.RDFType) && strings.HasPrefix(tr.Obj.String(), vocab.LDESNS) {
			if kind[tr.Obj.String()] != "http://www.w3.org/2000/01/rdf-schema#Class" {
				t.Errorf("ldes class %s is not declared as a class", tr.Obj)
			}
		}
	}
	if used < 10 {
		t.Errorf("only %d ldes: statements in the feed", used)
	}
}
