// Command grunddata is the master-data hub: one binary that serves the hub, imports and exports its
// store, and generates and checks the information model. This package only wires: flags and config
// in, the hub's packages out.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

const usage = `grunddata — the master-data hub for Nordic municipalities

Usage:
  grunddata serve  [--config FILE] [--addr HOST:PORT] [--data DIR] [--base URI] [--demo] [--follow PEER_BASE]...
  grunddata replicate --from PEER_BASE [--config FILE] [--data DIR] [--base URI]
  grunddata import [--config FILE] [--data DIR] [--graph IRI] [--format nq|nt|ttl|rdf|jsonld] FILE...
  grunddata export [--config FILE] [--data DIR] [--graph IRI] [--out FILE]
  grunddata demo-sources [--addr HOST:PORT]
  grunddata model generate [--out DIR] [--extension EXT.yaml]
  grunddata model check [SCHEMA.yaml | EXT.yaml]
  grunddata master rebuild [--config FILE] [--data DIR]
  grunddata steward list|scan|merge|reject|unmerge|decisions [--why TEXT] [--as NAME] ...
  grunddata validate [--shapes FILE]... [--format turtle|ntriples|jsonld|text] [--fail-on info|warning|violation] [--config FILE] DATA...
  grunddata match-eval [--n 100000] [--dup 0.1] [--seed N] [--upper S] [--lower S] [--weights FILE|em] [--json]
  grunddata sync   [--config FILE] [--data DIR] [--demo] [--full] NAME… | --all
  grunddata quarantine list|retry [--config FILE] [--data DIR] [--demo] [--connector NAME]

Tokens for internal data come from the config file and from GRUNDDATA_TOKENS
(comma-separated, each "secret" or "name:secret").
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	var exit exitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		os.Exit(int(exit))
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "grunddata:", err)
		os.Exit(1)
	}
}

// exitError ends the program with a status and no further message (the command printed its own).
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError(2)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stderr, log)
	case "replicate":
		return replicateCmd(ctx, args[1:], stdout, stderr, log)
	case "import":
		return importCmd(ctx, args[1:], stderr)
	case "export":
		return exportCmd(ctx, args[1:], stdout, stderr)
	case "demo-sources":
		return demoSourcesCmd(ctx, args[1:], stdout, stderr)
	case "model":
		return modelCmd(args[1:], stdout, stderr)
	case "steward":
		return stewardCmd(ctx, args[1:], stdout, stderr)
	case "master":
		return masterCmd(ctx, args[1:], stdout, stderr)
	case "validate":
		return validateCmd(args[1:], stdout, stderr)
	case "match-eval":
		return matchEvalCmd(args[1:], stdout, stderr)
	case "sync":
		return syncCmd(ctx, args[1:], stdout, stderr, log)
	case "quarantine":
		return quarantineCmd(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", args[0], usage)
		return exitError(2)
	}
}
