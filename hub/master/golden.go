package master

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// source is one named graph that says something about a person (or one of its aliases).
type source struct {
	graph rdf.IRI
	name  string // connector name, "manual", "demo" or the graph IRI
	rank  int
	time  time.Time // when the source last said it; zero when unknown
	// root holds the triples about the person (the alias's IRI already replaced by the
	// survivor's); nodes the triples of the blank nodes they reach, by blank node label.
	root  []rdf.Triple
	nodes map[string][]rdf.Triple
}

// better tells whether a is preferred to b: lower rank, then more recent, then the graph IRI (so
// that the choice never depends on map order).
func (a *source) better(b *source) bool {
	if a.rank != b.rank {
		return a.rank < b.rank
	}
	if !a.time.Equal(b.time) {
		return a.time.After(b.time)
	}
	return a.graph.String() < b.graph.String()
}

// sourceName names a graph for the priority list.
func (s *Service) sourceName(g string) string {
	rest, ok := strings.CutPrefix(g, s.base+"graph/")
	if !ok {
		return g
	}
	if c, ok := strings.CutPrefix(rest, "source/"); ok {
		name, _, _ := strings.Cut(c, "/")
		return name
	}
	if rest == "manual" || rest == "demo" {
		return rest
	}
	return g
}

func (s *Service) rankOf(name string) int {
	if r, ok := s.rank[name]; ok {
		return r
	}
	return len(s.rank)
}

// united are the properties whose values are united over all sources rather than taken from the
// best one: what kind of thing the person is, every identifier any source knows, and every source
// record it was derived from.
var united = map[string]bool{vocab.RDFType.String(): true, vocab.ADMSIdentifierProp.String(): true,
	vocab.ProvWasDerivedFrom.String(): true}

// skipped are source statements the golden record sets itself: the customer number is the
// survivor's.
var skipped = map[string]bool{vocab.GDCustomerNumber.String(): true}

// sources collects the source graphs of person and its aliases.
func (s *Service) sources(ctx context.Context, person rdf.IRI, members []rdf.IRI) ([]*source, error) {
	byGraph := map[string]*source{}
	var order []string
	for _, m := range members {
		quads, err := s.st.Describe(ctx, m, nil)
		if err != nil {
			return nil, err
		}
		for _, q := range quads {
			g, ok := q.Ctx.(rdf.IRI)
			if !ok || s.derived(g.String()) {
				continue
			}
			src := byGraph[g.String()]
			if src == nil {
				name := s.sourceName(g.String())
				src = &source{graph: g, name: name, rank: s.rankOf(name), nodes: map[string][]rdf.Triple{}}
				byGraph[g.String()] = src
				order = append(order, g.String())
			}
			t := q.Triple
			if rdfio.Equal(t.Subj, m) {
				t.Subj = person
				if rdfio.Equal(t.Pred, vocab.ProvGeneratedAtTime) {
					src.time = latest(src.time, t.Obj) // a manual edit's time
				}
				if skipped[t.Pred.String()] {
					continue
				}
				if rdfio.Equal(t.Obj, m) {
					t.Obj = person
				}
				src.root = append(src.root, t)
			} else if b, ok := t.Subj.(rdf.Blank); ok {
				src.nodes[b.String()] = append(src.nodes[b.String()], t)
			}
		}
	}
	out := make([]*source, 0, len(order))
	for _, g := range order {
		src := byGraph[g]
		if err := s.recordTime(ctx, src); err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].better(out[j]) })
	return out, nil
}

// recordTime reads when the source said it: the record graph's dct:modified (the source's own
// time) or prov:generatedAtTime (when the hub fetched it), from hub/sync's provenance.
func (s *Service) recordTime(ctx context.Context, src *source) error {
	var modified, fetched time.Time
	err := s.st.Match(ctx, store.Pattern{S: src.graph}, func(q rdf.Quad) error {
		switch q.Pred.String() {
		case vocab.DCTModified.String():
			modified = latest(modified, q.Obj)
		case vocab.ProvGeneratedAtTime.String():
			fetched = latest(fetched, q.Obj)
		}
		return nil
	})
	switch {
	case !modified.IsZero():
		src.time = modified
	case fetched.After(src.time):
		src.time = fetched
	}
	return err
}

func latest(cur time.Time, o rdf.Object) time.Time {
	l, ok := o.(rdf.Literal)
	if !ok {
		return cur
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, l.String()); err == nil {
			if t.After(cur) {
				return t
			}
			return cur
		}
	}
	return cur
}

// value is one chosen value of a property with where it came from.
type value struct {
	pred rdf.IRI
	obj  rdf.Object
	src  *source
}

// build derives the golden description of person (with its aliases members) and the provenance of
// each value. No sources: nil, nil (the person has no golden record).
func (s *Service) build(ctx context.Context, person rdf.IRI, key string, members []rdf.IRI) (golden, prov []rdf.Triple, err error) {
	srcs, err := s.sources(ctx, person, members)
	if err != nil || len(srcs) == 0 {
		return nil, nil, err
	}
	// The best source for each property, in the order the sources rank.
	best := map[string]*source{}
	// A protection any source reports wins over every source that reports none: a protected
	// person's address must never leave the hub because a less careful source ranks higher.
	if src := protectingSource(srcs); src != nil {
		best[vocab.GDProtectionLevel.String()] = src
	}
	var values []value
	seen := map[string]bool{}
	for _, src := range srcs {
		for _, t := range src.root {
			p := t.Pred.String()
			if !united[p] {
				if b, ok := best[p]; ok && b != src {
					continue
				}
				best[p] = src
			}
			k := p + " " + canonical(src, t.Obj)
			if seen[k] {
				continue
			}
			seen[k] = true
			values = append(values, value{pred: t.Pred.(rdf.IRI), obj: t.Obj, src: src})
		}
	}
	if !hasType(values) {
		return nil, nil, nil
	}
	customer, _ := rdf.NewLiteral(key)
	golden = append(golden, rdf.Triple{Subj: person, Pred: vocab.GDCustomerNumber, Obj: customer})
	for _, m := range members {
		if m != person {
			golden = append(golden, rdf.Triple{Subj: person, Pred: vocab.DCTReplaces, Obj: m})
		}
	}
	entity := s.iri(strings.TrimPrefix(person.String(), s.base) + "#golden")
	prov = append(prov, rdf.Triple{Subj: entity, Pred: vocab.RDFType, Obj: vocab.ProvEntity},
		rdf.Triple{Subj: entity, Pred: vocab.ProvWasDerivedFrom, Obj: person})
	used := map[string]bool{}
	for _, v := range values {
		obj := v.obj
		if b, ok := v.obj.(rdf.Blank); ok {
			obj = copyNode(person, v.src, b, &golden, map[string]bool{})
		}
		golden = append(golden, rdf.Triple{Subj: person, Pred: v.pred, Obj: obj})
		if !used[v.src.graph.String()] {
			used[v.src.graph.String()] = true
			prov = append(prov, rdf.Triple{Subj: entity, Pred: vocab.ProvWasDerivedFrom, Obj: v.src.graph})
		}
		d := blank("d", person.String(), v.pred.String(), canonical(v.src, v.obj))
		prov = append(prov,
			rdf.Triple{Subj: entity, Pred: vocab.ProvQualifiedDerivation, Obj: d},
			rdf.Triple{Subj: d, Pred: vocab.RDFType, Obj: vocab.ProvDerivation},
			rdf.Triple{Subj: d, Pred: vocab.ProvEntityProp, Obj: v.src.graph},
			rdf.Triple{Subj: d, Pred: vocab.RDFPredicate, Obj: v.pred},
			rdf.Triple{Subj: d, Pred: vocab.GDSourcePriority, Obj: rdf.NewTypedLiteral(strconv.Itoa(v.src.rank), vocab.XSDInteger)})
		if _, isBlank := obj.(rdf.Blank); !isBlank {
			prov = append(prov, rdf.Triple{Subj: d, Pred: vocab.RDFObject, Obj: obj})
		}
		if !v.src.time.IsZero() {
			prov = append(prov, rdf.Triple{Subj: d, Pred: vocab.ProvAtTime,
				Obj: rdf.NewTypedLiteral(v.src.time.UTC().Format(time.RFC3339Nano), vocab.XSDDateTime)})
		}
	}
	return rdfio.SortTriples(golden), rdfio.SortTriples(prov), nil
}

// protectingSource is the best-ranked source that gives the person a protection level other than
// unprotected, or nil.
func protectingSource(srcs []*source) *source {
	for _, src := range srcs {
		for _, t := range src.root {
			if rdfio.Equal(t.Pred, vocab.GDProtectionLevel) && !rdfio.Equal(t.Obj, vocab.GDUnprotected) {
				return src
			}
		}
	}
	return nil
}

func hasType(vs []value) bool {
	for _, v := range vs {
		if rdfio.Equal(v.pred, vocab.RDFType) {
			return true
		}
	}
	return false
}

// copyNode copies the blank node b of src (and the blank nodes it reaches) into out under labels
// derived from the person, the source graph and the source's label, and returns b's new label.
func copyNode(person rdf.IRI, src *source, b rdf.Blank, out *[]rdf.Triple, visiting map[string]bool) rdf.Blank {
	nb := blank("g", person.String(), src.graph.String(), b.String())
	if visiting[b.String()] {
		return nb
	}
	visiting[b.String()] = true
	for _, t := range src.nodes[b.String()] {
		obj := t.Obj
		if ob, ok := t.Obj.(rdf.Blank); ok {
			obj = copyNode(person, src, ob, out, visiting)
		}
		*out = append(*out, rdf.Triple{Subj: nb, Pred: t.Pred, Obj: obj})
	}
	return nb
}

// canonical is a value's identity for de-duplication: a term, or a blank node's content.
func canonical(src *source, o rdf.Object) string {
	b, ok := o.(rdf.Blank)
	if !ok {
		return rdfio.TermString(o)
	}
	var parts []string
	for _, t := range src.nodes[b.String()] {
		if _, nested := t.Obj.(rdf.Blank); nested {
			parts = append(parts, rdfio.TermString(t.Pred)+" []")
			continue
		}
		parts = append(parts, rdfio.TermString(t.Pred)+" "+rdfio.TermString(t.Obj))
	}
	sort.Strings(parts)
	return "[" + strings.Join(parts, "; ") + "]"
}

func blank(prefix string, parts ...string) rdf.Blank {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	b, _ := rdf.NewBlank(prefix + hex.EncodeToString(h[:10]))
	return b
}

// goldenChanges returns the changeset that makes the stored golden record and provenance of
// person what build derives; aliases' golden records are removed.
func (s *Service) goldenChanges(ctx context.Context, person rdf.IRI) (store.Changeset, error) {
	members, err := s.aliases.Of(ctx, person)
	if err != nil {
		return store.Changeset{}, err
	}
	members = append([]rdf.IRI{person}, members...)
	key := person.String()[strings.LastIndex(person.String(), "/")+1:]
	golden, prov, err := s.build(ctx, person, key, members)
	if err != nil {
		return store.Changeset{}, err
	}
	var cs store.Changeset
	for _, m := range members {
		if err := s.diff(ctx, &cs, m, s.golden, golden, m == person); err != nil {
			return cs, err
		}
		entity := s.iri(strings.TrimPrefix(m.String(), s.base) + "#golden")
		if err := s.diff(ctx, &cs, entity, s.provenance, prov, m == person); err != nil {
			return cs, err
		}
	}
	return cs, nil
}

// diff adds to cs what turns the description of subject in g into want (or into nothing when keep
// is false).
func (s *Service) diff(ctx context.Context, cs *store.Changeset, subject rdf.IRI, g rdf.IRI, want []rdf.Triple, keep bool) error {
	old, err := s.st.Describe(ctx, subject, g)
	if err != nil {
		return err
	}
	wanted := map[string]bool{}
	if keep {
		for _, t := range want {
			wanted[rdfio.TripleString(t)] = true
		}
	}
	have := map[string]bool{}
	for _, q := range old {
		k := rdfio.TripleString(q.Triple)
		have[k] = true
		if !wanted[k] {
			cs.Remove = append(cs.Remove, q)
		}
	}
	if keep {
		for _, t := range want {
			if !have[rdfio.TripleString(t)] {
				cs.Add = append(cs.Add, rdf.Quad{Triple: t, Ctx: g})
			}
		}
	}
	return nil
}

// RebuildPerson derives the golden record of one person (following an alias to its survivor) and
// stores only what changed. It returns how many quads were written or removed.
func (s *Service) RebuildPerson(ctx context.Context, person rdf.IRI) (int, error) {
	survivor, _, err := s.aliases.Resolve(ctx, person)
	if err != nil {
		return 0, err
	}
	cs, err := s.goldenChanges(ctx, survivor)
	if err != nil {
		return 0, err
	}
	if len(cs.Add)+len(cs.Remove) == 0 {
		return 0, nil
	}
	_, err = s.st.Apply(ctx, cs)
	return len(cs.Add) + len(cs.Remove), err
}

// RebuildStats says what Rebuild did.
type RebuildStats struct {
	Persons int // golden records derived
	Changed int // quads written or removed
}

// Rebuild derives every person's golden record from the sources, writing only the differences: a
// second Rebuild without new source data changes nothing. Golden records of persons that no source
// mentions any more are removed. The changes are written in batches (persons are independent, so
// a batch's diffs, computed before it is written, stay right). progress (may be nil) is called
// after each person.
func (s *Service) Rebuild(ctx context.Context, progress func(done, total int)) (RebuildStats, error) {
	persons, err := s.persons(ctx, true)
	if err != nil {
		return RebuildStats{}, err
	}
	var st RebuildStats
	var batch store.Changeset
	flush := func() error {
		if len(batch.Add)+len(batch.Remove) == 0 {
			return nil
		}
		_, err := s.st.Apply(ctx, batch)
		batch = store.Changeset{}
		return err
	}
	for i, p := range persons {
		cs, err := s.goldenChanges(ctx, p)
		if err != nil {
			return st, err
		}
		batch.Add = append(batch.Add, cs.Add...)
		batch.Remove = append(batch.Remove, cs.Remove...)
		st.Persons++
		st.Changed += len(cs.Add) + len(cs.Remove)
		if len(batch.Add)+len(batch.Remove) >= rebuildBatch {
			if err := flush(); err != nil {
				return st, err
			}
		}
		if progress != nil {
			progress(i+1, len(persons))
		}
	}
	return st, flush()
}

// rebuildBatch is how many changed quads Rebuild writes per transaction.
const rebuildBatch = 5000

// persons lists the persons: every subject typed person:Person under {base}id/person/ in any graph
// (withGolden: the golden graph included, so stale golden records are found too), aliases left out.
func (s *Service) persons(ctx context.Context, withGolden bool) ([]rdf.IRI, error) {
	prefix := s.base + "id/person/"
	seen := map[string]bool{}
	var out []rdf.IRI
	err := s.st.Match(ctx, store.Pattern{P: vocab.RDFType, O: vocab.PersonPerson}, func(q rdf.Quad) error {
		iri, ok := q.Subj.(rdf.IRI)
		g, _ := q.Ctx.(rdf.IRI)
		if !ok || seen[iri.String()] || !strings.HasPrefix(iri.String(), prefix) {
			return nil
		}
		if !withGolden && s.derived(g.String()) {
			return nil
		}
		seen[iri.String()] = true
		out = append(out, iri)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	kept := out[:0]
	for _, p := range out {
		_, isAlias, err := s.aliases.Resolve(ctx, p)
		if err != nil {
			return nil, err
		}
		if !isAlias {
			kept = append(kept, p)
		}
	}
	return kept, nil
}
