package ident

import (
	"fmt"
	"time"
)

// The Make functions build valid numbers from their parts, for synthetic test populations and
// fixtures. They never invent a real person's number unless asked to: use Synthetic for Norway,
// Skatteverket's test birth numbers (980–999) for Sweden, and for Denmark a birth date before 2007
// with a sequence that fails modulus 11 (no such number was issued).

// MakeNorwegianPerson builds a fødselsnummer for birth and individual number ind (0–999) with the
// control digits of the rule since 1964. v may hold DNumber, HNumber and Synthetic. It reports
// false when ind does not fit the birth year's century or no control digit exists for ind (about
// one individual number in six); try the next one.
func MakeNorwegianPerson(birth time.Time, ind int, v Variant) (string, bool) {
	y := birth.Year()
	if yy, _ := norwegianYear(y%100, ind); yy != y || ind < 0 || ind > 999 {
		return "", false
	}
	day, month := birth.Day(), int(birth.Month())
	if v&DNumber != 0 {
		day += 40
	}
	switch {
	case v&Synthetic != 0:
		month += 80
	case v&HNumber != 0:
		month += 40
	}
	d := []byte(fmt.Sprintf("%02d%02d%02d%03d00", day, month, y%100, ind))
	for i := range d {
		d[i] -= '0'
	}
	k1 := (11 - weighted(d, noK1Weights[:9])%11) % 11
	if k1 == 10 {
		return "", false
	}
	d[9] = byte(k1)
	k2 := (11 - weighted(d, noK2Weights[:10])%11) % 11
	if k2 == 10 {
		return "", false
	}
	d[10] = byte(k2)
	return str(d), true
}

// MakeSwedishPerson builds a twelve-digit personnummer (or samordningsnummer when coordination) for
// birth and birth number serial (0–999).
func MakeSwedishPerson(birth time.Time, serial int, coordination bool) string {
	day := birth.Day()
	if coordination {
		day += 60
	}
	ten := []byte(fmt.Sprintf("%02d%02d%02d%03d", birth.Year()%100, int(birth.Month()), day, serial%1000))
	for i := range ten {
		ten[i] -= '0'
	}
	return fmt.Sprintf("%04d", birth.Year()) + str(ten[2:]) + string('0'+luhnDigit(ten))
}

// MakeDanishCPR builds a CPR number for birth and sequence seq (0–9999). It reports false when
// the sequence's first digit cannot express the birth year's century.
func MakeDanishCPR(birth time.Time, seq int) (string, bool) {
	if seq < 0 || seq > 9999 || danishYear(birth.Year()%100, seq/1000) != birth.Year() {
		return "", false
	}
	return fmt.Sprintf("%02d%02d%02d%04d", birth.Day(), int(birth.Month()), birth.Year()%100, seq), true
}

// MakeNorwegianOrganisation completes eight digits (10000000–99999999) with the check digit,
// reporting false when none exists.
func MakeNorwegianOrganisation(first8 int) (string, bool) {
	d := []byte(fmt.Sprintf("%08d", first8))
	for i := range d {
		d[i] -= '0'
	}
	k := (11 - weighted(d, noOrgWeights)%11) % 11
	if k == 10 || len(d) != 8 {
		return "", false
	}
	return str(append(d, byte(k))), true
}

// MakeSwedishOrganisation completes nine digits with the Luhn check digit; the third digit of
// first9 must be 2 or more for the result to be valid.
func MakeSwedishOrganisation(first9 int) string {
	d := []byte(fmt.Sprintf("%09d", first9))
	for i := range d {
		d[i] -= '0'
	}
	return str(append(d, luhnDigit(d)))
}

// MakeDanishCVR completes seven digits (1000000–9999999) with the eighth that makes the weighted
// sum divisible by 11, reporting false when none exists.
func MakeDanishCVR(first7 int) (string, bool) {
	d := []byte(fmt.Sprintf("%07d0", first7))
	for i := range d {
		d[i] -= '0'
	}
	r := weighted(d, dkCVRWeights) % 11
	k := (11 - r) % 11 // the last weight is 1
	if k == 10 || len(d) != 8 {
		return "", false
	}
	d[7] = byte(k)
	return str(d), true
}
