// Package replicate copies a peer hub's open data into this hub by reading the peer's change feed
// (a Linked Data Event Stream, hub/ldes): every version member replaces the resource's description
// in one graph for that peer, {base}graph/peer/{host}, with the peer's URIs unchanged; a deletion
// removes it. Data in peer graphs is served as replicated data, marked with its origin by the graph
// and a prov:wasDerivedFrom link from the graph to the peer's stream, and never re-published in this
// hub's own feed, dumps or fragments (hub/opendata leaves peer graphs out).
//
// Replication resumes where it stopped: the position in the stream (the timestamp of the last member
// applied, and the members applied at that very timestamp) is saved in the same store transaction as
// the quads of the page it accounts for, so a crash or a restart neither skips nor repeats a member.
// Pages whose tree:LessThanRelation bound lies at or before that position are not fetched at all;
// pages already read are asked for again with If-None-Match, and a 304 costs nothing. Failed requests
// are retried with exponential back-off. The next page is fetched and parsed while the one before is
// applied; applying stays in stream order.
//
// The stream is read through its declared ldes:timestampPath, ldes:versionOfPath and
// ldes:versionDeletePath/ldes:versionDeleteObject (simple predicate paths), so any LDES whose members
// are version objects carrying the whole state of a resource can be followed, not only a hub's.
package replicate

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/opendata"
	"github.com/grunddata/grunddata/hub/store"
)

// Store is what replication reads and writes of the quad store.
type Store interface {
	Apply(ctx context.Context, cs store.Changeset) (store.Change, error)
	GetMeta(ctx context.Context, key string) ([]byte, bool, error)
	Describe(ctx context.Context, subject rdf.Subject, g rdf.Context) ([]rdf.Quad, error)
}

// Config is what a Replicator is built from.
type Config struct {
	Store Store
	// Base is this hub's base URI; Peer the peer hub's base URI (its feed is {Peer}ldes) or the
	// URL of any LDES root.
	Base, Peer string
	Client     *http.Client // nil: a client with a 60 s timeout
	Logger     *slog.Logger // nil: discard
	// Retries bounds the attempts of one request in Once (0 = 6); Follow retries for ever.
	Retries int
	// MinBackoff and MaxBackoff bound the wait between attempts (0 = 200 ms and 30 s).
	MinBackoff, MaxBackoff time.Duration
	// Progress, when set, is called after each page applied.
	Progress func(Stats)
}

// Stats counts what one run did.
type Stats struct {
	Pages       int // pages fetched and applied
	NotModified int // pages (and roots) answered 304
	Skipped     int // pages not fetched: wholly before the saved position
	Members     int // members applied
	Deleted     int // of which deletions
}

// Replicator follows one peer.
type Replicator struct {
	store      Store
	base, peer string
	feed       string
	graph      rdf.IRI
	client     *http.Client
	log        *slog.Logger
	retries    int
	minB, maxB time.Duration
	progress   func(Stats)
	polling    time.Duration // the stream's suggested polling interval

	mu    sync.Mutex                  // one run at a time
	etags map[string]string           // page URL -> ETag of the version applied (in memory only)
	links map[string]map[string]*node // page URL -> the pages it links to, as read with that ETag
}

// New returns a Replicator for the peer. EInvalid when the peer is not an absolute http(s) URI.
func New(c Config) (*Replicator, error) {
	u, err := url.Parse(c.Peer)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, hub.Errorf(hub.EInvalid, "the peer %q is not an absolute http(s) URI", c.Peer)
	}
	r := &Replicator{store: c.Store, base: c.Base, peer: c.Peer, client: c.Client, log: c.Logger,
		retries: c.Retries, minB: c.MinBackoff, maxB: c.MaxBackoff, progress: c.Progress, etags: map[string]string{}, links: map[string]map[string]*node{}}
	r.feed = c.Peer
	if strings.HasSuffix(c.Peer, "/") {
		r.feed = c.Peer + "ldes"
	}
	if strings.TrimSuffix(c.Peer, "/")+"/" == c.Base {
		return nil, hub.Errorf(hub.EInvalid, "the peer %q is this hub itself", c.Peer)
	}
	name := u.Host + strings.TrimSuffix(u.Path, "/")
	if r.graph, err = rdf.NewIRI(opendata.PeerGraphPrefix(c.Base) + name); err != nil {
		return nil, hub.Errorf(hub.EInvalid, "the peer %q gives no graph name: %v", c.Peer, err)
	}
	if r.client == nil {
		r.client = &http.Client{Timeout: 60 * time.Second}
	}
	if r.log == nil {
		r.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if r.retries <= 0 {
		r.retries = 6
	}
	if r.minB <= 0 {
		r.minB = 200 * time.Millisecond
	}
	if r.maxB <= 0 {
		r.maxB = 30 * time.Second
	}
	r.polling = 10 * time.Second
	return r, nil
}

// Graph is the graph the peer's data is replicated into.
func (r *Replicator) Graph() rdf.IRI { return r.graph }

// Feed is the URL of the peer's stream.
func (r *Replicator) Feed() string { return r.feed }

// position is where replication stands in the stream: every member before After, and those at After
// named in At, are applied. Saved as JSON under stateKey.
type position struct {
	After time.Time `json:"after"`
	At    []string  `json:"at,omitempty"`
	// Stream is the IRI of the stream followed; a peer that starts a new stream starts over.
	Stream string `json:"stream,omitempty"`
}

func (r *Replicator) stateKey() string { return "replicate/" + r.graph.String() }

func (r *Replicator) load(ctx context.Context) (position, error) {
	var p position
	v, ok, err := r.store.GetMeta(ctx, r.stateKey())
	if err != nil || !ok {
		return p, err
	}
	if err := json.Unmarshal(v, &p); err != nil {
		return p, fmt.Errorf("replicate: the saved position for %s is corrupt: %w", r.peer, err)
	}
	return p, nil
}

// Position returns the timestamp up to which the peer's stream has been applied (zero: nothing yet).
func (r *Replicator) Position(ctx context.Context) (time.Time, error) {
	p, err := r.load(ctx)
	return p.After, err
}

// Once catches up with the peer: it applies every member after the saved position, page by page,
// and returns when the peer has nothing newer. Requests are retried Retries times.
func (r *Replicator) Once(ctx context.Context) (Stats, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.run(ctx, r.retries)
}

// Follow catches up and then polls the peer every interval (or the stream's ldes:pollingInterval
// when interval is 0, at least 1 s) until ctx ends. Errors are logged and retried with back-off.
func (r *Replicator) Follow(ctx context.Context, interval time.Duration) error {
	backoff := r.minB
	for {
		r.mu.Lock()
		st, err := r.run(ctx, 1)
		r.mu.Unlock()
		wait := interval
		if wait <= 0 {
			wait = r.polling
		}
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			r.log.Warn("replication failed; retrying", slog.String("peer", r.peer), slog.Duration("in", backoff), slog.Any("err", err))
			wait, backoff = backoff, min(2*backoff, r.maxB)
		default:
			backoff = r.minB
			if st.Members > 0 {
				r.log.Info("replicated", slog.String("peer", r.peer), slog.Int("members", st.Members), slog.Int("deleted", st.Deleted), slog.Int("pages", st.Pages))
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}
