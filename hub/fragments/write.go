package fragments

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// Metadata returns the metadata graph of a page and its name. pageURL is the URL the client asked
// for, exactly as it asked (clients such as Comunica recognise the metadata by it).
//
// The layout is the one TPF clients read:
//
//	GRAPH <{fragment}#metadata> {
//	  <{fragment}#metadata> foaf:primaryTopic <{fragment}> .
//	  <{fragment}> void:subset <{page}> ; void:triples N ; hydra:totalItems N .
//	  <{page}> a hydra:PartialCollectionView ; hydra:itemsPerPage 100 ; hydra:first … ; hydra:next … .
//	  <{base}fragments#dataset> a void:Dataset, hydra:Collection ; hydra:search <…#triplePattern> .
//	  <…#triplePattern> hydra:template "{base}fragments{?subject,predicate,object}" ;
//	      hydra:variableRepresentation hydra:ExplicitRepresentation ;
//	      hydra:mapping (subject → rdf:subject, predicate → rdf:predicate, object → rdf:object) .
//	}
//
// A client finds the metadata graph from the page: the subject of "void:subset <page>" is the
// fragment, and the graph whose foaf:primaryTopic is the fragment holds the metadata. So the only
// "void:subset <page>" is the fragment's, and the graph holds one count, the fragment's.
func (f *Fragments) Metadata(pg *Page, pageURL string) (graph rdf.IRI, meta []rdf.Triple) {
	fragment := f.URL(pg.Pattern, 1)
	g := rdfio.MustIRI(fragment + "#metadata")
	frag, page := rdfio.MustIRI(fragment), rdfio.MustIRI(iriSafe(pageURL))
	dataset := rdfio.MustIRI(f.base + "fragments#dataset")
	search := rdfio.MustIRI(f.base + "fragments#triplePattern")
	var m graphBuilder
	m.add(g, vocab.FOAFPrimaryTopic, frag)
	m.add(frag, vocab.VoIDSubset, page)
	m.add(frag, vocab.VoIDTriples, integer(pg.Total))
	m.add(frag, vocab.HydraTotalItems, integer(pg.Total))
	if fragment != page.String() {
		m.add(dataset, vocab.VoIDSubset, frag)
	}
	m.add(page, vocab.RDFType, vocab.HydraPartialCollectionView)
	m.add(page, vocab.DCTTitle, en("Triple Pattern Fragment of the open data"))
	m.add(page, vocab.DCTDescription, en("The open triples of this hub that match the pattern "+patternText(pg.Pattern)+"."))
	m.add(page, vocab.DCTSource, dataset)
	m.add(page, vocab.HydraItemsPerPage, integer(f.pageSize))
	m.add(page, vocab.HydraFirst, frag)
	if pg.Number > 1 {
		m.add(page, vocab.HydraPrevious, rdfio.MustIRI(f.URL(pg.Pattern, pg.Number-1)))
	}
	if pg.HasNext {
		m.add(page, vocab.HydraNext, rdfio.MustIRI(f.URL(pg.Pattern, pg.Number+1)))
	}
	m.add(dataset, vocab.RDFType, vocab.VoIDDataset)
	m.add(dataset, vocab.RDFType, vocab.HydraCollection)
	m.add(dataset, vocab.DCTTitle, en("Open data of this hub as Triple Pattern Fragments"))
	m.add(dataset, vocab.VoIDUriSpace, rdf.NewTypedLiteral(f.base+"id/", vocab.XSDString))
	m.add(dataset, vocab.HydraSearch, search)
	m.add(search, vocab.HydraTemplate, rdf.NewTypedLiteral(f.base+"fragments{?subject,predicate,object}", vocab.XSDString))
	m.add(search, vocab.HydraVariableRepresentation, vocab.HydraExplicitRepresentation)
	for _, v := range []struct {
		name string
		prop rdf.IRI
	}{{"subject", vocab.RDFSubject}, {"predicate", vocab.RDFPredicate}, {"object", vocab.RDFObject}} {
		mapping := rdfio.MustIRI(f.base + "fragments#" + v.name)
		m.add(search, vocab.HydraMapping, mapping)
		m.add(mapping, vocab.HydraVariable, rdf.NewTypedLiteral(v.name, vocab.XSDString))
		m.add(mapping, vocab.HydraProperty, v.prop)
	}
	return g, m.ts
}

// iriSafe percent-encodes the characters an IRI may not hold, which a client may have left raw in
// the URL it asked for.
func iriSafe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == 0x7f || strings.IndexByte("<>\"{}|\\^`", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func patternText(p Pattern) string {
	pos := func(t rdf.Term, v string) string {
		if t == nil {
			return v
		}
		return rdfio.TermString(t)
	}
	return "{ " + pos(p.S, "?s") + " " + pos(p.P, "?p") + " " + pos(p.O, "?o") + " }"
}

// Format is a syntax a page can be written in.
type Format int

// The syntaxes of a page. TriG, N-Quads and JSON-LD keep the metadata in its own graph; Turtle
// and N-Triples cannot, and mix it with the data (as TPF servers do).
const (
	TriG Format = iota
	NQuads
	Turtle
	NTriples
	JSONLD
)

// MediaType is the format's media type.
func (f Format) MediaType() string {
	return [...]string{"application/trig", "application/n-quads", "text/turtle", "application/n-triples", "application/ld+json"}[f]
}

// Write writes a page with its metadata.
func (f *Fragments) Write(w io.Writer, format Format, pg *Page, pageURL string) error {
	g, meta := f.Metadata(pg, pageURL)
	data := rdfio.SortTriples(slices.Clone(pg.Triples))
	meta = rdfio.SortTriples(meta)
	switch format {
	case TriG:
		return writeTriG(w, data, g, meta)
	case NQuads:
		qs := make([]rdf.Quad, 0, len(data)+len(meta))
		for _, t := range data {
			qs = append(qs, rdf.Quad{Triple: t})
		}
		for _, t := range meta {
			qs = append(qs, rdf.Quad{Triple: t, Ctx: g})
		}
		return rdfio.WriteNQuads(w, qs)
	case Turtle:
		return rdfio.WriteTurtle(w, append(data, meta...), vocab.Prefixes())
	case NTriples:
		return rdfio.WriteNTriples(w, append(data, meta...))
	case JSONLD:
		return writeExpandedJSONLD(w, data, g, meta)
	}
	return fmt.Errorf("fragments: unknown format %d", format)
}

// writeTriG writes the data in the default graph and the metadata in graph g, with one prefix
// header for both.
func writeTriG(w io.Writer, data []rdf.Triple, g rdf.IRI, meta []rdf.Triple) error {
	prefixes := vocab.Prefixes()
	dataHead, dataBody, err := turtleParts(data, prefixes)
	if err != nil {
		return err
	}
	metaHead, metaBody, err := turtleParts(meta, prefixes)
	if err != nil {
		return err
	}
	head := append(dataHead, metaHead...)
	slices.Sort(head)
	head = slices.Compact(head)
	var b bytes.Buffer
	for _, line := range head {
		b.WriteString(line + "\n")
	}
	if dataBody != "" {
		b.WriteString("\n" + dataBody)
	}
	b.WriteString("\n<" + g.String() + "> {\n")
	for _, line := range strings.Split(strings.TrimRight(metaBody, "\n"), "\n") {
		if line != "" {
			b.WriteString("  " + line)
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	_, err = w.Write(b.Bytes())
	return err
}

// turtleParts writes triples as Turtle and splits the @prefix lines from the statements.
func turtleParts(ts []rdf.Triple, prefixes map[string]string) (head []string, body string, err error) {
	if len(ts) == 0 {
		return nil, "", nil
	}
	var b strings.Builder
	if err := rdfio.WriteTurtle(&b, ts, prefixes); err != nil {
		return nil, "", err
	}
	s := b.String()
	for strings.HasPrefix(s, "@prefix ") {
		var line string
		line, s, _ = strings.Cut(s, "\n")
		head = append(head, line)
	}
	return head, strings.TrimPrefix(s, "\n"), nil
}

// writeExpandedJSONLD writes expanded JSON-LD: the data's node objects, then the metadata as a
// named graph node. The hub's compacting context is not used: it has no terms for the metadata,
// and expanded form is what a TPF client reads most cheaply.
func writeExpandedJSONLD(w io.Writer, data []rdf.Triple, g rdf.IRI, meta []rdf.Triple) error {
	nodes := nodeObjects(data)
	nodes = append(nodes, map[string]any{"@id": g.String(), "@graph": nodeObjects(meta)})
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(nodes)
}

// nodeObjects groups triples (sorted by subject) into expanded node objects.
func nodeObjects(ts []rdf.Triple) []any {
	out := []any{}
	var node map[string]any
	var subject string
	for _, t := range ts {
		s := termID(t.Subj)
		if node == nil || s != subject {
			node = map[string]any{"@id": s}
			subject = s
			out = append(out, node)
		}
		if rdfio.Equal(t.Pred, vocab.RDFType) {
			if o, ok := t.Obj.(rdf.IRI); ok {
				node["@type"] = append(asList(node["@type"]), o.String())
				continue
			}
		}
		p := t.Pred.String()
		node[p] = append(asList(node[p]), valueObject(t.Obj))
	}
	return out
}

func asList(v any) []any {
	if v == nil {
		return nil
	}
	return v.([]any)
}

func termID(t rdf.Term) string {
	if b, ok := t.(rdf.Blank); ok {
		return "_:" + b.String()
	}
	return t.String()
}

func valueObject(t rdf.Term) map[string]any {
	switch v := t.(type) {
	case rdf.Literal:
		o := map[string]any{"@value": v.String()}
		switch {
		case v.Lang() != "":
			o["@language"] = v.Lang()
		case v.DataType.String() != vocab.XSDString.String():
			o["@type"] = v.DataType.String()
		}
		return o
	default:
		return map[string]any{"@id": termID(t)}
	}
}

// graphBuilder collects triples.
type graphBuilder struct{ ts []rdf.Triple }

func (g *graphBuilder) add(s rdf.Subject, p rdf.Predicate, o rdf.Object) {
	g.ts = append(g.ts, rdf.Triple{Subj: s, Pred: p, Obj: o})
}

func en(s string) rdf.Literal {
	l, _ := rdf.NewLangLiteral(s, "en")
	return l
}

func integer(n int) rdf.Literal { return rdf.NewTypedLiteral(strconv.Itoa(n), vocab.XSDInteger) }
