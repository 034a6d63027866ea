package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// match-eval on a small population reports the figures a user reads, and its JSON report agrees
// with the text.
func TestMatchEval(t *testing.T) {
	out, stderr, err := runCLI(t, "match-eval", "--n", "3000", "--dup", "0.1", "--seed", "7")
	if err != nil {
		t.Fatalf("match-eval: %v\n%s", err, stderr)
	}
	for _, want := range []string{"population        3000 records, 10% duplicates, seed 7", "true pairs", "precision", "recall", "F1", "records/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runCLI(t, "match-eval", "--n", "3000", "--seed", "7", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Records int `json:"records"`
		Report  struct {
			TruePairs int     `json:"truePairs"`
			Precision float64 `json:"precision"`
			Recall    float64 `json:"recall"`
		} `json:"report"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--json output: %v\n%s", err, out)
	}
	if rep.Records != 3000 || rep.Report.TruePairs < 250 || rep.Report.Recall < 0.9 || rep.Report.Precision < 0.9 {
		t.Errorf("report %+v: want 3000 records, ≥ 250 true pairs, precision and recall ≥ 0.9", rep)
	}
}

func TestMatchEvalBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"match-eval", "--dup", "2"},
		{"match-eval", "--n", "0"},
		{"match-eval", "extra"},
		{"match-eval", "--weights", "/nonexistent/weights.json", "--n", "10"},
	} {
		if _, _, err := runCLI(t, args...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
