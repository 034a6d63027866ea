package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/grunddata/grunddata/examples/demosources"
	"github.com/grunddata/grunddata/hub/config"
)

// demoSourcesCmd serves the Exempelby demo source systems (SS 12000, Enhetsregisteret) until
// interrupted, so that `grunddata sync` can be tried against them.
func demoSourcesCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo-sources", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8091", "listen address HOST:PORT")
	if err := fs.Parse(args); err != nil {
		return err
	}
	srv, err := demosources.StartExempelby(*addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo sources of Exempelby on %s\n  SS 12000:          %s%s (bearer token %s)\n  Enhetsregisteret:  %s%s\n",
		srv.URL, srv.URL, demosources.SS12000Path, demosources.Token, srv.URL, demosources.BrregPath)
	<-ctx.Done()
	return srv.Close()
}

// startDemoSources serves the demo sources in-process on a free port and points the config's
// ss12000 and enhetsregisteret connectors at them, so that `serve --demo` syncs offline. The
// returned function stops them.
func startDemoSources(cfg *config.Config, log *slog.Logger) (func(), error) {
	srv, err := demosources.StartExempelby("127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	types := make([]string, len(cfg.Connectors))
	settings := make([]map[string]string, len(cfg.Connectors))
	for i, c := range cfg.Connectors {
		types[i], settings[i] = c.Type, c.Settings
	}
	if err := srv.Apply(types, settings); err != nil {
		_ = srv.Close()
		return nil, err
	}
	for i := range cfg.Connectors {
		cfg.Connectors[i].Settings = settings[i]
	}
	log.Info("demo sources are serving", slog.String("url", srv.URL))
	return func() { _ = srv.Close() }, nil
}
