// Package ldes publishes the hub's open data as a Linked Data Event Stream (LDES on TREE) at
// {base}ldes: every change to an open resource becomes an immutable version member with its own
// IRI ({base}ldes/version/{n}), dct:isVersionOf the resource and prov:generatedAtTime, carrying the
// resource's whole open description at that moment; a resource that stops being open data (deleted,
// or no longer visible to anyone) gets a version typed as:Delete. The stream declares
// ldes:versionOfPath, ldes:timestampPath and the create/update/delete paths and objects, a retention
// policy (the full log, from the first member on) and tree:shape (the model's SHACL shapes).
//
// # Materialised members
//
// Members are written when changes happen, not derived from the change log on every read. The change
// log holds only what each commit added and removed; a version must carry the resource's complete
// open description as it was, which later commits overwrite, and it must stay byte for byte the
// same for ever (closed pages are cached as immutable by clients and peers). So an indexer (Sync)
// follows the change log: for the changes since its cursor it asks hub/opendata which open resources
// they touched, describes each one as an anonymous caller sees it now, and appends a member when
// that description differs from the last one published (a change to internal data only publishes
// nothing). Members, page boundaries, the per-resource hash of the last version and the cursor are
// store metadata written in one transaction, so after a crash the indexer resumes at its cursor
// with neither gaps nor duplicates. Reading a page is then a prefix scan. The indexer works in slices
// (one flush each) and lets readers in between, so the feed stays responsive behind a large import.
//
// # Pages
//
// Members are numbered 1, 2, 3 …; every member's timestamp is strictly later than the one before
// (a member of the same commit gets the next microsecond). A resource written through the API
// carries a prov:generatedAtTime of its own; its version then has two, and the version's is always
// the later one (readers such as hub/replicate take the greatest value as the member's timestamp). Page k holds PageSize members; it is
// closed once page k+1 has its first member, and a member that opens a page is moved to the next
// millisecond when needed, so every page's time range is disjoint from the others' at millisecond
// precision too (what JavaScript clients read). The root node {base}ldes links to every page with a
// tree:GreaterThanOrEqualToRelation (the page's first timestamp) and, for closed pages, a
// tree:LessThanRelation (the next page's first timestamp) on prov:generatedAtTime. Closed pages are
// leaves that never change (ldes:immutable); only the last page and the root grow.
//
// Only this hub's own open data is published: hub/opendata leaves out internal classes and
// properties, protected identities and the graphs replicated from peers.
package ldes

import (
	"context"
	"sync"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
)

// Store is what the stream reads and writes of the quad store.
type Store interface {
	LastSeq(ctx context.Context) (uint64, error)
	Changes(ctx context.Context, after uint64, fn func(store.Change) error) error
	GetMeta(ctx context.Context, key string) ([]byte, bool, error)
	Apply(ctx context.Context, cs store.Changeset) (store.Change, error) // metadata only
	MetaRange(ctx context.Context, prefix, from string, fn func(key string, value []byte) error) error
}

// Source is the hub's open data (hub/opendata.Source).
type Source interface {
	Base() string
	Touched(ctx context.Context, ch store.Change) ([]rdf.IRI, error)
	Describe(ctx context.Context, iri rdf.IRI) ([]rdf.Triple, error)
}

// Config is what a Stream is built from.
type Config struct {
	Store  Store
	Source Source
	// PageSize is the number of members on a page; 0 = DefaultPageSize. It must not change over the
	// life of a store: closed pages are cached for ever.
	PageSize int
	// Shapes is the IRI of the SHACL shapes the members' resources conform to (tree:shape); ""
	// = {base}model/shapes.ttl.
	Shapes string
	// PollingInterval is what the stream suggests to clients between polls; 0 = 10 s.
	PollingInterval time.Duration
}

// DefaultPageSize is the number of members per page unless configured otherwise.
const DefaultPageSize = 250

// Stream is the event stream of one hub.
type Stream struct {
	store    Store
	source   Source
	base     string
	pageSize int
	shapes   string
	polling  time.Duration

	mu sync.Mutex // serialises Sync, and is held while the root or the open page is read
}

// New returns the stream.
func New(c Config) *Stream {
	s := &Stream{store: c.Store, source: c.Source, base: c.Source.Base(), pageSize: c.PageSize, shapes: c.Shapes, polling: c.PollingInterval}
	if s.pageSize <= 0 {
		s.pageSize = DefaultPageSize
	}
	if s.shapes == "" {
		s.shapes = s.base + "model/shapes.ttl"
	}
	if s.polling <= 0 {
		s.polling = 10 * time.Second
	}
	return s
}

// IRI is the stream's IRI; the document at URL describes it.
func (s *Stream) IRI() rdf.IRI { return rdfio.MustIRI(s.base + "ldes#stream") }

// URL is where the stream's root node is served.
func (s *Stream) URL() string { return s.base + "ldes" }

// PageURL is the IRI of page k (from 1).
func (s *Stream) PageURL(k uint64) string { return s.base + "ldes/page/" + itoa(k) }

// VersionURL is the IRI of member n (from 1).
func (s *Stream) VersionURL(n uint64) string { return s.base + "ldes/version/" + itoa(n) }

// PageSize is the number of members of a closed page.
func (s *Stream) PageSize() int { return s.pageSize }
