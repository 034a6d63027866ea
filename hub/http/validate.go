package http

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/shacl"
	"github.com/grunddata/grunddata/hub/validation"
)

// Validation is what the server needs of hub/validation.
type Validation interface {
	Validate(ctx context.Context, data validation.Input, shapes []validation.Input, withModel bool) (*shacl.Report, error)
}

// registerValidation adds POST {base}validate.
func (s *Server) registerValidation(g *gin.RouterGroup) {
	g.POST("/validate", s.validate)
}

// validate answers POST {base}validate with a SHACL validation report (200 whether or not the
// data conforms; the report's sh:conforms says). The body is the data, in any RDF syntax the hub
// reads, named by Content-Type; or multipart/form-data with a "data" part and any number of
// "shapes" parts, each with its own Content-Type (or a file name whose extension names the
// syntax). The data is checked against the model's shapes plus the shapes sent;
// ?model=false leaves the model's shapes out. The report is negotiated like any graph: JSON-LD
// (compacted with an inline sh: context) by default, Turtle, N-Triples, N-Quads, RDF/XML, HTML.
func (s *Server) validate(c *gin.Context) {
	f, err := negotiate(c.GetHeader("Accept"), c.Query("format"))
	c.Header("Vary", "Accept")
	if err != nil {
		s.writeError(c, err)
		return
	}
	withModel := c.Query("model") != "false"
	mt, params, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	var data validation.Input
	var shapes []validation.Input
	if mt == "multipart/form-data" {
		data, shapes, err = s.readParts(c, params["boundary"])
	} else {
		var body []byte
		body, err = s.readBody(c)
		data = validation.Input{Body: body, MediaType: c.GetHeader("Content-Type")}
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	rep, err := s.Validation.Validate(c.Request.Context(), data, shapes, withModel)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	switch f {
	case fmtJSONLD, fmtJSON:
		c.Data(http.StatusOK, f.contentType(), rep.JSONLD())
		return
	}
	body, err := s.serialize(f, rep.Triples(), graphView{title: "Validation report"})
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Data(http.StatusOK, f.contentType(), body)
}

// readParts reads a multipart validation request within the body limit.
func (s *Server) readParts(c *gin.Context, boundary string) (validation.Input, []validation.Input, error) {
	var data *validation.Input
	var shapes []validation.Input
	mr := multipart.NewReader(http.MaxBytesReader(c.Writer, c.Request.Body, s.MaxBody), boundary)
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return validation.Input{}, nil, hub.Errorf(hub.ETooLarge, "the body is larger than %d bytes", s.MaxBody)
			}
			return validation.Input{}, nil, hub.Errorf(hub.EInvalid, "could not read the multipart body: %v", err)
		}
		body, err := io.ReadAll(p)
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return validation.Input{}, nil, hub.Errorf(hub.ETooLarge, "the body is larger than %d bytes", s.MaxBody)
			}
			return validation.Input{}, nil, hub.Errorf(hub.EInvalid, "could not read part %q: %v", p.FormName(), err)
		}
		in := validation.Input{Body: body, MediaType: partMediaType(p)}
		switch p.FormName() {
		case "data":
			if data != nil {
				return validation.Input{}, nil, hub.Errorf(hub.EInvalid, "send one \"data\" part")
			}
			data = &in
		case "shapes":
			shapes = append(shapes, in)
		default:
			return validation.Input{}, nil, hub.Errorf(hub.EInvalid, "unknown part %q: send \"data\" and \"shapes\" parts", p.FormName())
		}
	}
	if data == nil {
		return validation.Input{}, nil, hub.Errorf(hub.EInvalid, "the multipart body has no \"data\" part")
	}
	return *data, shapes, nil
}

// partMediaType is a part's Content-Type, or the syntax its file name's extension names (browsers
// send files as application/octet-stream).
func partMediaType(p *multipart.Part) string {
	ct := p.Header.Get("Content-Type")
	if ct != "" && !strings.HasPrefix(ct, "application/octet-stream") && !strings.HasPrefix(ct, "text/plain") {
		return ct
	}
	switch strings.ToLower(filepath.Ext(p.FileName())) {
	case ".ttl":
		return "text/turtle"
	case ".nt":
		return "application/n-triples"
	case ".nq":
		return "application/n-quads"
	case ".trig":
		return "application/trig"
	case ".rdf", ".xml":
		return "application/rdf+xml"
	case ".jsonld", ".json":
		return "application/ld+json"
	}
	return ct
}
