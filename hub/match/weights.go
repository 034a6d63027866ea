package match

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// fieldLevels lists the levels each field's comparator can return besides Missing.
var fieldLevels = [numFields][]Level{
	NationalID:    {Exact, Disagree},
	GivenName:     {Exact, Phonetic, Similar, Partial, Weak, Disagree},
	FamilyName:    {Exact, Phonetic, Similar, Partial, Weak, Disagree},
	BirthDate:     {Exact, Transposed, Placeholder, Similar, Partial, Disagree},
	Address:       {Exact, Similar, Partial, Postcode, Disagree},
	FamilyAddress: {Exact, Similar, Partial, Postcode, Disagree},
}

// Prob is the pair of Fellegi–Sunter probabilities of one agreement level of one field: M, the
// probability of the level among pairs that are the same person, and U, among pairs that are not.
type Prob struct {
	M float64 `json:"m"`
	U float64 `json:"u"`
}

// Weights holds m and u per field and agreement level and the log2(m/u) weights derived from them.
// A Missing level always weighs 0: an unknown value is no evidence either way (the probabilities
// of the other levels are conditional on both values being known).
type Weights struct {
	prob   [numFields][numLevels]Prob
	weight [numFields][numLevels]float64
}

// Set sets m and u of a field's level. Both must be in (0, 1]. Errors: a value out of range, or a
// level the field does not use.
func (w *Weights) Set(f Field, l Level, m, u float64) error {
	if f >= numFields || !usesLevel(f, l) {
		return fmt.Errorf("match: field %s has no level %s", f, l)
	}
	if !(m > 0 && m <= 1) || !(u > 0 && u <= 1) {
		return fmt.Errorf("match: %s/%s: m and u must be in (0, 1], got m=%g u=%g", f, l, m, u)
	}
	w.prob[f][l] = Prob{M: m, U: u}
	w.weight[f][l] = math.Log2(m / u)
	return nil
}

// Weight returns log2(m/u) of a field's level; 0 for Missing and for levels never set.
func (w *Weights) Weight(f Field, l Level) float64 { return w.weight[f][l] }

// Prob returns m and u of a field's level.
func (w *Weights) Prob(f Field, l Level) Prob { return w.prob[f][l] }

func usesLevel(f Field, l Level) bool {
	for _, x := range fieldLevels[f] {
		if x == l {
			return true
		}
	}
	return false
}

// MarshalJSON writes {"field": {"level": {"m": …, "u": …}}} with fields and levels sorted.
func (w *Weights) MarshalJSON() ([]byte, error) {
	out := map[string]map[string]Prob{}
	for f := Field(0); f < numFields; f++ {
		lv := map[string]Prob{}
		for _, l := range fieldLevels[f] {
			lv[l.String()] = w.prob[f][l]
		}
		out[f.String()] = lv
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON writes. Every level of every field must be present, so a
// weights file never silently leaves a level at zero. Errors name the field and level.
func (w *Weights) UnmarshalJSON(b []byte) error {
	var in map[string]map[string]Prob
	if err := json.Unmarshal(b, &in); err != nil {
		return fmt.Errorf("match: weights: %w", err)
	}
	var nw Weights
	for f := Field(0); f < numFields; f++ {
		lv, ok := in[f.String()]
		if !ok {
			return fmt.Errorf("match: weights: field %q missing", f)
		}
		for _, l := range fieldLevels[f] {
			p, ok := lv[l.String()]
			if !ok {
				return fmt.Errorf("match: weights: %s has no level %q", f, l)
			}
			if err := nw.Set(f, l, p.M, p.U); err != nil {
				return err
			}
		}
		for name := range lv {
			if l := levelByName(name); l == numLevels || !usesLevel(f, l) {
				return fmt.Errorf("match: weights: %s has no level %q", f, name)
			}
		}
	}
	*w = nw
	return nil
}

func levelByName(s string) Level {
	for l, n := range levelNames {
		if n == s {
			return Level(l)
		}
	}
	return numLevels
}

//go:embed weights.json
var defaultWeightsJSON []byte

// DefaultWeights returns the weights the hub ships with: m and u counted on a labelled synthetic
// population (see hub/match/population and TestDefaultWeights, which re-derives the file): m over
// the true pairs, u over random pairs. They were set from labelled data rather than by EM because
// the labels are known exactly there, while EM has to find the matches among candidate pairs whose
// non-matches look alike by construction (see EstimateEM's known weakness); EstimateEM is there
// for a municipality that wants to refit the weights on its own, unlabelled, data.
func DefaultWeights() *Weights {
	var w Weights
	if err := json.Unmarshal(defaultWeightsJSON, &w); err != nil {
		panic("match: the embedded weights.json is invalid: " + err.Error())
	}
	return &w
}

// String lists the weights as a table, one line per field and level, for reports.
func (w *Weights) String() string {
	var b strings.Builder
	for f := Field(0); f < numFields; f++ {
		for _, l := range fieldLevels[f] {
			p := w.prob[f][l]
			fmt.Fprintf(&b, "%-11s %-11s m=%.4f u=%.6f weight=%+.2f\n", f, l, p.M, p.U, w.weight[f][l])
		}
	}
	return b.String()
}
