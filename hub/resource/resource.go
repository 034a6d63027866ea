// Package resource reads and writes resource descriptions under the information model's rules: which
// class lives at which URI, who may see which class and property, how keys are made, how a client's
// document is checked before anything is written, and the provenance kept with every manual edit.
// It knows nothing of HTTP; hub/http turns its results into representations.
package resource

import (
	"context"
	"net/url"
	"regexp"
	"sync"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/shacl"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/model"
	"github.com/grunddata/grunddata/vocab"
)

// Store is what the service needs of the quad store.
type Store interface {
	Describe(ctx context.Context, subject rdf.Subject, g rdf.Context) ([]rdf.Quad, error)
	ReplaceDescription(ctx context.Context, g rdf.IRI, subject rdf.Subject, triples []rdf.Triple) (store.Change, error)
	Apply(ctx context.Context, cs store.Changeset) (store.Change, error)
	Match(ctx context.Context, p store.Pattern, fn func(rdf.Quad) error) error
	NextSequence(ctx context.Context, name string) (uint64, error)
}

// DocumentReader turns a client's JSON or JSON-LD document into triples (hub/jsonld).
type DocumentReader interface {
	ToRDF(doc []byte, base string) ([]rdf.Triple, error)
	ContextURL() string
}

// Caller is who asks: the token holder's name (empty for anonymous) and the most restricted
// visibility they may see.
type Caller struct {
	Name      string
	Clearance model.Visibility
}

// Anonymous is a caller without a token: open data only.
var Anonymous = Caller{Clearance: model.Open}

// Service reads and writes resources.
type Service struct {
	store     Store
	schema    *model.Schema
	validator *model.DocumentValidator
	docs      DocumentReader
	shapes    *shacl.Validator
	base      string
	manual    rdf.IRI
	now       func() time.Time
	aliases   Aliases
	golden    rdf.IRI
	after     func(ctx context.Context, iri rdf.IRI) error

	// writeMu serialises writes: a write reads the current description, decides, and replaces it,
	// and no other write may slip in between.
	writeMu sync.Mutex
}

// Config holds what a Service is built from.
type Config struct {
	Store     Store
	Schema    *model.Schema
	Validator *model.DocumentValidator
	Documents DocumentReader
	Shapes    *shacl.Validator // the model's SHACL shapes, checked on every write (nil: not checked)
	Base      string           // the hub's base URI, ending in "/"
	Now       func() time.Time // nil = time.Now
	Aliases   Aliases          // nil: no merged-away resources
	// Golden is the graph of derived golden records (hub/master): a resource that has one is
	// described by it alone. Zero: every resource is what all graphs say.
	Golden rdf.IRI
	// AfterWrite is called after a resource was written or deleted (e.g. to rebuild its golden
	// record); nil: nothing.
	AfterWrite func(ctx context.Context, iri rdf.IRI) error
}

// New returns a Service.
func New(c Config) *Service {
	now := c.Now
	if now == nil {
		now = time.Now
	}
	return &Service{
		store: c.Store, schema: c.Schema, validator: c.Validator, docs: c.Documents, shapes: c.Shapes,
		base: c.Base, manual: rdfio.MustIRI(c.Base + "graph/manual"), now: now, aliases: c.Aliases,
		golden: c.Golden, after: c.AfterWrite,
	}
}

// ManualGraph is the named graph that holds edits made through the API.
func (s *Service) ManualGraph() rdf.IRI { return s.manual }

// Schema returns the information model the service enforces.
func (s *Service) Schema() *model.Schema { return s.schema }

// Description is what a caller may see of one resource.
type Description struct {
	IRI     rdf.IRI
	Class   *model.Class
	Triples []rdf.Triple // canonically sorted, without duplicates across graphs
}

var keyPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$`)

// IRI returns the URI of the resource of the given class and key.
func (s *Service) IRI(c *model.Class, key string) rdf.IRI {
	return rdfio.MustIRI(s.base + "id/" + c.Path + "/" + url.PathEscape(key))
}

// Class resolves a class path segment. It returns ENotFound for unknown classes and for classes that
// only ever appear nested inside others.
func (s *Service) Class(path string) (*model.Class, error) {
	c := s.schema.ClassByPath(path)
	if c == nil || !c.Routable() {
		return nil, hub.Errorf(hub.ENotFound, "there is no class %q", path)
	}
	return c, nil
}

// authorize checks that the caller may read the class at all. Anonymous callers get EUnauthorized
// (they may come back with a token); token holders without clearance get EForbidden. The answer does
// not depend on whether the resource exists, so it does not reveal that.
func authorize(c *model.Class, caller Caller) error {
	if c.Visibility <= caller.Clearance && c.Visibility != model.Protected {
		return nil
	}
	if caller.Name == "" {
		return hub.Errorf(hub.EUnauthorized, "%s data is not open: send a bearer token", c.Name)
	}
	return hub.Errorf(hub.EForbidden, "token %q may not read %s data", caller.Name, c.Name)
}

// Get returns the caller's view of one resource: ENotFound, EUnauthorized or EForbidden; a
// *MovedError when the resource was merged into another.
func (s *Service) Get(ctx context.Context, classPath, key string, caller Caller) (*Description, error) {
	c, err := s.Class(classPath)
	if err != nil {
		return nil, err
	}
	if err := authorize(c, caller); err != nil {
		return nil, err
	}
	if !keyPattern.MatchString(key) {
		return nil, hub.Errorf(hub.ENotFound, "no %s with key %q", c.Name, key)
	}
	iri := s.IRI(c, key)
	if err := s.moved(ctx, iri); err != nil {
		return nil, err
	}
	quads, err := s.describe(ctx, iri)
	if err != nil {
		return nil, err
	}
	triples := dedupe(quads)
	if !hasType(triples, iri, rdfio.MustIRI(c.URI)) {
		return nil, hub.Errorf(hub.ENotFound, "no %s with key %q", c.Name, key)
	}
	return &Description{IRI: iri, Class: c, Triples: s.visible(iri, c, triples, caller)}, nil
}

// dedupe drops the graph and removes triples stated in several graphs; the result is sorted.
func dedupe(quads []rdf.Quad) []rdf.Triple {
	out := make([]rdf.Triple, len(quads))
	for i, q := range quads {
		out[i] = q.Triple
	}
	return rdfio.SortTriples(out)
}

func hasType(ts []rdf.Triple, subject rdf.IRI, class rdf.IRI) bool {
	for _, t := range ts {
		if sameTerm(t.Subj, subject) && sameTerm(t.Pred, vocab.RDFType) && sameTerm(t.Obj, class) {
			return true
		}
	}
	return false
}

func sameTerm(a, b rdf.Term) bool { return rdfio.Equal(a, b) }
