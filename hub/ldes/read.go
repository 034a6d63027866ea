package ldes

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// revision names the way pages are written; it is part of every ETag, so that a release that
// writes pages differently does not leave clients holding the old bytes under a matching tag.
const revision = "r1"

// Document is a node of the stream (the root or a page) as triples, with what HTTP needs.
type Document struct {
	Triples []rdf.Triple
	// ETag is a strong entity tag for the document's content in a given syntax (append the syntax).
	ETag string
	// Immutable is true for a closed page: it never changes again.
	Immutable bool
}

// pageInfo is a page's first member and time.
type pageInfo struct {
	k, first uint64
	start    time.Time
}

func decodePage(k uint64, v []byte) (pageInfo, error) {
	if len(v) != 16 {
		return pageInfo{}, fmt.Errorf("ldes: page %d is corrupt", k)
	}
	return pageInfo{k: k, first: binary.BigEndian.Uint64(v), start: time.Unix(0, int64(binary.BigEndian.Uint64(v[8:]))).UTC()}, nil
}

func (s *Stream) pages(ctx context.Context) ([]pageInfo, error) {
	var out []pageInfo
	err := s.store.MetaRange(ctx, prefixPage, "", func(key string, v []byte) error {
		k, err := strconv.ParseUint(key[len(prefixPage):], 16, 64)
		if err != nil {
			return fmt.Errorf("ldes: bad page key %q", key)
		}
		p, err := decodePage(k, v)
		out = append(out, p)
		return err
	})
	return out, err
}

// Root returns the root node: the stream's description and a relation to every page. It indexes
// first, so it shows every change committed before the call, unless a large backlog is being
// indexed (then what is indexed so far).
func (s *Stream) Root(ctx context.Context) (*Document, error) {
	// Held while reading too, so that the state and the pages are of one moment. One slice of
	// indexing at most: behind a large import the root shows what is indexed so far.
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, _, err := s.syncLocked(ctx); err != nil {
		return nil, err
	}
	st, err := s.loadState(ctx)
	if err != nil {
		return nil, err
	}
	pages, err := s.pages(ctx)
	if err != nil {
		return nil, err
	}
	g := &graph{}
	stream, root := s.IRI(), rdfio.MustIRI(s.URL())
	g.add(stream, vocab.RDFType, vocab.LDESEventStream)
	g.add(stream, vocab.DCTTitle, typed("Change feed of the open data of "+s.base, vocab.XSDString))
	g.add(stream, vocab.LDESVersionOfPath, vocab.DCTIsVersionOf)
	g.add(stream, vocab.LDESTimestampPath, vocab.ProvGeneratedAtTime)
	g.add(stream, vocab.LDESVersionCreatePath, vocab.RDFType)
	g.add(stream, vocab.LDESVersionCreateObject, vocab.ASCreate)
	g.add(stream, vocab.LDESVersionUpdatePath, vocab.RDFType)
	g.add(stream, vocab.LDESVersionUpdateObject, vocab.ASUpdate)
	g.add(stream, vocab.LDESVersionDeletePath, vocab.RDFType)
	g.add(stream, vocab.LDESVersionDeleteObject, vocab.ASDelete)
	g.add(stream, vocab.LDESPollingInterval, typed(strconv.Itoa(int(s.polling/time.Second)), vocab.XSDInteger))
	g.add(stream, vocab.TreeShape, rdfio.MustIRI(s.shapes))
	g.add(stream, vocab.TreeView, root)
	// The retention policy: the full log is kept, from the first member on.
	policy := blank("retention")
	g.add(stream, vocab.LDESRetentionPolicy, policy)
	g.add(policy, vocab.RDFType, vocab.LDESRetentionPolicyCls)
	if len(pages) > 0 {
		g.add(policy, vocab.LDESStartingFrom, dateTime(pages[0].start))
	}
	g.add(root, vocab.RDFType, vocab.TreeNode)
	for i, p := range pages {
		page := rdfio.MustIRI(s.PageURL(p.k))
		count := st.members - p.first + 1
		if i+1 < len(pages) {
			count = pages[i+1].first - p.first
		}
		gte := blank("gte" + itoa(p.k))
		g.add(root, vocab.TreeRelationProp, gte)
		g.add(gte, vocab.RDFType, vocab.TreeGreaterThanOrEqualTo)
		g.add(gte, vocab.TreeNodeProp, page)
		g.add(gte, vocab.TreePath, vocab.ProvGeneratedAtTime)
		g.add(gte, vocab.TreeValue, dateTime(p.start))
		g.add(gte, vocab.TreeRemainingItems, typed(strconv.FormatUint(count, 10), vocab.XSDInteger))
		if i+1 < len(pages) {
			lt := blank("lt" + itoa(p.k))
			g.add(root, vocab.TreeRelationProp, lt)
			g.add(lt, vocab.RDFType, vocab.TreeLessThanRelation)
			g.add(lt, vocab.TreeNodeProp, page)
			g.add(lt, vocab.TreePath, vocab.ProvGeneratedAtTime)
			g.add(lt, vocab.TreeValue, dateTime(pages[i+1].start))
			g.add(lt, vocab.TreeRemainingItems, typed(strconv.FormatUint(count, 10), vocab.XSDInteger))
		}
	}
	return &Document{Triples: g.ts, ETag: "ldes-" + revision + "-root-" + itoa(st.members)}, nil
}

// Page returns page k (from 1) with its members. A page that does not exist yet is ENotFound.
// Only the last, open page syncs first: a closed page is what it is.
func (s *Stream) Page(ctx context.Context, k uint64) (*Document, error) {
	info, next, err := s.pageBounds(ctx, k)
	if err != nil {
		return nil, err
	}
	if next == nil {
		// The open page (or so it was): catch up, and read it while no member is added.
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, _, err := s.syncLocked(ctx); err != nil {
			return nil, err
		}
		if info, next, err = s.pageBounds(ctx, k); err != nil {
			return nil, err
		}
	}
	st, err := s.loadState(ctx)
	if err != nil {
		return nil, err
	}
	end := st.members + 1 // first member after the page
	if next != nil {
		end = next.first
	}
	g := &graph{}
	page := rdfio.MustIRI(s.PageURL(k))
	g.add(page, vocab.RDFType, vocab.TreeNode)
	g.add(page, vocab.DCTIsPartOf, s.IRI())
	if next != nil {
		g.add(page, vocab.LDESImmutable, typed("true", vocab.XSDBoolean))
	}
	err = s.store.MetaRange(ctx, prefixMember, numKey(prefixMember, info.first), func(key string, v []byte) error {
		n, err := strconv.ParseUint(key[len(prefixMember):], 16, 64)
		if err != nil {
			return fmt.Errorf("ldes: bad member key %q", key)
		}
		if n >= end {
			return errDone
		}
		return s.member(g, n, v)
	})
	if err != nil && !errors.Is(err, errDone) {
		return nil, err
	}
	doc := &Document{Triples: g.ts}
	if next != nil {
		doc.Immutable = true
		doc.ETag = "ldes-" + revision + "-page-" + itoa(k)
	} else {
		doc.ETag = "ldes-" + revision + "-page-" + itoa(k) + "-" + itoa(end-info.first)
	}
	return doc, nil
}

var errDone = errors.New("done")

// pageBounds returns page k and page k+1 (nil when k is the last page).
func (s *Stream) pageBounds(ctx context.Context, k uint64) (pageInfo, *pageInfo, error) {
	var found []pageInfo
	err := s.store.MetaRange(ctx, prefixPage, numKey(prefixPage, k), func(key string, v []byte) error {
		kk, err := strconv.ParseUint(key[len(prefixPage):], 16, 64)
		if err != nil {
			return fmt.Errorf("ldes: bad page key %q", key)
		}
		p, err := decodePage(kk, v)
		if err != nil {
			return err
		}
		found = append(found, p)
		if len(found) == 2 {
			return errDone
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDone) {
		return pageInfo{}, nil, err
	}
	if len(found) == 0 || found[0].k != k {
		return pageInfo{}, nil, hub.Errorf(hub.ENotFound, "the change feed has no page %d", k)
	}
	if len(found) == 2 {
		return found[0], &found[1], nil
	}
	return found[0], nil, nil
}

// Version returns member n alone, as on its page; ENotFound when there is none.
func (s *Stream) Version(ctx context.Context, n uint64) (*Document, error) {
	v, ok, err := s.store.GetMeta(ctx, numKey(prefixMember, n))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, hub.Errorf(hub.ENotFound, "the change feed has no version %d", n)
	}
	g := &graph{}
	if err := s.member(g, n, v); err != nil {
		return nil, err
	}
	return &Document{Triples: g.ts, ETag: "ldes-" + revision + "-version-" + itoa(n), Immutable: true}, nil
}

// member adds member n, stored as rec, to g: the version's own triples, then the resource's
// description with the resource replaced by the version and blank nodes scoped to the version.
func (s *Stream) member(g *graph, n uint64, rec []byte) error {
	if len(rec) < 10 {
		return fmt.Errorf("ldes: member %d is corrupt", n)
	}
	t := time.Unix(0, int64(binary.BigEndian.Uint64(rec))).UTC()
	kind := Kind(rec[8])
	l, w := binary.Uvarint(rec[9:])
	if w <= 0 || uint64(len(rec)-9-w) < l {
		return fmt.Errorf("ldes: member %d is corrupt", n)
	}
	iri, err := rdf.NewIRI(string(rec[9+w : 9+w+int(l)]))
	if err != nil {
		return fmt.Errorf("ldes: member %d: %w", n, err)
	}
	nt := rec[9+w+int(l):]
	v := rdfio.MustIRI(s.VersionURL(n))
	g.add(s.IRI(), vocab.TreeMember, v)
	g.add(v, vocab.DCTIsVersionOf, iri)
	g.add(v, vocab.ProvGeneratedAtTime, dateTime(t))
	switch kind {
	case Create:
		g.add(v, vocab.RDFType, vocab.ASCreate)
	case Update:
		g.add(v, vocab.RDFType, vocab.ASUpdate)
	case Delete:
		g.add(v, vocab.RDFType, vocab.ASDelete)
	default:
		return fmt.Errorf("ldes: member %d has an unknown kind %d", n, kind)
	}
	if len(nt) == 0 {
		return nil
	}
	ts, err := rdfio.ParseTriples(bytes.NewReader(nt), rdfio.MediaNTriples, "")
	if err != nil {
		return fmt.Errorf("ldes: member %d: %w", n, err)
	}
	prefix := "v" + itoa(n)
	for _, tr := range ts {
		subj := tr.Subj
		switch x := subj.(type) {
		case rdf.IRI:
			if x == iri {
				subj = v
			}
		case rdf.Blank:
			subj = blank(prefix + x.String())
		}
		obj := tr.Obj
		if b, ok := obj.(rdf.Blank); ok {
			obj = blank(prefix + b.String())
		}
		g.add(subj, tr.Pred, obj)
	}
	return nil
}

// graph collects triples.
type graph struct{ ts []rdf.Triple }

func (g *graph) add(s rdf.Subject, p rdf.Predicate, o rdf.Object) {
	g.ts = append(g.ts, rdf.Triple{Subj: s, Pred: p, Obj: o})
}

func blank(label string) rdf.Blank {
	b, err := rdf.NewBlank(label)
	if err != nil {
		panic("ldes: " + err.Error())
	}
	return b
}

func typed(lex string, dt rdf.IRI) rdf.Literal { return rdf.NewTypedLiteral(lex, dt) }

// dateTime writes t in UTC with as many fractional digits as it has (microseconds at most here).
func dateTime(t time.Time) rdf.Literal {
	return typed(t.UTC().Format("2006-01-02T15:04:05.999999Z07:00"), vocab.XSDDateTime)
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
