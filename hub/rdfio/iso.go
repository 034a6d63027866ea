package rdfio

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/knakk/rdf"
)

// Isomorphic reports whether a and b are the same RDF graph up to the renaming of blank nodes.
// Duplicate triples are ignored (a graph is a set). Ground triples must match exactly; blank
// nodes are first partitioned by iterated neighbourhood hashing and then matched by backtracking
// within those classes, which also settles automorphic blank nodes that hashing cannot tell apart.
// Meant for test-sized graphs: the worst case is exponential.
func Isomorphic(a, b []rdf.Triple) bool {
	ga, gb := newIsoGraph(a), newIsoGraph(b)
	if len(ga.triples) != len(gb.triples) || len(ga.blanks) != len(gb.blanks) {
		return false
	}
	if !slices.Equal(ga.ground, gb.ground) {
		return false
	}
	ca, cb := ga.colours(), gb.colours()
	if !slices.Equal(sortedValues(ca), sortedValues(cb)) {
		return false
	}
	m := matcher{a: ga, b: gb, ca: ca, cb: cb, mapping: map[string]string{}, used: map[string]bool{}}
	// Rare colours first: they have the fewest candidates and prune the search soonest.
	count := map[string]int{}
	for _, c := range ca {
		count[c]++
	}
	m.order = slices.Clone(ga.blanks)
	slices.SortStableFunc(m.order, func(x, y string) int {
		if d := count[ca[x]] - count[ca[y]]; d != 0 {
			return d
		}
		return strings.Compare(ca[x], ca[y])
	})
	return m.search(0)
}

// Diff describes how got differs from want for test failures: "" when isomorphic, otherwise the
// triples only in want (-) and only in got (+), in N-Triples with each blank node shown by its
// structural hash, so that renamed but equal blank nodes do not show up as differences.
func Diff(want, got []rdf.Triple) string {
	if Isomorphic(want, got) {
		return ""
	}
	lw, lg := newIsoGraph(want).hashedLines(), newIsoGraph(got).hashedLines()
	count := map[string]int{}
	for _, l := range lw {
		count[l]++
	}
	for _, l := range lg {
		count[l]--
	}
	var b strings.Builder
	b.WriteString("graphs are not isomorphic (-want +got):\n")
	for _, l := range lw {
		if count[l] > 0 {
			count[l]--
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range lg {
		if count[l] < 0 {
			count[l]++
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}

// isoTriple is a triple as three TermStrings; blank nodes as "_:label".
type isoTriple [3]string

type isoGraph struct {
	triples []isoTriple            // all, deduplicated
	ground  []isoTriple            // without blank nodes, sorted
	set     map[isoTriple]bool     // all
	blanks  []string               // sorted
	byBlank map[string][]isoTriple // triples mentioning each blank node
}

func isBlank(s string) bool { return strings.HasPrefix(s, "_:") }

func newIsoGraph(ts []rdf.Triple) *isoGraph {
	g := &isoGraph{set: map[isoTriple]bool{}, byBlank: map[string][]isoTriple{}}
	for _, t := range ts {
		it := isoTriple{TermString(t.Subj), TermString(t.Pred), TermString(t.Obj)}
		if g.set[it] {
			continue
		}
		g.set[it] = true
		g.triples = append(g.triples, it)
		hasBlank := false
		for _, s := range []string{it[0], it[2]} {
			if !isBlank(s) {
				continue
			}
			hasBlank = true
			if _, seen := g.byBlank[s]; !seen {
				g.blanks = append(g.blanks, s)
			}
			if l := g.byBlank[s]; len(l) == 0 || l[len(l)-1] != it {
				g.byBlank[s] = append(l, it)
			}
		}
		if !hasBlank {
			g.ground = append(g.ground, it)
		}
	}
	slices.SortFunc(g.ground, compareIso)
	slices.Sort(g.blanks)
	return g
}

func compareIso(x, y isoTriple) int {
	for i := range x {
		if c := strings.Compare(x[i], y[i]); c != 0 {
			return c
		}
	}
	return 0
}

// colours refines blank node colours until the partition stops changing: a colour is the hash of a
// node's previous colour and the sorted list of its triples with every blank node replaced by its
// colour. The function of the structure alone, so equal colours across two graphs are comparable.
func (g *isoGraph) colours() map[string]string {
	colour := make(map[string]string, len(g.blanks))
	for _, n := range g.blanks {
		colour[n] = "0"
	}
	classes := 1
	for round := 0; round <= len(g.blanks); round++ {
		next := make(map[string]string, len(colour))
		distinct := map[string]bool{}
		for _, n := range g.blanks {
			sigs := make([]string, 0, len(g.byBlank[n]))
			for _, t := range g.byBlank[n] {
				sigs = append(sigs, sig(t, n, colour))
			}
			slices.Sort(sigs)
			h := sha256.Sum256([]byte(colour[n] + "\x00" + strings.Join(sigs, "\x00")))
			next[n] = hex.EncodeToString(h[:12])
			distinct[next[n]] = true
		}
		colour = next
		if len(distinct) == classes && round > 0 {
			break
		}
		classes = len(distinct)
	}
	return colour
}

// sig is one triple seen from blank node self: self as "@", other blank nodes by colour.
func sig(t isoTriple, self string, colour map[string]string) string {
	var b strings.Builder
	for i, s := range t {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch {
		case s == self:
			b.WriteString("@")
		case isBlank(s):
			b.WriteString("_:" + colour[s])
		default:
			b.WriteString(s)
		}
	}
	return b.String()
}

func (g *isoGraph) hashedLines() []string {
	colour := g.colours()
	lines := make([]string, 0, len(g.triples))
	for _, t := range g.triples {
		for i, s := range t {
			if isBlank(s) {
				t[i] = "_:" + colour[s][:8]
			}
		}
		lines = append(lines, t[0]+" "+t[1]+" "+t[2]+" .")
	}
	slices.Sort(lines)
	return lines
}

func sortedValues(m map[string]string) []string {
	vs := make([]string, 0, len(m))
	for _, v := range m {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	return vs
}

// matcher searches for a bijection of a's blank nodes onto b's that maps every triple of a to a
// triple of b; with equal triple counts that makes the graphs equal.
type matcher struct {
	a, b    *isoGraph
	ca, cb  map[string]string
	order   []string
	mapping map[string]string // a's blank → b's blank
	used    map[string]bool   // b's blanks taken
}

func (m *matcher) search(i int) bool {
	if i == len(m.order) {
		return true
	}
	n := m.order[i]
	for _, cand := range m.b.blanks {
		if m.used[cand] || m.cb[cand] != m.ca[n] {
			continue
		}
		m.mapping[n], m.used[cand] = cand, true
		if m.consistent(n) && m.search(i+1) {
			return true
		}
		delete(m.mapping, n)
		delete(m.used, cand)
	}
	return false
}

// consistent checks the triples of n whose blank nodes are all mapped by now.
func (m *matcher) consistent(n string) bool {
	for _, t := range m.a.byBlank[n] {
		mapped, complete := t, true
		for _, pos := range []int{0, 2} {
			if isBlank(t[pos]) {
				to, ok := m.mapping[t[pos]]
				if !ok {
					complete = false
					break
				}
				mapped[pos] = to
			}
		}
		if complete && !m.b.set[mapped] {
			return false
		}
	}
	return true
}

// String is for debugging a failing comparison.
func (t isoTriple) String() string { return fmt.Sprintf("%s %s %s .", t[0], t[1], t[2]) }
