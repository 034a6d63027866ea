package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/grunddata/grunddata/hub/match"
	"github.com/grunddata/grunddata/hub/match/population"
)

// matchEvalCmd generates a synthetic population with known duplicates, deduplicates it with the
// matcher and reports pairwise quality, counts per outcome and throughput.
func matchEvalCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("match-eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 100000, "number of records, duplicates included")
	dup := fs.Float64("dup", 0.1, "share of the records that are duplicates (0–0.9)")
	seed := fs.Int64("seed", 1, "generator seed")
	upper := fs.Float64("upper", match.DefaultUpper, "score threshold of merge")
	lower := fs.Float64("lower", match.DefaultLower, "score threshold of review")
	weights := fs.String("weights", "", "a weights file (JSON, as hub/match/weights.json); 'em' to fit them to the generated data with EM")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	maxBlock := fs.Int("max-block", 0, "largest block compared in full (0: the matcher's default)")
	window := fs.Int("window", 0, "sorted-neighbourhood window in larger blocks (0: the matcher's default)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "match-eval takes no arguments, got %q\n", fs.Args())
		return exitError(2)
	}
	start := time.Now()
	recs, err := population.Generate(population.Config{N: *n, DupRate: *dup, Seed: *seed})
	if err != nil {
		return err
	}
	genTime := time.Since(start)
	ps := make([]match.Person, len(recs))
	for i := range recs {
		ps[i] = recs[i].Person
	}
	cfg := match.Config{Upper: *upper, Lower: *lower, MaxBlock: *maxBlock, Window: *window}
	var emShare float64
	var emTime time.Duration
	switch *weights {
	case "":
	case "em":
		t := time.Now()
		cfg.Weights, emShare = match.NewMatcher(cfg).EstimateEM(ps, 0)
		emTime = time.Since(t)
	default:
		b, err := os.ReadFile(*weights)
		if err != nil {
			return err
		}
		var w match.Weights
		if err := json.Unmarshal(b, &w); err != nil {
			return fmt.Errorf("%s: %w", *weights, err)
		}
		cfg.Weights = &w
	}
	m := match.NewMatcher(cfg)
	start = time.Now()
	proposed, st := m.Dedup(ps, nil)
	dedupTime := time.Since(start)
	rep := population.Evaluate(recs, proposed)

	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Records       int               `json:"records"`
			DupRate       float64           `json:"dupRate"`
			Seed          int64             `json:"seed"`
			Upper         float64           `json:"upper"`
			Lower         float64           `json:"lower"`
			Stats         match.Stats       `json:"stats"`
			Report        population.Report `json:"report"`
			DedupSeconds  float64           `json:"dedupSeconds"`
			RecordsPerSec float64           `json:"recordsPerSecond"`
			PairsPerSec   float64           `json:"comparisonsPerSecond"`
		}{*n, *dup, *seed, *upper, *lower, st, rep, dedupTime.Seconds(),
			float64(st.Records) / dedupTime.Seconds(), float64(st.Compared) / dedupTime.Seconds()})
	}
	fmt.Fprintf(stdout, "population        %d records, %.0f%% duplicates, seed %d (generated in %s)\n", *n, *dup*100, *seed, genTime.Round(time.Millisecond))
	if *weights == "em" {
		fmt.Fprintf(stdout, "weights           fitted by EM in %s (match share of candidate pairs %.4f)\n", emTime.Round(time.Millisecond), emShare)
	}
	fmt.Fprintf(stdout, "thresholds        merge ≥ %g, review ≥ %g\n", *upper, *lower)
	fmt.Fprintf(stdout, "blocking          %d blocks (%d oversized), %d pairs compared (%.1f per record)\n", st.Blocks, st.Oversized, st.Compared, float64(st.Compared)/float64(max(st.Records, 1)))
	rep.Write(stdout)
	fmt.Fprintf(stdout, "deduplication     %s: %.0f records/s, %.0f comparisons/s\n", dedupTime.Round(time.Millisecond),
		float64(st.Records)/dedupTime.Seconds(), float64(st.Compared)/dedupTime.Seconds())
	return nil
}
