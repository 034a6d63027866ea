package ldes_test

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/ldes"
	"github.com/grunddata/grunddata/hub/opendata/opendatatest"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

const org = opendatatest.Base + "id/organisation/2129990004"

func newStream(t *testing.T, h *opendatatest.Hub, pageSize int) *ldes.Stream {
	t.Helper()
	return ldes.New(ldes.Config{Store: h.Store, Source: h.Source, PageSize: pageSize})
}

// objects returns the objects of (s, p) in ts, as strings.
func objects(ts []rdf.Triple, s, p string) []string {
	var out []string
	for _, t := range ts {
		if t.Subj.String() == s && t.Pred.String() == p {
			out = append(out, t.Obj.String())
		}
	}
	return out
}

// allPages reads every page the root links to, in page order.
func allPages(t *testing.T, s *ldes.Stream) ([]*ldes.Document, []rdf.Triple) {
	t.Helper()
	ctx := context.Background()
	root, err := s.Root(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*ldes.Document
	for k := uint64(1); ; k++ {
		d, err := s.Page(ctx, k)
		if hub.ErrorCode(err) == hub.ENotFound {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	return docs, root.Triples
}

// members returns the versions on the pages in order: version IRI -> resource IRI, and their order.
func members(s *ldes.Stream, docs []*ldes.Document) (order []string, of map[string]string, kind map[string]string, all []rdf.Triple) {
	of, kind = map[string]string{}, map[string]string{}
	for _, d := range docs {
		all = append(all, d.Triples...)
		for _, v := range objects(d.Triples, s.IRI().String(), vocab.TreeMember.String()) {
			order = append(order, v)
			of[v] = objects(d.Triples, v, vocab.DCTIsVersionOf.String())[0]
			for _, typ := range objects(d.Triples, v, vocab.RDFType.String()) {
				if strings.HasPrefix(typ, vocab.ASNS) {
					kind[v] = strings.TrimPrefix(typ, vocab.ASNS)
				}
			}
		}
	}
	return order, of, kind, all
}

func TestStreamPublishesOpenDataOnly(t *testing.T) {
	h := opendatatest.Demo(t)
	s := newStream(t, h, 4)
	ctx := context.Background()
	n, err := s.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var open int
	for _, c := range h.Source.Classes() {
		ms, err := h.Source.Members(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		open += len(ms)
	}
	if n != open || open == 0 {
		t.Fatalf("first sync appended %d members, want one per open resource (%d)", n, open)
	}
	if n, err := s.Sync(ctx); err != nil || n != 0 {
		t.Fatalf("second sync appended %d (%v), want 0", n, err)
	}
	docs, _ := allPages(t, s)
	order, of, kind, all := members(s, docs)
	if len(order) != open {
		t.Fatalf("%d members on the pages, want %d", len(order), open)
	}
	var nt bytes.Buffer
	if err := rdfio.WriteNTriples(&nt, all); err != nil {
		t.Fatal(err)
	}
	for _, secret := range append(opendatatest.Secrets(), opendatatest.PeerSubject) {
		if strings.Contains(nt.String(), secret) {
			t.Errorf("the feed contains %q", secret)
		}
	}
	for _, v := range order {
		if kind[v] != "Create" {
			t.Errorf("%s (%s) is a %s, want Create", v, of[v], kind[v])
		}
	}
	// Each version carries its resource's open description with the version as subject.
	want, err := h.Source.Describe(ctx, rdf.IRI(mustIRI(t, org)))
	if err != nil {
		t.Fatal(err)
	}
	var v string
	for _, x := range order {
		if of[x] == org {
			v = x
		}
	}
	if v == "" {
		t.Fatalf("no version of %s", org)
	}
	if got, want := objects(all, v, vocab.SKOSPrefLabel.String()), objects(want, org, vocab.SKOSPrefLabel.String()); strings.Join(got, "|") != strings.Join(want, "|") || len(got) == 0 {
		t.Errorf("version label %v, resource label %v", got, want)
	}
}

func TestStreamVersionsAndDeletions(t *testing.T) {
	h := opendatatest.Demo(t)
	s := newStream(t, h, 3)
	ctx := context.Background()
	if _, err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	docs, _ := allPages(t, s)
	before, _, _, _ := members(s, docs)

	subject := mustIRI(t, org)
	graph := mustIRI(t, opendatatest.Base+"graph/demo")
	label := func(l string) rdf.Quad {
		lit, _ := rdf.NewLangLiteral(l, "sv")
		return rdf.Quad{Triple: rdf.Triple{Subj: subject, Pred: vocab.SKOSPrefLabel, Obj: lit}, Ctx: graph}
	}
	old, err := h.Store.Describe(ctx, subject, graph)
	if err != nil {
		t.Fatal(err)
	}
	var oldLabel []rdf.Quad
	for _, q := range old {
		if q.Pred == vocab.SKOSPrefLabel {
			oldLabel = append(oldLabel, q)
		}
	}
	// An update, a change that touches nothing open, and a deletion.
	if _, err := h.Store.Apply(ctx, store.Changeset{Remove: oldLabel, Add: []rdf.Quad{label("Nya Exempelby kommun")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Store.Apply(ctx, store.Changeset{Add: []rdf.Quad{{Triple: rdf.Triple{Subj: mustIRI(t, "urn:x:internal"), Pred: vocab.RDFSLabel, Obj: lit(t, "x")}, Ctx: graph}}}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Sync(ctx); err != nil || n != 1 {
		t.Fatalf("sync after an update appended %d (%v), want 1", n, err)
	}
	all, err := h.Store.Describe(ctx, subject, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Store.Apply(ctx, store.Changeset{Remove: all}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Sync(ctx); err != nil || n != 1 {
		t.Fatalf("sync after a deletion appended %d (%v), want 1", n, err)
	}

	docs, _ = allPages(t, s)
	order, of, kind, triples := members(s, docs)
	if len(order) != len(before)+2 {
		t.Fatalf("%d members, want %d", len(order), len(before)+2)
	}
	upd, del := order[len(order)-2], order[len(order)-1]
	if of[upd] != org || kind[upd] != "Update" || of[del] != org || kind[del] != "Delete" {
		t.Errorf("last two members: %s %s of %s, %s %s of %s", upd, kind[upd], of[upd], del, kind[del], of[del])
	}
	if got := objects(triples, upd, vocab.SKOSPrefLabel.String()); len(got) != 1 || !strings.Contains(got[0], "Nya Exempelby kommun") {
		t.Errorf("updated label %v", got)
	}
	if got := len(objects(triples, del, vocab.SKOSPrefLabel.String())); got != 0 {
		t.Errorf("the deletion carries %d labels", got)
	}
	// Timestamps grow strictly along the stream.
	var prev string
	for _, v := range order {
		ts := objects(triples, v, vocab.ProvGeneratedAtTime.String())
		if len(ts) != 1 {
			t.Fatalf("%s has %d timestamps", v, len(ts))
		}
		tm := parseTime(t, ts[0])
		if prev != "" && !tm.After(parseTime(t, prev)) {
			t.Errorf("%s at %s is not after %s", v, ts[0], prev)
		}
		prev = ts[0]
	}

	// A new Stream over the same store (a restart) has nothing to add and keeps the numbering.
	s2 := newStream(t, h, 3)
	if n, err := s2.Sync(ctx); err != nil || n != 0 {
		t.Fatalf("restarted stream appended %d (%v)", n, err)
	}
	v, err := s2.Version(ctx, uint64(len(order)))
	if err != nil || !v.Immutable {
		t.Fatalf("version %d: %v", len(order), err)
	}
	if got := objects(v.Triples, del, vocab.DCTIsVersionOf.String()); len(got) != 1 || got[0] != org {
		t.Errorf("version document: %v", v.Triples)
	}
}

func TestStreamRootAndPageTerms(t *testing.T) {
	h := opendatatest.Demo(t)
	s := newStream(t, h, 3)
	ctx := context.Background()
	docs, root := allPages(t, s)
	if len(docs) < 3 {
		t.Fatalf("%d pages; the demo should fill several pages of 3", len(docs))
	}
	stream := s.IRI().String()
	for _, c := range []struct{ p, o string }{
		{vocab.RDFType.String(), vocab.LDESEventStream.String()},
		{vocab.LDESVersionOfPath.String(), vocab.DCTIsVersionOf.String()},
		{vocab.LDESTimestampPath.String(), vocab.ProvGeneratedAtTime.String()},
		{vocab.LDESVersionDeletePath.String(), vocab.RDFType.String()},
		{vocab.LDESVersionDeleteObject.String(), vocab.ASDelete.String()},
		{vocab.TreeShape.String(), opendatatest.Base + "model/shapes.ttl"},
		{vocab.TreeView.String(), opendatatest.Base + "ldes"},
	} {
		if got := objects(root, stream, c.p); len(got) != 1 || got[0] != c.o {
			t.Errorf("stream %s: %v, want %s", c.p, got, c.o)
		}
	}
	policy := objects(root, stream, vocab.LDESRetentionPolicy.String())
	if len(policy) != 1 || len(objects(root, policy[0], vocab.LDESStartingFrom.String())) != 1 {
		t.Errorf("retention policy %v", policy)
	}
	// Every page: a >= relation; all but the last a < relation whose value is the next page's >= value.
	type rel struct{ gte, lt string }
	rels := map[string]*rel{}
	for _, r := range objects(root, opendatatest.Base+"ldes", vocab.TreeRelationProp.String()) {
		node := objects(root, r, vocab.TreeNodeProp.String())
		path := objects(root, r, vocab.TreePath.String())
		value := objects(root, r, vocab.TreeValue.String())
		if len(node) != 1 || len(path) != 1 || path[0] != vocab.ProvGeneratedAtTime.String() || len(value) != 1 {
			t.Fatalf("relation %s: node %v path %v value %v", r, node, path, value)
		}
		if rels[node[0]] == nil {
			rels[node[0]] = &rel{}
		}
		switch objects(root, r, vocab.RDFType.String())[0] {
		case vocab.TreeGreaterThanOrEqualTo.String():
			rels[node[0]].gte = value[0]
		case vocab.TreeLessThanRelation.String():
			rels[node[0]].lt = value[0]
		}
	}
	if len(rels) != len(docs) {
		t.Fatalf("root links %d pages, there are %d", len(rels), len(docs))
	}
	for k := range docs {
		page := s.PageURL(uint64(k + 1))
		r := rels[page]
		last := k == len(docs)-1
		if r == nil || r.gte == "" || (r.lt == "") != last {
			t.Fatalf("page %s relations %+v", page, r)
		}
		if !last && r.lt != rels[s.PageURL(uint64(k+2))].gte {
			t.Errorf("page %d ends at %s, page %d starts at %s", k+1, r.lt, k+2, rels[s.PageURL(uint64(k+2))].gte)
		}
		immutable := len(objects(docs[k].Triples, page, vocab.LDESImmutable.String())) == 1
		if docs[k].Immutable != !last || immutable != !last {
			t.Errorf("page %d (last %v): Immutable %v, ldes:immutable %v", k+1, last, docs[k].Immutable, immutable)
		}
		// Every member lies within its page's bounds, also at millisecond precision.
		for _, v := range objects(docs[k].Triples, s.IRI().String(), vocab.TreeMember.String()) {
			tm := parseTime(t, objects(docs[k].Triples, v, vocab.ProvGeneratedAtTime.String())[0])
			if tm.Before(parseTime(t, r.gte)) || (!last && !tm.Truncate(time.Millisecond).Before(parseTime(t, r.lt))) {
				t.Errorf("member %s at %s is outside page %d [%s, %s)", v, tm, k+1, r.gte, r.lt)
			}
		}
		if n := len(objects(docs[k].Triples, s.IRI().String(), vocab.TreeMember.String())); n > 3 || (!last && n != 3) {
			t.Errorf("page %d has %d members", k+1, n)
		}
	}
	// A closed page reads the same after more changes; a page past the end is not found.
	first := docs[0]
	if _, err := h.Store.Apply(ctx, store.Changeset{Remove: mustDescribe(t, h, org)}); err != nil {
		t.Fatal(err)
	}
	again, err := s.Page(ctx, 1)
	if err != nil || again.ETag != first.ETag || rdfio.Diff(first.Triples, again.Triples) != "" {
		t.Errorf("closed page 1 changed: %v", err)
	}
	if _, err := s.Page(ctx, uint64(len(docs)+5)); hub.ErrorCode(err) != hub.ENotFound {
		t.Errorf("page past the end: %v", err)
	}
}

func mustDescribe(t *testing.T, h *opendatatest.Hub, iri string) []rdf.Quad {
	t.Helper()
	qs, err := h.Store.Describe(context.Background(), mustIRI(t, iri), nil)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

func mustIRI(t *testing.T, s string) rdf.IRI {
	t.Helper()
	iri, err := rdf.NewIRI(s)
	if err != nil {
		t.Fatal(err)
	}
	return iri
}

func lit(t *testing.T, s string) rdf.Literal {
	t.Helper()
	l, err := rdf.NewLiteral(s)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func parseTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("timestamp %q: %v", s, err)
	}
	return tm
}

// TestRootConsistentUnderWrites reads the root while changes are committed and indexed: every root
// accounts for exactly the members its ETag names, page by page.
func TestRootConsistentUnderWrites(t *testing.T) {
	h := opendatatest.Demo(t)
	s := newStream(t, h, 2)
	ctx := context.Background()
	graph := mustIRI(t, opendatatest.Base+"graph/demo")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 20 {
			q := rdf.Quad{Triple: rdf.Triple{Subj: mustIRI(t, org), Pred: vocab.RDFSLabel, Obj: lit(t, "label "+strconv.Itoa(i))}, Ctx: graph}
			if _, err := h.Store.Apply(ctx, store.Changeset{Add: []rdf.Quad{q}}); err != nil {
				t.Error(err)
				return
			}
			if _, err := s.Sync(ctx); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		root, err := s.Root(ctx)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, r := range objects(root.Triples, opendatatest.Base+"ldes", vocab.TreeRelationProp.String()) {
			if objects(root.Triples, r, vocab.RDFType.String())[0] != vocab.TreeGreaterThanOrEqualTo.String() {
				continue
			}
			n, err := strconv.Atoi(strings.Split(objects(root.Triples, r, vocab.TreeRemainingItems.String())[0], "^^")[0])
			if err != nil {
				t.Fatal(err)
			}
			total += n
		}
		if want := root.ETag[strings.LastIndex(root.ETag, "-")+1:]; strconv.Itoa(total) != want {
			t.Fatalf("the root's pages hold %d members, its ETag says %s", total, want)
		}
	}
}

// TestIndexingInSlices: behind a large backlog the root shows what one slice indexed (its ETag and
// pages agree), and Sync, slice after slice, indexes the rest.
func TestIndexingInSlices(t *testing.T) {
	h := opendatatest.Demo(t)
	ctx := context.Background()
	graph := mustIRI(t, opendatatest.Base+"graph/slices")
	for c := range 3 { // three changes of 1 400 open units each
		var cs store.Changeset
		for i := range 1400 {
			unit := mustIRI(t, fmt.Sprintf("%sid/unit/slice-%d-%d", opendatatest.Base, c, i))
			for _, tr := range []rdf.Triple{
				{Subj: unit, Pred: vocab.RDFType, Obj: mustIRI(t, vocab.ORGNS+"OrganizationalUnit")},
				{Subj: unit, Pred: vocab.DCTIdentifier, Obj: lit(t, fmt.Sprintf("slice-%d-%d", c, i))},
				{Subj: unit, Pred: vocab.SKOSPrefLabel, Obj: lit(t, fmt.Sprintf("Enhet %d", i))},
			} {
				cs.Add = append(cs.Add, rdf.Quad{Triple: tr, Ctx: graph})
			}
		}
		if _, err := h.Store.Apply(ctx, cs); err != nil {
			t.Fatal(err)
		}
	}
	s := newStream(t, h, 0)
	root, err := s.Root(ctx)
	if err != nil {
		t.Fatal(err)
	}
	partial, _ := strconv.Atoi(root.ETag[strings.LastIndex(root.ETag, "-")+1:])
	if partial == 0 || partial >= 17+3*1400 {
		t.Fatalf("the first root indexed %d members, want one slice of the backlog", partial)
	}
	n, err := s.Sync(ctx)
	if err != nil || partial+n != 17+3*1400 {
		t.Fatalf("Sync after the root: %d more (%v), total %d, want %d", n, err, partial+n, 17+3*1400)
	}
}
