// Package master keeps the master identity of persons: golden records derived from what the
// sources said, merges and unmerges, and the data steward's review queue with its decisions.
//
// # Golden records
//
// Every source keeps its own named graphs (hub/sync's record graphs, the API's manual graph, the
// demo graph). The golden record of a person is derived from them and written to
// {base}graph/golden: for each property, the values of the most trusted source that has the property
// (the configured source priority, national registers first), the most recent among sources of
// equal rank; rdf:type and identifiers are united over all sources. A merged person's golden record
// is built from the sources of the survivor and of every alias. Each value's provenance — which
// graph said it, when, at which priority — is kept as PROV-O qualified derivations of the subject
// {person}#golden in {base}graph/golden-provenance. Blank nodes get labels derived from the person
// and the source's labels, so that building twice writes nothing the second time: the golden graph
// can be dropped and rebuilt from the sources at any time (Rebuild).
//
// # Merge, reject, unmerge
//
// A merge never rewrites a source: it adds the alias <B> dct:isReplacedBy <A> (hub/alias) and
// rebuilds A's golden record (which now includes B's sources) and drops B's. An unmerge removes the
// alias and rebuilds both, which gives back both records and both customer numbers exactly. A
// "not a duplicate" verdict is stored as <A> gd:notDuplicateOf <B>, and the matcher never proposes
// the pair again. Every decision is a gd:StewardDecision (a prov:Activity) in
// {base}graph/stewardship, with who (prov:wasAssociatedWith {base}agent/{token name}), when
// (prov:endedAtTime) and why (rdfs:comment), written in the same transaction as its effect.
//
// # Review queue
//
// Scan runs the matcher (hub/match) over every current person: pairs above the upper threshold
// are merged by the agent {base}agent/matcher; pairs between the thresholds (and every pair with a
// protected person) become gd:ReviewCase resources in {base}graph/stewardship with their score and
// the field-by-field evidence as JSON.
package master

import (
	"context"
	"sync"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/alias"
	"github.com/grunddata/grunddata/hub/match"
	"github.com/grunddata/grunddata/hub/store"
)

// Store is what the package needs of the quad store.
type Store interface {
	Match(ctx context.Context, p store.Pattern, fn func(rdf.Quad) error) error
	Describe(ctx context.Context, subject rdf.Subject, g rdf.Context) ([]rdf.Quad, error)
	Apply(ctx context.Context, cs store.Changeset) (store.Change, error)
	NextSequence(ctx context.Context, name string) (uint64, error)
}

// Config is what a Service is built from.
type Config struct {
	Store Store
	Base  string // the hub's base URI, ending in "/"
	// Sources ranks source names for survivorship, most trusted first (config.SourcePriority).
	Sources []string
	Matcher *match.Matcher   // nil: hub/match's defaults
	Now     func() time.Time // nil: time.Now
}

// Service keeps golden records and stewardship.
type Service struct {
	st      Store
	base    string
	rank    map[string]int
	aliases *alias.Aliases
	matcher *match.Matcher
	now     func() time.Time
	// rebuildMu serialises golden-record writes: a rebuild computes a difference against the
	// stored record and writes it, and no other rebuild of the same person may slip in between.
	rebuildMu sync.Mutex

	golden, provenance, stewardship rdf.IRI
}

// New returns a Service.
func New(c Config) *Service {
	s := &Service{st: c.Store, base: c.Base, rank: map[string]int{}, aliases: alias.New(c.Store, c.Base),
		matcher: c.Matcher, now: c.Now}
	for i, name := range c.Sources {
		if _, ok := s.rank[name]; !ok {
			s.rank[name] = i
		}
	}
	if s.matcher == nil {
		s.matcher = match.NewMatcher(match.Config{})
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.golden = s.iri("graph/golden")
	s.provenance = s.iri("graph/golden-provenance")
	s.stewardship = s.iri("graph/stewardship")
	return s
}

// GoldenGraph is the named graph of the golden records.
func (s *Service) GoldenGraph() rdf.IRI { return s.golden }

// ProvenanceGraph is the named graph of the golden values' provenance.
func (s *Service) ProvenanceGraph() rdf.IRI { return s.provenance }

// StewardshipGraph is the named graph of review cases and decisions.
func (s *Service) StewardshipGraph() rdf.IRI { return s.stewardship }

// Aliases gives the aliases of merged-away persons.
func (s *Service) Aliases() *alias.Aliases { return s.aliases }

// derived tells the graphs this package writes (never a source of a golden record).
func (s *Service) derived(g string) bool {
	return g == s.golden.String() || g == s.provenance.String() || g == s.stewardship.String() ||
		g == s.aliases.Graph().String()
}

func (s *Service) iri(path string) rdf.IRI {
	iri, err := rdf.NewIRI(s.base + path)
	if err != nil {
		panic(err) // the base is validated by the config
	}
	return iri
}

// PersonIRI is the URI of the person with a customer number.
func (s *Service) PersonIRI(number string) rdf.IRI { return s.iri("id/person/" + number) }
