package master

import (
	"context"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/keys"
	"github.com/grunddata/grunddata/hub/match"
	"github.com/grunddata/grunddata/hub/reconcile"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// MatcherAgent is the agent name of decisions the matcher takes on its own.
const MatcherAgent = "matcher"

// Record is what a steward sees of one side of a case: never a national identity number, never a
// protected person's address.
type Record struct {
	CustomerNumber string `json:"customerNumber"`
	Name           string `json:"name"`
	BirthDate      string `json:"birthDate,omitempty"`
	Address        string `json:"address,omitempty"`
	Protected      bool   `json:"protected,omitempty"`
}

// Case is one pair in the review queue with the matcher's evidence.
type Case struct {
	ID       string                `json:"id"` // "{a}-{b}", the customer numbers in order
	A        Record                `json:"a"`
	B        Record                `json:"b"`
	Score    float64               `json:"score"` // log2 likelihood ratio
	Reason   string                `json:"reason"`
	Fields   []match.FieldEvidence `json:"fields"`
	Proposed time.Time             `json:"proposed"`
}

// Decision is one recorded steward decision.
type Decision struct {
	ID     string    `json:"id"`
	Action string    `json:"action"` // merge, not-duplicate, unmerge
	A      string    `json:"a"`      // the survivor (merge, unmerge) or one of the pair
	B      string    `json:"b"`      // the merged-away record (merge, unmerge) or the other
	Agent  string    `json:"agent"`  // the token name, or "matcher"
	Time   time.Time `json:"time"`
	Why    string    `json:"why,omitempty"`
}

var actionNames = map[string]string{
	vocab.GDMerge.String(): "merge", vocab.GDNotDuplicate.String(): "not-duplicate", vocab.GDUnmerge.String(): "unmerge",
}

// number checks a customer number and returns the person's URI: EInvalid.
func (s *Service) number(field, n string) (rdf.IRI, error) {
	if err := keys.ValidCustomerNumber(n); err != nil {
		return rdf.IRI{}, &hub.Error{Code: hub.EInvalid, Message: err.Error(), Fields: []hub.FieldError{{Pointer: "/" + field, Detail: err.Error()}}}
	}
	return s.PersonIRI(n), nil
}

func keyOf(iri rdf.IRI) string { return iri.String()[strings.LastIndex(iri.String(), "/")+1:] }

// exists tells whether a person is described anywhere but in the derived graphs.
func (s *Service) exists(ctx context.Context, person rdf.IRI) (bool, error) {
	found := false
	err := s.st.Match(ctx, store.Pattern{S: person, P: vocab.RDFType, O: vocab.PersonPerson}, func(q rdf.Quad) error {
		if g, ok := q.Ctx.(rdf.IRI); ok && !s.derived(g.String()) {
			found = true
		}
		return nil
	})
	return found, err
}

// Merge makes other an alias of survivor and rebuilds the survivor's golden record from both.
// Errors: EInvalid (a malformed number), ENotFound, EConflict (already merged, or the same person).
func (s *Service) Merge(ctx context.Context, survivorNumber, otherNumber, agent, why string) (Decision, error) {
	a, err := s.number("survivor", survivorNumber)
	if err != nil {
		return Decision{}, err
	}
	b, err := s.number("other", otherNumber)
	if err != nil {
		return Decision{}, err
	}
	for _, p := range []rdf.IRI{a, b} {
		ok, err := s.exists(ctx, p)
		if err != nil {
			return Decision{}, err
		}
		if !ok {
			return Decision{}, hub.Errorf(hub.ENotFound, "no person with customer number %s", keyOf(p))
		}
	}
	if err := s.aliases.Check(ctx, b, a); err != nil {
		return Decision{}, hub.Errorf(hub.EConflict, "cannot merge %s into %s: %v", otherNumber, survivorNumber, strings.ReplaceAll(err.Error(), s.base+"id/person/", ""))
	}
	d, quads, err := s.decision(ctx, vocab.GDMerge, a, b, agent, why)
	if err != nil {
		return Decision{}, err
	}
	// An explicit merge overrides an earlier "not a duplicate" verdict on the pair.
	cs := store.Changeset{Add: append(quads, s.aliases.Quad(b, a)), Remove: s.notDuplicateQuads(a, b)}
	if err := s.dropCase(ctx, &cs, a, b); err != nil {
		return Decision{}, err
	}
	// Cases of the merged-away record with others now concern the survivor: drop them, the next
	// scan proposes what is still in doubt.
	if err := s.dropCasesOf(ctx, &cs, b); err != nil {
		return Decision{}, err
	}
	if _, err := s.st.Apply(ctx, cs); err != nil {
		return Decision{}, err
	}
	_, err = s.RebuildPerson(ctx, a)
	return d, err
}

// Unmerge undoes the merge of other: it is no alias any more, and both golden records are rebuilt
// from their own sources, which gives back both records and both numbers as they were. The pair is
// marked "not a duplicate", so a scan never merges it again. Errors:
// EInvalid, EConflict (other is not merged).
func (s *Service) Unmerge(ctx context.Context, otherNumber, agent, why string) (Decision, error) {
	b, err := s.number("other", otherNumber)
	if err != nil {
		return Decision{}, err
	}
	a, ok, err := s.aliases.Direct(ctx, b)
	if err != nil {
		return Decision{}, err
	}
	if !ok {
		return Decision{}, hub.Errorf(hub.EConflict, "%s is not merged into anyone", otherNumber)
	}
	d, quads, err := s.decision(ctx, vocab.GDUnmerge, a, b, agent, why)
	if err != nil {
		return Decision{}, err
	}
	// A steward who splits a pair has judged them different: the matcher must not merge them again.
	quads = append(quads, s.notDuplicateQuads(a, b)...)
	if _, err := s.st.Apply(ctx, store.Changeset{Add: quads, Remove: []rdf.Quad{s.aliases.Quad(b, a)}}); err != nil {
		return Decision{}, err
	}
	for _, p := range []rdf.IRI{a, b} {
		if _, err := s.RebuildPerson(ctx, p); err != nil {
			return d, err
		}
	}
	return d, nil
}

// Reject records that two persons are not the same: the pair leaves the queue and is never proposed
// again. Errors: EInvalid, ENotFound.
func (s *Service) Reject(ctx context.Context, aNumber, bNumber, agent, why string) (Decision, error) {
	a, err := s.number("a", aNumber)
	if err != nil {
		return Decision{}, err
	}
	b, err := s.number("b", bNumber)
	if err != nil {
		return Decision{}, err
	}
	if a == b {
		return Decision{}, hub.Errorf(hub.EInvalid, "a person is always a duplicate of itself")
	}
	for _, p := range []rdf.IRI{a, b} {
		if ok, err := s.exists(ctx, p); err != nil {
			return Decision{}, err
		} else if !ok {
			return Decision{}, hub.Errorf(hub.ENotFound, "no person with customer number %s", keyOf(p))
		}
	}
	d, quads, err := s.decision(ctx, vocab.GDNotDuplicate, a, b, agent, why)
	if err != nil {
		return Decision{}, err
	}
	quads = append(quads, s.notDuplicateQuads(a, b)...)
	cs := store.Changeset{Add: quads}
	if err := s.dropCase(ctx, &cs, a, b); err != nil {
		return Decision{}, err
	}
	_, err = s.st.Apply(ctx, cs)
	return d, err
}

// notDuplicateQuads record that a and b are different persons.
func (s *Service) notDuplicateQuads(a, b rdf.IRI) []rdf.Quad {
	return []rdf.Quad{
		{Triple: rdf.Triple{Subj: a, Pred: vocab.GDNotDuplicateOf, Obj: b}, Ctx: s.stewardship},
		{Triple: rdf.Triple{Subj: b, Pred: vocab.GDNotDuplicateOf, Obj: a}, Ctx: s.stewardship},
	}
}

// decision builds the PROV-O record of a decision.
func (s *Service) decision(ctx context.Context, action, a, b rdf.IRI, agent, why string) (Decision, []rdf.Quad, error) {
	if strings.TrimSpace(agent) == "" {
		return Decision{}, nil, hub.Errorf(hub.EUnauthorized, "a decision needs a named agent (the token's name)")
	}
	n, err := s.st.NextSequence(ctx, "master/decision")
	if err != nil {
		return Decision{}, nil, err
	}
	now := s.now().UTC()
	d := Decision{ID: strconv.FormatUint(n, 10), Action: actionNames[action.String()], A: keyOf(a), B: keyOf(b), Agent: agent, Time: now, Why: why}
	subj := s.iri("decision/" + d.ID)
	t := func(p rdf.IRI, o rdf.Object) rdf.Quad {
		return rdf.Quad{Triple: rdf.Triple{Subj: subj, Pred: p, Obj: o}, Ctx: s.stewardship}
	}
	quads := []rdf.Quad{
		t(vocab.RDFType, vocab.GDStewardDecision), t(vocab.RDFType, vocab.ProvActivity),
		t(vocab.GDAction, action),
		t(vocab.ProvWasAssociatedWith, s.iri("agent/"+url.PathEscape(agent))),
		t(vocab.ProvEndedAtTime, rdf.NewTypedLiteral(now.Format(time.RFC3339Nano), vocab.XSDDateTime)),
		t(vocab.ProvUsed, a), t(vocab.ProvUsed, b),
	}
	if action == vocab.GDNotDuplicate {
		quads = append(quads, t(vocab.GDCandidate, a), t(vocab.GDCandidate, b))
	} else {
		quads = append(quads, t(vocab.GDSurvivor, a), t(vocab.GDMergedAway, b))
	}
	if why != "" {
		lit, err := rdf.NewLiteral(why)
		if err != nil {
			return Decision{}, nil, err
		}
		quads = append(quads, t(vocab.RDFSComment, lit))
	}
	return d, quads, nil
}

// Decisions lists every recorded decision, oldest first.
func (s *Service) Decisions(ctx context.Context) ([]Decision, error) {
	var subjects []rdf.IRI
	err := s.st.Match(ctx, store.Pattern{P: vocab.RDFType, O: vocab.GDStewardDecision, G: s.stewardship}, func(q rdf.Quad) error {
		if iri, ok := q.Subj.(rdf.IRI); ok {
			subjects = append(subjects, iri)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []Decision
	for _, subj := range subjects {
		quads, err := s.st.Describe(ctx, subj, s.stewardship)
		if err != nil {
			return nil, err
		}
		d := Decision{ID: keyOf(subj)}
		for _, q := range quads {
			switch q.Pred.String() {
			case vocab.GDAction.String():
				d.Action = actionNames[q.Obj.String()]
			case vocab.GDSurvivor.String():
				d.A = keyOf(q.Obj.(rdf.IRI))
			case vocab.GDMergedAway.String():
				d.B = keyOf(q.Obj.(rdf.IRI))
			case vocab.GDCandidate.String():
				if k := keyOf(q.Obj.(rdf.IRI)); d.A == "" || k < d.A {
					d.A, d.B = k, d.A
				} else {
					d.B = k
				}
			case vocab.ProvWasAssociatedWith.String():
				d.Agent, _ = url.PathUnescape(keyOf(q.Obj.(rdf.IRI)))
			case vocab.ProvEndedAtTime.String():
				d.Time = latest(d.Time, q.Obj)
			case vocab.RDFSComment.String():
				d.Why = q.Obj.(rdf.Literal).String()
			}
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		ni, _ := strconv.Atoi(out[i].ID)
		nj, _ := strconv.Atoi(out[j].ID)
		return ni < nj
	})
	return out, nil
}

// notDuplicates loads the "not a duplicate" verdicts, keyed as the matcher's records are.
func (s *Service) notDuplicates(ctx context.Context) (match.PairSet, error) {
	set := match.NewPairSet()
	err := s.st.Match(ctx, store.Pattern{P: vocab.GDNotDuplicateOf, G: s.stewardship}, func(q rdf.Quad) error {
		a, ok1 := q.Subj.(rdf.IRI)
		b, ok2 := q.Obj.(rdf.IRI)
		if ok1 && ok2 {
			set.Add(reconcile.TypePerson+"/"+keyOf(a), reconcile.TypePerson+"/"+keyOf(b)) // the matcher's ids
		}
		return nil
	})
	return set, err
}

func (s *Service) caseIRI(a, b rdf.IRI) rdf.IRI {
	ka, kb := keyOf(a), keyOf(b)
	if kb < ka {
		ka, kb = kb, ka
	}
	return s.iri("review/" + ka + "-" + kb)
}

// dropCase removes the review case of a pair, if any, in cs.
func (s *Service) dropCase(ctx context.Context, cs *store.Changeset, a, b rdf.IRI) error {
	quads, err := s.st.Describe(ctx, s.caseIRI(a, b), s.stewardship)
	cs.Remove = append(cs.Remove, quads...)
	return err
}

// dropCasesOf removes every review case that involves p, in cs.
func (s *Service) dropCasesOf(ctx context.Context, cs *store.Changeset, p rdf.IRI) error {
	var cases []rdf.IRI
	err := s.st.Match(ctx, store.Pattern{P: vocab.GDCandidate, O: p, G: s.stewardship}, func(q rdf.Quad) error {
		if iri, ok := q.Subj.(rdf.IRI); ok && strings.HasPrefix(iri.String(), s.base+"review/") {
			cases = append(cases, iri)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range cases {
		quads, err := s.st.Describe(ctx, c, s.stewardship)
		if err != nil {
			return err
		}
		cs.Remove = append(cs.Remove, quads...)
	}
	return nil
}
