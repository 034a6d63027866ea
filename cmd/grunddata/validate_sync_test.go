package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grunddata/grunddata/examples/exempelby"
	"github.com/grunddata/grunddata/hub/config"
)

// TestConnectorsCheckLocalRules syncs the demo payroll with a local SHACL rule in the config
// (config "shapes"): the records that break it are quarantined with the rule's message, the
// others are stored.
func TestConnectorsCheckLocalRules(t *testing.T) {
	cfg, err := config.Parse(exempelby.Config, "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Base = testBase
	rules := filepath.Join(t.TempDir(), "rules.ttl")
	os.WriteFile(rules, []byte(`@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:exempelby:PartTime> sh:targetClass <http://www.w3.org/ns/org#Membership> ;
  sh:property [ sh:path <https://w3id.org/grunddata/ns#employmentPercentage> ; sh:maxInclusive 99 ;
                sh:message "Exempelby syncs part-time posts only" ] .
`), 0o644)
	cfg.Shapes = []string{rules}
	a, err := openApp(cfg, true, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	a.cfg.Data = t.TempDir()
	if err := demoSources(&a.cfg); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	sum, err := a.runConnector(context.Background(), "payroll", false, &log)
	if err != nil {
		t.Fatal(err)
	}
	// Without the rule the payroll sync quarantines one record (TestSyncCommand).
	if sum.Quarantined <= 1 || sum.Created == 0 {
		t.Fatalf("payroll sync with the local rule: %+v", sum)
	}
	r := do(t, a, "GET", "quarantine?connector=payroll", testToken, nil, "")
	if r.status != 200 || !strings.Contains(string(r.body), "employmentPercentage: Exempelby syncs part-time posts only") {
		t.Errorf("GET quarantine = %d %s", r.status, r.body)
	}
	// A part-time membership is stored.
	if r := do(t, a, "GET", "id/membership/payroll-1002", testToken, nil, ""); r.status != 200 {
		t.Errorf("GET a 60%% membership = %d %s", r.status, r.body)
	}
}
