package reconcile

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// Store is what reconciliation reads of the quad store.
type Store interface {
	Match(ctx context.Context, p store.Pattern, fn func(rdf.Quad) error) error
	Describe(ctx context.Context, subject rdf.Subject, g rdf.Context) ([]rdf.Quad, error)
	LastSeq(ctx context.Context) (uint64, error)
}

// Entity types, also the type ids of the service and the class paths of their URIs.
const (
	TypePerson       = "person"
	TypeOrganisation = "organisation"
)

// Identifier is one adms:Identifier of an entity.
type Identifier struct {
	Notation string
	Scheme   rdf.IRI // dct:conformsTo; may be empty
}

// Address is what reconciliation uses of a locn:Address.
type Address struct {
	Full, Street, Number, Postcode, City string
}

// Line is the street address ("Storgatan 12"), or the full address when there is no street.
func (a Address) Line() string {
	if a.Street != "" {
		return strings.TrimSpace(a.Street + " " + a.Number)
	}
	return a.Full
}

// Display is the address as a person writes it on one line.
func (a Address) Display() string {
	if a.Full != "" {
		return a.Full
	}
	return strings.TrimSpace(strings.Join(nonEmpty(a.Line(), strings.TrimSpace(a.Postcode+" "+a.City)), ", "))
}

func (a Address) empty() bool { return a == Address{} }

// Entity is one person or organisation as reconciliation sees it: the facts it matches on and
// returns. A protected person's address is never loaded, so no answer can carry it.
type Entity struct {
	IRI       rdf.IRI
	Type      string // TypePerson or TypeOrganisation
	Key       string // customer number or organisation number (the last URI segment)
	Name      string
	Given     string
	Family    string
	BirthDate string // yyyy-mm-dd
	IDs       []Identifier
	Address   Address
	Protected bool
	Homepage  string
}

// ID is the entity's id in the service: the class path and key, so that {base}id/{id} is its URI.
func (e *Entity) ID() string { return e.Type + "/" + e.Key }

// snapshot is every person and organisation at one sequence number of the store.
type snapshot struct {
	seq     uint64
	persons []*Entity
	orgs    []*Entity
	byID    map[string]*Entity
	index   PersonIndex
}

// snapshots keeps the latest snapshot and rebuilds it when the store has changed.
type snapshots struct {
	mu         sync.Mutex // held while a snapshot is built in the foreground
	current    *snapshot
	builtAt    time.Time
	refreshing bool
}

// snapshot returns a snapshot of the store. With MaxStale zero it is always current. Otherwise a
// snapshot younger than MaxStale is served even if the store has changed since, and an older one
// is served while a fresh one is built in the background, so that a sync writing all the time
// never makes a clerk's queries wait for a rebuild.
func (s *Service) snapshot(ctx context.Context) (*snapshot, error) {
	ss := &s.snaps
	seq, err := s.cfg.Store.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	cur := ss.current
	switch {
	case cur != nil && cur.seq == seq:
		return cur, nil
	case cur != nil && s.cfg.MaxStale > 0:
		if !ss.refreshing && time.Since(ss.builtAt) >= s.cfg.MaxStale {
			ss.refreshing = true
			go s.refresh(seq)
		}
		return cur, nil
	}
	snap, err := s.build(ctx, seq)
	if err != nil {
		return nil, err
	}
	ss.current, ss.builtAt = snap, time.Now()
	return snap, nil
}

// refresh builds a snapshot in the background and installs it.
func (s *Service) refresh(seq uint64) {
	snap, err := s.build(context.Background(), seq)
	ss := &s.snaps
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.refreshing = false
	if err == nil {
		ss.current, ss.builtAt = snap, time.Now()
	}
}

// build reads every person and organisation and indexes the persons.
func (s *Service) build(ctx context.Context, seq uint64) (*snapshot, error) {
	var err error
	snap := &snapshot{seq: seq, byID: map[string]*Entity{}}
	if snap.persons, err = s.loadEntities(ctx, vocab.PersonPerson, TypePerson); err != nil {
		return nil, err
	}
	if snap.orgs, err = s.loadEntities(ctx, vocab.ORGOrganization, TypeOrganisation); err != nil {
		return nil, err
	}
	for _, e := range snap.persons {
		snap.byID[e.ID()] = e
	}
	for _, e := range snap.orgs {
		snap.byID[e.ID()] = e
	}
	snap.index = s.cfg.Matcher.Index(snap.persons)
	return snap, nil
}

// loadEntities reads every resource of class under {base}id/{typ}/ from all graphs, leaving out
// aliases of merged-away resources.
func (s *Service) loadEntities(ctx context.Context, class rdf.IRI, typ string) ([]*Entity, error) {
	st, aliases, base := s.cfg.Store, s.cfg.Aliases, s.cfg.Base
	prefix := base + "id/" + typ + "/"
	var subjects []rdf.IRI
	seen := map[string]bool{}
	err := st.Match(ctx, store.Pattern{P: vocab.RDFType, O: class}, func(q rdf.Quad) error {
		s, ok := q.Subj.(rdf.IRI)
		if ok && strings.HasPrefix(s.String(), prefix) && !seen[s.String()] {
			seen[s.String()] = true
			subjects = append(subjects, s)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(subjects, func(i, j int) bool { return subjects[i].String() < subjects[j].String() })
	out := make([]*Entity, 0, len(subjects))
	for _, subj := range subjects {
		if aliases != nil {
			if _, isAlias, err := aliases.Resolve(ctx, subj); err != nil {
				return nil, err
			} else if isAlias {
				continue
			}
		}
		var quads []rdf.Quad
		if s.cfg.Golden != (rdf.IRI{}) {
			if quads, err = st.Describe(ctx, subj, s.cfg.Golden); err != nil {
				return nil, err
			}
		}
		if len(quads) == 0 {
			if quads, err = st.Describe(ctx, subj, nil); err != nil {
				return nil, err
			}
		}
		out = append(out, EntityOf(subj, typ, strings.TrimPrefix(subj.String(), prefix), quads))
	}
	return out, nil
}

// EntityOf reads an entity from its description (its own quads and those of its blank nodes).
func EntityOf(iri rdf.IRI, typ, key string, quads []rdf.Quad) *Entity {
	e := &Entity{IRI: iri, Type: typ, Key: key}
	nodes := map[string][]rdf.Triple{}
	for _, q := range quads {
		k := q.Subj.String()
		nodes[k] = append(nodes[k], q.Triple)
	}
	var labels []string
	var address rdf.Term
	for _, t := range nodes[iri.String()] {
		switch t.Pred.String() {
		case vocab.FOAFGivenName.String():
			e.Given = lexical(t.Obj)
		case vocab.FOAFFamilyName.String():
			e.Family = lexical(t.Obj)
		case vocab.CVBirthDate.String():
			e.BirthDate = lexical(t.Obj)
		case vocab.SKOSPrefLabel.String():
			labels = append(labels, lexical(t.Obj))
		case vocab.FOAFHomepage.String():
			e.Homepage = t.Obj.String()
		case vocab.GDProtectionLevel.String():
			if t.Obj.String() != vocab.GDUnprotected.String() {
				e.Protected = true
			}
		case vocab.LocnAddressProp.String():
			address = t.Obj
		case vocab.ADMSIdentifierProp.String():
			var id Identifier
			for _, it := range nodes[t.Obj.String()] {
				switch it.Pred.String() {
				case vocab.SKOSNotation.String():
					id.Notation = lexical(it.Obj)
				case vocab.DCTConformsTo.String():
					if iri, ok := it.Obj.(rdf.IRI); ok {
						id.Scheme = iri
					}
				}
			}
			if id.Notation != "" {
				e.IDs = append(e.IDs, id)
			}
		}
	}
	if address != nil && !e.Protected {
		for _, t := range nodes[address.String()] {
			switch t.Pred.String() {
			case vocab.LocnFullAddress.String():
				e.Address.Full = lexical(t.Obj)
			case vocab.LocnThoroughfare.String():
				e.Address.Street = lexical(t.Obj)
			case vocab.LocnLocatorDesignator.String():
				e.Address.Number = lexical(t.Obj)
			case vocab.LocnPostCode.String():
				e.Address.Postcode = lexical(t.Obj)
			case vocab.LocnPostName.String():
				e.Address.City = lexical(t.Obj)
			}
		}
	}
	sort.Slice(e.IDs, func(i, j int) bool { return e.IDs[i].Notation < e.IDs[j].Notation })
	if typ == TypePerson {
		e.Name = strings.TrimSpace(e.Given + " " + e.Family)
	} else if len(labels) > 0 {
		sort.Strings(labels)
		e.Name = labels[0]
	}
	if e.Name == "" {
		e.Name = key
	}
	return e
}

func lexical(t rdf.Term) string {
	if l, ok := t.(rdf.Literal); ok {
		return l.String()
	}
	return t.String()
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
