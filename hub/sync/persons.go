package sync

import (
	"context"
	"errors"
	"fmt"
	stdsync "sync"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// Persons resolves the persons connectors name to person IRIs ({base}id/person/{customer number}):
// the same IRI for the same national identity number, whichever source names it, and for the same
// source key of the same connector. Resolve also returns metadata to store with the record that
// names the person (the resolution, so that it holds across restarts); the runner writes it in the
// record's transaction. The master-identity work (hub/xref, hub/alias) can wrap StorePersons.
type Persons interface {
	Resolve(ctx context.Context, connector string, k connectors.PersonKey) (rdf.IRI, map[string][]byte, error)
}

// PersonsStored is implemented by a Persons that remembers its resolutions in memory, as
// StorePersons does: the runner calls Stored with the metadata of every batch it has written, so
// that a resolution's metadata is returned again until it is stored. A batch that fails to be
// written would otherwise lose it while the memory keeps the resolution.
type PersonsStored interface {
	Stored(meta map[string][]byte)
}

// StorePersons is the default Persons over the store: a national identity number already stored
// on a person (in any graph, e.g. the demo data or another connector's records) or already
// resolved names that person; else an earlier resolution of the same source key; else a new
// customer number. Resolutions are remembered in the store's metadata and, for the life of the
// process, in memory, so that two connectors running at once agree before either has written.
type StorePersons struct {
	Store    Store
	Base     string
	Allocate func(ctx context.Context) (string, error)

	mu    stdsync.Mutex
	known map[string]resolution // metadata key → person, for resolutions made or read by this process
}

type resolution struct {
	iri    rdf.IRI
	stored bool // known to be in the store's metadata
}

// Stored implements PersonsStored.
func (p *StorePersons) Stored(meta map[string][]byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for k, v := range meta {
		if r, ok := p.known[k]; ok && !r.stored && r.iri.String() == string(v) {
			p.known[k] = resolution{iri: r.iri, stored: true}
		}
	}
}

// Resolve implements Persons.
func (p *StorePersons) Resolve(ctx context.Context, connector string, k connectors.PersonKey) (rdf.IRI, map[string][]byte, error) {
	if k.SourceKey == "" && k.NationalID == "" {
		return rdf.IRI{}, nil, errors.New("sync: a person with neither a source key nor a national identity number")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.known == nil {
		p.known = map[string]resolution{}
	}
	nidKey := nidMetaKey(k)
	srcKey := srcMetaKey(connector, k)
	remember := func(iri rdf.IRI) (rdf.IRI, map[string][]byte, error) {
		meta := map[string][]byte{}
		for _, key := range []string{nidKey, srcKey} {
			if key == nidKey && k.NationalID == "" || key == srcKey && k.SourceKey == "" {
				continue
			}
			// Stored with the record, unless known to be stored already (a record naming the
			// person again before its batch is written stores it again, which is harmless).
			if old, ok := p.known[key]; !ok || old.iri != iri || !old.stored {
				p.known[key] = resolution{iri: iri}
				meta[key] = []byte(iri.String())
			}
		}
		return iri, meta, nil
	}
	lookup := func(key string) (rdf.IRI, bool, error) {
		if r, ok := p.known[key]; ok {
			return r.iri, true, nil
		}
		iri, ok, err := p.meta(ctx, key)
		if ok {
			p.known[key] = resolution{iri: iri, stored: true}
		}
		return iri, ok, err
	}
	if k.NationalID != "" {
		if iri, ok, err := lookup(nidKey); err != nil || ok {
			if err != nil {
				return rdf.IRI{}, nil, err
			}
			return remember(iri)
		}
		iri, ok, err := p.stored(ctx, k)
		if err != nil {
			return rdf.IRI{}, nil, err
		}
		if ok {
			return remember(iri)
		}
	}
	if k.SourceKey != "" {
		if iri, ok, err := lookup(srcKey); err != nil || ok {
			if err != nil {
				return rdf.IRI{}, nil, err
			}
			return remember(iri)
		}
	}
	if p.Allocate == nil {
		return rdf.IRI{}, nil, errors.New("sync: no customer-number allocator configured")
	}
	n, err := p.Allocate(ctx)
	if err != nil {
		return rdf.IRI{}, nil, fmt.Errorf("sync: allocate a customer number: %w", err)
	}
	iri, err := rdf.NewIRI(p.Base + "id/person/" + n)
	if err != nil {
		return rdf.IRI{}, nil, err
	}
	return remember(iri)
}

// nidMetaKey and srcMetaKey are the metadata keys of a person's resolution by national identity
// number and by source key.
func nidMetaKey(k connectors.PersonKey) string {
	return "persons/nid/" + k.Scheme.String() + "|" + k.NationalID
}

func srcMetaKey(connector string, k connectors.PersonKey) string {
	return "persons/src/" + connector + "|" + k.SourceKey
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
