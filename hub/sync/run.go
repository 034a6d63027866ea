package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// run is one run of one connector: the Sink the connector writes to.
type run struct {
	r         *Runner
	name      string
	connGraph rdf.IRI
	agent     rdf.IRI
	progress  func(done, total int)
	sum       Summary

	// The batch not yet written.
	pending     store.Changeset
	pendingKeys map[string]bool // keys whose record graphs the batch changes
	pendingSum  Summary         // what the batch counts for the summary once it is written
	seenSince   []string        // keys handed over since the last flush, marked seen on flush

	// The batch being written by the writer goroutine (nil: none). At most one is in flight, and
	// batches are written in the order they were handed over; after a failed one, none is.
	inflight *batch
	written  chan error // the writer's result for inflight
	failed   error      // the first write error: every later flush returns it and writes nothing

	seen         map[string]bool // keys handed over in this run
	quarantined  map[string]bool // keys quarantined in this run
	inQuarantine map[string]bool // keys in the quarantine now (stored or pending)
	personIRIs   map[string]string
}

// batch is a changeset handed to the writer goroutine.
type batch struct {
	cs   store.Changeset
	keys map[string]bool // keys whose record graphs it changes
	sum  Summary         // counts added to the run's summary when it is written
}

func (r *Runner) newRun(ctx context.Context, name, cursor string, progress func(int, int)) (*run, error) {
	ru := &run{
		r: r, name: name, connGraph: r.ConnectorGraph(name), agent: r.SourceAgent(name), progress: progress,
		sum: Summary{Connector: name}, seen: map[string]bool{}, quarantined: map[string]bool{}, personIRIs: map[string]string{},
		written: make(chan error, 1),
	}
	ru.reset()
	ru.inQuarantine = map[string]bool{}
	if err := r.cfg.Store.ListMeta(ctx, quarantinePrefix(name), func(k string, _ []byte) error {
		ru.inQuarantine[strings.TrimPrefix(k, quarantinePrefix(name))] = true
		return nil
	}); err != nil {
		return nil, err
	}
	if cursor == "" {
		// A fresh pass: forget the seen marks of an earlier, unfinished one.
		if err := ru.clearPrefix(ctx, seenPrefix(name)); err != nil {
			return nil, err
		}
	} else if err := r.cfg.Store.ListMeta(ctx, seenPrefix(name), func(k string, _ []byte) error {
		ru.seen[strings.TrimPrefix(k, seenPrefix(name))] = true
		return nil
	}); err != nil {
		return nil, err
	}
	// The source system, described once (an unchanged description writes nothing).
	ru.pending.Add = append(ru.pending.Add,
		quad(ru.agent, vocab.RDFType, vocab.ProvSoftwareAgent, ru.connGraph),
		quad(ru.agent, vocab.RDFSLabel, rdf.NewTypedLiteral(name, vocab.XSDString), ru.connGraph))
	return ru, nil
}

func (ru *run) reset() {
	ru.pending = store.Changeset{Meta: map[string][]byte{}}
	ru.pendingKeys = map[string]bool{}
	ru.pendingSum = Summary{}
	ru.seenSince = ru.seenSince[:0]
}

func quad(s rdf.Subject, p rdf.Predicate, o rdf.Object, g rdf.IRI) rdf.Quad {
	return rdf.Quad{Triple: rdf.Triple{Subj: s, Pred: p, Obj: o}, Ctx: g}
}

// Base implements connectors.Sink.
func (ru *run) Base() string { return ru.r.cfg.Base }

// Person implements connectors.Sink.
func (ru *run) Person(ctx context.Context, k connectors.PersonKey) (rdf.IRI, error) {
	// Persons may look the person up in the store: a resolution the batch in flight writes must be
	// stored first. (StorePersons remembers its own, but another Persons need not.)
	if b := ru.inflight; b != nil && (k.NationalID != "" && b.cs.Meta[nidMetaKey(k)] != nil ||
		k.SourceKey != "" && b.cs.Meta[srcMetaKey(ru.name, k)] != nil) {
		if err := ru.wait(); err != nil {
			return rdf.IRI{}, err
		}
	}
	iri, meta, err := ru.r.persons.Resolve(ctx, ru.name, k)
	if err != nil {
		return rdf.IRI{}, err
	}
	for mk, v := range meta {
		ru.pending.Meta[mk] = v // stored with the batch that holds the record naming the person
	}
	ru.personIRIs[iri.String()] = strings.TrimPrefix(iri.String(), ru.r.cfg.Base+"id/person/")
	return iri, nil
}

// Upsert implements connectors.Sink.
func (ru *run) Upsert(ctx context.Context, rec connectors.Record) error {
	if rec.Key == "" {
		return errors.New("sync: a record without a key")
	}
	if err := ru.check(); err != nil {
		return err
	}
	ru.pendingSum.Seen++
	ru.markSeen(rec.Key)
	triples := ru.prepare(rec)
	if ru.r.cfg.Validate != nil {
		if err := ru.r.cfg.Validate(ctx, triples); err != nil {
			var raw strings.Builder
			_ = rdfio.WriteNTriples(&raw, rec.Triples)
			return ru.quarantine(ctx, rec.Key, []byte(raw.String()), "invalid: "+err.Error())
		}
	}
	if err := ru.settle(ctx, rec.Key); err != nil {
		return err
	}
	g := ru.r.RecordGraph(ru.name, rec.Key)
	old, err := ru.graph(ctx, g)
	if err != nil {
		return err
	}
	ru.release(rec.Key)
	next := make(map[quadKey]rdf.Quad, len(triples))
	for _, t := range triples {
		q := rdf.Quad{Triple: t, Ctx: g}
		next[keyOf(q)] = q
	}
	changed := len(old) != len(next)
	for k, q := range old {
		if _, ok := next[k]; !ok {
			ru.pending.Remove = append(ru.pending.Remove, q)
			changed = true
		}
	}
	if !changed {
		ru.pendingSum.Unchanged++
		return ru.maybeFlush(ctx)
	}
	for k, q := range next {
		if _, ok := old[k]; !ok {
			ru.pending.Add = append(ru.pending.Add, q)
		}
	}
	if len(old) == 0 {
		ru.pendingSum.Created++
	} else {
		ru.pendingSum.Updated++
	}
	if err := ru.provenance(ctx, g, rec, len(old) > 0); err != nil {
		return err
	}
	ru.pendingKeys[rec.Key] = true
	return ru.maybeFlush(ctx)
}

// prepare turns a record into the triples its graph holds: blank nodes relabelled, customer numbers
// for the persons it names, and prov:wasDerivedFrom its graph for typed subjects.
func (ru *run) prepare(rec connectors.Record) []rdf.Triple {
	labels := blankLabels(ru.name, rec)
	relabel := func(t rdf.Term) rdf.Term {
		if b, ok := t.(rdf.Blank); ok {
			if nb, ok := labels[b.String()]; ok {
				return nb
			}
		}
		return t
	}
	g := ru.r.RecordGraph(ru.name, rec.Key)
	out := make([]rdf.Triple, 0, len(rec.Triples)+4)
	typed := map[string]rdf.IRI{}
	for _, t := range rec.Triples {
		t = rdf.Triple{Subj: relabel(t.Subj).(rdf.Subject), Pred: t.Pred, Obj: relabel(t.Obj).(rdf.Object)}
		out = append(out, t)
		if s, ok := t.Subj.(rdf.IRI); ok && rdfio.Equal(t.Pred, vocab.RDFType) {
			typed[s.String()] = s
		}
	}
	for k, s := range typed {
		out = append(out, rdf.Triple{Subj: s, Pred: vocab.ProvWasDerivedFrom, Obj: g})
		if n, ok := ru.personIRIs[k]; ok && n != k {
			out = append(out, rdf.Triple{Subj: s, Pred: vocab.GDCustomerNumber, Obj: rdf.NewTypedLiteral(n, vocab.XSDString)})
		}
	}
	return out
}

// blankLabels gives every blank node of a record a label of its own in the store. A simple nested
// value — a blank node that one IRI subject references once and that holds no blank nodes itself,
// such as an identifier or a period — is named by its content (subject, property and statements),
// so that two records saying the same identifier of one person say the same node and the resource
// shows it once. Any other blank node is named by the connector, record key and its label, so
// records never share it.
func blankLabels(connector string, rec connectors.Record) map[string]rdf.Blank {
	type ref struct {
		by    string
		count int
	}
	refs := map[string]*ref{}
	body := map[string][]string{}
	nested := map[string]bool{}
	for _, t := range rec.Triples {
		if b, ok := t.Obj.(rdf.Blank); ok {
			r := refs[b.String()]
			if r == nil {
				r = &ref{}
				refs[b.String()] = r
			}
			r.count++
			if _, isIRI := t.Subj.(rdf.IRI); isIRI {
				r.by = rdfio.TermString(t.Subj) + " " + rdfio.TermString(t.Pred)
			} else {
				r.by = ""
			}
		}
		if b, ok := t.Subj.(rdf.Blank); ok {
			body[b.String()] = append(body[b.String()], rdfio.TermString(t.Pred)+" "+rdfio.TermString(t.Obj))
			if _, objBlank := t.Obj.(rdf.Blank); objBlank {
				nested[b.String()] = true
			}
		}
	}
	h := sha256.Sum256([]byte(connector + "\x00" + rec.Key))
	recordPrefix := "b" + hex.EncodeToString(h[:6]) + "_"
	out := map[string]rdf.Blank{}
	add := func(label string, b rdf.Blank) {
		if nb, err := rdf.NewBlank(label); err == nil {
			out[b.String()] = nb
		}
	}
	for _, t := range rec.Triples {
		for _, term := range []rdf.Term{t.Subj, t.Obj} {
			b, ok := term.(rdf.Blank)
			if !ok {
				continue
			}
			if _, done := out[b.String()]; done {
				continue
			}
			if r := refs[b.String()]; r != nil && r.count == 1 && r.by != "" && !nested[b.String()] {
				lines := slices.Clone(body[b.String()])
				slices.Sort(lines)
				c := sha256.Sum256([]byte(r.by + "\n" + strings.Join(lines, "\n")))
				add("c"+hex.EncodeToString(c[:12]), b)
				continue
			}
			add(recordPrefix+strings.TrimPrefix(b.String(), "_:"), b)
		}
	}
	return out
}

// provenance replaces the record graph's provenance in the connector graph.
func (ru *run) provenance(ctx context.Context, g rdf.IRI, rec connectors.Record, existed bool) error {
	if existed {
		err := ru.r.cfg.Store.Match(ctx, store.Pattern{S: g, G: ru.connGraph}, func(q rdf.Quad) error {
			ru.pending.Remove = append(ru.pending.Remove, q)
			return nil
		})
		if err != nil {
			return err
		}
	}
	now := ru.r.cfg.Now().UTC()
	ru.pending.Add = append(ru.pending.Add,
		quad(g, vocab.RDFType, vocab.ProvEntity, ru.connGraph),
		quad(g, vocab.DCTIdentifier, rdf.NewTypedLiteral(rec.Key, vocab.XSDString), ru.connGraph),
		quad(g, vocab.ProvWasAttributedTo, ru.agent, ru.connGraph),
		quad(g, vocab.ProvGeneratedAtTime, rdf.NewTypedLiteral(now.Format(time.RFC3339Nano), vocab.XSDDateTime), ru.connGraph))
	if !rec.Modified.IsZero() {
		ru.pending.Add = append(ru.pending.Add,
			quad(g, vocab.DCTModified, rdf.NewTypedLiteral(rec.Modified.UTC().Format(time.RFC3339), vocab.XSDDateTime), ru.connGraph))
	}
	return nil
}

// graph reads the quads of a record graph, by what makes them the same quad.
func (ru *run) graph(ctx context.Context, g rdf.IRI) (map[quadKey]rdf.Quad, error) {
	out := map[quadKey]rdf.Quad{}
	err := ru.r.cfg.Store.Match(ctx, store.Pattern{G: g}, func(q rdf.Quad) error {
		out[keyOf(q)] = q
		return nil
	})
	return out, err
}

// quadKey tells the triples of one graph apart as their canonical forms (rdfio.TermString) do,
// without writing those out.
type quadKey [3]termKey

// termKey is what makes a term the same RDF term: an IRI or a blank node by its string, a literal
// by its lexical form and its language tag in lower case or else its datatype (none for
// xsd:string).
type termKey struct {
	kind                  byte
	value, lang, datatype string
}

func keyOf(q rdf.Quad) quadKey {
	return quadKey{termKeyOf(q.Subj), termKeyOf(q.Pred), termKeyOf(q.Obj)}
}

func termKeyOf(t rdf.Term) termKey {
	switch t := t.(type) {
	case rdf.IRI:
		return termKey{kind: 'I', value: t.String()}
	case rdf.Blank:
		return termKey{kind: 'B', value: t.String()}
	case rdf.Literal:
		if l := t.Lang(); l != "" {
			return termKey{kind: 'L', value: t.String(), lang: strings.ToLower(l)}
		}
		dt := t.DataType.String()
		if dt == xsdString {
			dt = ""
		}
		return termKey{kind: 'L', value: t.String(), datatype: dt}
	}
	return termKey{}
}

var xsdString = vocab.XSDString.String()

// Delete implements connectors.Sink.
func (ru *run) Delete(ctx context.Context, key string) error {
	if err := ru.check(); err != nil {
		return err
	}
	if err := ru.settle(ctx, key); err != nil {
		return err
	}
	g := ru.r.RecordGraph(ru.name, key)
	old, err := ru.graph(ctx, g)
	if err != nil {
		return err
	}
	ru.release(key)
	if len(old) == 0 {
		return nil
	}
	for _, q := range old {
		ru.pending.Remove = append(ru.pending.Remove, q)
	}
	if err := ru.r.cfg.Store.Match(ctx, store.Pattern{S: g, G: ru.connGraph}, func(q rdf.Quad) error {
		ru.pending.Remove = append(ru.pending.Remove, q)
		return nil
	}); err != nil {
		return err
	}
	ru.pendingSum.Deleted++
	ru.pendingKeys[key] = true
	return ru.maybeFlush(ctx)
}

// Quarantine implements connectors.Sink.
func (ru *run) Quarantine(ctx context.Context, key string, raw []byte, reason string) error {
	if key == "" {
		return errors.New("sync: quarantine of a record without a key")
	}
	if reason == "" {
		return fmt.Errorf("sync: quarantine of %q without a reason", key)
	}
	if err := ru.check(); err != nil {
		return err
	}
	ru.pendingSum.Seen++
	return ru.quarantine(ctx, key, raw, reason)
}

// quarantine keeps a record in the quarantine. It reads nothing from the store, so it need not wait
// for the batch in flight: the entry goes into the pending batch, written after it.
func (ru *run) quarantine(ctx context.Context, key string, raw []byte, reason string) error {
	ru.pendingSum.Quarantined++
	ru.quarantined[key] = true
	ru.markSeen(key) // a snapshot that quarantines a record does not delete what it said before
	v, err := encodeEntry(Entry{Connector: ru.name, Key: key, Reason: reason, Raw: raw, Time: ru.r.cfg.Now().UTC()})
	if err != nil {
		return err
	}
	ru.pending.Meta[quarantinePrefix(ru.name)+key] = v
	ru.inQuarantine[key] = true
	return ru.maybeFlush(ctx)
}

// release takes a key out of the quarantine if it is there (it was stored now).
func (ru *run) release(key string) {
	if ru.quarantined[key] {
		return
	}
	if ru.inQuarantine[key] {
		delete(ru.inQuarantine, key)
		ru.pending.Meta[quarantinePrefix(ru.name)+key] = nil
		ru.pendingSum.Released++
	}
}

func (ru *run) markSeen(key string) {
	if !ru.seen[key] {
		ru.seen[key] = true
		ru.seenSince = append(ru.seenSince, key)
	}
}

// Checkpoint implements connectors.Sink: the cursor is written with the batch it ends. Batches are
// written in order and none after a failed one, so the cursor never runs ahead of the data.
func (ru *run) Checkpoint(ctx context.Context, cursor string) error {
	if err := ru.check(); err != nil {
		return err
	}
	ru.pending.Meta[cursorKey(ru.name)] = []byte(cursor)
	return ru.flush(ctx)
}

// Complete implements connectors.Sink: records the snapshot did not contain are deleted, quarantined
// records it did not quarantine again are released, and the seen marks are cleared.
func (ru *run) Complete(ctx context.Context) error {
	// The record graphs and the quarantine are read whole: everything handed over is written first.
	if err := ru.sync(ctx); err != nil {
		return err
	}
	var gone []string
	err := ru.r.cfg.Store.Match(ctx, store.Pattern{P: vocab.DCTIdentifier, G: ru.connGraph}, func(q rdf.Quad) error {
		if l, ok := q.Obj.(rdf.Literal); ok && !ru.seen[l.String()] {
			gone = append(gone, l.String())
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, key := range gone {
		if err := ru.Delete(ctx, key); err != nil {
			return err
		}
	}
	// The deletions release their records from the quarantine; written first, so that the
	// listing below does not count them again.
	if err := ru.sync(ctx); err != nil {
		return err
	}
	err = ru.r.cfg.Store.ListMeta(ctx, quarantinePrefix(ru.name), func(k string, _ []byte) error {
		if key := strings.TrimPrefix(k, quarantinePrefix(ru.name)); !ru.seen[key] {
			ru.pending.Meta[k] = nil
			ru.pendingSum.Released++
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := ru.sync(ctx); err != nil {
		return err
	}
	ru.seen = map[string]bool{}
	return ru.clearPrefix(ctx, seenPrefix(ru.name))
}

// Restart implements connectors.Restarter: a snapshot starts again from its first item, so the keys
// an unfinished earlier pass handed over no longer protect records from Complete.
func (ru *run) Restart(ctx context.Context) error {
	// The batch in flight may hold seen marks: they are cleared below only once written.
	if err := ru.wait(); err != nil {
		return err
	}
	ru.seen = map[string]bool{}
	ru.seenSince = ru.seenSince[:0]
	for k := range ru.pending.Meta {
		if strings.HasPrefix(k, seenPrefix(ru.name)) {
			delete(ru.pending.Meta, k)
		}
	}
	return ru.clearPrefix(ctx, seenPrefix(ru.name))
}

// Progress implements connectors.Sink.
func (ru *run) Progress(done, total int) {
	if ru.progress != nil {
		ru.progress(done, total)
	}
}

func (ru *run) maybeFlush(ctx context.Context) error {
	if len(ru.pendingKeys) >= ru.r.cfg.BatchRecords || len(ru.pending.Add)+len(ru.pending.Remove) >= batchQuads ||
		len(ru.pending.Meta) >= ru.r.cfg.BatchRecords || len(ru.seenSince) >= 20*ru.r.cfg.BatchRecords {
		return ru.flush(ctx)
	}
	return nil
}

// flush hands the pending batch, its seen marks and its cursor (if checkpointed) to the writer
// goroutine, to be written in one transaction while the connector goes on with the next batch. It
// first waits for the batch in flight (at most one is), and returns its error if it failed.
func (ru *run) flush(ctx context.Context) error {
	if err := ru.wait(); err != nil {
		return err
	}
	for _, k := range ru.seenSince {
		ru.pending.Meta[seenPrefix(ru.name)+k] = []byte{}
	}
	if len(ru.pending.Add)+len(ru.pending.Remove)+len(ru.pending.Meta) == 0 {
		ru.sum.add(ru.pendingSum) // nothing to write: everything before it is written
		ru.reset()
		return nil
	}
	b := &batch{cs: ru.pending, keys: ru.pendingKeys, sum: ru.pendingSum}
	ru.inflight = b
	// The batch is written whole even when the run is cancelled meanwhile, as the run writes what
	// was handed over before a failure (Store.Update does not stop on a cancelled context either).
	wctx := context.WithoutCancel(ctx)
	go func() { ru.written <- ru.write(wctx, b.cs) }()
	ru.reset()
	return nil
}

// sync writes everything handed over so far and waits until it is stored.
func (ru *run) sync(ctx context.Context) error {
	if err := ru.flush(ctx); err != nil {
		return err
	}
	return ru.wait()
}

// wait waits for the batch in flight, if any, and returns the run's write error.
func (ru *run) wait() error { return ru.collect(true) }

// check returns the run's write error if the batch in flight has failed by now, without waiting.
func (ru *run) check() error { return ru.collect(false) }

func (ru *run) collect(block bool) error {
	if ru.inflight == nil {
		return ru.failed
	}
	var err error
	if block {
		err = <-ru.written
	} else {
		select {
		case err = <-ru.written:
		default:
			return nil
		}
	}
	b := ru.inflight
	ru.inflight = nil
	if err != nil {
		ru.failed = err
		return err
	}
	ru.sum.add(b.sum)
	if p, ok := ru.r.persons.(PersonsStored); ok {
		p.Stored(b.cs.Meta)
	}
	return nil
}

// settle makes the stored record graph of key current before it is read: a batch that changes it
// is written first, whether pending or in flight.
func (ru *run) settle(ctx context.Context, key string) error {
	switch {
	case ru.pendingKeys[key]:
		return ru.sync(ctx)
	case ru.inflight != nil && ru.inflight.keys[key]:
		return ru.wait()
	}
	return nil
}

// write stores one batch; it runs on the writer goroutine and touches nothing of the run but the
// batch it was handed.
func (ru *run) write(ctx context.Context, cs store.Changeset) error {
	_, err := ru.r.cfg.Store.Update(ctx, cs)
	if errors.Is(err, store.ErrTxnTooBig) {
		err = ru.applySplit(ctx, cs)
	}
	if err != nil {
		return fmt.Errorf("sync %s: %w", ru.name, err)
	}
	return nil
}

// batchQuads bounds the quads of one batch: a badger transaction holds some 10–25 thousand quads
// (up to three index keys each, plus graph-subject keys and dictionary entries), so batches stay
// well below that.
const batchQuads = 4000

// splitQuads is how many quads go into one transaction when a batch is too big for one.
const splitQuads = 2000

// applySplit writes a batch too big for one transaction (a record of tens of thousands of
// statements) in several: first the removals, then the additions, then the metadata with the
// cursor — so the cursor still never runs ahead of the data. A crash in between leaves records
// that the next run, starting from the old cursor, finds changed and writes again.
func (ru *run) applySplit(ctx context.Context, cs store.Changeset) error {
	chunks := func(list []rdf.Quad, mk func([]rdf.Quad) store.Changeset) error {
		for len(list) > 0 {
			n := min(len(list), splitQuads)
			if _, err := ru.r.cfg.Store.Update(ctx, mk(list[:n])); err != nil {
				return err
			}
			list = list[n:]
		}
		return nil
	}
	if err := chunks(cs.Remove, func(qs []rdf.Quad) store.Changeset { return store.Changeset{Remove: qs} }); err != nil {
		return err
	}
	if err := chunks(cs.Add, func(qs []rdf.Quad) store.Changeset { return store.Changeset{Add: qs} }); err != nil {
		return err
	}
	_, err := ru.r.cfg.Store.Update(ctx, store.Changeset{Meta: cs.Meta})
	return err
}

// clearPrefix deletes the metadata keys under prefix, in batches. Its callers wait for the batch in
// flight first (none is at the start of a run).
func (ru *run) clearPrefix(ctx context.Context, prefix string) error {
	var keys []string
	if err := ru.r.cfg.Store.ListMeta(ctx, prefix, func(k string, _ []byte) error { keys = append(keys, k); return nil }); err != nil {
		return err
	}
	for len(keys) > 0 {
		n := min(len(keys), 5000)
		meta := make(map[string][]byte, n)
		for _, k := range keys[:n] {
			meta[k] = nil
		}
		if _, err := ru.r.cfg.Store.Update(ctx, store.Changeset{Meta: meta}); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

var (
	_ connectors.Sink      = (*run)(nil)
	_ connectors.Restarter = (*run)(nil)
)
