package match

import (
	"math"

	"github.com/grunddata/grunddata/model/ident"
	"testing"
	"time"
)

func TestNormaliseName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Søren", "soeren"},
		{"SØREN", "soeren"},
		{"Sören", "soeren"},
		{"Åsa", "aasa"},
		{"Ærø-Bækgaard", "aeroe baekgaard"},
		{"  Anna   Maria ", "anna maria"},
		{"Lind-Karlsson", "lind karlsson"},
		{"O'Brien", "o brien"},
		{"Müller", "mueller"},
		{"José", "jose"},
		{"af Klint", "af klint"},
		{"Jon.", "jon"},
		{"Ann-Kristin, Jr", "ann kristin jr"},
		{"Ørjan2", "oerjan"},
		{"Þór Guðmundsson", "thor gudmundsson"},
		{"Олег", "олег"},
		{"", ""},
		{"---", ""},
	} {
		if got := NormaliseName(tc.in); got != tc.want {
			t.Errorf("NormaliseName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNameTokens(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"af klint", []string{"klint"}},
		{"von der lippe", []string{"lippe"}},
		{"de la", []string{"de", "la"}},
		{"hansen berg", []string{"hansen", "berg"}},
		{"", nil},
	} {
		got := nameTokens(tc.in)
		if len(got) != len(tc.want) {
			t.Errorf("nameTokens(%q) = %q, want %q", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("nameTokens(%q) = %q, want %q", tc.in, got, tc.want)
			}
		}
	}
}

func TestJaroWinkler(t *testing.T) {
	// The classic examples from Winkler's papers and the usual test sets.
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"martha", "marhta", 0.961},
		{"dwayne", "duane", 0.840},
		{"dixon", "dicksonx", 0.813},
		{"jones", "johnson", 0.832},
		{"abc", "abc", 1},
		{"abc", "xyz", 0},
		{"", "", 0},
		{"a", "", 0},
		{"søren", "soren", 0.880},
	} {
		got := JaroWinkler(tc.a, tc.b)
		if math.Abs(got-tc.want) > 0.001 {
			t.Errorf("JaroWinkler(%q, %q) = %.4f, want %.3f", tc.a, tc.b, got, tc.want)
		}
		if back := JaroWinkler(tc.b, tc.a); math.Abs(back-got) > 1e-12 {
			t.Errorf("JaroWinkler is not symmetric on %q, %q: %.4f vs %.4f", tc.a, tc.b, got, back)
		}
	}
}

func TestPhoneticKey(t *testing.T) {
	// Names in a group share a key; names in different groups do not.
	groups := [][]string{
		{"Søren", "Soren", "Sören", "Soeren", "SØREN"},
		{"Nielsen", "Nilsen", "Nielssen"},
		{"Christensen", "Kristensen", "Kristenssen"},
		{"Andersson", "Andersen", "Anderson", "Andersen"},
		{"Hjalmar", "Jalmar"},
		{"Åsa", "Aasa", "Asa"},
		{"Pettersson", "Petterson", "Petersson", "Petersen"},
		{"Philip", "Filip"},
		{"Carl", "Karl"},
		{"Cecilia", "Sesilia"},
		{"Thomas", "Tomas"},
		{"Mikkelsen", "Mickelsen"},
		{"Bækgaard", "Baekgaard", "Bekgaard", "Bækgård"},
		{"Hvid", "Vid"},
		{"Ljungberg", "Jungberg"},
		{"Zacharias", "Sakarias"},
		{"Wilhelm", "Vilhelm"},
		{"Nyberg", "Niberg"},
		{"Schmidt", "Schmit"},
	}
	keys := map[string]int{}
	for gi, g := range groups {
		k0 := PhoneticKey(g[0])
		for _, n := range g[1:] {
			if k := PhoneticKey(n); k != k0 {
				t.Errorf("PhoneticKey(%q) = %q, PhoneticKey(%q) = %q; want the same", g[0], k0, n, k)
			}
		}
		if other, ok := keys[k0]; ok && other != gi {
			t.Errorf("%q and %q share the key %q", g[0], groups[other][0], k0)
		}
		keys[k0] = gi
	}
	for _, pair := range [][2]string{{"Hansen", "Jensen"}, {"Anna", "Anne"}, {"Lars", "Las"}, {"Berg", "Borg"}} {
		if PhoneticKey(pair[0]) == PhoneticKey(pair[1]) {
			t.Errorf("%q and %q share the key %q", pair[0], pair[1], PhoneticKey(pair[0]))
		}
	}
	if got := PhoneticKey("Hansen Berg"); got != "hansn berg" {
		t.Errorf("PhoneticKey of a double name = %q, want one key per token", got)
	}
}

func person(given, family string) Person { return Person{GivenName: given, FamilyName: family} }

func TestCompareNames(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want Level
	}{
		{"Anna", "ANNA", Exact},
		{"Søren", "Soren", Phonetic},
		{"Nielsen", "Nilsen", Phonetic},
		{"Johansson", "Johanson", Phonetic},
		{"Kristoffersen", "Kristofersem", Similar},
		{"Hansen Berg", "Berg", Partial},
		{"Lind-Karlsson", "Karlsson", Partial},
		{"Anna Maria", "Maria", Partial},
		{"af Klint", "Klint", Exact},
		{"Lars", "Lasse", Weak},
		{"Anna", "Kari", Disagree},
		{"", "Anna", Missing},
	} {
		a, b := prepare(person(tc.a, "")), prepare(person(tc.b, ""))
		got, _ := compareNames(a.given, b.given, a.givenToks, b.givenToks, a.givenKeys, b.givenKeys, a.givenKey, b.givenKey)
		if got != tc.want {
			t.Errorf("compareNames(%q, %q) = %s, want %s", tc.a, tc.b, got, tc.want)
		}
	}
}

func d(y, m, day int) date { return date{y, m, day} }

func TestCompareDates(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b date
		want Level
	}{
		{"equal", d(1980, 3, 14), d(1980, 3, 14), Exact},
		{"day and month transposed", d(1980, 3, 4), d(1980, 4, 3), Transposed},
		{"1 January placeholder", d(1980, 1, 1), d(1980, 7, 22), Placeholder},
		{"placeholder on the other side", d(1980, 7, 22), d(1980, 1, 1), Placeholder},
		{"placeholder of another year", d(1981, 1, 1), d(1980, 7, 22), Disagree},
		{"one digit of the day", d(1980, 3, 14), d(1980, 3, 17), Similar},
		{"one digit of the month", d(1980, 3, 14), d(1980, 8, 14), Similar},
		{"one digit of the year", d(1975, 3, 14), d(1985, 3, 14), Similar},
		{"day far off", d(1980, 3, 14), d(1980, 3, 29), Partial},
		{"month far off", d(1980, 3, 14), d(1980, 11, 14), Partial},
		{"year digits swapped", d(1975, 3, 14), d(1957, 3, 14), Disagree},
		{"different", d(1980, 3, 14), d(1962, 11, 2), Disagree},
		{"unknown", date{}, d(1980, 3, 14), Missing},
	} {
		if got := compareDates(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: compareDates(%v, %v) = %s, want %s", tc.name, tc.a, tc.b, got, tc.want)
		}
	}
}

func TestParseStreet(t *testing.T) {
	for _, tc := range []struct{ in, street, number string }{
		{"Storgatan 12 B", "storgata", "12b"},
		{"Storgata 12b", "storgata", "12b"},
		{"Storgaten 12 B", "storgata", "12b"},
		{"STORGATE 12B, 3 tr", "storgata", "12b"},
		{"Kirkeveien 5", "kirkevag", "5"},
		{"Kirke vei 5", "kirkevag", "5"},
		{"Kirkevn. 5", "kirkevag", "5"},
		{"Storgt. 5", "storgata", "5"},
		{"Kirkevej 5", "kirkevag", "5"},
		{"Kongens gate 49", "kongensgata", "49"},
		{"Kongens gt. 49", "kongensgata", "49"},
		{"Åsgatan 3", "aasgata", "3"},
		{"Strandvejen 140", "strandvag", "140"},
		{"Ringvägen 7", "ringvag", "7"},
		{"Torvet", "torvet", ""},
		{"", "", ""},
	} {
		got := parseStreet(tc.in)
		if got.street != tc.street || got.number != tc.number {
			t.Errorf("parseStreet(%q) = %q %q, want %q %q", tc.in, got.street, got.number, tc.street, tc.number)
		}
	}
}

func TestCompareAddresses(t *testing.T) {
	addr := func(street, post string) *prepared {
		p := prepare(Person{Street: street, Postcode: post})
		return &p
	}
	for _, tc := range []struct {
		name           string
		s1, p1, s2, p2 string
		want           Level
	}{
		{"same", "Storgatan 12 B", "123 45", "STORGATAN 12B", "SE-12345", Exact},
		{"abbreviated", "Kongens gate 49", "0150", "Kongens gt 49", "0150", Exact},
		{"postcode missing on one side", "Storgatan 12", "123 45", "Storgatan 12", "", Exact},
		{"typo in the street", "Drottninggatan 8", "111 20", "Drotninggatan 8", "111 20", Similar},
		{"other postcode", "Storgatan 12", "123 45", "Storgatan 12", "543 21", Similar},
		{"another house", "Storgatan 12", "123 45", "Storgatan 14", "123 45", Partial},
		{"same postcode only", "Storgatan 12", "123 45", "Kyrkogatan 3", "123 45", Postcode},
		{"different", "Storgatan 12", "123 45", "Kyrkogatan 3", "543 21", Disagree},
		{"unknown", "", "", "Storgatan 12", "123 45", Missing},
	} {
		if got, _ := compareAddresses(addr(tc.s1, tc.p1), addr(tc.s2, tc.p2)); got != tc.want {
			t.Errorf("%s: %s", tc.name, got)
		}
	}
}

func TestCompareIDs(t *testing.T) {
	birth := time.Date(1985, 4, 12, 0, 0, 0, 0, time.UTC)
	se := ident.MakeSwedishPerson(birth, 981, false)
	se2 := ident.MakeSwedishPerson(birth, 982, false)
	bad := se[:11] + string('0'+(se[11]-'0'+1)%10)
	no, ok := ident.MakeNorwegianPerson(birth, 123, ident.Synthetic)
	for ind := 124; !ok; ind++ {
		no, ok = ident.MakeNorwegianPerson(birth, ind, ident.Synthetic)
	}
	for _, tc := range []struct {
		name string
		a, b string
		want Level
	}{
		{"same, written differently", se[:8] + "-" + se[8:], se, Exact},
		{"ten and twelve digits", se[2:8] + "-" + se[8:], se, Exact},
		{"Norwegian with a space", no[:6] + " " + no[6:], no, Exact},
		{"different valid numbers", se, se2, Disagree},
		{"different countries", se, no, Disagree},
		{"invalid number counts as unknown", bad, se, Missing},
		{"unknown", "", se, Missing},
	} {
		a, b := canonicalID(tc.a, vocabZero), canonicalID(tc.b, vocabZero)
		if got := compareIDs(a, b); got != tc.want {
			t.Errorf("%s: compareIDs(%q, %q) = %s, want %s", tc.name, tc.a, tc.b, got, tc.want)
		}
	}
}
