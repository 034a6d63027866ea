package match_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/grunddata/grunddata/hub/match"
)

// TestEvidenceGolden pins the evidence a steward and the reconciliation API see for a few pairs,
// as JSON (testdata/evidence.golden.json; -update rewrites it).
func TestEvidenceGolden(t *testing.T) {
	m := match.NewMatcher(match.Config{})
	birth := day(1958, 11, 3)
	base := match.Person{ID: "p1", GivenName: "Bjørn Olav", FamilyName: "Sæther", BirthDate: birth, Street: "Kirkeveien 12 B", Postcode: "0368"}
	with := func(f func(*match.Person)) match.Person { p := base; f(&p); return p }
	pairs := []struct {
		Name string
		A, B match.Person
	}{
		{"respelt and abbreviated", base, with(func(p *match.Person) {
			p.ID, p.GivenName, p.FamilyName, p.Street = "p2", "Bjorn Olav", "Saether", "Kirkevn. 12b"
		})},
		{"swapped names and 1 January", base, with(func(p *match.Person) {
			p.ID, p.GivenName, p.FamilyName, p.BirthDate = "p3", "Sæther", "Bjørn Olav", day(1958, 1, 1)
		})},
		{"household member", base, with(func(p *match.Person) {
			p.ID, p.GivenName, p.BirthDate = "p4", "Kari", day(1961, 4, 20)
		})},
		{"protected, moved, date transposed", with(func(p *match.Person) { p.Protected = true }), with(func(p *match.Person) {
			p.ID, p.BirthDate, p.Street, p.Postcode = "p5", day(1958, 3, 11), "Storgata 1", "7010"
		})},
	}
	type result struct {
		Name     string         `json:"name"`
		Evidence match.Evidence `json:"evidence"`
	}
	var got []result
	for _, p := range pairs {
		got = append(got, result{p.Name, m.Compare(p.A, p.B)})
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", "evidence.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(want, b) {
		t.Errorf("evidence differs from %s (run go test -run TestEvidenceGolden -update and review the diff):\n%s", path, b)
	}
}
