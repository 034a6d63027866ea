package http

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/alias"
	"github.com/grunddata/grunddata/hub/master"
	"github.com/grunddata/grunddata/hub/xref"
)

// Steward is what the server needs of hub/master: the review queue and the decisions on it.
type Steward interface {
	Queue(ctx context.Context) ([]master.Case, error)
	Decisions(ctx context.Context) ([]master.Decision, error)
	Merge(ctx context.Context, survivor, other, agent, why string) (master.Decision, error)
	Reject(ctx context.Context, a, b, agent, why string) (master.Decision, error)
	Unmerge(ctx context.Context, other, agent, why string) (master.Decision, error)
	Scan(ctx context.Context) (master.ScanStats, error)
	Aliases() *alias.Aliases
	Provenance(ctx context.Context, person rdf.IRI) ([]master.ValueSource, error)
}

// CrossReference is what the server needs of hub/xref.
type CrossReference interface {
	Lookup(ctx context.Context, source, key string) (rdf.IRI, bool, error)
	Refs(ctx context.Context, subject rdf.IRI) ([]xref.Ref, error)
}

// registerSteward adds the stewardship API under {base}steward/ and the cross-reference at
// {base}xref and {base}id/{class}/{key}/xref. All of it is internal: it needs a token, and every
// decision records the token's name as who decided.
func (s *Server) registerSteward(g *gin.RouterGroup) {
	st := g.Group("/steward", s.requireToken)
	st.GET("/queue", s.stewardQueue)
	st.GET("/decisions", s.stewardDecisions)
	st.POST("/merge", s.stewardDecide("merge"))
	st.POST("/reject", s.stewardDecide("reject"))
	st.POST("/unmerge", s.stewardDecide("unmerge"))
	st.POST("/scan", s.stewardScan)
	g.GET("/id/:class/:key/provenance", s.requireToken, s.provenanceOf)
	if s.Xref != nil {
		g.GET("/xref", s.requireToken, s.xrefLookup)
		g.GET("/id/:class/:key/xref", s.requireToken, s.xrefOf)
	}
}

func (s *Server) requireToken(c *gin.Context) {
	if callerOf(c).Name == "" {
		s.writeError(c, hub.Errorf(hub.EUnauthorized, "stewardship and cross-references are internal: send a bearer token"))
		return
	}
	c.Next()
}

func (s *Server) internalJSON(c *gin.Context, status int, v any, err error) {
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Render(status, jsonRender{contentType: "application/json", value: v})
}

func (s *Server) stewardQueue(c *gin.Context) {
	q, err := s.Steward.Queue(c.Request.Context())
	s.internalJSON(c, http.StatusOK, map[string]any{"cases": q}, err)
}

func (s *Server) stewardDecisions(c *gin.Context) {
	ds, err := s.Steward.Decisions(c.Request.Context())
	if ds == nil {
		ds = []master.Decision{}
	}
	s.internalJSON(c, http.StatusOK, map[string]any{"decisions": ds}, err)
}

func (s *Server) stewardScan(c *gin.Context) {
	st, err := s.Steward.Scan(c.Request.Context())
	s.internalJSON(c, http.StatusOK, st, err)
}

// decisionRequest is the body of a merge, reject or unmerge: customer numbers and why.
type decisionRequest struct {
	Survivor string `json:"survivor"`
	Other    string `json:"other"`
	A        string `json:"a"`
	B        string `json:"b"`
	Why      string `json:"why"`
}

func (s *Server) stewardDecide(action string) gin.HandlerFunc {
	return func(c *gin.Context) {
		body, err := s.readBody(c)
		if err != nil {
			s.writeError(c, err)
			return
		}
		var r decisionRequest
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			s.writeError(c, &hub.Error{Code: hub.EInvalid, Message: "the body must be a JSON object: " + err.Error(),
				Fields: []hub.FieldError{{Pointer: "", Detail: err.Error()}}})
			return
		}
		need := map[string][]string{"merge": {"survivor", "other", "why"}, "reject": {"a", "b", "why"}, "unmerge": {"other", "why"}}[action]
		got := map[string]string{"survivor": r.Survivor, "other": r.Other, "a": r.A, "b": r.B, "why": r.Why}
		var missing []hub.FieldError
		for _, f := range need {
			if strings.TrimSpace(got[f]) == "" {
				missing = append(missing, hub.FieldError{Pointer: "/" + f, Detail: "required"})
			}
		}
		if len(missing) > 0 {
			s.writeError(c, &hub.Error{Code: hub.EUnprocessable, Message: action + " needs " + strings.Join(need, ", "), Fields: missing})
			return
		}
		who, ctx := callerOf(c).Name, c.Request.Context()
		var d master.Decision
		switch action {
		case "merge":
			d, err = s.Steward.Merge(ctx, r.Survivor, r.Other, who, r.Why)
		case "reject":
			d, err = s.Steward.Reject(ctx, r.A, r.B, who, r.Why)
		case "unmerge":
			d, err = s.Steward.Unmerge(ctx, r.Other, who, r.Why)
		}
		s.internalJSON(c, http.StatusOK, d, err)
	}
}

// xrefAnswer is a cross-reference answer: the person (as its survivor) and its source records.
type xrefAnswer struct {
	Person         string     `json:"person"`
	CustomerNumber string     `json:"customerNumber"`
	Records        []xref.Ref `json:"records"`
}

func (s *Server) xrefAnswer(c *gin.Context, person rdf.IRI) {
	refs, err := s.Xref.Refs(c.Request.Context(), person)
	if refs == nil {
		refs = []xref.Ref{}
	}
	p := person.String()
	s.internalJSON(c, http.StatusOK, xrefAnswer{Person: p, CustomerNumber: p[strings.LastIndex(p, "/")+1:], Records: refs}, err)
}

// xrefLookup answers GET {base}xref?source=…&key=…: the person a source record is.
func (s *Server) xrefLookup(c *gin.Context) {
	source, key := c.Query("source"), c.Query("key")
	var missing []hub.FieldError
	for name, v := range map[string]string{"source": source, "key": key} {
		if v == "" {
			missing = append(missing, hub.FieldError{Pointer: "/" + name, Detail: "required"})
		}
	}
	if len(missing) > 0 {
		s.writeError(c, &hub.Error{Code: hub.EInvalid, Message: "give the source system and the record key: ?source=…&key=…", Fields: missing})
		return
	}
	person, ok, err := s.Xref.Lookup(c.Request.Context(), source, key)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if !ok {
		s.writeError(c, hub.Errorf(hub.ENotFound, "no person from source %q with key %q", source, key))
		return
	}
	s.xrefAnswer(c, person)
}

// xrefOf answers GET {base}id/{class}/{key}/xref: the source records of a resource; a merged-away
// number redirects to its survivor's.
func (s *Server) xrefOf(c *gin.Context) {
	iri, err := rdf.NewIRI(s.base + "id/" + url.PathEscape(c.Param("class")) + "/" + url.PathEscape(c.Param("key")))
	if err != nil {
		s.writeError(c, hub.Errorf(hub.ENotFound, "nothing at %s", c.Request.URL.Path))
		return
	}
	if s.Steward != nil {
		to, moved, err := s.Steward.Aliases().Resolve(c.Request.Context(), iri)
		if err != nil {
			s.writeError(c, err)
			return
		}
		if moved {
			c.Header("Cache-Control", "no-store")
			c.Redirect(http.StatusPermanentRedirect, to.String()+"/xref")
			return
		}
	}
	s.xrefAnswer(c, iri)
}

// provenanceOf answers GET {base}id/{class}/{key}/provenance: where each value of a golden record
// came from (source, graph, rank, time); a merged-away number redirects to its survivor's.
func (s *Server) provenanceOf(c *gin.Context) {
	iri, err := rdf.NewIRI(s.base + "id/" + url.PathEscape(c.Param("class")) + "/" + url.PathEscape(c.Param("key")))
	if err != nil {
		s.writeError(c, hub.Errorf(hub.ENotFound, "nothing at %s", c.Request.URL.Path))
		return
	}
	to, moved, err := s.Steward.Aliases().Resolve(c.Request.Context(), iri)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if moved {
		c.Header("Cache-Control", "no-store")
		c.Redirect(http.StatusPermanentRedirect, to.String()+"/provenance")
		return
	}
	vs, err := s.Steward.Provenance(c.Request.Context(), iri)
	if err == nil && len(vs) == 0 {
		err = hub.Errorf(hub.ENotFound, "%s has no golden record", iri)
	}
	s.internalJSON(c, http.StatusOK, map[string]any{"person": iri.String(), "values": vs}, err)
}
