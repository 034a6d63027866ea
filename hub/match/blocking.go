package match

import (
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// blockKeys returns the blocking keys of a record: records that share a key are compared. Each key
// catches the duplicates the others miss:
//
//   - i: the national identity number (the deterministic rule);
//   - d: the birth date with day and month in either order (typos and changes in names and
//     address; transposed dates);
//   - n: the phonetic key of each family-name token with the birth year (typos in the date, the
//     1 January placeholder, double names);
//   - g: the phonetic keys of the first given name and the first family name, in either order
//     (a wrong or missing birth date, swapped names);
//   - p: the postcode with the first letters of the given and family names (a wrong birth date
//     together with a respelt name).
func blockKeys(r *prepared, keys []string) []string {
	keys = keys[:0]
	if r.nid != "" {
		keys = append(keys, "i"+r.nid)
	}
	year := ""
	if r.birth.y != 0 {
		year = strconv.Itoa(r.birth.y)
		lo, hi := r.birth.m, r.birth.d
		if hi < lo {
			lo, hi = hi, lo
		}
		keys = append(keys, "d"+year+"-"+strconv.Itoa(lo)+"-"+strconv.Itoa(hi))
		initial := ""
		if r.given != "" {
			initial = r.given[:1]
		}
		for _, k := range r.familyKeys {
			keys = append(keys, "n"+k+"|"+year+initial)
		}
	}
	if len(r.givenKeys) > 0 && len(r.familyKeys) > 0 {
		g, f := r.givenKeys[0], r.familyKeys[0]
		if f < g { // either order, so swapped names share the key
			g, f = f, g
		}
		keys = append(keys, "g"+g+"|"+f)
	}
	if r.postcode != "" && r.given != "" {
		keys = append(keys, "p"+r.postcode+"|"+r.given[:1])
	}
	return keys
}

// Stats describes one deduplication run.
type Stats struct {
	// Records is the number of records deduplicated.
	Records int `json:"records"`
	// Blocks is the number of blocking keys shared by two records or more.
	Blocks int `json:"blocks"`
	// Oversized is the number of blocks larger than MaxBlock, compared by sorted neighbourhood.
	Oversized int `json:"oversized"`
	// Compared is the number of distinct pairs compared.
	Compared int `json:"compared"`
	// Rejected is the number of candidate pairs skipped because a steward declared them not
	// duplicates.
	Rejected int `json:"rejected"`
	// Merge and Review count the pairs proposed with each outcome.
	Merge  int `json:"merge"`
	Review int `json:"review"`
}

// Dedup finds the duplicates within ps: every pair of records that share a blocking key is
// compared, and the pairs with outcome Merge or Review are returned, best score first. Pairs d
// declares not duplicates are never returned (d may be nil). IDs should be unique; the evidence
// names records by them.
func (m *Matcher) Dedup(ps []Person, d Decisions) ([]Evidence, Stats) {
	st := Stats{Records: len(ps)}
	recs := m.prepareAll(ps)
	setFrequencies(recs)
	pairs := m.candidatePairs(recs, &st)
	out := m.comparePairs(recs, pairs, d, &st, sizeShift(len(recs)))
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	for _, e := range out {
		if e.Outcome == Merge {
			st.Merge++
		} else {
			st.Review++
		}
	}
	return out, st
}

// candidatePairs returns the distinct pairs of records that share a blocking key, each as
// pairKey(i, j), sorted.
func (m *Matcher) candidatePairs(recs []prepared, st *Stats) []uint64 {
	blocks := map[string][]int32{}
	var keys []string
	for i := range recs {
		keys = blockKeys(&recs[i], keys)
		for _, k := range keys {
			blocks[k] = append(blocks[k], int32(i))
		}
	}
	var pairs []uint64
	for _, members := range blocks {
		if len(members) < 2 {
			continue
		}
		st.Blocks++
		if len(members) > m.maxBlock {
			st.Oversized++
			pairs = m.neighbourhood(recs, members, pairs)
			continue
		}
		for x := 0; x < len(members); x++ {
			for y := x + 1; y < len(members); y++ {
				pairs = append(pairs, pairKey(members[x], members[y]))
			}
		}
	}
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	st.Compared = len(pairs)
	return pairs
}

func pairKey(a, b int32) uint64 {
	if b < a {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(uint32(b))
}

// neighbourhood appends the pairs of an oversized block: members sorted by the phonetic keys of
// family and given name, then birth date and ID, each paired with the next Window members.
func (m *Matcher) neighbourhood(recs []prepared, members []int32, pairs []uint64) []uint64 {
	sorted := slices.Clone(members)
	slices.SortFunc(sorted, func(x, y int32) int {
		a, b := &recs[x], &recs[y]
		if c := strings.Compare(a.familyKey, b.familyKey); c != 0 {
			return c
		}
		if c := strings.Compare(a.givenKey, b.givenKey); c != 0 {
			return c
		}
		if c := cmpDate(a.birth, b.birth); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	for x := range sorted {
		for y := x + 1; y < len(sorted) && y <= x+m.window; y++ {
			pairs = append(pairs, pairKey(sorted[x], sorted[y]))
		}
	}
	return pairs
}

func (m *Matcher) parallelism(n int) int {
	w := m.workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	if w > n/1000+1 {
		w = n/1000 + 1
	}
	return w
}

// prepareAll normalises every record, in parallel.
func (m *Matcher) prepareAll(ps []Person) []prepared {
	recs := make([]prepared, len(ps))
	w := m.parallelism(len(ps))
	var wg sync.WaitGroup
	for k := 0; k < w; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			for i := k; i < len(ps); i += w {
				recs[i] = prepare(ps[i])
			}
		}(k)
	}
	wg.Wait()
	return recs
}

// comparePairs compares the pairs in parallel and keeps those proposed for merge or review.
func (m *Matcher) comparePairs(recs []prepared, pairs []uint64, d Decisions, st *Stats, shift float64) []Evidence {
	w := m.parallelism(len(pairs))
	results := make([][]Evidence, w)
	rejected := make([]int, w)
	var wg sync.WaitGroup
	for k := 0; k < w; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			lo, hi := k*len(pairs)/w, (k+1)*len(pairs)/w
			for _, p := range pairs[lo:hi] {
				a, b := &recs[p>>32], &recs[uint32(p)]
				if b.id < a.id {
					a, b = b, a
				}
				if a.id == b.id {
					continue // one record given twice
				}
				if d != nil && d.NotDuplicate(a.id, b.id) {
					rejected[k]++
					continue
				}
				e := m.compare(a, b, false, shift)
				if e.Outcome == None {
					continue
				}
				results[k] = append(results[k], m.compare(a, b, true, shift))
			}
		}(k)
	}
	wg.Wait()
	var out []Evidence
	for k := range results {
		out = append(out, results[k]...)
		st.Rejected += rejected[k]
	}
	return out
}

// Index is a blocking index over a set of persons, for finding the candidates for one record
// (a reconciliation query, a new record from a source) without deduplicating the whole set.
type Index struct {
	m             *Matcher
	recs          []prepared
	blocks        map[string][]int32
	given, family map[string]int // name counts, for frequency-based weights
}

// NewIndex indexes ps. The Index holds its own copy of what it needs; ps may change afterwards.
func (m *Matcher) NewIndex(ps []Person) *Index {
	ix := &Index{m: m, recs: m.prepareAll(ps), blocks: map[string][]int32{}}
	setFrequencies(ix.recs)
	if len(ix.recs) >= minFreqSet {
		ix.given, ix.family = nameCounts(ix.recs)
	}
	var keys []string
	for i := range ix.recs {
		keys = blockKeys(&ix.recs[i], keys)
		for _, k := range keys {
			ix.blocks[k] = append(ix.blocks[k], int32(i))
		}
	}
	return ix
}

// Len returns the number of indexed persons.
func (ix *Index) Len() int { return len(ix.recs) }

// Candidates compares q with every indexed person that shares a blocking key with it and returns
// the evidence, best score first, at most limit of them (all when limit ≤ 0), outcome None
// included. Pairs d declares not duplicates are left out (d may be nil), and so is an indexed
// record with q's own ID.
func (ix *Index) Candidates(q Person, d Decisions, limit int) []Evidence {
	pq := prepare(q)
	if ix.given != nil {
		n := float64(len(ix.recs) + 1)
		pq.givenFreq = float64(ix.given[pq.given]+1) / n
		pq.familyFreq = float64(ix.family[pq.family]+1) / n
	}
	seen := map[int32]bool{}
	var out []Evidence
	for _, k := range blockKeys(&pq, nil) {
		members := ix.blocks[k]
		if len(members) > ix.m.maxBlock*5 {
			continue // a key this common says little; the other keys find the candidates
		}
		for _, i := range members {
			if seen[i] {
				continue
			}
			seen[i] = true
			r := &ix.recs[i]
			if r.id == pq.id || (d != nil && d.NotDuplicate(pq.id, r.id)) {
				continue
			}
			out = append(out, ix.m.compare(&pq, r, true, sizeShift(len(ix.recs))))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func cmpDate(a, b date) int {
	switch {
	case a.y != b.y:
		return a.y - b.y
	case a.m != b.m:
		return a.m - b.m
	}
	return a.d - b.d
}
