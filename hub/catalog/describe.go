package catalog

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// Catalogue returns the DCAT-AP 3 catalogue with the VoID description merged in, canonically
// sorted. All IRIs are absolute.
func (c *Catalog) Catalogue(ctx context.Context) ([]rdf.Triple, error) {
	st, err := c.Stats(ctx)
	if err != nil {
		return nil, err
	}
	var g graph
	c.describeCatalog(&g, st)
	c.describeVoID(&g, st)
	g.describeConcepts()
	return rdfio.SortTriples(g.ts), nil
}

// VoID returns the VoID description of the hub's open data alone.
func (c *Catalog) VoID(ctx context.Context) ([]rdf.Triple, error) {
	st, err := c.Stats(ctx)
	if err != nil {
		return nil, err
	}
	var g graph
	c.describeVoID(&g, st)
	c.describeAgent(&g)
	return rdfio.SortTriples(g.ts), nil
}

func (c *Catalog) title() string {
	if c.muni.Name == "" {
		return "grunddata hub"
	}
	return c.muni.Name
}

func (c *Catalog) describeCatalog(g *graph, st *Stats) {
	cat := rdfio.MustIRI(c.catalogIRI())
	g.add(cat, vocab.RDFType, vocab.DCATCatalog)
	g.add(cat, vocab.DCTTitle, en("Open base data of "+c.title()))
	g.add(cat, vocab.DCTDescription, en("The open part of the base data (grunddata) of "+c.title()+
		": organisations, administrative units and addresses, public services, posts and roles, as "+
		"linked data in one shared information model. Person data is not open and not included."))
	g.add(cat, vocab.DCTPublisher, rdfio.MustIRI(c.publisherIRI()))
	g.add(cat, vocab.FOAFHomepage, rdfio.MustIRI(c.base))
	g.add(cat, vocab.DCTLicense, rdfio.MustIRI(c.muni.License))
	g.add(cat, vocab.DCATThemeTaxonomy, vocab.EUDataThemeScheme)
	c.addCommon(g, cat)
	total := st.Total()
	if !total.Modified.IsZero() {
		g.add(cat, vocab.DCTModified, dateTime(total.Modified))
		g.add(cat, vocab.DCTIssued, dateTime(total.Issued))
	}
	for _, a := range c.areas {
		ds := rdfio.MustIRI(c.datasetIRI(a.Name))
		g.add(cat, vocab.DCATDatasetProp, ds)
		c.describeDataset(g, a, st.Areas[a.Name])
	}
	g.add(cat, vocab.DCATService, rdfio.MustIRI(c.ldesIRI()))
	g.add(cat, vocab.DCATService, rdfio.MustIRI(c.fragmentsIRI()))
	c.describeServices(g)
	c.describeAgent(g)
	c.describeContact(g)
	lic := rdfio.MustIRI(c.muni.License)
	g.add(lic, vocab.RDFType, vocab.DCTLicenseDocument)
	if typ, ok := licenceTypes[c.muni.License]; ok {
		g.add(lic, vocab.DCTType, rdfio.MustIRI(vocab.ADMSLicenceType+typ))
	}
	g.add(vocab.EUDataThemeScheme, vocab.RDFType, vocab.SKOSConceptScheme)
	g.add(vocab.EUDataThemeScheme, vocab.DCTTitle, en("Data theme"))
}

// addCommon adds what the catalogue and each dataset share: language and place.
func (c *Catalog) addCommon(g *graph, s rdf.IRI) {
	if lang := languageOf(c.muni.Country); lang != "" {
		g.add(s, vocab.DCTLanguage, rdfio.MustIRI(vocab.EULanguageNS+lang))
	}
	if sp := c.spatialIRI(); sp != "" {
		g.add(s, vocab.DCTSpatial, rdfio.MustIRI(sp))
		g.add(rdfio.MustIRI(sp), vocab.RDFType, vocab.DCTLocation)
	}
}

func (c *Catalog) describeDataset(g *graph, a area, as *AreaStats) {
	ds := rdfio.MustIRI(c.datasetIRI(a.Name))
	g.add(ds, vocab.RDFType, vocab.DCATDataset)
	g.add(ds, vocab.DCTTitle, en(a.Title+" of "+c.title()))
	g.add(ds, vocab.DCTDescription, en(a.Description))
	g.add(ds, vocab.DCTIdentifier, rdf.NewTypedLiteral(c.datasetIRI(a.Name), vocab.XSDString))
	g.add(ds, vocab.DCTPublisher, rdfio.MustIRI(c.publisherIRI()))
	g.add(ds, vocab.DCATContactPoint, rdfio.MustIRI(c.contactIRI()))
	g.add(ds, vocab.DCTAccessRights, vocab.EUAccessPublic)
	g.add(ds, vocab.DCTAccrualPeriodicity, vocab.EUFrequencyUpdCont)
	g.add(ds, vocab.DCTConformsTo, rdfio.MustIRI("https://w3id.org/grunddata/model"))
	g.add(ds, vocab.FOAFPage, rdfio.MustIRI(c.base+"model/"))
	c.addCommon(g, ds)
	for _, th := range a.Themes {
		g.add(ds, vocab.DCATTheme, th)
	}
	for _, k := range a.Keywords {
		g.add(ds, vocab.DCATKeyword, en(k))
	}
	if !as.Modified.IsZero() {
		g.add(ds, vocab.DCTIssued, dateTime(as.Issued))
		g.add(ds, vocab.DCTModified, dateTime(as.Modified))
	}
	for _, f := range DumpFormats() {
		d := Dump{Area: a.Name, Format: f}
		dist := rdfio.MustIRI(c.distIRI(d))
		g.add(ds, vocab.DCATDistributionProp, dist)
		g.add(dist, vocab.RDFType, vocab.DCATDistribution)
		g.add(dist, vocab.DCTTitle, en(a.Title+", full dump ("+f.Title+")"))
		g.add(dist, vocab.DCTDescription, en("All open "+a.Name+" data of "+c.title()+
			" in one file, generated from the hub's current state."))
		g.add(dist, vocab.DCATAccessURL, rdfio.MustIRI(c.URL(d)))
		g.add(dist, vocab.DCATDownloadURL, rdfio.MustIRI(c.URL(d)))
		g.add(dist, vocab.DCATMediaType, rdfio.MustIRI(vocab.IANAMediaTypeNS+f.MediaType))
		g.add(dist, vocab.DCTFormat, fileType(f))
		g.add(dist, vocab.DCTLicense, rdfio.MustIRI(c.muni.License))
		g.add(dist, vocab.DCATAPAvailability, vocab.EUAvailabilityStable)
		if !as.Modified.IsZero() {
			g.add(dist, vocab.DCTModified, dateTime(as.Modified))
		}
	}
	// The change feed and the fragments endpoint give access to the dataset too.
	for _, svc := range []struct {
		key, title, description, url string
		format                       rdf.IRI
	}{
		{"ldes", "change feed (LDES)", "Every change to the dataset as an immutable version, for replication.",
			c.base + "ldes", vocab.EUFileTypeTurtle},
		{"fragments", "Triple Pattern Fragments", "The dataset's triples by triple pattern, for federated SPARQL clients.",
			c.base + "fragments", vocab.EUFileTypeTriG},
	} {
		dist := rdfio.MustIRI(c.datasetIRI(a.Name) + "-" + svc.key)
		g.add(ds, vocab.DCATDistributionProp, dist)
		g.add(dist, vocab.RDFType, vocab.DCATDistribution)
		g.add(dist, vocab.DCTTitle, en(a.Title+", "+svc.title))
		g.add(dist, vocab.DCTDescription, en(svc.description))
		g.add(dist, vocab.DCATAccessURL, rdfio.MustIRI(svc.url))
		g.add(dist, vocab.DCATAccessService, rdfio.MustIRI(c.base+"catalog#"+svc.key))
		g.add(dist, vocab.DCTFormat, svc.format)
		g.add(dist, vocab.DCTLicense, rdfio.MustIRI(c.muni.License))
		g.add(dist, vocab.DCATAPAvailability, vocab.EUAvailabilityStable)
	}
}

func (c *Catalog) describeServices(g *graph) {
	for _, svc := range []struct {
		node, title, description, endpoint, conformsTo string
		keywords                                       []string
	}{
		{
			c.ldesIRI(), "Change feed of the open data (LDES)",
			"A Linked Data Event Stream of every change to the open data: each change is an immutable " +
				"version of the resource, so a harvester or a neighbouring hub can replicate the data and stay in sync.",
			c.base + "ldes", "https://w3id.org/ldes/specification",
			[]string{"change feed", "Linked Data Event Streams", "replication"},
		},
		{
			c.fragmentsIRI(), "Triple Pattern Fragments of the open data",
			"Every triple pattern over the open data, with counts and paging, so that clients such as " +
				"Comunica can run SPARQL queries over this hub alone or together with others.",
			c.base + "fragments", "https://www.hydra-cg.com/spec/latest/triple-pattern-fragments/",
			[]string{"Triple Pattern Fragments", "SPARQL", "linked data"},
		},
	} {
		s := rdfio.MustIRI(svc.node)
		g.add(s, vocab.RDFType, vocab.DCATDataService)
		g.add(s, vocab.DCTTitle, en(svc.title))
		g.add(s, vocab.DCTDescription, en(svc.description))
		g.add(s, vocab.DCATEndpointURL, rdfio.MustIRI(svc.endpoint))
		g.add(s, vocab.DCATEndpointDescription, rdfio.MustIRI(svc.endpoint))
		g.add(s, vocab.DCTConformsTo, rdfio.MustIRI(svc.conformsTo))
		g.add(s, vocab.DCTPublisher, rdfio.MustIRI(c.publisherIRI()))
		g.add(s, vocab.DCATContactPoint, rdfio.MustIRI(c.contactIRI()))
		g.add(s, vocab.DCTLicense, rdfio.MustIRI(c.muni.License))
		g.add(s, vocab.DCTAccessRights, vocab.EUAccessPublic)
		g.add(s, vocab.DCATTheme, vocab.EUThemeGovernment)
		for _, k := range svc.keywords {
			g.add(s, vocab.DCATKeyword, en(k))
		}
		for _, a := range c.areas {
			g.add(s, vocab.DCATServesDataset, rdfio.MustIRI(c.datasetIRI(a.Name)))
		}
	}
}

func (c *Catalog) describeAgent(g *graph) {
	pub := rdfio.MustIRI(c.publisherIRI())
	g.add(pub, vocab.RDFType, vocab.FOAFAgent)
	g.add(pub, vocab.FOAFName, plain(c.title()))
	g.add(pub, vocab.DCTType, vocab.ADMSLocalAuthority)
	if c.muni.Homepage != "" {
		g.add(pub, vocab.FOAFHomepage, rdfio.MustIRI(c.muni.Homepage))
	}
}

func (c *Catalog) describeContact(g *graph) {
	cp := rdfio.MustIRI(c.contactIRI())
	g.add(cp, vocab.RDFType, vocab.VCardOrganization)
	g.add(cp, vocab.VCardFn, plain(c.title()))
	if c.muni.ContactEmail != "" {
		g.add(cp, vocab.VCardHasEmail, rdfio.MustIRI("mailto:"+c.muni.ContactEmail))
	}
	url := c.muni.Homepage
	if url == "" {
		url = c.base
	}
	g.add(cp, vocab.VCardHasURL, rdfio.MustIRI(url))
}

// describeVoID describes the open data as void:Datasets: one for all of it, with each area's
// dataset as a subset partitioned by class. There is no SPARQL endpoint (void:sparqlEndpoint is
// left out); the fragments endpoint answers URI look-ups.
func (c *Catalog) describeVoID(g *graph, st *Stats) {
	all := rdfio.MustIRI(c.VoIDIRI())
	total := st.Total()
	g.add(all, vocab.RDFType, vocab.VoIDDataset)
	g.add(all, vocab.DCTTitle, en("Open base data of "+c.title()))
	g.add(all, vocab.DCTPublisher, rdfio.MustIRI(c.publisherIRI()))
	g.add(all, vocab.DCTLicense, rdfio.MustIRI(c.muni.License))
	g.add(all, vocab.FOAFHomepage, rdfio.MustIRI(c.base))
	g.add(all, vocab.VoIDUriSpace, plain(c.base+"id/"))
	g.add(all, vocab.VoIDUriLookupEndpoint, rdfio.MustIRI(c.base+"fragments?subject="))
	for _, f := range DumpFormats() {
		g.add(all, vocab.VoIDDataDump, rdfio.MustIRI(c.URL(Dump{Area: AllAreas, Format: f})))
	}
	for _, f := range []rdf.IRI{vocab.FormatNQuads, vocab.FormatTurtle, vocab.FormatJSONLD} {
		g.add(all, vocab.VoIDFeature, f)
	}
	g.add(all, vocab.VoIDTriples, integer(total.Triples))
	g.add(all, vocab.VoIDEntities, integer(total.Resources))
	if !total.Modified.IsZero() {
		g.add(all, vocab.DCTModified, dateTime(total.Modified))
	}
	for _, ns := range []string{vocab.ORGNS, vocab.CVNS, vocab.LocnNS, vocab.CPSVNS, vocab.DCTNS, vocab.SKOSNS, vocab.GDNS} {
		g.add(all, vocab.VoIDVocabulary, rdfio.MustIRI(ns))
	}
	for _, a := range c.areas {
		as := st.Areas[a.Name]
		ds := rdfio.MustIRI(c.datasetIRI(a.Name))
		g.add(all, vocab.VoIDSubset, ds)
		g.add(ds, vocab.RDFType, vocab.VoIDDataset)
		g.add(ds, vocab.VoIDUriSpace, plain(c.base+"id/"))
		g.add(ds, vocab.VoIDTriples, integer(as.Triples))
		g.add(ds, vocab.VoIDEntities, integer(as.Resources))
		for _, f := range DumpFormats() {
			g.add(ds, vocab.VoIDDataDump, rdfio.MustIRI(c.URL(Dump{Area: a.Name, Format: f})))
		}
		for _, cl := range a.classes {
			part := rdfio.MustIRI(c.datasetIRI(a.Name) + "-class-" + cl.Path)
			g.add(ds, vocab.VoIDClassPartition, part)
			g.add(part, vocab.VoIDClass, rdfio.MustIRI(cl.URI))
			g.add(part, vocab.VoIDEntities, integer(as.ByClass[cl.Name]))
		}
	}
}

// licenceTypes gives the ADMS licence type of the licences the hub knows.
var licenceTypes = map[string]string{
	vocab.EULicenceNS + "CC_BY_4_0": "Attribution",
	vocab.EULicenceNS + "CC0":       "PublicDomain",
}

// euConcepts are the concepts of the EU authority lists the catalogue uses, with their English
// labels. The catalogue states each one's scheme (skos:inScheme), which is how DCAT-AP's
// controlled-vocabulary shapes recognise an EU concept.
var euConcepts = map[string]string{
	vocab.EUDataThemeNS + "GOVE":               "Government and public sector",
	vocab.EUDataThemeNS + "REGI":               "Regions and cities",
	vocab.EUDataThemeNS + "SOCI":               "Population and society",
	vocab.EUDataThemeNS + "ECON":               "Economy and finance",
	vocab.EUFileTypeNS + "RDF_N_QUADS":         "RDF N-Quads",
	vocab.EUFileTypeNS + "RDF_TURTLE":          "RDF Turtle",
	vocab.EUFileTypeNS + "JSON_LD":             "JSON-LD",
	vocab.EUFileTypeNS + "RDF_TRIG":            "RDF TriG",
	vocab.EULanguageNS + "SWE":                 "Swedish",
	vocab.EULanguageNS + "NOR":                 "Norwegian",
	vocab.EULanguageNS + "DAN":                 "Danish",
	vocab.EULanguageNS + "FIN":                 "Finnish",
	vocab.EULanguageNS + "ISL":                 "Icelandic",
	vocab.EUFrequencyNS + "UPDATE_CONT":        "continuously updated",
	vocab.EUAccessRightNS + "PUBLIC":           "public",
	vocab.EUAvailabilityStable.String():        "stable",
	vocab.EULicenceNS + "CC_BY_4_0":            "Creative Commons Attribution 4.0 International",
	vocab.EULicenceNS + "CC0":                  "Creative Commons CC0 1.0 Universal",
	vocab.ADMSPublisherType + "LocalAuthority": "Local Authority",
	vocab.ADMSLicenceType + "Attribution":      "Attribution",
	vocab.ADMSLicenceType + "PublicDomain":     "Public domain",
}

// schemeOf names the concept scheme of a concept in euConcepts: the authority list it is in, or
// version 1.0 of the ADMS code lists.
func schemeOf(concept string) string {
	for _, ns := range []string{vocab.ADMSPublisherType, vocab.ADMSLicenceType} {
		if strings.HasPrefix(concept, ns) {
			return ns + "1.0"
		}
	}
	return concept[:strings.LastIndex(concept, "/")]
}

// describeConcepts adds, for every EU concept the graph refers to, its type, scheme and label.
func (g *graph) describeConcepts() {
	seen := map[string]bool{}
	for _, t := range g.ts {
		o, ok := t.Obj.(rdf.IRI)
		if !ok || seen[o.String()] || t.Pred.String() == vocab.SKOSInScheme.String() {
			continue
		}
		label, known := euConcepts[o.String()]
		if !known {
			continue
		}
		seen[o.String()] = true
		g.add(o, vocab.RDFType, vocab.SKOSConcept)
		g.add(o, vocab.SKOSInScheme, rdfio.MustIRI(schemeOf(o.String())))
		g.add(o, vocab.SKOSPrefLabel, en(label))
	}
}

// languageOf maps a country to the EU language authority code of its main language.
func languageOf(country string) string {
	switch country {
	case "SE":
		return "SWE"
	case "NO":
		return "NOR"
	case "DK":
		return "DAN"
	case "FI":
		return "FIN"
	case "IS":
		return "ISL"
	}
	return ""
}

func fileType(f DumpFormat) rdf.IRI {
	switch f.Extension {
	case "nq":
		return vocab.EUFileTypeNQuads
	case "ttl":
		return vocab.EUFileTypeTurtle
	default:
		return vocab.EUFileTypeJSONLD
	}
}

// graph collects triples.
type graph struct{ ts []rdf.Triple }

func (g *graph) add(s rdf.Subject, p rdf.Predicate, o rdf.Object) {
	g.ts = append(g.ts, rdf.Triple{Subj: s, Pred: p, Obj: o})
}

func en(s string) rdf.Literal {
	l, _ := rdf.NewLangLiteral(s, "en")
	return l
}

func plain(s string) rdf.Literal { return rdf.NewTypedLiteral(s, vocab.XSDString) }

func integer(n int) rdf.Literal { return rdf.NewTypedLiteral(strconv.Itoa(n), vocab.XSDInteger) }

func dateTime(t time.Time) rdf.Literal {
	return rdf.NewTypedLiteral(t.UTC().Format(time.RFC3339Nano), vocab.XSDDateTime)
}
