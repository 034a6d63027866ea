package match_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"math/rand"
	"os"
	"testing"

	"github.com/grunddata/grunddata/hub/match"
	"github.com/grunddata/grunddata/hub/match/population"
)

var update = flag.Bool("update", false, "rewrite weights.json from a labelled generated population")

// weightsSeed and weightsN are the population the shipped weights are counted on.
const (
	weightsSeed = 20261123
	weightsN    = 30000
)

// TestDefaultWeights re-derives the shipped weights from a labelled generated population and
// checks that weights.json holds them; with -update it rewrites the file.
func TestDefaultWeights(t *testing.T) {
	recs, err := population.Generate(population.Config{N: weightsN, DupRate: 0.1, Seed: weightsSeed})
	if err != nil {
		t.Fatal(err)
	}
	ps := population.Persons(recs)
	m := match.NewMatcher(match.Config{})
	tally := m.Tally(ps, labelledPairs(recs, 300000, weightsSeed), familyPairs(recs, 300000, weightsSeed), func(i, j int) bool { return recs[i].Entity == recs[j].Entity })
	got := tally.Weights()
	if *update {
		b, err := json.MarshalIndent(got, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("weights.json", append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d candidate pairs, %d matches\n%s", tally.Pairs, tally.Matches, got)
		return
	}
	want := match.DefaultWeights()
	for _, f := range []match.Field{match.NationalID, match.GivenName, match.FamilyName, match.BirthDate, match.Address, match.FamilyAddress} {
		for l := match.Missing; l <= match.Disagree; l++ {
			if d := math.Abs(got.Weight(f, l) - want.Weight(f, l)); d > 0.01 {
				t.Errorf("%s/%s: weight.json has %.3f, the generator gives %.3f (run go test -update)", f, l, want.Weight(f, l), got.Weight(f, l))
			}
		}
	}
}

func TestWeightsJSON(t *testing.T) {
	w := match.DefaultWeights()
	b, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	var back match.Weights
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(&back)
	if !bytes.Equal(b, b2) {
		t.Errorf("round trip changed the weights:\n%s\n%s", b, b2)
	}
	for _, tc := range []struct{ name, in, want string }{
		{"missing field", `{}`, `field "nationalId" missing`},
		{"unknown level", `{"nationalId":{"exact":{"m":0.9,"u":0.1},"disagree":{"m":0.1,"u":0.9},"phonetic":{"m":1,"u":1}}}`, `nationalId has no level "phonetic"`},
		{"m out of range", `{"nationalId":{"exact":{"m":0,"u":0.1},"disagree":{"m":0.1,"u":0.9}}}`, `m and u must be in (0, 1]`},
	} {
		err := json.Unmarshal([]byte(tc.in), &back)
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(tc.want)) {
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

// labelledPairs returns every true pair of recs and n random pairs of different persons.
func labelledPairs(recs []population.Record, n int, seed int64) [][2]int {
	byEntity := map[int][]int{}
	for i, r := range recs {
		byEntity[r.Entity] = append(byEntity[r.Entity], i)
	}
	var pairs [][2]int
	for e := 0; e < len(recs); e++ { // entities are numbered 0… in generation order
		ms := byEntity[e]
		for x := 0; x < len(ms); x++ {
			for y := x + 1; y < len(ms); y++ {
				pairs = append(pairs, [2]int{ms[x], ms[y]})
			}
		}
	}
	r := rand.New(rand.NewSource(seed))
	for k := 0; k < n; {
		i, j := r.Intn(len(recs)), r.Intn(len(recs))
		if recs[i].Entity != recs[j].Entity {
			pairs = append(pairs, [2]int{i, j})
			k++
		}
	}
	return pairs
}

// familyPairs returns n random pairs of records with the same family name as written.
func familyPairs(recs []population.Record, n int, seed int64) [][2]int {
	byName := map[string][]int{}
	for i, r := range recs {
		byName[r.FamilyName] = append(byName[r.FamilyName], i)
	}
	// draw a record, then a partner with its family name, so names are weighted by frequency
	r := rand.New(rand.NewSource(seed))
	var pairs [][2]int
	for len(pairs) < n {
		i := r.Intn(len(recs))
		group := byName[recs[i].FamilyName]
		if len(group) < 2 {
			continue
		}
		j := group[r.Intn(len(group))]
		if i != j {
			pairs = append(pairs, [2]int{i, j})
		}
	}
	return pairs
}

// EM on an unlabelled generated population gives weights that still separate the duplicates:
// agreement weighs more than disagreement on every field, and deduplication with them keeps
// precision and recall above floors well below the labelled weights' figures.
func TestEstimateEM(t *testing.T) {
	recs, err := population.Generate(population.Config{N: 8000, DupRate: 0.1, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	ps := population.Persons(recs)
	w, share := match.NewMatcher(match.Config{}).EstimateEM(ps, 0)
	if share <= 0 || share > 1 {
		t.Errorf("share %v outside (0, 1]", share)
	}
	for _, f := range []match.Field{match.GivenName, match.FamilyName, match.BirthDate, match.Address} {
		if w.Weight(f, match.Exact) <= w.Weight(f, match.Disagree) {
			t.Errorf("%s: EM weighs exact agreement %.2f, disagreement %.2f", f, w.Weight(f, match.Exact), w.Weight(f, match.Disagree))
		}
	}
	got, _ := match.NewMatcher(match.Config{Weights: w}).Dedup(ps, nil)
	rep := population.Evaluate(recs, got)
	if rep.Precision < 0.9 || rep.Recall < 0.85 {
		t.Errorf("with EM weights: precision %.3f, recall %.3f; want ≥ 0.9 and ≥ 0.85", rep.Precision, rep.Recall)
	}
}
