// Package alias keeps the aliases of merged-away resources: when person B is merged into person A,
// B's URI and customer number stay valid as an alias of A — its URI redirects to A and look-ups by
// it find A. Nothing is deleted: B's source data stays where the sources put it, so an unmerge only
// removes the alias.
//
// Layout: one quad per alias in the named graph {base}graph/alias,
//
//	<{base}id/person/{B}> dct:isReplacedBy <{base}id/person/{A}> .
//
// A survivor that is merged away later forms a chain, which Resolve follows to its end.
package alias

import (
	"context"
	"errors"
	"fmt"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// Store is what the package needs of the quad store.
type Store interface {
	Match(ctx context.Context, p store.Pattern, fn func(rdf.Quad) error) error
	Apply(ctx context.Context, cs store.Changeset) (store.Change, error)
}

// Aliases reads and writes the alias graph.
type Aliases struct {
	st    Store
	graph rdf.IRI
}

// New returns the aliases of the hub at base.
func New(st Store, base string) *Aliases {
	g, err := rdf.NewIRI(base + "graph/alias")
	if err != nil {
		panic(err) // base is validated by the config
	}
	return &Aliases{st: st, graph: g}
}

// Graph is the named graph the aliases live in.
func (a *Aliases) Graph() rdf.IRI { return a.graph }

// maxChain bounds how many merges Resolve follows (a cycle would be a bug; it must not hang).
const maxChain = 32

// ErrCycle is returned when aliases form a cycle.
var ErrCycle = errors.New("alias: the aliases form a cycle")

// Resolve returns the resource that iri stands for now: iri itself when it is no alias (false), or
// the end of its chain of aliases (true).
func (a *Aliases) Resolve(ctx context.Context, iri rdf.IRI) (rdf.IRI, bool, error) {
	cur := iri
	for i := 0; i < maxChain; i++ {
		next, ok, err := a.next(ctx, cur)
		if err != nil {
			return iri, false, err
		}
		if !ok {
			return cur, i > 0, nil
		}
		cur = next
	}
	return iri, false, ErrCycle
}

func (a *Aliases) next(ctx context.Context, iri rdf.IRI) (rdf.IRI, bool, error) {
	var out rdf.IRI
	found := false
	err := a.st.Match(ctx, store.Pattern{S: iri, P: vocab.DCTIsReplacedBy, G: a.graph}, func(q rdf.Quad) error {
		if o, ok := q.Obj.(rdf.IRI); ok {
			out, found = o, true
		}
		return nil
	})
	return out, found, err
}

// Of returns every alias that resolves to survivor, directly or through a chain, in a stable order.
func (a *Aliases) Of(ctx context.Context, survivor rdf.IRI) ([]rdf.IRI, error) {
	var out []rdf.IRI
	queue := []rdf.IRI{survivor}
	seen := map[string]bool{survivor.String(): true}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		err := a.st.Match(ctx, store.Pattern{P: vocab.DCTIsReplacedBy, O: cur, G: a.graph}, func(q rdf.Quad) error {
			s, ok := q.Subj.(rdf.IRI)
			if ok && !seen[s.String()] {
				seen[s.String()] = true
				out = append(out, s)
				queue = append(queue, s)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Direct returns the resource old is directly an alias of, if any.
func (a *Aliases) Direct(ctx context.Context, old rdf.IRI) (rdf.IRI, bool, error) {
	return a.next(ctx, old)
}

// Quad is the alias quad old → survivor, for a caller that writes it with other changes in one
// transaction.
func (a *Aliases) Quad(old, survivor rdf.IRI) rdf.Quad {
	return rdf.Quad{Triple: rdf.Triple{Subj: old, Pred: vocab.DCTIsReplacedBy, Obj: survivor}, Ctx: a.graph}
}

// Check tells whether old may become an alias of survivor: not itself, not already an alias, and
// not a resource that survivor already resolves through (which would make a cycle).
func (a *Aliases) Check(ctx context.Context, old, survivor rdf.IRI) error {
	if old.String() == survivor.String() {
		return fmt.Errorf("%s cannot be merged into itself", old)
	}
	if to, ok, err := a.next(ctx, old); err != nil {
		return err
	} else if ok {
		return fmt.Errorf("%s is already merged into %s", old, to)
	}
	end, _, err := a.Resolve(ctx, survivor)
	if err != nil {
		return err
	}
	if end.String() != survivor.String() {
		return fmt.Errorf("%s is itself merged into %s", survivor, end)
	}
	return nil
}
