package match

// Estimating weights. The labelled estimate (Tally) counts m over the true pairs and u over random
// pairs of different persons, as Fellegi and Sunter define them: u is then the chance that two
// people agree on a field by coincidence in the population, and the score is a likelihood ratio
// that does not depend on which blocking key brought a pair together. EstimateEM has no labels: it
// counts u on random pairs in the same way and fits m on the candidate pairs, the only place where
// matches are frequent enough to be seen.

import (
	"math"
	"math/rand"
)

// Tally counts agreement levels of labelled pairs to estimate m and u.
type Tally struct {
	match, non [numFields][numLevels]float64
	// sameYear and knownYear count, for matches [1] and non-matches [0], the pairs whose birth
	// years agree and the pairs with both birth dates known.
	sameYear, knownYear [2]float64
	// Pairs and Matches count the pairs tallied and the true pairs among them.
	Pairs, Matches int
}

// Tally compares pairs of ps (indexes into ps) and counts their levels under same(i, j), which
// tells whether ps[i] and ps[j] are the same person. pairs should hold the true pairs and random
// pairs. familyPairs are pairs drawn among records with the same family name and count only for
// FamilyAddress: random pairs seldom share a family name, too seldom to measure how often such
// pairs share an address without being the same person.
func (m *Matcher) Tally(ps []Person, pairs, familyPairs [][2]int, same func(i, j int) bool) *Tally {
	recs := m.prepareAll(ps)
	t := &Tally{}
	for _, p := range pairs {
		a, b := &recs[p[0]], &recs[p[1]]
		lv, _, _ := compareLevels(a, b, m.w)
		if a.birth.y != 0 && b.birth.y != 0 {
			k := 0
			if same(p[0], p[1]) {
				k = 1
			}
			t.knownYear[k]++
			if a.birth.y == b.birth.y {
				t.sameYear[k]++
			}
		}
		if !same(p[0], p[1]) {
			lv[FamilyAddress] = Missing // counted from familyPairs
		}
		t.add(lv, same(p[0], p[1]))
	}
	for _, p := range familyPairs {
		if same(p[0], p[1]) {
			continue
		}
		lv, _, _ := compareLevels(&recs[p[0]], &recs[p[1]], m.w)
		t.non[FamilyAddress][lv[FamilyAddress]]++
	}
	return t
}

func (t *Tally) add(lv levels, same bool) {
	c := &t.non
	t.Pairs++
	if same {
		c = &t.match
		t.Matches++
	}
	for f, l := range lv {
		c[f][l]++
	}
}

// Weights turns the counts into m and u per level, ignoring Missing and smoothing each
// distribution with half a count per level (so a level never seen gets a small probability, not
// zero, and a finite weight).
//
// The 1 January placeholder is the exception: it says only that the birth year is known, so its
// m and u are those of agreeing on the year. Counting it as a level of its own would also count
// how rare placeholders are among the records as evidence that the pair matches, though the
// record with the placeholder is in the set whichever pair is looked at.
func (t *Tally) Weights() *Weights {
	var w Weights
	for f := Field(0); f < numFields; f++ {
		m, u := smooth(t.match[f], fieldLevels[f]), smooth(t.non[f], fieldLevels[f])
		for _, l := range fieldLevels[f] {
			_ = w.Set(f, l, m[l], u[l])
		}
	}
	if t.knownYear[0] > 0 && t.knownYear[1] > 0 {
		_ = w.Set(BirthDate, Placeholder, (t.sameYear[1]+0.5)/(t.knownYear[1]+1), (t.sameYear[0]+0.5)/(t.knownYear[0]+1))
	}
	return &w
}

func smooth(counts [numLevels]float64, ls []Level) [numLevels]float64 {
	var total float64
	for _, l := range ls {
		total += counts[l] + 0.5
	}
	var p [numLevels]float64
	for _, l := range ls {
		p[l] = (counts[l] + 0.5) / total
	}
	return p
}

// EstimateEM fits the weights to unlabelled records. u is counted on random pairs of ps, among
// which matches are negligible (for FamilyAddress, on random pairs with the same family name); m
// and the share of matches among the candidate pairs are then fitted by
// expectation-maximisation over the candidate pairs under conditional independence, starting from
// the matcher's m, with u held fixed. (Fitting u as well lets EM settle on another split of the
// candidates, such as households against everyone else.) The placeholder level gets the m and u of
// agreeing on the birth year, as in Tally. iters bounds the iterations (zero means 50); it stops
// earlier when the share changes by less than 1e-7. It returns the weights and the share.
//
// A known weakness: the non-matches among candidate pairs agree far more often than random pairs
// (blocking chose them for agreeing), so with u from random pairs EM explains most candidates as
// matches and the share it returns is far too high; its m then leans towards the candidates'
// agreement. The weights still rank pairs well (see match-eval --weights em), but the labelled
// weights are better calibrated, which is why they are the default. Fitting per blocking key with
// the key's fields held out would remove the bias.
func (m *Matcher) EstimateEM(ps []Person, iters int) (*Weights, float64) {
	if iters <= 0 {
		iters = 50
	}
	recs := m.prepareAll(ps)
	random := &Tally{}
	if len(recs) > 1 {
		r := rand.New(rand.NewSource(1))
		byFamily := map[string][]int{}
		for i := range recs {
			if recs[i].family != "" {
				byFamily[recs[i].family] = append(byFamily[recs[i].family], i)
			}
		}
		for k := 0; k < 300000; k++ {
			a, b := &recs[r.Intn(len(recs))], &recs[r.Intn(len(recs))]
			if a == b {
				continue
			}
			lv, _, _ := compareLevels(a, b, m.w)
			lv[FamilyAddress] = Missing
			random.add(lv, false)
			if a.birth.y != 0 && b.birth.y != 0 {
				random.knownYear[0]++
				if a.birth.y == b.birth.y {
					random.sameYear[0]++
				}
			}
			group := byFamily[a.family]
			if len(group) < 2 {
				continue
			}
			if c := &recs[group[r.Intn(len(group))]]; c != a {
				lv, _, _ := compareLevels(a, c, m.w)
				random.non[FamilyAddress][lv[FamilyAddress]]++
			}
		}
	}
	var mp, up [numFields][numLevels]float64
	for f := Field(0); f < numFields; f++ {
		u := smooth(random.non[f], fieldLevels[f])
		for _, l := range fieldLevels[f] {
			mp[f][l], up[f][l] = m.w.Prob(f, l).M, u[l]
		}
		mp[f][Missing], up[f][Missing] = 1, 1
	}
	type pattern struct {
		lv       levels
		sameYear bool
	}
	var st Stats
	patterns := map[pattern]float64{}
	for _, p := range m.candidatePairs(recs, &st) {
		a, b := &recs[p>>32], &recs[uint32(p)]
		lv, _, _ := compareLevels(a, b, m.w)
		patterns[pattern{lv, lv[BirthDate] != Missing && a.birth.y == b.birth.y}]++
	}
	share := 0.01
	var mc [numFields][numLevels]float64
	var yearSame, yearKnown float64
	for it := 0; it < iters; it++ {
		mc = [numFields][numLevels]float64{}
		yearSame, yearKnown = 0, 0
		var total, matched float64
		for pt, n := range patterns {
			pm, pu := share, 1-share
			for f, l := range pt.lv {
				pm *= mp[f][l]
				pu *= up[f][l]
			}
			g := pm / (pm + pu)
			for f, l := range pt.lv {
				mc[f][l] += g * n
			}
			if pt.lv[BirthDate] != Missing {
				yearKnown += g * n
				if pt.sameYear {
					yearSame += g * n
				}
			}
			total += n
			matched += g * n
		}
		for f := Field(0); f < numFields; f++ {
			ms := smooth(mc[f], fieldLevels[f])
			for _, l := range fieldLevels[f] {
				mp[f][l] = ms[l]
			}
		}
		next := matched / total
		done := math.Abs(next-share) < 1e-7
		share = next
		if done {
			break
		}
	}
	var w Weights
	for f := Field(0); f < numFields; f++ {
		for _, l := range fieldLevels[f] {
			_ = w.Set(f, l, mp[f][l], up[f][l])
		}
	}
	if yearKnown > 0 && random.knownYear[0] > 0 {
		_ = w.Set(BirthDate, Placeholder, (yearSame+0.5)/(yearKnown+1), (random.sameYear[0]+0.5)/(random.knownYear[0]+1))
	}
	return &w, share
}
