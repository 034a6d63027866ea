package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

func serve(ctx context.Context, args []string, stderr io.Writer, log *slog.Logger) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "config file (YAML); default: built-in defaults, or the demo municipality's with --demo")
	addr := fs.String("addr", "", "listen address HOST:PORT (default from config, else localhost:8080)")
	data := fs.String("data", "", "store directory (default from config, else ./data)")
	base := fs.String("base", "", "base URI of the hub, ending in / (default http://ADDR/)")
	demo := fs.Bool("demo", false, "load the example municipality Exempelby on first start")
	var follow peerList
	fs.Var(&follow, "follow", "base URI of a peer hub whose open data this hub replicates and keeps following (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath, *demo)
	if err != nil {
		return err
	}
	if *addr != "" {
		cfg.Addr = *addr
		if *base == "" && (*configPath == "" || cfg.Base == "") {
			cfg.Base = baseFor(*addr)
		}
	}
	if *data != "" {
		cfg.Data = *data
	}
	if *base != "" {
		cfg.Base = *base
	}
	if *demo {
		if err := demoSources(&cfg); err != nil {
			return err
		}
	}
	a, err := openApp(cfg, false, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if *demo {
		if err := a.loadDemo(ctx, log); err != nil {
			return err
		}
		stopSources, err := startDemoSources(&a.cfg, log)
		if err != nil {
			return err
		}
		defer stopSources()
	}
	defer a.startSchedules(ctx, *demo, log)() // connectors: once now with --demo, then on schedule; waited for before the store closes

	bg, stopBackground := context.WithCancel(ctx)
	wait, err := a.background(bg, follow, log)
	if err != nil {
		stopBackground()
		return err
	}
	defer func() { stopBackground(); wait() }()

	// Golden records follow the sources: whatever a sync or an import changed is rebuilt. Waited for
	// before the store closes.
	followCtx, stopFollow := context.WithCancel(ctx)
	followed := make(chan struct{})
	go func() { defer close(followed); a.master.Follow(followCtx, a.store, 2*time.Second, log) }()
	defer func() { stopFollow(); <-followed }()

	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.handler, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	log.Info("grunddata is serving", slog.String("base", a.cfg.Base), slog.String("addr", ln.Addr().String()), slog.String("data", a.cfg.Data))

	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	// Stop taking requests, let those in flight finish (their writes are acknowledged only once
	// committed), then close the store so everything is flushed to disk.
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// baseFor turns a listen address into a base URI a local client can use.
func baseFor(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr + "/"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return "http://" + net.JoinHostPort(strings.Trim(host, "[]"), port) + "/"
}
