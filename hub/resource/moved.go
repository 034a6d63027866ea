package resource

import (
	"context"

	"github.com/knakk/rdf"
)

// Aliases resolves the URI of a merged-away resource to its survivor (hub/alias).
type Aliases interface {
	Resolve(ctx context.Context, iri rdf.IRI) (rdf.IRI, bool, error)
}

// MovedError says that a resource was merged into another: its URI is an alias of To. hub/http
// answers it with 308 Permanent Redirect.
type MovedError struct {
	From, To rdf.IRI
}

func (e *MovedError) Error() string { return e.From.String() + " was merged into " + e.To.String() }

// moved returns a *MovedError when iri is an alias, nil otherwise.
func (s *Service) moved(ctx context.Context, iri rdf.IRI) error {
	if s.aliases == nil {
		return nil
	}
	to, ok, err := s.aliases.Resolve(ctx, iri)
	if err != nil {
		return err
	}
	if ok {
		return &MovedError{From: iri, To: to}
	}
	return nil
}

// withoutAliases drops the merged-away resources from a list of members: a collection lists each
// resource once, under its surviving URI.
func (s *Service) withoutAliases(ctx context.Context, members []rdf.IRI) ([]rdf.IRI, error) {
	if s.aliases == nil {
		return members, nil
	}
	kept := members[:0]
	for _, m := range members {
		_, isAlias, err := s.aliases.Resolve(ctx, m)
		if err != nil {
			return nil, err
		}
		if !isAlias {
			kept = append(kept, m)
		}
	}
	return kept, nil
}

// describe returns the golden record of iri when there is one, else what all graphs say.
func (s *Service) describe(ctx context.Context, iri rdf.IRI) ([]rdf.Quad, error) {
	if s.golden != (rdf.IRI{}) {
		quads, err := s.store.Describe(ctx, iri, s.golden)
		if err != nil || len(quads) > 0 {
			return quads, err
		}
	}
	return s.store.Describe(ctx, iri, nil)
}

func (s *Service) afterWrite(ctx context.Context, iri rdf.IRI) error {
	if s.after == nil {
		return nil
	}
	return s.after(ctx, iri)
}
