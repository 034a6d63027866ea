package rdfio

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// The character classes of the Turtle grammar; XML's NameStartChar (minus ':') and NameChar are
// the same sets as PN_CHARS_U and PN_CHARS plus '.', which lets both writers share them.

func isPnCharsBase(r rune) bool {
	switch {
	case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z',
		r >= 0xC0 && r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8 && r <= 0x2FF,
		r >= 0x370 && r <= 0x37D, r >= 0x37F && r <= 0x1FFF, r >= 0x200C && r <= 0x200D,
		r >= 0x2070 && r <= 0x218F, r >= 0x2C00 && r <= 0x2FEF, r >= 0x3001 && r <= 0xD7FF,
		r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFFD, r >= 0x10000 && r <= 0xEFFFF:
		return true
	}
	return false
}

func isPnCharsU(r rune) bool { return r == '_' || isPnCharsBase(r) }

func isPnChars(r rune) bool {
	return isPnCharsU(r) || r == '-' || (r >= '0' && r <= '9') || r == 0xB7 ||
		(r >= 0x300 && r <= 0x36F) || (r >= 0x203F && r <= 0x2040)
}

// validName reports whether s matches first ((PN_CHARS | '.')* PN_CHARS)?, the shape shared by
// BLANK_NODE_LABEL, PN_PREFIX and (without escapes, ':' and %-encoding) PN_LOCAL.
func validName(s string, first func(rune) bool) bool {
	if s == "" || s[len(s)-1] == '.' {
		return false
	}
	for i, r := range s {
		if i == 0 {
			if !first(r) {
				return false
			}
			continue
		}
		if r != '.' && !isPnChars(r) {
			return false
		}
	}
	return true
}

func isDigitOrPnCharsU(r rune) bool { return (r >= '0' && r <= '9') || isPnCharsU(r) }

func validBlankLabel(s string) bool { return validName(s, isDigitOrPnCharsU) }

// validLocalName accepts the PN_LOCAL names that need no escaping: leading digits are fine
// (Turtle 1.1), but ':', '%' and backslash escapes are left to full <IRI>s, which every parser
// reads the same way.
func validLocalName(s string) bool { return validName(s, isDigitOrPnCharsU) }

// validPrefix accepts PN_PREFIX labels (and the empty prefix) except those knakk's Turtle lexer
// misreads as keywords: it matches "true"/"false" and PREFIX/BASE before it looks for a ':'.
func validPrefix(s string) bool {
	if s == "" {
		return true
	}
	low := strings.ToLower(s)
	for _, kw := range []string{"true", "false", "prefix", "base"} {
		if strings.HasPrefix(low, kw) {
			return false
		}
	}
	return validName(s, isPnCharsBase)
}

// validNCName reports whether s is an XML NCName (a name without ':').
func validNCName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if i == 0 && !isPnCharsU(r) || i > 0 && r != '.' && !isPnChars(r) {
			return false
		}
	}
	return true
}

// hashedLabel derives a label that is valid in every syntax from one that is not, so a graph whose
// blank nodes carry odd labels still serializes; the same input label always maps to the same output.
func hashedLabel(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "h" + hex.EncodeToString(sum[:8])
}
