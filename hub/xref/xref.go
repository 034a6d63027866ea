// Package xref answers the cross-reference between the hub's customer numbers and the keys the
// source systems use: which person a (source system, record key) is, and which source records a
// person has. It keeps no data of its own: it reads hub/sync's layout, where each source record has
// the named graph {base}graph/source/{connector}/{key} (key path-escaped) holding what the record
// says about the person, and its fetch time (prov:generatedAtTime) in {base}graph/source/{connector};
// and the source's own person keys hub/sync resolved (metadata persons/src/{connector}|{key}).
// Merged-away persons are followed to their survivor (hub/alias), and a survivor's records include
// those of its aliases.
package xref

import (
	"context"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/alias"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// Store is what the package reads of the quad store.
type Store interface {
	Match(ctx context.Context, p store.Pattern, fn func(rdf.Quad) error) error
	Apply(ctx context.Context, cs store.Changeset) (store.Change, error)
	GetMeta(ctx context.Context, key string) ([]byte, bool, error)
	ListMeta(ctx context.Context, prefix string, fn func(key string, value []byte) error) error
}

// Ref is one key a source has for a person: a record that describes it (Kind "record"), or the
// source's own key for the person (Kind "person", e.g. an SS 12000 person id).
type Ref struct {
	Kind    string    `json:"kind"`
	Source  string    `json:"source"`          // the connector's name
	Key     string    `json:"key"`             // the key in the source
	Graph   string    `json:"graph,omitempty"` // a record's named graph
	Person  string    `json:"person"`          // the person the record describes (maybe an alias)
	Fetched time.Time `json:"fetched,omitzero"`
}

// Index answers cross-reference look-ups.
type Index struct {
	st      Store
	base    string
	aliases *alias.Aliases
}

// New returns the index of the hub at base.
func New(st Store, base string) *Index {
	return &Index{st: st, base: base, aliases: alias.New(st, base)}
}

func (x *Index) prefix() string { return x.base + "graph/source/" }

// RecordGraph is the named graph of a source record.
func (x *Index) RecordGraph(source, key string) (rdf.IRI, error) {
	return rdf.NewIRI(x.prefix() + url.PathEscape(source) + "/" + url.PathEscape(key))
}

// parse splits a record graph IRI into source and key; ok is false for other graphs.
func (x *Index) parse(g string) (source, key string, ok bool) {
	rest, ok := strings.CutPrefix(g, x.prefix())
	if !ok {
		return "", "", false
	}
	s, k, ok := strings.Cut(rest, "/")
	if !ok {
		return "", "", false
	}
	source, err1 := url.PathUnescape(s)
	key, err2 := url.PathUnescape(k)
	return source, key, err1 == nil && err2 == nil && key != ""
}

// Lookup returns the person a source knows by key, followed to its survivor if it was merged away:
// key is a record key (the record's graph describes the person) or the source's own key for the
// person (what hub/sync resolved it to: metadata persons/src/{connector}|{key}); ok is false when
// neither is known.
func (x *Index) Lookup(ctx context.Context, source, key string) (person rdf.IRI, ok bool, err error) {
	p, ok, err := x.byRecord(ctx, source, key)
	if err != nil || !ok {
		if p, ok, err = x.bySourceKey(ctx, source, key); err != nil || !ok {
			return rdf.IRI{}, false, err
		}
	}
	survivor, _, err := x.aliases.Resolve(ctx, p)
	return survivor, err == nil, err
}

func (x *Index) bySourceKey(ctx context.Context, source, key string) (rdf.IRI, bool, error) {
	v, ok, err := x.st.GetMeta(ctx, "persons/src/"+source+"|"+key)
	if err != nil || !ok {
		return rdf.IRI{}, false, err
	}
	iri, err := rdf.NewIRI(string(v))
	return iri, err == nil, nil
}

func (x *Index) byRecord(ctx context.Context, source, key string) (rdf.IRI, bool, error) {
	g, err := x.RecordGraph(source, key)
	if err != nil {
		return rdf.IRI{}, false, nil
	}
	prefix := x.base + "id/person/"
	var found []string
	err = x.st.Match(ctx, store.Pattern{P: vocab.RDFType, O: vocab.PersonPerson, G: g}, func(q rdf.Quad) error {
		if s, isIRI := q.Subj.(rdf.IRI); isIRI && strings.HasPrefix(s.String(), prefix) {
			found = append(found, s.String())
		}
		return nil
	})
	if err != nil || len(found) == 0 {
		return rdf.IRI{}, false, err
	}
	sort.Strings(found)
	p, err := rdf.NewIRI(found[0])
	return p, err == nil, err
}

// Refs returns the source records of a person and of every alias merged into it, by source and
// key.
func (x *Index) Refs(ctx context.Context, person rdf.IRI) ([]Ref, error) {
	members, err := x.aliases.Of(ctx, person)
	if err != nil {
		return nil, err
	}
	members = append([]rdf.IRI{person}, members...)
	var out []Ref
	seen := map[string]bool{}
	for _, m := range members {
		err := x.st.Match(ctx, store.Pattern{S: m}, func(q rdf.Quad) error {
			g, ok := q.Ctx.(rdf.IRI)
			if !ok || seen[g.String()] {
				return nil
			}
			source, key, ok := x.parse(g.String())
			if !ok {
				return nil
			}
			seen[g.String()] = true
			out = append(out, Ref{Kind: "record", Source: source, Key: key, Graph: g.String(), Person: m.String()})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for i := range out {
		g, _ := rdf.NewIRI(out[i].Graph)
		err := x.st.Match(ctx, store.Pattern{S: g, P: vocab.ProvGeneratedAtTime}, func(q rdf.Quad) error {
			if l, ok := q.Obj.(rdf.Literal); ok {
				if t, err := time.Parse(time.RFC3339Nano, l.String()); err == nil && t.After(out[i].Fetched) {
					out[i].Fetched = t
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	// The sources' own person keys: hub/sync's resolutions that name one of the members.
	want := map[string]string{}
	for _, m := range members {
		want[m.String()] = m.String()
	}
	err = x.st.ListMeta(ctx, "persons/src/", func(k string, v []byte) error {
		if p, ok := want[string(v)]; ok {
			source, key, _ := strings.Cut(strings.TrimPrefix(k, "persons/src/"), "|")
			out = append(out, Ref{Kind: "person", Source: source, Key: key, Person: p})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind > out[j].Kind
		}
		if out[i].Source != out[j].Source {
			return out[i].Source < out[j].Source
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}
