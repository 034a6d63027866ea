// Package opendata is the open part of this hub's own data: what dumps, the catalogue's counts,
// Triple Pattern Fragments and the change feed may publish to anyone. It adds no visibility rules
// of its own: every description comes from hub/resource as an anonymous caller sees it (open classes
// and properties only, protected identities withheld, never a national identity number), so the
// rules live in one place. Data replicated from peers (graphs under {base}graph/peer/) is not this
// hub's own and is left out.
package opendata

import (
	"context"
	"net/url"
	"sort"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/resource"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/model"
	"github.com/grunddata/grunddata/vocab"
)

// Store is what the package reads of the quad store.
type Store interface {
	Match(ctx context.Context, p store.Pattern, fn func(rdf.Quad) error) error
}

// Resources gives the anonymous view of one resource (hub/resource.Service).
type Resources interface {
	Get(ctx context.Context, classPath, key string, caller resource.Caller) (*resource.Description, error)
	Schema() *model.Schema
}

// Config is what a Source is built from.
type Config struct {
	Store     Store
	Resources Resources
	Base      string // the hub's base URI, ending in "/"
}

// Source reads the hub's open data.
type Source struct {
	store     Store
	resources Resources
	schema    *model.Schema
	base      string
	classes   []*model.Class
}

// New returns a Source.
func New(c Config) *Source {
	s := &Source{store: c.Store, resources: c.Resources, schema: c.Resources.Schema(), base: c.Base}
	for _, cl := range s.schema.Classes {
		if cl.Routable() && cl.Visibility == model.Open {
			s.classes = append(s.classes, cl)
		}
	}
	sort.Slice(s.classes, func(i, j int) bool { return s.classes[i].Name < s.classes[j].Name })
	return s
}

// Base returns the hub's base URI.
func (s *Source) Base() string { return s.base }

// Schema returns the information model.
func (s *Source) Schema() *model.Schema { return s.schema }

// Classes returns the classes whose resources are open and have URIs of their own, by name.
func (s *Source) Classes() []*model.Class { return s.classes }

// PeerGraphPrefix is the start of the IRIs of the graphs that hold data replicated from peers.
func PeerGraphPrefix(base string) string { return base + "graph/peer/" }

// IsPeerGraph tells whether g holds data replicated from a peer of the hub at base.
func IsPeerGraph(base string, g rdf.Context) bool {
	iri, ok := g.(rdf.IRI)
	return ok && strings.HasPrefix(iri.String(), PeerGraphPrefix(base))
}

// ClassOf returns the open class of an IRI of this hub's URI space ({base}id/{class}/{key}) and the
// key, or nil when the IRI is not one.
func (s *Source) ClassOf(iri rdf.IRI) (*model.Class, string) {
	rest, ok := strings.CutPrefix(iri.String(), s.base+"id/")
	if !ok {
		return nil, ""
	}
	path, escaped, ok := strings.Cut(rest, "/")
	if !ok || escaped == "" || strings.Contains(escaped, "/") {
		return nil, ""
	}
	key, err := url.PathUnescape(escaped)
	if err != nil {
		return nil, ""
	}
	c := s.schema.ClassByPath(path)
	if c == nil || !c.Routable() || c.Visibility != model.Open {
		return nil, ""
	}
	return c, key
}

// Describe returns the open description of one resource of this hub, canonically sorted, or nil
// when iri is not an open resource here (unknown, of an internal class, or not in this hub's URI
// space). Nested objects (addresses, contact points …) come with it as blank nodes.
func (s *Source) Describe(ctx context.Context, iri rdf.IRI) ([]rdf.Triple, error) {
	c, key := s.ClassOf(iri)
	if c == nil {
		return nil, nil
	}
	d, err := s.resources.Get(ctx, c.Path, key, resource.Anonymous)
	switch code := hub.ErrorCode(err); code {
	case "":
		return d.Triples, nil
	case hub.ENotFound, hub.EUnauthorized, hub.EForbidden:
		return nil, nil
	default:
		return nil, err
	}
}

// Members returns the IRIs of this hub's resources of class c (not its subclasses: each lives
// under its own path), sorted. Replicated peer data is not included: it never has this hub's URIs.
func (s *Source) Members(ctx context.Context, c *model.Class) ([]rdf.IRI, error) {
	classIRI, err := rdf.NewIRI(c.URI)
	if err != nil {
		return nil, err
	}
	prefix := s.base + "id/" + c.Path + "/"
	seen := map[string]bool{}
	var out []rdf.IRI
	err = s.store.Match(ctx, store.Pattern{P: vocab.RDFType, O: classIRI}, func(q rdf.Quad) error {
		iri, ok := q.Subj.(rdf.IRI)
		if !ok || IsPeerGraph(s.base, q.Ctx) || !strings.HasPrefix(iri.String(), prefix) || seen[iri.String()] {
			return nil
		}
		seen[iri.String()] = true
		out = append(out, iri)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out, err
}

// Each calls fn with every open resource of the given classes and its open description, class by
// class in the order given and by IRI within a class. It stops at the first error fn returns.
func (s *Source) Each(ctx context.Context, classes []*model.Class, fn func(iri rdf.IRI, triples []rdf.Triple) error) error {
	for _, c := range classes {
		members, err := s.Members(ctx, c)
		if err != nil {
			return err
		}
		for _, iri := range members {
			triples, err := s.Describe(ctx, iri)
			if err != nil {
				return err
			}
			if len(triples) == 0 {
				continue
			}
			if err := fn(iri, triples); err != nil {
				return err
			}
		}
	}
	return nil
}

// Root returns the resource whose description holds node: node itself when it is an IRI of this
// hub's open URI space, or, for a blank node, the resource it hangs from (following the links up
// through nested blank nodes). ok is false when there is none.
func (s *Source) Root(ctx context.Context, node rdf.Subject) (iri rdf.IRI, ok bool, err error) {
	seen := map[string]bool{}
	for range 16 { // nesting in the model is a few levels deep; a cycle of blank nodes ends here
		switch n := node.(type) {
		case rdf.IRI:
			c, _ := s.ClassOf(n)
			return n, c != nil, nil
		case rdf.Blank:
			if seen[n.String()] {
				return rdf.IRI{}, false, nil
			}
			seen[n.String()] = true
			var parent rdf.Subject
			err := s.store.Match(ctx, store.Pattern{O: n}, func(q rdf.Quad) error {
				if !IsPeerGraph(s.base, q.Ctx) {
					parent = q.Subj
					return errStop
				}
				return nil
			})
			if err != nil && err != errStop {
				return rdf.IRI{}, false, err
			}
			if parent == nil {
				return rdf.IRI{}, false, nil
			}
			node = parent
		default:
			return rdf.IRI{}, false, nil
		}
	}
	return rdf.IRI{}, false, nil
}

type stopError struct{}

func (stopError) Error() string { return "stop" }

var errStop error = stopError{}

// Touched returns the open resources of this hub that a change of the store touched, sorted: the
// subjects it adds or removes that are such resources, and the resources its nested (blank)
// subjects hang from. A removed nested node that is gone altogether was unlinked by the same
// change, which therefore names its parent too. Quads in peer graphs are not this hub's own.
// Since a resource's open description is made of its own statements and its nested nodes only,
// the open descriptions of all other resources are unchanged.
func (s *Source) Touched(ctx context.Context, ch store.Change) ([]rdf.IRI, error) {
	touched := map[string]rdf.IRI{}
	blanks := map[string]rdf.Blank{}
	for _, list := range [][]rdf.Quad{ch.Added, ch.Removed} {
		for _, q := range list {
			if IsPeerGraph(s.base, q.Ctx) {
				continue
			}
			switch subj := q.Subj.(type) {
			case rdf.IRI:
				if c, _ := s.ClassOf(subj); c != nil {
					touched[subj.String()] = subj
				}
			case rdf.Blank:
				blanks[subj.String()] = subj
			}
		}
	}
	for _, b := range blanks {
		root, ok, err := s.Root(ctx, b)
		if err != nil {
			return nil, err
		}
		if ok {
			touched[root.String()] = root
		}
	}
	out := make([]rdf.IRI, 0, len(touched))
	for _, iri := range touched {
		out = append(out, iri)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out, nil
}
