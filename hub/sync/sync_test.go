package sync_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	stdsync "sync"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/hub/keys"
	"github.com/grunddata/grunddata/hub/shacl"
	"github.com/grunddata/grunddata/hub/store"
	hubsync "github.com/grunddata/grunddata/hub/sync"
	"github.com/grunddata/grunddata/model"
	"github.com/grunddata/grunddata/vocab"
)

const base = "http://hub.test/"

// item is one record of the fake source.
type item struct {
	key, name, nid string
	bad            string // a reason to quarantine instead
}

// fake is a snapshot source: it hands over its items in order, checkpointing every two, then calls
// Complete. failAt > 0 makes it fail before item failAt (1-based), as a source that goes away.
type fake struct {
	items  []item
	failAt int
	calls  []string // cursors it was started from
}

func (f *fake) Name() string { return "fake" }

func (f *fake) Sync(ctx context.Context, cursor string, sink connectors.Sink) error {
	f.calls = append(f.calls, cursor)
	start := 0
	if cursor != "" {
		start, _ = strconv.Atoi(cursor)
	}
	for i := start; i < len(f.items); i++ {
		if f.failAt > 0 && i+1 == f.failAt {
			return errors.New("source went away")
		}
		it := f.items[i]
		if it.bad != "" {
			if err := sink.Quarantine(ctx, it.key, []byte("<raw "+it.key+"/>"), it.bad); err != nil {
				return err
			}
		} else {
			person, err := sink.Person(ctx, connectors.PersonKey{SourceKey: it.key, NationalID: it.nid, Scheme: vocab.GDSwedishPersonalIdentityNumber})
			if err != nil {
				return err
			}
			m := iri(sink.Base() + "id/membership/fake-" + it.key)
			period := rdf.Blank{}
			period, _ = rdf.NewBlank("p")
			if err := sink.Upsert(ctx, connectors.Record{Key: it.key, Triples: []rdf.Triple{
				{Subj: person, Pred: vocab.RDFType, Obj: vocab.PersonPerson},
				{Subj: person, Pred: vocab.FOAFFamilyName, Obj: lit(it.name)},
				{Subj: m, Pred: vocab.RDFType, Obj: vocab.ORGMembership},
				{Subj: m, Pred: vocab.ORGMember, Obj: person},
				{Subj: m, Pred: vocab.ORGMemberDuring, Obj: period},
				{Subj: period, Pred: vocab.DCATStartDate, Obj: rdf.NewTypedLiteral("2020-01-01", vocab.XSDDate)},
			}}); err != nil {
				return err
			}
		}
		sink.Progress(i+1, len(f.items))
		if (i+1)%2 == 0 {
			if err := sink.Checkpoint(ctx, strconv.Itoa(i+1)); err != nil {
				return err
			}
		}
	}
	if err := sink.Complete(ctx); err != nil {
		return err
	}
	return sink.Checkpoint(ctx, "")
}

func iri(s string) rdf.IRI { i, _ := rdf.NewIRI(s); return i }

func lit(s string) rdf.Literal { return rdf.NewTypedLiteral(s, vocab.XSDString) }

type hub struct {
	st     *store.Store
	runner *hubsync.Runner
	seq    uint64
}

func newHub(t *testing.T, validate hubsync.Validator) *hub {
	t.Helper()
	st, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := &hub{st: st}
	h.runner = hubsync.New(hubsync.Config{
		Store: st, Base: base, Validate: validate, BatchRecords: 2,
		Allocate: func(context.Context) (string, error) { h.seq++; return keys.CustomerNumber(h.seq) },
	})
	return h
}

func (h *hub) run(t *testing.T, c connectors.Connector) hubsync.Summary {
	t.Helper()
	sum, err := h.runner.Run(context.Background(), c, hubsync.RunOptions{})
	if err != nil {
		t.Fatalf("run: %v (%s)", err, sum)
	}
	return sum
}

func (h *hub) lastSeq(t *testing.T) uint64 {
	t.Helper()
	n, err := h.st.LastSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// names returns the family names stored for the person of a key, over all graphs.
func (h *hub) objects(t *testing.T, s rdf.Subject, p rdf.Predicate) []string {
	t.Helper()
	var out []string
	_ = h.st.Match(context.Background(), store.Pattern{S: s, P: p}, func(q rdf.Quad) error {
		out = append(out, q.Obj.String())
		return nil
	})
	return out
}

func (h *hub) memberships(t *testing.T) []string {
	t.Helper()
	var out []string
	_ = h.st.Match(context.Background(), store.Pattern{P: vocab.RDFType, O: vocab.ORGMembership}, func(q rdf.Quad) error {
		out = append(out, strings.TrimPrefix(q.Subj.String(), base+"id/membership/"))
		return nil
	})
	slices.Sort(out)
	return out
}

func TestSyncFullRepeatIncrementalDelete(t *testing.T) {
	h := newHub(t, nil)
	src := &fake{items: []item{{key: "a", name: "Ek", nid: "198403129813"}, {key: "b", name: "Al"}, {key: "c", name: "Ask"}}}
	sum := h.run(t, src)
	if sum.Created != 3 || sum.Seen != 3 || sum.Updated+sum.Deleted+sum.Quarantined != 0 {
		t.Errorf("first sync: %s", sum)
	}
	if got := h.memberships(t); len(got) != 3 {
		t.Errorf("memberships %v", got)
	}
	// Provenance: the record graph is attributed to the source and says the key.
	g := h.runner.RecordGraph("fake", "a")
	if got := h.objects(t, g, vocab.ProvWasAttributedTo); len(got) != 1 || got[0] != base+"source/fake" {
		t.Errorf("record a attributed to %v", got)
	}
	if got := h.objects(t, iri(base+"id/membership/fake-a"), vocab.ProvWasDerivedFrom); len(got) != 1 || got[0] != g.String() {
		t.Errorf("membership a derived from %v, want %s", got, g)
	}
	person := iri(base + "id/person/10000004")
	if got := h.objects(t, person, vocab.GDCustomerNumber); len(got) != 1 || got[0] != "10000004" {
		t.Errorf("first person's customer number %v", got)
	}

	seq := h.lastSeq(t)
	sum = h.run(t, src)
	if sum.Unchanged != 3 || sum.Created+sum.Updated+sum.Deleted != 0 {
		t.Errorf("second sync: %s", sum)
	}
	if got := h.lastSeq(t); got != seq {
		t.Errorf("second sync wrote %d change(s)", got-seq)
	}

	src.items[1].name = "Alm"
	src.items = src.items[:2]
	sum = h.run(t, src)
	if sum.Updated != 1 || sum.Unchanged != 1 || sum.Deleted != 1 {
		t.Errorf("third sync: %s", sum)
	}
	if got := h.memberships(t); strings.Join(got, ",") != "fake-a,fake-b" {
		t.Errorf("memberships after deletion %v", got)
	}
	personB := iri(base + "id/person/10000012")
	if got := h.objects(t, personB, vocab.FOAFFamilyName); len(got) != 1 || got[0] != "Alm" {
		t.Errorf("b's family name %v", got)
	}
	if n, _ := h.st.Count(context.Background(), store.Pattern{G: h.runner.RecordGraph("fake", "c")}); n != 0 {
		t.Errorf("deleted record graph keeps %d quads", n)
	}
}

func TestSyncQuarantineAndRelease(t *testing.T) {
	h := newHub(t, func(_ context.Context, ts []rdf.Triple) error {
		for _, tr := range ts {
			if tr.Pred == vocab.FOAFFamilyName && tr.Obj.String() == "" {
				return errors.New("familyName: must not be empty")
			}
		}
		return nil
	})
	src := &fake{items: []item{{key: "a", name: "Ek"}, {key: "b", bad: "persnr: wrong check digit"}, {key: "c", name: ""}}}
	sum := h.run(t, src)
	if sum.Created != 1 || sum.Quarantined != 2 {
		t.Errorf("sync: %s", sum)
	}
	q, err := h.runner.Quarantined(context.Background(), "fake")
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 2 || q[0].Key != "b" || q[0].Reason != "persnr: wrong check digit" || string(q[0].Raw) != "<raw b/>" ||
		q[1].Key != "c" || !strings.Contains(q[1].Reason, "familyName") {
		t.Errorf("quarantine %+v", q)
	}
	// Fixed at the source: b has a name now, c is gone; both leave the quarantine.
	src.items = []item{{key: "a", name: "Ek"}, {key: "b", name: "Björk"}}
	sum = h.run(t, src)
	if sum.Created != 1 || sum.Released != 2 || sum.Quarantined != 0 {
		t.Errorf("sync after fix: %s", sum)
	}
	if q, _ := h.runner.Quarantined(context.Background(), ""); len(q) != 0 {
		t.Errorf("quarantine after fix %+v", q)
	}
}

func TestSyncResumesAfterFailure(t *testing.T) {
	h := newHub(t, nil)
	var items []item
	for i := range 9 {
		items = append(items, item{key: fmt.Sprintf("k%d", i), name: fmt.Sprintf("N%d", i)})
	}
	src := &fake{items: items, failAt: 6}
	if _, err := h.runner.Run(context.Background(), src, hubsync.RunOptions{}); err == nil {
		t.Fatal("a failing source gave no error")
	}
	if c, _ := h.runner.Cursor(context.Background(), "fake"); c != "4" {
		t.Errorf("cursor after failure %q, want 4", c)
	}
	if got := h.memberships(t); len(got) != 5 {
		t.Errorf("after failure %d memberships stored, want 5 (handed over before the failure)", len(got))
	}
	src.failAt = 0
	sum := h.run(t, src)
	if src.calls[1] != "4" {
		t.Errorf("second run started from %q", src.calls[1])
	}
	if sum.Created != 4 || sum.Unchanged != 1 || sum.Deleted != 0 {
		t.Errorf("resumed sync: %s (a resumed snapshot must not delete what the failed run stored)", sum)
	}
	if got := h.memberships(t); len(got) != 9 {
		t.Errorf("after resume %d memberships, want 9: %v", len(got), got)
	}
	// One customer number per person: nine persons, nine numbers.
	n, _ := h.st.Count(context.Background(), store.Pattern{P: vocab.GDCustomerNumber})
	if n != 9 {
		t.Errorf("%d customer numbers stored, want 9", n)
	}
}

func TestPersonsResolveByNationalIDAcrossConnectors(t *testing.T) {
	h := newHub(t, nil)
	ctx := context.Background()
	p := &hubsync.StorePersons{Store: h.st, Base: base, Allocate: func(context.Context) (string, error) {
		h.seq++
		return keys.CustomerNumber(h.seq)
	}}
	scheme := vocab.GDSwedishPersonalIdentityNumber
	// resolve stores what Resolve asks to be stored, as the runner does with the record.
	resolve := func(p *hubsync.StorePersons, connector string, k connectors.PersonKey) rdf.IRI {
		t.Helper()
		iri, meta, err := p.Resolve(ctx, connector, k)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.st.Apply(ctx, store.Changeset{Meta: meta}); err != nil {
			t.Fatal(err)
		}
		return iri
	}
	a := resolve(p, "payroll", connectors.PersonKey{SourceKey: "1001", NationalID: "198403129813", Scheme: scheme})
	b := resolve(p, "school", connectors.PersonKey{SourceKey: "x-77", NationalID: "198403129813", Scheme: scheme})
	c := resolve(p, "payroll", connectors.PersonKey{SourceKey: "1001"})
	d := resolve(p, "payroll", connectors.PersonKey{SourceKey: "1002"})
	if a != b || b != c || a == d {
		t.Errorf("resolved %v %v %v %v", a, b, c, d)
	}
	// A new process (no memory of its own) finds the same resolutions in the store.
	fresh := &hubsync.StorePersons{Store: h.st, Base: base}
	if got := resolve(fresh, "school", connectors.PersonKey{SourceKey: "x-77"}); got != a {
		t.Errorf("after a restart x-77 resolved to %v, want %v", got, a)
	}
	// A person already stored with the number (e.g. the demo data) is found in the graphs.
	g := iri(base + "graph/demo")
	node, _ := rdf.NewBlank("id1")
	stored := iri(base + "id/person/10000020")
	_, err := h.st.Apply(ctx, store.Changeset{Add: []rdf.Quad{
		{Triple: rdf.Triple{Subj: stored, Pred: vocab.ADMSIdentifierProp, Obj: node}, Ctx: g},
		{Triple: rdf.Triple{Subj: node, Pred: vocab.SKOSNotation, Obj: lit("197907239839")}, Ctx: g},
		{Triple: rdf.Triple{Subj: node, Pred: vocab.DCTConformsTo, Obj: scheme}, Ctx: g},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if e := resolve(p, "payroll", connectors.PersonKey{SourceKey: "1009", NationalID: "197907239839", Scheme: scheme}); e != stored {
		t.Errorf("stored person resolved to %v", e)
	}
	if _, _, err := p.Resolve(ctx, "payroll", connectors.PersonKey{}); err == nil {
		t.Error("a person without keys resolved")
	}
}

func TestRunRefusesConcurrentRunOfOneConnector(t *testing.T) {
	h := newHub(t, nil)
	block := make(chan struct{})
	started := make(chan struct{})
	c := blocking{started: started, block: block}
	done := make(chan error)
	go func() {
		_, err := h.runner.Run(context.Background(), c, hubsync.RunOptions{})
		done <- err
	}()
	<-started
	if _, err := h.runner.Run(context.Background(), c, hubsync.RunOptions{}); !errors.Is(err, hubsync.ErrRunning) {
		t.Errorf("second concurrent run: %v", err)
	}
	close(block)
	if err := <-done; err != nil {
		t.Error(err)
	}
}

type blocking struct{ started, block chan struct{} }

func (blocking) Name() string { return "slow" }
func (b blocking) Sync(ctx context.Context, _ string, _ connectors.Sink) error {
	close(b.started)
	<-b.block
	return nil
}

// funcConnector runs a function as a connector.
type funcConnector func(ctx context.Context, sink connectors.Sink) error

func (funcConnector) Name() string { return "fn" }
func (f funcConnector) Sync(ctx context.Context, _ string, sink connectors.Sink) error {
	return f(ctx, sink)
}

func TestSameNestedValueFromTwoRecordsIsOneNode(t *testing.T) {
	h := newHub(t, nil)
	person := iri(base + "id/person/10000004")
	rec := func(key, start string) connectors.Record {
		id, _ := rdf.NewBlank("id")
		per, _ := rdf.NewBlank("p")
		m := iri(base + "id/membership/" + key)
		return connectors.Record{Key: key, Triples: []rdf.Triple{
			{Subj: person, Pred: vocab.RDFType, Obj: vocab.PersonPerson},
			{Subj: person, Pred: vocab.ADMSIdentifierProp, Obj: id},
			{Subj: id, Pred: vocab.SKOSNotation, Obj: lit("198403129813")},
			{Subj: id, Pred: vocab.DCTConformsTo, Obj: vocab.GDSwedishPersonalIdentityNumber},
			{Subj: m, Pred: vocab.RDFType, Obj: vocab.ORGMembership},
			{Subj: m, Pred: vocab.ORGMemberDuring, Obj: per},
			{Subj: per, Pred: vocab.DCATStartDate, Obj: rdf.NewTypedLiteral(start, vocab.XSDDate)},
		}}
	}
	h.run(t, funcConnector(func(ctx context.Context, sink connectors.Sink) error {
		if err := sink.Upsert(ctx, rec("m1", "2020-01-01")); err != nil {
			return err
		}
		return sink.Upsert(ctx, rec("m2", "2020-01-01"))
	}))
	ids := map[string]bool{}
	_ = h.st.Match(context.Background(), store.Pattern{S: person, P: vocab.ADMSIdentifierProp}, func(q rdf.Quad) error {
		ids[q.Obj.String()] = true
		return nil
	})
	if len(ids) != 1 {
		t.Errorf("the person's one identifier is %d nodes", len(ids))
	}
	periods := map[string]bool{}
	_ = h.st.Match(context.Background(), store.Pattern{P: vocab.ORGMemberDuring}, func(q rdf.Quad) error {
		periods[q.Obj.String()] = true
		return nil
	})
	if len(periods) != 2 {
		t.Errorf("two memberships' periods are %d nodes", len(periods))
	}
}

func TestSHACLValidatorQuarantinesWrongValuesNotMissingOnes(t *testing.T) {
	shapes, err := shacl.ModelShapes(model.Default())
	if err != nil {
		t.Fatal(err)
	}
	v, err := shacl.Compile(hubsync.RecordShapes(shapes))
	if err != nil {
		t.Fatal(err)
	}
	validate := hubsync.SHACL(v)
	m := iri(base + "id/membership/x")
	person := iri(base + "id/person/10000004")
	ok := []rdf.Triple{
		{Subj: m, Pred: vocab.RDFType, Obj: vocab.ORGMembership},
		{Subj: m, Pred: vocab.ORGMember, Obj: person},
		{Subj: m, Pred: vocab.GDEmploymentPercentage, Obj: rdf.NewTypedLiteral("60", vocab.XSDDecimal)},
	}
	if err := validate(context.Background(), ok); err != nil {
		t.Errorf("a record without the membership's organisation (another source may give it) was rejected: %v", err)
	}
	bad := append(slices.Clone(ok[:2]), rdf.Triple{Subj: m, Pred: vocab.GDEmploymentPercentage, Obj: rdf.NewTypedLiteral("160", vocab.XSDDecimal)})
	if err := validate(context.Background(), bad); err == nil || !strings.Contains(err.Error(), "employmentPercentage") {
		t.Errorf("160 %% was accepted or the reason does not name the field: %v", err)
	}
	// A unit whose address lies in a municipality another record describes: the class of the
	// municipality is not in this record, which must not fail the nested address.
	u := iri(base + "id/unit/1")
	addr, _ := rdf.NewBlank("a")
	unit := []rdf.Triple{
		{Subj: u, Pred: vocab.RDFType, Obj: vocab.ORGOrganizationalUnit},
		{Subj: u, Pred: vocab.SKOSPrefLabel, Obj: lit("Skolan")},
		{Subj: u, Pred: vocab.LocnAddressProp, Obj: addr},
		{Subj: addr, Pred: vocab.RDFType, Obj: vocab.LocnAddress},
		{Subj: addr, Pred: vocab.DCTSpatial, Obj: iri(base + "id/adminunit/0301")},
	}
	if err := validate(context.Background(), unit); err != nil {
		t.Errorf("unit with an address in a municipality described elsewhere: %v", err)
	}
	badAddr := append(slices.Clone(unit), rdf.Triple{Subj: addr, Pred: vocab.LocnPostCode, Obj: lit("1234567")})
	if err := validate(context.Background(), badAddr); err == nil {
		t.Error("a post code of seven digits was accepted")
	}
}

// versioned is a snapshot source whose content changes between runs (a payroll file replaced).
type versioned struct {
	version string
	keys    []string
	failAt  int // > 0: fail before handing over this item (1-based)
}

func (v *versioned) Name() string { return "file" }

func (v *versioned) Sync(ctx context.Context, cursor string, sink connectors.Sink) error {
	snap, upToDate := connectors.NewSnapshot(sink, cursor, v.version, 1)
	if upToDate {
		return nil
	}
	for i, k := range v.keys {
		ok, err := snap.Item(ctx)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if v.failAt == i+1 {
			return errors.New("the file went away")
		}
		u := iri(sink.Base() + "id/unit/" + k)
		if err := sink.Upsert(ctx, connectors.Record{Key: k, Triples: []rdf.Triple{{Subj: u, Pred: vocab.RDFType, Obj: vocab.ORGOrganizationalUnit}}}); err != nil {
			return err
		}
	}
	return snap.Finish(ctx)
}

// A snapshot that fails, and then a changed source read from its start: what only the failed pass
// saw is deleted by the new pass's Complete, what the resumed pass skipped is not.
func TestSnapshotRestartAfterTheSourceChanged(t *testing.T) {
	h := newHub(t, nil)
	ctx := context.Background()
	units := func() []string {
		var out []string
		_ = h.st.Match(ctx, store.Pattern{P: vocab.RDFType, O: vocab.ORGOrganizationalUnit}, func(q rdf.Quad) error {
			out = append(out, strings.TrimPrefix(q.Subj.String(), base+"id/unit/"))
			return nil
		})
		slices.Sort(out)
		return out
	}
	h.run(t, &versioned{version: "v1", keys: []string{"a", "b", "c"}})
	if _, err := h.runner.Run(ctx, &versioned{version: "v2", keys: []string{"a", "b", "d"}, failAt: 3}, hubsync.RunOptions{}); err == nil {
		t.Fatal("no failure")
	}
	// The same v2 again resumes after b and completes: c is gone, a and b were seen before the failure.
	h.run(t, &versioned{version: "v2", keys: []string{"a", "b", "d"}})
	if got := strings.Join(units(), ","); got != "a,b,d" {
		t.Errorf("after resuming v2: %s", got)
	}
	if _, err := h.runner.Run(ctx, &versioned{version: "v3", keys: []string{"a", "e", "f"}, failAt: 3}, hubsync.RunOptions{}); err == nil {
		t.Fatal("no failure")
	}
	// v4 replaces the file before v3 finished: a pass from the start; what only v3 saw counts no more.
	h.run(t, &versioned{version: "v4", keys: []string{"d"}})
	if got := strings.Join(units(), ","); got != "d" {
		t.Errorf("after v4: %s, want d", got)
	}
}

// named runs a function as a connector of the given name.
type named struct {
	name string
	fn   func(ctx context.Context, sink connectors.Sink) error
}

func (n named) Name() string { return n.name }
func (n named) Sync(ctx context.Context, _ string, sink connectors.Sink) error {
	return n.fn(ctx, sink)
}

// Two connectors running at once that name the same persons by national identity number agree on
// one customer number per person.
func TestConcurrentConnectorsAgreeOnPersons(t *testing.T) {
	h := newHub(t, nil)
	var mu stdsync.Mutex
	h.runner = hubsync.New(hubsync.Config{Store: h.st, Base: base, BatchRecords: 3,
		Allocate: func(context.Context) (string, error) {
			mu.Lock()
			defer mu.Unlock()
			h.seq++
			return keys.CustomerNumber(h.seq)
		}})
	source := func(name string) named {
		return named{name: name, fn: func(ctx context.Context, sink connectors.Sink) error {
			for i := range 20 {
				who, err := sink.Person(ctx, connectors.PersonKey{SourceKey: fmt.Sprint(i), NationalID: fmt.Sprintf("19900101%04d", i), Scheme: vocab.GDSwedishPersonalIdentityNumber})
				if err != nil {
					return err
				}
				if err := sink.Upsert(ctx, connectors.Record{Key: fmt.Sprint(i), Triples: []rdf.Triple{{Subj: who, Pred: vocab.RDFType, Obj: vocab.PersonPerson}}}); err != nil {
					return err
				}
			}
			return nil
		}}
	}
	errs := make(chan error, 2)
	for _, name := range []string{"payroll", "school"} {
		go func() {
			_, err := h.runner.Run(context.Background(), source(name), hubsync.RunOptions{})
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	persons := map[string]bool{}
	_ = h.st.Match(context.Background(), store.Pattern{P: vocab.RDFType, O: vocab.PersonPerson}, func(q rdf.Quad) error {
		persons[q.Subj.String()] = true
		return nil
	})
	if len(persons) != 20 || h.seq != 20 {
		t.Errorf("%d persons, %d customer numbers handed out; want 20 and 20", len(persons), h.seq)
	}
}

// A record too big for one store transaction (a group of 30 000 members) is written in several.
func TestHugeRecordIsSplit(t *testing.T) {
	h := newHub(t, nil)
	g := iri(base + "id/unit/big")
	var ts []rdf.Triple
	ts = append(ts, rdf.Triple{Subj: g, Pred: vocab.RDFType, Obj: vocab.ORGOrganizationalUnit})
	for i := range 30000 {
		ts = append(ts, rdf.Triple{Subj: g, Pred: vocab.ORGHasUnit, Obj: iri(fmt.Sprintf("%sid/unit/u%d", base, i))})
	}
	c := named{name: "big", fn: func(ctx context.Context, sink connectors.Sink) error {
		if err := sink.Upsert(ctx, connectors.Record{Key: "big", Triples: ts}); err != nil {
			return err
		}
		return sink.Checkpoint(ctx, "done")
	}}
	if sum := h.run(t, c); sum.Created != 1 {
		t.Errorf("first: %s", sum)
	}
	n, _ := h.st.Count(context.Background(), store.Pattern{S: g, P: vocab.ORGHasUnit})
	if n != 30000 {
		t.Errorf("%d members stored, want 30000", n)
	}
	if cur, _ := h.runner.Cursor(context.Background(), "big"); cur != "done" {
		t.Errorf("cursor %q", cur)
	}
	seq := h.lastSeq(t)
	if sum := h.run(t, c); sum.Unchanged != 1 || h.lastSeq(t) != seq {
		t.Errorf("second: %s, %d changes", sum, h.lastSeq(t)-seq)
	}
}
