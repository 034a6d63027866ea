package match

import "sort"

// Clusters groups records by the merges among the evidence: two records linked by a chain of
// Merge outcomes end up in one cluster (the transitive closure, as a golden record would hold
// them). Each cluster is sorted, and clusters are ordered by their first ID; records without
// merges are left out.
func Clusters(ev []Evidence) [][]string {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok {
			parent[x] = x
			return x
		}
		if p != x {
			p = find(p)
			parent[x] = p
		}
		return p
	}
	for _, e := range ev {
		if e.Outcome != Merge {
			continue
		}
		a, b := find(e.A), find(e.B)
		if a != b {
			if b < a {
				a, b = b, a
			}
			parent[b] = a
		}
	}
	groups := map[string][]string{}
	for x := range parent {
		r := find(x)
		groups[r] = append(groups[r], x)
	}
	out := make([][]string, 0, len(groups))
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		sort.Strings(g)
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}
