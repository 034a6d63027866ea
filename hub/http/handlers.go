package http

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/resource"
	"github.com/grunddata/grunddata/vocab"
)

const (
	cacheResource = "private, no-cache"           // revalidate with the ETag every time
	cacheModel    = "public, max-age=3600"        // the model changes only with a new release
	cacheOpenList = "public, max-age=60"          // lists of open classes may be cached briefly
	cachePrivate  = "private, no-cache, no-store" // internal data: never in a shared cache
)

func (s *Server) get(c *gin.Context) {
	caller := callerOf(c)
	d, err := s.Resources.Get(c.Request.Context(), c.Param("class"), c.Param("key"), caller)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.respondGraph(c, d.Triples, graphView{subject: d.IRI, title: titleOf(d)}, cacheFor(caller))
}

func titleOf(d *resource.Description) string {
	var own []rdf.Triple
	for _, t := range d.Triples {
		if sameTerm(t.Subj, d.IRI) {
			own = append(own, t)
		}
	}
	return d.Class.Name + ": " + label(own, path.Base(d.IRI.String()))
}

func cacheFor(caller resource.Caller) string {
	if caller.Name != "" {
		return cachePrivate
	}
	return cacheResource
}

func (s *Server) list(c *gin.Context) {
	q := resource.ListQuery{}
	values := c.Request.URL.Query()
	var err error
	if q.Offset, err = intParam(values, "offset"); err != nil {
		s.writeError(c, err)
		return
	}
	if q.Limit, err = intParam(values, "limit"); err != nil {
		s.writeError(c, err)
		return
	}
	var names []string
	for name := range values {
		if name != "offset" && name != "limit" && name != "format" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range values[name] {
			q.Filters = append(q.Filters, resource.Filter{Slot: name, Value: v})
		}
	}
	caller := callerOf(c)
	page, err := s.Resources.List(c.Request.Context(), c.Param("class"), q, caller)
	if err != nil {
		s.writeError(c, err)
		return
	}
	triples, view := collectionTriples(page)
	cache := cacheFor(caller)
	if caller.Name == "" {
		cache = cacheOpenList
	}
	s.respondGraph(c, triples, graphView{subject: view, title: page.Class.Name + " collection"}, cache)
}

func intParam(v url.Values, name string) (int, error) {
	s := v.Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, hub.Errorf(hub.EInvalid, "%s must be a whole number, not %q", name, s)
	}
	return n, nil
}

// collectionTriples describes a page as a Hydra collection with a partial collection view. The
// collection's IRI keeps the filters (a filtered collection is a collection of its own); the view's
// adds the paging.
func collectionTriples(p *resource.Page) ([]rdf.Triple, rdf.IRI) {
	filters := url.Values{}
	for _, f := range p.Query.Filters {
		filters.Add(f.Slot, f.Value)
	}
	coll := p.Collection.String()
	if len(filters) > 0 {
		coll += "?" + filters.Encode()
	}
	pageIRI := func(offset int) rdf.IRI {
		v := url.Values{}
		for k, vs := range filters {
			v[k] = vs
		}
		v.Set("offset", strconv.Itoa(offset))
		v.Set("limit", strconv.Itoa(p.Query.Limit))
		return rdfio.MustIRI(p.Collection.String() + "?" + v.Encode())
	}
	collIRI := rdfio.MustIRI(coll)
	view := pageIRI(p.Query.Offset)
	total, _ := rdf.NewLiteral(p.Total)
	ts := []rdf.Triple{
		{Subj: collIRI, Pred: vocab.RDFType, Obj: vocab.HydraCollection},
		{Subj: collIRI, Pred: vocab.HydraTotalItems, Obj: rdf.NewTypedLiteral(total.String(), vocab.XSDInteger)},
		{Subj: collIRI, Pred: vocab.HydraView, Obj: view},
		{Subj: view, Pred: vocab.RDFType, Obj: vocab.HydraPartialCollectionView},
		{Subj: view, Pred: vocab.HydraFirst, Obj: pageIRI(0)},
	}
	last := 0
	if p.Total > 0 {
		last = (p.Total - 1) / p.Query.Limit * p.Query.Limit
	}
	ts = append(ts, rdf.Triple{Subj: view, Pred: vocab.HydraLast, Obj: pageIRI(last)})
	if next := p.Query.Offset + p.Query.Limit; next < p.Total {
		ts = append(ts, rdf.Triple{Subj: view, Pred: vocab.HydraNext, Obj: pageIRI(next)})
	}
	if p.Query.Offset > 0 {
		prev := max(0, min(p.Query.Offset-p.Query.Limit, last))
		ts = append(ts, rdf.Triple{Subj: view, Pred: vocab.HydraPrevious, Obj: pageIRI(prev)})
	}
	for _, m := range p.Members {
		ts = append(ts, rdf.Triple{Subj: collIRI, Pred: vocab.HydraMember, Obj: m})
	}
	return ts, view
}

// readBody reads a request body up to the limit; a longer one is ETooLarge.
func (s *Server) readBody(c *gin.Context) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, s.MaxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, hub.Errorf(hub.ETooLarge, "the body is larger than %d bytes", s.MaxBody)
	}
	if err != nil {
		return nil, hub.Errorf(hub.EInvalid, "could not read the body: %v", err)
	}
	return body, nil
}

func (s *Server) create(c *gin.Context) {
	body, err := s.readBody(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	d, err := s.Resources.Create(c.Request.Context(), c.Param("class"), body, c.ContentType(), callerOf(c))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Location", d.IRI.String())
	c.Status(http.StatusCreated)
	s.respondWritten(c, d, http.StatusCreated)
}

func (s *Server) put(c *gin.Context) {
	body, err := s.readBody(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	d, created, err := s.Resources.Put(c.Request.Context(), c.Param("class"), c.Param("key"), body, c.ContentType(), callerOf(c))
	if err != nil {
		s.writeError(c, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		c.Header("Location", d.IRI.String())
	}
	s.respondWritten(c, d, status)
}

// respondWritten answers a write with the stored description as JSON-LD.
func (s *Server) respondWritten(c *gin.Context, d *resource.Description, status int) {
	body, err := s.JSONLD.Compact(d.Triples)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, fmtJSONLD.contentType(), body)
}

func (s *Server) delete(c *gin.Context) {
	if err := s.Resources.Delete(c.Request.Context(), c.Param("class"), c.Param("key"), callerOf(c)); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) context(c *gin.Context) {
	c.Header("Access-Control-Allow-Origin", "*")
	s.respondBytes(c, "application/ld+json", s.Context, cacheModel)
}

// ontology serves the hub's own vocabulary in any RDF syntax.
func (s *Server) ontology(c *gin.Context) {
	quads, err := rdfio.ParseQuads(strings.NewReader(string(s.Ontology)), "text/turtle", vocab.GDNS, nil)
	if err != nil {
		s.writeError(c, fmt.Errorf("the embedded ontology does not parse: %w", err))
		return
	}
	triples := make([]rdf.Triple, len(quads))
	for i, q := range quads {
		triples[i] = q.Triple
	}
	s.respondGraph(c, triples, graphView{title: "The grunddata vocabulary"}, cacheModel)
}

// modelFile serves the generated model artefacts; "/" lists them.
func (s *Server) modelFile(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("file"), "/")
	if name == "" || strings.HasSuffix(name, "/") {
		s.modelIndex(c, strings.TrimSuffix(name, "/"))
		return
	}
	b, err := fs.ReadFile(s.ModelFiles, name)
	if err != nil {
		s.writeError(c, hub.Errorf(hub.ENotFound, "no model file %q", name))
		return
	}
	c.Header("Access-Control-Allow-Origin", "*")
	s.respondBytes(c, modelContentType(name), b, cacheModel)
}

func modelContentType(name string) string {
	switch {
	case strings.HasSuffix(name, ".schema.json"):
		return "application/schema+json"
	case strings.HasSuffix(name, ".jsonld"):
		return "application/ld+json"
	case strings.HasSuffix(name, ".ttl"):
		return "text/turtle; charset=utf-8"
	case strings.HasSuffix(name, ".md"):
		return "text/markdown; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func (s *Server) modelIndex(c *gin.Context, dir string) {
	var files []string
	root := dir
	if root == "" {
		root = "."
	}
	err := fs.WalkDir(s.ModelFiles, root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		s.writeError(c, hub.Errorf(hub.ENotFound, "no model folder %q", dir))
		return
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>grunddata model</title></head><body><h1>The grunddata information model</h1><ul>")
	for _, f := range files {
		fmt.Fprintf(&b, "<li><a href=\"%smodel/%s\">%s</a></li>", s.base, f, f)
	}
	b.WriteString("</ul></body></html>")
	s.respondBytes(c, "text/html; charset=utf-8", []byte(b.String()), cacheModel)
}

// home describes the hub: a link to the collection of every class.
func (s *Server) home(c *gin.Context) {
	base := rdfio.MustIRI(s.base)
	ts := []rdf.Triple{{Subj: base, Pred: vocab.RDFType, Obj: vocab.HydraAPIDocumentation}}
	for _, cl := range s.Resources.Schema().Classes {
		if !cl.Routable() {
			continue
		}
		coll := rdfio.MustIRI(s.base + "id/" + cl.Path)
		ts = append(ts,
			rdf.Triple{Subj: base, Pred: vocab.HydraCollectionProp, Obj: coll},
			rdf.Triple{Subj: coll, Pred: vocab.RDFType, Obj: vocab.HydraCollection},
			rdf.Triple{Subj: coll, Pred: vocab.RDFSLabel, Obj: plainLiteral(cl.Name + " (" + cl.Visibility.String() + ")")},
		)
	}
	s.respondGraph(c, ts, graphView{title: "grunddata hub"}, cacheOpenList)
}

func plainLiteral(s string) rdf.Literal {
	l, _ := rdf.NewLiteral(s)
	return l
}
