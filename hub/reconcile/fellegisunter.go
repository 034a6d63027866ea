package reconcile

import (
	"math"
	"strings"
	"time"

	"github.com/grunddata/grunddata/hub/match"
	"github.com/grunddata/grunddata/vocab"
)

// FellegiSunter is the Matcher backed by hub/match: candidates come from its blocking index and are
// scored by their Fellegi–Sunter weights; a candidate is a certain match only when the matcher
// would merge the pair (the same national ID, or a score above the upper threshold, and never a
// protected person). Queries that share no blocking key with anyone (a name alone, spelt
// differently) fall back to comparing names with everyone.
type FellegiSunter struct {
	Matcher *match.Matcher
	Now     func() time.Time // nil = time.Now
}

// Index builds the blocking index over persons.
func (f FellegiSunter) Index(persons []*Entity) PersonIndex {
	now := f.Now
	if now == nil {
		now = time.Now
	}
	ps := make([]match.Person, len(persons))
	byID := make(map[string]*Entity, len(persons))
	for i, e := range persons {
		ps[i] = MatchPerson(e)
		byID[e.ID()] = e
	}
	return &fsIndex{ix: f.Matcher.NewIndex(ps), byID: byID, fallback: &simpleIndex{persons: persons, now: now}}
}

// MatchPerson is what the matcher compares of an entity. A protected person's address is never
// loaded, so it is never compared either.
func MatchPerson(e *Entity) match.Person {
	p := match.Person{ID: e.ID(), GivenName: e.Given, FamilyName: e.Family, Street: e.Address.Line(),
		Postcode: e.Address.Postcode, Protected: e.Protected}
	for _, id := range e.IDs {
		if personScheme(id.Scheme.String()) {
			p.NationalID, p.IDScheme = id.Notation, vocab.IRI(id.Scheme)
			break
		}
	}
	if t, err := time.Parse("2006-01-02", e.BirthDate); err == nil {
		p.BirthDate = t
	}
	return p
}

type fsIndex struct {
	ix       *match.Index
	byID     map[string]*Entity
	fallback *simpleIndex
}

// queryID names the query in the matcher; it is never an entity id (those contain a slash).
const queryID = "query"

func (ix *fsIndex) Candidates(q PersonQuery, limit int) []Scored {
	if q.CustomerNumber != "" {
		return ix.fallback.Candidates(q, limit)
	}
	best := map[string]Scored{}
	for _, mp := range queryPersons(q) {
		for _, ev := range ix.ix.Candidates(mp, nil, 4*limit) {
			id := ev.B
			if id == queryID {
				id = ev.A
			}
			e := ix.byID[id]
			if e == nil {
				continue
			}
			// A valid national ID that agrees is certain, even for a protected person (whom the
			// matcher never merges on its own); two valid ones that differ are two persons.
			same, conflict := sameNationalID(q.NationalID, e.IDs, ix.fallback.now())
			if conflict {
				continue
			}
			s := Scored{Entity: e, Score: round(100 * ev.Probability()), Match: ev.Outcome == match.Merge || same}
			if s.Score < minScore {
				continue
			}
			for _, f := range ev.Fields {
				if f.Level == "missing" {
					continue
				}
				s.Features = append(s.Features, Feature{ID: f.Field, Value: round(finite(f.Weight))})
			}
			if old, ok := best[id]; !ok || s.Score > old.Score {
				best[id] = s
			}
		}
	}
	if len(best) == 0 {
		return ix.fallback.Candidates(q, limit)
	}
	out := make([]Scored, 0, len(best))
	for _, s := range best {
		out = append(out, s)
	}
	sortScored(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// queryPersons turns a query into the person records to look up: with given and family names
// as sent, or a full name split both ways (the last word as the family name, and the first word as
// the given name), since a register's "name" column may hold either order or a double surname.
func queryPersons(q PersonQuery) []match.Person {
	base := match.Person{ID: queryID, NationalID: q.NationalID, Street: q.Address, Postcode: q.Postcode}
	if t, err := time.Parse("2006-01-02", strings.TrimSpace(q.BirthDate)); err == nil {
		base.BirthDate = t
	}
	if q.Given != "" || q.Family != "" {
		base.GivenName, base.FamilyName = q.Given, q.Family
		return []match.Person{base}
	}
	words := strings.Fields(q.Name)
	if len(words) < 2 {
		base.FamilyName = q.Name
		return []match.Person{base}
	}
	lastFamily, firstGiven := base, base
	lastFamily.GivenName, lastFamily.FamilyName = strings.Join(words[:len(words)-1], " "), words[len(words)-1]
	firstGiven.GivenName, firstGiven.FamilyName = words[0], strings.Join(words[1:], " ")
	if len(words) == 2 {
		return []match.Person{lastFamily}
	}
	return []match.Person{lastFamily, firstGiven}
}

func finite(f float64) float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0
	}
	return f
}
