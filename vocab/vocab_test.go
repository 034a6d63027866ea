package vocab

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/knakk/rdf"
)

// gdTerms lists the gd: IRIs terms.go defines, read from the source so a new constant cannot
// slip past the ontology check.
func gdTerms(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "terms.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Values) != 1 {
			return true
		}
		call, ok := vs.Values[0].(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return true
		}
		switch a := call.Args[0].(type) {
		case *ast.BinaryExpr:
			ns, ok1 := a.X.(*ast.Ident)
			lit, ok2 := a.Y.(*ast.BasicLit)
			if ok1 && ok2 && ns.Name == "GDNS" {
				local, _ := strconv.Unquote(lit.Value)
				out[vs.Names[0].Name] = GDNS + local
			}
		case *ast.BasicLit:
			s, _ := strconv.Unquote(a.Value)
			if strings.HasPrefix(s, "https://w3id.org/grunddata/") {
				out[vs.Names[0].Name] = s
			}
		}
		return true
	})
	if len(out) < 10 {
		t.Fatalf("found only %d gd: terms in terms.go; did the file layout change?", len(out))
	}
	return out
}

func parseOntology(t *testing.T) []rdf.Triple {
	t.Helper()
	ts, err := rdf.NewTripleDecoder(bytes.NewReader(OntologyTurtle), rdf.Turtle).DecodeAll()
	if err != nil {
		t.Fatalf("grunddata.ttl does not parse: %v", err)
	}
	return ts
}

func TestOntologyDeclaresEveryGDTerm(t *testing.T) {
	declared := map[string]bool{}  // subjects with an rdf:type
	labelled := map[string]bool{}  // subjects with an rdfs:label
	commented := map[string]bool{} // subjects with an rdfs:comment
	for _, tr := range parseOntology(t) {
		s := tr.Subj.String()
		switch tr.Pred.String() {
		case RDFType.String():
			declared[s] = true
		case RDFSLabel.String():
			labelled[s] = true
		case RDFSComment.String():
			commented[s] = true
		}
	}
	for name, iri := range gdTerms(t) {
		if !declared[iri] || !labelled[iri] || !commented[iri] {
			t.Errorf("%s = <%s> is not declared with rdf:type, rdfs:label and rdfs:comment in grunddata.ttl", name, iri)
		}
	}
}

func TestOntologyUsesOnlyKnownTerms(t *testing.T) {
	// Every gd: IRI the ontology mentions should have a Go name, so code never spells one by hand.
	known := map[string]bool{}
	for _, iri := range gdTerms(t) {
		known[iri] = true
	}
	var unknown []string
	for _, tr := range parseOntology(t) {
		for _, term := range []rdf.Term{tr.Subj, tr.Pred, tr.Obj} {
			if iri, ok := term.(rdf.IRI); ok && strings.HasPrefix(iri.String(), "https://w3id.org/grunddata/") && !known[iri.String()] {
				unknown = append(unknown, iri.String())
			}
		}
	}
	if len(unknown) > 0 {
		t.Errorf("grunddata.ttl uses gd: IRIs without a Go constant: %v", unknown)
	}
}

func TestPrefixes(t *testing.T) {
	p := Prefixes()
	seen := map[string]string{}
	for prefix, ns := range p {
		if other, dup := seen[ns]; dup {
			t.Errorf("namespace %s has two prefixes: %s and %s", ns, prefix, other)
		}
		seen[ns] = prefix
		if !strings.HasSuffix(ns, "#") && !strings.HasSuffix(ns, "/") {
			t.Errorf("namespace %s (%s) must end in # or /", ns, prefix)
		}
	}
	p["rdf"] = "changed"
	if Prefixes()["rdf"] != RDFNS {
		t.Error("Prefixes must return a fresh map each call")
	}
	var got []string
	for _, prefix := range []string{"rdf", "dct", "org", "cv", "locn", "adms", "cpsv", "hydra", "ldes", "tree", "sh", "gd"} {
		got = append(got, p[prefix])
	}
	want := []string{"changed", DCTNS, ORGNS, CVNS, LocnNS, ADMSNS, CPSVNS, HydraNS, LDESNS, TreeNS, SHNS, GDNS}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("prefixes (-want +got):\n%s", diff)
	}
}

func TestTermsAreInTheirNamespace(t *testing.T) {
	tests := []struct {
		term rdf.IRI
		want string
	}{
		{RDFType, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"},
		{HydraMember, "http://www.w3.org/ns/hydra/core#member"},
		{HydraCollectionProp, "http://www.w3.org/ns/hydra/core#collection"},
		{ProvGeneratedAtTime, "http://www.w3.org/ns/prov#generatedAtTime"},
		{ProvWasAttributedTo, "http://www.w3.org/ns/prov#wasAttributedTo"},
		{DCTIdentifier, "http://purl.org/dc/terms/identifier"},
		{CPSVPublicService, "http://purl.org/vocab/cpsv#PublicService"},
		{CVHasCompetentAuthority, "http://data.europa.eu/m8g/hasCompetentAuthority"},
		{LDESEventStream, "https://w3id.org/ldes#EventStream"},
		{TreeMember, "https://w3id.org/tree#member"},
		{GDCustomerNumber, "https://w3id.org/grunddata/ns#customerNumber"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.term.String()); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	}
}

func TestGDTermNamesMatchLocalNames(t *testing.T) {
	// GDFoo must be gd:Foo or gd:foo, so readers can guess one from the other.
	exceptions := map[string]bool{"GDOntology": true, "GDProtectionLevelType": true}
	var bad []string
	for name, iri := range gdTerms(t) {
		local := strings.TrimPrefix(iri, GDNS)
		if !exceptions[name] && !strings.EqualFold(strings.TrimPrefix(name, "GD"), local) {
			bad = append(bad, name+" → "+iri)
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		t.Errorf("Go names that do not match their gd: local name: %v", bad)
	}
}
