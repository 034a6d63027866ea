package store

import (
	"github.com/knakk/rdf"
)

// index is one order in which quads are kept as keys.
type index struct {
	prefix byte
	order  [4]int // positions (0=S 1=P 2=O 3=G) in key order
}

var (
	idxSPOG = index{'S', [4]int{0, 1, 2, 3}}
	idxPOSG = index{'P', [4]int{1, 2, 0, 3}}
	idxOSPG = index{'O', [4]int{2, 0, 1, 3}}
	idxGSPO = index{'G', [4]int{3, 0, 1, 2}}
	indexes = [...]index{idxSPOG, idxPOSG, idxOSPG, idxGSPO}
)

const keyLen = 1 + 4*idLen

func (ix index) key(q quadIDs) []byte {
	k := make([]byte, keyLen)
	k[0] = ix.prefix
	for i, pos := range ix.order {
		copy(k[1+i*idLen:], q[pos][:])
	}
	return k
}

// quadOf reads the ids back out of a key of this index.
func (ix index) quadOf(k []byte) quadIDs {
	var q quadIDs
	for i, pos := range ix.order {
		copy(q[pos][:], k[1+i*idLen:1+(i+1)*idLen])
	}
	return q
}

// Pattern selects quads; nil fields are wildcards. G nil matches every graph, the default graph
// included; to match only the default graph use DefaultGraph.
type Pattern struct {
	S rdf.Subject
	P rdf.Predicate
	O rdf.Object
	G rdf.Context
}

// boundPattern is a pattern with its bound terms encoded.
type boundPattern struct {
	bound [4]bool
	ids   [4]termID
}

func (p Pattern) encode() (boundPattern, error) {
	var b boundPattern
	terms := [4]rdf.Term{}
	if p.S != nil {
		terms[0] = p.S
	}
	if p.P != nil {
		terms[1] = p.P
	}
	if p.O != nil {
		terms[2] = p.O
	}
	if p.G != nil {
		terms[3] = p.G
	}
	for i, t := range terms {
		if t == nil {
			continue
		}
		if g, ok := t.(defaultGraph); ok && i == 3 {
			_ = g
			b.bound[3] = true // the zero id is the default graph
			continue
		}
		id, _, err := encodeTerm(t)
		if err != nil {
			return b, err
		}
		b.bound[i], b.ids[i] = true, id
	}
	return b, nil
}

// choose picks the index whose key starts with the most bound terms, and returns the key prefix.
// The switch covers all 16 combinations of bound S, P, O and G.
func (b boundPattern) choose() (index, []byte) {
	s, p, o, g := b.bound[0], b.bound[1], b.bound[2], b.bound[3]
	var ix index
	var n int // how many leading key terms are bound
	switch {
	case s && p && o: // SPO, SPOG
		ix, n = idxSPOG, 3
		if g {
			n = 4
		}
	case s && p && g: // SPG
		ix, n = idxGSPO, 3
	case s && p: // SP
		ix, n = idxSPOG, 2
	case s && o: // SO, SOG
		ix, n = idxOSPG, 2
	case s && g: // SG
		ix, n = idxGSPO, 2
	case s: // S
		ix, n = idxSPOG, 1
	case p && o: // PO, POG
		ix, n = idxPOSG, 2
	case p: // P, PG
		ix, n = idxPOSG, 1
	case o: // O, OG
		ix, n = idxOSPG, 1
	case g: // G
		ix, n = idxGSPO, 1
	default: // nothing bound: any index; GSPO keeps a graph's quads together
		ix, n = idxGSPO, 0
	}
	prefix := make([]byte, 1, 1+n*idLen)
	prefix[0] = ix.prefix
	for i := 0; i < n; i++ {
		prefix = append(prefix, b.ids[ix.order[i]][:]...)
	}
	return ix, prefix
}

// matches tells whether a quad's ids agree with every bound term (the prefix already checked some).
func (b boundPattern) matches(q quadIDs) bool {
	for i := range 4 {
		if b.bound[i] && q[i] != b.ids[i] {
			return false
		}
	}
	return true
}

// defaultGraph is the term that selects only the default graph in a Pattern.
type defaultGraph struct{ rdf.IRI }

// DefaultGraph, as Pattern.G, matches only quads in the default graph.
var DefaultGraph rdf.Context = defaultGraph{}
