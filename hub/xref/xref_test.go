package xref

import (
	"testing"
)

func TestRecordGraphRoundTrip(t *testing.T) {
	x := &Index{base: "http://hub.test/"}
	tests := []struct{ source, key string }{
		{"payroll", "e1"},
		{"a-melding", "arbeidsforhold/910000012/0654323bec41ce63/1"},
		{"school", "person/ä b?c#d"},
	}
	for _, tt := range tests {
		g, err := x.RecordGraph(tt.source, tt.key)
		if err != nil {
			t.Fatal(err)
		}
		s, k, ok := x.parse(g.String())
		if !ok || s != tt.source || k != tt.key {
			t.Errorf("%s %s → %s → %q %q %v", tt.source, tt.key, g, s, k, ok)
		}
	}
	for _, g := range []string{"http://hub.test/graph/manual", "http://hub.test/graph/source/payroll", "http://other/graph/source/a/b"} {
		if _, _, ok := x.parse(g); ok {
			t.Errorf("%s parsed as a record graph", g)
		}
	}
}
