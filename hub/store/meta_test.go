package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/knakk/rdf"
)

func TestMetaRangeAndSetMetas(t *testing.T) {
	s := openMemory(t)
	ctx := context.Background()
	vals := map[string][]byte{}
	for i := range 20 {
		vals[fmt.Sprintf("log/%04d", i)] = []byte{byte(i)}
	}
	vals["logx"] = []byte("outside the prefix")
	vals["other"] = []byte("x")
	if err := s.SetMetas(ctx, vals); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := s.MetaRange(ctx, "log/", "log/0017", func(k string, v []byte) error {
		got = append(got, fmt.Sprintf("%s=%d", k, v[0]))
		return nil
	})
	if err != nil || strings.Join(got, " ") != "log/0017=17 log/0018=18 log/0019=19" {
		t.Errorf("MetaRange from log/0017: %v %v", got, err)
	}
	got = nil
	_ = s.MetaRange(ctx, "log/", "", func(k string, v []byte) error { got = append(got, k); return nil })
	if len(got) != 20 || got[0] != "log/0000" {
		t.Errorf("MetaRange of the whole prefix: %v", got)
	}
	// A nil value deletes.
	if err := s.SetMetas(ctx, map[string][]byte{"other": nil}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.GetMeta(ctx, "other"); ok {
		t.Error("other is still set")
	}
}

func TestApplyWithMetaIsOneTransaction(t *testing.T) {
	s := openMemory(t)
	ctx := context.Background()
	g := iri(t, "http://g.test/g")
	q := quad(iri(t, "http://x.test/a"), iri(t, "http://x.test/p"), str("v"), g)
	c, err := s.ApplyWithMeta(ctx, Changeset{Add: []rdf.Quad{q}}, map[string][]byte{"cursor": []byte("1")})
	if err != nil || c.Seq != 1 {
		t.Fatalf("ApplyWithMeta: %+v %v", c, err)
	}
	if v, ok, _ := s.GetMeta(ctx, "cursor"); !ok || string(v) != "1" {
		t.Errorf("cursor %q", v)
	}
	// Nothing changes: the metadata is still written, and no change is logged.
	c, err = s.ApplyWithMeta(ctx, Changeset{Add: []rdf.Quad{q}}, map[string][]byte{"cursor": []byte("2")})
	if err != nil || c.Seq != 0 || lastSeq(t, s) != 1 {
		t.Fatalf("unchanged ApplyWithMeta: %+v %v", c, err)
	}
	if v, _, _ := s.GetMeta(ctx, "cursor"); string(v) != "2" {
		t.Errorf("cursor %q after an unchanged apply", v)
	}
	// A failing changeset writes neither quads nor metadata.
	bad := q
	bad.Subj = nil
	if _, err := s.ApplyWithMeta(ctx, Changeset{Remove: []rdf.Quad{q}, Add: []rdf.Quad{bad}}, map[string][]byte{"cursor": []byte("3")}); err == nil {
		t.Fatal("a quad without a subject was accepted")
	}
	if v, _, _ := s.GetMeta(ctx, "cursor"); string(v) != "2" || len(match(t, s, Pattern{})) != 1 {
		t.Errorf("after a failed apply: cursor %q, %d quads", v, len(match(t, s, Pattern{})))
	}
}
