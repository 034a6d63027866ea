package sync

import (
	"context"
	"errors"
	"fmt"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// Persons resolves the persons connectors name to person IRIs ({base}id/person/{customer number}):
// the same IRI for the same national identity number, whichever source names it, and for the same
// source key of the same connector. The master-identity work (hub/xref) can replace StorePersons.
type Persons interface {
	Resolve(ctx context.Context, connector string, k connectors.PersonKey) (rdf.IRI, error)
}

// StorePersons is the default Persons over the store: a national identity number already stored
// on a person (in any graph, e.g. the demo data or another connector's records) or already
// resolved names that person; else an earlier resolution of the same source key; else a new
// customer number. Resolutions are remembered in the store's metadata.
type StorePersons struct {
	Store    Store
	Base     string
	Allocate func(ctx context.Context) (string, error)
}

// Resolve implements Persons.
func (p *StorePersons) Resolve(ctx context.Context, connector string, k connectors.PersonKey) (rdf.IRI, error) {
	if k.SourceKey == "" && k.NationalID == "" {
		return rdf.IRI{}, errors.New("sync: a person with neither a source key nor a national identity number")
	}
	nidKey := "persons/nid/" + k.Scheme.String() + "|" + k.NationalID
	srcKey := "persons/src/" + connector + "|" + k.SourceKey
	remember := func(iri rdf.IRI) (rdf.IRI, error) {
		meta := map[string][]byte{}
		if k.NationalID != "" {
			meta[nidKey] = []byte(iri.String())
		}
		if k.SourceKey != "" {
			meta[srcKey] = []byte(iri.String())
		}
		_, err := p.Store.Apply(ctx, store.Changeset{Meta: meta})
		return iri, err
	}
	if k.NationalID != "" {
		if iri, ok, err := p.meta(ctx, nidKey); err != nil || ok {
			if err == nil && k.SourceKey != "" {
				return remember(iri)
			}
			return iri, err
		}
		iri, ok, err := p.stored(ctx, k)
		if err != nil {
			return rdf.IRI{}, err
		}
		if ok {
			return remember(iri)
		}
	}
	if k.SourceKey != "" {
		if iri, ok, err := p.meta(ctx, srcKey); err != nil || ok {
			if err == nil && k.NationalID != "" {
				return remember(iri)
			}
			return iri, err
		}
	}
	if p.Allocate == nil {
		return rdf.IRI{}, errors.New("sync: no customer-number allocator configured")
	}
	n, err := p.Allocate(ctx)
	if err != nil {
		return rdf.IRI{}, fmt.Errorf("sync: allocate a customer number: %w", err)
	}
	iri, err := rdf.NewIRI(p.Base + "id/person/" + n)
	if err != nil {
		return rdf.IRI{}, err
	}
	return remember(iri)
}

func (p *StorePersons) meta(ctx context.Context, key string) (rdf.IRI, bool, error) {
	v, ok, err := p.Store.GetMeta(ctx, key)
	if err != nil || !ok {
		return rdf.IRI{}, false, err
	}
	iri, err := rdf.NewIRI(string(v))
	return iri, err == nil, err
}

// stored finds a person that already carries the identifier: ?p adms:identifier [skos:notation
// number; dct:conformsTo scheme].
func (p *StorePersons) stored(ctx context.Context, k connectors.PersonKey) (rdf.IRI, bool, error) {
	var found rdf.IRI
	var ok bool
	errFound := errors.New("found")
	err := p.Store.Match(ctx, store.Pattern{P: vocab.SKOSNotation, O: rdf.NewTypedLiteral(k.NationalID, vocab.XSDString)}, func(q rdf.Quad) error {
		schemeOK := false
		if err := p.Store.Match(ctx, store.Pattern{S: q.Subj, P: vocab.DCTConformsTo, O: k.Scheme, G: q.Ctx}, func(rdf.Quad) error {
			schemeOK = true
			return nil
		}); err != nil || !schemeOK {
			return err
		}
		node, isObj := q.Subj.(rdf.Object)
		if !isObj {
			return nil
		}
		return p.Store.Match(ctx, store.Pattern{P: vocab.ADMSIdentifierProp, O: node, G: q.Ctx}, func(h rdf.Quad) error {
			if iri, isIRI := h.Subj.(rdf.IRI); isIRI {
				found, ok = iri, true
				return errFound
			}
			return nil
		})
	})
	if err != nil && !errors.Is(err, errFound) {
		return rdf.IRI{}, false, err
	}
	return found, ok, nil
}
