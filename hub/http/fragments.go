package http

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/fragments"
)

// Fragments is what the server needs of hub/fragments.
type Fragments interface {
	ParsePattern(subject, predicate, object string) (fragments.Pattern, error)
	Fragment(ctx context.Context, p fragments.Pattern, page int) (*fragments.Page, error)
	Write(w io.Writer, f fragments.Format, pg *fragments.Page, pageURL string) error
}

// maxFragmentPage bounds ?page= so that a typo cannot ask for a scan to the end of time.
const maxFragmentPage = 1_000_000

// registerFragments adds {base}fragments. Browsers' query engines call it from other origins, so
// every answer allows any origin, and a CORS preflight is answered too.
func (s *Server) registerFragments(g *gin.RouterGroup) {
	g.GET("/fragments", s.fragment)
	g.OPTIONS("/fragments", func(c *gin.Context) {
		c.Header("Access-Control-Allow-Origin", "*")
		c.Header("Access-Control-Allow-Methods", "GET, OPTIONS")
		c.Header("Access-Control-Allow-Headers", "Accept, If-None-Match")
		c.Header("Access-Control-Max-Age", "86400")
		c.Status(http.StatusNoContent)
	})
}

// fragment answers GET {base}fragments?subject=…&predicate=…&object=…&page=n.
func (s *Server) fragment(c *gin.Context) {
	c.Header("Access-Control-Allow-Origin", "*")
	c.Header("Access-Control-Expose-Headers", "ETag, Content-Type")
	c.Header("Vary", "Accept")
	format, err := fragmentFormat(c.GetHeader("Accept"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	q := c.Request.URL.Query()
	page := 1
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxFragmentPage {
			s.writeError(c, &hub.Error{Code: hub.EInvalid, Message: "page must be a whole number from 1 to 1000000",
				Fields: []hub.FieldError{{Pointer: "/page", Detail: "not a page number: " + v}}})
			return
		}
		page = n
	}
	p, err := s.Fragments.ParsePattern(q.Get("subject"), q.Get("predicate"), q.Get("object"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	pg, err := s.Fragments.Fragment(c.Request.Context(), p, page)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var body bytes.Buffer
	if err := s.Fragments.Write(&body, format, pg, s.requestURL(c)); err != nil {
		s.writeError(c, err)
		return
	}
	contentType := format.MediaType()
	if format == fragments.TriG || format == fragments.Turtle {
		contentType += "; charset=utf-8"
	}
	s.respondBytes(c, contentType, body.Bytes(), cacheCatalog)
}

// requestURL is the URL the client asked for, under the hub's public base: its scheme and host
// with the request's path and query exactly as sent (clients match the page's metadata by it).
func (s *Server) requestURL(c *gin.Context) string {
	u, _ := url.Parse(s.base) // validated in New
	return u.Scheme + "://" + u.Host + c.Request.URL.RequestURI()
}

// fragmentFormats in the order the hub prefers them: the quad syntaxes keep the metadata apart.
var fragmentFormats = []fragments.Format{fragments.TriG, fragments.NQuads, fragments.JSONLD, fragments.Turtle, fragments.NTriples}

// fragmentFormat picks a fragment's syntax for an Accept header (highest q first, then the hub's
// preference); TriG when the client has no preference.
func fragmentFormat(accept string) (fragments.Format, error) {
	if strings.TrimSpace(accept) == "" {
		return fragments.TriG, nil
	}
	type choice struct {
		mt string
		q  float64
	}
	var choices []choice
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if mt == "application/json" {
			mt = "application/ld+json"
		}
		choices = append(choices, choice{mt, q})
	}
	sort.SliceStable(choices, func(i, j int) bool { return choices[i].q > choices[j].q })
	for _, ch := range choices {
		if ch.q <= 0 {
			continue
		}
		typ, sub, _ := strings.Cut(ch.mt, "/")
		for _, f := range fragmentFormats {
			ftyp, fsub, _ := strings.Cut(f.MediaType(), "/")
			if (typ == "*" || typ == ftyp) && (sub == "*" || sub == fsub) {
				return f, nil
			}
		}
	}
	return 0, hub.Errorf(hub.ENotAcceptable, "no representation of a fragment matches Accept %q; available: "+
		"application/trig, application/n-quads, application/ld+json, text/turtle, application/n-triples", accept)
}
