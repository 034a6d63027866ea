package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/knakk/rdf"
)

// BenchmarkBulkLoad1M loads one million hub-shaped quads (synthQuads) into a fresh on-disk store
// per iteration, through the bulk loader with the change log on, and reports quads per second:
// "stream" as into an empty store (the first import), "batches" as into a store with data.
// Target: at least 200 000 quads/s on a 2-core machine.
func BenchmarkBulkLoad1M(b *testing.B) {
	const n = 1_000_000
	qs := make([]rdf.Quad, 0, n)
	synthQuads(b, n, func(q rdf.Quad) { qs = append(qs, q) })
	ctx := context.Background()
	for _, mode := range []struct {
		name string
		opts BulkOptions
	}{{"stream", BulkOptions{}}, {"batches", BulkOptions{NoStream: true}}} {
		b.Run(mode.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s, err := Open(b.TempDir(), Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				bl := s.NewBulkLoader(mode.opts)
				for _, q := range qs {
					if err := bl.Add(ctx, q); err != nil {
						b.Fatal(err)
					}
				}
				if err := bl.Close(); err != nil {
					b.Fatal(err)
				}
				if bl.Loaded() != n {
					b.Fatalf("loaded %d quads, want %d", bl.Loaded(), n)
				}
				b.StopTimer()
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
		})
	}
}

// BenchmarkDescribe describes one subject of 15 triples (one of them a blank-node address with two
// more) in an on-disk store of 100 000 such subjects. Target: at most 20 µs/op.
func BenchmarkDescribe(b *testing.B) {
	const subjects = 100_000
	dir := b.TempDir()
	s, err := Open(dir, Options{compactOnClose: true})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { s.Close() }()
	ctx := context.Background()
	// In batches, as into a store with data, so that "fresh" measures badger's uncompacted state (a
	// load into an empty store streams its tables straight to the bottom level instead).
	bl := s.NewBulkLoader(BulkOptions{NoChangeLog: true, NoStream: true})
	g := makeIRI("https://data.exempelby.se/graph/master")
	subjectIRI := func(i int) rdf.IRI { return makeIRI(fmt.Sprintf("https://data.exempelby.se/id/person/%07d", i)) }
	for i := range subjects {
		for _, q := range describeBenchSubject(subjectIRI(i), i, g) {
			if err := bl.Add(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := bl.Close(); err != nil {
		b.Fatal(err)
	}
	want := len(describeBenchSubject(subjectIRI(0), 0, g))
	describe := func(b *testing.B) {
		i := 0
		for b.Loop() {
			i = (i + 7919) % subjects // stride through the store rather than hit one cached subject
			qs, err := s.Describe(ctx, subjectIRI(i), g)
			if err != nil {
				b.Fatal(err)
			}
			if len(qs) != want {
				b.Fatalf("described %d quads, want %d", len(qs), want)
			}
		}
	}
	// Right after the load, badger has not compacted yet: the last writes in memtables, the rest in
	// overlapping level-0 tables (and below, once level 0 held five tables).
	b.Run("fresh", describe)
	// A hub that has been running a while has its compactions done: restart it with level 0
	// compacted on close, and flatten what is left into one level.
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if s, err = Open(dir, Options{compactOnClose: true}); err != nil {
		b.Fatal(err)
	}
	if err := s.db.Flatten(2); err != nil {
		b.Fatal(err)
	}
	b.Run("compacted", describe)
	// A subject the store has never held (a customer number being checked before it is handed
	// out, a mistyped IRI): the dictionary's filter answers without a seek.
	b.Run("unknown", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			qs, err := s.Describe(ctx, subjectIRI(subjects+i), g)
			if err != nil {
				b.Fatal(err)
			}
			if len(qs) != 0 {
				b.Fatalf("described %d quads of a subject never stored", len(qs))
			}
		}
	})
}

func describeBenchSubject(subj rdf.IRI, i int, g rdf.IRI) []rdf.Quad {
	p := func(local string) rdf.IRI { return makeIRI("https://data.exempelby.se/def/" + local) }
	addr, _ := rdf.NewBlank(fmt.Sprintf("addr%d", i))
	date := makeIRI(xsdNS + "date")
	t := func(pred rdf.IRI, o rdf.Object) rdf.Quad { return quad(subj, pred, o, g) }
	return []rdf.Quad{
		t(makeIRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), makeIRI("http://xmlns.com/foaf/0.1/Person")),
		t(p("givenName"), rdf.NewTypedLiteral(fmt.Sprintf("Kari %d", i), makeIRI(xsdString))),
		t(p("familyName"), rdf.NewTypedLiteral("Nordmann-Johansen", makeIRI(xsdString))),
		t(p("birthDate"), rdf.NewTypedLiteral(fmt.Sprintf("19%02d-01-%02d", i%100, 1+i%28), date)),
		t(p("customerNumber"), rdf.NewTypedLiteral(fmt.Sprintf("%07d", i), makeIRI(xsdString))),
		t(p("email"), makeIRI(fmt.Sprintf("mailto:kari.nordmann.%d@example.org", i))),
		t(p("phone"), rdf.NewTypedLiteral(fmt.Sprintf("+47 4%07d", i), makeIRI(xsdString))),
		t(p("memberOf"), makeIRI(fmt.Sprintf("https://data.exempelby.se/id/organisation/%d", i%500))),
		t(p("role"), makeIRI(fmt.Sprintf("https://data.exempelby.se/id/role/%d", i%40))),
		t(p("note"), makeLangLiteral(fmt.Sprintf("Innbygger registrert i kommunens grunndata, nummer %d", i), "nb")),
		t(p("preferredLanguage"), makeLangLiteral("norsk", "nb")),
		t(p("status"), makeIRI("https://data.exempelby.se/def/status/active")),
		t(p("address"), addr),
		quad(addr, p("street"), rdf.NewTypedLiteral(fmt.Sprintf("Storgata %d", i%300), makeIRI(xsdString)), g),
		quad(addr, p("postCode"), rdf.NewTypedLiteral(fmt.Sprintf("%04d", i%10000), makeIRI(xsdString)), g),
	}
}

// BenchmarkUpdateChangedRecords writes one sync batch of 200 changed records in one Update: two of
// each record's eight quads in its record graph change, and its four provenance quads in the
// connector graph are replaced (1,200 removals, 1,200 additions). It measures what removals cost,
// the graph-subject keys' upkeep included.
func BenchmarkUpdateChangedRecords(b *testing.B) {
	const records = 200
	ctx := context.Background()
	conn := makeIRI("https://data.exempelby.se/graph/source/school")
	pred := func(i int) rdf.IRI { return makeIRI(fmt.Sprintf("https://data.exempelby.se/def/property-%d", i)) }
	value := func(round, i, r int) rdf.Literal {
		return rdf.NewTypedLiteral(fmt.Sprintf("value %d of record %d, round %d", i, r, round), makeIRI(xsdString))
	}
	batch := func(round int) (add, remove []rdf.Quad) {
		for r := range records {
			g := makeIRI(fmt.Sprintf("https://data.exempelby.se/graph/source/school/person%%2F%08d", r))
			person := makeIRI(fmt.Sprintf("https://data.exempelby.se/id/person/%08d", r))
			for i := range 8 {
				if round == 0 || i < 2 {
					add = append(add, quad(person, pred(i), value(round, i, r), g))
					if round > 0 {
						remove = append(remove, quad(person, pred(i), value(round-1, i, r), g))
					}
				}
			}
			for i := range 4 {
				add = append(add, quad(g, pred(100+i), value(round, 100+i, r), conn))
				if round > 0 {
					remove = append(remove, quad(g, pred(100+i), value(round-1, 100+i, r), conn))
				}
			}
		}
		return add, remove
	}
	s, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	add, _ := batch(0)
	if _, err := s.Update(ctx, Changeset{Add: add}); err != nil {
		b.Fatal(err)
	}
	round := 0
	for b.Loop() {
		b.StopTimer()
		round++
		add, remove := batch(round)
		b.StartTimer()
		if _, err := s.Update(ctx, Changeset{Add: add, Remove: remove}); err != nil {
			b.Fatal(err)
		}
	}
}
