package match

import "math"

// Outcome is what the matcher proposes for a pair.
type Outcome uint8

// The three outcomes, ordered so that a larger outcome is a stronger proposal.
const (
	// None: not the same person (score below the lower threshold).
	None Outcome = iota
	// Review: possibly the same person; a steward decides (score between the thresholds, or a
	// merge the rules do not allow automatically).
	Review
	// Merge: the same person; merge automatically.
	Merge
)

// String returns "none", "review" or "merge".
func (o Outcome) String() string {
	switch o {
	case Review:
		return "review"
	case Merge:
		return "merge"
	}
	return "none"
}

// MarshalText makes an outcome appear by name in JSON.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// FieldEvidence is one field's part of a comparison.
type FieldEvidence struct {
	// Field is the field's name: nationalId, givenName, familyName, birthDate or address.
	Field string `json:"field"`
	// Level is the agreement level's name (exact, phonetic, similar, weak, partial, transposed,
	// placeholder, postcode, disagree, missing).
	Level string `json:"level"`
	// Similarity is the Jaro-Winkler similarity of the compared values where one was computed
	// (names, street names), else 1 for agreement and 0 otherwise.
	Similarity float64 `json:"similarity"`
	// Weight is the level's Fellegi–Sunter weight, log2(m/u).
	Weight float64 `json:"weight"`
	// Note explains an unusual comparison, such as names compared crosswise because given and
	// family name appear swapped.
	Note string `json:"note,omitempty"`
}

// Evidence is the outcome of comparing two records, with the reasons for it.
type Evidence struct {
	// A and B are the records' IDs: in Dedup's results A is the smaller, in Index.Candidates A
	// is the query's.
	A string `json:"a"`
	B string `json:"b"`
	// Fields holds the comparison of each field, in a fixed order.
	Fields []FieldEvidence `json:"fields"`
	// Score is the sum of the field weights: the log2 likelihood ratio of "same" to "different".
	Score float64 `json:"score"`
	// Outcome is the proposal.
	Outcome Outcome `json:"outcome"`
	// Reason says in words why the outcome is what it is.
	Reason string `json:"reason"`
}

// Probability turns the score into the probability that the pair is the same person, at prior
// odds of one to one: 1 - 1/(1+2^Score). Reconciliation scores can use 100 times it.
func (e Evidence) Probability() float64 { return 1 - 1/(1+math.Exp2(e.Score)) }

// Decisions holds the pairs a steward declared "not a duplicate". The matcher never proposes such
// a pair again.
type Decisions interface {
	NotDuplicate(a, b string) bool
}

// PairSet is an in-memory Decisions.
type PairSet map[[2]string]struct{}

// NewPairSet returns an empty PairSet.
func NewPairSet() PairSet { return PairSet{} }

// Add records that a and b are not the same person (in either order).
func (s PairSet) Add(a, b string) { s[orderPair(a, b)] = struct{}{} }

// NotDuplicate tells whether Add recorded a and b.
func (s PairSet) NotDuplicate(a, b string) bool {
	_, ok := s[orderPair(a, b)]
	return ok
}

func orderPair(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// Default thresholds on the score (log2 likelihood ratio) for a set of ReferenceSize records,
// chosen on generated populations with cmd/grunddata match-eval: above Upper the false-merge
// rate is negligible; between the two a steward sees the pair.
//
// The prior odds that two records of a set are the same person fall as the set grows (each
// record has about one duplicate, among n-1 others), so a score that is convincing among ten
// thousand records is not among a million. Dedup and Index therefore move both thresholds by
// log2(n/ReferenceSize) for a set of n records, within ±4 (sets from about 6 000 to 1.6 million
// records follow the rule; smaller and larger ones keep its end values). Compare, which sees one
// pair and no set, uses the thresholds as they are.
const (
	ReferenceSize = 100000
	DefaultUpper  = 21
	DefaultLower  = 18.5
)

// Config configures a Matcher.
type Config struct {
	// Weights are the Fellegi–Sunter weights; nil means DefaultWeights().
	Weights *Weights
	// Upper and Lower are the score thresholds of Merge and Review; both zero means the defaults.
	Upper, Lower float64
	// MaxBlock is the largest block whose members are all compared with each other; a larger
	// block (a very common name in one year, say) is sorted by name and each member compared with
	// its Window nearest neighbours instead. Zero means 50. This bounds the work per record
	// (about Window comparisons per blocking key), so the cost grows linearly once names repeat
	// often enough to fill blocks.
	MaxBlock int
	// Window is the sorted-neighbourhood window for oversized blocks; zero means 20.
	Window int
	// Workers is the number of goroutines comparing pairs; zero means GOMAXPROCS.
	Workers int
}

// Matcher compares persons and organisations. It is safe for concurrent use.
type Matcher struct {
	w            *Weights
	upper, lower float64
	maxBlock     int
	window       int
	workers      int
}

// NewMatcher returns a Matcher for cfg.
func NewMatcher(cfg Config) *Matcher {
	m := &Matcher{w: cfg.Weights, upper: cfg.Upper, lower: cfg.Lower, maxBlock: cfg.MaxBlock, window: cfg.Window, workers: cfg.Workers}
	if m.w == nil {
		m.w = DefaultWeights()
	}
	if m.upper == 0 && m.lower == 0 {
		m.upper, m.lower = DefaultUpper, DefaultLower
	}
	if m.maxBlock <= 0 {
		m.maxBlock = 50
	}
	if m.window <= 0 {
		m.window = 20
	}
	return m
}

// Weights returns the matcher's weights.
func (m *Matcher) Weights() *Weights { return m.w }

// Compare compares two person records and proposes an outcome:
//   - the same valid national identity number → merge, whatever the names say;
//   - different valid national identity numbers → never merge (at most review);
//   - otherwise the Fellegi–Sunter score against the thresholds;
//   - a protected person is never merged automatically: merge becomes review.
func (m *Matcher) Compare(a, b Person) Evidence {
	pa, pb := prepare(a), prepare(b)
	return m.compare(&pa, &pb, true, 0)
}

// compareLevels compares every field of a and b. Given and family names are also compared
// crosswise; when that agrees better (by the weights w, or by level when w is nil), the names are
// taken as swapped.
func compareLevels(a, b *prepared, w *Weights) (lv levels, sim [numFields]float64, swapped bool) {
	lv[NationalID] = compareIDs(a.nid, b.nid)
	if lv[NationalID] == Exact {
		sim[NationalID] = 1
	}
	lv[GivenName], sim[GivenName] = compareNames(a.given, b.given, a.givenToks, b.givenToks, a.givenKeys, b.givenKeys, a.givenKey, b.givenKey)
	lv[FamilyName], sim[FamilyName] = compareNames(a.family, b.family, a.familyToks, b.familyToks, a.familyKeys, b.familyKeys, a.familyKey, b.familyKey)
	if weakName(lv[GivenName]) || weakName(lv[FamilyName]) {
		g, gs := compareNames(a.given, b.family, a.givenToks, b.familyToks, a.givenKeys, b.familyKeys, a.givenKey, b.familyKey)
		f, fs := compareNames(a.family, b.given, a.familyToks, b.givenToks, a.familyKeys, b.givenKeys, a.familyKey, b.givenKey)
		if better(g, f, lv[GivenName], lv[FamilyName], w) {
			lv[GivenName], sim[GivenName], lv[FamilyName], sim[FamilyName] = g, gs, f, fs
			swapped = true
		}
	}
	lv[BirthDate] = compareDates(a.birth, b.birth)
	if lv[BirthDate] == Exact {
		sim[BirthDate] = 1
	}
	addr := Address
	switch lv[FamilyName] {
	case Exact, Phonetic, Similar, Partial:
		addr = FamilyAddress
	}
	lv[addr], sim[addr] = compareAddresses(a, b)
	return lv, sim, swapped
}

// sizeShift is how far the thresholds move for a set of n records (see ReferenceSize).
func sizeShift(n int) float64 {
	if n <= 0 {
		return 0
	}
	return min(max(math.Log2(float64(n)/ReferenceSize), -4), 4)
}

// frequencyWeight is the weight of exact agreement on a name that a share freq of the records
// carry: log2(m/freq) — the chance that another person has the same name by coincidence is the
// name's frequency, so agreeing on "Ødegård" counts for more than agreeing on "Hansen"
// (Winkler's frequency-based weights). freq is floored at 1/2000 so that a name seen once or
// twice in a set does not decide alone.
func (m *Matcher) frequencyWeight(f Field, freq float64) float64 {
	return math.Log2(m.w.Prob(f, Exact).M / max(freq, minNameFreq))
}

const minNameFreq = 1.0 / 2000

// minFreqSet is the smallest set whose name frequencies are used: in a smaller one they say
// little, and the weights file's average applies.
const minFreqSet = 1000

// setFrequencies fills the name frequencies of recs from the counts of names in recs.
func setFrequencies(recs []prepared) {
	if len(recs) < minFreqSet {
		return
	}
	given, family := nameCounts(recs)
	n := float64(len(recs))
	for i := range recs {
		r := &recs[i]
		if r.given != "" {
			r.givenFreq = float64(given[r.given]) / n
		}
		if r.family != "" {
			r.familyFreq = float64(family[r.family]) / n
		}
	}
}

func nameCounts(recs []prepared) (given, family map[string]int) {
	given, family = map[string]int{}, map[string]int{}
	for i := range recs {
		given[recs[i].given]++
		family[recs[i].family]++
	}
	return given, family
}

// weakName tells whether a name level leaves room for the names to be swapped: crosswise
// comparison is only tried then, which saves most of its cost.
func weakName(l Level) bool { return l == Disagree || l == Weak || l == Partial }

// swapPenalty is how much better (in bits) the crosswise comparison must be to be taken.
const swapPenalty = 2

// better tells whether the crosswise name levels (g, f) beat the straight ones.
func better(g, f, g0, f0 Level, w *Weights) bool {
	if g == Disagree || f == Disagree || g == Missing || f == Missing {
		return false
	}
	if w == nil {
		return rank(g)+rank(f) < rank(g0)+rank(f0)
	}
	return w.Weight(GivenName, g)+w.Weight(FamilyName, f) > w.Weight(GivenName, g0)+w.Weight(FamilyName, f0)+swapPenalty
}

// rank orders name levels from the strongest agreement (0).
func rank(l Level) int {
	switch l {
	case Exact:
		return 0
	case Phonetic:
		return 1
	case Similar:
		return 2
	case Partial:
		return 3
	case Weak:
		return 4
	}
	return 6
}

// compare scores a prepared pair and decides its outcome; with detail it fills Fields.
func (m *Matcher) compare(a, b *prepared, detail bool, shift float64) Evidence {
	lv, sim, swapped := compareLevels(a, b, m.w)
	var fw [numFields]float64
	var score float64
	for f, l := range lv {
		fw[f] = m.w.Weight(Field(f), l)
	}
	if !swapped {
		if lv[GivenName] == Exact && a.givenFreq > 0 {
			fw[GivenName] = m.frequencyWeight(GivenName, max(a.givenFreq, b.givenFreq))
		}
		if lv[FamilyName] == Exact && a.familyFreq > 0 {
			fw[FamilyName] = m.frequencyWeight(FamilyName, max(a.familyFreq, b.familyFreq))
		}
	}
	for _, w := range fw {
		score += w
	}
	e := Evidence{A: a.id, B: b.id, Score: score}
	upper, lower := m.upper+shift, m.lower+shift
	switch {
	case lv[NationalID] == Exact:
		e.Outcome, e.Reason = Merge, "same national identity number"
	case lv[NationalID] == Disagree:
		e.Outcome, e.Reason = None, "different national identity numbers"
		if score >= lower {
			e.Outcome, e.Reason = Review, "score above the lower threshold, but different national identity numbers never merge"
		}
	case score >= upper:
		e.Outcome, e.Reason = Merge, "score above the upper threshold"
	case score >= lower:
		e.Outcome, e.Reason = Review, "score between the thresholds"
	default:
		e.Outcome, e.Reason = None, "score below the lower threshold"
	}
	if e.Outcome == Merge && (a.protected || b.protected) {
		e.Outcome, e.Reason = Review, e.Reason+"; a protected identity is never merged automatically"
	}
	if detail {
		e.Fields = make([]FieldEvidence, 0, numFields-1)
		for f, l := range lv {
			if Field(f) == FamilyAddress {
				continue
			}
			if Field(f) == Address && lv[FamilyAddress] != Missing {
				f, l = int(FamilyAddress), lv[FamilyAddress]
			}
			fe := FieldEvidence{Field: Field(f).String(), Level: l.String(), Similarity: sim[f], Weight: fw[f]}
			if sim[f] == 0 && l != Missing && l != Disagree && l != Postcode {
				fe.Similarity = 1
			}
			if swapped && (Field(f) == GivenName || Field(f) == FamilyName) {
				fe.Note = "compared crosswise: given and family name appear swapped"
			}
			if Field(f) == FamilyAddress {
				fe.Field = Address.String()
				fe.Note = "weighed as the address of someone with the same family name (a household shares both)"
			}
			e.Fields = append(e.Fields, fe)
		}
		if swapped {
			e.Reason += "; given and family name swapped"
		}
	}
	return e
}
