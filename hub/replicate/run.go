package replicate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/ldes"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// maxDocument bounds one page or root read from a peer.
const maxDocument = 256 << 20

// doc is one fetched document of the stream, indexed by subject.
type doc struct {
	url   string
	etag  string
	bySub map[string][]rdf.Triple
}

func (d *doc) objects(s rdf.Term, p rdf.IRI) []rdf.Object {
	var out []rdf.Object
	for _, t := range d.bySub[rdfio.TermString(s)] {
		if t.Pred == rdf.Predicate(p) {
			out = append(out, t.Obj)
		}
	}
	return out
}

// streamInfo is what the root declares.
type streamInfo struct {
	iri                rdf.IRI
	timestamp, version rdf.IRI
	deletePath         rdf.IRI
	deleteObject       rdf.Term // nil: no deletions declared
	markers            map[string]bool
}

// node is a page the stream links to, with its time bounds (zero: unbounded).
type node struct {
	url     string
	gte, lt time.Time
}

// get fetches url as N-Quads, sending If-None-Match when etag is set, and retries network failures,
// 5xx and 429 answers with back-off. A 304 returns a nil doc.
func (r *Replicator) get(ctx context.Context, url, etag string, attempts int) (*doc, error) {
	wait := r.minB
	var last error
	for attempt := 0; attempt < attempts; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(wait):
			}
			wait = min(2*wait, r.maxB)
		}
		d, retry, err := r.fetch(ctx, url, etag)
		if err == nil || !retry || ctx.Err() != nil {
			return d, err
		}
		last = err
		r.log.Debug("request failed", slog.String("url", url), slog.Int("attempt", attempt+1), slog.Any("err", err))
	}
	return nil, last
}

func (r *Replicator) fetch(ctx context.Context, url, etag string) (*doc, bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("Accept", "application/n-quads, text/turtle;q=0.9")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, true, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return nil, false, nil
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return nil, true, fmt.Errorf("replicate: GET %s: %s", url, resp.Status)
	case resp.StatusCode != http.StatusOK:
		return nil, false, fmt.Errorf("replicate: GET %s: %s", url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDocument))
	if err != nil {
		return nil, true, fmt.Errorf("replicate: GET %s: %w", url, err)
	}
	mt := resp.Header.Get("Content-Type")
	if mt == "" {
		mt = rdfio.MediaNQuads
	}
	qs, err := rdfio.ParseQuads(bytes.NewReader(body), mt, url, nil)
	if err != nil {
		return nil, false, fmt.Errorf("replicate: %s: %w", url, err)
	}
	d := &doc{url: url, etag: resp.Header.Get("ETag"), bySub: map[string][]rdf.Triple{}}
	for _, q := range qs {
		k := rdfio.TermString(q.Subj)
		d.bySub[k] = append(d.bySub[k], q.Triple)
	}
	return d, false, nil
}

// describeStream reads the stream's declarations from the root document.
func describeStream(d *doc) (streamInfo, time.Duration, error) {
	var si streamInfo
	for _, ts := range d.bySub {
		for _, t := range ts {
			if t.Pred == rdf.Predicate(vocab.RDFType) && t.Obj == rdf.Object(vocab.LDESEventStream) {
				if iri, ok := t.Subj.(rdf.IRI); ok {
					if si.iri != (rdf.IRI{}) && si.iri != iri {
						return si, 0, fmt.Errorf("replicate: %s describes two event streams", d.url)
					}
					si.iri = iri
				}
			}
		}
	}
	if si.iri == (rdf.IRI{}) {
		return si, 0, fmt.Errorf("replicate: %s describes no ldes:EventStream", d.url)
	}
	one := func(p rdf.IRI, def rdf.IRI) (rdf.IRI, error) {
		os := d.objects(si.iri, p)
		if len(os) == 0 {
			return def, nil
		}
		iri, ok := os[0].(rdf.IRI)
		if !ok || len(os) > 1 {
			return rdf.IRI{}, fmt.Errorf("replicate: %s: %s must be one predicate (complex paths are not followed)", d.url, p)
		}
		return iri, nil
	}
	var err error
	if si.timestamp, err = one(vocab.LDESTimestampPath, rdf.IRI{}); err != nil {
		return si, 0, err
	}
	if si.version, err = one(vocab.LDESVersionOfPath, rdf.IRI{}); err != nil {
		return si, 0, err
	}
	if si.timestamp == (rdf.IRI{}) || si.version == (rdf.IRI{}) {
		return si, 0, fmt.Errorf("replicate: the stream %s declares no ldes:timestampPath and ldes:versionOfPath; only version objects can be replicated", si.iri)
	}
	if si.deletePath, err = one(vocab.LDESVersionDeletePath, vocab.RDFType); err != nil {
		return si, 0, err
	}
	si.markers = map[string]bool{}
	for _, p := range []rdf.IRI{vocab.LDESVersionCreateObject, vocab.LDESVersionUpdateObject, vocab.LDESVersionDeleteObject} {
		for _, o := range d.objects(si.iri, p) {
			si.markers[rdfio.TermString(o)] = true
			if p == vocab.LDESVersionDeleteObject {
				si.deleteObject = o
			}
		}
	}
	polling := 10 * time.Second
	if os := d.objects(si.iri, vocab.LDESPollingInterval); len(os) == 1 {
		if l, ok := os[0].(rdf.Literal); ok {
			if n, err := strconv.Atoi(l.String()); err == nil && n > 0 {
				polling = time.Duration(min(n, 600)) * time.Second
			}
		}
	}
	return si, polling, nil
}

// relations returns the nodes d's node (its URL, or the stream's tree:view) links to, with the time
// bounds of relations on the timestamp path.
func relations(d *doc, si streamInfo) map[string]*node {
	out := map[string]*node{}
	from := []rdf.Term{rdfio.MustIRI(d.url)}
	for _, v := range d.objects(si.iri, vocab.TreeView) {
		from = append(from, v)
	}
	for _, f := range from {
		for _, rel := range d.objects(f, vocab.TreeRelationProp) {
			targets := d.objects(rel, vocab.TreeNodeProp)
			if len(targets) != 1 {
				continue
			}
			target, ok := targets[0].(rdf.IRI)
			if !ok {
				continue
			}
			n := out[target.String()]
			if n == nil {
				n = &node{url: target.String()}
				out[n.url] = n
			}
			paths, values := d.objects(rel, vocab.TreePath), d.objects(rel, vocab.TreeValue)
			if len(paths) != 1 || paths[0] != rdf.Object(si.timestamp) || len(values) != 1 {
				continue
			}
			t, err := parseDateTime(values[0])
			if err != nil {
				continue
			}
			for _, typ := range d.objects(rel, vocab.RDFType) {
				switch typ {
				case rdf.Object(vocab.TreeGreaterThanOrEqualTo):
					n.gte = t
				case rdf.Object(vocab.TreeLessThanRelation):
					n.lt = t
				}
			}
		}
	}
	return out
}

// member is one version read from a page.
type member struct {
	v, of   rdf.IRI
	at      time.Time
	deleted bool
	triples []rdf.Triple // the version's description (CBD)
	quads   []rdf.Quad   // the resource's state in the peer graph (prepare)
}

// members reads the members of d, sorted by time and IRI.
func members(d *doc, si streamInfo) ([]member, error) {
	var out []member
	for _, o := range d.objects(si.iri, vocab.TreeMember) {
		v, ok := o.(rdf.IRI)
		if !ok {
			return nil, fmt.Errorf("replicate: %s: a member that is not an IRI: %s", d.url, rdfio.TermString(o))
		}
		m := member{v: v}
		for _, t := range d.objects(v, si.timestamp) {
			if tm, err := parseDateTime(t); err == nil && tm.After(m.at) {
				m.at = tm
			}
		}
		ofs := d.objects(v, si.version)
		if m.at.IsZero() || len(ofs) != 1 {
			return nil, fmt.Errorf("replicate: %s: member %s lacks its timestamp or the resource it versions", d.url, v)
		}
		if m.of, ok = ofs[0].(rdf.IRI); !ok {
			return nil, fmt.Errorf("replicate: %s: member %s is a version of a blank node", d.url, v)
		}
		if si.deleteObject != nil {
			m.deleted = slices.Contains(d.objects(v, si.deletePath), rdf.Object(si.deleteObject.(rdf.Object)))
		}
		// The version's concise bounded description: its triples and those of the blank nodes it reaches.
		seen := map[string]bool{}
		queue := []rdf.Term{v}
		for len(queue) > 0 {
			s := queue[0]
			queue = queue[1:]
			for _, t := range d.bySub[rdfio.TermString(s)] {
				m.triples = append(m.triples, t)
				if b, ok := t.Obj.(rdf.Blank); ok && !seen[b.String()] {
					seen[b.String()] = true
					queue = append(queue, b)
				}
			}
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].at.Equal(out[j].at) {
			return out[i].at.Before(out[j].at)
		}
		return out[i].v.String() < out[j].v.String()
	})
	return out, nil
}

// prepare reads the members of d and works out each one's state.
func (r *Replicator) prepare(d *doc, si streamInfo) ([]member, error) {
	ms, err := members(d, si)
	if err != nil {
		return nil, err
	}
	for i := range ms {
		if !ms[i].deleted {
			ms[i].quads = r.state(ms[i], si)
		}
	}
	return ms, nil
}

// state turns a version into the resource's quads in the peer graph: the version's own statements
// (versionOf, its timestamp, the create/update/delete markers) go, the version becomes the resource,
// and blank nodes get labels of their own for the resource.
func (r *Replicator) state(m member, si streamInfo) []rdf.Quad {
	var ts []rdf.Triple
	for _, t := range m.triples {
		if t.Subj == rdf.Subject(m.v) {
			switch {
			case t.Pred == rdf.Predicate(si.version) && t.Obj == rdf.Object(m.of):
				continue
			case t.Pred == rdf.Predicate(si.timestamp) && isTime(t.Obj, m.at):
				continue
			case t.Pred == rdf.Predicate(si.deletePath) && si.markers[rdfio.TermString(t.Obj)]:
				continue
			}
			t.Subj = m.of
		}
		if t.Obj == rdf.Object(m.v) {
			t.Obj = m.of
		}
		ts = append(ts, t)
	}
	sum := sha256.Sum256([]byte(r.graph.String() + " " + m.of.String()))
	prefix := "r" + hex.EncodeToString(sum[:10]) + "_"
	qs := make([]rdf.Quad, 0, len(ts))
	for _, t := range ldes.Canonical(ts) {
		qs = append(qs, rdfio.ScopeQuad(rdf.Quad{Triple: t, Ctx: r.graph}, prefix))
	}
	return qs
}

func isTime(o rdf.Object, at time.Time) bool {
	tm, err := parseDateTime(o)
	return err == nil && tm.Equal(at)
}

// parseDateTime reads an xsd:dateTime; one without a time zone is taken as UTC.
func parseDateTime(o rdf.Term) (time.Time, error) {
	lex := strings.TrimSpace(o.String())
	if t, err := time.Parse(time.RFC3339Nano, lex); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02T15:04:05.999999999", lex)
}

// apply writes the members of one page that are past pos, with the new position, in one
// transaction, and returns the position and how many members and deletions it applied.
func (r *Replicator) apply(ctx context.Context, ms []member, si streamInfo, pos position) (position, int, int, error) {
	at := map[string]bool{}
	for _, v := range pos.At {
		at[v] = true
	}
	var fresh []member
	for _, m := range ms {
		if m.at.After(pos.After) || (m.at.Equal(pos.After) && !at[m.v.String()]) {
			fresh = append(fresh, m)
		}
	}
	if len(fresh) == 0 {
		return pos, 0, 0, nil
	}
	// The last version of each resource on the page decides its state.
	final := map[string]member{}
	var order []string
	for _, m := range fresh {
		if _, ok := final[m.of.String()]; !ok {
			order = append(order, m.of.String())
		}
		final[m.of.String()] = m
	}
	var cs store.Changeset
	deleted := 0
	for _, k := range order {
		m := final[k]
		old, err := r.store.Describe(ctx, m.of, r.graph)
		if err != nil {
			return pos, 0, 0, err
		}
		cs.Remove = append(cs.Remove, old...)
		if m.deleted {
			deleted++
			continue
		}
		cs.Add = append(cs.Add, m.quads...)
	}
	// Where the data came from, in a graph of its own: the peer graph holds only the peer's quads.
	cs.Add = append(cs.Add, rdf.Quad{Triple: rdf.Triple{Subj: r.graph, Pred: vocab.ProvWasDerivedFrom, Obj: si.iri}, Ctx: rdfio.MustIRI(r.base + "graph/replication")})

	last := fresh[len(fresh)-1].at
	next := position{After: last, Stream: si.iri.String()}
	if last.Equal(pos.After) {
		next.At = pos.At
	}
	for _, m := range fresh {
		if m.at.Equal(last) {
			next.At = append(next.At, m.v.String())
		}
	}
	b, err := json.Marshal(next)
	if err != nil {
		return pos, 0, 0, err
	}
	cs.Meta = map[string][]byte{r.stateKey(): b}
	if _, err := r.store.Apply(ctx, cs); err != nil {
		return pos, 0, 0, err
	}
	return next, len(fresh), deleted, nil
}

// run is one catch-up: the root, then every page not wholly before the position, oldest first.
func (r *Replicator) run(ctx context.Context, attempts int) (Stats, error) {
	var st Stats
	pos, err := r.load(ctx)
	if err != nil {
		return st, err
	}
	root, err := r.get(ctx, r.feed, r.etags[r.feed], attempts)
	if err != nil {
		return st, err
	}
	if root == nil {
		st.NotModified++
		return st, nil
	}
	si, polling, err := describeStream(root)
	if err != nil {
		return st, err
	}
	r.polling = polling
	if pos.Stream != "" && pos.Stream != si.iri.String() {
		return st, fmt.Errorf("replicate: %s now publishes the stream %s, not %s that was followed; remove the graph %s to start over", r.peer, si.iri, pos.Stream, r.graph)
	}
	handle := func(d *doc, ms []member) error {
		next, n, del, err := r.apply(ctx, ms, si, pos)
		if err != nil {
			return err
		}
		pos = next
		st.Members += n
		st.Deleted += del
		return nil
	}
	rootMembers, err := r.prepare(root, si)
	if err != nil {
		return st, err
	}
	if err := handle(root, rootMembers); err != nil {
		return st, err
	}
	queue := relations(root, si)
	done := map[string]bool{r.feed: true}
	// next returns the earliest page not yet done, other than except.
	next := func(except string) *node {
		var n *node
		for _, c := range queue {
			if !done[c.url] && c.url != except && (n == nil || c.gte.Before(n.gte) || (c.gte.Equal(n.gte) && c.url < n.url)) {
				n = c
			}
		}
		return n
	}
	// One page is fetched ahead while the one before is applied.
	type fetched struct {
		d   *doc
		ms  []member
		err error
	}
	ahead := map[string]chan fetched{}
	fetch := func(n *node) chan fetched {
		ch := make(chan fetched, 1)
		etag := r.etags[n.url]
		go func() {
			d, err := r.get(ctx, n.url, etag, attempts)
			var ms []member
			if err == nil && d != nil {
				ms, err = r.prepare(d, si) // off the critical path, like the fetch
			}
			ch <- fetched{d, ms, err}
		}()
		return ch
	}
	for {
		n := next("")
		if n == nil {
			break
		}
		done[n.url] = true
		if !n.lt.IsZero() && !n.lt.After(pos.After) {
			st.Skipped++
			continue
		}
		ch, ok := ahead[n.url]
		if !ok {
			ch = fetch(n)
		}
		delete(ahead, n.url)
		if after := next(n.url); after != nil && ahead[after.url] == nil && (after.lt.IsZero() || after.lt.After(pos.After)) {
			ahead[after.url] = fetch(after)
		}
		f := <-ch
		d, err := f.d, f.err
		if err != nil {
			return st, err
		}
		var links map[string]*node
		if d == nil {
			// Unchanged since it was applied: its members are in, and its links are as they were.
			st.NotModified++
			links = r.links[n.url]
		} else {
			if err := handle(d, f.ms); err != nil {
				return st, err
			}
			links = relations(d, si)
			r.etags[n.url], r.links[n.url] = d.etag, links
			st.Pages++
		}
		for url, c := range links {
			if _, ok := queue[url]; !ok {
				c := *c
				queue[url] = &c
			}
		}
		if d == nil {
			continue
		}
		if r.progress != nil {
			r.progress(st)
		}
	}
	r.etags[r.feed] = root.etag
	return st, nil
}
