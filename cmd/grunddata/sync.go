package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/knakk/rdf"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/connectors/registry"
	"github.com/grunddata/grunddata/examples/exempelby"
	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/hub/resource"
	"github.com/grunddata/grunddata/hub/shacl"
	"github.com/grunddata/grunddata/hub/store"
	hubsync "github.com/grunddata/grunddata/hub/sync"
)

// newSyncRunner wires the sync runner: persons get customer numbers from the resource layer (in
// reserved blocks), and each record is checked against the hub's shapes — the model's, with the
// config's extension and local shapes — as they apply to one record (hub/sync.RecordShapes) before
// it is stored.
func newSyncRunner(cfg config.Config, st *store.Store, resources *resource.Service, shapes []rdf.Triple, log *slog.Logger) (*hubsync.Runner, error) {
	v, err := shacl.Compile(hubsync.RecordShapes(shapes))
	if err != nil {
		return nil, fmt.Errorf("record shapes: %w", err)
	}
	return hubsync.New(hubsync.Config{
		Store: st, Base: cfg.Base, Allocate: resources.CustomerNumbers(1024).Next, Validate: hubsync.SHACL(v), Logger: log,
	}), nil
}

// connector builds the configured connector called name.
func (a *app) connector(name string) (connectors.Connector, error) {
	for _, c := range a.cfg.Connectors {
		if c.Name == name {
			return registry.New(c.Type, c.Name, c.Settings)
		}
	}
	names := make([]string, 0, len(a.cfg.Connectors))
	for _, c := range a.cfg.Connectors {
		names = append(names, c.Name)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("the config has no connectors")
	}
	return nil, fmt.Errorf("no connector %q in the config (configured: %s)", name, strings.Join(names, ", "))
}

// runConnector runs one connector, printing progress to w, and returns its summary.
func (a *app) runConnector(ctx context.Context, name string, full bool, w io.Writer) (hubsync.Summary, error) {
	c, err := a.connector(name)
	if err != nil {
		return hubsync.Summary{Connector: name}, err
	}
	last := time.Now()
	progress := func(done, total int) {
		if w == nil || time.Since(last) < 2*time.Second {
			return
		}
		last = time.Now()
		if total > 0 {
			fmt.Fprintf(w, "%s: %d of %d records\n", name, done, total)
		} else {
			fmt.Fprintf(w, "%s: %d records\n", name, done)
		}
	}
	return a.sync.Run(ctx, c, hubsync.RunOptions{Full: full, Progress: progress})
}

// syncFlags are the flags of the commands that open the hub to sync.
type syncFlags struct {
	config, data *string
	demo         *bool
}

func addSyncFlags(fs *flag.FlagSet) syncFlags {
	return syncFlags{
		config: fs.String("config", "", "config file (YAML) with the connectors"),
		data:   fs.String("data", "", "store directory (default from config, else ./data)"),
		demo:   fs.Bool("demo", false, "use the demo municipality's config and source files"),
	}
}

func (f syncFlags) open(log *slog.Logger) (*app, error) {
	cfg, err := loadConfig(*f.config, *f.demo)
	if err != nil {
		return nil, err
	}
	if *f.data != "" {
		cfg.Data = *f.data
	}
	if *f.demo {
		if err := demoSources(&cfg); err != nil {
			return nil, err
		}
	}
	a, err := openApp(cfg, false, log)
	if err != nil || !*f.demo {
		return a, err
	}
	stop, err := startDemoSources(&a.cfg, log) // the demo's API sources, in-process (demosources.go)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.onClose = append(a.onClose, stop)
	return a, nil
}

// syncCmd is `grunddata sync NAME…`: run connectors once, print each summary.
func syncCmd(ctx context.Context, args []string, stdout, stderr io.Writer, log *slog.Logger) error {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := addSyncFlags(fs)
	full := fs.Bool("full", false, "read the whole source again, ignoring the stored cursor")
	all := fs.Bool("all", false, "run every configured connector")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := f.open(quietLogger(stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	names := fs.Args()
	if *all {
		names = nil
		for _, c := range a.cfg.Connectors {
			names = append(names, c.Name)
		}
	}
	if len(names) == 0 {
		fmt.Fprintln(stderr, "usage: grunddata sync [--config FILE] [--data DIR] [--full] NAME… | --all")
		return exitError(2)
	}
	var failed error
	for _, name := range names {
		sum, err := a.runConnector(ctx, name, *full, stderr)
		fmt.Fprintln(stdout, sum)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v (the next sync resumes from cursor %q)\n", name, err, sum.Cursor)
			failed = errors.Join(failed, err)
		}
	}
	if failed != nil {
		return exitError(1)
	}
	return nil
}

// quarantineCmd is `grunddata quarantine list|retry [--connector NAME]`.
func quarantineCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "retry") {
		fmt.Fprintln(stderr, "usage: grunddata quarantine list|retry [--config FILE] [--data DIR] [--connector NAME]")
		return exitError(2)
	}
	fs := flag.NewFlagSet("quarantine "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := addSyncFlags(fs)
	only := fs.String("connector", "", "only this connector")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := f.open(quietLogger(stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	entries, err := a.sync.Quarantined(ctx, *only)
	if err != nil {
		return err
	}
	if args[0] == "list" {
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CONNECTOR\tKEY\tSINCE\tREASON")
		for _, e := range entries {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Connector, e.Key, e.Time.Format(time.RFC3339), e.Reason)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "%d quarantined record(s)\n", len(entries))
		return nil
	}
	// retry: read every connector with quarantined records again from the start; what the source
	// fixed leaves the quarantine, what is still wrong stays with its (new) reason.
	seen := map[string]bool{}
	for _, e := range entries {
		if seen[e.Connector] {
			continue
		}
		seen[e.Connector] = true
		sum, err := a.runConnector(ctx, e.Connector, true, stderr)
		fmt.Fprintln(stdout, sum)
		if err != nil {
			return err
		}
	}
	left, err := a.sync.Quarantined(ctx, *only)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%d record(s) left the quarantine, %d remain\n", max(0, len(entries)-len(left)), len(left))
	return nil
}

func quietLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// scheduler runs the configured connectors: each once at start when runNow, then every its
// schedule. One connector never runs twice at once (the runner refuses); different ones may.
func (a *app) startSchedules(ctx context.Context, runNow bool, log *slog.Logger) (wait func()) {
	var wg sync.WaitGroup
	for _, c := range a.cfg.Connectors {
		var every time.Duration
		if c.Schedule != "" {
			every, _ = time.ParseDuration(c.Schedule) // checked by config.Validate
		}
		if every == 0 && !runNow {
			continue
		}
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			run := func() {
				sum, err := a.runConnector(ctx, name, false, nil)
				if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, hubsync.ErrRunning) {
					log.Error("scheduled sync failed", slog.String("connector", name), slog.Any("err", err))
					return
				}
				if err == nil {
					log.Info("scheduled sync", slog.String("connector", name), slog.String("summary", sum.String()))
				}
			}
			if runNow {
				run()
			}
			if every == 0 {
				return
			}
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					run()
				}
			}
		}(c.Name)
	}
	return wg.Wait
}

// demoSources points the demo config's file connectors at the example source files: in the
// repository when run from its root, else a copy of the embedded ones in the data directory.
func demoSources(cfg *config.Config) error {
	const prefix = "examples/exempelby/"
	var dir string
	for i, c := range cfg.Connectors {
		p := c.Settings["path"]
		if !strings.HasPrefix(p, prefix) {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			continue
		}
		if dir == "" {
			dir = filepath.Join(cfg.Data, "demo-sources")
			if err := copyFS(dir, exempelby.Sources); err != nil {
				return fmt.Errorf("demo sources: %w", err)
			}
		}
		settings := make(map[string]string, len(c.Settings))
		for k, v := range c.Settings {
			settings[k] = v
		}
		settings["path"] = filepath.Join(dir, strings.TrimPrefix(p, prefix+"sources/"))
		cfg.Connectors[i].Settings = settings
	}
	return nil
}

func copyFS(dir string, src fs.FS) error {
	return fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// registerSyncMetrics exports what the connectors' runs did as Prometheus metrics.
func registerSyncMetrics(reg *prometheus.Registry, r *hubsync.Runner) {
	records := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "grunddata_sync_records_total",
		Help: "Source records handled by connector runs, by outcome (created, updated, unchanged, deleted, quarantined).",
	}, []string{"connector", "outcome"})
	runs := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "grunddata_sync_runs_total",
		Help: "Connector runs, by result (ok, error).",
	}, []string{"connector", "result"})
	lastOK := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "grunddata_sync_last_success_timestamp_seconds",
		Help: "When a connector last finished a run without error (Unix time).",
	}, []string{"connector"})
	quarantined := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "grunddata_sync_quarantined_records",
		Help: "Records in quarantine after a connector's last run.",
	}, []string{"connector"})
	reg.MustRegister(records, runs, lastOK, quarantined)
	r.Observe(func(s hubsync.Summary, err error) {
		for outcome, n := range map[string]int{"created": s.Created, "updated": s.Updated, "unchanged": s.Unchanged,
			"deleted": s.Deleted, "quarantined": s.Quarantined} {
			records.WithLabelValues(s.Connector, outcome).Add(float64(n))
		}
		if err != nil {
			if !errors.Is(err, hubsync.ErrRunning) {
				runs.WithLabelValues(s.Connector, "error").Inc()
			}
			return
		}
		runs.WithLabelValues(s.Connector, "ok").Inc()
		lastOK.WithLabelValues(s.Connector).SetToCurrentTime()
		if q, err := r.Quarantined(context.Background(), s.Connector); err == nil {
			quarantined.WithLabelValues(s.Connector).Set(float64(len(q)))
		}
	})
}
