package http

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/ldes"
	"github.com/grunddata/grunddata/hub/rdfio"
)

// LDES is what the server needs of hub/ldes: the change feed's root node, its pages and single
// versions.
type LDES interface {
	Root(ctx context.Context) (*ldes.Document, error)
	Page(ctx context.Context, k uint64) (*ldes.Document, error)
	Version(ctx context.Context, n uint64) (*ldes.Document, error)
}

// Caching of the change feed: closed pages and versions never change, so clients and peers keep them
// for a week without asking again; the root and the open page change with every commit.
const (
	cacheImmutable = "public, max-age=604800, immutable"
	cacheFeed      = "public, max-age=5"
)

// registerLDES adds {base}ldes, {base}ldes/page/{k} and {base}ldes/version/{n}.
// HEAD answers with the headers alone, so a client can check an ETag or the caching cheaply.
func (s *Server) registerLDES(g *gin.RouterGroup) {
	root := func(c *gin.Context) { s.feed(c, s.LDES.Root) }
	page := func(c *gin.Context) {
		k, ok := s.feedNumber(c, "k")
		if ok {
			s.feed(c, func(ctx context.Context) (*ldes.Document, error) { return s.LDES.Page(ctx, k) })
		}
	}
	version := func(c *gin.Context) {
		n, ok := s.feedNumber(c, "n")
		if ok {
			s.feed(c, func(ctx context.Context) (*ldes.Document, error) { return s.LDES.Version(ctx, n) })
		}
	}
	for _, m := range []string{http.MethodGet, http.MethodHead} {
		g.Handle(m, "/ldes", root)
		g.Handle(m, "/ldes/page/:k", page)
		g.Handle(m, "/ldes/version/:n", version)
	}
}

func (s *Server) feedNumber(c *gin.Context, name string) (uint64, bool) {
	n, err := strconv.ParseUint(c.Param(name), 10, 64)
	if err != nil || n == 0 {
		s.writeError(c, hub.Errorf(hub.ENotFound, "nothing at %s: pages and versions are numbered from 1", c.Request.URL.Path))
		return 0, false
	}
	return n, true
}

// feed answers with one document of the change feed in the negotiated syntax. The ETag names the
// document's content and the syntax, so a conditional request is answered without serialising.
func (s *Server) feed(c *gin.Context, get func(ctx context.Context) (*ldes.Document, error)) {
	c.Header("Vary", "Accept")
	c.Header("Access-Control-Allow-Origin", "*")
	c.Header("Access-Control-Expose-Headers", "ETag, Content-Type")
	f, err := negotiate(c.GetHeader("Accept"), c.Query("format"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	doc, err := get(c.Request.Context())
	if err != nil {
		s.writeError(c, err)
		return
	}
	etag := `"` + doc.ETag + "-" + f.name + `"`
	c.Header("ETag", etag)
	if doc.Immutable {
		c.Header("Cache-Control", cacheImmutable)
	} else {
		c.Header("Cache-Control", cacheFeed)
	}
	if etagMatches(c.GetHeader("If-None-Match"), etag) {
		c.Status(http.StatusNotModified)
		return
	}
	body, err := s.serialize(f, doc.Triples, graphView{subject: rdfio.MustIRI(s.base + "ldes"), title: "Change feed (LDES)"})
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Data(http.StatusOK, f.contentType(), body)
}

// Replicas is what the server needs of hub/replicate to serve the data replicated from peers.
type Replicas interface {
	Peers(ctx context.Context) ([]rdf.Triple, error)
	Graph(ctx context.Context, name string) ([]rdf.Triple, error)
}

// registerReplicas adds {base}graph/peer/ (the peers) and {base}graph/peer/{name} (what was
// replicated from one, under its own URIs, with where it came from).
func (s *Server) registerReplicas(g *gin.RouterGroup) {
	g.GET("/graph/peer/*name", func(c *gin.Context) {
		name := strings.TrimPrefix(c.Param("name"), "/")
		ctx := c.Request.Context()
		if name == "" {
			ts, err := s.Replicas.Peers(ctx)
			if err != nil {
				s.writeError(c, err)
				return
			}
			s.respondGraph(c, ts, graphView{subject: rdfio.MustIRI(s.base + "graph/peer/"), title: "Peers replicated into this hub"}, cacheFeed)
			return
		}
		ts, err := s.Replicas.Graph(ctx, name)
		if err != nil {
			s.writeError(c, err)
			return
		}
		s.respondGraph(c, ts, graphView{subject: rdfio.MustIRI(s.base + "graph/peer/" + name), title: "Replicated from " + name}, cacheFeed)
	})
}
