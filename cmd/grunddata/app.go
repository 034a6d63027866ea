package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"github.com/knakk/rdf"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/grunddata/grunddata/examples/exempelby"
	"github.com/grunddata/grunddata/hub/alias"
	"github.com/grunddata/grunddata/hub/catalog"
	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/hub/fragments"
	hubhttp "github.com/grunddata/grunddata/hub/http"
	"github.com/grunddata/grunddata/hub/jsonld"
	"github.com/grunddata/grunddata/hub/ldes"
	"github.com/grunddata/grunddata/hub/master"
	"github.com/grunddata/grunddata/hub/opendata"
	"github.com/grunddata/grunddata/hub/reconcile"
	"github.com/grunddata/grunddata/hub/replicate"
	"github.com/grunddata/grunddata/hub/resource"
	"github.com/grunddata/grunddata/hub/store"
	hubsync "github.com/grunddata/grunddata/hub/sync"
	"github.com/grunddata/grunddata/hub/validation"
	"github.com/grunddata/grunddata/hub/xref"
	"github.com/grunddata/grunddata/model"
	"github.com/grunddata/grunddata/vocab"
)

// app is one hub wired together: the store, the model and the services over them.
type app struct {
	cfg       config.Config
	store     *store.Store
	resources *resource.Service
	jsonld    *jsonld.Processor
	handler   *hubhttp.Server
	opendata  *opendata.Source // the open part of the hub's own data (dumps, catalogue, fragments, feeds)
	catalog   *catalog.Catalog
	master    *master.Service // golden records and stewardship
	sync      *hubsync.Runner // runs the configured connectors (sync.go)
	ldes      *ldes.Stream    // the change feed of the open data
	onClose   []func()        // run by Close before the store closes (e.g. stopping in-process demo sources)
}

// loadConfig reads the config file, or the demo municipality's config for --demo without one, or the
// defaults; then adds the tokens from GRUNDDATA_TOKENS.
func loadConfig(path string, demo bool) (config.Config, error) {
	var cfg config.Config
	var err error
	switch {
	case path != "":
		cfg, err = config.Load(path)
	case demo:
		cfg, err = config.Parse(exempelby.Config, "examples/exempelby/config.yaml")
	default:
		cfg = config.Defaults()
	}
	if err != nil {
		return cfg, err
	}
	cfg.Tokens = append(cfg.Tokens, config.TokensFromEnv(os.Getenv("GRUNDDATA_TOKENS"))...)
	return cfg, nil
}

// openApp opens the store in cfg.Data (or in memory when inMemory) and wires the hub.
func openApp(cfg config.Config, inMemory bool, log *slog.Logger) (*app, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	st, err := store.Open(cfg.Data, store.Options{InMemory: inMemory, Logger: log})
	if err != nil {
		return nil, err
	}
	a, err := wire(cfg, st, log)
	if err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

func wire(cfg config.Config, st *store.Store, log *slog.Logger) (*app, error) {
	schema, err := hubSchema(cfg)
	if err != nil {
		return nil, err
	}
	validator, err := model.NewDocumentValidator(schema)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	contextDoc, modelFiles, err := modelArtefacts(cfg, schema)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	ld, err := jsonld.NewProcessor(cfg.Base+"context.jsonld", contextDoc)
	if err != nil {
		return nil, fmt.Errorf("jsonld: %w", err)
	}
	extraShapes, err := localShapes(cfg, ld)
	if err != nil {
		return nil, err
	}
	checks, err := validation.New(validation.Config{Schema: schema, Extra: extraShapes, Documents: ld, Base: cfg.Base})
	if err != nil {
		return nil, fmt.Errorf("shapes: %w", err)
	}
	aliases := alias.New(st, cfg.Base)
	golden := newMaster(cfg, st)
	resources := resource.New(resource.Config{Store: st, Schema: schema, Validator: validator, Documents: ld, Shapes: checks.Model(), Base: cfg.Base,
		Aliases: aliases, Golden: golden.GoldenGraph(), AfterWrite: rebuildPerson(cfg, golden)})
	open := opendata.New(opendata.Config{Store: st, Resources: resources, Base: cfg.Base})
	cat, err := catalog.New(catalog.Config{Base: cfg.Base, Municipality: cfg.Municipality, Source: open, Store: st, JSONLD: ld})
	if err != nil {
		return nil, err
	}
	runner, err := newSyncRunner(cfg, st, resources, checks.Shapes(), log)
	if err != nil {
		return nil, err
	}
	feed := ldes.New(ldes.Config{Store: st, Source: open, PageSize: cfg.Feed.PageSize})
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerSyncMetrics(reg, runner)
	srv, err := hubhttp.New(hubhttp.Config{
		Base: cfg.Base, Resources: resources, JSONLD: ld, Auth: config.NewAuthenticator(cfg.Tokens),
		Context: contextDoc, ModelFiles: modelFiles, Ontology: vocab.OntologyTurtle,
		Health: func(ctx context.Context) error {
			_, err := st.LastSeq(ctx)
			return err
		},
		Registry: reg, Logger: log,
		Catalog: cat, Fragments: fragments.New(fragments.Config{Source: open, Store: st}),
		LDES: feed, Replicas: replicate.Replicas{Store: st, Base: cfg.Base},
		Reconciler: reconcile.New(reconcile.Config{Store: st, Base: cfg.Base, Name: reconcileName(cfg), Aliases: aliases, Golden: golden.GoldenGraph(),
			MaxStale: reconcileMaxStale}),
		Steward: golden, Xref: xref.New(st, cfg.Base),
		Validation: checks,
		Quarantine: runner,
	})
	if err != nil {
		return nil, err
	}
	return &app{cfg: cfg, store: st, resources: resources, jsonld: ld, handler: srv, opendata: open, catalog: cat, master: golden, sync: runner, ldes: feed}, nil
}

func (a *app) Close() error {
	for _, f := range a.onClose {
		f()
	}
	return a.store.Close()
}

const demoLoadedKey = "demo/loaded"

// loadDemo loads the example municipality into its own graph, once: a restart keeps what the demo
// user changed since.
func (a *app) loadDemo(ctx context.Context, log *slog.Logger) error {
	if _, loaded, err := a.store.GetMeta(ctx, demoLoadedKey); err != nil || loaded {
		return err
	}
	graph, err := rdf.NewIRI(a.cfg.Base + "graph/demo")
	if err != nil {
		return err
	}
	quads, err := exempelby.Quads(a.cfg.Base, graph)
	if err != nil {
		return err
	}
	cs := store.Changeset{Add: quads}
	if _, err := a.store.Apply(ctx, cs); err != nil {
		return err
	}
	log.Info("loaded the demo municipality", slog.Int("quads", len(cs.Add)), slog.String("graph", graph.String()))
	return a.store.SetMeta(ctx, demoLoadedKey, []byte("1"))
}

// modelGenerated is the embedded tree of generated model artefacts.
func modelGenerated() fs.FS { return model.Generated }
