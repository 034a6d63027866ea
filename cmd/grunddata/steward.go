package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/hub/master"
	"github.com/grunddata/grunddata/hub/store"
)

// newMaster wires the golden records and stewardship over a store.
func newMaster(cfg config.Config, st *store.Store) *master.Service {
	return master.New(master.Config{Store: st, Base: cfg.Base, Sources: cfg.SourcePriority()})
}

// rebuildPerson keeps a person's golden record current after a write through the API.
func rebuildPerson(cfg config.Config, m *master.Service) func(ctx context.Context, iri rdf.IRI) error {
	prefix := cfg.Base + "id/person/"
	return func(ctx context.Context, iri rdf.IRI) error {
		if !strings.HasPrefix(iri.String(), prefix) {
			return nil
		}
		_, err := m.RebuildPerson(ctx, iri)
		return err
	}
}

// masterCmd runs `grunddata master rebuild`.
func masterCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rebuild" {
		fmt.Fprintln(stderr, "usage: grunddata master rebuild [--config FILE] [--data DIR]")
		return exitError(2)
	}
	fs := flag.NewFlagSet("master rebuild", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sf := addStoreFlags(fs)
	if _, err := parseInterleaved(fs, args[1:]); err != nil {
		return err
	}
	cfg, st, err := sf.open(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	stats, err := newMaster(cfg, st).Rebuild(ctx, func(done, total int) {
		if done%1000 == 0 || done == total {
			fmt.Fprintf(stderr, "golden records: %d/%d\n", done, total)
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rebuilt %d golden records, %d quads changed, in %s\n", stats.Persons, stats.Changed, time.Since(start).Round(time.Millisecond))
	return nil
}

const stewardUsage = `usage:
  grunddata steward list      [--json]                                 the review queue with its evidence
  grunddata steward scan                                               match everyone: merge the certain, queue the doubtful
  grunddata steward merge     SURVIVOR OTHER --why TEXT [--as NAME]    OTHER becomes an alias of SURVIVOR
  grunddata steward reject    A B --why TEXT [--as NAME]               not a duplicate: never proposed again
  grunddata steward unmerge   OTHER --why TEXT [--as NAME]             undo OTHER's merge
  grunddata steward decisions [--json]                                 every decision: who, when, why
(each also takes --config FILE and --data DIR; NAME defaults to cli:$USER)
`

// stewardCmd runs `grunddata steward …`.
func stewardCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, stewardUsage)
		return exitError(2)
	}
	sub := args[0]
	fs := flag.NewFlagSet("steward "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	sf := addStoreFlags(fs)
	why := fs.String("why", "", "why you decide so (recorded)")
	as := fs.String("as", "cli:"+os.Getenv("USER"), "who decides (recorded)")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	want := map[string]int{"list": 0, "scan": 0, "decisions": 0, "merge": 2, "reject": 2, "unmerge": 1}
	n, ok := want[sub]
	if !ok || len(pos) != n {
		fmt.Fprint(stderr, stewardUsage)
		return exitError(2)
	}
	if n > 0 && strings.TrimSpace(*why) == "" {
		return fmt.Errorf("steward %s: say why with --why", sub)
	}
	cfg, st, err := sf.open(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer st.Close()
	m := newMaster(cfg, st)
	switch sub {
	case "list":
		cases, err := m.Queue(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(stdout, cases)
		}
		printCases(stdout, cases)
	case "scan":
		stats, err := m.Scan(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "compared %d persons (%d pairs) in %s: %d merged, %d queued for review\n",
			stats.Persons, stats.Comparisons, stats.Took, stats.Merged, stats.Queued)
	case "decisions":
		ds, err := m.Decisions(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(stdout, ds)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tACTION\tA\tB\tWHO\tWHEN\tWHY")
		for _, d := range ds {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.Action, d.A, d.B, d.Agent, d.Time.Format("2006-01-02 15:04:05Z07:00"), d.Why)
		}
		return tw.Flush()
	default:
		var d master.Decision
		switch sub {
		case "merge":
			d, err = m.Merge(ctx, pos[0], pos[1], *as, *why)
		case "reject":
			d, err = m.Reject(ctx, pos[0], pos[1], *as, *why)
		case "unmerge":
			d, err = m.Unmerge(ctx, pos[0], *as, *why)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "decision %s: %s %s %s by %s\n", d.ID, d.Action, d.A, d.B, d.Agent)
	}
	return nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printCases writes the queue for people: each pair, then its field-by-field evidence.
func printCases(w io.Writer, cases []master.Case) {
	if len(cases) == 0 {
		fmt.Fprintln(w, "the review queue is empty")
		return
	}
	for _, c := range cases {
		fmt.Fprintf(w, "%s  score %.1f  %s\n", c.ID, c.Score, c.Reason)
		for _, r := range []master.Record{c.A, c.B} {
			prot := ""
			if r.Protected {
				prot = "  [protected identity]"
			}
			fmt.Fprintf(w, "  %s  %s  %s  %s%s\n", r.CustomerNumber, r.Name, r.BirthDate, r.Address, prot)
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, f := range c.Fields {
			fmt.Fprintf(tw, "    %s\t%s\t%.2f\t%+.2f\t%s\n", f.Field, f.Level, f.Similarity, f.Weight, f.Note)
		}
		tw.Flush()
	}
}
