package ident

import (
	"errors"
	"testing"
	"time"

	"github.com/grunddata/grunddata/vocab"
)

var today = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// synthNO builds a Norwegian test number, failing the test when the parts give none.
func synthNO(t *testing.T, birth time.Time, ind int, v Variant) string {
	t.Helper()
	for i := ind; i < ind+20; i++ { // about one individual number in six has no control digits
		if s, ok := MakeNorwegianPerson(birth, i, v); ok {
			return s
		}
	}
	t.Fatalf("no number for %v from %03d %v", birth, ind, v)
	return ""
}

// with2032 changes the control digits of a valid number so that only the 2032 rule accepts the
// first (remainder r, 1–3) and the second is valid again.
func with2032(t *testing.T, s string, r int) string {
	t.Helper()
	d := []byte(s)
	for i := range d {
		d[i] -= '0'
	}
	k1 := (int(d[9]) + r) % 11 // adding r to the control digit adds r to the remainder
	if k1 == 10 {
		return ""
	}
	d[9] = byte(k1)
	k2 := (11 - weighted(d, noK2Weights[:10])%11) % 11
	if k2 == 10 {
		return ""
	}
	d[10] = byte(k2)
	return str(d)
}

type valid struct {
	name    string
	in      string
	value   string
	scheme  vocab.IRI
	birth   time.Time
	variant Variant
}

func checkValid(t *testing.T, parse func(string) (ID, error), cases []valid) {
	t.Helper()
	for _, c := range cases {
		id, err := parse(c.in)
		if err != nil {
			t.Errorf("%s: %q: %v", c.name, c.in, err)
			continue
		}
		if id.Value != c.value || id.Scheme != c.scheme || !id.BirthDate.Equal(c.birth) || id.Variant != c.variant {
			t.Errorf("%s: %q:\n got  %s %s %s %q\n want %s %s %s %q", c.name, c.in,
				id.Value, id.Scheme, id.BirthDate.Format(time.DateOnly), id.Variant,
				c.value, c.scheme, c.birth.Format(time.DateOnly), c.variant)
		}
		if id.Person != !c.birth.IsZero() {
			t.Errorf("%s: Person = %v", c.name, id.Person)
		}
	}
}

type invalid struct {
	name string
	in   string
	kind error
}

func checkInvalid(t *testing.T, parse func(string) (ID, error), cases []invalid) {
	t.Helper()
	for _, c := range cases {
		_, err := parse(c.in)
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, c.kind) {
			t.Errorf("%s: %q: got %v, want %v", c.name, c.in, err, c.kind)
			continue
		}
		if e.Detail == "" || e.Error() == "" {
			t.Errorf("%s: empty message", c.name)
		}
		t.Logf("%s: %v", c.name, err)
	}
}

func TestNorwegianPerson(t *testing.T) {
	no, d := vocab.GDNorwegianNationalIdentityNumber, vocab.GDNorwegianDNumber
	syn := synthNO(t, day(1985, 3, 14), 123, Synthetic)
	synD := synthNO(t, day(2001, 11, 30), 512, Synthetic|DNumber)
	h := synthNO(t, day(1962, 5, 2), 401, HNumber|Synthetic)
	var r2032 []string
	for ind := 100; len(r2032) < 3 && ind < 200; ind++ {
		if s, ok := MakeNorwegianPerson(day(1990, 6, 1), ind, Synthetic); ok {
			if n := with2032(t, s, len(r2032)+1); n != "" {
				r2032 = append(r2032, n)
			}
		}
	}
	checkValid(t, NorwegianPerson, []valid{
		{"worked example from fnrinfo, 1800s", "31129956715", "31129956715", no, day(1899, 12, 31), 0},
		{"synthetic month+80", syn, syn, no, day(1985, 3, 14), Synthetic},
		{"synthetic D number", synD, synD, d, day(2001, 11, 30), Synthetic | DNumber},
		{"spaces and hyphen", syn[:6] + " " + syn[6:9] + "-" + syn[9:], syn, no, day(1985, 3, 14), Synthetic},
		{"900 series in the 1900s", synthNO(t, day(1955, 1, 1), 951, Synthetic), synthNO(t, day(1955, 1, 1), 951, Synthetic), no, day(1955, 1, 1), Synthetic},
		{"2000s", synthNO(t, day(2024, 2, 29), 777, Synthetic), synthNO(t, day(2024, 2, 29), 777, Synthetic), no, day(2024, 2, 29), Synthetic},
		{"2032 rule remainder 1", r2032[0], r2032[0], no, day(1990, 6, 1), Synthetic | Rule2032},
		{"2032 rule remainder 2", r2032[1], r2032[1], no, day(1990, 6, 1), Synthetic | Rule2032},
		{"2032 rule remainder 3", r2032[2], r2032[2], no, day(1990, 6, 1), Synthetic | Rule2032},
	})
	// An H number built on month+40 without the synthetic offset.
	hReal := synthNO(t, day(1962, 5, 2), 401, HNumber)
	checkValid(t, NorwegianPerson, []valid{{"H number", hReal, hReal, no, day(1962, 5, 2), HNumber}})
	_ = h

	bad := func(s string, i int, delta byte) string {
		b := []byte(s)
		b[i] = '0' + (b[i]-'0'+delta)%10
		return string(b)
	}
	// A first control digit leaving remainder 4 or more fails both rules.
	var r4 string
	for ind := 100; r4 == "" && ind < 200; ind++ {
		if s, ok := MakeNorwegianPerson(day(1990, 6, 1), ind, Synthetic); ok && s[9] <= '5' {
			r4 = with2032(t, s, 0)
			b := []byte(r4)
			b[9] += 4
			r4 = string(b)
		}
	}
	checkInvalid(t, NorwegianPerson, []invalid{
		{"empty", "  ", ErrEmpty},
		{"letter", syn[:5] + "x" + syn[6:], ErrCharacter},
		{"ten digits", syn[:10], ErrLength},
		{"twelve digits", syn + "1", ErrLength},
		{"second control digit", bad(syn, 10, 1), ErrChecksum},
		{"first control digit remainder 4+", r4, ErrChecksum},
		{"31 April", "31048" + syn[5:], ErrDate},
		{"29 February in a common year", "29828300112", ErrDate},
		{"month 13", "0113" + syn[4:], ErrDate},
		{"individual 750-899 with year 40-99", "01018580012", ErrDate},
	})
}

func TestNorwegianOrganisation(t *testing.T) {
	org := vocab.GDNorwegianOrganisationNumber
	checkValid(t, NorwegianOrganisation, []valid{
		{"Brønnøysundregistrene", "974760673", "974760673", org, time.Time{}, 0},
		{"VAT form", "NO 974 760 673 MVA", "974760673", org, time.Time{}, 0},
		{"check digit 0 from remainder 0", mustNOOrg(t, 99999999), mustNOOrg(t, 99999999), org, time.Time{}, 0},
	})
	checkInvalid(t, NorwegianOrganisation, []invalid{
		{"check digit", "974760672", ErrChecksum},
		{"no check digit exists", "910000000", ErrChecksum},
		{"eight digits", "97476067", ErrLength},
		{"letter", "97476O673", ErrCharacter},
		{"empty", "", ErrEmpty},
	})
}

func mustNOOrg(t *testing.T, n int) string {
	t.Helper()
	for ; ; n-- {
		if s, ok := MakeNorwegianOrganisation(n); ok {
			return s
		}
	}
}

func TestSwedishPerson(t *testing.T) {
	pn, sn := vocab.GDSwedishPersonalIdentityNumber, vocab.GDSwedishCoordinationNumber
	parse := func(s string) (ID, error) { return SwedishPerson(s, today) }
	checkValid(t, parse, []valid{
		{"Skatteverket example, 10 digits", "811218-9876", "198112189876", pn, day(1981, 12, 18), 0},
		{"Skatteverket example, no separator", "8112189876", "198112189876", pn, day(1981, 12, 18), 0},
		{"test person Tolvan, 12 digits", "19121212-1212", "191212121212", pn, day(1912, 12, 12), 0},
		{"ten digits, under 100: 2000s", "121212-1212", "201212121212", pn, day(2012, 12, 12), 0},
		{"ten digits with + : 100 or older", "121212+1212", "191212121212", pn, day(1912, 12, 12), 0},
		{"Skatteverket samordningsnummer example", "701063-2391", "197010632391", sn, day(1970, 10, 3), Coordination},
		{"samordningsnummer, 12 digits", "197010632391", "197010632391", sn, day(1970, 10, 3), Coordination},
		{"generated test number", MakeSwedishPerson(day(1990, 2, 28), 981, false), "199002289818", pn, day(1990, 2, 28), 0},
	})
	checkInvalid(t, parse, []invalid{
		{"Luhn", "811218-9875", ErrChecksum},
		{"Luhn, 12 digits", "191212121213", ErrChecksum},
		{"eleven digits", "81121898761", ErrLength},
		{"nine digits", "811218987", ErrLength},
		{"30 February", "900230-1234", ErrDate},
		{"coordination day 92", "701092-2391", ErrDate},
		{"future 12-digit", "20301212-1212", ErrDate},
		{"two separators", "811218--9876", ErrCharacter},
		{"separator in the wrong place", "81121-89876", ErrCharacter},
		{"letter", "81121X-9876", ErrCharacter},
	})
}

func TestSwedishPersonCentury(t *testing.T) {
	// Born 1 December: with "-" on 23 November 2026 "261201" is not yet born in 2026, so 1926.
	id, err := SwedishPerson(MakeSwedishPerson(day(1926, 12, 1), 982, false)[2:], today)
	if err != nil || id.BirthDate.Year() != 1926 {
		t.Fatalf("got %v %v, want 1926", id.BirthDate, err)
	}
	// The "+" moves a ten-digit number a century back.
	ten := MakeSwedishPerson(day(1920, 1, 1), 990, false)[2:]
	id, err = SwedishPerson(ten[:6]+"+"+ten[6:], today)
	if err != nil || id.BirthDate.Year() != 1920 {
		t.Fatalf("got %v %v, want 1920", id.BirthDate, err)
	}
	if id, _ = SwedishPerson(ten, today); id.BirthDate.Year() != 2020 {
		t.Fatalf("without + got %v, want 2020", id.BirthDate)
	}
}

func TestSwedishOrganisation(t *testing.T) {
	org := vocab.GDSwedishOrganisationNumber
	checkValid(t, SwedishOrganisation, []valid{
		{"Skatteverket", "202100-5489", "2021005489", org, time.Time{}, 0},
		{"company", "556036-0793", "5560360793", org, time.Time{}, 0},
		{"12 digits with 16", "16202100-5489", "2021005489", org, time.Time{}, 0},
	})
	checkInvalid(t, SwedishOrganisation, []invalid{
		{"Luhn", "202100-5488", ErrChecksum},
		{"third digit below 2 (a personnummer)", "811218-9876", ErrRange},
		{"eleven digits", "20210054891", ErrLength},
		{"letter", "20210O-5489", ErrCharacter},
	})
}

func TestDanishCPR(t *testing.T) {
	cpr := vocab.GDDanishCPRNumber
	checkValid(t, DanishCPR, []valid{
		{"CPR office example", "070761-4285", "0707614285", cpr, day(1961, 7, 7), 0},
		{"not modulus 11 (since 2007)", "010165-1234", "0101651234", cpr, day(1965, 1, 1), NoModulus11},
		{"digit 4, year 36: 2036", "010136-4000", "0101364000", cpr, day(2036, 1, 1), NoModulus11},
		{"digit 4, year 37: 1937", "010137-4000", "0101374000", cpr, day(1937, 1, 1), NoModulus11},
		{"digit 5, year 57: 2057", "010157-5000", "0101575000", cpr, day(2057, 1, 1), NoModulus11},
		{"digit 8, year 58: 1858", "010158-8000", "0101588000", cpr, day(1858, 1, 1), NoModulus11},
		{"digit 9, year 99: 1999", "311299-9000", "3112999000", cpr, day(1999, 12, 31), NoModulus11},
		{"digit 3: 1900s", "280200-3000", "2802003000", cpr, day(1900, 2, 28), NoModulus11},
	})
	checkInvalid(t, DanishCPR, []invalid{
		{"29 February 1900", "290200-1000", ErrDate},
		{"day 32", "320161-4285", ErrDate},
		{"nine digits", "070761428", ErrLength},
		{"plus", "070761+4285", ErrCharacter},
	})
}

func TestDanishCVR(t *testing.T) {
	cvr := vocab.GDDanishCVRNumber
	checkValid(t, DanishCVR, []valid{
		{"plain", "13585628", "13585628", cvr, time.Time{}, 0},
		{"VAT form", "DK 13 58 56 28", "13585628", cvr, time.Time{}, 0},
	})
	checkInvalid(t, DanishCVR, []invalid{
		{"checksum", "13585627", ErrChecksum},
		{"leading zero", "03585628", ErrRange},
		{"seven digits", "1358562", ErrLength},
	})
}

func TestParseDispatch(t *testing.T) {
	if id, err := Parse(vocab.GDSwedishCoordinationNumber, "701063-2391", today); err != nil || id.Scheme != vocab.GDSwedishCoordinationNumber {
		t.Errorf("Parse SE: %v %v", id, err)
	}
	if _, err := Parse(vocab.GDSwedishSchoolUnitCode, "12345678", today); !errors.Is(err, ErrScheme) {
		t.Errorf("unknown scheme: %v", err)
	}
}

// TestErrorsDoNotEchoPersonalNumbers: messages about person numbers must be safe to log.
func TestErrorsDoNotEchoPersonalNumbers(t *testing.T) {
	for _, in := range []string{"81121898750", "811218-9875", "01018580012", "31048312345", "320161-4285"} {
		for _, f := range []func(string) (ID, error){NorwegianPerson, DanishCPR, func(s string) (ID, error) { return SwedishPerson(s, today) }} {
			if _, err := f(in); err != nil {
				for _, part := range []string{in, in[:6], in[len(in)-5:]} {
					if len(part) >= 5 && contains(err.Error(), part) {
						t.Errorf("%v repeats %q", err, part)
					}
				}
			}
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestVariantString(t *testing.T) {
	if got := (DNumber | Synthetic).String(); got != "D-number+synthetic" {
		t.Errorf("got %q", got)
	}
}
