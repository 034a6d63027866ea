package ident

import (
	"strings"

	"github.com/grunddata/grunddata/vocab"
)

var (
	noK1Weights  = []int{3, 7, 6, 1, 8, 9, 4, 5, 2, 1} // the last weight applies to the control digit itself
	noK2Weights  = []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1}
	noOrgWeights = []int{3, 2, 7, 6, 5, 4, 3, 2}
)

// NorwegianPerson validates a Norwegian fødselsnummer (DDMMYYIIIKK): ordinary numbers, D numbers
// (day + 40), H numbers (month + 40) and synthetic test numbers (month + 80, alone or with day +
// 40). The individual number III and the year give the century: 000–499 the 1900s; 500–749 with a
// year from 54 the 1800s; 500–999 with a year below 40 the 2000s; 900–999 with a year from 40 the
// 1900s.
//
// Both control-digit rules are applied side by side: the first control digit is valid when the
// weighted sum of the first ten digits leaves remainder 0 modulo 11 (the rule since 1964) or 1–3
// (the rule for numbers issued from 2032, then flagged Rule2032); the second control digit must
// leave remainder 0 under both. A caller that must refuse 2032-rule numbers checks
// id.Is(ident.Rule2032).
//
// Errors (*Error): ErrEmpty, ErrCharacter, ErrLength (not 11 digits), ErrDate (no such day, or
// an individual number that fits no century for that year), ErrChecksum.
func NorwegianPerson(s string) (ID, error) {
	scheme := vocab.GDNorwegianNationalIdentityNumber
	d, err := digits(scheme, s, "-.")
	if err != nil {
		return ID{}, err
	}
	if err := wantLength(scheme, d, 11); err != nil {
		return ID{}, err
	}
	id := ID{Scheme: scheme, Value: str(d), Country: "NO", Person: true}
	day, month, yy, ind := num(d[0:2]), num(d[2:4]), num(d[4:6]), num(d[6:9])
	if day > 40 {
		day -= 40
		id.Variant |= DNumber
		id.Scheme = vocab.GDNorwegianDNumber
	}
	switch {
	case month > 80:
		month -= 80
		id.Variant |= Synthetic
	case month > 40:
		month -= 40
		id.Variant |= HNumber
	}
	year, ok := norwegianYear(yy, ind)
	if !ok {
		return ID{}, fail(scheme, ErrDate, "individual number (digits 7–9) is not issued for that two-digit year in any century")
	}
	birth, ok := date(year, month, day)
	if !ok {
		return ID{}, fail(scheme, ErrDate, "birth date (digits 1–6) is not a calendar date%s", offsetNote(id.Variant))
	}
	id.BirthDate = birth
	switch r := weighted(d, noK1Weights) % 11; {
	case r == 0:
	case r <= 3:
		id.Variant |= Rule2032
	default:
		return ID{}, fail(scheme, ErrChecksum, "first control digit (10th digit) is wrong: remainder %d, want 0 (or 1–3 under the 2032 rule)", r)
	}
	if weighted(d, noK2Weights)%11 != 0 {
		return ID{}, fail(scheme, ErrChecksum, "second control digit (11th digit) is wrong")
	}
	return id, nil
}

func offsetNote(v Variant) string {
	var n []string
	if v&DNumber != 0 {
		n = append(n, "day read as D number, day − 40")
	}
	if v&HNumber != 0 {
		n = append(n, "month read as H number, month − 40")
	}
	if v&Synthetic != 0 {
		n = append(n, "month read as synthetic, month − 80")
	}
	if len(n) == 0 {
		return ""
	}
	return " (" + strings.Join(n, "; ") + ")"
}

// norwegianYear gives the four-digit birth year from the two-digit year and the individual number.
func norwegianYear(yy, ind int) (int, bool) {
	switch {
	case ind <= 499:
		return 1900 + yy, true
	case ind <= 749 && yy >= 54:
		return 1800 + yy, true
	case yy < 40:
		return 2000 + yy, true // 500–999
	case ind >= 900:
		return 1900 + yy, true // 900–999 with year 40–99
	}
	return 0, false
}

// NorwegianOrganisation validates a Norwegian organisasjonsnummer: nine digits, the last a
// modulus-11 check digit with weights 3 2 7 6 5 4 3 2. It accepts the forms people write: spaces,
// "NO" before and "MVA" after (the VAT form).
//
// Errors (*Error): ErrEmpty, ErrCharacter, ErrLength, ErrChecksum (including eight first digits
// for which no check digit exists, since remainder 1 would need 10).
func NorwegianOrganisation(s string) (ID, error) {
	scheme := vocab.GDNorwegianOrganisationNumber
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSpace(strings.TrimPrefix(t, "NO"))
	t = strings.TrimSpace(strings.TrimSuffix(t, "MVA"))
	d, err := digits(scheme, t, "-.")
	if err != nil {
		return ID{}, err
	}
	if err := wantLength(scheme, d, 9); err != nil {
		return ID{}, err
	}
	r := weighted(d, noOrgWeights) % 11
	want := (11 - r) % 11
	if want == 10 {
		return ID{}, fail(scheme, ErrChecksum, "no check digit exists for %s (remainder 1)", str(d[:8]))
	}
	if int(d[8]) != want {
		return ID{}, fail(scheme, ErrChecksum, "check digit is %d, want %d", d[8], want)
	}
	return ID{Scheme: scheme, Value: str(d), Country: "NO"}, nil
}
