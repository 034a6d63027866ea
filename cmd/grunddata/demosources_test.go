package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/grunddata/grunddata/connectors/connectortest"
	"github.com/grunddata/grunddata/connectors/enhetsregisteret"
	"github.com/grunddata/grunddata/connectors/ss12000"
)

// TestDemoConfigSyncsFromDemoSources: the demo config's connectors, pointed at the in-process demo
// sources as serve --demo does, sync the Exempelby data.
func TestDemoConfigSyncsFromDemoSources(t *testing.T) {
	cfg, err := loadConfig("", true)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	stop, err := startDemoSources(&cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	seen := map[string]int{}
	for _, c := range cfg.Connectors {
		sink := connectortest.NewSink(cfg.Base)
		var err error
		switch c.Type {
		case ss12000.Type:
			var conn *ss12000.Connector
			if conn, err = ss12000.New(c.Name, c.Settings); err == nil {
				err = conn.Sync(context.Background(), "", sink)
			}
		case enhetsregisteret.Type:
			var conn *enhetsregisteret.Connector
			if conn, err = enhetsregisteret.New(c.Name, c.Settings); err == nil {
				err = conn.Sync(context.Background(), "", sink)
			}
		default:
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		seen[c.Type] = len(sink.Keys())
	}
	if seen[ss12000.Type] < 20 || seen[enhetsregisteret.Type] < 5 {
		t.Errorf("records synced by type: %v", seen)
	}
}

func TestDemoSourcesCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // serve, print where, and stop at once
	var out strings.Builder
	if err := run(ctx, []string{"demo-sources", "--addr", "127.0.0.1:0"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/ss12000/v2", "/enhetsregisteret/api", "exempelby-ss12000-demo-token"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
