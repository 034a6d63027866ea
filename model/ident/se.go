package ident

import (
	"strings"
	"time"

	"github.com/grunddata/grunddata/vocab"
)

// SwedishPerson validates a Swedish personnummer or samordningsnummer (day of birth + 60), written
// with twelve digits (YYYYMMDD-NNNC) or ten (YYMMDD-NNNC). The last digit is a Luhn check digit over
// the ten-digit form. For ten digits the century follows from the separator and today: "-" for a
// person who turns at most 99 this year, "+" from the year they turn 100; no separator counts as
// "-". The result is always twelve digits, without separator.
//
// Errors (*Error): ErrEmpty, ErrCharacter (also a misplaced or repeated separator), ErrLength,
// ErrDate (no such day, or born after today), ErrChecksum.
func SwedishPerson(s string, today time.Time) (ID, error) {
	scheme := vocab.GDSwedishPersonalIdentityNumber
	t := strings.TrimSpace(s)
	plus := false
	if i := strings.IndexAny(t, "-+"); i >= 0 {
		if strings.LastIndexAny(t, "-+") != i {
			return ID{}, fail(scheme, ErrCharacter, "more than one separator")
		}
		if tail := strings.ReplaceAll(t[i+1:], " ", ""); len(tail) != 4 {
			return ID{}, fail(scheme, ErrCharacter, "the separator must stand before the last four digits")
		}
		plus = t[i] == '+'
	}
	d, err := digits(scheme, t, "-+")
	if err != nil {
		return ID{}, err
	}
	if err := wantLength(scheme, d, 10, 12); err != nil {
		return ID{}, err
	}
	ten := d
	if len(d) == 12 {
		ten = d[2:]
	}
	id := ID{Scheme: scheme, Country: "SE", Person: true}
	yy, month, day := num(ten[0:2]), num(ten[2:4]), num(ten[4:6])
	if day > 60 {
		day -= 60
		id.Variant |= Coordination
		id.Scheme = vocab.GDSwedishCoordinationNumber
	}
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	var year int
	if len(d) == 12 {
		year = num(d[0:4])
	} else {
		year = today.Year() - (today.Year()-yy)%100 // the latest year ending in yy
		if plus {
			year -= 100
		}
	}
	birth, ok := date(year, month, day)
	if !ok {
		note := ""
		if id.Is(Coordination) {
			note = " (day read as samordningsnummer, day − 60)"
		}
		return ID{}, fail(scheme, ErrDate, "birth date (YYMMDD) is not a calendar date%s", note)
	}
	if birth.After(today) {
		if len(d) == 12 || plus {
			return ID{}, fail(scheme, ErrDate, "birth date is after today")
		}
		// Born later this year, which has not come yet: a century earlier, still under 100.
		if birth, ok = date(year-100, month, day); !ok {
			return ID{}, fail(scheme, ErrDate, "birth date (YYMMDD) is not a calendar date")
		}
	}
	if !luhnOK(ten) {
		return ID{}, fail(scheme, ErrChecksum, "check digit (last digit) is wrong")
	}
	id.BirthDate = birth
	id.Value = birth.Format("2006") + str(ten[2:])
	return id, nil
}

// SwedishOrganisation validates a Swedish organisationsnummer: ten digits (NNNNNN-NNNC) with a Luhn
// check digit and a third digit of at least 2, which keeps it apart from personnummer. It accepts
// the twelve-digit form with the prefix 16, spaces and a hyphen, and returns ten digits. A sole
// trader's number is their personnummer; use SwedishPerson for those.
//
// Errors (*Error): ErrEmpty, ErrCharacter, ErrLength, ErrRange (third digit below 2), ErrChecksum.
func SwedishOrganisation(s string) (ID, error) {
	scheme := vocab.GDSwedishOrganisationNumber
	d, err := digits(scheme, s, "-")
	if err != nil {
		return ID{}, err
	}
	if len(d) == 12 && d[0] == 1 && d[1] == 6 {
		d = d[2:]
	}
	if err := wantLength(scheme, d, 10); err != nil {
		return ID{}, err
	}
	if d[2] < 2 {
		return ID{}, fail(scheme, ErrRange, "third digit is %d, want 2 or more (lower values are personnummer)", d[2])
	}
	if !luhnOK(d) {
		return ID{}, fail(scheme, ErrChecksum, "check digit is %d, want %d", d[9], luhnDigit(d[:9]))
	}
	return ID{Scheme: scheme, Value: str(d), Country: "SE"}, nil
}

// luhnDigit is the Luhn check digit to append to d.
func luhnDigit(d []byte) byte {
	for c := byte(0); c < 10; c++ {
		if luhnOK(append(append([]byte(nil), d...), c)) {
			return c
		}
	}
	return 0 // unreachable: exactly one digit completes any prefix
}
