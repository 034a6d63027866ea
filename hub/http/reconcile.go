package http

import (
	"bytes"
	"context"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/reconcile"
	"github.com/grunddata/grunddata/hub/resource"
)

// Reconciler is what the server needs of hub/reconcile.
type Reconciler interface {
	Manifest(endpoint string) reconcile.Manifest
	ParseBatch(b []byte) (map[string]reconcile.Query, error)
	Reconcile(ctx context.Context, batch map[string]reconcile.Query, caller resource.Caller) (map[string]reconcile.Result, error)
	ParseExtend(b []byte) (reconcile.ExtendQuery, error)
	Extend(ctx context.Context, q reconcile.ExtendQuery, caller resource.Caller) (reconcile.ExtendResponse, error)
	ProposeProperties(typ string, limit int) (reconcile.Proposal, error)
	SuggestEntity(ctx context.Context, prefix, typ string, cursor, limit int, caller resource.Caller) (reconcile.SuggestResult, error)
	SuggestProperty(prefix, typ string) reconcile.SuggestResult
	SuggestType(prefix string) reconcile.SuggestResult
	Preview(ctx context.Context, id string, caller resource.Caller) (string, error)
	Flyout(ctx context.Context, id string, caller resource.Caller) (reconcile.Flyout, error)
}

// registerReconcile adds the Reconciliation API at {base}reconcile. OpenRefine and other browser
// tools call it from other origins, so every answer allows any origin and preflights are answered.
func (s *Server) registerReconcile(g *gin.RouterGroup) {
	r := g.Group("/reconcile", cors)
	r.GET("", s.reconcile)
	r.POST("", s.reconcile)
	r.GET("/suggest/:kind", s.suggest)
	r.GET("/preview", s.reconcilePreview)
	r.GET("/flyout", s.reconcileFlyout)
	r.GET("/properties", s.proposeProperties)
	for _, p := range []string{"", "/suggest/:kind", "/preview", "/flyout", "/properties"} {
		r.OPTIONS(p, func(c *gin.Context) {
			c.Header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			c.Header("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept")
			c.Header("Access-Control-Max-Age", "86400")
			c.Status(http.StatusNoContent)
		})
	}
}

func cors(c *gin.Context) {
	c.Header("Access-Control-Allow-Origin", "*")
	c.Next()
}

// reconcile answers {base}reconcile: a query batch (the "queries" parameter of a form or URL, or a
// JSON body), a data extension ("extend"), or else the manifest.
func (s *Server) reconcile(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	params := c.Request.URL.Query()
	if c.Request.Method == http.MethodPost {
		body, err := s.readBody(c)
		if err != nil {
			s.writeError(c, err)
			return
		}
		mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
		switch mt {
		case "application/json":
			s.answerBatch(c, body)
			return
		case "application/x-www-form-urlencoded", "":
			form, err := url.ParseQuery(string(body))
			if err != nil {
				s.writeError(c, hub.Errorf(hub.EInvalid, "the form cannot be read: %v", err))
				return
			}
			params = form
		default:
			s.writeError(c, hub.Errorf(hub.EUnsupported, "send queries as a form (application/x-www-form-urlencoded) or as application/json"))
			return
		}
	}
	switch {
	case params.Has("queries"):
		s.answerBatch(c, []byte(params.Get("queries")))
	case params.Has("extend"):
		q, err := s.Reconciler.ParseExtend([]byte(params.Get("extend")))
		if err != nil {
			s.writeError(c, err)
			return
		}
		res, err := s.Reconciler.Extend(c.Request.Context(), q, callerOf(c))
		s.reconcileJSON(c, res, err)
	default:
		s.reconcileJSON(c, s.Reconciler.Manifest(s.base+"reconcile"), nil)
	}
}

func (s *Server) answerBatch(c *gin.Context, b []byte) {
	if len(bytes.TrimSpace(b)) == 0 {
		s.writeError(c, &hub.Error{Code: hub.EInvalid, Message: "queries is empty", Fields: []hub.FieldError{{Pointer: "/queries", Detail: "empty"}}})
		return
	}
	batch, err := s.Reconciler.ParseBatch(b)
	if err != nil {
		s.writeError(c, err)
		return
	}
	res, err := s.Reconciler.Reconcile(c.Request.Context(), batch, callerOf(c))
	s.reconcileJSON(c, res, err)
}

func (s *Server) reconcileJSON(c *gin.Context, v any, err error) {
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Render(http.StatusOK, jsonRender{contentType: "application/json", value: v})
}

// boundedParam reads a non-negative integer query parameter, def when absent.
func boundedParam(c *gin.Context, name string, def, max int) (int, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > max {
		return 0, &hub.Error{Code: hub.EInvalid, Message: name + " must be a whole number from 0 to " + strconv.Itoa(max),
			Fields: []hub.FieldError{{Pointer: "/" + name, Detail: "not a number in range: " + v}}}
	}
	return n, nil
}

func (s *Server) suggest(c *gin.Context) {
	switch c.Param("kind") {
	case "entity":
		cursor, err := boundedParam(c, "cursor", 0, 1_000_000)
		if err != nil {
			s.writeError(c, err)
			return
		}
		limit, err := boundedParam(c, "limit", 10, 100)
		if err != nil {
			s.writeError(c, err)
			return
		}
		res, err := s.Reconciler.SuggestEntity(c.Request.Context(), c.Query("prefix"), c.Query("type"), cursor, limit, callerOf(c))
		s.reconcileJSON(c, res, err)
	case "property":
		s.reconcileJSON(c, s.Reconciler.SuggestProperty(c.Query("prefix"), c.Query("type")), nil)
	case "type":
		s.reconcileJSON(c, s.Reconciler.SuggestType(c.Query("prefix")), nil)
	default:
		s.writeError(c, hub.Errorf(hub.ENotFound, "suggest knows entity, property and type"))
	}
}

func (s *Server) reconcilePreview(c *gin.Context) {
	page, err := s.Reconciler.Preview(c.Request.Context(), c.Query("id"), callerOf(c))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(page))
}

func (s *Server) reconcileFlyout(c *gin.Context) {
	res, err := s.Reconciler.Flyout(c.Request.Context(), c.Query("id"), callerOf(c))
	s.reconcileJSON(c, res, err)
}

func (s *Server) proposeProperties(c *gin.Context) {
	limit, err := boundedParam(c, "limit", 0, 1000)
	if err != nil {
		s.writeError(c, err)
		return
	}
	res, err := s.Reconciler.ProposeProperties(c.Query("type"), limit)
	s.reconcileJSON(c, res, err)
}
