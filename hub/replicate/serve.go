package replicate

import (
	"context"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/opendata"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// Graphs is what serving replicated data reads of the store.
type Graphs interface {
	Match(ctx context.Context, p store.Pattern, fn func(rdf.Quad) error) error
	Graphs(ctx context.Context) ([]rdf.IRI, error)
}

// Replicas serves the data replicated from peers: each peer graph dereferences to its content, with
// where it came from.
type Replicas struct {
	Store Graphs
	Base  string
}

// provenance returns the peer graph -> stream links, from the replication graph.
func (rs Replicas) provenance(ctx context.Context, g rdf.Subject) ([]rdf.Triple, error) {
	var out []rdf.Triple
	err := rs.Store.Match(ctx, store.Pattern{S: g, P: vocab.ProvWasDerivedFrom, G: rdfio.MustIRI(rs.Base + "graph/replication")}, func(q rdf.Quad) error {
		out = append(out, q.Triple)
		return nil
	})
	return out, err
}

// Peers lists the peer graphs of this hub, each with the stream it is derived from.
func (rs Replicas) Peers(ctx context.Context) ([]rdf.Triple, error) {
	graphs, err := rs.Store.Graphs(ctx)
	if err != nil {
		return nil, err
	}
	list := rdfio.MustIRI(opendata.PeerGraphPrefix(rs.Base))
	out := []rdf.Triple{{Subj: list, Pred: vocab.RDFType, Obj: vocab.HydraCollection}}
	for _, g := range graphs {
		if !opendata.IsPeerGraph(rs.Base, g) {
			continue
		}
		out = append(out, rdf.Triple{Subj: list, Pred: vocab.HydraMember, Obj: g})
		prov, err := rs.provenance(ctx, g)
		if err != nil {
			return nil, err
		}
		out = append(out, prov...)
	}
	return out, nil
}

// Graph returns the content of the peer graph {base}graph/peer/{name} and its provenance;
// ENotFound when no such graph holds data.
func (rs Replicas) Graph(ctx context.Context, name string) ([]rdf.Triple, error) {
	name = strings.TrimPrefix(name, "/")
	g, err := rdf.NewIRI(opendata.PeerGraphPrefix(rs.Base) + name)
	if err != nil || name == "" {
		return nil, hub.Errorf(hub.ENotFound, "no replicated graph %q", name)
	}
	var out []rdf.Triple
	if err := rs.Store.Match(ctx, store.Pattern{G: g}, func(q rdf.Quad) error {
		out = append(out, q.Triple)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, hub.Errorf(hub.ENotFound, "no data replicated into %s", g)
	}
	prov, err := rs.provenance(ctx, g)
	return append(out, prov...), err
}
