package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/knakk/rdf"
)

// FormatVersion is the on-disk layout this code reads and writes (see doc.go). A store of version 3
// or 4 is upgraded when it opens (upgrade); a store of any other layout is refused, never silently
// misread. Version 4 had a GSPO key per quad where version 5 has a graph-subject key per subject
// of a graph; version 3 also had OSPG keys for quads with literal objects; version 2 padded every
// term id to 17 bytes with 16-byte hashes; version 1 (the first seed) padded inline terms without
// a length byte and had no inline language or typed literals.
const FormatVersion = 5

// Options configure Open.
type Options struct {
	InMemory bool         // keep everything in memory (tests); dir is ignored
	Logger   *slog.Logger // nil: discard

	// compactOnClose has Close compact level 0 into the levels below (benchmarks of a settled store:
	// badger compacts level 0 only once it holds five tables, and Flatten leaves it alone when it
	// is the only level with data).
	compactOnClose bool
}

// Store is a quad store on badger.
type Store struct {
	dir   string // "" for an in-memory store
	db    *badger.DB
	log   *slog.Logger
	terms *bounded[termID, rdf.Term] // decoded hashed terms
	// stored remembers dictionary entries that are committed, so that writes skip them.
	stored *knownEntries
	// large remembers graphs too large for Apply's prescan.
	large *bounded[termID, struct{}]
	// filters tell writes which new terms certainly have no dictionary entry (filter.go).
	filters dictFilters

	// writeMu serialises writers so that change sequence numbers follow commit order without gaps.
	writeMu sync.Mutex
	lastSeq atomic.Uint64 // written with writeMu held; read without it so LastSeq never waits on a bulk batch
}

// Open opens the store in dir, creating it if needed. It fails if the directory is in use by another
// process or holds a store of another format version.
func Open(dir string, opts Options) (*Store, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	// Sized for a small server (2 cores, tens of GiB): the keys are the data and values are empty, so
	// the block cache matters more than the value log; two compactors (badger's minimum) leave a core
	// for the hub. Table indexes stay in memory (no index cache): a cache makes every lookup decode
	// them again. Compression is off since most key bytes are hashes.
	bo := badger.DefaultOptions(dir).
		WithLogger(badgerLogger{log}).
		WithCompression(options.None).
		WithNumVersionsToKeep(1).
		WithNumCompactors(2).
		WithBlockCacheSize(512 << 20).
		WithDetectConflicts(false). // writers are serialised by writeMu
		WithCompactL0OnClose(opts.compactOnClose)
	if opts.InMemory {
		bo = bo.WithInMemory(true).WithDir("").WithValueDir("")
	}
	db, err := badger.Open(bo)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	s := &Store{db: db, log: log, terms: newBounded[termID, rdf.Term](1 << 20), stored: newKnownEntries(1 << 18), large: newBounded[termID, struct{}](4096)}
	if !opts.InMemory {
		s.dir = dir
	}
	interrupted, err := interruptedFirstLoad(s.dir)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	if interrupted {
		log.Warn("store: a first bulk load into this store did not finish; emptying the store (run the load again)", "dir", dir)
		if err := s.discardFirstLoad(nil); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := s.checkVersion(); err != nil {
		db.Close()
		return nil, err
	}
	last, err := s.readLastSeq()
	if err != nil {
		db.Close()
		return nil, err
	}
	s.lastSeq.Store(last)
	s.filters.ctx, s.filters.cancel = context.WithCancel(context.Background())
	s.filters.built, s.filters.scanStarts = filterBuilt, filterScanStarts
	if s.fresh() {
		// Nothing to scan (and no scan running when a first bulk load empties the tree to stream).
		s.filters.cur.Store(newDictFilter(minFilterCapacity))
	} else {
		s.writeMu.Lock()
		s.startFilterBuild(minFilterCapacity)
		s.writeMu.Unlock()
	}
	return s, nil
}

// filterBuilt, when set (by tests), is what stores opened afterwards call when a filter build ends.
var filterBuilt func(error)

// Close flushes and closes the store; acknowledged writes are on disk afterwards.
func (s *Store) Close() error {
	s.writeMu.Lock()
	s.filters.cancel() // under writeMu, so that no write starts another build
	s.writeMu.Unlock()
	s.filters.wg.Wait()
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.db.Close()
}

func (s *Store) checkVersion() error {
	var stored string
	err := s.db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte{'v'})
		if errors.Is(err, badger.ErrKeyNotFound) {
			if !isEmpty(txn) {
				return errors.New("store: the data directory holds a badger database without a grunddata format version")
			}
			stored = strconv.Itoa(FormatVersion)
			return txn.Set([]byte{'v'}, []byte(stored))
		}
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		stored = string(v)
		return err
	})
	switch {
	case err != nil:
		return err
	case stored == "3" || stored == "4" || stored == upgradingVersion:
		return s.upgrade(stored)
	case stored != strconv.Itoa(FormatVersion):
		return fmt.Errorf("store: the data directory holds store format version %q, this program reads version %d (and upgrades versions 3 and 4): export the data with the grunddata build that wrote it (grunddata export) and import the dump into a new directory, or remove the directory to start again", stored, FormatVersion)
	}
	return nil
}

// upgradingVersion is the format version of a store being upgraded: no build reads it, so a build
// of version 3 or 4 started on a store whose upgrade was cut short refuses it instead of misreading
// it, and this build upgrades it again.
const upgradingVersion = "upgrading to 5"

// upgrade turns a version 3 or 4 store into version 5 in place. Version 4 is version 3 without the
// OSPG keys of quads with literal objects; version 5 is version 4 with graph-subject keys instead
// of GSPO keys, both under the prefix 'G'. The version becomes upgradingVersion first; badger drops
// the keys that go by prefix (the literal OSPG prefixes hold nothing in a version 4 store), the
// graph-subject keys are built from SPOG, and version 5 is written last.
func (s *Store) upgrade(from string) error {
	fail := func(err error) error { return fmt.Errorf("store: upgrade from format version %q: %w", from, err) }
	setVersion := func(v string) error {
		err := s.db.Update(func(txn *badger.Txn) error { return txn.Set([]byte{'v'}, []byte(v)) })
		if err == nil {
			err = s.db.Sync()
		}
		return err
	}
	if err := setVersion(upgradingVersion); err != nil {
		return fail(err)
	}
	prefixes := [][]byte{{gsPrefix}}
	for kind := kindStringInline; kind <= kindTypedHashed; kind++ {
		prefixes = append(prefixes, []byte{idxOSPG.prefix, kind})
	}
	if err := s.db.DropPrefix(prefixes...); err != nil {
		return fail(err)
	}
	n, err := s.buildGraphSubjects()
	if err == nil {
		err = s.db.Sync()
	}
	if err == nil {
		err = setVersion(strconv.Itoa(FormatVersion))
	}
	if err != nil {
		return fail(err)
	}
	s.log.Info("store: upgraded the store to format version "+strconv.Itoa(FormatVersion), "from", from, "graph_subjects", n)
	return nil
}

// buildGraphSubjects writes the graph-subject keys of every stored quad, reading SPOG, where a
// subject's graphs are together; it returns how many it wrote.
func (s *Store) buildGraphSubjects() (int, error) {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	n, quads := 0, 0
	err := s.db.View(func(txn *badger.Txn) error {
		root := []byte{idxSPOG.prefix}
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: root})
		defer it.Close()
		var subject termID
		graphs := map[termID]bool{}
		for it.Seek(root); it.ValidForPrefix(root); it.Next() {
			ids, err := idxSPOG.quadOf(it.Item().Key())
			if err != nil {
				return err
			}
			if ids[0] != subject {
				subject = ids[0]
				clear(graphs)
			}
			if !graphs[ids[3]] {
				graphs[ids[3]] = true
				gs := graphSubjectOf(&ids)
				if err := wb.Set(gs.appendKey(nil), nil); err != nil {
					return err
				}
				n++
			}
			if quads++; quads%1_000_000 == 0 {
				s.log.Info("store: upgrading: graph-subject keys", "quads_read", quads, "keys", n)
			}
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, wb.Flush()
}

// Match calls fn for every quad that matches p, in index order, and stops at the first error fn
// returns (which Match returns).
func (s *Store) Match(ctx context.Context, p Pattern, fn func(rdf.Quad) error) error {
	bp, err := p.encode()
	if err != nil {
		return err
	}
	return s.db.View(func(txn *badger.Txn) error {
		return s.matchTxn(ctx, txn, bp, func(ids quadIDs) error {
			q, err := s.decodeQuad(txn, ids)
			if err != nil {
				return err
			}
			return fn(q)
		})
	})
}

// matchTxn iterates the ids of the quads matching bp within txn.
func (s *Store) matchTxn(ctx context.Context, txn *badger.Txn, bp boundPattern, fn func(quadIDs) error) error {
	if s.boundAbsent(&bp) {
		return ctx.Err() // as a scan would: a cancelled read stops
	}
	if bp.byPredicate() {
		return s.matchByPredicate(ctx, txn, bp, fn)
	}
	if bp.byGraph() {
		c := &checkOnce{s: s, txn: txn, bp: &bp}
		return s.scanGraph(ctx, txn, bp.ids[3], bp, c, fn)
	}
	ix, prefix := bp.choose()
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: prefix})
	defer it.Close()
	return matchIter(ctx, it, ix, prefix, bp, func() (bool, error) { return s.boundStored(txn, &bp) }, fn)
}

// checkOnce runs boundStored for a scan made of several prefix scans: at the first match of the
// first that finds one, and never again.
type checkOnce struct {
	s             *Store
	txn           *badger.Txn
	bp            *boundPattern
	done, refused bool
}

// verify returns matchIter's verify for the next prefix scan (nil once checked).
func (c *checkOnce) verify() func() (bool, error) {
	if c == nil || c.done {
		return nil
	}
	return func() (bool, error) {
		ok, err := c.s.boundStored(c.txn, c.bp)
		c.done, c.refused = ok, !ok
		return ok, err
	}
}

// stopped tells whether the check refused the pattern's terms (nothing matches).
func (c *checkOnce) stopped() bool { return c != nil && c.refused }

// matchByPredicate serves ??O? and ??OG with a literal O, which OSPG does not hold (index.holds):
// it scans POSG's keys with the object under each predicate in turn, seeking from one predicate to
// the next, so it costs two seeks per distinct predicate in the store (a few dozen to a few hundred
// in a hub) plus the matches.
func (s *Store) matchByPredicate(ctx context.Context, txn *badger.Txn, bp boundPattern, fn func(quadIDs) error) error {
	root := []byte{idxPOSG.prefix}
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: root})
	defer it.Close()
	check := &checkOnce{s: s, txn: txn, bp: &bp}
	var prefix []byte
	for it.Seek(root); it.ValidForPrefix(root) && !check.stopped(); {
		p, _, err := readID(it.Item().Key()[1:])
		if err != nil {
			return fmt.Errorf("store: corrupt key %x: %w", it.Item().Key(), err)
		}
		prefix = appendID(appendID(append(prefix[:0], idxPOSG.prefix), &p), &bp.ids[2])
		if err := matchIter(ctx, it, idxPOSG, prefix, bp, check.verify(), fn); err != nil {
			return err
		}
		it.Seek(afterID(append(prefix[:0], idxPOSG.prefix), &p)) // on to the next predicate
	}
	return ctx.Err()
}

// graphChunk is how many of a graph's subjects scanGraph reads at a time.
const graphChunk = 256

// scanGraph calls fn for the keys of graph g's subjects that match bp, subject by subject: it reads
// the graph's subjects from the graph-subject index, a chunk at a time, and scans each subject's
// SPOG keys with bp. To get the graph's quads, bind bp's G to g; prescan leaves it unbound, to see
// every key it reads. check (nil: none) verifies the pattern's terms at the first match.
//
// Each subject gets an iterator limited to its prefix (badger then opens only the tables that hold
// it). In an update transaction every new iterator copies and sorts the transaction's pending
// writes, so scanGraph runs there only before the transaction writes (prescan).
func (s *Store) scanGraph(ctx context.Context, txn *badger.Txn, g termID, bp boundPattern, check *checkOnce, fn func(quadIDs) error) error {
	root := appendID([]byte{gsPrefix}, &g)
	from := root
	subjects := make([]termID, 0, 16)
	for {
		subjects = subjects[:0]
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: root})
		for it.Seek(from); it.ValidForPrefix(root) && len(subjects) < graphChunk; it.Next() {
			key := it.Item().Key()
			subj, rest, err := readID(key[len(root):])
			if err != nil || len(rest) != 0 {
				err = fmt.Errorf("store: corrupt graph-subject key %x", key)
				it.Close()
				return err
			}
			subjects = append(subjects, subj)
		}
		more := it.ValidForPrefix(root)
		it.Close()
		var prefix []byte
		for i := range subjects {
			if check.stopped() {
				return nil
			}
			sub := bp
			sub.bound[0], sub.ids[0] = true, subjects[i]
			prefix = appendID(append(prefix[:0], idxSPOG.prefix), &subjects[i])
			it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: prefix})
			err := matchIter(ctx, it, idxSPOG, prefix, sub, check.verify(), fn)
			it.Close()
			if err != nil {
				return err
			}
		}
		if !more {
			return ctx.Err()
		}
		// The smallest key after the last subject's: graph-subject keys end with the subject.
		from = append(appendID(slices.Clip(root), &subjects[len(subjects)-1]), 0)
	}
}

// matchIter scans prefix of index ix with it, an iterator over (at least) that prefix. When the
// first matching key is found, verify (if not nil) must confirm that the pattern's terms are the
// stored ones, or nothing matches.
func matchIter(ctx context.Context, it *badger.Iterator, ix index, prefix []byte, bp boundPattern, verify func() (bool, error), fn func(quadIDs) error) error {
	n := 0
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		if n++; n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		ids, err := ix.quadOf(it.Item().Key())
		if err != nil {
			return err
		}
		if !bp.matches(ids) {
			continue
		}
		if verify != nil {
			ok, err := verify()
			if err != nil || !ok {
				return err
			}
			verify = nil
		}
		if err := fn(ids); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// boundStored tells whether each hashed term of bp is the term stored under its id. Ids are 8-byte
// hashes (see hashed), so a term that was never stored can share its id with one that was, whose
// quads are not its quads. Scans call it when they find their first match, so a pattern that
// matches nothing costs no more. txn must not hold writes of its own (the entry it finds is then a
// committed one, and remembered as such).
//
// An IRI found stored is put in the term cache, and an IRI the term cache holds under its id is
// stored: the cache holds only terms read from the dictionary or checked against it, and an IRI is
// read back as the same value that was written (a literal may not be: see decodeTerm), so the cache
// answers for the subjects a hub is asked about again and again.
func (s *Store) boundStored(txn *badger.Txn, bp *boundPattern) (bool, error) {
	for i := range bp.ids {
		if !bp.bound[i] || bp.values[i] == nil {
			continue
		}
		iri := bp.iris[i]
		if iri != (rdf.IRI{}) {
			if t, ok := s.terms.get(bp.ids[i]); ok && t == rdf.Term(iri) {
				continue
			}
		}
		state, _, err := checkEntry(txn, s.stored, nil, dictEntry{id: bp.ids[i], value: bp.values[i]})
		if err != nil || state != entryStored {
			return false, err
		}
		if iri != (rdf.IRI{}) {
			s.terms.put(bp.ids[i], iri)
		}
	}
	return true, nil
}

// boundAbsent tells whether the dictionary certainly holds no entry for one of the pattern's bound
// hashed terms (Store.absent), so that nothing can match it: a look-up of a subject that was never
// stored (a customer number being checked, a 404) then costs no seek at all. Call it inside the
// reading transaction, never before it is opened: a write committed in between would be missed.
func (s *Store) boundAbsent(bp *boundPattern) bool {
	for i := range bp.ids {
		if bp.bound[i] && bp.values[i] != nil && s.absent(&bp.ids[i]) {
			return true
		}
	}
	return false
}

// Count returns how many quads match p.
func (s *Store) Count(ctx context.Context, p Pattern) (int, error) {
	bp, err := p.encode()
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.db.View(func(txn *badger.Txn) error {
		return s.matchTxn(ctx, txn, bp, func(quadIDs) error { n++; return nil })
	})
	return n, err
}

// Graphs lists the named graphs that hold at least one quad.
func (s *Store) Graphs(ctx context.Context) ([]rdf.IRI, error) {
	var out []rdf.IRI
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{gsPrefix}})
		defer it.Close()
		for it.Seek([]byte{gsPrefix}); it.ValidForPrefix([]byte{gsPrefix}); {
			g, _, err := readID(it.Item().Key()[1:])
			if err != nil {
				return err
			}
			if g[0] != kindDefaultGraph {
				t, err := s.term(txn, g)
				if err != nil {
					return err
				}
				if iri, ok := t.(rdf.IRI); ok {
					out = append(out, iri)
				}
			}
			it.Seek(afterID([]byte{gsPrefix}, &g)) // on to the next graph
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
		return nil
	})
	return out, err
}

func isEmpty(txn *badger.Txn) bool {
	it := txn.NewIterator(badger.IteratorOptions{})
	defer it.Close()
	it.Rewind()
	return !it.Valid()
}

func bytesOf(b byte, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = b
	}
	return out
}

// term resolves an id, through the cache, then the dictionary.
func (s *Store) term(txn *badger.Txn, id termID) (rdf.Term, error) {
	if id.inline() {
		return decodeTerm(id, nil)
	}
	if t, ok := s.terms.get(id); ok {
		return t, nil
	}
	item, err := txn.Get(dictKey(id))
	if err != nil {
		return nil, fmt.Errorf("store: dictionary entry %x: %w", id, err)
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return nil, err
	}
	t, err := decodeTerm(id, v)
	if err != nil {
		return nil, err
	}
	s.terms.put(id, t)
	s.stored.add(dictEntry{id: id, value: v})
	return t, nil
}

func (s *Store) decodeQuad(txn *badger.Txn, ids quadIDs) (rdf.Quad, error) {
	return s.decodeQuadKnown(txn, ids, nil)
}

// knownTerms are terms a reader already has, with their ids, so that decoding takes them as they
// are instead of looking them up: the subject and graph a caller asked about.
type knownTerms struct {
	ids   [2]termID
	terms [2]rdf.Term
	n     int
}

func (k *knownTerms) add(id termID, t rdf.Term) {
	k.ids[k.n], k.terms[k.n] = id, t
	k.n++
}

func (k *knownTerms) get(id termID) rdf.Term {
	if k == nil {
		return nil
	}
	for i := range k.n {
		if k.ids[i] == id {
			return k.terms[i]
		}
	}
	return nil
}

// decodeQuadKnown decodes ids, taking the terms in known (nil: none) as given.
func (s *Store) decodeQuadKnown(txn *badger.Txn, ids quadIDs, known *knownTerms) (rdf.Quad, error) {
	var terms [4]rdf.Term
	for i, id := range ids {
		if t := known.get(id); t != nil {
			terms[i] = t
			continue
		}
		t, err := s.term(txn, id)
		if err != nil {
			return rdf.Quad{}, err
		}
		terms[i] = t
	}
	q := rdf.Quad{Triple: rdf.Triple{Subj: terms[0].(rdf.Subject), Pred: terms[1].(rdf.Predicate), Obj: terms[2].(rdf.Object)}}
	if terms[3] != nil {
		q.Ctx = terms[3].(rdf.Context)
	}
	return q, nil
}

// GetMeta returns a metadata value and whether it is set.
func (s *Store) GetMeta(ctx context.Context, key string) ([]byte, bool, error) {
	var v []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(append([]byte{'m'}, key...))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		v, err = item.ValueCopy(nil)
		return err
	})
	return v, v != nil, err
}

// SetMeta stores a metadata value (connector cursors, markers).
func (s *Store) SetMeta(ctx context.Context, key string, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	// Under the writers' lock like every write: a bulk load that finds the store empty must not have
	// metadata land between that check and its stream, which replaces everything.
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.db.Update(func(txn *badger.Txn) error { return txn.Set(append([]byte{'m'}, key...), value) })
}

// NextSequence returns the next number (1, 2, 3 …) of a named durable sequence. A number is handed
// out once, also across restarts.
func (s *Store) NextSequence(ctx context.Context, name string) (uint64, error) {
	return s.ReserveSequence(ctx, name, 1)
}

// badgerLogger sends badger's messages to slog; its info chatter goes to debug.
type badgerLogger struct{ log *slog.Logger }

func (l badgerLogger) Errorf(f string, a ...any)   { l.log.Error("badger: " + fmt.Sprintf(f, a...)) }
func (l badgerLogger) Warningf(f string, a ...any) { l.log.Warn("badger: " + fmt.Sprintf(f, a...)) }
func (l badgerLogger) Infof(f string, a ...any)    { l.log.Debug("badger: " + fmt.Sprintf(f, a...)) }
func (l badgerLogger) Debugf(f string, a ...any)   { l.log.Debug("badger: " + fmt.Sprintf(f, a...)) }
