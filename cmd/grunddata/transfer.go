package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/hub/jsonld"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/model"
)

// storeFlags are the flags shared by the commands that open the store directly.
type storeFlags struct {
	config, data, graph *string
}

func addStoreFlags(fs *flag.FlagSet) storeFlags {
	return storeFlags{
		config: fs.String("config", "", "config file (YAML) for the base URI and store directory"),
		data:   fs.String("data", "", "store directory (default from config, else ./data)"),
		graph:  fs.String("graph", "", "named graph IRI"),
	}
}

func (f storeFlags) open(quiet *slog.Logger) (config.Config, *store.Store, error) {
	cfg, err := loadConfig(*f.config, false)
	if err != nil {
		return cfg, nil, err
	}
	if *f.data != "" {
		cfg.Data = *f.data
	}
	if err := cfg.Validate(); err != nil {
		return cfg, nil, err
	}
	st, err := store.Open(cfg.Data, store.Options{Logger: quiet})
	return cfg, st, err
}

var mediaTypeByExt = map[string]string{
	".nq": "application/n-quads", ".nt": "application/n-triples", ".ttl": "text/turtle", ".trig": "application/trig",
	".rdf": "application/rdf+xml", ".xml": "application/rdf+xml", ".jsonld": "application/ld+json", ".json": "application/ld+json",
}

var mediaTypeByName = map[string]string{
	"nq": "application/n-quads", "nt": "application/n-triples", "ttl": "text/turtle", "trig": "application/trig", "rdf": "application/rdf+xml", "jsonld": "application/ld+json",
}

func importCmd(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sf := addStoreFlags(fs)
	format := fs.String("format", "", "input syntax: nq, nt, ttl, trig, rdf or jsonld (default: from each file's extension)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("import: name at least one file")
	}
	cfg, st, err := sf.open(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer st.Close()
	graphIRI := *sf.graph
	if graphIRI == "" {
		graphIRI = cfg.Base + "graph/import"
	}
	graph, err := rdf.NewIRI(graphIRI)
	if err != nil {
		return fmt.Errorf("import: --graph %q: %w", graphIRI, err)
	}
	for _, path := range fs.Args() {
		mt := mediaTypeByName[*format]
		if mt == "" {
			mt = mediaTypeByExt[strings.ToLower(filepath.Ext(path))]
		}
		if mt == "" {
			return fmt.Errorf("import %s: cannot tell the syntax from the extension; use --format", path)
		}
		n, err := importFile(ctx, st, cfg, path, mt, graph, stderr)
		if err != nil {
			return fmt.Errorf("import %s: %w (quads before the error are stored; run the import again after fixing the file, it skips what is there)", path, err)
		}
		fmt.Fprintf(stderr, "%s: %d new quads in <%s>\n", path, n, graph)
	}
	return nil
}

// blankPrefix scopes a file's blank nodes to that file and graph: importing two files never merges
// their blank nodes, importing the same file again adds nothing.
func blankPrefix(path string, graph rdf.IRI) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	sum := sha256.Sum256([]byte(abs + "\x00" + graph.String()))
	return "f" + hex.EncodeToString(sum[:6]) + "-"
}

func importFile(ctx context.Context, st *store.Store, cfg config.Config, path, mediaType string, graph rdf.IRI, stderr io.Writer) (int, error) {
	prefix := blankPrefix(path, graph)
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	progress := newProgress(stderr, filepath.Base(path), size)
	defer progress.done()
	if mediaType == "application/n-quads" || mediaType == "application/n-triples" {
		return st.ImportNQuads(ctx, progress.reader(f), store.ImportOptions{DefaultGraph: graph, Progress: progress.quads, BlankPrefix: prefix})
	}
	var quads []rdf.Quad
	if mediaType == "application/ld+json" {
		contextDoc, err := fs.ReadFile(model.Generated, "generated/context.jsonld")
		if err != nil {
			return 0, err
		}
		ld, err := jsonld.NewProcessor(cfg.Base+"context.jsonld", contextDoc)
		if err != nil {
			return 0, err
		}
		b, err := io.ReadAll(progress.reader(f))
		if err != nil {
			return 0, err
		}
		triples, err := ld.ToRDF(b, cfg.Base)
		if err != nil {
			return 0, err
		}
		for _, t := range triples {
			quads = append(quads, rdf.Quad{Triple: t, Ctx: graph})
		}
	} else if quads, err = rdfio.ParseQuads(progress.reader(f), mediaType, cfg.Base, graph); err != nil {
		return 0, err
	}
	rdfio.ScopeBlankNodes(quads, prefix)
	bl := st.NewBulkLoader(store.BulkOptions{Progress: progress.quads})
	for _, q := range quads {
		if err := bl.Add(ctx, q); err != nil {
			bl.Close()
			return bl.Loaded(), err
		}
	}
	err = bl.Close()
	return bl.Loaded(), err
}

func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sf := addStoreFlags(fs)
	out := fs.String("out", "", "output file (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	_, st, err := sf.open(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer st.Close()
	var p store.Pattern
	if *sf.graph != "" {
		g, err := rdf.NewIRI(*sf.graph)
		if err != nil {
			return fmt.Errorf("export: --graph %q: %w", *sf.graph, err)
		}
		p.G = g
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	start := time.Now()
	n, err := st.ExportNQuads(ctx, w, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "exported %d quads in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
