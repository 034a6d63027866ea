package ss12000

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/connectors/internal/fetch"
)

// The phases of a pass, in order. Organisations come first because everything else points at them,
// persons before the duties and groups that name them, deletions last so that a record changed and
// then deleted in the same window ends deleted.
const (
	phaseOrganisations = "organisations"
	phasePersons       = "persons"
	phaseDuties        = "duties"
	phaseGroups        = "groups"
	phaseDeleted       = "deletedEntities"
)

var phases = []string{phaseOrganisations, phasePersons, phaseDuties, phaseGroups, phaseDeleted}

// cursor is where a sync stands. Between passes only since is set: the server time at the start of
// the last complete pass. Within a pass, until is this pass's start (the next pass's since), phase
// the endpoint being read and page the pageToken of the next page to fetch ("" for the first).
type cursor struct {
	since, until time.Time
	phase, page  string
}

func parseCursor(s string) (cursor, error) {
	var c cursor
	if s == "" {
		return c, nil
	}
	v, err := url.ParseQuery(s)
	if err != nil {
		return c, fmt.Errorf("ss12000: cursor %q: %w", s, err)
	}
	for _, f := range []struct {
		key string
		t   *time.Time
	}{{"since", &c.since}, {"until", &c.until}} {
		if x := v.Get(f.key); x != "" {
			if *f.t, err = time.Parse(time.RFC3339Nano, x); err != nil {
				return c, fmt.Errorf("ss12000: cursor %q: %s: %w", s, f.key, err)
			}
		}
	}
	c.phase, c.page = v.Get("phase"), v.Get("page")
	if c.phase != "" && phaseIndex(c.phase) < 0 {
		return c, fmt.Errorf("ss12000: cursor %q: unknown phase %q", s, c.phase)
	}
	return c, nil
}

func (c cursor) String() string {
	v := url.Values{}
	if !c.since.IsZero() {
		v.Set("since", c.since.UTC().Format(time.RFC3339Nano))
	}
	if !c.until.IsZero() {
		v.Set("until", c.until.UTC().Format(time.RFC3339Nano))
	}
	if c.phase != "" {
		v.Set("phase", c.phase)
	}
	if c.page != "" {
		v.Set("page", c.page)
	}
	return v.Encode()
}

func phaseIndex(p string) int {
	for i, x := range phases {
		if x == p {
			return i
		}
	}
	return -1
}

// overlap is how far before the server's clock at the start of a pass the next pass starts reading,
// so that a change made in the same second as the request is read twice rather than never.
const overlap = time.Second

// run is one call of Sync.
type run struct {
	c      *Connector
	sink   connectors.Sink
	base   string
	cur    cursor
	idx    orgIndex
	orgs   []json.RawMessage
	today  time.Time
	done   int
	roles  map[string]bool // role type records handed over in this run
	badIDs map[string]bool // persons quarantined in this run
}

// Sync implements connectors.Connector: a full pass from cursor "" (every record, then Complete), an
// incremental one otherwise (records modified after the cursor's time, then the source's deletions).
// A pass interrupted by a source failure resumes at the page it stopped on.
func (c *Connector) Sync(ctx context.Context, cursorStr string, sink connectors.Sink) error {
	cur, err := parseCursor(cursorStr)
	if err != nil {
		return err
	}
	r := &run{c: c, sink: sink, base: sink.Base(), cur: cur, today: c.now(), roles: map[string]bool{}, badIDs: map[string]bool{}}
	fresh := cur.phase == ""
	serverTime, err := r.loadOrganisations(ctx)
	if err != nil {
		return err
	}
	if fresh {
		r.cur.until = serverTime.Add(-overlap)
		r.cur.phase, r.cur.page = phaseOrganisations, ""
	}
	for i := phaseIndex(r.cur.phase); i < len(phases); i++ {
		if err := r.runPhase(ctx, phases[i]); err != nil {
			return err
		}
		if i+1 < len(phases) {
			r.cur.phase, r.cur.page = phases[i+1], ""
			if err := sink.Checkpoint(ctx, r.cur.String()); err != nil {
				return err
			}
		}
	}
	if r.cur.since.IsZero() {
		// A full listing: whatever an earlier sync stored and this pass did not see is gone. The sink
		// remembers what the interrupted runs of the same pass handed over (connectors.Sink.Complete).
		if err := sink.Complete(ctx); err != nil {
			return err
		}
	}
	return sink.Checkpoint(ctx, cursor{since: r.cur.until}.String())
}

func (r *run) runPhase(ctx context.Context, phase string) error {
	switch phase {
	case phaseOrganisations:
		return r.organisations(ctx)
	case phasePersons:
		return r.list(ctx, phase, r.person)
	case phaseDuties:
		return r.list(ctx, phase, r.duty)
	case phaseGroups:
		return r.list(ctx, phase, r.group)
	case phaseDeleted:
		if r.cur.since.IsZero() {
			return nil // a full pass: nothing stored before it to delete
		}
		return r.deleted(ctx)
	}
	return fmt.Errorf("ss12000: unknown phase %q", phase)
}

// loadOrganisations lists every organisation (they are few, and duties and groups need all of them
// to resolve their references, changed or not) and returns the server's clock at the first request.
func (r *run) loadOrganisations(ctx context.Context) (time.Time, error) {
	q := url.Values{"limit": {strconv.Itoa(r.c.pageSize)}}
	var serverTime time.Time
	var orgs []organisation
	for {
		pg, hdr, err := r.c.page(ctx, "organisations", q)
		if err != nil {
			return time.Time{}, err
		}
		if serverTime.IsZero() {
			serverTime = dateHeader(hdr, r.c.now())
		}
		for _, raw := range pg.Data {
			r.orgs = append(r.orgs, raw)
			var o organisation
			if json.Unmarshal(raw, &o) == nil && o.ID != "" {
				orgs = append(orgs, o)
			}
		}
		if pg.PageToken == nil || *pg.PageToken == "" {
			break
		}
		q = url.Values{"limit": {strconv.Itoa(r.c.pageSize)}, "pageToken": {*pg.PageToken}}
	}
	r.idx = index(r.base, orgs)
	return serverTime, nil
}

func dateHeader(h http.Header, now time.Time) time.Time {
	if t, err := http.ParseTime(h.Get("Date")); err == nil {
		return t
	}
	return now.Add(-time.Minute) // no Date header: trust our own clock, with room for skew
}

// organisations hands over the organisations modified since the cursor (all on a full pass).
func (r *run) organisations(ctx context.Context) error {
	for _, raw := range r.orgs {
		var o organisation
		if err := json.Unmarshal(raw, &o); err != nil || o.ID == "" {
			reason := "id: missing"
			if err != nil {
				reason = "not an SS 12000 Organisation: " + err.Error()
			}
			if err := r.sink.Quarantine(ctx, keyOf("organisation", raw), raw, reason); err != nil {
				return err
			}
			continue
		}
		mod, changed := r.modified(o.Meta)
		if !changed {
			continue
		}
		key := "organisation/" + o.ID
		ts, err := mapOrganisation(r.base, r.idx, o)
		if err := r.hand(ctx, key, raw, ts, mod, err); err != nil {
			return err
		}
	}
	return nil
}

// modified reads meta.modified and tells whether the record changed in this pass's window (a record
// without a readable time is taken as changed: handing it over again writes nothing if it is not).
func (r *run) modified(m meta) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, m.Modified)
	if err != nil {
		return time.Time{}, true
	}
	return t, r.cur.since.IsZero() || t.After(r.cur.since)
}

// hand upserts a mapped record, or quarantines it with the mapping error.
func (r *run) hand(ctx context.Context, key string, raw []byte, ts []rdf.Triple, mod time.Time, err error) error {
	if err != nil {
		var me *mapError
		if !errors.As(err, &me) {
			return err
		}
		return r.sink.Quarantine(ctx, key, raw, me.msg)
	}
	return r.sink.Upsert(ctx, connectors.Record{Key: key, Triples: ts, Modified: mod})
}

// list reads one list endpoint page by page from the cursor's page, checkpointing after each.
func (r *run) list(ctx context.Context, endpoint string, handle func(ctx context.Context, raw json.RawMessage) error) error {
	restarted := false
	for {
		q := url.Values{"limit": {strconv.Itoa(r.c.pageSize)}}
		if r.cur.page != "" {
			q.Set("pageToken", r.cur.page)
		} else if !r.cur.since.IsZero() {
			q.Set("meta.modified.after", r.cur.since.UTC().Format(time.RFC3339))
		}
		pg, _, err := r.c.page(ctx, endpoint, q)
		if err != nil {
			if r.cur.page != "" && !restarted && staleToken(err) {
				// The server forgot the page token (they may expire): read the endpoint again from
				// the start of the window; records already handed over come through unchanged.
				r.cur.page, restarted = "", true
				continue
			}
			return err
		}
		for _, raw := range pg.Data {
			if err := handle(ctx, raw); err != nil {
				return err
			}
		}
		r.done += len(pg.Data)
		r.sink.Progress(r.done, -1)
		if pg.PageToken == nil || *pg.PageToken == "" {
			return nil
		}
		r.cur.page = *pg.PageToken
		if err := r.sink.Checkpoint(ctx, r.cur.String()); err != nil {
			return err
		}
	}
}

func staleToken(err error) bool {
	return fetch.IsStatus(err, http.StatusBadRequest) || fetch.IsStatus(err, http.StatusNotFound) ||
		fetch.IsStatus(err, http.StatusGone)
}

func (r *run) person(ctx context.Context, raw json.RawMessage) error {
	var p person
	if err := json.Unmarshal(raw, &p); err != nil {
		return r.sink.Quarantine(ctx, keyOf("person", raw), raw, "not an SS 12000 Person: "+err.Error())
	}
	key := "person/" + p.ID
	in, err := checkPerson(p, r.today)
	if err != nil {
		if p.ID != "" {
			r.badIDs[p.ID] = true
		} else {
			key = keyOf("person", raw)
		}
		return r.hand(ctx, key, redact(raw, p), nil, time.Time{}, err)
	}
	mod, _ := r.modified(p.Meta)
	pk := connectors.PersonKey{SourceKey: p.ID}
	if in.id.Value != "" {
		pk.NationalID, pk.Scheme = in.id.Value, in.id.Scheme
	}
	iri, err := r.sink.Person(ctx, pk)
	if err != nil {
		return err
	}
	return r.hand(ctx, key, raw, mapPerson(iri, in), mod, nil)
}

func (r *run) duty(ctx context.Context, raw json.RawMessage) error {
	var d duty
	if err := json.Unmarshal(raw, &d); err != nil {
		return r.sink.Quarantine(ctx, keyOf("duty", raw), raw, "not an SS 12000 Duty: "+err.Error())
	}
	key := "duty/" + d.ID
	if d.ID == "" {
		key = keyOf("duty", raw)
	}
	in, err := checkDuty(r.idx, d)
	if err == nil && r.badIDs[in.personID] {
		err = bad("person: %q was quarantined", in.personID)
	}
	if err != nil {
		return r.hand(ctx, key, raw, nil, time.Time{}, err)
	}
	if err := r.role(ctx, d.DutyRole); err != nil {
		return err
	}
	member, err := r.sink.Person(ctx, connectors.PersonKey{SourceKey: in.personID})
	if err != nil {
		return err
	}
	mod, _ := r.modified(d.Meta)
	return r.hand(ctx, key, raw, mapDuty(r.base, member, in), mod, nil)
}

// role hands over the role type record of a dutyRole, once per run.
func (r *run) role(ctx context.Context, dutyRole string) error {
	if r.roles[dutyRole] {
		return nil
	}
	r.roles[dutyRole] = true
	key, ts := mapRole(r.base, dutyRole)
	return r.sink.Upsert(ctx, connectors.Record{Key: key, Triples: ts})
}

func (r *run) group(ctx context.Context, raw json.RawMessage) error {
	var g group
	if err := json.Unmarshal(raw, &g); err != nil {
		return r.sink.Quarantine(ctx, keyOf("group", raw), raw, "not an SS 12000 Group: "+err.Error())
	}
	key := "group/" + g.ID
	if g.ID == "" {
		key = keyOf("group", raw)
	}
	in, err := checkGroup(r.idx, g)
	if err != nil {
		return r.hand(ctx, key, raw, nil, time.Time{}, err)
	}
	members := make([]rdf.IRI, len(g.GroupMemberships))
	for i, m := range g.GroupMemberships {
		if r.badIDs[m.Person.ID] {
			return r.hand(ctx, key, raw, nil, time.Time{}, bad("groupMemberships[%d].person: %q was quarantined", i, m.Person.ID))
		}
		if members[i], err = r.sink.Person(ctx, connectors.PersonKey{SourceKey: m.Person.ID}); err != nil {
			return err
		}
	}
	mod, _ := r.modified(g.Meta)
	return r.hand(ctx, key, raw, mapGroup(r.base, in, members), mod, nil)
}

// deletedKinds maps the entity lists of /deletedEntities to the connector's record key prefixes.
var deletedKinds = []struct{ list, entity, prefix string }{
	{"organisations", "Organisation", "organisation/"},
	{"persons", "Person", "person/"},
	{"duties", "Duty", "duty/"},
	{"groups", "Group", "group/"},
}

// deleted applies the deletions the source reports since the cursor.
func (r *run) deleted(ctx context.Context) error {
	for {
		q := url.Values{"limit": {strconv.Itoa(r.c.pageSize)}}
		if r.cur.page != "" {
			q.Set("pageToken", r.cur.page)
		} else {
			q.Set("after", r.cur.since.UTC().Format(time.RFC3339))
			for _, k := range deletedKinds {
				q.Add("entities", k.entity)
			}
		}
		var pg deletedPage
		if _, err := r.c.getJSON(ctx, "deletedEntities", q, &pg); err != nil {
			return err
		}
		for _, k := range deletedKinds {
			for _, id := range pg.Data[k.list] {
				if err := r.sink.Delete(ctx, k.prefix+id); err != nil {
					return err
				}
			}
		}
		if pg.PageToken == nil || *pg.PageToken == "" {
			return nil
		}
		r.cur.page = *pg.PageToken
		if err := r.sink.Checkpoint(ctx, r.cur.String()); err != nil {
			return err
		}
	}
}

// page fetches one page of a list endpoint.
func (c *Connector) page(ctx context.Context, endpoint string, q url.Values) (page, http.Header, error) {
	var pg page
	h, err := c.getJSON(ctx, endpoint, q, &pg)
	return pg, h, err
}

func (c *Connector) getJSON(ctx context.Context, endpoint string, q url.Values, v any) (http.Header, error) {
	u := c.root + "/" + endpoint + "?" + q.Encode()
	b, h, err := c.client.GetBody(ctx, u, "application/json")
	if err != nil {
		return nil, fmt.Errorf("ss12000 %s: %w", c.name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return nil, fmt.Errorf("ss12000 %s: GET %s: the page is not SS 12000 JSON: %w", c.name, u, err)
	}
	return h, nil
}

// redact removes from a marked person's source record what the hub must not keep about them (the
// addresses, private e-mail and home phone), so that not even the quarantine holds them.
func redact(raw []byte, p person) []byte {
	if _, protected := protection(p.SecurityMarking); !protected {
		return raw
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	delete(m, "addresses")
	for _, f := range []struct{ list, private string }{{"emails", "Privat"}, {"phoneNumbers", "Hem"}} {
		items, _ := m[f.list].([]any)
		kept := items[:0]
		for _, it := range items {
			if o, ok := it.(map[string]any); ok && o["type"] == f.private {
				continue
			}
			kept = append(kept, it)
		}
		if items != nil {
			m[f.list] = kept
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil
	}
	return b
}

// keyOf names a record whose id could not be read, by a hash of its bytes, so it can still be
// quarantined and listed.
func keyOf(kind string, raw []byte) string {
	var x struct {
		ID any `json:"id"`
	}
	if json.Unmarshal(raw, &x) == nil {
		if s, ok := x.ID.(string); ok && s != "" {
			return kind + "/" + s
		}
	}
	h := sha256.Sum256(raw)
	return kind + "/unreadable-" + hex.EncodeToString(h[:6])
}

var _ connectors.Connector = (*Connector)(nil)
