package catalog_test

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/catalog"
	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/hub/opendata/opendatatest"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const base = opendatatest.Base

var exempelby = config.Municipality{
	Name: "Exempelby kommun", Code: "9999", Country: "SE", OrganisationNumber: "2129990004",
	ContactEmail: "opendata@exempelby.example", Homepage: "https://exempelby.example/",
	License: config.DefaultLicense,
}

func newCatalog(t *testing.T) (*catalog.Catalog, *opendatatest.Hub) {
	t.Helper()
	h := opendatatest.Demo(t)
	c, err := catalog.New(catalog.Config{Base: base, Municipality: exempelby, Source: h.Source, Store: h.Store, JSONLD: h.JSONLD})
	if err != nil {
		t.Fatal(err)
	}
	return c, h
}

func TestCatalogueConformsToDCATAP(t *testing.T) {
	shapes := loadShapes(t, "shapes.ttl")
	c, _ := newCatalog(t)
	triples, err := c.Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v := validate(triples, shapes); len(v) > 0 {
		t.Errorf("the catalogue breaks the DCAT-AP 3.0.1 mandatory shapes:\n%s", join(v))
	}
	// The check must have had something to check.
	ix := index(triples)
	for class, want := range map[rdf.IRI]int{vocab.DCATCatalog: 1, vocab.DCATDataset: 4, vocab.DCATDataService: 2, vocab.FOAFAgent: 1} {
		if got := len(ix.subjects(vocab.RDFType, class)); got != want {
			t.Errorf("%d resources of class %s, want %d", got, class, want)
		}
	}
}

// TestCatalogueHasTheRecommendedProperties runs the DCAT-AP 3.0.1 recommended shapes (all of
// severity sh:Warning) and accepts only the gaps listed here, each for a reason.
func TestCatalogueHasTheRecommendedProperties(t *testing.T) {
	shapes := loadShapes(t, "shapes_recommended.ttl")
	c, _ := newCatalog(t)
	triples, err := c.Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{
		"<http://purl.org/dc/terms/temporal>":  "the datasets are the current state of living registers, not observations over a period",
		"<http://www.w3.org/ns/dcat#bbox>":     "the model has no geometry for administrative units",
		"<http://www.w3.org/ns/dcat#centroid>": "the model has no geometry for administrative units",
	}
	accepted := map[string]string{}
	for _, area := range []string{"geography", "organisation", "role", "service"} {
		w := "<" + base + "catalog#dataset-" + area + "> <http://purl.org/dc/terms/temporal>: MinCountConstraintComponent"
		accepted[w] = reasons["<http://purl.org/dc/terms/temporal>"]
	}
	for _, p := range []string{"bbox", "centroid"} {
		w := "<" + base + "id/adminunit/9999> <http://www.w3.org/ns/dcat#" + p + ">: MinCountConstraintComponent"
		accepted[w] = reasons["<http://www.w3.org/ns/dcat#"+p+">"]
	}
	for _, w := range validateSeverity(triples, shapes, vocab.SHWarning) {
		if _, ok := accepted[w]; !ok {
			t.Errorf("recommended property missing: %s", w)
		}
	}
}

// TestCatalogueUsesTheEUVocabularies runs the DCAT-AP 3.0.1 controlled-vocabulary shapes: formats,
// languages, frequencies and the like must be concepts of the EU authority lists, which the
// catalogue states by giving each concept it uses with its skos:inScheme.
func TestCatalogueUsesTheEUVocabularies(t *testing.T) {
	shapes := loadShapes(t, "mdr-vocabularies.shape.ttl")
	c, _ := newCatalog(t)
	triples, err := c.Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v := validate(triples, shapes); len(v) > 0 {
		t.Errorf("the catalogue breaks the DCAT-AP 3.0.1 vocabulary shapes:\n%s", join(v))
	}
}

func TestCatalogueContent(t *testing.T) {
	c, _ := newCatalog(t)
	triples, err := c.Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ix := index(triples)
	one := func(s string, p rdf.IRI) string {
		t.Helper()
		vs := ix.objects(iriOf(s), p)
		if len(vs) != 1 {
			t.Fatalf("%s %s: %d values, want 1", s, rdfio.TermString(p), len(vs))
		}
		return valueOf(vs[0])
	}
	all := func(s string, p rdf.IRI) []string {
		var out []string
		for _, v := range ix.objects(iriOf(s), p) {
			out = append(out, valueOf(v))
		}
		return out
	}
	cat := base + "catalog"
	if got := one(cat, vocab.DCTPublisher); got != base+"id/organisation/2129990004" {
		t.Errorf("publisher = %s", got)
	}
	if got := one(base+"id/organisation/2129990004", vocab.FOAFName); got != "Exempelby kommun" {
		t.Errorf("publisher name = %s", got)
	}
	if got := one(cat, vocab.DCTLicense); got != config.DefaultLicense {
		t.Errorf("licence = %s", got)
	}
	if got := one(cat, vocab.DCTSpatial); got != base+"id/adminunit/9999" {
		t.Errorf("spatial = %s", got)
	}
	if got := one(cat, vocab.DCTLanguage); got != vocab.EULanguageNS+"SWE" {
		t.Errorf("language = %s", got)
	}
	if got := one(base+"catalog#contact", vocab.VCardHasEmail); got != "mailto:opendata@exempelby.example" {
		t.Errorf("contact e-mail = %s", got)
	}
	if got := one(base+"catalog#ldes", vocab.DCATEndpointURL); got != base+"ldes" {
		t.Errorf("LDES endpoint = %s", got)
	}
	if got := one(base+"catalog#fragments", vocab.DCATEndpointURL); got != base+"fragments" {
		t.Errorf("fragments endpoint = %s", got)
	}
	wantThemes := map[string]string{
		"organisation": vocab.EUDataThemeNS + "GOVE", "geography": vocab.EUDataThemeNS + "REGI",
		"service": vocab.EUDataThemeNS + "GOVE", "role": vocab.EUDataThemeNS + "GOVE",
	}
	for area, theme := range wantThemes {
		ds := base + "catalog#dataset-" + area
		if !contains(all(ds, vocab.DCATTheme), theme) {
			t.Errorf("%s themes %v lack %s", area, all(ds, vocab.DCATTheme), theme)
		}
		if _, err := time.Parse(time.RFC3339Nano, one(ds, vocab.DCTModified)); err != nil {
			t.Errorf("%s modified: %v", area, err)
		}
		var downloads []string
		for _, dist := range all(ds, vocab.DCATDistributionProp) {
			downloads = append(downloads, all(dist, vocab.DCATDownloadURL)...)
		}
		want := []string{base + "dumps/" + area + ".jsonld", base + "dumps/" + area + ".nq", base + "dumps/" + area + ".ttl"}
		if join(sorted(downloads)) != join(want) {
			t.Errorf("%s downloads = %v, want %v", area, downloads, want)
		}
	}
	// VoID: counts per area and class.
	for _, tc := range []struct {
		node, pred string
		want       string
	}{
		{base + "catalog#dataset-organisation", vocab.VoIDEntities.String(), "9"},
		{base + "catalog#dataset-organisation-class-unit", vocab.VoIDEntities.String(), "6"},
		{base + "catalog#dataset-geography", vocab.VoIDEntities.String(), "2"},
		{base + "catalog#dataset-service", vocab.VoIDEntities.String(), "2"},
		{base + "catalog#dataset-role", vocab.VoIDEntities.String(), "4"},
		{base + "void#opendata", vocab.VoIDEntities.String(), "17"},
		{base + "void#opendata", vocab.VoIDUriSpace.String(), base + "id/"},
	} {
		if got := one(tc.node, iriOf(tc.pred)); got != tc.want {
			t.Errorf("%s %s = %s, want %s", tc.node, tc.pred, got, tc.want)
		}
	}
	if got := all(base+"void#opendata", vocab.VoIDSparqlEndpoint); len(got) != 0 {
		t.Errorf("void:sparqlEndpoint %v, but the hub has none", got)
	}
	// Every IRI is absolute.
	for _, tr := range triples {
		for _, term := range []rdf.Term{tr.Subj, tr.Pred, tr.Obj} {
			if i, ok := term.(rdf.IRI); ok && !rdfio.HasScheme(i.String()) {
				t.Errorf("relative IRI %s", i)
			}
		}
	}
}

// TestVoIDTriplesMatchDumps checks the counts against what the dumps really hold.
func TestVoIDTriplesMatchDumps(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	triples, err := c.VoID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ix := index(triples)
	for _, area := range []string{"organisation", "geography", "service", "role", "all"} {
		var buf bytes.Buffer
		if err := c.WriteDump(ctx, &buf, catalog.Dump{Area: area, Format: catalog.DumpFormats()[0]}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(buf.String(), "\n")
		node := base + "catalog#dataset-" + area
		if area == "all" {
			node = base + "void#opendata"
		}
		vs := ix.objects(iriOf(node), vocab.VoIDTriples)
		if len(vs) != 1 || valueOf(vs[0]) != strconv.Itoa(lines) {
			t.Errorf("%s: void:triples %v, the N-Quads dump has %d", area, vs, lines)
		}
	}
}

func TestDumpsRoundTripAndHoldNothingInternal(t *testing.T) {
	c, h := newCatalog(t)
	ctx := context.Background()
	for _, area := range []string{"organisation", "geography", "service", "role", "all"} {
		// What the dump must hold: every open resource's open description.
		var want []rdf.Triple
		err := h.Source.Each(ctx, c.Classes(area), func(_ rdf.IRI, ts []rdf.Triple) error {
			want = append(want, ts...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 {
			t.Fatalf("%s: no open data in the demo; the test checks nothing", area)
		}
		for _, f := range catalog.DumpFormats() {
			var buf bytes.Buffer
			if err := c.WriteDump(ctx, &buf, catalog.Dump{Area: area, Format: f}); err != nil {
				t.Fatalf("%s.%s: %v", area, f.Extension, err)
			}
			var got []rdf.Triple
			switch f.Extension {
			case "jsonld":
				got, err = h.JSONLD.ToRDF(buf.Bytes(), base)
			case "nq":
				var qs []rdf.Quad
				qs, err = rdfio.ParseQuads(bytes.NewReader(buf.Bytes()), f.MediaType, base, nil)
				for _, q := range qs {
					got = append(got, q.Triple)
				}
			default:
				got, err = rdfio.ParseTriples(bytes.NewReader(buf.Bytes()), f.MediaType, base)
			}
			if err != nil {
				t.Fatalf("%s.%s does not parse: %v\n%s", area, f.Extension, err, buf.String())
			}
			if !rdfio.Isomorphic(want, got) {
				t.Errorf("%s.%s: %s", area, f.Extension, rdfio.Diff(want, got))
			}
			for _, secret := range append(opendatatest.Secrets(), opendatatest.PeerSubject) {
				if strings.Contains(buf.String(), secret) {
					t.Errorf("%s.%s contains %q", area, f.Extension, secret)
				}
			}
		}
	}
}

func TestDumpGolden(t *testing.T) {
	c, _ := newCatalog(t)
	for _, name := range []string{"organisation.nq", "service.ttl", "geography.jsonld"} {
		d, ok := catalog.ParseDump(name)
		if !ok {
			t.Fatalf("ParseDump(%s) failed", name)
		}
		var buf bytes.Buffer
		if err := c.WriteDump(context.Background(), &buf, d); err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("testdata", name+".golden"), buf.Bytes())
	}
}

func TestParseDump(t *testing.T) {
	for name, ok := range map[string]bool{
		"organisation.nq": true, "all.jsonld": true, "role.ttl": true,
		"person.nq": false, "organisation.rdf": false, "organisation": false, "../x.nq": false,
	} {
		if _, got := catalog.ParseDump(name); got != ok {
			t.Errorf("ParseDump(%q) ok = %v, want %v", name, got, ok)
		}
	}
}

// TestModifiedFollowsTheChangeLog changes one service and checks that only the service dataset's
// modified time and counts move.
func TestModifiedFollowsTheChangeLog(t *testing.T) {
	c, h := newCatalog(t)
	ctx := context.Background()
	before, err := c.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	beforeOrg, beforeSvc := *before.Areas["organisation"], *before.Areas["service"]
	g := iriOf(base + "graph/manual")
	svc := iriOf(base + "id/service/hemtjanst")
	kw, _ := rdf.NewLangLiteral("home care", "en")
	if _, err := h.Store.Apply(ctx, store.Changeset{Add: []rdf.Quad{{Triple: rdf.Triple{Subj: svc, Pred: vocab.DCATKeyword, Obj: kw}, Ctx: g}}}); err != nil {
		t.Fatal(err)
	}
	after, err := c.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	org, s := after.Areas["organisation"], after.Areas["service"]
	if !org.Modified.Equal(beforeOrg.Modified) || org.Triples != beforeOrg.Triples {
		t.Errorf("organisation moved: %v/%d -> %v/%d", beforeOrg.Modified, beforeOrg.Triples, org.Modified, org.Triples)
	}
	var last time.Time
	if err := h.Store.Changes(ctx, after.Seq-1, func(ch store.Change) error { last = ch.Time; return nil }); err != nil {
		t.Fatal(err)
	}
	if !s.Modified.Equal(last) || last.IsZero() {
		t.Errorf("service modified %v, want the time of the last change %v", s.Modified, last)
	}
	if !s.Issued.Equal(beforeSvc.Issued) {
		t.Errorf("service issued moved: %v -> %v", beforeSvc.Issued, s.Issued)
	}
	if s.Triples != beforeSvc.Triples+1 {
		t.Errorf("service triples %d, want %d", s.Triples, beforeSvc.Triples+1)
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (run go test -update after checking):\n--- got ---\n%s", path, got)
	}
}

func valueOf(t rdf.Term) string {
	switch v := t.(type) {
	case rdf.IRI:
		return v.String()
	case rdf.Literal:
		return v.String()
	}
	return rdfio.TermString(t)
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsStr(s, sub string) bool { return strings.Contains(s, sub) }

func join(list []string) string { return strings.Join(list, "\n") }

func sorted(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return out
}

func TestEveryThemeHasALabel(t *testing.T) {
	c, _ := newCatalog(t)
	triples, err := c.Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ix := index(triples)
	for _, a := range catalog.Areas() {
		for _, th := range a.Themes {
			for _, l := range ix.objects(th, vocab.SKOSPrefLabel) {
				if valueOf(l) == "" {
					t.Errorf("theme %s of %s has an empty label", th, a.Name)
				}
			}
		}
	}
}

// TestStatsAreIncremental deletes a resource and changes only a nested node of another, and checks
// that the counts follow without a recount from scratch giving anything different.
func TestStatsAreIncremental(t *testing.T) {
	c, h := newCatalog(t)
	ctx := context.Background()
	before, err := c.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	org := before.Areas["organisation"]
	wantResources, wantTriples := org.Resources-1, org.Triples

	// Delete organisation 8029990002 (all its quads).
	gone := iriOf(base + "id/organisation/8029990002")
	quads, err := h.Store.Describe(ctx, gone, nil)
	if err != nil {
		t.Fatal(err)
	}
	open, err := h.Source.Describe(ctx, gone)
	if err != nil {
		t.Fatal(err)
	}
	wantTriples -= len(open)
	// Add a triple to the municipality's address node only.
	var addr rdf.Blank
	mun, err := h.Store.Describe(ctx, iriOf(base+"id/organisation/2129990004"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range mun {
		if b, ok := q.Obj.(rdf.Blank); ok && q.Pred.String() == vocab.LocnAddressProp.String() {
			addr = b
		}
	}
	if addr.String() == "" {
		t.Fatal("no address node")
	}
	wantTriples++
	cs := store.Changeset{Remove: quads, Add: []rdf.Quad{{Triple: rdf.Triple{Subj: addr, Pred: vocab.LocnPostName, Obj: rdf.NewTypedLiteral("Exempelby C", vocab.XSDString)}, Ctx: iriOf(base + "graph/demo")}}}
	if _, err := h.Store.Apply(ctx, cs); err != nil {
		t.Fatal(err)
	}
	after, err := c.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := after.Areas["organisation"]; got.Resources != wantResources || got.Triples != wantTriples {
		t.Errorf("incremental: %d resources, %d triples; want %d, %d", got.Resources, got.Triples, wantResources, wantTriples)
	}
	fresh, err := catalog.New(catalog.Config{Base: base, Municipality: exempelby, Source: h.Source, Store: h.Store, JSONLD: h.JSONLD})
	if err != nil {
		t.Fatal(err)
	}
	recount, err := fresh.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, a := range recount.Areas {
		b := after.Areas[name]
		if a.Resources != b.Resources || a.Triples != b.Triples || !a.Modified.Equal(b.Modified) || !a.Issued.Equal(b.Issued) {
			t.Errorf("%s: incremental %+v, from scratch %+v", name, *b, *a)
		}
	}
}
