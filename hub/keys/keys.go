// Package keys makes the keys in resource URIs: customer numbers for persons (seven digits and a
// Damm check digit, from a durable sequence, never derived from personal data and never reused) and
// random opaque keys for resources that have no natural key.
//
// Why Damm and not mod 11: Damm detects every single-digit error and every adjacent transposition,
// like mod 11, but every seven-digit base has a check digit (mod 11 leaves one in eleven bases without
// one, which would make the sequence skip numbers) and the check digit is always a digit.
package keys

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"
)

// damm is the totally anti-symmetric quasigroup of order 10 from Damm (2004).
var damm = [10][10]byte{
	{0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
	{7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
	{4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
	{1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
	{6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
	{3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
	{5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
	{8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
	{9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
	{2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}

// DammDigit returns the Damm check digit of a string of decimal digits.
func DammDigit(digits string) (byte, error) {
	var interim byte
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%q is not a decimal digit string", digits)
		}
		interim = damm[interim][c-'0']
	}
	return '0' + interim, nil
}

// Customer-number range: seven-digit bases from 1000000, so numbers never start with 0 and are
// never mistaken for a shorter number when a spreadsheet drops leading zeros.
const (
	firstBase = 1_000_000
	lastBase  = 9_999_999
)

// CustomerNumber returns the customer number for the n-th allocation (n ≥ 1): an eight-digit string
// of a seven-digit base and its Damm check digit.
func CustomerNumber(n uint64) (string, error) {
	if n == 0 || n > lastBase-firstBase+1 {
		return "", fmt.Errorf("customer number sequence %d is out of range", n)
	}
	base := fmt.Sprintf("%07d", firstBase+n-1)
	check, err := DammDigit(base)
	if err != nil {
		return "", err
	}
	return base + string(check), nil
}

// ValidCustomerNumber tells whether s is a well-formed customer number: eight digits, not starting
// with 0, whose Damm check over all eight digits is zero.
func ValidCustomerNumber(s string) error {
	if len(s) != 8 {
		return fmt.Errorf("customer number %q must have 8 digits", s)
	}
	if s[0] == '0' {
		return fmt.Errorf("customer number %q must not start with 0", s)
	}
	d, err := DammDigit(s)
	if err != nil {
		return fmt.Errorf("customer number %q must have digits only", s)
	}
	if d != '0' {
		return fmt.Errorf("customer number %q has a wrong check digit", s)
	}
	return nil
}

var keyEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// Random returns a random opaque key of 16 lower-case characters (80 bits), safe in a URI path.
func Random() string {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("keys: crypto/rand failed: %v", err)) // crypto/rand never fails on supported platforms
	}
	return strings.ToLower(keyEncoding.EncodeToString(b[:]))
}
