package master

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/match"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/reconcile"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// evidenceJSON is what a case stores of the matcher's evidence.
type evidenceJSON struct {
	Score  float64               `json:"score"`
	Reason string                `json:"reason"`
	Fields []match.FieldEvidence `json:"fields"`
}

// ScanStats says what Scan did.
type ScanStats struct {
	Persons     int         `json:"persons"`
	Merged      int         `json:"merged"`
	Queued      int         `json:"queued"`
	Comparisons int         `json:"comparisons"`
	Took        string      `json:"took"`
	Stats       match.Stats `json:"-"`
}

// Scan compares every current person with the others (blocked): pairs the matcher would merge are
// merged by the agent "matcher" (the higher customer number becomes an alias of the lower one);
// pairs for review are queued. Pairs a steward rejected are never proposed.
func (s *Service) Scan(ctx context.Context) (ScanStats, error) {
	start := time.Now()
	persons, err := s.persons(ctx, false)
	if err != nil {
		return ScanStats{}, err
	}
	records := make([]match.Person, 0, len(persons))
	for _, p := range persons {
		e, err := s.entity(ctx, p)
		if err != nil {
			return ScanStats{}, err
		}
		records = append(records, reconcile.MatchPerson(e))
	}
	nd, err := s.notDuplicates(ctx)
	if err != nil {
		return ScanStats{}, err
	}
	evs, stats := s.matcher.Dedup(records, nd)
	st := ScanStats{Persons: len(persons), Stats: stats, Comparisons: stats.Compared}
	for _, ev := range evs {
		a, b := idKey(ev.A), idKey(ev.B)
		if b < a {
			a, b = b, a
		}
		// An earlier merge in this scan may have made either an alias already.
		ra, _, err := s.aliases.Resolve(ctx, s.PersonIRI(a))
		if err != nil {
			return st, err
		}
		rb, _, err := s.aliases.Resolve(ctx, s.PersonIRI(b))
		if err != nil {
			return st, err
		}
		if ra == rb {
			continue
		}
		switch ev.Outcome {
		case match.Merge:
			if _, err := s.Merge(ctx, keyOf(ra), keyOf(rb), MatcherAgent, ev.Reason); err != nil {
				return st, err
			}
			st.Merged++
		case match.Review:
			added, err := s.queue(ctx, ra, rb, ev)
			if err != nil {
				return st, err
			}
			if added {
				st.Queued++
			}
		}
	}
	st.Took = time.Since(start).Round(time.Millisecond).String()
	return st, nil
}

// idKey turns a reconcile entity id ("person/{n}") into the customer number.
func idKey(id string) string { return id[strings.LastIndex(id, "/")+1:] }

// queue stores a review case for a pair unless it is there already.
func (s *Service) queue(ctx context.Context, a, b rdf.IRI, ev match.Evidence) (bool, error) {
	subj := s.caseIRI(a, b)
	old, err := s.st.Describe(ctx, subj, s.stewardship)
	if err != nil || len(old) > 0 {
		return false, err
	}
	body, err := json.Marshal(evidenceJSON{Score: ev.Score, Reason: ev.Reason, Fields: ev.Fields})
	if err != nil {
		return false, err
	}
	t := func(p rdf.IRI, o rdf.Object) rdf.Quad {
		return rdf.Quad{Triple: rdf.Triple{Subj: subj, Pred: p, Obj: o}, Ctx: s.stewardship}
	}
	_, err = s.st.Apply(ctx, store.Changeset{Add: []rdf.Quad{
		t(vocab.RDFType, vocab.GDReviewCase),
		t(vocab.GDCandidate, a), t(vocab.GDCandidate, b),
		t(vocab.GDMatchScore, rdf.NewTypedLiteral(strconv.FormatFloat(ev.Score, 'f', 3, 64), vocab.XSDDouble)),
		t(vocab.GDMatchEvidence, rdf.NewTypedLiteral(string(body), vocab.RDFJSON)),
		t(vocab.ProvGeneratedAtTime, rdf.NewTypedLiteral(s.now().UTC().Format(time.RFC3339Nano), vocab.XSDDateTime)),
	}})
	return err == nil, err
}

// Queue lists the review cases, highest score first, each with both records as they are now.
func (s *Service) Queue(ctx context.Context) ([]Case, error) {
	var subjects []rdf.IRI
	err := s.st.Match(ctx, store.Pattern{P: vocab.RDFType, O: vocab.GDReviewCase, G: s.stewardship}, func(q rdf.Quad) error {
		if iri, ok := q.Subj.(rdf.IRI); ok {
			subjects = append(subjects, iri)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := []Case{}
	for _, subj := range subjects {
		quads, err := s.st.Describe(ctx, subj, s.stewardship)
		if err != nil {
			return nil, err
		}
		c := Case{ID: keyOf(subj)}
		var sides []rdf.IRI
		for _, q := range quads {
			switch q.Pred.String() {
			case vocab.GDCandidate.String():
				sides = append(sides, q.Obj.(rdf.IRI))
			case vocab.GDMatchEvidence.String():
				var ev evidenceJSON
				if err := json.Unmarshal([]byte(q.Obj.(rdf.Literal).String()), &ev); err != nil {
					return nil, fmt.Errorf("review case %s: %w", c.ID, err)
				}
				c.Score, c.Reason, c.Fields = ev.Score, ev.Reason, ev.Fields
			case vocab.ProvGeneratedAtTime.String():
				c.Proposed = latest(c.Proposed, q.Obj)
			}
		}
		sort.Slice(sides, func(i, j int) bool { return sides[i].String() < sides[j].String() })
		if len(sides) != 2 {
			continue
		}
		if c.A, err = s.record(ctx, sides[0]); err != nil {
			return nil, err
		}
		if c.B, err = s.record(ctx, sides[1]); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// entity reads a person as the matcher and the steward see it: its golden record when there is
// one, else what all graphs say.
func (s *Service) entity(ctx context.Context, p rdf.IRI) (*reconcile.Entity, error) {
	quads, err := s.st.Describe(ctx, p, s.golden)
	if err != nil {
		return nil, err
	}
	if len(quads) == 0 {
		if quads, err = s.st.Describe(ctx, p, nil); err != nil {
			return nil, err
		}
		kept := quads[:0]
		for _, q := range quads {
			if g, ok := q.Ctx.(rdf.IRI); !ok || !s.derived(g.String()) {
				kept = append(kept, q)
			}
		}
		quads = kept
	}
	return reconcile.EntityOf(p, reconcile.TypePerson, keyOf(p), quads), nil
}

func (s *Service) record(ctx context.Context, p rdf.IRI) (Record, error) {
	e, err := s.entity(ctx, p)
	if err != nil {
		return Record{}, err
	}
	return Record{CustomerNumber: e.Key, Name: e.Name, BirthDate: e.BirthDate, Address: e.Address.Display(), Protected: e.Protected}, nil
}

// GoldenTriples returns the stored golden record of a person (sorted), or nil.
func (s *Service) GoldenTriples(ctx context.Context, person rdf.IRI) ([]rdf.Triple, error) {
	quads, err := s.st.Describe(ctx, person, s.golden)
	if err != nil {
		return nil, err
	}
	out := make([]rdf.Triple, len(quads))
	for i, q := range quads {
		out[i] = q.Triple
	}
	return rdfio.SortTriples(out), nil
}
