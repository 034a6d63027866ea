package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/grunddata/grunddata/hub/reconcile/reconciletest"
)

var formHeader = map[string]string{"Content-Type": "application/x-www-form-urlencoded"}

// TestReconcileAsOpenRefine drives {base}reconcile the way OpenRefine does: read the manifest,
// send a batch of queries as the "queries" form field, take the certain matches, then fetch
// customer and organisation numbers by data extension. Every answer validates against the 0.2
// schemas and allows any origin.
func TestReconcileAsOpenRefine(t *testing.T) {
	schemas := reconciletest.Load(t)
	a := newDemoHub(t)

	r := do(t, a, "GET", "reconcile", testToken, nil, "")
	if r.status != 200 || r.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("manifest: %d %v %s", r.status, r.header, r.body)
	}
	schemas.Check(t, "manifest", r.body)
	var manifest struct {
		View    struct{ URL string }
		Preview struct{ URL string }
		Extend  struct {
			ProposeProperties struct {
				ServiceURL  string `json:"service_url"`
				ServicePath string `json:"service_path"`
			} `json:"propose_properties"`
		}
	}
	if err := json.Unmarshal(r.body, &manifest); err != nil {
		t.Fatal(err)
	}

	// A local register: two persons and two organisations, one row with a typo.
	queries := map[string]any{
		"q0": map[string]any{"query": "Anna Exempelsdotter", "type": "person", "limit": 3,
			"properties": []map[string]any{{"pid": "nationalId", "v": "15888512389"}}},
		"q1": map[string]any{"query": "Cecilia Testberg-Åström", "type": "person"},
		"q2": map[string]any{"query": "Exempelby Friskolor", "type": "organisation",
			"properties": []map[string]any{{"pid": "orgNumber", "v": "556999-0004"}}},
		"q3": map[string]any{"query": "Exempelby Idrotsförening", "type": "organisation"},
	}
	qs, _ := json.Marshal(queries)
	schemas.Check(t, "reconciliation-query-batch", qs)
	r = do(t, a, "POST", "reconcile", testToken, formHeader, "queries="+url.QueryEscape(string(qs)))
	if r.status != 200 || r.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("queries: %d %s", r.status, r.body)
	}
	schemas.Check(t, "reconciliation-result-batch", r.body)
	var results map[string]struct {
		Result []struct {
			ID    string
			Name  string
			Score float64
			Match bool
		}
	}
	if err := json.Unmarshal(r.body, &results); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		id    string
		match bool
	}{
		"q0": {"person/10000004", true}, "q1": {"person/10000020", false},
		"q2": {"organisation/5569990004", true}, "q3": {"organisation/8029990002", false},
	}
	var ids []string
	for q, w := range want {
		got := results[q].Result
		if len(got) == 0 || got[0].ID != w.id || got[0].Match != w.match {
			t.Errorf("%s: got %+v, want %s first (match %v)", q, got, w.id, w.match)
			continue
		}
		ids = append(ids, got[0].ID)
		// The view template gives the entity's URI, which dereferences.
		uri := strings.ReplaceAll(manifest.View.URL, "{{id}}", got[0].ID)
		if v := do(t, a, "GET", strings.TrimPrefix(uri, testBase), testToken, accept("application/ld+json"), ""); v.status != 200 {
			t.Errorf("%s: %s is %d", q, uri, v.status)
		}
	}

	// The same batch as a JSON body answers the same.
	r2 := do(t, a, "POST", "reconcile", testToken, map[string]string{"Content-Type": "application/json"}, string(qs))
	if r2.status != 200 || string(r2.body) != string(r.body) {
		t.Errorf("JSON body: %d %s", r2.status, r2.body)
	}

	// Preview of a candidate.
	pv := strings.ReplaceAll(manifest.Preview.URL, "{{id}}", "person/10000004")
	if p := do(t, a, "GET", strings.TrimPrefix(pv, testBase), testToken, nil, ""); p.status != 200 || !strings.Contains(string(p.body), "Anna Exempelsdotter") {
		t.Errorf("preview: %d %s", p.status, p.body)
	}

	// Which properties can be fetched, then fetch them.
	pp := manifest.Extend.ProposeProperties.ServiceURL + manifest.Extend.ProposeProperties.ServicePath + "?type=person"
	p := do(t, a, "GET", strings.TrimPrefix(pp, testBase), testToken, nil, "")
	schemas.Check(t, "data-extension-property-proposal", p.body)
	if !strings.Contains(string(p.body), `"customerNumber"`) || strings.Contains(string(p.body), "nationalId") {
		t.Errorf("proposed properties: %s", p.body)
	}
	ext, _ := json.Marshal(map[string]any{"ids": ids, "properties": []map[string]string{{"id": "customerNumber"}, {"id": "orgNumber"}, {"id": "address"}}})
	e := do(t, a, "POST", "reconcile", testToken, formHeader, "extend="+url.QueryEscape(string(ext)))
	if e.status != 200 {
		t.Fatalf("extend: %d %s", e.status, e.body)
	}
	schemas.Check(t, "data-extension-response", e.body)
	var rows struct {
		Rows map[string]map[string][]struct{ Str string }
	}
	json.Unmarshal(e.body, &rows)
	for id, prop := range map[string]string{"person/10000004": "customerNumber", "person/10000020": "customerNumber", "organisation/5569990004": "orgNumber", "organisation/8029990002": "orgNumber"} {
		vals := rows.Rows[id][prop]
		if len(vals) != 1 || vals[0].Str != strings.SplitN(id, "/", 2)[1] {
			t.Errorf("%s %s = %+v", id, prop, vals)
		}
	}
}

func TestReconcileHTTPRules(t *testing.T) {
	a := newDemoHub(t)
	personQuery := "queries=" + url.QueryEscape(`{"q":{"query":"Anna","type":"person"}}`)
	tests := []struct {
		name, method, path, token, body string
		header                          map[string]string
		status                          int
	}{
		{"persons need a token", "POST", "reconcile", "", personQuery, formHeader, 401},
		{"persons with a token", "POST", "reconcile", testToken, personQuery, formHeader, 200},
		{"organisations are open", "GET", "reconcile?queries=" + url.QueryEscape(`{"q":{"query":"Exempelby kommun"}}`), "", "", nil, 200},
		{"batch over the limit", "POST", "reconcile", "", "queries=" + url.QueryEscape(bigBatch(101)), formHeader, 413},
		{"broken JSON", "POST", "reconcile", "", "queries=" + url.QueryEscape(`{"q":`), formHeader, 400},
		{"unsupported body", "POST", "reconcile", "", "x", map[string]string{"Content-Type": "text/plain"}, 415},
		{"preflight", "OPTIONS", "reconcile", "", "", map[string]string{"Origin": "https://openrefine.example", "Access-Control-Request-Method": "POST"}, 204},
		{"suggest organisations", "GET", "reconcile/suggest/entity?prefix=exem", "", "", nil, 200},
		{"suggest persons needs a token", "GET", "reconcile/suggest/entity?prefix=anna&type=person", "", "", nil, 401},
		{"preview of an unknown entity", "GET", "reconcile/preview?id=organisation/1", "", "", nil, 404},
		{"extend persons needs a token", "GET", "reconcile?extend=" + url.QueryEscape(`{"ids":["person/10000004"],"properties":[{"id":"customerNumber"}]}`), "", "", nil, 401},
		{"bad cursor", "GET", "reconcile/suggest/entity?prefix=a&cursor=-1", "", "", nil, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, a, tt.method, tt.path, tt.token, tt.header, tt.body)
			if r.status != tt.status {
				t.Errorf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if r.header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("no CORS header: %v", r.header)
			}
			if r.status >= 400 && r.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("error is %s, not problem+json", r.header.Get("Content-Type"))
			}
		})
	}
}

func bigBatch(n int) string {
	qs := map[string]any{}
	for i := 0; i < n; i++ {
		qs[fmt.Sprintf("q%d", i)] = map[string]string{"query": "x"}
	}
	b, _ := json.Marshal(qs)
	return string(b)
}
