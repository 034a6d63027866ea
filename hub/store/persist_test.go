package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/google/go-cmp/cmp"
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
)

// TestPersistence: the change log, LastSeq, durable sequences and the quads themselves survive
// Close and reopen of an on-disk store.
func TestPersistence(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openDir(t, dir)
	p := iri(t, "http://ex.org/p")
	var wantLog []changeLines
	for i := range 5 {
		c := apply(t, s, Changeset{Add: []rdf.Quad{quad(makeIRI(fmt.Sprint("http://ex.org/s", i)), p, str("a long literal, hashed into the dictionary "+fmt.Sprint(i)), nil)}})
		wantLog = append(wantLog, linesOf(c))
	}
	bl := s.NewBulkLoader(BulkOptions{})
	synthQuads(t, 100, func(q rdf.Quad) { bl.Add(ctx, q) })
	if err := bl.Close(); err != nil {
		t.Fatal(err)
	}
	wantLog = append(wantLog, linesOf(changes(t, s, 5)[0]))
	var seqs []uint64
	for range 3 {
		n, err := s.NextSequence(ctx, "customer")
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, n)
	}
	wantStore := canonical(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openDir(t, dir)
	if n := lastSeq(t, s); n != 6 {
		t.Errorf("LastSeq after reopen = %d, want 6", n)
	}
	var gotLog []changeLines
	for _, c := range changes(t, s, 0) {
		gotLog = append(gotLog, linesOf(c))
	}
	if diff := cmp.Diff(wantLog, gotLog); diff != "" {
		t.Errorf("change log after reopen (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantStore, canonical(t, s)); diff != "" {
		t.Errorf("store after reopen (-want +got):\n%s", diff)
	}
	n, err := s.NextSequence(ctx, "customer")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]uint64{1, 2, 3, 4}, append(seqs, n)); diff != "" {
		t.Errorf("NextSequence across reopen (-want +got):\n%s", diff)
	}
	// Numbering continues after the persisted log.
	c := apply(t, s, Changeset{Add: []rdf.Quad{quad(p, p, p, nil)}})
	if c.Seq != 7 {
		t.Errorf("first Apply after reopen got Seq %d, want 7", c.Seq)
	}
}

// setFormatVersion overwrites the stored format version, as a store written by another program
// version would hold.
func setFormatVersion(t testing.TB, s *Store, v string) {
	t.Helper()
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set([]byte{'v'}, []byte(v)) }); err != nil {
		t.Fatal(err)
	}
}

func TestFormatVersionMismatch(t *testing.T) {
	for _, v := range []string{"1", strconv.Itoa(FormatVersion + 1), "garbage"} {
		t.Run(v, func(t *testing.T) {
			dir := t.TempDir()
			s := openDir(t, dir)
			setFormatVersion(t, s, v)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s2, err := Open(dir, Options{})
			if err == nil {
				s2.Close()
				t.Fatal("Open of a store with another format version succeeded")
			}
			for _, want := range []string{strconv.Quote(v), "version " + strconv.Itoa(FormatVersion)} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not name %s", err, want)
				}
			}
			// The refused store was closed: it can be opened again (and refused again).
			if _, err := Open(dir, Options{}); err == nil {
				t.Error("second Open succeeded")
			}
		})
	}
}

func TestOpenRefusesForeignBadger(t *testing.T) {
	dir := t.TempDir()
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(txn *badger.Txn) error { return txn.Set([]byte("other"), []byte("x")) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if s, err := Open(dir, Options{}); err == nil {
		s.Close()
		t.Fatal("Open of a badger database without a format version succeeded")
	}
}

// TestLangLiteralLayout guards knakkLiteral, the mirror of rdf.Literal that makeLangLiteral writes
// through unsafe: if knakk/rdf changes the layout, this fails instead of the store returning garbage.
func TestLangLiteralLayout(t *testing.T) {
	if a, b := unsafe.Sizeof(knakkLiteral{}), unsafe.Sizeof(rdf.Literal{}); a != b {
		t.Fatalf("knakkLiteral is %d bytes, rdf.Literal %d", a, b)
	}
	for _, tag := range []string{"nb", "zh-hant-tw", "sr-latn-rs"} {
		l := makeLangLiteral("tekst", tag)
		if l.String() != "tekst" || l.Lang() != tag || l.DataType.String() != rdfLangString {
			t.Errorf("makeLangLiteral(%q) = %q@%q ^^%s", tag, l.String(), l.Lang(), l.DataType)
		}
		if got, want := l.Serialize(rdf.NTriples), `"tekst"@`+tag; got != want {
			t.Errorf("Serialize = %s, want %s", got, want)
		}
	}
	// makeIRI keeps what NewIRI refuses, unchanged.
	if got := makeIRI("http://ex.org/a b").String(); got != "http://ex.org/a b" {
		t.Errorf("makeIRI = %q", got)
	}
}

// TestEncodeTermErrors: terms the store cannot hold are refused rather than stored ambiguously.
func TestEncodeTermErrors(t *testing.T) {
	tests := []struct {
		name string
		term rdf.Term
	}{
		{"langString without a tag", rdf.NewTypedLiteral("x", iri(t, rdfLangString))},
		{"datatype with NUL", rdf.NewTypedLiteral("x", makeIRI("http://ex.org/a\x00b"))},
		{"tag with NUL", makeLangLiteral("x", "en\x00x")},
		{"tag too long", makeLangLiteral("x", strings.Repeat("a", 300))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := encodeTerm(tt.term); err == nil {
				t.Errorf("encodeTerm(%#v) succeeded", tt.term)
			}
		})
	}
}

// TestDictionaryEntriesAfterFailedApply: writes skip the dictionary entries of terms already stored;
// a term first seen in a changeset that failed is not stored, so the next changeset that uses it must
// write its entry (a reopened store, with no cache, then still reads the term back).
func TestDictionaryEntriesAfterFailedApply(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openDir(t, dir)
	long := str("a literal long enough to be kept in the dictionary")
	subj := makeIRI("http://ex.org/a-subject-long-enough-to-be-hashed")
	p := makeIRI("http://ex.org/a-predicate-long-enough-to-be-hashed")
	bad := quad(subj, p, long, nil)
	bad.Obj = nil // fails to encode after the first quad's terms were set in the transaction
	if _, err := s.Apply(ctx, Changeset{Add: []rdf.Quad{quad(subj, p, long, nil), bad}}); err == nil {
		t.Fatal("Apply of a quad without an object succeeded")
	}
	apply(t, s, Changeset{Add: []rdf.Quad{quad(subj, p, long, nil)}})
	apply(t, s, Changeset{Add: []rdf.Quad{quad(p, p, long, nil)}}) // every term stored: no entries written
	want := canonical(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openDir(t, dir)
	if diff := cmp.Diff(want, canonical(t, s)); diff != "" {
		t.Errorf("store after reopen (-want +got):\n%s", diff)
	}
	if n := strings.Count(want, "\n"); n != 2 {
		t.Errorf("store holds %d quads, want 2", n)
	}
}

// TestApplyChecksExistenceByGraph: Apply reads the stored quads of a graph it adds several quads to
// instead of looking each up (or looks them up, for a graph too large to read); either way the change
// holds exactly what changed.
func TestApplyChecksExistenceByGraph(t *testing.T) {
	small, large := makeIRI("http://ex.org/small"), makeIRI("http://ex.org/large")
	q := func(i int, g rdf.IRI) rdf.Quad {
		return quad(makeIRI(fmt.Sprintf("http://ex.org/subject/%d", i)), makeIRI("http://ex.org/p"), str(fmt.Sprint(i)), g)
	}
	qs := func(g rdf.IRI, is ...int) []rdf.Quad {
		var out []rdf.Quad
		for _, i := range is {
			out = append(out, q(i, g))
		}
		return out
	}
	s := openDisk(t)
	apply(t, s, Changeset{Add: qs(small, 1, 2, 3)})
	var hundred []int
	for i := range 100 {
		hundred = append(hundred, i)
	}
	apply(t, s, Changeset{Add: qs(large, hundred...)})
	for _, tc := range []struct {
		name                string
		cs                  Changeset
		wantAdded, wantGone []rdf.Quad
	}{
		{"some stored", Changeset{Add: qs(small, 1, 2, 4, 5)}, qs(small, 4, 5), nil},
		{"removed and added back", Changeset{Remove: qs(small, 1), Add: qs(small, 1, 6, 7, 8)}, qs(small, 6, 7, 8), nil},
		{"removed, then others added", Changeset{Remove: qs(small, 2), Add: qs(small, 9, 10, 11, 12)}, qs(small, 9, 10, 11, 12), qs(small, 2)},
		{"added twice", Changeset{Add: append(qs(small, 13, 13, 14), qs(small, 2, 15)...)}, qs(small, 13, 14, 2, 15), nil},
		{"a graph too large to read", Changeset{Add: qs(large, 0, 1, 100, 101)}, qs(large, 100, 101), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := apply(t, s, tc.cs)
			if diff := cmp.Diff(nq(tc.wantAdded), nq(c.Added)); diff != "" {
				t.Errorf("added (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(nq(tc.wantGone), nq(c.Removed)); diff != "" {
				t.Errorf("removed (-want +got):\n%s", diff)
			}
		})
	}
	want := qs(small, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 2, 15)
	if diff := cmp.Diff(nq(want), nq(match(t, s, Pattern{G: small}))); diff != "" {
		t.Errorf("stored (-want +got):\n%s", diff)
	}
}

// ospgKeys counts a store's OSPG keys: all of them, and those of literal objects.
func ospgKeys(t testing.TB, s *Store) (all, literal int) {
	t.Helper()
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{idxOSPG.prefix}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			q, err := idxOSPG.quadOf(it.Item().Key())
			if err != nil {
				return err
			}
			all++
			if q[2].isLiteral() {
				literal++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return all, literal
}

// TestNoLiteralOSPGKeys: every write path (a transaction, bulk batches, a first stream load) leaves
// out the OSPG keys of quads with literal objects and keeps the others; a removal leaves nothing
// behind.
func TestNoLiteralOSPGKeys(t *testing.T) {
	ctx := context.Background()
	qs := matchFixture(t)
	wantOSPG := 0
	for _, q := range qs {
		if _, ok := q.Obj.(rdf.Literal); !ok {
			wantOSPG++
		}
	}
	for _, tc := range writePaths(qs) {
		t.Run(tc.name, func(t *testing.T) {
			s := openDisk(t)
			tc.write(t, s)
			if all, literal := ospgKeys(t, s); all != wantOSPG || literal != 0 {
				t.Errorf("OSPG keys: %d, %d of them literal objects; want %d, none literal", all, literal, wantOSPG)
			}
			apply(t, s, Changeset{Remove: qs})
			if all, _ := ospgKeys(t, s); all != 0 {
				t.Errorf("%d OSPG keys after removing every quad", all)
			}
			if n, err := s.Count(ctx, Pattern{}); err != nil || n != 0 {
				t.Errorf("Count after removing every quad = %d, %v", n, err)
			}
		})
	}
}

// graphSubjectKeys reads a store's graph-subject keys, checking each holds exactly a graph and a
// subject.
func graphSubjectKeys(t testing.TB, s *Store) map[graphSubject]bool {
	t.Helper()
	out := map[graphSubject]bool{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{gsPrefix}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			g, rest, err := readID(k[1:])
			if err != nil {
				return err
			}
			subj, rest, err := readID(rest)
			if err != nil || len(rest) != 0 {
				return fmt.Errorf("graph-subject key %x: %v, %d bytes left", k, err, len(rest))
			}
			out[graphSubject{g, subj}] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// wantGraphSubjects is what the graph-subject index must hold: the graph and subject of every
// stored quad.
func wantGraphSubjects(t testing.TB, s *Store) map[graphSubject]bool {
	t.Helper()
	out := map[graphSubject]bool{}
	for _, q := range match(t, s, Pattern{}) {
		ids, _, err := encodeQuad(q, nil)
		if err != nil {
			t.Fatal(err)
		}
		out[graphSubjectOf(&ids)] = true
	}
	return out
}

func checkGraphSubjects(t testing.TB, s *Store, when string) {
	t.Helper()
	got, want := graphSubjectKeys(t, s), wantGraphSubjects(t, s)
	if len(got) != len(want) {
		t.Errorf("%s: %d graph-subject keys, want %d", when, len(got), len(want))
	}
	for gs := range want {
		if !got[gs] {
			t.Errorf("%s: no graph-subject key for %x %x", when, gs.g, gs.s)
		}
	}
}

// TestGraphSubjectKeys: every write path keeps one graph-subject key for each graph and subject
// with a quad, and removals take away exactly the keys of those left without any (a subject keeps
// its key in a graph while one quad is left there, and loses only that graph's key).
func TestGraphSubjectKeys(t *testing.T) {
	ctx := context.Background()
	qs := matchFixture(t)
	for _, tc := range writePaths(qs) {
		t.Run(tc.name, func(t *testing.T) {
			s := openDisk(t)
			tc.write(t, s)
			checkGraphSubjects(t, s, "after the load")
			if n := len(graphSubjectKeys(t, s)); n >= len(qs) || n == 0 {
				t.Errorf("%d graph-subject keys for %d quads", n, len(qs))
			}
			// a in g1 has four quads: remove one (its key stays), then the other three (it goes);
			// its quads in g2 and the default graph keep theirs.
			var aInG1 []rdf.Quad
			for _, q := range qs {
				if rdfio.TermString(q.Subj) == "<http://ex.org/a>" && q.Ctx != nil && rdfio.TermString(q.Ctx) == "<http://ex.org/g1>" {
					aInG1 = append(aInG1, q)
				}
			}
			if len(aInG1) != 4 {
				t.Fatalf("fixture: a has %d quads in g1, want 4", len(aInG1))
			}
			apply(t, s, Changeset{Remove: aInG1[:1]})
			checkGraphSubjects(t, s, "after removing one of a's quads in g1")
			apply(t, s, Changeset{Remove: aInG1[1:], Add: aInG1[:1]}) // removals, then an add back
			checkGraphSubjects(t, s, "after swapping a's quads in g1")
			apply(t, s, Changeset{Remove: aInG1[:1]})
			checkGraphSubjects(t, s, "after removing a's last quad in g1")
			g1, _, _ := encodeTerm(aInG1[0].Ctx)
			a, _, _ := encodeTerm(aInG1[0].Subj)
			if graphSubjectKeys(t, s)[graphSubject{g1, a}] {
				t.Error("a keeps its key in g1 without a quad there")
			}
			// ReplaceDescription in one transaction: a new description, then none.
			if _, err := s.ReplaceDescription(ctx, aInG1[0].Ctx.(rdf.IRI), aInG1[0].Subj, []rdf.Triple{aInG1[2].Triple}); err != nil {
				t.Fatal(err)
			}
			checkGraphSubjects(t, s, "after ReplaceDescription")
			if _, err := s.ReplaceDescription(ctx, aInG1[0].Ctx.(rdf.IRI), aInG1[0].Subj, nil); err != nil {
				t.Fatal(err)
			}
			checkGraphSubjects(t, s, "after deleting the description")
			apply(t, s, Changeset{Remove: qs})
			if n := len(graphSubjectKeys(t, s)); n != 0 {
				t.Errorf("%d graph-subject keys after removing every quad", n)
			}
		})
	}
}

// TestUpgrade: a store of version 3 (GSPO keys, OSPG keys for every object) or 4 (no OSPG keys for
// literal objects), or one whose upgrade was cut short, opens as version 5: graph-subject keys instead of GSPO, no literal OSPG keys,
// and every pattern answered as before.
func TestUpgrade(t *testing.T) {
	// upgradingVersion: an upgrade cut short, here before anything was dropped.
	for _, from := range []string{"3", "4", upgradingVersion} {
		t.Run(from, func(t *testing.T) {
			dir := t.TempDir()
			s := openDir(t, dir)
			qs := matchFixture(t)
			apply(t, s, Changeset{Add: qs})
			// Rewrite the store into the old layout.
			literals := 0
			for _, q := range qs {
				if _, ok := q.Obj.(rdf.Literal); ok {
					literals++
				}
			}
			err := s.db.Update(func(txn *badger.Txn) error {
				for gs := range graphSubjectKeys(t, s) {
					if err := txn.Delete(gs.appendKey(nil)); err != nil {
						return err
					}
				}
				for _, q := range qs {
					ids, _, err := encodeQuad(q, nil)
					if err != nil {
						return err
					}
					gspo := appendID(appendID(appendID(appendID([]byte{'G'}, &ids[3]), &ids[0]), &ids[1]), &ids[2])
					if err := txn.Set(gspo, nil); err != nil {
						return err
					}
					if from != "4" && ids[2].isLiteral() {
						if err := txn.Set(idxOSPG.key(ids), nil); err != nil {
							return err
						}
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			setFormatVersion(t, s, from)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = openDir(t, dir)
			if all, literal := ospgKeys(t, s); literal != 0 || all != len(qs)-literals {
				t.Errorf("after the upgrade: %d OSPG keys, %d of them literal objects; want %d, none literal", all, literal, len(qs)-literals)
			}
			checkGraphSubjects(t, s, "after the upgrade")
			var v []byte
			err = s.db.View(func(txn *badger.Txn) error {
				item, err := txn.Get([]byte{'v'})
				if err != nil {
					return err
				}
				v, err = item.ValueCopy(nil)
				return err
			})
			if err != nil || string(v) != strconv.Itoa(FormatVersion) {
				t.Errorf("format version after the upgrade = %q, %v; want %d", v, err, FormatVersion)
			}
			// Every pattern of every shape still finds what brute force finds (the fixture is
			// stored already, and applying it again changes nothing).
			testMatchAllShapes(t, s)
		})
	}
}

// writePath is one way of storing quads into an empty store.
type writePath struct {
	name  string
	write func(t *testing.T, s *Store)
}

// writePaths are the ways a store's keys get written: a transaction, bulk batches (several, of five
// quads) and the first (stream) load.
func writePaths(qs []rdf.Quad) []writePath {
	return []writePath{
		{"transaction", func(t *testing.T, s *Store) { apply(t, s, Changeset{Add: qs}) }},
		{"bulk batches", func(t *testing.T, s *Store) { bulkLoad(t, s, BulkOptions{NoStream: true, BatchSize: 5}, qs) }},
		{"stream", func(t *testing.T, s *Store) { bulkLoad(t, s, BulkOptions{}, qs) }},
	}
}

// bulkLoad loads qs through a bulk loader with opts.
func bulkLoad(t testing.TB, s *Store, opts BulkOptions, qs []rdf.Quad) {
	t.Helper()
	bl := s.NewBulkLoader(opts)
	for _, q := range qs {
		if err := bl.Add(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	if err := bl.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestGraphSubjectKeysRandomWrites: after every step of a random mix of writes (Apply with adds and
// removals of stored and absent quads, ReplaceDescription, bulk batches) over a few subjects, graphs
// and objects, the graph-subject keys are exactly those the stored quads imply.
func TestGraphSubjectKeysRandomWrites(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 9))
	subjects := []rdf.Subject{}
	for i := range 6 {
		subjects = append(subjects, iri(t, fmt.Sprintf("http://example.org/a-rather-long-subject-%d", i)))
	}
	subjects = append(subjects, blank(t, "b1"), blank(t, "b2long-label-that-is-hashed"))
	preds := []rdf.Predicate{iri(t, "urn:p1"), iri(t, "urn:p2")}
	objs := []rdf.Object{str("x"), str("a long literal value that is hashed"), iri(t, "urn:o"), blank(t, "b1")}
	graphs := []rdf.Context{nil, iri(t, "urn:g1"), iri(t, "http://example.org/a-long-graph-iri-hashed")}
	randQuad := func() rdf.Quad {
		return quad(subjects[rng.IntN(len(subjects))], preds[rng.IntN(len(preds))], objs[rng.IntN(len(objs))], graphs[rng.IntN(len(graphs))])
	}
	for _, disk := range []bool{false, true} {
		var s *Store
		if disk {
			s = openDisk(t)
		} else {
			s = openMemory(t)
		}
		for step := range 400 {
			switch rng.IntN(4) {
			case 0, 1:
				var cs Changeset
				for range rng.IntN(12) {
					cs.Add = append(cs.Add, randQuad())
				}
				for range rng.IntN(12) {
					cs.Remove = append(cs.Remove, randQuad())
				}
				// and some stored quads
				all := match(t, s, Pattern{})
				for range rng.IntN(6) {
					if len(all) > 0 {
						cs.Remove = append(cs.Remove, all[rng.IntN(len(all))])
					}
				}
				if _, err := s.Apply(ctx, cs); err != nil {
					t.Fatal(err)
				}
			case 2:
				g := graphs[1+rng.IntN(2)].(rdf.IRI)
				var ts []rdf.Triple
				for range rng.IntN(4) {
					ts = append(ts, randQuad().Triple)
				}
				subj := subjects[rng.IntN(len(subjects))]
				if _, err := s.ReplaceDescription(ctx, g, subj, ts); err != nil {
					t.Fatal(err)
				}
			case 3:
				var qs []rdf.Quad
				for range rng.IntN(10) {
					qs = append(qs, randQuad())
				}
				bulkLoad(t, s, BulkOptions{NoStream: true, BatchSize: 3}, qs)
			}
			checkGraphSubjects(t, s, fmt.Sprintf("step %d", step))
			if t.Failed() {
				t.FailNow()
			}
		}
	}
}

// TestBulkRerunAfterPartialBatch: a bulk batch cut short has written its keys up to some point,
// SPOG last; loading the same quads again completes them, so every index agrees again.
func TestBulkRerunAfterPartialBatch(t *testing.T) {
	s := openDisk(t)
	qs := matchFixture(t)
	// What a batch cut short before SPOG leaves: dictionary, POSG, OSPG and graph-subject keys.
	err := s.db.Update(func(txn *badger.Txn) error {
		for _, q := range qs {
			ids, dict, err := encodeQuad(q, nil)
			if err != nil {
				return err
			}
			for _, d := range dict {
				if err := txn.Set(dictKey(d.id), d.value); err != nil {
					return err
				}
			}
			for _, ix := range []index{idxPOSG, idxOSPG} {
				if ix.holds(&ids) {
					if err := txn.Set(ix.key(ids), nil); err != nil {
						return err
					}
				}
			}
			gs := graphSubjectOf(&ids)
			if err := txn.Set(gs.appendKey(nil), nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	bulkLoad(t, s, BulkOptions{NoStream: true}, qs)
	if n, err := s.Count(context.Background(), Pattern{}); err != nil || n != len(qs) {
		t.Fatalf("after the second load: %d quads (%v), want %d", n, err, len(qs))
	}
	checkGraphSubjects(t, s, "after the second load")
	testMatchAllShapes(t, s)
}
