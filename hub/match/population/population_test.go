package population_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/grunddata/grunddata/hub/match"
	"github.com/grunddata/grunddata/hub/match/population"
	"github.com/grunddata/grunddata/model/ident"
)

func persons(recs []population.Record) []match.Person {
	ps := make([]match.Person, len(recs))
	for i := range recs {
		ps[i] = recs[i].Person
	}
	return ps
}

func TestGenerate(t *testing.T) {
	cfg := population.Config{N: 5000, DupRate: 0.1, Seed: 42}
	recs, err := population.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := population.Generate(cfg)
	if !reflect.DeepEqual(recs, again) {
		t.Error("the same seed gave two different populations")
	}
	other, _ := population.Generate(population.Config{N: 5000, DupRate: 0.1, Seed: 43})
	if reflect.DeepEqual(recs, other) {
		t.Error("two seeds gave the same population")
	}
	if len(recs) != 5000 {
		t.Fatalf("%d records, want 5000", len(recs))
	}
	entities := map[int]int{}
	ids := map[string]bool{}
	countries := map[string]int{}
	edits := map[string]int{}
	withID := 0
	for _, r := range recs {
		entities[r.Entity]++
		if ids[r.ID] {
			t.Fatalf("record ID %s twice", r.ID)
		}
		ids[r.ID] = true
		countries[r.Country]++
		for _, e := range r.Edits {
			edits[e]++
		}
		if r.NationalID == "" {
			continue
		}
		withID++
		id, err := ident.Parse(r.IDScheme, r.NationalID, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatalf("%s: generated national ID does not validate: %v", r.ID, err)
		}
		if !r.BirthDate.IsZero() && len(r.Edits) == 0 && !id.BirthDate.Equal(r.BirthDate) {
			t.Errorf("%s: the ID encodes %s, the record says %s", r.ID, id.BirthDate, r.BirthDate)
		}
		switch r.Country {
		case "NO":
			if !id.Is(ident.Synthetic) {
				t.Errorf("%s: a Norwegian number that is not synthetic", r.ID)
			}
		case "SE":
			if serial := r.NationalID[8:11]; serial < "980" {
				t.Errorf("%s: a Swedish birth number %s outside Skatteverket's test range", r.ID, serial)
			}
		case "DK":
			if !id.Is(ident.NoModulus11) {
				t.Errorf("%s: a Danish number that passes modulus 11 could be a real one", r.ID)
			}
		}
	}
	if dups := len(recs) - len(entities); dups != 500 {
		t.Errorf("%d duplicate records, want 500", dups)
	}
	if withID < 3500 {
		t.Errorf("only %d records have a national ID", withID)
	}
	for _, c := range []string{"SE", "NO", "DK"} {
		if countries[c] < 1300 {
			t.Errorf("only %d records from %s", countries[c], c)
		}
	}
	for _, e := range []string{"typo", "respelt", "swapped", "married", "moved", "jan1", "transposed", "noid"} {
		if edits[e] == 0 {
			t.Errorf("no duplicate has the edit %q", e)
		}
	}
	if _, err := population.Generate(population.Config{N: 0}); err == nil {
		t.Error("N 0: no error")
	}
	if _, err := population.Generate(population.Config{N: 10, DupRate: 0.95}); err == nil {
		t.Error("duplicate rate 0.95: no error")
	}
}

// The matcher with its default weights and thresholds reaches the quality floors on a generated
// population of 10 000 records with 10 % duplicates.
func TestMatcherQualityFloors(t *testing.T) {
	recs, err := population.Generate(population.Config{N: 10000, DupRate: 0.1, Seed: 2026})
	if err != nil {
		t.Fatal(err)
	}
	got, st := match.NewMatcher(match.Config{}).Dedup(persons(recs), nil)
	rep := population.Evaluate(recs, got)
	t.Logf("%+v\n%+v", st, rep)
	if rep.MergePrecision < 0.99 {
		t.Errorf("precision of merges %.4f < 0.99", rep.MergePrecision)
	}
	if rep.Precision < 0.9 {
		t.Errorf("precision of merges and reviews %.4f < 0.9", rep.Precision)
	}
	if rep.Recall < 0.95 {
		t.Errorf("recall (merged plus queued) %.4f < 0.95", rep.Recall)
	}
	if st.Compared > 40*st.Records {
		t.Errorf("%d comparisons for %d records: blocking lets too much through", st.Compared, st.Records)
	}
}

func TestEvaluate(t *testing.T) {
	recs := []population.Record{
		{Person: match.Person{ID: "a"}, Entity: 1},
		{Person: match.Person{ID: "b"}, Entity: 1, Edits: []string{"typo"}},
		{Person: match.Person{ID: "c"}, Entity: 1, Edits: []string{"moved"}},
		{Person: match.Person{ID: "d"}, Entity: 2},
	}
	rep := population.Evaluate(recs, []match.Evidence{
		{A: "a", B: "b", Outcome: match.Merge},
		{A: "a", B: "d", Outcome: match.Review},
	})
	if rep.TruePairs != 3 || rep.MergeCorrect != 1 || rep.ReviewCorrect != 0 || rep.Precision != 0.5 || rep.MergePrecision != 1 {
		t.Errorf("%+v", rep)
	}
	if r := rep.Recall; r < 0.333 || r > 0.334 {
		t.Errorf("recall %.4f, want 1/3", r)
	}
	if e := rep.ByEdit["typo"]; e.Pairs != 2 || e.Found != 1 {
		t.Errorf("typo: %+v, want 2 pairs, 1 found", e)
	}
}

// BenchmarkDedup deduplicates generated populations (generation is not timed). The 100k case is
// the figure of the target: < 60 s on the project machine.
func BenchmarkDedup(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		recs, err := population.Generate(population.Config{N: n, DupRate: 0.1, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		ps := persons(recs)
		m := match.NewMatcher(match.Config{})
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			var st match.Stats
			for i := 0; i < b.N; i++ {
				_, st = m.Dedup(ps, nil)
			}
			b.ReportMetric(float64(st.Compared), "pairs/op")
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// The work per record is bounded: a block of s records costs at most s·max((MaxBlock-1)/2, Window)
// comparisons, and a record is in one block per key (national ID, birth date, names, postcode and
// one per family-name token: at most 8 for generated names, which have up to 3 family-name tokens),
// so Compared ≤ 8·N·max(…) however large and repetitive the population. Small limits exercise the
// bound on a modest population.
func TestBlockingBound(t *testing.T) {
	recs, err := population.Generate(population.Config{N: 20000, DupRate: 0.1, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	for _, cfg := range []match.Config{{MaxBlock: 8, Window: 3}, {MaxBlock: 20, Window: 5}} {
		_, st := match.NewMatcher(cfg).Dedup(persons(recs), nil)
		per := max(float64(cfg.MaxBlock-1)/2, float64(cfg.Window))
		if bound := 8 * float64(st.Records) * per; float64(st.Compared) > bound {
			t.Errorf("max block %d, window %d: %d comparisons, more than the bound %.0f", cfg.MaxBlock, cfg.Window, st.Compared, bound)
		}
		if st.Oversized == 0 {
			t.Errorf("max block %d: no oversized block, the bound is not exercised", cfg.MaxBlock)
		}
	}
}
