package sync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	stdsync "sync"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
)

// Store is what the runner needs of the quad store (hub/store).
type Store interface {
	// Update applies a changeset in one transaction (store.Store.Update: Apply without reading the
	// change back, which the runner never looks at).
	Update(ctx context.Context, cs store.Changeset) (uint64, error)
	Match(ctx context.Context, p store.Pattern, fn func(rdf.Quad) error) error
	GetMeta(ctx context.Context, key string) ([]byte, bool, error)
	SetMeta(ctx context.Context, key string, value []byte) error
	ListMeta(ctx context.Context, prefix string, fn func(key string, value []byte) error) error
}

// Validator checks a record's triples before they are stored; an error quarantines the record with
// the error's text as the reason. The SHACL engine (hub/shacl) plugs in here.
type Validator func(ctx context.Context, triples []rdf.Triple) error

// Config is what a Runner is built from.
type Config struct {
	Store Store
	Base  string // the hub's base URI, ending in "/"
	// Persons resolves the persons connectors name; nil: StorePersons over Store, allocating with
	// Allocate.
	Persons Persons
	// Allocate hands out a new, unused customer number (resource.Service.AllocateCustomerNumber);
	// used by the default Persons.
	Allocate func(ctx context.Context) (string, error)
	Validate Validator        // nil: no validation
	Now      func() time.Time // nil: time.Now
	Logger   *slog.Logger     // nil: discard
	// BatchRecords is how many changed records go into one transaction (at most 4000 quads); 0: 200.
	BatchRecords int
}

// Runner runs connectors. It is safe for concurrent use; one connector runs at most once at a time.
type Runner struct {
	cfg     Config
	persons Persons
	log     *slog.Logger

	mu      stdsync.Mutex
	running map[string]bool
	observe []func(Summary, error)
}

// Observe calls fn after every run with its summary and error (metrics, logs). Call it before the
// first run.
func (r *Runner) Observe(fn func(Summary, error)) {
	r.mu.Lock()
	r.observe = append(r.observe, fn)
	r.mu.Unlock()
}

// New returns a Runner.
func New(cfg Config) *Runner {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.BatchRecords <= 0 {
		cfg.BatchRecords = 200
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	p := cfg.Persons
	if p == nil {
		p = &StorePersons{Store: cfg.Store, Base: cfg.Base, Allocate: cfg.Allocate}
	}
	return &Runner{cfg: cfg, persons: p, log: log, running: map[string]bool{}}
}

// Summary is what one run did.
type Summary struct {
	Connector   string
	Seen        int // records handed over (stored, unchanged or quarantined)
	Created     int
	Updated     int
	Unchanged   int
	Deleted     int
	Quarantined int
	Released    int // quarantined records that left the quarantine
	Cursor      string
	Took        time.Duration
}

// add adds the counts of d.
func (s *Summary) add(d Summary) {
	s.Seen += d.Seen
	s.Created += d.Created
	s.Updated += d.Updated
	s.Unchanged += d.Unchanged
	s.Deleted += d.Deleted
	s.Quarantined += d.Quarantined
	s.Released += d.Released
}

func (s Summary) String() string {
	return fmt.Sprintf("%s: seen %d, created %d, updated %d, unchanged %d, deleted %d, quarantined %d (released %d) in %s",
		s.Connector, s.Seen, s.Created, s.Updated, s.Unchanged, s.Deleted, s.Quarantined, s.Released, s.Took.Round(time.Millisecond))
}

// RunOptions adjust one run.
type RunOptions struct {
	// Full ignores the stored cursor and reads the whole source (a retry of the quarantine, or a
	// re-read after the mapping changed).
	Full bool
	// Progress, if set, is called as the connector reports progress (records so far, total or -1).
	Progress func(done, total int)
}

// ErrRunning is returned when the connector is already running.
var ErrRunning = errors.New("sync: the connector is already running")

// Run runs one connector from its cursor (or from the start with opts.Full) and returns what it did.
// A source failure is returned with the summary of what was stored before it; the cursor stays at
// the last checkpoint, so the next run resumes there.
func (r *Runner) Run(ctx context.Context, c connectors.Connector, opts RunOptions) (Summary, error) {
	name := c.Name()
	r.mu.Lock()
	if r.running[name] {
		r.mu.Unlock()
		return Summary{Connector: name}, ErrRunning
	}
	r.running[name] = true
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		delete(r.running, name)
		r.mu.Unlock()
	}()

	start := time.Now()
	sum, err := r.run(ctx, c, opts, start)
	r.mu.Lock()
	observers := r.observe
	r.mu.Unlock()
	for _, fn := range observers {
		fn(sum, err)
	}
	return sum, err
}

func (r *Runner) run(ctx context.Context, c connectors.Connector, opts RunOptions, start time.Time) (Summary, error) {
	name := c.Name()
	cursor, err := r.Cursor(ctx, name)
	if err != nil {
		return Summary{Connector: name}, err
	}
	if opts.Full {
		cursor = ""
	}
	run, err := r.newRun(ctx, name, cursor, opts.Progress)
	if err != nil {
		return Summary{Connector: name}, err
	}
	r.log.Info("sync started", slog.String("connector", name), slog.String("cursor", cursor))
	syncErr := c.Sync(ctx, cursor, run)
	// What was handed over before a failure stays stored (the contract); the cursor does not move.
	// This also waits for the batch in flight: no writer outlives the run. After a failed write
	// nothing more is written, and its error, which the connector may have returned already, is
	// reported once.
	flushErr := run.sync(context.WithoutCancel(ctx))
	if syncErr != nil && flushErr != nil && errors.Is(syncErr, flushErr) {
		flushErr = nil
	}
	run.sum.Took = time.Since(start)
	run.sum.Cursor, _ = r.Cursor(context.WithoutCancel(ctx), name)
	if err := errors.Join(syncErr, flushErr); err != nil {
		r.log.Error("sync failed", slog.String("connector", name), slog.String("summary", run.sum.String()), slog.Any("err", err))
		return run.sum, err
	}
	r.log.Info("sync done", slog.String("connector", name), slog.String("summary", run.sum.String()))
	return run.sum, nil
}

// Cursor is the connector's stored cursor ("" before its first checkpoint).
func (r *Runner) Cursor(ctx context.Context, connector string) (string, error) {
	v, _, err := r.cfg.Store.GetMeta(ctx, cursorKey(connector))
	return string(v), err
}

// RecordGraph is the named graph of one source record.
func (r *Runner) RecordGraph(connector, key string) rdf.IRI {
	return rdfio.MustIRI(r.cfg.Base + "graph/source/" + connector + "/" + url.PathEscape(key))
}

// ConnectorGraph is the named graph holding the provenance of a connector's records.
func (r *Runner) ConnectorGraph(connector string) rdf.IRI {
	return rdfio.MustIRI(r.cfg.Base + "graph/source/" + connector)
}

// SourceAgent is the IRI of the source system a connector reads (a prov:SoftwareAgent).
func (r *Runner) SourceAgent(connector string) rdf.IRI {
	return rdfio.MustIRI(r.cfg.Base + "source/" + connector)
}

func cursorKey(connector string) string  { return "sync/" + connector + "/cursor" }
func seenPrefix(connector string) string { return "sync/" + connector + "/seen/" }
func quarantinePrefix(connector string) string {
	if connector == "" {
		return "quarantine/"
	}
	return "quarantine/" + connector + "/"
}
