// Package http serves the hub over HTTP with gin: every resource as JSON-LD and the other RDF syntaxes
// by content negotiation, Hydra collections, writes checked against the model, the model's generated
// artefacts, health and metrics. Errors are RFC 9457 problem+json. gin stays inside this package.
package http

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/knakk/rdf"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/resource"
	"github.com/grunddata/grunddata/model"
)

// Resources is what the server needs of the resource layer.
type Resources interface {
	Get(ctx context.Context, classPath, key string, caller resource.Caller) (*resource.Description, error)
	List(ctx context.Context, classPath string, q resource.ListQuery, caller resource.Caller) (*resource.Page, error)
	Create(ctx context.Context, classPath string, body []byte, mediaType string, caller resource.Caller) (*resource.Description, error)
	Put(ctx context.Context, classPath, key string, body []byte, mediaType string, caller resource.Caller) (*resource.Description, bool, error)
	Delete(ctx context.Context, classPath, key string, caller resource.Caller) error
	Schema() *model.Schema
}

// JSONLD compacts and expands triples against the hub's context (hub/jsonld).
type JSONLD interface {
	Compact(triples []rdf.Triple) ([]byte, error)
	Expand(triples []rdf.Triple) ([]byte, error)
}

// Authenticator names the holder of a bearer token.
type Authenticator interface {
	Lookup(secret string) (name string, ok bool)
}

// Config is what a Server is built from.
type Config struct {
	Base      string // the hub's base URI, ending in "/"
	Resources Resources
	JSONLD    JSONLD
	Auth      Authenticator
	// Context is the JSON-LD context document served at {base}context.jsonld.
	Context []byte
	// ModelFiles holds the generated schemas, shapes and docs served under {base}model/.
	ModelFiles fs.FS
	// Ontology is the hub's own ontology in Turtle, served at {base}ns.
	Ontology []byte
	// Health reports whether the hub can serve (e.g. the store answers).
	Health   func(ctx context.Context) error
	Registry *prometheus.Registry // nil: no /metrics
	Logger   *slog.Logger
	// MaxBody caps request bodies; 0 = 1 MiB.
	MaxBody int64
	// Catalog serves {base}catalog, {base}void and {base}dumps/ (nil: not served).
	Catalog Catalog
	// Fragments serves Triple Pattern Fragments at {base}fragments (nil: not served).
	Fragments Fragments
	// Quarantine serves {base}quarantine to token holders (nil: not served).
	Quarantine Quarantine
	// LDES serves the change feed at {base}ldes (nil: not served).
	LDES LDES
	// Replicas serves the data replicated from peers under {base}graph/peer/ (nil: not served).
	Replicas Replicas
	// Reconciler serves the Reconciliation API at {base}reconcile (nil: not served).
	Reconciler Reconciler
	// Steward serves the review queue and decisions at {base}steward/ (nil: not served); Xref the
	// cross-reference at {base}xref and {base}id/{class}/{key}/xref (only with Steward).
	Steward Steward
	Xref    CrossReference
	// Validation serves POST {base}validate (nil: not served).
	Validation Validation
}

// Server is the hub's HTTP API.
type Server struct {
	Config
	base    string
	log     *slog.Logger
	engine  *gin.Engine
	metrics *httpMetrics
}

// New builds the server and its routes under the base URI's path.
func New(c Config) (*Server, error) {
	u, err := url.Parse(c.Base)
	if err != nil || !strings.HasSuffix(u.Path, "/") {
		return nil, errors.New("http: base must be an absolute URI ending in /")
	}
	if c.MaxBody == 0 {
		c.MaxBody = 1 << 20
	}
	log := c.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	gin.SetMode(gin.ReleaseMode)
	s := &Server{Config: c, base: c.Base, log: log, engine: gin.New()}
	if c.Registry != nil {
		s.metrics = newHTTPMetrics(c.Registry)
	}
	s.engine.HandleMethodNotAllowed = true
	s.engine.Use(s.recoverer, s.observe, s.authenticate)
	s.engine.NoRoute(func(c *gin.Context) { s.writeError(c, hub.Errorf(hub.ENotFound, "nothing at %s", c.Request.URL.Path)) })
	s.engine.NoMethod(func(c *gin.Context) {
		s.writeError(c, &hub.Error{Code: hub.EInvalid, Message: c.Request.Method + " is not allowed here"})
	})

	g := s.engine.Group(u.Path)
	g.GET("/", s.home)
	g.GET("/healthz", s.healthz)
	if c.Registry != nil {
		g.GET("/metrics", gin.WrapH(promhttp.HandlerFor(c.Registry, promhttp.HandlerOpts{})))
	}
	g.GET("/context.jsonld", s.context)
	g.GET("/ns", s.ontology)
	g.GET("/model/*file", s.modelFile)
	g.GET("/id/:class", s.list)
	g.POST("/id/:class", s.create)
	g.GET("/id/:class/:key", s.get)
	g.PUT("/id/:class/:key", s.put)
	g.DELETE("/id/:class/:key", s.delete)
	if c.Catalog != nil {
		s.registerCatalog(g)
	}
	if c.Fragments != nil {
		s.registerFragments(g)
	}
	if c.Quarantine != nil {
		s.registerQuarantine(g)
	}
	if c.LDES != nil {
		s.registerLDES(g)
	}
	if c.Replicas != nil {
		s.registerReplicas(g)
	}
	if c.Reconciler != nil {
		s.registerReconcile(g)
	}
	if c.Steward != nil {
		s.registerSteward(g)
	}
	if c.Validation != nil {
		s.registerValidation(g)
	}
	return s, nil
}

// ServeHTTP makes the Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

const callerKey = "grunddata.caller"

// authenticate turns a bearer token into a caller. A token that is sent but unknown is an error, not
// a silent fall-back to anonymous: the client should learn that its token is wrong.
func (s *Server) authenticate(c *gin.Context) {
	caller := resource.Anonymous
	if h := c.GetHeader("Authorization"); h != "" {
		scheme, token, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			s.writeError(c, hub.Errorf(hub.EUnauthorized, "use Authorization: Bearer <token>"))
			return
		}
		name, ok := s.Auth.Lookup(strings.TrimSpace(token))
		if !ok {
			s.writeError(c, hub.Errorf(hub.EUnauthorized, "the bearer token is not valid"))
			return
		}
		caller = resource.Caller{Name: name, Clearance: model.Internal}
	}
	c.Set(callerKey, caller)
	c.Next()
}

func callerOf(c *gin.Context) resource.Caller {
	if v, ok := c.Get(callerKey); ok {
		return v.(resource.Caller)
	}
	return resource.Anonymous
}

func (s *Server) recoverer(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler { // a handler gave up on a streamed response on purpose
				panic(r)
			}
			s.log.Error("panic serving request", slog.String("path", c.Request.URL.Path), slog.Any("panic", r))
			s.writeError(c, errors.New("panic"))
		}
	}()
	c.Next()
}

func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	if s.metrics != nil {
		s.metrics.observe(c.Request.Method, route, c.Writer.Status(), time.Since(start))
	}
	s.log.Debug("request", slog.String("method", c.Request.Method), slog.String("path", c.Request.URL.Path),
		slog.Int("status", c.Writer.Status()), slog.Duration("took", time.Since(start)))
}

func (s *Server) healthz(c *gin.Context) {
	if s.Health != nil {
		if err := s.Health(c.Request.Context()); err != nil {
			s.log.Error("health check failed", slog.Any("err", err))
			c.Render(http.StatusServiceUnavailable, jsonRender{contentType: "application/json", value: map[string]string{"status": "unavailable"}})
			return
		}
	}
	c.Header("Cache-Control", "no-store")
	c.Render(http.StatusOK, jsonRender{contentType: "application/json", value: map[string]string{"status": "ok"}})
}
