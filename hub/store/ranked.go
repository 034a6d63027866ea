package store

import (
	"cmp"
	"encoding/binary"
	"slices"
)

// rankedQuads are the quads of a stream load with each term id replaced by its rank among the load's
// distinct ids in id order. Since id order is key byte order (TestKeyOrderIsIDOrder), ranks order
// the keys of every index as well, and sorting a million quads for an index is sorting a million
// pairs of integers held in one array, instead of a million byte slices scattered over memory.
type rankedQuads struct {
	ids   []termID     // the distinct ids, ascending: rank → id
	quads []rankedQuad // in SPOG order, without repeats
}

// rankedQuad is a quad's ranks packed in the order of one index: the first two positions in hi,
// the last two in lo, so that comparing hi, then lo, is comparing keys.
type rankedQuad struct{ hi, lo uint64 }

func packRanks(a, b, c, d uint32) rankedQuad {
	return rankedQuad{uint64(a)<<32 | uint64(b), uint64(c)<<32 | uint64(d)}
}

// ranks returns the four ranks of q in the order they were packed.
func (q rankedQuad) ranks() [4]uint32 {
	return [4]uint32{uint32(q.hi >> 32), uint32(q.hi), uint32(q.lo >> 32), uint32(q.lo)}
}

func compareRanked(x, y rankedQuad) int {
	if c := cmp.Compare(x.hi, y.hi); c != 0 {
		return c
	}
	return cmp.Compare(x.lo, y.lo)
}

// rankQuads ranks the ids of the quads in chunks and returns the quads sorted in SPOG order without
// repeats.
func rankQuads(chunks [][]quadIDs) *rankedQuads {
	n := 0
	for _, c := range chunks {
		n += len(c)
	}
	// First number the distinct ids in the order they come, then sort them and renumber.
	number := make(map[termID]uint32, n/4)
	var distinct []termID
	numbered := make([][4]uint32, 0, n)
	// Consecutive quads often share a predicate, a graph or a subject: skip the map for those.
	var last [4]termID
	var lastNum [4]uint32
	var had [4]bool
	for _, c := range chunks {
		for i := range c {
			var q [4]uint32
			for j := range c[i] {
				id := &c[i][j]
				if had[j] && *id == last[j] {
					q[j] = lastNum[j]
					continue
				}
				num, ok := number[*id]
				if !ok {
					num = uint32(len(distinct))
					number[*id] = num
					distinct = append(distinct, *id)
				}
				q[j], last[j], lastNum[j], had[j] = num, *id, num, true
			}
			numbered = append(numbered, q)
		}
	}
	ids := slices.Clone(distinct)
	slices.SortFunc(ids, func(x, y termID) int { return compareID(&x, &y) })
	rank := make([]uint32, len(distinct)) // first number → rank
	for r := range ids {
		rank[number[ids[r]]] = uint32(r)
	}
	quads := make([]rankedQuad, len(numbered))
	for i, q := range numbered {
		quads[i] = packRanks(rank[q[0]], rank[q[1]], rank[q[2]], rank[q[3]])
	}
	slices.SortFunc(quads, compareRanked)
	return &rankedQuads{ids: ids, quads: slices.Compact(quads)}
}

// inOrder returns the quads that index ix holds (index.holds), packed and sorted in its order.
func (r *rankedQuads) inOrder(ix index) []rankedQuad {
	if ix == idxSPOG {
		return r.quads
	}
	out := make([]rankedQuad, 0, len(r.quads))
	for _, q := range r.quads {
		spog := q.ranks()
		if !ix.holdsObject(&r.ids[spog[2]]) {
			continue
		}
		out = append(out, packRanks(spog[ix.order[0]], spog[ix.order[1]], spog[ix.order[2]], spog[ix.order[3]]))
	}
	slices.SortFunc(out, compareRanked)
	return out
}

// graphSubjects returns the distinct graphs and subjects of the quads, as ranks packed graph
// first, in key order of the graph-subject index.
func (r *rankedQuads) graphSubjects() []uint64 {
	out := make([]uint64, len(r.quads))
	for i, q := range r.quads {
		spog := q.ranks()
		out[i] = uint64(spog[3])<<32 | uint64(spog[0])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// appendGraphSubjectKey appends the graph-subject key of gs, a pair from graphSubjects.
func (r *rankedQuads) appendGraphSubjectKey(dst []byte, gs uint64) []byte {
	pair := graphSubject{g: r.ids[gs>>32], s: r.ids[uint32(gs)]}
	return pair.appendKey(dst)
}

// appendKey appends the key of q, packed in the order of index ix.
func (r *rankedQuads) appendKey(dst []byte, ix index, q rankedQuad) []byte {
	dst = append(dst, ix.prefix)
	for _, rank := range q.ranks() {
		dst = appendID(dst, &r.ids[rank])
	}
	return dst
}

// quadIDs returns the ids of the SPOG-packed quads qs.
func (r *rankedQuads) quadIDs(qs []rankedQuad) []quadIDs {
	out := make([]quadIDs, len(qs))
	for i, q := range qs {
		for j, rank := range q.ranks() {
			out[i][j] = r.ids[rank]
		}
	}
	return out
}

// compareID orders ids as bytes.Compare orders them, eight bytes at a time.
func compareID(x, y *termID) int {
	if c := cmp.Compare(binary.BigEndian.Uint64(x[0:8]), binary.BigEndian.Uint64(y[0:8])); c != 0 {
		return c
	}
	if c := cmp.Compare(binary.BigEndian.Uint64(x[8:16]), binary.BigEndian.Uint64(y[8:16])); c != 0 {
		return c
	}
	return cmp.Compare(x[16], y[16])
}
