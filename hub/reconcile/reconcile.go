// Package reconcile answers the W3C Entity Reconciliation API 0.2 — what OpenRefine speaks — over
// the hub's persons and organisations, so that an agency can wash its local register against the
// master and get customer numbers and organisation numbers back: the manifest, query batches with
// properties (birth date, national ID, address, organisation number), candidates with scores and
// features, suggest, preview and data extension.
//
// Entity ids are "{type}/{key}" ("person/10000004", "organisation/2129990004"), so the entity's
// URI is {base}id/{id}. Organisations are open; persons need an internal caller, and a protected
// person's address is never read, so it can neither be returned nor influence a score. National
// identity numbers are matched on but never returned. The package knows nothing of HTTP.
package reconcile

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/match"
	"github.com/grunddata/grunddata/hub/resource"
	"github.com/grunddata/grunddata/model"
)

// Config is what a Service is built from.
type Config struct {
	Store    Store
	Base     string           // the hub's base URI, ending in "/"
	Name     string           // the service's name in the manifest
	Matcher  Matcher          // nil: FellegiSunter with hub/match's default weights
	MaxBatch int              // queries (or ids to extend) per request; 0 = DefaultMaxBatch
	Now      func() time.Time // nil = time.Now
	// MaxStale lets answers come from data up to this old while a fresh snapshot is built in the
	// background; zero: every answer reflects the store as it is.
	MaxStale time.Duration
	// Golden is the graph of golden records (hub/master): an entity that has one is read from it
	// alone. Zero: from all graphs.
	Golden rdf.IRI
	// Aliases resolves merged-away persons to their survivors (hub/alias); nil: no aliases.
	// Aliases are never candidates; an alias's id finds its survivor.
	Aliases Aliases
}

// Aliases resolves the URI of a merged-away resource to its survivor.
type Aliases interface {
	Resolve(ctx context.Context, iri rdf.IRI) (rdf.IRI, bool, error)
}

// DefaultMaxBatch is the default limit on queries per batch; OpenRefine sends 10 at a time.
const DefaultMaxBatch = 100

// Service answers reconciliation requests.
type Service struct {
	cfg   Config
	snaps snapshots
}

// New returns a Service.
func New(c Config) *Service {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.MaxBatch == 0 {
		c.MaxBatch = DefaultMaxBatch
	}
	if c.Matcher == nil {
		c.Matcher = FellegiSunter{Matcher: match.NewMatcher(match.Config{}), Now: c.Now}
	}
	if c.Name == "" {
		c.Name = "grunddata"
	}
	return &Service{cfg: c}
}

// MaxBatch is the most queries or ids one request may hold.
func (s *Service) MaxBatch() int { return s.cfg.MaxBatch }

// Query is one reconciliation query.
type Query struct {
	Query      string          `json:"query"`
	Type       TypeList        `json:"type"`
	Limit      *float64        `json:"limit"`
	Properties []PropertyValue `json:"properties"`
	TypeStrict string          `json:"type_strict"`
}

// TypeList is a query's type: one type id or a list of them.
type TypeList []string

// UnmarshalJSON reads a string or an array of strings.
func (t *TypeList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*t = TypeList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("type must be a type id or a list of them")
	}
	*t = many
	return nil
}

// PropertyValue is one property constraint of a query: a property id and one or more values.
type PropertyValue struct {
	PID string          `json:"pid"`
	V   json.RawMessage `json:"v"`
}

// values returns the constraint's values as strings (an entity value gives its id).
func (p PropertyValue) values() ([]string, error) {
	var raw []json.RawMessage
	if len(p.V) > 0 && p.V[0] == '[' {
		if err := json.Unmarshal(p.V, &raw); err != nil {
			return nil, err
		}
	} else {
		raw = []json.RawMessage{p.V}
	}
	var out []string
	for _, r := range raw {
		var v any
		if err := json.Unmarshal(r, &v); err != nil {
			return nil, err
		}
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case float64:
			out = append(out, strings.TrimSuffix(fmt.Sprintf("%f", x), ".000000"))
		case bool:
			out = append(out, fmt.Sprint(x))
		case map[string]any:
			id, ok := x["id"].(string)
			if !ok {
				return nil, fmt.Errorf("an entity value needs an id")
			}
			out = append(out, id)
		default:
			return nil, fmt.Errorf("a value must be a string, number, boolean or entity")
		}
	}
	return out, nil
}

// TypeRef is a type as the API shows it.
type TypeRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Candidate is one entity that may be the one a query means.
type Candidate struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Type        []TypeRef `json:"type"`
	Score       float64   `json:"score"`
	Match       bool      `json:"match"`
	Features    []Feature `json:"features,omitempty"`
}

// Result is the answer to one query.
type Result struct {
	Result []Candidate `json:"result"`
}

var types = []TypeRef{
	{ID: TypePerson, Name: "Person"},
	{ID: TypeOrganisation, Name: "Organisation"},
}

func typeRef(id string) TypeRef {
	for _, t := range types {
		if t.ID == id {
			return t
		}
	}
	return TypeRef{ID: id, Name: id}
}

// ParseBatch reads a query batch (a JSON object of query id → query) and checks it against the
// limit: EInvalid names what is wrong, ETooLarge when there are too many queries.
func (s *Service) ParseBatch(b []byte) (map[string]Query, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var batch map[string]Query
	if err := dec.Decode(&batch); err != nil {
		return nil, &hub.Error{Code: hub.EInvalid, Message: "queries must be a JSON object of query id to query: " + err.Error(),
			Fields: []hub.FieldError{{Pointer: "/queries", Detail: err.Error()}}}
	}
	if batch == nil {
		return nil, &hub.Error{Code: hub.EInvalid, Message: "queries must be a JSON object of query id to query",
			Fields: []hub.FieldError{{Pointer: "/queries", Detail: "not an object"}}}
	}
	if len(batch) > s.cfg.MaxBatch {
		return nil, hub.Errorf(hub.ETooLarge, "a batch may hold at most %d queries; this one has %d", s.cfg.MaxBatch, len(batch))
	}
	for key, q := range batch {
		if strings.TrimSpace(q.Query) == "" && len(q.Properties) == 0 {
			return nil, &hub.Error{Code: hub.EInvalid, Message: fmt.Sprintf("query %q needs a query string or properties", key),
				Fields: []hub.FieldError{{Pointer: "/" + key, Detail: "needs query or properties"}}}
		}
		for _, t := range q.Type {
			if t != TypePerson && t != TypeOrganisation {
				return nil, &hub.Error{Code: hub.EInvalid, Message: fmt.Sprintf("query %q: unknown type %q (the types are person and organisation)", key, t),
					Fields: []hub.FieldError{{Pointer: "/" + key + "/type", Detail: "unknown type"}}}
			}
		}
		for i, p := range q.Properties {
			if _, err := p.values(); err != nil || p.PID == "" {
				detail := "needs pid and v"
				if err != nil {
					detail = err.Error()
				}
				return nil, &hub.Error{Code: hub.EInvalid, Message: fmt.Sprintf("query %q, property %d: %s", key, i, detail),
					Fields: []hub.FieldError{{Pointer: fmt.Sprintf("/%s/properties/%d", key, i), Detail: detail}}}
			}
			if !queryProperty(p.PID) {
				return nil, &hub.Error{Code: hub.EInvalid, Message: fmt.Sprintf("query %q: unknown property %q", key, p.PID),
					Fields: []hub.FieldError{{Pointer: fmt.Sprintf("/%s/properties/%d/pid", key, i), Detail: "unknown property"}}}
			}
		}
	}
	return batch, nil
}

// canSeePersons tells whether the caller may reconcile against persons.
func canSeePersons(c resource.Caller) bool { return c.Clearance >= model.Internal && c.Name != "" }

// Reconcile answers a batch. A query typed person from a caller without an internal token is
// EUnauthorized; an untyped query searches persons only for callers who may see them.
func (s *Service) Reconcile(ctx context.Context, batch map[string]Query, caller resource.Caller) (map[string]Result, error) {
	for key, q := range batch {
		for _, t := range q.Type {
			if t == TypePerson && !canSeePersons(caller) {
				return nil, hub.Errorf(hub.EUnauthorized, "query %q asks for persons: person data is not open, send a bearer token", key)
			}
		}
	}
	snap, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Result, len(batch))
	for key, q := range batch {
		out[key] = Result{Result: s.answer(snap, q, caller)}
	}
	return out, nil
}

func (s *Service) answer(snap *snapshot, q Query, caller resource.Caller) []Candidate {
	limit := 5
	if q.Limit != nil && *q.Limit >= 1 {
		limit = min(int(*q.Limit), 100)
	}
	wantPersons, wantOrgs := len(q.Type) == 0 && canSeePersons(caller), len(q.Type) == 0
	for _, t := range q.Type {
		wantPersons = wantPersons || t == TypePerson
		wantOrgs = wantOrgs || t == TypeOrganisation
	}
	props := map[string][]string{}
	for _, p := range q.Properties {
		vs, _ := p.values() // checked in ParseBatch
		props[p.PID] = append(props[p.PID], vs...)
	}
	var found []Scored
	if wantPersons {
		pq := PersonQuery{
			Name: q.Query, Given: first(props["givenName"]), Family: first(props["familyName"]),
			BirthDate: first(props["birthDate"]), NationalID: first(props["nationalId"]),
			Address: first(props["address"]), Postcode: first(props["postcode"]),
			CustomerNumber: first(props["customerNumber"]),
		}
		found = append(found, snap.index.Candidates(pq, limit)...)
	}
	if wantOrgs {
		found = append(found, orgCandidates(snap.orgs, q.Query, props)...)
	}
	sortScored(found)
	// A match is certain only when no other candidate comes close.
	if len(found) > 1 && found[0].Match && found[1].Match && found[1].Score >= found[0].Score {
		for i := range found {
			found[i].Match = false
		}
	}
	if len(found) > limit {
		found = found[:limit]
	}
	out := make([]Candidate, 0, len(found))
	for _, f := range found {
		out = append(out, Candidate{
			ID: f.Entity.ID(), Name: f.Entity.Name, Description: describe(f.Entity),
			Type: []TypeRef{typeRef(f.Entity.Type)}, Score: f.Score, Match: f.Match, Features: f.Features,
		})
	}
	return out
}

// orgCandidates scores organisations on their number (certain when it agrees) and their name
// without its legal form.
func orgCandidates(orgs []*Entity, name string, props map[string][]string) []Scored {
	number := digits(first(props["orgNumber"]))
	postcode := digits(first(props["postcode"]))
	var out []Scored
	for _, o := range orgs {
		var fs []Feature
		if number != "" {
			same := o.Key == number
			for _, id := range o.IDs {
				same = same || digits(id.Notation) == number
			}
			if same {
				fs = append(fs, Feature{"orgNumber", true})
				if name != "" {
					fs = append(fs, Feature{"name", round(similarity(orgName(name), orgName(o.Name)))})
				}
				out = append(out, Scored{Entity: o, Score: 100, Match: true, Features: fs})
			}
			continue
		}
		if name == "" {
			continue
		}
		sim := similarity(orgName(name), orgName(o.Name))
		fs = append(fs, Feature{"name", round(sim)})
		score := 100 * sim
		if postcode != "" {
			same := digits(o.Address.Postcode) == postcode
			fs = append(fs, Feature{"postcode", same})
			if same {
				score = 0.8*score + 20
			} else {
				score = 0.8 * score
			}
		}
		if score < minScore {
			continue
		}
		out = append(out, Scored{Entity: o, Score: round(score), Features: fs}) // a name alone is never certain
	}
	return out
}

// describe is a candidate's description: what tells namesakes apart, never an identity number,
// never a protected person's address.
func describe(e *Entity) string {
	var parts []string
	if e.Type == TypePerson {
		parts = append(parts, "customer number "+e.Key)
		if e.BirthDate != "" {
			parts = append(parts, "born "+e.BirthDate)
		}
	} else {
		parts = append(parts, "organisation number "+e.Key)
	}
	if a := e.Address.Display(); a != "" {
		parts = append(parts, a)
	}
	return strings.Join(parts, "; ")
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// entity returns the entity with an id the caller may see, following aliases to the survivor:
// ENotFound, EUnauthorized.
func (s *Service) entity(ctx context.Context, snap *snapshot, id string, caller resource.Caller) (*Entity, error) {
	if strings.HasPrefix(id, s.cfg.Base+"id/") {
		id = strings.TrimPrefix(id, s.cfg.Base+"id/")
	}
	if strings.HasPrefix(id, TypePerson+"/") && !canSeePersons(caller) {
		return nil, hub.Errorf(hub.EUnauthorized, "person data is not open: send a bearer token")
	}
	if e, ok := snap.byID[id]; ok {
		return e, nil
	}
	if iri, err := rdf.NewIRI(s.cfg.Base + "id/" + id); err == nil && s.cfg.Aliases != nil {
		survivor, ok, err := s.cfg.Aliases.Resolve(ctx, iri)
		if err != nil {
			return nil, err
		}
		if e, found := snap.byID[strings.TrimPrefix(survivor.String(), s.cfg.Base+"id/")]; ok && found {
			return e, nil
		}
	}
	return nil, hub.Errorf(hub.ENotFound, "no entity %q", id)
}
