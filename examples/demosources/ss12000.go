package demosources

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// SS12000 is a demo SS 12000 (v2.1) API over an in-memory dataset: the list endpoints for
// organisations, persons, duties and groups with limit, pageToken and meta.modified.after, and
// /deletedEntities; every request needs the bearer token. Changes made with Put and Delete get the
// server clock's time, so an incremental sync sees them. Fail injects source failures.
type SS12000 struct {
	token string
	clock func() time.Time

	mu       sync.Mutex
	entities map[string]*collection // by endpoint: organisations, persons, duties, groups
	deleted  []deletion
	faults   faults
	requests int
}

// SS12000Kinds are the endpoints the demo serves, in the order a client reads them.
var SS12000Kinds = []string{"organisations", "persons", "duties", "groups"}

type deletion struct {
	kind, id string
	at       time.Time
}

type entry struct {
	id       string
	modified time.Time
	body     json.RawMessage
}

// collection keeps entries sorted by id, so that paging is stable while entries change.
type collection struct {
	ids  []string
	byID map[string]*entry
}

func newCollection() *collection { return &collection{byID: map[string]*entry{}} }

func (c *collection) put(e *entry) {
	if _, ok := c.byID[e.id]; !ok {
		i, _ := slices.BinarySearch(c.ids, e.id)
		c.ids = slices.Insert(c.ids, i, e.id)
	}
	c.byID[e.id] = e
}

func (c *collection) remove(id string) bool {
	if _, ok := c.byID[id]; !ok {
		return false
	}
	delete(c.byID, id)
	i, _ := slices.BinarySearch(c.ids, id)
	c.ids = slices.Delete(c.ids, i, i+1)
	return true
}

// NewSS12000 serves ds with the given bearer token; clock is the server's time (nil: time.Now).
func NewSS12000(ds *SS12000Dataset, token string, clock func() time.Time) (*SS12000, error) {
	if clock == nil {
		clock = time.Now
	}
	s := &SS12000{token: token, clock: clock, entities: map[string]*collection{}}
	for _, k := range SS12000Kinds {
		s.entities[k] = newCollection()
	}
	for kind, items := range ds.byKind() {
		for i, raw := range items {
			e, err := parseEntry(raw)
			if err != nil {
				return nil, fmt.Errorf("demosources: %s[%d]: %w", kind, i, err)
			}
			s.entities[kind].put(e)
		}
	}
	return s, nil
}

func parseEntry(raw json.RawMessage) (*entry, error) {
	var x struct {
		ID   string `json:"id"`
		Meta struct {
			Modified time.Time `json:"modified"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(raw, &x); err != nil {
		// A deliberately malformed record in a dataset keeps its place; the client must cope.
		var id struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(raw, &id)
		if id.ID == "" {
			return nil, err
		}
		x.ID = id.ID
	}
	if x.ID == "" {
		return nil, fmt.Errorf("no id")
	}
	return &entry{id: x.ID, modified: x.Meta.Modified, body: raw}, nil
}

// Put adds or replaces an entity of kind (an endpoint name), stamping meta.modified (and
// meta.created for a new one) with the server clock.
func (s *SS12000) Put(kind string, obj map[string]any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.entities[kind]
	if !ok {
		return fmt.Errorf("demosources: no SS 12000 endpoint %q", kind)
	}
	id, _ := obj["id"].(string)
	if id == "" {
		return fmt.Errorf("demosources: %s entity without an id", kind)
	}
	now := s.clock().UTC()
	created := now
	if old, ok := c.byID[id]; ok {
		var m struct {
			Meta struct {
				Created time.Time `json:"created"`
			} `json:"meta"`
		}
		if json.Unmarshal(old.body, &m) == nil && !m.Meta.Created.IsZero() {
			created = m.Meta.Created
		}
	}
	obj["meta"] = map[string]any{"created": created.Format(time.RFC3339Nano), "modified": now.Format(time.RFC3339Nano)}
	b, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	c.put(&entry{id: id, modified: now, body: b})
	return nil
}

// Get returns an entity as a map, for a test to change and Put back.
func (s *SS12000) Get(kind, id string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.entities[kind]
	if !ok {
		return nil, false
	}
	e, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	var m map[string]any
	if json.Unmarshal(e.body, &m) != nil {
		return nil, false
	}
	return m, true
}

// Delete removes an entity and records the deletion for /deletedEntities.
func (s *SS12000) Delete(kind, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.entities[kind]
	if !ok || !c.remove(id) {
		return false
	}
	s.deleted = append(s.deleted, deletion{kind: kind, id: id, at: s.clock().UTC()})
	return true
}

// Requests is how many requests the server has answered (including refused and failed ones).
func (s *SS12000) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Fail makes requests fail: after skip more requests succeed, the next n fail with status (0: the
// connection drops halfway through the body). retryAfter, if set, is sent as Retry-After.
func (s *SS12000) Fail(skip, n, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.set(skip, n, status, retryAfter)
}

// ServeHTTP serves the API; mount it under the API root (e.g. /ss12000/v2/) with http.StripPrefix.
func (s *SS12000) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	w.Header().Set("Date", s.clock().UTC().Format(http.TimeFormat))
	if r.Method != http.MethodGet {
		ssError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "only GET is served")
		return
	}
	if s.token != "" && r.Header.Get("Authorization") != "Bearer "+s.token {
		w.Header().Set("WWW-Authenticate", `Bearer realm="ss12000"`)
		ssError(w, http.StatusUnauthorized, "Unauthorized", "a valid bearer token is required")
		return
	}
	if f, ok := s.faults.next(); ok {
		f.apply(w)
		return
	}
	path := strings.Trim(r.URL.Path, "/")
	var body any
	var err error
	switch path {
	case "organisations", "persons", "duties", "groups":
		body, err = s.list(s.entities[path], r)
	case "deletedEntities":
		body, err = s.deletedEntities(r)
	default:
		ssError(w, http.StatusNotFound, "NotFound", "no endpoint /"+path)
		return
	}
	if err != nil {
		ssError(w, http.StatusBadRequest, "BadRequest", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
}

// pageToken is what the demo's opaque page tokens carry: the query and where the last page ended.
type pageToken struct {
	After    string    `json:"a"`
	Modified time.Time `json:"m,omitzero"`
	Offset   int       `json:"o,omitempty"`
	Entities []string  `json:"e,omitempty"`
}

func encodeToken(t pageToken) string {
	b, _ := json.Marshal(t)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeToken(s string) (pageToken, error) {
	var t pageToken
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &t)
	}
	if err != nil {
		return t, fmt.Errorf("pageToken is not one this server gave")
	}
	return t, nil
}

func limitOf(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return 100, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("limit must be a whole number ≥ 1")
	}
	return min(n, 10000), nil
}

func (s *SS12000) list(c *collection, r *http.Request) (any, error) {
	q := r.URL.Query()
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	var t pageToken
	if tok := q.Get("pageToken"); tok != "" {
		if t, err = decodeToken(tok); err != nil {
			return nil, err
		}
	} else if v := q.Get("meta.modified.after"); v != "" {
		if t.Modified, err = time.Parse(time.RFC3339Nano, v); err != nil {
			return nil, fmt.Errorf("meta.modified.after: %q is not an RFC 3339 date-time", v)
		}
	}
	start, _ := slices.BinarySearch(c.ids, t.After)
	if start < len(c.ids) && c.ids[start] == t.After {
		start++
	}
	data := make([]json.RawMessage, 0, limit)
	last := ""
	i := start
	for ; i < len(c.ids) && len(data) < limit; i++ {
		e := c.byID[c.ids[i]]
		last = e.id
		if !t.Modified.IsZero() && !e.modified.After(t.Modified) {
			continue
		}
		data = append(data, e.body)
	}
	out := map[string]any{"data": data}
	if i < len(c.ids) {
		out["pageToken"] = encodeToken(pageToken{After: last, Modified: t.Modified})
	}
	return out, nil
}

func (s *SS12000) deletedEntities(r *http.Request) (any, error) {
	q := r.URL.Query()
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	var t pageToken
	if tok := q.Get("pageToken"); tok != "" {
		if t, err = decodeToken(tok); err != nil {
			return nil, err
		}
	} else {
		if v := q.Get("after"); v != "" {
			if t.Modified, err = time.Parse(time.RFC3339Nano, v); err != nil {
				return nil, fmt.Errorf("after: %q is not an RFC 3339 date-time", v)
			}
		}
		t.Entities = q["entities"]
	}
	want := map[string]bool{}
	for _, e := range t.Entities {
		want[e] = true
	}
	entityOf := map[string]string{"organisations": "Organisation", "persons": "Person", "duties": "Duty", "groups": "Group"}
	data := map[string][]string{}
	i, n := t.Offset, 0
	for ; i < len(s.deleted) && n < limit; i++ {
		d := s.deleted[i]
		if d.at.Before(t.Modified) || (len(want) > 0 && !want[entityOf[d.kind]]) {
			continue
		}
		data[d.kind] = append(data[d.kind], d.id)
		n++
	}
	out := map[string]any{"data": data}
	if i < len(s.deleted) {
		t.Offset = i
		out["pageToken"] = encodeToken(t)
	}
	return out, nil
}

func ssError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "message": msg})
}
