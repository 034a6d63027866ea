package match_test

import (
	"strings"
	"testing"
	"time"

	"github.com/grunddata/grunddata/hub/match"
	"github.com/grunddata/grunddata/model/ident"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func swedish(t *testing.T, birth time.Time, serial int) string {
	t.Helper()
	return ident.MakeSwedishPerson(birth, serial, false)
}

func TestCompareOutcomes(t *testing.T) {
	m := match.NewMatcher(match.Config{})
	birth := day(1975, 6, 14)
	anna := match.Person{ID: "a", GivenName: "Anna", FamilyName: "Söderberg", BirthDate: birth, Street: "Storgatan 12", Postcode: "123 45"}
	with := func(p match.Person, f func(*match.Person)) match.Person { f(&p); return p }
	for _, tc := range []struct {
		name   string
		a, b   match.Person
		want   match.Outcome
		reason string
	}{
		{"identical", anna, with(anna, func(p *match.Person) { p.ID = "b" }), match.Merge, "upper threshold"},
		{"typo, respelt and upper case", anna, with(anna, func(p *match.Person) {
			p.ID, p.GivenName, p.FamilyName, p.Street = "b", "ANNA", "Soderbreg", "STORGATAN 12"
		}), match.Merge, "upper threshold"},
		{"moved", anna, with(anna, func(p *match.Person) { p.ID, p.Street, p.Postcode = "b", "Kyrkvägen 3", "543 21" }), match.Merge, "upper threshold"},
		{"swapped names", anna, with(anna, func(p *match.Person) { p.ID, p.GivenName, p.FamilyName = "b", "Söderberg", "Anna" }), match.Merge, "swapped"},
		{"1 January placeholder", anna, with(anna, func(p *match.Person) { p.ID, p.BirthDate = "b", day(1975, 1, 1) }), match.Merge, "upper threshold"},
		{"moved, 1 January placeholder", anna, with(anna, func(p *match.Person) {
			p.ID, p.BirthDate, p.Street, p.Postcode = "b", day(1975, 1, 1), "Kyrkvägen 3", "543 21"
		}), match.Review, "between"},
		{"married name and moved: as likely a coincidence in a large set", anna, with(anna, func(p *match.Person) {
			p.ID, p.FamilyName, p.Street, p.Postcode = "b", "Lindqvist", "Kyrkvägen 3", "543 21"
		}), match.None, "below"},
		{"another person", anna, match.Person{ID: "b", GivenName: "Erik", FamilyName: "Lund", BirthDate: day(1990, 2, 3)}, match.None, "below"},
		{"household member", anna, with(anna, func(p *match.Person) { p.ID, p.GivenName, p.BirthDate = "b", "Erik", day(1972, 9, 30) }), match.None, "below"},
		{"same national ID whatever the names", with(anna, func(p *match.Person) { p.NationalID = swedish(t, birth, 981) }),
			match.Person{ID: "b", NationalID: swedish(t, birth, 981), GivenName: "Kalle", FamilyName: "Anka"}, match.Merge, "same national identity number"},
		{"conflicting national IDs", with(anna, func(p *match.Person) { p.NationalID = swedish(t, birth, 981) }),
			with(anna, func(p *match.Person) { p.ID, p.NationalID = "b", swedish(t, birth, 982) }), match.Review, "never merge"},
		{"protected identity", with(anna, func(p *match.Person) { p.Protected = true }), with(anna, func(p *match.Person) { p.ID = "b" }), match.Review, "protected"},
		{"protected, same national ID", with(anna, func(p *match.Person) { p.NationalID, p.Protected = swedish(t, birth, 983), true }),
			with(anna, func(p *match.Person) { p.ID, p.NationalID = "b", swedish(t, birth, 983) }), match.Review, "protected"},
	} {
		e := m.Compare(tc.a, tc.b)
		if e.Outcome != tc.want || !strings.Contains(e.Reason, tc.reason) {
			t.Errorf("%s: %s (%q, score %.1f), want %s with a reason containing %q\n%+v", tc.name, e.Outcome, e.Reason, e.Score, tc.want, tc.reason, e.Fields)
		}
		if len(e.Fields) != 5 {
			t.Errorf("%s: %d fields of evidence, want 5", tc.name, len(e.Fields))
		}
		var sum float64
		for _, f := range e.Fields {
			sum += f.Weight
		}
		if d := sum - e.Score; d > 1e-9 || d < -1e-9 {
			t.Errorf("%s: the field weights add up to %.3f, the score is %.3f", tc.name, sum, e.Score)
		}
		if back := m.Compare(tc.b, tc.a); back.Outcome != e.Outcome || back.Score-e.Score > 1e-9 || e.Score-back.Score > 1e-9 {
			t.Errorf("%s: comparing the other way round gives %s %.3f, not %s %.3f", tc.name, back.Outcome, back.Score, e.Outcome, e.Score)
		}
	}
}

func TestDedupDecisionsAndIndex(t *testing.T) {
	m := match.NewMatcher(match.Config{})
	ps := []match.Person{
		{ID: "1", GivenName: "Søren", FamilyName: "Jørgensen", BirthDate: day(1961, 3, 2), Street: "Vestergade 4", Postcode: "8000"},
		{ID: "2", GivenName: "Soren", FamilyName: "Joergensen", BirthDate: day(1961, 3, 2), Street: "Vestergade 4", Postcode: "DK-8000"},
		{ID: "3", GivenName: "Mette", FamilyName: "Jørgensen", BirthDate: day(1963, 11, 20), Street: "Vestergade 4", Postcode: "8000"},
		{ID: "4", GivenName: "Jens", FamilyName: "Nielsen", BirthDate: day(1990, 5, 5), Street: "Østergade 1", Postcode: "2100"},
		{ID: "5", GivenName: "Jens", FamilyName: "Nilsen", BirthDate: day(1990, 5, 5), Street: "Nørregade 9", Postcode: "5000"},
	}
	got, st := m.Dedup(ps, nil)
	pairs := map[string]match.Outcome{}
	for _, e := range got {
		pairs[e.A+"-"+e.B] = e.Outcome
	}
	if pairs["1-2"] != match.Merge || pairs["4-5"] != match.Merge || len(pairs) != 2 {
		t.Errorf("Dedup proposed %v, want 1-2 and 4-5 merged, nothing else", pairs)
	}
	if st.Records != 5 || st.Compared == 0 || st.Merge != 2 {
		t.Errorf("stats %+v", st)
	}

	no := match.NewPairSet()
	no.Add("5", "4")
	got, st = m.Dedup(ps, no)
	if len(got) != 1 || got[0].A != "1" || st.Rejected != 1 {
		t.Errorf("with 4-5 declared not duplicates, Dedup proposed %+v (stats %+v)", got, st)
	}

	ix := m.NewIndex(ps)
	c := ix.Candidates(match.Person{GivenName: "Soeren", FamilyName: "Jorgensen", BirthDate: day(1961, 3, 2)}, nil, 2)
	if len(c) != 2 || c[0].B == "3" || c[0].Outcome != match.Merge || c[0].Score < c[1].Score {
		t.Fatalf("candidates %+v: want the two Sørens first, best first", c)
	}
	c = ix.Candidates(ps[3], no, 0)
	for _, e := range c {
		if e.B == "5" || e.B == "4" {
			t.Errorf("candidates of record 4 include %s (itself, or declared not a duplicate)", e.B)
		}
	}
}

func TestOrganisations(t *testing.T) {
	m := match.NewMatcher(match.Config{})
	no, _ := ident.MakeNorwegianOrganisation(91234567)
	for ok, n := false, 91234567; !ok; n++ {
		no, ok = ident.MakeNorwegianOrganisation(n)
	}
	se := ident.MakeSwedishOrganisation(556012345)
	for _, tc := range []struct {
		name string
		a, b match.Organisation
		want match.Outcome
	}{
		{"same number", match.Organisation{ID: "a", OrgNumber: no, Name: "Exempel AS"}, match.Organisation{ID: "b", OrgNumber: no[:3] + " " + no[3:6] + " " + no[6:], Name: "Helt Annet ASA"}, match.Merge},
		{"different numbers", match.Organisation{ID: "a", OrgNumber: no, Name: "Exempel AS"}, match.Organisation{ID: "b", OrgNumber: se, Name: "Exempel AB"}, match.None},
		{"legal forms differ, same postcode", match.Organisation{ID: "a", Name: "Bygg & Rør A/S", Postcode: "8000"}, match.Organisation{ID: "b", Name: "BYGG OG RØR ApS", Postcode: "DK-8000"}, match.Merge},
		{"same name only", match.Organisation{ID: "a", Name: "Exempelby kommun"}, match.Organisation{ID: "b", Name: "Exempelby Kommune"}, match.Review},
		{"different names", match.Organisation{ID: "a", Name: "Exempel AB", Postcode: "12345"}, match.Organisation{ID: "b", Name: "Annat AB", Postcode: "12345"}, match.None},
	} {
		if e := m.CompareOrganisations(tc.a, tc.b); e.Outcome != tc.want {
			t.Errorf("%s: %s (%s, %.1f), want %s", tc.name, e.Outcome, e.Reason, e.Score, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"Exempel AS", "exempel"},
		{"Exempel Aktiebolag (publ)", "exempel"},
		{"Bygg & Rør A/S", "bygg og roer"},
		{"Exempelby kommune", "exempelby"},
		{"Gøteborgs Kommun", "goeteborgs"},
		{"AB", "ab"},
	} {
		if got := match.NormaliseOrgName(tc.in); got != tc.want {
			t.Errorf("NormaliseOrgName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDedupOrganisations(t *testing.T) {
	m := match.NewMatcher(match.Config{})
	no, ok := ident.MakeNorwegianOrganisation(91234567)
	for n := 91234568; !ok; n++ {
		no, ok = ident.MakeNorwegianOrganisation(n)
	}
	orgs := []match.Organisation{
		{ID: "1", OrgNumber: no, Name: "Fjordbygg AS", Postcode: "5003"},
		{ID: "2", OrgNumber: no[:3] + " " + no[3:], Name: "Fjordbygg Entreprenør AS", Postcode: "5004"},
		{ID: "3", Name: "FJORDBYGG A/S", Postcode: "5003"},
		{ID: "4", Name: "Havbruk AS", Postcode: "6000"},
		{ID: "5", Name: "Exempelby kommune"},
		{ID: "6", Name: "Exempelby Kommun"},
	}
	got, st := m.DedupOrganisations(orgs, nil)
	pairs := map[string]match.Outcome{}
	for _, e := range got {
		pairs[e.A+"-"+e.B] = e.Outcome
	}
	want := map[string]match.Outcome{"1-2": match.Merge, "1-3": match.Merge, "5-6": match.Review}
	for k, o := range want {
		if pairs[k] != o {
			t.Errorf("pair %s: %s, want %s (all: %v)", k, pairs[k], o, pairs)
		}
	}
	if _, ok := pairs["1-4"]; ok || len(got) > 4 || st.Records != 6 {
		t.Errorf("proposed %v (stats %+v)", pairs, st)
	}
	no2 := match.NewPairSet()
	no2.Add("6", "5")
	if got, _ := m.DedupOrganisations(orgs, no2); len(got) != len(pairs)-1 {
		t.Errorf("with 5-6 rejected: %d pairs, want %d", len(got), len(pairs)-1)
	}
}
