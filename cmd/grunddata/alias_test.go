package main

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/alias"
	"github.com/grunddata/grunddata/hub/store"
)

// TestAliasRedirectsAndResolves: a customer number merged away answers 308 to the survivor, and
// reconciliation finds the survivor by it and never proposes it.
func TestAliasRedirectsAndResolves(t *testing.T) {
	a := newDemoHub(t)
	ctx := context.Background()
	old, _ := rdf.NewIRI(testBase + "id/person/10000012")
	survivor, _ := rdf.NewIRI(testBase + "id/person/10000004")
	if _, err := a.store.Apply(ctx, store.Changeset{Add: []rdf.Quad{alias.New(a.store, testBase).Quad(old, survivor)}}); err != nil {
		t.Fatal(err)
	}
	r := do(t, a, "GET", "id/person/10000012?format=ttl", testToken, nil, "")
	if r.status != 308 || r.header.Get("Location") != survivor.String()+"?format=ttl" {
		t.Errorf("GET alias: %d Location %q", r.status, r.header.Get("Location"))
	}
	if r := do(t, a, "GET", "id/person/10000012", "", nil, ""); r.status != 401 {
		t.Errorf("anonymous GET of an alias: %d, want 401 (it must not reveal the merge)", r.status)
	}
	if r := do(t, a, "DELETE", "id/person/10000012", testToken, nil, ""); r.status != 308 {
		t.Errorf("DELETE alias: %d, want 308", r.status)
	}
	if r := do(t, a, "GET", "id/person/10000004", testToken, accept("text/turtle"), ""); r.status != 200 {
		t.Errorf("GET survivor: %d", r.status)
	}

	ext, _ := json.Marshal(map[string]any{"ids": []string{"person/10000012"}, "properties": []map[string]string{{"id": "customerNumber"}}})
	e := do(t, a, "GET", "reconcile?extend="+url.QueryEscape(string(ext)), testToken, nil, "")
	if e.status != 200 || !strings.Contains(string(e.body), `"str": "10000004"`) {
		t.Errorf("extend by alias: %d %s", e.status, e.body)
	}
	q := do(t, a, "GET", "reconcile?queries="+url.QueryEscape(`{"q":{"query":"Björn Provsson","type":"person"}}`), testToken, nil, "")
	if strings.Contains(string(q.body), "10000012") {
		t.Errorf("an alias is proposed: %s", q.body)
	}
}

func TestAliasLeavesCollections(t *testing.T) {
	a := newDemoHub(t)
	old, _ := rdf.NewIRI(testBase + "id/person/10000012")
	survivor, _ := rdf.NewIRI(testBase + "id/person/10000004")
	before := do(t, a, "GET", "id/person?format=nt", testToken, nil, "")
	if !strings.Contains(string(before.body), old.String()) {
		t.Fatalf("10000012 not listed before the merge: %s", before.body)
	}
	a.store.Apply(context.Background(), store.Changeset{Add: []rdf.Quad{alias.New(a.store, testBase).Quad(old, survivor)}})
	after := do(t, a, "GET", "id/person?format=nt", testToken, nil, "")
	if strings.Contains(string(after.body), "<"+old.String()+">") || !strings.Contains(string(after.body), survivor.String()) {
		t.Errorf("collection after the merge: %s", after.body)
	}
}
