package store

import (
	"fmt"

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
	indexes = [...]index{idxSPOG, idxPOSG, idxOSPG}
)

// gsPrefix starts the keys of the graph-subject index: 'G' g s, one key for each subject that has
// at least one quad in graph g (format version 5). It finds a graph's quads through their subjects'
// SPOG keys (Store.scanGraph) with a key per subject instead of one per quad.
const gsPrefix byte = 'G'

// graphSubject is a graph and one of its subjects: a key of the graph-subject index.
type graphSubject struct{ g, s termID }

func (gs *graphSubject) appendKey(dst []byte) []byte {
	return appendID(appendID(append(dst, gsPrefix), &gs.g), &gs.s)
}

func graphSubjectOf(q *quadIDs) graphSubject { return graphSubject{q[3], q[0]} }

// holds tells whether index ix has a key for q. OSPG leaves out quads whose object is a literal
// (since format version 4): literals are most of a typical store's objects and are looked up with
// their predicate (POSG) or subject (SPOG). The patterns with a literal O that OSPG would serve go
// elsewhere (plan, Store.matchByPredicate).
func (ix index) holds(q *quadIDs) bool { return ix.holdsObject(&q[2]) }

// holdsObject tells whether index ix has keys for quads with object o.
func (ix index) holdsObject(o *termID) bool { return ix.prefix != idxOSPG.prefix || !o.isLiteral() }

// held returns the quads of ids that ix has keys for: ids itself, or a filtered copy.
func (ix index) held(ids []quadIDs) []quadIDs {
	if ix.prefix != idxOSPG.prefix {
		return ids
	}
	out := make([]quadIDs, 0, len(ids))
	for i := range ids {
		if ix.holds(&ids[i]) {
			out = append(out, ids[i])
		}
	}
	return out
}

// afterID returns the smallest key after every key that starts with prefix and id: no id starts with
// 0xff and ids are prefix-free, so it also comes before the first key with the next id there.
// Scans that visit each distinct id once seek to it.
func afterID(prefix []byte, id *termID) []byte {
	return append(appendID(prefix, id), 0xff)
}

// keyLen is the length of q's key in every index.
func keyLen(q *quadIDs) int {
	return 1 + q[0].width() + q[1].width() + q[2].width() + q[3].width()
}

func (ix index) key(q quadIDs) []byte {
	return ix.appendKey(make([]byte, 0, keyLen(&q)), &q)
}

// appendKey appends the key of q in this index.
func (ix index) appendKey(dst []byte, q *quadIDs) []byte {
	dst = append(dst, ix.prefix)
	for _, pos := range ix.order {
		dst = appendID(dst, &q[pos])
	}
	return dst
}

// keySlab holds the keys of a list of quads in one allocation. A quad's key is equally long in
// every index, so one slab serves every index in turn.
type keySlab struct {
	buf  []byte
	keys [][]byte
}

func newKeySlab(ids []quadIDs) *keySlab {
	n := 0
	for i := range ids {
		n += keyLen(&ids[i])
	}
	return &keySlab{buf: make([]byte, 0, n), keys: make([][]byte, len(ids))}
}

// fill writes the keys of ids (the list the slab was made for) in index ix, overwriting the keys
// of the previous fill, and returns them in the order of ids.
func (s *keySlab) fill(ix index, ids []quadIDs) [][]byte {
	s.buf = s.buf[:0]
	for i := range ids {
		start := len(s.buf)
		s.buf = ix.appendKey(s.buf, &ids[i])
		s.keys[i] = s.buf[start:len(s.buf):len(s.buf)]
	}
	return s.keys
}

// quadOf reads the ids back out of a key of this index.
func (ix index) quadOf(k []byte) (quadIDs, error) {
	var q quadIDs
	if len(k) == 0 || k[0] != ix.prefix {
		return q, fmt.Errorf("store: corrupt key %x", k)
	}
	rest := k[1:]
	for _, pos := range ix.order {
		var err error
		if q[pos], rest, err = readID(rest); err != nil {
			return q, fmt.Errorf("store: corrupt key %x: %w", k, err)
		}
	}
	if len(rest) != 0 {
		return q, fmt.Errorf("store: corrupt key %x: %d bytes after the graph", k, len(rest))
	}
	return q, nil
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
	bound  [4]bool
	ids    [4]termID
	values [4][]byte  // dictionary values of the bound hashed terms (see Store.boundStored)
	iris   [4]rdf.IRI // the bound hashed terms that are IRIs
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
		id, value, err := encodeTerm(t)
		if err != nil {
			return b, err
		}
		b.bound[i], b.ids[i], b.values[i] = true, id, value
		if iri, ok := t.(rdf.IRI); ok && value != nil {
			b.iris[i] = iri
		}
	}
	return b, nil
}

// Bits of a pattern's shape: which of S, P, O and G are bound.
const (
	bitS = 1 << iota
	bitP
	bitO
	bitG
)

func (b boundPattern) shape() int {
	shape := 0
	for i, bit := range [4]int{bitS, bitP, bitO, bitG} {
		if b.bound[i] {
			shape |= bit
		}
	}
	return shape
}

// plan picks, for each of the 16 shapes, the index whose keys start with the most bound terms, and
// how many leading key terms are bound. Terms bound beyond that prefix are filtered while scanning:
// a G is checked on each key of an already narrow prefix (a subject's, a predicate's or an
// object's). ???G is not planned here: a graph's quads are found through its subjects (byGraph,
// Store.scanGraph). A literal O is not in OSPG (index.holds): the shapes that would scan OSPG scan
// SPOG by their subject instead, and ??O? and ??OG, which have no subject, are not planned here but
// scanned in POSG predicate by predicate (byPredicate, Store.matchByPredicate).
func (b boundPattern) plan() (ix index, n int) {
	if b.bound[2] && b.ids[2].isLiteral() {
		switch b.shape() {
		case bitS | bitO, bitS | bitO | bitG: // S?O? S?OG  filter O (and G)
			return idxSPOG, 1
		}
	}
	switch b.shape() {
	case 0: // ????  everything
		return idxSPOG, 0
	case bitS: // S???
		return idxSPOG, 1
	case bitP: // ?P??
		return idxPOSG, 1
	case bitS | bitP: // SP??
		return idxSPOG, 2
	case bitO: // ??O?
		return idxOSPG, 1
	case bitS | bitO: // S?O?
		return idxOSPG, 2
	case bitP | bitO: // ?PO?
		return idxPOSG, 2
	case bitS | bitP | bitO: // SPO?
		return idxSPOG, 3
	case bitG: // ???G  not planned here (byGraph): everything, filter G
		return idxSPOG, 0
	case bitS | bitG: // S??G  filter G
		return idxSPOG, 1
	case bitP | bitG: // ?P?G  filter G
		return idxPOSG, 1
	case bitS | bitP | bitG: // SP?G  filter G
		return idxSPOG, 2
	case bitO | bitG: // ??OG  filter G
		return idxOSPG, 1
	case bitS | bitO | bitG: // S?OG  filter G
		return idxOSPG, 2
	case bitP | bitO | bitG: // ?POG  filter G
		return idxPOSG, 2
	case bitS | bitP | bitO | bitG: // SPOG  one key
		return idxSPOG, 4
	}
	panic(fmt.Sprintf("store: impossible pattern shape %b", b.shape()))
}

// byGraph tells whether the pattern is ???G, which the graph-subject index serves (see plan).
func (b boundPattern) byGraph() bool { return b.shape() == bitG }

// byPredicate tells whether the pattern is ??O? or ??OG with a literal O, which no index has a
// prefix for (see plan).
func (b boundPattern) byPredicate() bool {
	shape := b.shape()
	return (shape == bitO || shape == bitO|bitG) && b.ids[2].isLiteral()
}

// choose returns the index to scan and the key prefix that holds every match.
func (b boundPattern) choose() (index, []byte) {
	ix, n := b.plan()
	prefix := make([]byte, 1, 1+n*idLen)
	prefix[0] = ix.prefix
	for i := 0; i < n; i++ {
		prefix = appendID(prefix, &b.ids[ix.order[i]])
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
