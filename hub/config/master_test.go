package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSourcePriority(t *testing.T) {
	c := Config{Connectors: []Connector{{Name: "payroll", Type: "paxml"}, {Name: "brreg", Type: "enhetsregisteret"}, {Name: "school", Type: "ss12000"}}}
	if d := cmp.Diff([]string{"brreg", "manual", "payroll", "school", "demo"}, c.SourcePriority()); d != "" {
		t.Errorf("default order (-want +got):\n%s", d)
	}
	c.Master.Sources = []string{"school", "manual"}
	if d := cmp.Diff([]string{"school", "manual"}, c.SourcePriority()); d != "" {
		t.Errorf("configured order (-want +got):\n%s", d)
	}
}

func TestMasterSourcesValidate(t *testing.T) {
	names := map[string]bool{"payroll": true}
	tests := []struct {
		sources []string
		err     string
	}{
		{[]string{"payroll", "manual", "demo", "https://peer.example/graph/x"}, ""},
		{[]string{"payrol"}, "no connector"},
		{[]string{"manual", "manual"}, "twice"},
	}
	if err := (Master{Scan: "soon"}).validate(names); err == nil || !strings.Contains(err.Error(), "master.scan") {
		t.Errorf("a bad scan interval: %v", err)
	}
	if d := (Master{Scan: "90m"}).ScanInterval(); d.Minutes() != 90 {
		t.Errorf("ScanInterval = %v", d)
	}
	for _, tt := range tests {
		err := Master{Sources: tt.sources}.validate(names)
		if (tt.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("%v: %v, want %q", tt.sources, err, tt.err)
		}
	}
}
