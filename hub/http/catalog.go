package http

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/catalog"
	"github.com/grunddata/grunddata/hub/rdfio"
)

// Catalog is what the server needs of hub/catalog: the DCAT-AP catalogue, the VoID description
// and the dumps of the open data.
type Catalog interface {
	Catalogue(ctx context.Context) ([]rdf.Triple, error)
	VoID(ctx context.Context) ([]rdf.Triple, error)
	WriteDump(ctx context.Context, w io.Writer, d catalog.Dump) error
	// Version names the state of the data: it changes whenever a dump's bytes may have changed.
	Version(ctx context.Context) (uint64, error)
}

// cacheCatalog lets harvesters and caches keep the catalogue and dumps briefly and then revalidate
// with the ETag.
const cacheCatalog = "public, max-age=60"

// registerCatalog adds {base}catalog, {base}void and {base}dumps/{area}.{ext}.
func (s *Server) registerCatalog(g *gin.RouterGroup) {
	g.GET("/catalog", s.catalogue)
	g.GET("/void", s.void)
	g.GET("/dumps/:file", s.dump)
	g.HEAD("/dumps/:file", s.dump)
}

func (s *Server) catalogue(c *gin.Context) {
	ts, err := s.Catalog.Catalogue(c.Request.Context())
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Access-Control-Allow-Origin", "*")
	s.respondGraph(c, ts, graphView{subject: rdfio.MustIRI(s.base + "catalog"), title: "Open data catalogue"}, cacheCatalog)
}

func (s *Server) void(c *gin.Context) {
	ts, err := s.Catalog.VoID(c.Request.Context())
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Access-Control-Allow-Origin", "*")
	s.respondGraph(c, ts, graphView{subject: rdfio.MustIRI(s.base + "void#opendata"), title: "VoID description of the open data"}, cacheCatalog)
}

// dump streams one dump (HEAD: only its headers). Its ETag is the store's change sequence (a dump's bytes depend only on
// the data), so a harvester's conditional request costs no work at all. An error after the first
// byte aborts the connection, so that a client never takes a truncated dump for a whole one.
func (s *Server) dump(c *gin.Context) {
	d, ok := catalog.ParseDump(c.Param("file"))
	if !ok {
		s.writeError(c, hub.Errorf(hub.ENotFound,
			"no dump %q: dumps are {organisation|geography|service|role|all}.{nq|ttl|jsonld}", c.Param("file")))
		return
	}
	ctx := c.Request.Context()
	version, err := s.Catalog.Version(ctx)
	if err != nil {
		s.writeError(c, err)
		return
	}
	etag := `"` + d.Area + "-" + d.Format.Extension + "-" + strconv.FormatUint(version, 10) + `"`
	c.Header("ETag", etag)
	c.Header("Cache-Control", cacheCatalog)
	c.Header("Access-Control-Allow-Origin", "*")
	if etagMatches(c.GetHeader("If-None-Match"), etag) {
		c.Status(http.StatusNotModified)
		return
	}
	contentType := d.Format.MediaType
	if d.Format.Extension == "ttl" {
		contentType += "; charset=utf-8"
	}
	c.Header("Content-Type", contentType)
	c.Header("Content-Disposition", `inline; filename="`+d.Area+"."+d.Format.Extension+`"`)
	if c.Request.Method == http.MethodHead {
		c.Status(http.StatusOK)
		return
	}
	w := &countingWriter{w: c.Writer}
	c.Status(http.StatusOK)
	if err := s.Catalog.WriteDump(ctx, w, d); err != nil {
		if w.n == 0 && !c.Writer.Written() {
			c.Writer.Header().Del("Content-Disposition")
			s.writeError(c, err)
			return
		}
		if !errors.Is(err, context.Canceled) {
			s.log.Error("dump failed while streaming", slog.String("dump", c.Param("file")), slog.Any("err", err))
		}
		panic(http.ErrAbortHandler)
	}
}

// countingWriter counts what reached the client.
type countingWriter struct {
	w io.Writer
	n int64
}

func (cw *countingWriter) Write(p []byte) (int, error) {
	n, err := cw.w.Write(p)
	cw.n += int64(n)
	return n, err
}
