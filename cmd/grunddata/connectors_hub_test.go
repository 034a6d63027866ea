package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/connectors/enhetsregisteret"
	"github.com/grunddata/grunddata/connectors/ss12000"
	"github.com/grunddata/grunddata/examples/demosources"
	hubsync "github.com/grunddata/grunddata/hub/sync"
)

// TestAPIConnectorsThroughTheHub syncs the demo SS 12000 and Enhetsregisteret sources through the
// hub's runner (as serve wires it, every record checked against the model's SHACL shapes) into the
// demo hub, and
// reads the result over HTTP as a token holder would: nothing is quarantined but the two records
// the demo data gets wrong on purpose, and a teacher, her duty and her school are there with the
// source records they came from.
func TestAPIConnectorsThroughTheHub(t *testing.T) {
	a := newDemoHub(t)
	srcs, err := demosources.Exempelby(nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srcs.Handler())
	defer ts.Close()
	runner := a.sync // as serve wires it: customer numbers, the model's SHACL shapes before storing
	school, err := ss12000.New("school", map[string]string{"url": ts.URL + demosources.SS12000Path, "token": demosources.Token})
	if err != nil {
		t.Fatal(err)
	}
	brreg, err := enhetsregisteret.New("business-register", map[string]string{"url": ts.URL + demosources.BrregPath})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		conn connectors.Connector
		bad  string // the one record the demo data gets wrong on purpose
	}{{school, "person/5e000000-0000-4000-8001-000000000012"}, {brreg, "enhet/999991000"}} {
		sum, err := runner.Run(context.Background(), tc.conn, hubsync.RunOptions{})
		if err != nil {
			t.Fatalf("%s: %v", tc.conn.Name(), err)
		}
		q, err := runner.Quarantined(context.Background(), tc.conn.Name())
		if err != nil {
			t.Fatal(err)
		}
		if len(q) != 1 || q[0].Key != tc.bad {
			for _, e := range q {
				t.Errorf("%s: quarantined %s: %s", tc.conn.Name(), e.Key, e.Reason)
			}
			t.Fatalf("%s: %s", tc.conn.Name(), sum)
		}
		// A second run changes nothing.
		again, err := runner.Run(context.Background(), tc.conn, hubsync.RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if again.Created+again.Updated+again.Deleted != 0 {
			t.Errorf("%s: second run %s", tc.conn.Name(), again)
		}
	}

	// The school unit is open data; the teacher and her duty are internal.
	body := get(t, a, "id/unit/99990001", "text/turtle", false)
	for _, want := range []string{"Solbergaskolan", "99990001", testBase + "graph/source/school/"} {
		if !strings.Contains(body, want) {
			t.Errorf("school unit lacks %q:\n%s", want, body)
		}
	}
	body = get(t, a, "id/membership/5e000000-0000-4000-8002-000000000001", "text/turtle", true)
	if !strings.Contains(body, "80") || !strings.Contains(body, testBase+"id/roletype/teacher") {
		t.Errorf("duty:\n%s", body)
	}
	i := strings.Index(body, testBase+"id/person/")
	if i < 0 {
		t.Fatalf("duty without member:\n%s", body)
	}
	person := body[i+len(testBase) : i+len(testBase)+len("id/person/")+8]
	body = get(t, a, person, "text/turtle", true)
	for _, want := range []string{"Lärarsson", "1980-03-14"} {
		if !strings.Contains(body, want) {
			t.Errorf("teacher %s lacks %q:\n%s", person, want, body)
		}
	}
	body = get(t, a, "id/organisation/999991009", "text/turtle", false)
	if !strings.Contains(body, "NABOBY KOMMUNE") || !strings.Contains(body, testBase+"id/unit/999991068") {
		t.Errorf("Norwegian municipality:\n%s", body)
	}
}

func get(t *testing.T, a *app, path, accept string, token bool) string {
	t.Helper()
	req := httptest.NewRequest("GET", testBase+path, nil)
	req.Header.Set("Accept", accept)
	if token {
		req.Header.Set("Authorization", "Bearer "+testToken)
	}
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// TestSS12000ResumeThroughTheHub: a full SS 12000 pass that the source breaks off, resumed by the
// next run, ends with every record stored once and nothing deleted by the snapshot's Complete.
func TestSS12000ResumeThroughTheHub(t *testing.T) {
	a := newDemoHub(t)
	srcs, err := demosources.Exempelby(nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srcs.Handler())
	defer ts.Close()
	school, err := ss12000.NewWithOptions("school", ss12000.Options{URL: ts.URL + demosources.SS12000Path,
		Token: demosources.Token, PageSize: 3, MaxRetries: 1,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	srcs.SS12000.Fail(6, 2, http.StatusServiceUnavailable, "")
	first, err := a.sync.Run(context.Background(), school, hubsync.RunOptions{})
	if err == nil {
		t.Fatal("the first run went through a failing source")
	}
	second, err := a.sync.Run(context.Background(), school, hubsync.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if second.Deleted != 0 || first.Created+second.Created != 31 || first.Created == 0 {
		t.Errorf("first run %s; second %s; want 31 records created over both, none deleted", first, second)
	}
}
