package opendata_test

import (
	"context"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/opendata"
	"github.com/grunddata/grunddata/hub/opendata/opendatatest"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

func TestClassesAreTheOpenRoutableOnes(t *testing.T) {
	h := opendatatest.Demo(t)
	var got []string
	for _, c := range h.Source.Classes() {
		got = append(got, c.Name)
	}
	want := "Address AdminUnit Organisation Post RoleType Service Unit"
	if strings.Join(got, " ") != want {
		t.Errorf("Classes() = %v, want %s", got, want)
	}
}

func TestEachYieldsOnlyOpenData(t *testing.T) {
	h := opendatatest.Demo(t)
	ctx := context.Background()
	var subjects []string
	var all []rdf.Triple
	err := h.Source.Each(ctx, h.Source.Classes(), func(iri rdf.IRI, triples []rdf.Triple) error {
		subjects = append(subjects, strings.TrimPrefix(iri.String(), opendatatest.Base))
		all = append(all, triples...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"id/adminunit/99", "id/adminunit/9999",
		"id/organisation/2129990004", "id/organisation/5569990004", "id/organisation/8029990002",
		"id/post/rektor-solberga",
		"id/roletype/care-assistant", "id/roletype/principal", "id/roletype/teacher",
		"id/service/forskoleplats", "id/service/hemtjanst",
		"id/unit/100", "id/unit/200", "id/unit/210", "id/unit/99990001", "id/unit/99990002", "id/unit/99990003",
	}
	if strings.Join(subjects, "\n") != strings.Join(want, "\n") {
		t.Errorf("subjects:\n%s\nwant:\n%s", strings.Join(subjects, "\n"), strings.Join(want, "\n"))
	}
	var b strings.Builder
	if err := rdfio.WriteNTriples(&b, all); err != nil {
		t.Fatal(err)
	}
	for _, secret := range append(opendatatest.Secrets(), opendatatest.PeerSubject) {
		if strings.Contains(b.String(), secret) {
			t.Errorf("open data contains %q", secret)
		}
	}
}

func TestDescribe(t *testing.T) {
	h := opendatatest.Demo(t)
	ctx := context.Background()
	for _, tc := range []struct {
		iri  string
		open bool
	}{
		{opendatatest.Base + "id/organisation/2129990004", true},
		{opendatatest.Base + "id/person/10000036", false},         // internal class
		{opendatatest.Base + "id/membership/anna-angs", false},    // internal class
		{opendatatest.Base + "id/organisation/0000000000", false}, // unknown
		{opendatatest.PeerSubject, false},                         // a peer's, replicated
		{opendatatest.Base + "ns#customerNumber", false},          // not a resource URI
	} {
		iri, _ := rdf.NewIRI(tc.iri)
		got, err := h.Source.Describe(ctx, iri)
		if err != nil {
			t.Fatalf("%s: %v", tc.iri, err)
		}
		if (len(got) > 0) != tc.open {
			t.Errorf("Describe(%s): %d triples, want open=%v", tc.iri, len(got), tc.open)
		}
	}
}

func TestRootOfNestedBlankNode(t *testing.T) {
	h := opendatatest.Demo(t)
	ctx := context.Background()
	org, _ := rdf.NewIRI(opendatatest.Base + "id/organisation/2129990004")
	triples, err := h.Source.Describe(ctx, org)
	if err != nil {
		t.Fatal(err)
	}
	var blanks int
	for _, tr := range triples {
		b, ok := tr.Subj.(rdf.Blank)
		if !ok {
			continue
		}
		blanks++
		root, ok, err := h.Source.Root(ctx, b)
		if err != nil || !ok || root != org {
			t.Errorf("Root(%s) = %v, %v, %v; want %s", b, root, ok, err, org)
		}
	}
	if blanks == 0 {
		t.Fatal("the demo organisation has no nested nodes; the test checks nothing")
	}
}

func TestIsPeerGraph(t *testing.T) {
	for g, want := range map[string]bool{
		"http://hub.test/graph/peer/peer.test": true,
		"http://hub.test/graph/demo":           false,
		"http://other.test/graph/peer/x":       false,
	} {
		iri, _ := rdf.NewIRI(g)
		if got := opendata.IsPeerGraph("http://hub.test/", iri); got != want {
			t.Errorf("IsPeerGraph(%s) = %v", g, got)
		}
	}
}

func TestTouched(t *testing.T) {
	h := opendatatest.Demo(t)
	ctx := context.Background()
	iri := func(s string) rdf.IRI { v, _ := rdf.NewIRI(s); return v }
	org := iri(opendatatest.Base + "id/organisation/2129990004")
	triples, err := h.Source.Describe(ctx, org)
	if err != nil {
		t.Fatal(err)
	}
	var nested rdf.Blank
	for _, tr := range triples {
		if b, ok := tr.Subj.(rdf.Blank); ok {
			nested = b
		}
	}
	lit := rdf.NewTypedLiteral("x", vocab.XSDString)
	person := iri(opendatatest.Base + "id/person/10000036")
	peer := iri(opendatatest.PeerSubject)
	for _, tc := range []struct {
		name string
		q    rdf.Quad
		want string
	}{
		{"nested node", rdf.Quad{Triple: rdf.Triple{Subj: nested, Pred: vocab.RDFSComment, Obj: lit}}, org.String()},
		{"resource", rdf.Quad{Triple: rdf.Triple{Subj: org, Pred: vocab.RDFSComment, Obj: lit}}, org.String()},
		{"person", rdf.Quad{Triple: rdf.Triple{Subj: person, Pred: vocab.RDFSComment, Obj: lit}}, ""},
		{"peer graph", rdf.Quad{Triple: rdf.Triple{Subj: org, Pred: vocab.RDFSComment, Obj: lit}, Ctx: iri(opendata.PeerGraphPrefix(opendatatest.Base) + "x")}, ""},
		{"peer resource", rdf.Quad{Triple: rdf.Triple{Subj: peer, Pred: vocab.RDFSComment, Obj: lit}}, ""},
	} {
		got, err := h.Source.Touched(ctx, store.Change{Added: []rdf.Quad{tc.q}})
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, g := range got {
			s = append(s, g.String())
		}
		if strings.Join(s, " ") != tc.want {
			t.Errorf("%s: touched %v, want %q", tc.name, s, tc.want)
		}
	}
}
