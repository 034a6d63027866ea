// Package fragments answers Triple Pattern Fragments over the hub's open data: for a pattern with
// any of subject, predicate and object bound, the matching open triples a page at a time, their
// exact count, and the hypermedia controls (one hydra:search form with exactly the three mappings
// subject, predicate, object) that let a client such as Comunica find every other fragment and so
// run SPARQL over one hub or several.
//
// The open data is the union of the open descriptions of this hub's resources (hub/opendata), so
// a fragment never holds internal or protected data nor anything replicated from a peer. Blank
// nodes are published as skolem IRIs ({base}.well-known/genid/{label}) so that a client can use
// them in the next pattern, and such an IRI in a pattern is read back as the blank node.
package fragments

import (
	"container/list"
	"context"
	"errors"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/opendata"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/model"
)

// Store is what the package reads of the quad store.
type Store interface {
	Match(ctx context.Context, p store.Pattern, fn func(rdf.Quad) error) error
	LastSeq(ctx context.Context) (uint64, error)
	Changes(ctx context.Context, after uint64, fn func(store.Change) error) error
}

// Config is what Fragments is built from.
type Config struct {
	Source *opendata.Source
	Store  Store
	// PageSize is the number of triples per page; 0 = DefaultPageSize.
	PageSize int
	// CacheSize bounds the patterns whose match lists are kept between requests, counted in
	// resources over all kept lists (a list holds one entry per matching resource); 0 = 1 000 000,
	// about 100 MB.
	CacheSize int
}

// DefaultPageSize is the number of triples on a page unless configured otherwise.
const DefaultPageSize = 100

// Fragments evaluates triple patterns over the open data.
type Fragments struct {
	source   *opendata.Source
	store    Store
	base     string
	pageSize int

	mu       sync.Mutex
	cache    map[string]*list.Element // pattern key -> element holding *matchSet
	lru      *list.List
	capacity int // in resources over all cached match sets
	held     int // resources over all cached match sets
}

// New returns Fragments.
func New(c Config) *Fragments {
	f := &Fragments{source: c.Source, store: c.Store, base: c.Source.Base(), pageSize: c.PageSize,
		cache: map[string]*list.Element{}, lru: list.New(), capacity: c.CacheSize}
	if f.pageSize <= 0 {
		f.pageSize = DefaultPageSize
	}
	if f.capacity <= 0 {
		f.capacity = 1_000_000
	}
	return f
}

// PageSize is the number of triples per page.
func (f *Fragments) PageSize() int { return f.pageSize }

// Pattern is a triple pattern; a nil position is a variable. Blank nodes in it are the hub's own
// (read from skolem IRIs).
type Pattern struct {
	S rdf.Subject
	P rdf.Predicate
	O rdf.Object
}

func (p Pattern) key() string {
	k := func(t rdf.Term) string {
		if t == nil {
			return "?"
		}
		return rdfio.TermString(t)
	}
	return k(p.S) + " " + k(p.P) + " " + k(p.O)
}

func (p Pattern) matches(t rdf.Triple) bool {
	return (p.S == nil || rdfio.Equal(p.S, t.Subj)) &&
		(p.P == nil || rdfio.Equal(p.P, t.Pred)) &&
		(p.O == nil || rdfio.Equal(p.O, t.Obj))
}

// Page is one page of a fragment.
type Page struct {
	Pattern Pattern
	Number  int          // 1-based
	Triples []rdf.Triple // with blank nodes skolemized
	Total   int          // matching open triples on all pages (exact)
	HasNext bool
}

// matchSet is the evaluation of one pattern at one state of the store: the resources whose open
// descriptions hold matching triples, in a stable order, and how many each holds.
type matchSet struct {
	key    string
	seq    uint64
	roots  []rdf.IRI
	counts []int          // matching triples per root; 0 for a root that no longer matches
	pos    map[string]int // root IRI -> index in roots
	total  int
}

func (ms *matchSet) set(root rdf.IRI, n int) {
	if i, ok := ms.pos[root.String()]; ok {
		ms.total += n - ms.counts[i]
		ms.counts[i] = n
		return
	}
	if n == 0 {
		return
	}
	ms.pos[root.String()] = len(ms.roots)
	ms.roots = append(ms.roots, root)
	ms.counts = append(ms.counts, n)
	ms.total += n
}

// maxIncremental is how many changed resources a cached match set is brought up to date for;
// beyond it the pattern is evaluated afresh.
const maxIncremental = 10_000

// Fragment returns page number page (1-based) of the fragment of pattern p. A page past the end
// is empty.
func (f *Fragments) Fragment(ctx context.Context, p Pattern, page int) (*Page, error) {
	ms, err := f.evaluate(ctx, p)
	if err != nil {
		return nil, err
	}
	out := &Page{Pattern: p, Number: page, Total: ms.total}
	offset := (page - 1) * f.pageSize
	if page < 1 || offset >= ms.total {
		return out, nil
	}
	skip := offset
	for i, root := range ms.roots {
		if skip >= ms.counts[i] {
			skip -= ms.counts[i]
			continue
		}
		triples, err := f.source.Describe(ctx, root)
		if err != nil {
			return nil, err
		}
		for _, t := range triples {
			if !p.matches(t) {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			out.Triples = append(out.Triples, f.skolemize(t))
			if len(out.Triples) == f.pageSize {
				out.HasNext = offset+f.pageSize < ms.total
				return out, nil
			}
		}
	}
	return out, nil
}

// evaluate returns the match set of p at the store's current state: from the cache when the store
// has not changed since it was computed, brought up to date from the change log when few resources
// changed, else evaluated afresh.
func (f *Fragments) evaluate(ctx context.Context, p Pattern) (*matchSet, error) {
	seq, err := f.store.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	key := p.key()
	f.mu.Lock()
	var cached *matchSet
	if el, ok := f.cache[key]; ok {
		cached = el.Value.(*matchSet)
		f.lru.MoveToFront(el)
	}
	f.mu.Unlock()
	if cached != nil && cached.seq == seq {
		return cached, nil
	}
	if cached != nil {
		ms, ok, err := f.update(ctx, p, cached, seq)
		if err != nil {
			return nil, err
		}
		if ok {
			f.remember(ms)
			return ms, nil
		}
	}

	roots, err := f.candidates(ctx, p)
	if err != nil {
		return nil, err
	}
	ms := &matchSet{key: key, seq: seq, pos: map[string]int{}}
	for _, root := range roots {
		n, err := f.count(ctx, p, root)
		if err != nil {
			return nil, err
		}
		ms.set(root, n)
	}
	f.remember(ms)
	return ms, nil
}

// count returns how many triples of root's open description match p.
func (f *Fragments) count(ctx context.Context, p Pattern, root rdf.IRI) (int, error) {
	triples, err := f.source.Describe(ctx, root)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, t := range triples {
		if p.matches(t) {
			n++
		}
	}
	return n, nil
}

// update returns a copy of old brought up to date with the changes after it: only the resources
// those changes touched are counted again (no other open description changed). ok is false when
// more than maxIncremental resources changed.
func (f *Fragments) update(ctx context.Context, p Pattern, old *matchSet, seq uint64) (*matchSet, bool, error) {
	touched := map[string]rdf.IRI{}
	err := f.store.Changes(ctx, old.seq, func(ch store.Change) error {
		roots, err := f.source.Touched(ctx, ch)
		if err != nil {
			return err
		}
		for _, r := range roots {
			touched[r.String()] = r
		}
		if len(touched) > maxIncremental {
			return errTooMany
		}
		return nil
	})
	if err == errTooMany {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	ms := &matchSet{key: old.key, seq: seq, roots: slices.Clone(old.roots), counts: slices.Clone(old.counts),
		pos: maps.Clone(old.pos), total: old.total}
	keys := slices.Sorted(maps.Keys(touched))
	for _, k := range keys {
		n, err := f.count(ctx, p, touched[k])
		if err != nil {
			return nil, false, err
		}
		ms.set(touched[k], n)
	}
	return ms, true, nil
}

var errTooMany = errors.New("fragments: too many changes to update incrementally")

// remember caches ms, evicting the least recently used match sets while the cache holds more
// resources than its capacity (a set larger than the capacity is not kept at all).
func (f *Fragments) remember(ms *matchSet) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if el, ok := f.cache[ms.key]; ok {
		f.held -= len(el.Value.(*matchSet).roots)
		f.lru.Remove(el)
		delete(f.cache, ms.key)
	}
	if len(ms.roots) > f.capacity {
		return
	}
	f.cache[ms.key] = f.lru.PushFront(ms)
	f.held += len(ms.roots)
	for f.held > f.capacity {
		last := f.lru.Back()
		old := last.Value.(*matchSet)
		f.held -= len(old.roots)
		delete(f.cache, old.key)
		f.lru.Remove(last)
	}
}

// candidates lists, without duplicates and in a stable order, the open resources whose
// descriptions may hold triples matching p: the resource a bound subject belongs to; else the
// resources of the subjects of the stored quads matching p; else (nothing bound) all of them.
func (f *Fragments) candidates(ctx context.Context, p Pattern) ([]rdf.IRI, error) {
	if p.S != nil {
		root, ok, err := f.source.Root(ctx, p.S)
		if err != nil || !ok {
			return nil, err
		}
		return []rdf.IRI{root}, nil
	}
	if p.P == nil && p.O == nil {
		var out []rdf.IRI
		for _, c := range f.source.Classes() {
			members, err := f.source.Members(ctx, c)
			if err != nil {
				return nil, err
			}
			out = append(out, members...)
		}
		return out, nil
	}
	seen := map[string]bool{}
	var out []rdf.IRI
	err := f.store.Match(ctx, store.Pattern{P: p.P, O: p.O}, func(q rdf.Quad) error {
		if opendata.IsPeerGraph(f.base, q.Ctx) {
			return nil
		}
		var root rdf.IRI
		switch s := q.Subj.(type) {
		case rdf.IRI:
			if c, _ := f.source.ClassOf(s); c == nil {
				return nil
			}
			root = s
		case rdf.Blank:
			if seen["_:"+s.String()] {
				return nil
			}
			seen["_:"+s.String()] = true
			r, ok, err := f.source.Root(ctx, s)
			if err != nil || !ok {
				return err
			}
			root = r
		default:
			return nil
		}
		if !seen[root.String()] {
			seen[root.String()] = true
			out = append(out, root)
		}
		return nil
	})
	return out, err
}

// Classes returns the open classes (for documentation pages and tests).
func (f *Fragments) Classes() []*model.Class { return f.source.Classes() }

// SkolemPrefix is the start of the skolem IRIs that stand for the hub's blank nodes.
func (f *Fragments) SkolemPrefix() string { return f.base + ".well-known/genid/" }

func (f *Fragments) skolemize(t rdf.Triple) rdf.Triple {
	if b, ok := t.Subj.(rdf.Blank); ok {
		t.Subj = f.skolem(b)
	}
	if b, ok := t.Obj.(rdf.Blank); ok {
		t.Obj = f.skolem(b)
	}
	return t
}

func (f *Fragments) skolem(b rdf.Blank) rdf.IRI {
	iri, err := rdf.NewIRI(f.SkolemPrefix() + url.PathEscape(strings.TrimPrefix(b.String(), "_:")))
	if err != nil {
		panic(err) // an escaped label under the validated base is always an IRI
	}
	return iri
}

// unskolem reads a skolem IRI of this hub back as its blank node.
func (f *Fragments) unskolem(iri rdf.IRI) (rdf.Blank, bool) {
	rest, ok := strings.CutPrefix(iri.String(), f.SkolemPrefix())
	if !ok || rest == "" {
		return rdf.Blank{}, false
	}
	label, err := url.PathUnescape(rest)
	if err != nil {
		return rdf.Blank{}, false
	}
	b, err := rdf.NewBlank(label)
	return b, err == nil
}
