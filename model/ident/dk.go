package ident

import (
	"strings"

	"github.com/grunddata/grunddata/vocab"
)

var (
	dkCPRWeights = []int{4, 3, 2, 7, 6, 5, 4, 3, 2, 1}
	dkCVRWeights = []int{2, 7, 6, 5, 4, 3, 2, 1}
)

// DanishCPR validates a Danish CPR number (DDMMYY-SSSS). The seventh digit and the year give the
// century: 0–3 the 1900s; 4 and 9 the 2000s for years up to 36, else the 1900s; 5–8 the 2000s
// for years up to 57, else the 1800s. The old modulus-11 check is not required — numbers issued
// since October 2007 may fail it — but a number that fails it is flagged NoModulus11.
//
// Errors (*Error): ErrEmpty, ErrCharacter, ErrLength, ErrDate.
func DanishCPR(s string) (ID, error) {
	scheme := vocab.GDDanishCPRNumber
	d, err := digits(scheme, s, "-")
	if err != nil {
		return ID{}, err
	}
	if err := wantLength(scheme, d, 10); err != nil {
		return ID{}, err
	}
	day, month, yy := num(d[0:2]), num(d[2:4]), num(d[4:6])
	birth, ok := date(danishYear(yy, int(d[6])), month, day)
	if !ok {
		return ID{}, fail(scheme, ErrDate, "birth date (DDMMYY) is not a calendar date")
	}
	id := ID{Scheme: scheme, Value: str(d), Country: "DK", Person: true, BirthDate: birth}
	if weighted(d, dkCPRWeights)%11 != 0 {
		id.Variant |= NoModulus11
	}
	return id, nil
}

func danishYear(yy, c int) int {
	switch {
	case c <= 3:
		return 1900 + yy
	case c == 4 || c == 9:
		if yy <= 36 {
			return 2000 + yy
		}
		return 1900 + yy
	default: // 5–8
		if yy <= 57 {
			return 2000 + yy
		}
		return 1800 + yy
	}
}

// DanishCVR validates a Danish CVR number: eight digits, not starting with 0, whose weighted sum
// (weights 2 7 6 5 4 3 2 1) is divisible by 11. It accepts spaces and the prefix "DK" (the VAT form).
//
// Errors (*Error): ErrEmpty, ErrCharacter, ErrLength, ErrRange (leading 0), ErrChecksum.
func DanishCVR(s string) (ID, error) {
	scheme := vocab.GDDanishCVRNumber
	t := strings.TrimSpace(s)
	if len(t) >= 2 && strings.EqualFold(t[:2], "DK") {
		t = t[2:]
	}
	d, err := digits(scheme, t, "-")
	if err != nil {
		return ID{}, err
	}
	if err := wantLength(scheme, d, 8); err != nil {
		return ID{}, err
	}
	if d[0] == 0 {
		return ID{}, fail(scheme, ErrRange, "first digit is 0")
	}
	if r := weighted(d, dkCVRWeights) % 11; r != 0 {
		return ID{}, fail(scheme, ErrChecksum, "weighted sum leaves remainder %d, want 0", r)
	}
	return ID{Scheme: scheme, Value: str(d), Country: "DK"}, nil
}
