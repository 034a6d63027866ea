package main

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
	hubsync "github.com/grunddata/grunddata/hub/sync"
	"github.com/grunddata/grunddata/vocab"
)

// registerConnector is a source register of two persons, one of them Anna under another spelling
// and her national ID.
type registerConnector struct{}

func (registerConnector) Name() string { return "register" }

func (registerConnector) Sync(ctx context.Context, cursor string, sink connectors.Sink) error {
	people := []struct{ key, nid, given, family string }{
		{"r-1", "15888512389", "Anna", "Exempelsdóttir"},
		{"r-2", "", "Gustav", "Nyström"},
	}
	for _, p := range people {
		iri, err := sink.Person(ctx, connectors.PersonKey{SourceKey: p.key, NationalID: p.nid, Scheme: vocab.GDNorwegianNationalIdentityNumber})
		if err != nil {
			return err
		}
		lit := func(s string) rdf.Literal { l, _ := rdf.NewLiteral(s); return l }
		if err := sink.Upsert(ctx, connectors.Record{Key: "rec-" + p.key, Triples: []rdf.Triple{
			{Subj: iri, Pred: vocab.RDFType, Obj: vocab.PersonPerson},
			{Subj: iri, Pred: vocab.FOAFGivenName, Obj: lit(p.given)},
			{Subj: iri, Pred: vocab.FOAFFamilyName, Obj: lit(p.family)},
		}}); err != nil {
			return err
		}
	}
	return sink.Checkpoint(ctx, "done")
}

// TestSyncXrefGoldenReconcile: records a real sync stores are found by the cross-reference both
// ways (by record key and by the source's own person key), reach the golden records when the follower catches up, and reconciliation sees them.
func TestSyncXrefGoldenReconcile(t *testing.T) {
	a := newDemoHub(t)
	ctx := context.Background()
	if _, err := a.sync.Run(ctx, registerConnector{}, hubsync.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	var x struct {
		CustomerNumber string
		Records        []struct{ Source, Key string }
	}
	jsonBody(t, do(t, a, "GET", "xref?source=register&key=r-1", testToken, nil, ""), &x)
	if x.CustomerNumber != "10000004" {
		t.Errorf("r-1 (Anna's national ID) resolved to %+v, want 10000004", x)
	}
	jsonBody(t, do(t, a, "GET", "xref?source=register&key=r-2", testToken, nil, ""), &x)
	gustav := x.CustomerNumber
	if gustav == "" || gustav == "10000004" {
		t.Fatalf("r-2: %+v", x)
	}
	jsonBody(t, do(t, a, "GET", "xref?source=register&key=rec-r-2", testToken, nil, ""), &x)
	if x.CustomerNumber != gustav {
		t.Errorf("by record key: %+v, want %s", x, gustav)
	}
	jsonBody(t, do(t, a, "GET", "id/person/"+gustav+"/xref", testToken, nil, ""), &x)
	if len(x.Records) != 2 || x.Records[0].Source != "register" || x.Records[0].Key != "rec-r-2" || x.Records[1].Key != "r-2" {
		t.Errorf("records of %s: %+v", gustav, x)
	}

	if n, err := a.master.CatchUp(ctx, a.store); err != nil || n < 2 {
		t.Fatalf("catch-up: %d %v", n, err)
	}
	r := do(t, a, "GET", "id/person/"+gustav, testToken, accept("text/turtle"), "")
	if r.status != 200 || !strings.Contains(string(r.body), "Nyström") || !strings.Contains(string(r.body), "graph/source/register/rec-r-2") {
		t.Errorf("golden record of %s: %d %s", gustav, r.status, r.body)
	}
	q := do(t, a, "GET", "reconcile?queries="+url.QueryEscape(`{"q":{"query":"Gustav Nystrom","type":"person"}}`), testToken, nil, "")
	var res map[string]struct{ Result []struct{ ID string } }
	json.Unmarshal(q.body, &res)
	if len(res["q"].Result) == 0 || res["q"].Result[0].ID != "person/"+gustav {
		t.Errorf("reconcile Gustav: %s", q.body)
	}
}
