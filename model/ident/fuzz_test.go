package ident

import (
	"testing"
	"time"
)

// checkCanonical: a valid number parses again from its canonical form to the same result, and the
// canonical form holds only digits.
func checkCanonical(t *testing.T, in string, parse func(string) (ID, error)) {
	id, err := parse(in)
	if err != nil {
		if _, ok := err.(*Error); !ok {
			t.Fatalf("%q: error %T is not *Error", in, err)
		}
		return
	}
	for _, r := range id.Value {
		if r < '0' || r > '9' {
			t.Fatalf("%q: canonical %q holds a non-digit", in, id.Value)
		}
	}
	again, err := parse(id.Value)
	if err != nil {
		t.Fatalf("%q: canonical %q does not parse: %v", in, id.Value, err)
	}
	if again != id {
		t.Fatalf("%q: canonical %q parses to %+v, first %+v", in, id.Value, again, id)
	}
	if id.Person == id.BirthDate.IsZero() {
		t.Fatalf("%q: Person %v with birth date %v", in, id.Person, id.BirthDate)
	}
}

func FuzzNorwegianPerson(f *testing.F) {
	for _, s := range []string{"31129956715", "01010750160", "71828512300", "29828300112", "", "abc", "3112 99-567 15"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkCanonical(t, s, NorwegianPerson) })
}

func FuzzNorwegianOrganisation(f *testing.F) {
	for _, s := range []string{"974760673", "NO 974 760 673 MVA", "910000000", "no", "MVA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkCanonical(t, s, NorwegianOrganisation) })
}

func FuzzSwedishPerson(f *testing.F) {
	for _, s := range []string{"811218-9876", "19121212-1212", "121212+1212", "701063-2391", "+", "-1234", "8112189876"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkCanonical(t, s, func(s string) (ID, error) { return SwedishPerson(s, today) })
	})
}

func FuzzSwedishOrganisation(f *testing.F) {
	for _, s := range []string{"202100-5489", "16202100-5489", "811218-9876"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkCanonical(t, s, SwedishOrganisation) })
}

func FuzzDanishCPR(f *testing.F) {
	for _, s := range []string{"070761-4285", "010165-1234", "290200-1000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkCanonical(t, s, DanishCPR) })
}

func FuzzDanishCVR(f *testing.F) {
	for _, s := range []string{"13585628", "DK 13 58 56 28", "dk", "03585628"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkCanonical(t, s, DanishCVR) })
}

// FuzzMakeRoundTrip: every number the Make functions build parses back to its parts.
func FuzzMakeRoundTrip(f *testing.F) {
	f.Add(int64(0), 123, uint8(0))
	f.Add(int64(-2000000000), 999, uint8(7))
	f.Fuzz(func(t *testing.T, secs int64, n int, flags uint8) {
		birth := time.Unix(secs%(250*365*86400), 0).UTC().AddDate(1900-1970+80, 0, 0)
		birth = time.Date(birth.Year(), birth.Month(), birth.Day(), 0, 0, 0, 0, time.UTC)
		if n < 0 {
			n = -n
		}
		n %= 1000
		v := Variant(flags) & (DNumber | HNumber | Synthetic)
		if s, ok := MakeNorwegianPerson(birth, n, v); ok {
			id, err := NorwegianPerson(s)
			if v&Synthetic != 0 {
				v &^= HNumber // synthetic takes the month offset
			}
			if err != nil || !id.BirthDate.Equal(birth) || id.Variant != v {
				t.Fatalf("NO %v %d %v: %q -> %+v %v", birth, n, v, s, id, err)
			}
		}
		if birth.Year() >= 1800 && !birth.After(today) {
			s := MakeSwedishPerson(birth, n, flags&1 == 1)
			id, err := SwedishPerson(s, today)
			if err != nil || !id.BirthDate.Equal(birth) || id.Value != s || id.Is(Coordination) != (flags&1 == 1) {
				t.Fatalf("SE %v %d: %q -> %+v %v", birth, n, s, id, err)
			}
		}
		if s, ok := MakeDanishCPR(birth, n*10+int(flags%10)); ok {
			if id, err := DanishCPR(s); err != nil || !id.BirthDate.Equal(birth) {
				t.Fatalf("DK %v: %q -> %+v %v", birth, s, id, err)
			}
		}
	})
}
