package population

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/grunddata/grunddata/hub/match"
)

// Report is the pairwise quality of a deduplication against the truth of a generated population.
type Report struct {
	// TruePairs is the number of record pairs that are the same person.
	TruePairs int `json:"truePairs"`
	// Merge counts the pairs of records merged, directly or through a chain of merges (every
	// pair within a cluster); Review the pairs queued for review between records not already
	// merged. The *Correct fields count those that are true pairs.
	Merge         int `json:"merge"`
	MergeCorrect  int `json:"mergeCorrect"`
	Review        int `json:"review"`
	ReviewCorrect int `json:"reviewCorrect"`
	// Precision is the share of proposed pairs (merged plus queued) that are true pairs;
	// MergePrecision the same for merged pairs alone.
	Precision      float64 `json:"precision"`
	MergePrecision float64 `json:"mergePrecision"`
	// Recall is the share of true pairs proposed (merged plus queued); MergeRecall the share
	// merged automatically.
	Recall      float64 `json:"recall"`
	MergeRecall float64 `json:"mergeRecall"`
	// F1 is the harmonic mean of Precision and Recall.
	F1 float64 `json:"f1"`
	// ByEdit is the recall among the true pairs whose records carry each kind of edit.
	ByEdit map[string]EditRecall `json:"byEdit"`
}

// EditRecall is the recall among the true pairs with one kind of edit.
type EditRecall struct {
	Pairs  int     `json:"pairs"`
	Found  int     `json:"found"`
	Recall float64 `json:"recall"`
}

// Evaluate measures proposed pairs (as Matcher.Dedup returns them) against the truth in recs.
func Evaluate(recs []Record, proposed []match.Evidence) Report {
	byID := make(map[string]int, len(recs))
	groups := map[int][]int{}
	for i, r := range recs {
		byID[r.ID] = i
		groups[r.Entity] = append(groups[r.Entity], i)
	}
	// Merged pairs are every pair within a cluster of merges (the transitive closure: what the
	// golden records end up holding); queued pairs are the reviews between records the merges
	// have not already joined.
	found := map[[2]int]bool{}
	var rep Report
	cluster := map[int]int{}
	for ci, c := range match.Clusters(proposed) {
		for x := range c {
			cluster[byID[c[x]]] = ci + 1
			for y := x + 1; y < len(c); y++ {
				a, b := byID[c[x]], byID[c[y]]
				rep.Merge++
				if recs[a].Entity == recs[b].Entity {
					rep.MergeCorrect++
					found[pair(a, b)] = true
				}
			}
		}
	}
	for _, e := range proposed {
		a, okA := byID[e.A]
		b, okB := byID[e.B]
		if e.Outcome != match.Review || !okA || !okB || (cluster[a] != 0 && cluster[a] == cluster[b]) {
			continue
		}
		rep.Review++
		if recs[a].Entity == recs[b].Entity {
			rep.ReviewCorrect++
			found[pair(a, b)] = true
		}
	}
	rep.ByEdit = map[string]EditRecall{}
	for _, members := range groups {
		for x := 0; x < len(members); x++ {
			for y := x + 1; y < len(members); y++ {
				rep.TruePairs++
				ok := found[pair(members[x], members[y])]
				seen := map[string]bool{}
				for _, ed := range append(append([]string{}, recs[members[x]].Edits...), recs[members[y]].Edits...) {
					if seen[ed] {
						continue
					}
					seen[ed] = true
					er := rep.ByEdit[ed]
					er.Pairs++
					if ok {
						er.Found++
					}
					rep.ByEdit[ed] = er
				}
			}
		}
	}
	for k, er := range rep.ByEdit {
		er.Recall = ratio(er.Found, er.Pairs)
		rep.ByEdit[k] = er
	}
	rep.Precision = ratio(rep.MergeCorrect+rep.ReviewCorrect, rep.Merge+rep.Review)
	rep.MergePrecision = ratio(rep.MergeCorrect, rep.Merge)
	rep.Recall = ratio(rep.MergeCorrect+rep.ReviewCorrect, rep.TruePairs)
	rep.MergeRecall = ratio(rep.MergeCorrect, rep.TruePairs)
	if rep.Precision+rep.Recall > 0 {
		rep.F1 = 2 * rep.Precision * rep.Recall / (rep.Precision + rep.Recall)
	}
	return rep
}

func pair(a, b int) [2]int {
	if b < a {
		a, b = b, a
	}
	return [2]int{a, b}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Write prints the report as aligned text.
func (r Report) Write(w io.Writer) {
	fmt.Fprintf(w, "true pairs        %d\n", r.TruePairs)
	fmt.Fprintf(w, "merge             %d (%d correct)\n", r.Merge, r.MergeCorrect)
	fmt.Fprintf(w, "review            %d (%d correct)\n", r.Review, r.ReviewCorrect)
	fmt.Fprintf(w, "precision         %.4f (merge alone %.4f)\n", r.Precision, r.MergePrecision)
	fmt.Fprintf(w, "recall            %.4f (merged plus queued; merged alone %.4f)\n", r.Recall, r.MergeRecall)
	fmt.Fprintf(w, "F1                %.4f\n", r.F1)
	var names []string
	for k := range r.ByEdit {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		er := r.ByEdit[k]
		fmt.Fprintf(&b, "  %-12s %6d pairs  recall %.4f\n", k, er.Pairs, er.Recall)
	}
	fmt.Fprintf(w, "recall by edit (pairs whose records carry it):\n%s", b.String())
}
