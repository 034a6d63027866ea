package fragments_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/fragments"
	"github.com/grunddata/grunddata/hub/opendata/opendatatest"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

const base = opendatatest.Base

func newFragments(t *testing.T, pageSize int) (*fragments.Fragments, *opendatatest.Hub) {
	t.Helper()
	h := opendatatest.Demo(t)
	return fragments.New(fragments.Config{Source: h.Source, Store: h.Store, PageSize: pageSize}), h
}

// allOpen is the oracle: every open triple, skolemized the way fragments publish blank nodes.
func allOpen(t *testing.T, h *opendatatest.Hub) []rdf.Triple {
	t.Helper()
	var out []rdf.Triple
	err := h.Source.Each(context.Background(), h.Source.Classes(), func(_ rdf.IRI, ts []rdf.Triple) error {
		for _, tr := range ts {
			out = append(out, skolem(tr))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func skolem(tr rdf.Triple) rdf.Triple {
	if b, ok := tr.Subj.(rdf.Blank); ok {
		tr.Subj = iri(base + ".well-known/genid/" + b.String())
	}
	if b, ok := tr.Obj.(rdf.Blank); ok {
		tr.Obj = iri(base + ".well-known/genid/" + b.String())
	}
	return tr
}

// everything reads all pages of a fragment, checking that each page agrees on the total.
func everything(t *testing.T, f *fragments.Fragments, p fragments.Pattern) ([]rdf.Triple, int) {
	t.Helper()
	var out []rdf.Triple
	total := -1
	for n := 1; ; n++ {
		pg, err := f.Fragment(context.Background(), p, n)
		if err != nil {
			t.Fatal(err)
		}
		if total >= 0 && pg.Total != total {
			t.Fatalf("page %d says %d triples, page 1 said %d", n, pg.Total, total)
		}
		total = pg.Total
		if len(pg.Triples) > f.PageSize() {
			t.Fatalf("page %d has %d triples, more than the page size %d", n, len(pg.Triples), f.PageSize())
		}
		out = append(out, pg.Triples...)
		if !pg.HasNext {
			return out, total
		}
		if n > 1000 {
			t.Fatal("no end of pages")
		}
	}
}

func TestFragmentsMatchTheOpenData(t *testing.T) {
	for _, pageSize := range []int{100, 7} {
		f, h := newFragments(t, pageSize)
		open := allOpen(t, h)
		org := base + "id/organisation/2129990004"
		var address string // a nested node of the municipality's organisation, as a skolem IRI
		for _, tr := range open {
			if tr.Subj.String() == org && tr.Pred.String() == vocab.LocnAddressProp.String() {
				address = tr.Obj.String()
			}
		}
		if address == "" {
			t.Fatal("the demo organisation has no address node")
		}
		for _, tc := range []struct {
			name    string
			s, p, o string
			empty   bool
		}{
			{name: "everything"},
			{name: "subject", s: org},
			{name: "nested subject (skolem IRI)", s: address},
			{name: "predicate", p: vocab.SKOSPrefLabel.String()},
			{name: "object IRI", o: org},
			{name: "object literal", o: `"Exempelby kommun"`},
			{name: "type", p: vocab.RDFType.String(), o: vocab.ORGNS + "OrganizationalUnit"},
			{name: "subject and predicate", s: org, p: vocab.ORGNS + "hasUnit"},
			{name: "all bound", s: org, p: vocab.RDFType.String(), o: vocab.ORGNS + "Organization"},
			{name: "persons", p: vocab.RDFType.String(), o: vocab.PersonNS + "Person", empty: true},
			{name: "a person", s: base + "id/person/10000036", empty: true},
			{name: "identifiers", p: vocab.ADMSIdentifierProp.String(), empty: true},
			{name: "family names", p: vocab.FOAFFamilyName.String(), empty: true},
			{name: "memberships", p: vocab.RDFType.String(), o: vocab.ORGNS + "Membership", empty: true},
			{name: "peer data", s: opendatatest.PeerSubject, empty: true},
			{name: "unknown literal", o: `"no such thing"@sv`, empty: true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p, err := f.ParsePattern(tc.s, tc.p, tc.o)
				if err != nil {
					t.Fatal(err)
				}
				var want []rdf.Triple
				for _, tr := range open {
					if (tc.s == "" || tr.Subj.String() == tc.s) && (tc.p == "" || tr.Pred.String() == tc.p) &&
						(p.O == nil || rdfio.Equal(skolemObj(p.O), tr.Obj)) {
						want = append(want, tr)
					}
				}
				got, total := everything(t, f, p)
				if tc.empty != (len(want) == 0) {
					t.Fatalf("the oracle has %d triples; the case expects empty=%v", len(want), tc.empty)
				}
				if total != len(want) || len(got) != len(want) {
					t.Errorf("total %d, pages hold %d, want %d", total, len(got), len(want))
				}
				if !rdfio.Isomorphic(want, got) {
					t.Errorf("%s", rdfio.Diff(want, got))
				}
			})
		}
	}
}

func skolemObj(o rdf.Object) rdf.Term {
	if b, ok := o.(rdf.Blank); ok {
		return iri(base + ".well-known/genid/" + b.String())
	}
	return o
}

func TestNothingInternalIsReachable(t *testing.T) {
	f, _ := newFragments(t, 50)
	got, _ := everything(t, f, fragments.Pattern{})
	var b bytes.Buffer
	if err := rdfio.WriteNTriples(&b, got); err != nil {
		t.Fatal(err)
	}
	for _, secret := range append(opendatatest.Secrets(), opendatatest.PeerSubject) {
		if strings.Contains(b.String(), secret) {
			t.Errorf("the fragments contain %q", secret)
		}
	}
	if strings.Contains(b.String(), "_:") {
		t.Errorf("a blank node was published instead of a skolem IRI")
	}
}

func TestPagingLinks(t *testing.T) {
	f, _ := newFragments(t, 10)
	p, _ := f.ParsePattern("", vocab.RDFType.String(), "")
	ctx := context.Background()
	first, err := f.Fragment(ctx, p, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !first.HasNext || first.Total <= 10 {
		t.Fatalf("page 1: next=%v total=%d; the demo should need more than one page", first.HasNext, first.Total)
	}
	last := (first.Total + 9) / 10
	pg, err := f.Fragment(ctx, p, last)
	if err != nil {
		t.Fatal(err)
	}
	if pg.HasNext || len(pg.Triples) != first.Total-(last-1)*10 {
		t.Errorf("last page %d: next=%v, %d triples", last, pg.HasNext, len(pg.Triples))
	}
	past, err := f.Fragment(ctx, p, last+1)
	if err != nil || len(past.Triples) != 0 || past.HasNext {
		t.Errorf("page past the end: %v, %+v", err, past)
	}
	if got, want := f.URL(p, 3), base+"fragments?predicate=http%3A%2F%2Fwww.w3.org%2F1999%2F02%2F22-rdf-syntax-ns%23type&page=3"; got != want {
		t.Errorf("URL = %s, want %s", got, want)
	}
}

func TestCountsFollowTheStore(t *testing.T) {
	f, h := newFragments(t, 100)
	ctx := context.Background()
	p, _ := f.ParsePattern("", vocab.SKOSPrefLabel.String(), "")
	before, err := f.Fragment(ctx, p, 1)
	if err != nil {
		t.Fatal(err)
	}
	label, _ := rdf.NewLangLiteral("Home care", "en")
	q := rdf.Quad{Triple: rdf.Triple{Subj: iri(base + "id/unit/210"), Pred: vocab.SKOSPrefLabel, Obj: label}, Ctx: iri(base + "graph/manual")}
	if _, err := h.Store.Apply(ctx, store.Changeset{Add: []rdf.Quad{q}}); err != nil {
		t.Fatal(err)
	}
	after, err := f.Fragment(ctx, p, 1)
	if err != nil {
		t.Fatal(err)
	}
	if after.Total != before.Total+1 {
		t.Errorf("total %d after adding a label, want %d", after.Total, before.Total+1)
	}
}

func TestParsePattern(t *testing.T) {
	f, _ := newFragments(t, 100)
	for _, tc := range []struct {
		s, p, o string
		want    string // the pattern as text, or the error's start
	}{
		{"", "", "", "? ? ?"},
		{"?s", "?p", "?o", "? ? ?"},
		{"_:b", "", "", "? ? ?"},
		{"http://x/a", "http://x/p", "http://x/b", "<http://x/a> <http://x/p> <http://x/b>"},
		{"", "", `"Exempelby"`, `? ? "Exempelby"`},
		{"", "", `"Oslo"@nb`, `? ? "Oslo"@nb`},
		{"", "", `"Oslo"@NB-no`, `? ? "Oslo"@nb-no`},
		{"", "", `"42"^^http://www.w3.org/2001/XMLSchema#integer`, `? ? "42"^^<http://www.w3.org/2001/XMLSchema#integer>`},
		{"", "", `"42"^^<http://www.w3.org/2001/XMLSchema#integer>`, `? ? "42"^^<http://www.w3.org/2001/XMLSchema#integer>`},
		{"", "", `"say "hi""`, `? ? "say \"hi\""`},
		{base + ".well-known/genid/demo-x-b1", "", "", "_:demo-x-b1 ? ?"},
		{"not an iri", "", "", "invalid: subject:"},
		{`"lit"`, "", "", "invalid: subject: a literal"},
		{"", `"lit"`, "", "invalid: predicate: a literal"},
		{"", "", `"open`, "invalid: object:"},
		{"", "", `"x"@`, "invalid: object:"},
		{"", "", `"x"^^notaniri`, "invalid: object: datatype"},
		{"", "", `"x"junk`, "invalid: object: unexpected"},
	} {
		p, err := f.ParsePattern(tc.s, tc.p, tc.o)
		got := ""
		if err != nil {
			if hub.ErrorCode(err) != hub.EInvalid {
				t.Errorf("%q %q %q: error code %s", tc.s, tc.p, tc.o, hub.ErrorCode(err))
			}
			got = err.Error()
		} else {
			got = text(p.S) + " " + text(p.P) + " " + text(p.O)
		}
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("ParsePattern(%q, %q, %q) = %s, want %s", tc.s, tc.p, tc.o, got, tc.want)
		}
	}
}

func text(t rdf.Term) string {
	if t == nil {
		return "?"
	}
	return rdfio.TermString(t)
}

// TestMetadataAsComunicaReadsIt reads an N-Quads page the way Comunica's TPF source does: the
// subject of "void:subset <page URL>" is the fragment; the graph whose foaf:primaryTopic is the
// fragment holds the metadata; the first hydra:totalItems or void:triples is the count; the
// hydra:next of the page URL is the next page; the search form has one template and three
// mappings.
func TestMetadataAsComunicaReadsIt(t *testing.T) {
	f, _ := newFragments(t, 5)
	ctx := context.Background()
	p, _ := f.ParsePattern("", vocab.RDFType.String(), "")
	for _, n := range []int{1, 2} {
		pg, err := f.Fragment(ctx, p, n)
		if err != nil {
			t.Fatal(err)
		}
		pageURL := f.URL(p, n)
		var buf bytes.Buffer
		if err := f.Write(&buf, fragments.NQuads, pg, pageURL); err != nil {
			t.Fatal(err)
		}
		quads, err := rdfio.ParseQuads(&buf, "application/n-quads", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		var endpoint string
		topics := map[string]string{}
		for _, q := range quads {
			switch q.Pred.String() {
			case vocab.VoIDSubset.String():
				if q.Obj.String() == pageURL {
					endpoint = q.Subj.String()
				}
			case vocab.FOAFPrimaryTopic.String():
				topics[q.Obj.String()] = q.Subj.String()
			}
		}
		metaGraph := topics[endpoint]
		if endpoint == "" || metaGraph == "" {
			t.Fatalf("page %d: no metadata graph found (endpoint %q)", n, endpoint)
		}
		var data, meta []rdf.Quad
		for _, q := range quads {
			if q.Ctx != nil && q.Ctx.String() == metaGraph {
				meta = append(meta, q)
			} else {
				data = append(data, q)
			}
		}
		if len(data) != len(pg.Triples) {
			t.Errorf("page %d: %d data quads, want %d", n, len(data), len(pg.Triples))
		}
		var counts []string
		links := map[string]string{}
		forms := map[string]int{}
		mappings := map[string][]string{}
		for _, q := range meta {
			pred := q.Pred.String()
			switch {
			case pred == vocab.HydraTotalItems.String() || pred == vocab.VoIDTriples.String():
				counts = append(counts, q.Obj.(rdf.Literal).String())
			case strings.HasPrefix(pred, vocab.HydraNS) && q.Subj.String() == pageURL:
				links[strings.TrimPrefix(pred, vocab.HydraNS)] = q.Obj.String()
			case pred == vocab.HydraTemplate.String():
				forms[q.Subj.String()]++
			case pred == vocab.HydraProperty.String():
				mappings[q.Subj.String()] = append(mappings[q.Subj.String()], q.Obj.String())
			}
		}
		for _, c := range counts {
			if c != itoa(pg.Total) {
				t.Errorf("page %d: count %s in the metadata, the fragment has %d", n, c, pg.Total)
			}
		}
		if len(counts) == 0 {
			t.Errorf("page %d: no count", n)
		}
		if links["next"] != f.URL(p, n+1) || links["first"] != f.URL(p, 1) {
			t.Errorf("page %d links %v", n, links)
		}
		if n == 2 && links["previous"] != f.URL(p, 1) {
			t.Errorf("page 2 previous = %q", links["previous"])
		}
		if len(forms) != 1 || len(mappings) != 3 {
			t.Errorf("page %d: %d search forms, %d mappings; want 1 and 3", n, len(forms), len(mappings))
		}
		var props []string
		for _, ps := range mappings {
			props = append(props, ps...)
		}
		for _, want := range []string{vocab.RDFSubject.String(), vocab.RDFPredicate.String(), vocab.RDFObject.String()} {
			if !contains(props, want) {
				t.Errorf("page %d: no mapping for %s", n, want)
			}
		}
	}
}

func TestFormats(t *testing.T) {
	f, _ := newFragments(t, 100)
	ctx := context.Background()
	p, _ := f.ParsePattern(base+"id/organisation/2129990004", "", "")
	pg, err := f.Fragment(ctx, p, 1)
	if err != nil {
		t.Fatal(err)
	}
	pageURL := f.URL(p, 1)
	g, meta := f.Metadata(pg, pageURL)

	var trig bytes.Buffer
	if err := f.Write(&trig, fragments.TriG, pg, pageURL); err != nil {
		t.Fatal(err)
	}
	// TriG: the default graph, then one named graph block; each part is Turtle with the header.
	text := trig.String()
	open := "\n<" + g.String() + "> {\n"
	i := strings.Index(text, open)
	if i < 0 || !strings.HasSuffix(text, "}\n") {
		t.Fatalf("TriG without the metadata graph:\n%s", text)
	}
	header := text[:strings.Index(text, "\n\n")+1]
	dataPart, metaPart := text[:i], header+text[i+len(open):len(text)-2]
	gotData, err := rdfio.ParseTriples(strings.NewReader(dataPart), "text/turtle", "")
	if err != nil {
		t.Fatalf("TriG default graph: %v\n%s", err, dataPart)
	}
	gotMeta, err := rdfio.ParseTriples(strings.NewReader(metaPart), "text/turtle", "")
	if err != nil {
		t.Fatalf("TriG metadata graph: %v\n%s", err, metaPart)
	}
	if !rdfio.Isomorphic(pg.Triples, gotData) || !rdfio.Isomorphic(meta, gotMeta) {
		t.Errorf("TriG round trip: data %s\nmeta %s", rdfio.Diff(pg.Triples, gotData), rdfio.Diff(meta, gotMeta))
	}

	// JSON-LD (expanded): node objects, the last one the metadata graph.
	var js bytes.Buffer
	if err := f.Write(&js, fragments.JSONLD, pg, pageURL); err != nil {
		t.Fatal(err)
	}
	var nodes []map[string]any
	if err := json.Unmarshal(js.Bytes(), &nodes); err != nil {
		t.Fatal(err)
	}
	lastNode := nodes[len(nodes)-1]
	if lastNode["@id"] != g.String() || len(lastNode["@graph"].([]any)) == 0 {
		t.Errorf("JSON-LD: the last node is not the metadata graph: %v", lastNode["@id"])
	}
	if nodes[0]["@id"] != base+"id/organisation/2129990004" {
		t.Errorf("JSON-LD: first node %v", nodes[0]["@id"])
	}

	for _, format := range []fragments.Format{fragments.Turtle, fragments.NTriples} {
		var b bytes.Buffer
		if err := f.Write(&b, format, pg, pageURL); err != nil {
			t.Fatal(err)
		}
		got, err := rdfio.ParseTriples(&b, format.MediaType(), "")
		if err != nil {
			t.Fatalf("%s: %v", format.MediaType(), err)
		}
		if len(got) != len(pg.Triples)+len(meta) {
			t.Errorf("%s: %d triples, want %d", format.MediaType(), len(got), len(pg.Triples)+len(meta))
		}
	}
}

func iri(s string) rdf.IRI {
	v, err := rdf.NewIRI(s)
	if err != nil {
		panic(err)
	}
	return v
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestIncrementalEqualsFresh changes the store under a cached pattern (a resource deleted, a
// nested node changed, a new resource) and compares every page with a fresh evaluation.
func TestIncrementalEqualsFresh(t *testing.T) {
	f, h := newFragments(t, 4)
	ctx := context.Background()
	p, _ := f.ParsePattern("", "", "")
	if _, err := f.Fragment(ctx, p, 1); err != nil { // cache it
		t.Fatal(err)
	}
	gone, err := h.Store.Describe(ctx, iri(base+"id/unit/210"), nil)
	if err != nil {
		t.Fatal(err)
	}
	g := iri(base + "graph/demo")
	newUnit := iri(base + "id/unit/220")
	cs := store.Changeset{Remove: gone, Add: []rdf.Quad{
		{Triple: rdf.Triple{Subj: newUnit, Pred: vocab.RDFType, Obj: iri(vocab.ORGNS + "OrganizationalUnit")}, Ctx: g},
		{Triple: rdf.Triple{Subj: newUnit, Pred: vocab.SKOSPrefLabel, Obj: rdf.NewTypedLiteral("Hemtjänst Söder", vocab.XSDString)}, Ctx: g},
	}}
	if _, err := h.Store.Apply(ctx, cs); err != nil {
		t.Fatal(err)
	}
	got, gotTotal := everything(t, f, p)
	fresh := fragments.New(fragments.Config{Source: h.Source, Store: h.Store, PageSize: 4})
	want, wantTotal := everything(t, fresh, p)
	if gotTotal != wantTotal || !rdfio.Isomorphic(want, got) {
		t.Errorf("incremental %d triples, fresh %d: %s", gotTotal, wantTotal, rdfio.Diff(want, got))
	}
	for _, tr := range got {
		if tr.Subj.String() == base+"id/unit/210" {
			t.Errorf("a deleted resource is still served: %v", tr)
		}
	}
}

// TestCacheStaysWithinItsCapacity asks for more patterns than the cache holds and checks the
// answers stay right.
func TestCacheStaysWithinItsCapacity(t *testing.T) {
	h := opendatatest.Demo(t)
	f := fragments.New(fragments.Config{Source: h.Source, Store: h.Store, CacheSize: 5})
	fresh := fragments.New(fragments.Config{Source: h.Source, Store: h.Store})
	ctx := context.Background()
	for round := 0; round < 2; round++ {
		for _, pred := range []rdf.IRI{vocab.RDFType, vocab.SKOSPrefLabel, vocab.DCTIdentifier, iri(vocab.ORGNS + "unitOf")} {
			p := fragments.Pattern{P: pred}
			got, err := f.Fragment(ctx, p, 1)
			if err != nil {
				t.Fatal(err)
			}
			want, err := fresh.Fragment(ctx, p, 1)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || !rdfio.Isomorphic(got.Triples, want.Triples) {
				t.Errorf("%s: %d triples, want %d", pred, got.Total, want.Total)
			}
		}
	}
}
