package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/grunddata/grunddata/hub/replicate"
)

// peerList is the repeatable --follow flag.
type peerList []string

func (p *peerList) String() string { return strings.Join(*p, ",") }

func (p *peerList) Set(v string) error {
	if !strings.HasSuffix(v, "/") {
		v += "/"
	}
	*p = append(*p, v)
	return nil
}

// replicateCmd is `grunddata replicate --from PEER_BASE`: one catch-up with the peer's change feed
// into this hub's store, then exit. Run it again (or serve --follow) to continue where it stopped.
func replicateCmd(ctx context.Context, args []string, stdout, stderr io.Writer, log *slog.Logger) error {
	fs := flag.NewFlagSet("replicate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "config file (YAML); default: built-in defaults")
	data := fs.String("data", "", "store directory (default from config, else ./data)")
	base := fs.String("base", "", "base URI of this hub (default from config)")
	from := fs.String("from", "", "base URI of the peer hub to replicate (its change feed is PEER_BASE/ldes)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: grunddata replicate --from PEER_BASE [--config FILE] [--data DIR] [--base URI]")
		return exitError(2)
	}
	cfg, err := loadConfig(*configPath, false)
	if err != nil {
		return err
	}
	if *data != "" {
		cfg.Data = *data
	}
	if *base != "" {
		cfg.Base = *base
	}
	a, err := openApp(cfg, false, log)
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	r, err := a.replicator(*from, log, func(st replicate.Stats) {
		if st.Pages%20 == 0 {
			fmt.Fprintf(stderr, "replicate: %d pages, %d members (%d deletions) in %s\n", st.Pages, st.Members, st.Deleted, time.Since(start).Round(time.Millisecond))
		}
	})
	if err != nil {
		return err
	}
	st, err := r.Once(ctx)
	if err != nil {
		return err
	}
	at, _ := r.Position(ctx)
	fmt.Fprintf(stdout, "replicated %s into %s: %d members (%d deletions) from %d pages, %d unchanged, %d skipped, in %s; up to %s\n",
		r.Feed(), r.Graph(), st.Members, st.Deleted, st.Pages, st.NotModified, st.Skipped, time.Since(start).Round(time.Millisecond), at.Format(time.RFC3339Nano))
	return nil
}

// replicator builds a Replicator from this hub to the peer.
func (a *app) replicator(peer string, log *slog.Logger, progress func(replicate.Stats)) (*replicate.Replicator, error) {
	if !strings.HasSuffix(peer, "/") && !strings.HasSuffix(peer, "/ldes") {
		peer += "/"
	}
	return replicate.New(replicate.Config{Store: a.store, Base: a.cfg.Base, Peer: peer, Logger: log, Progress: progress})
}

// background runs what a serving hub keeps doing besides answering requests: bringing its change
// feed up to date with the store, and following its peers. It returns when ctx ends.
func (a *app) background(ctx context.Context, peers []string, log *slog.Logger) (wait func(), err error) {
	var reps []*replicate.Replicator
	for _, p := range peers {
		r, err := a.replicator(p, log, nil)
		if err != nil {
			return nil, err
		}
		reps = append(reps, r)
	}
	done := make(chan struct{}, len(reps)+1)
	go func() {
		defer func() { done <- struct{}{} }()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			if _, err := a.ldes.Sync(ctx); err != nil && !errors.Is(err, context.Canceled) {
				log.Error("change feed: indexing failed", slog.Any("err", err))
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	for _, r := range reps {
		log.Info("following a peer", slog.String("feed", r.Feed()), slog.String("graph", r.Graph().String()))
		go func() {
			defer func() { done <- struct{}{} }()
			r.Follow(ctx, 0)
		}()
	}
	return func() {
		for range len(reps) + 1 {
			<-done
		}
	}, nil
}
