package population_test

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"testing"

	"github.com/grunddata/grunddata/hub/match"
	"github.com/grunddata/grunddata/hub/match/population"
)

func TestZZAnalysis(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("N"))
	if n == 0 {
		t.Skip()
	}
	recs, _ := population.Generate(population.Config{N: n, DupRate: 0.1, Seed: 1})
	byID := map[string]int{}
	for i, r := range recs {
		byID[r.ID] = i
	}
	lo, _ := strconv.ParseFloat(os.Getenv("LO"), 64)
	ev, _ := match.NewMatcher(match.Config{Upper: 100, Lower: lo}).Dedup(persons(recs), nil)
	type cnt struct {
		tp, fp int
		score  float64
	}
	pat := map[string]*cnt{}
	for _, e := range ev {
		k := ""
		for _, f := range e.Fields {
			k += f.Field[:3] + ":" + f.Level + " "
		}
		c := pat[k]
		if c == nil {
			c = &cnt{score: e.Score}
			pat[k] = c
		}
		if recs[byID[e.A]].Entity == recs[byID[e.B]].Entity {
			c.tp++
		} else {
			c.fp++
		}
	}
	var ks []string
	for k := range pat {
		if pat[k].score < 26 {
			ks = append(ks, k)
		}
	}
	sort.Slice(ks, func(i, j int) bool { return pat[ks[i]].score > pat[ks[j]].score })
	for _, k := range ks {
		fmt.Printf("%6.1f tp %5d fp %5d  %s\n", pat[k].score, pat[k].tp, pat[k].fp, k)
	}
}
