package match

// Estimating weights. The labelled estimate (Tally) counts m over the true pairs and u over random
// pairs of different persons, as Fellegi and Sunter define them: u is then the chance that two
// people agree on a field by coincidence in the population, and the score is a likelihood ratio
// that does not depend on which blocking key brought a pair together. EstimateEM has no labels and
// works on the candidate pairs, the only place where matches are frequent enough to be seen.

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

// EstimateEM fits m and u to the candidate pairs of unlabelled records with the
// expectation-maximisation algorithm of Fellegi–Sunter models (conditional independence of the
// fields), starting from the matcher's weights. It returns the weights and the estimated share of
// candidate pairs that are matches. iters bounds the iterations (zero means 50); it stops earlier
// when the share changes by less than 1e-6.
func (m *Matcher) EstimateEM(ps []Person, iters int) (*Weights, float64) {
	if iters <= 0 {
		iters = 50
	}
	var st Stats
	recs := m.prepareAll(ps)
	patterns := map[levels]float64{}
	for _, p := range m.candidatePairs(recs, &st) {
		lv, _, _ := compareLevels(&recs[p>>32], &recs[uint32(p)], m.w)
		patterns[lv]++
	}
	var mp, up [numFields][numLevels]float64
	for f := Field(0); f < numFields; f++ {
		for _, l := range fieldLevels[f] {
			pr := m.w.Prob(f, l)
			mp[f][l], up[f][l] = pr.M, pr.U
		}
		mp[f][Missing], up[f][Missing] = 1, 1
	}
	share := 0.1
	for it := 0; it < iters; it++ {
		var mc, uc [numFields][numLevels]float64
		var total, matched float64
		for lv, n := range patterns {
			pm, pu := share, 1-share
			for f, l := range lv {
				pm *= mp[f][l]
				pu *= up[f][l]
			}
			g := pm / (pm + pu)
			for f, l := range lv {
				mc[f][l] += g * n
				uc[f][l] += (1 - g) * n
			}
			total += n
			matched += g * n
		}
		for f := Field(0); f < numFields; f++ {
			ms, us := smooth(mc[f], fieldLevels[f]), smooth(uc[f], fieldLevels[f])
			for _, l := range fieldLevels[f] {
				mp[f][l], up[f][l] = ms[l], us[l]
			}
		}
		next := matched / total
		done := next-share < 1e-6 && share-next < 1e-6
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
	return &w, share
}
