// Package ident validates and normalises the Nordic national identifiers the hub meets: the
// Norwegian fødselsnummer (with D-, H- and synthetic numbers and the 2032 control-digit rule) and
// organisasjonsnummer, the Swedish personnummer, samordningsnummer and organisationsnummer, and the
// Danish CPR and CVR numbers.
//
// Every parser accepts the number as people write it (spaces, a hyphen, a country prefix where one
// is common), returns it in one canonical form together with its scheme (a gd: IRI from vocab) and,
// for persons, the birth date, and fails with an *Error that says what is wrong. Errors about
// personal numbers never repeat the number or its expected control digits, so they can be logged.
package ident

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/grunddata/grunddata/vocab"
)

// ID is a valid, normalised national identifier.
type ID struct {
	// Scheme is the identifier scheme, such as vocab.GDSwedishPersonalIdentityNumber.
	Scheme vocab.IRI
	// Value is the canonical form: digits only; a Swedish personnummer or samordningsnummer with
	// its century (twelve digits, YYYYMMDDNNNC).
	Value string
	// Country is the ISO 3166-1 alpha-2 code of the issuing country: NO, SE or DK.
	Country string
	// Person tells a person's number from an organisation's.
	Person bool
	// BirthDate is the date of birth a person's number encodes (UTC midnight); zero for
	// organisations.
	BirthDate time.Time
	// Variant says which special form the number has.
	Variant Variant
}

// Is tells whether the number has every flag of v.
func (id ID) Is(v Variant) bool { return id.Variant&v == v }

// Variant flags the special forms of a number.
type Variant uint8

// The variants. A number may have several (a synthetic D number, say).
const (
	// DNumber is a Norwegian D number (day of birth + 40), for persons not resident in Norway.
	DNumber Variant = 1 << iota
	// HNumber is a Norwegian H number (month + 40), a help number a health service gives a person
	// whose fødselsnummer it does not know.
	HNumber
	// Synthetic is a Norwegian synthetic test number (month + 80), as in Skatteetaten's test
	// population; no real person has one.
	Synthetic
	// Rule2032 marks a Norwegian number whose first control digit is valid only under the rule
	// in force from 2032 (remainder 1 to 3), not under the rule since 1964 (remainder 0).
	Rule2032
	// Coordination is a Swedish samordningsnummer (day of birth + 60).
	Coordination
	// NoModulus11 marks a Danish CPR number that fails the old modulus-11 check, as numbers issued
	// since October 2007 may.
	NoModulus11
)

var variantNames = []string{"D-number", "H-number", "synthetic", "2032-rule", "coordination", "no-modulus-11"}

// String lists the flags, such as "D-number+synthetic"; "" for none.
func (v Variant) String() string {
	var parts []string
	for i, n := range variantNames {
		if v&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, "+")
}

// The kinds of error, for errors.Is.
var (
	ErrEmpty     = errors.New("empty")
	ErrCharacter = errors.New("invalid character")
	ErrLength    = errors.New("wrong length")
	ErrDate      = errors.New("invalid date")
	ErrRange     = errors.New("digit out of range")
	ErrChecksum  = errors.New("check digit mismatch")
	ErrScheme    = errors.New("unknown scheme")
)

// Error is why a number is not valid: the scheme, one of the Err kinds, and a detail that names
// what is wrong.
type Error struct {
	Scheme vocab.IRI
	Kind   error
	Detail string
}

func (e *Error) Error() string { return schemeLabel(e.Scheme) + ": " + e.Detail }

// Unwrap gives the kind, so errors.Is(err, ident.ErrChecksum) works.
func (e *Error) Unwrap() error { return e.Kind }

func fail(scheme vocab.IRI, kind error, format string, args ...any) error {
	return &Error{Scheme: scheme, Kind: kind, Detail: fmt.Sprintf(format, args...)}
}

func schemeLabel(s vocab.IRI) string {
	switch s {
	case vocab.GDNorwegianNationalIdentityNumber, vocab.GDNorwegianDNumber:
		return "Norwegian national identity number"
	case vocab.GDNorwegianOrganisationNumber:
		return "Norwegian organisation number"
	case vocab.GDSwedishPersonalIdentityNumber, vocab.GDSwedishCoordinationNumber:
		return "Swedish personal identity number"
	case vocab.GDSwedishOrganisationNumber:
		return "Swedish organisation number"
	case vocab.GDDanishCPRNumber:
		return "Danish CPR number"
	case vocab.GDDanishCVRNumber:
		return "Danish CVR number"
	}
	return "identifier"
}

// Parse validates s under scheme. today decides the century of a ten-digit Swedish personnummer
// and is otherwise unused. Errors: *Error of kind ErrScheme for a scheme this package does not
// check, or the parser's own errors.
func Parse(scheme vocab.IRI, s string, today time.Time) (ID, error) {
	switch scheme {
	case vocab.GDNorwegianNationalIdentityNumber, vocab.GDNorwegianDNumber:
		return NorwegianPerson(s)
	case vocab.GDNorwegianOrganisationNumber:
		return NorwegianOrganisation(s)
	case vocab.GDSwedishPersonalIdentityNumber, vocab.GDSwedishCoordinationNumber:
		return SwedishPerson(s, today)
	case vocab.GDSwedishOrganisationNumber:
		return SwedishOrganisation(s)
	case vocab.GDDanishCPRNumber:
		return DanishCPR(s)
	case vocab.GDDanishCVRNumber:
		return DanishCVR(s)
	}
	return ID{}, fail(scheme, ErrScheme, "no validation for scheme <%s>", scheme.String())
}

// PersonSchemes are the person identifier schemes Parse knows, in a fixed order.
var PersonSchemes = []vocab.IRI{
	vocab.GDNorwegianNationalIdentityNumber, vocab.GDNorwegianDNumber,
	vocab.GDSwedishPersonalIdentityNumber, vocab.GDSwedishCoordinationNumber, vocab.GDDanishCPRNumber,
}

// digits strips the separators people write (spaces, and the characters in seps) and returns the
// digits. Any other character is an error naming it and its position.
func digits(scheme vocab.IRI, s, seps string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fail(scheme, ErrEmpty, "empty")
	}
	out := make([]byte, 0, len(s))
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			out = append(out, byte(r-'0'))
		case r == ' ' || r == '\u00a0' || strings.ContainsRune(seps, r):
		default:
			return nil, fail(scheme, ErrCharacter, "character %q at position %d is not a digit", r, i+1)
		}
	}
	if len(out) == 0 {
		return nil, fail(scheme, ErrEmpty, "no digits")
	}
	return out, nil
}

func wantLength(scheme vocab.IRI, d []byte, n ...int) error {
	for _, k := range n {
		if len(d) == k {
			return nil
		}
	}
	want := fmt.Sprint(n[0])
	if len(n) == 2 {
		want += " or " + fmt.Sprint(n[1])
	}
	return fail(scheme, ErrLength, "has %d digits, want %s", len(d), want)
}

func str(d []byte) string {
	b := make([]byte, len(d))
	for i, x := range d {
		b[i] = x + '0'
	}
	return string(b)
}

func num(d []byte) int {
	n := 0
	for _, x := range d {
		n = n*10 + int(x)
	}
	return n
}

// weighted is the sum of d[i]*w[i].
func weighted(d []byte, w []int) int {
	s := 0
	for i, x := range w {
		s += int(d[i]) * x
	}
	return s
}

// luhnOK checks the Luhn (mod 10) check digit, the last of d.
func luhnOK(d []byte) bool {
	sum := 0
	for i := range d {
		x := int(d[len(d)-1-i])
		if i%2 == 1 {
			x *= 2
			if x > 9 {
				x -= 9
			}
		}
		sum += x
	}
	return sum%10 == 0
}

// date builds a calendar date, reporting false when it does not exist (31 April, 29 February in a
// common year, month 13).
func date(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d && int(t.Month()) == m
}
