package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// Sync the demo's payroll sources twice from the command line, list and retry the quarantine.
func TestSyncCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "store")
	stdout, stderr, err := runCLI(t, "sync", "--demo", "--data", data, "payroll", "a-melding")
	if err != nil {
		t.Fatalf("sync: %v\n%s", err, stderr)
	}
	for _, want := range []string{
		"payroll: seen 16, created 15, updated 0, unchanged 0, deleted 0, quarantined 1",
		"a-melding: seen 10, created 9, updated 0, unchanged 0, deleted 0, quarantined 1",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("first sync printed\n%s\nwant a line %q", stdout, want)
		}
	}
	stdout, _, err = runCLI(t, "sync", "--demo", "--data", data, "--full", "payroll")
	if err != nil || !strings.Contains(stdout, "payroll: seen 16, created 0, updated 0, unchanged 15, deleted 0, quarantined 1") {
		t.Errorf("second sync: %v\n%s", err, stdout)
	}
	stdout, _, err = runCLI(t, "quarantine", "list", "--demo", "--data", data, "--connector", "payroll")
	if err != nil || !strings.Contains(stdout, "employment/1008") || !strings.Contains(stdout, "persnr: ") || strings.Contains(stdout, "a-melding") {
		t.Errorf("quarantine list: %v\n%s", err, stdout)
	}
	if strings.Contains(stdout, "198212249985") {
		t.Error("quarantine list prints the raw record's identity number")
	}
	_, stderr, err = runCLI(t, "quarantine", "retry", "--demo", "--data", data)
	if err != nil || !strings.Contains(stderr, "0 record(s) left the quarantine, 2 remain") {
		t.Errorf("quarantine retry: %v\n%s", err, stderr)
	}
	if _, stderr, err := runCLI(t, "sync", "--demo", "--data", data, "nosuch"); err == nil || !strings.Contains(stderr, `no connector "nosuch"`) {
		t.Errorf("unknown connector: %v %s", err, stderr)
	}
}

// After a sync, a token holder sees the payroll employees with their units and roles, and which
// source said what; the quarantine is listed for token holders only, without the raw records.
func TestSyncedPayrollOverHTTP(t *testing.T) {
	a := newDemoHub(t)
	a.cfg.Data = t.TempDir()
	if err := demoSources(&a.cfg); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	for _, name := range []string{"payroll", "a-melding"} {
		if _, err := a.runConnector(context.Background(), name, false, &log); err != nil {
			t.Fatal(err)
		}
	}
	// Reading both sources again from the start changes nothing: no change-log entry.
	seq, _ := a.store.LastSeq(context.Background())
	for _, name := range []string{"payroll", "a-melding"} {
		sum, err := a.runConnector(context.Background(), name, true, &log)
		if err != nil || sum.Created+sum.Updated+sum.Deleted != 0 || sum.Unchanged == 0 {
			t.Errorf("second sync of %s: %s, %v", name, sum, err)
		}
	}
	if again, _ := a.store.LastSeq(context.Background()); again != seq {
		t.Errorf("a second sync of unchanged sources wrote %d change(s)", again-seq)
	}
	r := do(t, a, "GET", "id/membership/payroll-1002", testToken, nil, "")
	for _, want := range []string{`"employmentPercentage": "60"`, `"organisation": "` + testBase + `id/unit/99990001"`,
		`"role": "` + testBase + `id/roletype/paxml-2341"`, `"startDate": "2008-08-11"`, testBase + `graph/source/payroll/employment%2F1002`} {
		if r.status != 200 || !bytes.Contains(r.body, []byte(want)) {
			t.Errorf("GET membership = %d %s\nwant %s", r.status, r.body, want)
		}
	}
	// New persons got new customer numbers, past the demo's: the demo's persons are untouched.
	if r := do(t, a, "GET", "id/person/10000004", testToken, nil, ""); r.status != 200 || !bytes.Contains(r.body, []byte(`"Anna"`)) ||
		bytes.Contains(r.body, []byte("graph/source/")) {
		t.Errorf("demo person after sync = %d %s", r.status, r.body)
	}
	if r := do(t, a, "GET", "id/membership/payroll-1002", "", nil, ""); r.status != 401 {
		t.Errorf("anonymous GET membership = %d", r.status)
	}
	// The unit the demo data describes also says which payroll record named it.
	if r := do(t, a, "GET", "id/unit/99990001", "", nil, ""); r.status != 200 || !bytes.Contains(r.body, []byte("Solbergaskolan")) ||
		!bytes.Contains(r.body, []byte("graph/source/payroll/unit%2F99990001")) {
		t.Errorf("GET unit = %d %s", r.status, r.body)
	}
	r = do(t, a, "GET", "quarantine?connector=payroll", testToken, nil, "")
	if r.status != 200 || !bytes.Contains(r.body, []byte(`"employment/1008"`)) || bytes.Contains(r.body, []byte("198212249985")) {
		t.Errorf("GET quarantine = %d %s", r.status, r.body)
	}
	r = do(t, a, "GET", "metrics", "", nil, "")
	for _, want := range []string{`grunddata_sync_records_total{connector="payroll",outcome="created"} 15`,
		`grunddata_sync_quarantined_records{connector="payroll"} 1`, `grunddata_sync_runs_total{connector="a-melding",result="ok"} 2`} {
		if !bytes.Contains(r.body, []byte(want)) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if r := do(t, a, "GET", "quarantine", "", nil, ""); r.status != 401 {
		t.Errorf("anonymous GET quarantine = %d", r.status)
	}
	if r := do(t, a, "GET", "quarantine?connector=Not%20A%20Name", testToken, nil, ""); r.status != 400 {
		t.Errorf("GET quarantine with a bad name = %d", r.status)
	}
}
