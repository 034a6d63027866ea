package http

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// jsonRender writes a value as JSON with a chosen content type (gin's own JSON renderer fixes it).
type jsonRender struct {
	contentType string
	value       any
}

func (r jsonRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r.value)
}

func (r jsonRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", r.contentType)
}

// graphView is what a page shows besides the triples: the resource it is about, and a title.
type graphView struct {
	subject rdf.IRI
	title   string
}

// serialize writes triples in the format.
func (s *Server) serialize(f format, triples []rdf.Triple, view graphView) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch f {
	case fmtJSONLD, fmtJSON:
		var b []byte
		b, err = s.JSONLD.Compact(triples)
		buf.Write(b)
	case fmtExpanded:
		var b []byte
		b, err = s.JSONLD.Expand(triples)
		buf.Write(b)
	case fmtTurtle:
		err = rdfio.WriteTurtle(&buf, triples, vocab.Prefixes())
	case fmtNTriples:
		err = rdfio.WriteNTriples(&buf, triples)
	case fmtNQuads:
		quads := make([]rdf.Quad, len(triples))
		for i, t := range triples {
			quads[i] = rdf.Quad{Triple: t}
		}
		err = rdfio.WriteNQuads(&buf, quads)
	case fmtRDFXML:
		err = rdfio.WriteRDFXML(&buf, triples, vocab.Prefixes())
	case fmtHTML:
		err = s.writeHTML(&buf, triples, view)
	}
	return buf.Bytes(), err
}

// respondGraph negotiates, serializes and writes triples with Vary, ETag and a 304 answer to a
// matching If-None-Match. cacheControl is the Cache-Control header value.
func (s *Server) respondGraph(c *gin.Context, triples []rdf.Triple, view graphView, cacheControl string) {
	f, err := negotiate(c.GetHeader("Accept"), c.Query("format"))
	c.Header("Vary", "Accept, Authorization")
	if err != nil {
		s.writeError(c, err)
		return
	}
	body, err := s.serialize(f, triples, view)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.respondBytes(c, f.contentType(), body, cacheControl)
}

// respondBytes writes a body with a strong ETag over its bytes and answers If-None-Match with 304.
func (s *Server) respondBytes(c *gin.Context, contentType string, body []byte, cacheControl string) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	c.Header("ETag", etag)
	if cacheControl != "" {
		c.Header("Cache-Control", cacheControl)
	}
	if etagMatches(c.GetHeader("If-None-Match"), etag) {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, contentType, body)
}

func etagMatches(header, etag string) bool {
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == "*" || candidate == etag {
			return true
		}
	}
	return false
}

func (f format) contentType() string {
	switch f {
	case fmtExpanded:
		return `application/ld+json; profile="` + expandedProfile + `"`
	case fmtJSONLD:
		return `application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"`
	case fmtHTML, fmtTurtle:
		return f.mediaType + "; charset=utf-8"
	default:
		return f.mediaType
	}
}
