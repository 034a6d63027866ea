// Package match finds records that describe the same person or organisation: deterministic on
// national identity and organisation numbers, probabilistic (Fellegi–Sunter) on names, birth date
// and address, with blocking so the cost of deduplicating a set grows near-linearly with its size.
//
// It is pure Go over plain values and knows nothing of the store: callers turn their records into
// Person or Organisation values, and get back Evidence — a field-by-field comparison with
// log2 likelihood-ratio weights, a total score and one of three outcomes (merge, review, none).
// Protected persons are never merged automatically, and a pair a steward has declared "not a
// duplicate" is never proposed again.
package match

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// fold maps the letters of Nordic and other Latin alphabets that matter for names to plain ASCII
// spellings. The Nordic vowels take the spelling used when a keyboard or register lacks them:
// æ/ä → ae, ø/ö → oe, å → aa (Danish and Norwegian register practice), ü → ue. Other diacritics are
// dropped.
var fold = map[rune]string{
	'æ': "ae", 'ä': "ae", 'ø': "oe", 'ö': "oe", 'å': "aa", 'ü': "ue", 'ß': "ss", 'þ': "th",
	'ð': "d", 'đ': "d", 'ł': "l", 'œ': "oe",
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ā': "a", 'ą': "a",
	'ç': "c", 'č': "c", 'ć': "c",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ę': "e", 'ě': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i",
	'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ō': "o", 'ő': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ū': "u", 'ů': "u", 'ű': "ue",
	'ý': "y", 'ÿ': "y",
	'š': "s", 'ś': "s", 'ž': "z", 'ź': "z", 'ż': "z", 'ř': "r", 'ť': "t", 'ď': "d",
}

// particles are the name particles of Nordic (and the German, Dutch and French names common in the
// Nordics) family names. They are kept in the normalised name but not used as a surname token on
// their own: "af Klint" and "Klint" share the token "klint".
var particles = map[string]bool{
	"af": true, "av": true, "von": true, "van": true, "der": true, "den": true, "de": true, "da": true,
	"du": true, "la": true, "le": true, "di": true, "del": true, "zu": true, "ter": true, "ten": true,
}

// NormaliseName folds a name to a comparable form: lower case, diacritics folded to ASCII (see fold),
// hyphens, dots, commas and apostrophes turned into single spaces, other punctuation and digits
// dropped. "Søren-Kierkegaard" → "soeren kierkegaard", "ÅSA  Öberg" → "aasa oeberg". Letters outside
// the Latin script are kept, lower-cased.
func NormaliseName(s string) string { return normalise(s, false) }

// normalise is NormaliseName, keeping digits when digits is set (for address lines).
func normalise(s string, digits bool) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	space := true // suppress leading and repeated spaces
	for _, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case 'a' <= r && r <= 'z':
				b.WriteByte(byte(r))
				space = false
			case 'A' <= r && r <= 'Z':
				b.WriteByte(byte(r) + 'a' - 'A')
				space = false
			case digits && '0' <= r && r <= '9':
				if !space && b.Len() > 0 {
					if c := b.String()[b.Len()-1]; c < '0' || c > '9' {
						b.WriteByte(' ') // "12b" stays, "Storgatan12" splits
					}
				}
				b.WriteByte(byte(r))
				space = false
			case r == ' ' || r == '-' || r == '.' || r == ',' || r == '\'' || r == '\t' || r == '_' || r == '/':
				if !space {
					b.WriteByte(' ')
					space = true
				}
			}
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := fold[r]; ok {
			b.WriteString(f)
			space = false
			continue
		}
		switch {
		case unicode.IsLetter(r):
			b.WriteRune(r)
			space = false
		case unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '’':
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	out := b.String()
	return strings.TrimSuffix(out, " ")
}

// nameTokens splits a normalised name into its tokens without particles; when the name is only
// particles they are kept.
func nameTokens(norm string) []string {
	if norm == "" {
		return nil
	}
	all := strings.Split(norm, " ")
	toks := all[:0:0]
	for _, t := range all {
		if !particles[t] {
			toks = append(toks, t)
		}
	}
	if len(toks) == 0 {
		return all
	}
	return toks
}

// streetSuffixes maps the common abbreviations and spelling variants of street types to one form,
// so "Storg. 3", "Storgata 3" and "Storgatan 3" compare as the same street.
var streetSuffixes = []struct{ from, to string }{
	{"gatan", "gata"}, {"gaten", "gata"}, {"gate", "gata"}, {"gade", "gata"}, {"gt", "gata"}, {"g", "gata"},
	{"vaegen", "vag"}, {"vagen", "vag"}, {"veien", "vag"}, {"vegen", "vag"}, {"vejen", "vag"}, {"vej", "vag"},
	{"vei", "vag"}, {"veg", "vag"}, {"vaeg", "vag"}, {"vn", "vag"}, {"v", "vag"},
	{"allen", "alle"}, {"alleen", "alle"}, {"allee", "alle"},
	{"plads", "plass"}, {"platsen", "plass"}, {"plats", "plass"}, {"plassen", "plass"},
}

// Address is a street address split into what the comparators use.
type address struct {
	street string // normalised street name with its type spelled one way
	number string // house number with letter, lower case ("12b")
}

// parseStreet splits an address line into the street name and the house number (the first token
// starting with a digit, with a following single letter joined: "12 B" → "12b"). Everything after
// the number (floor, flat) is ignored.
func parseStreet(line string) address {
	norm := normalise(line, true)
	toks := strings.Fields(norm)
	var a address
	var name []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t[0] >= '0' && t[0] <= '9' {
			a.number = t
			if i+1 < len(toks) && len(toks[i+1]) == 1 && toks[i+1][0] >= 'a' && toks[i+1][0] <= 'z' {
				a.number += toks[i+1]
			}
			break
		}
		name = append(name, t)
	}
	a.street = canonicalStreet(strings.Join(name, " "))
	return a
}

// canonicalStreet spells the street type one way, whether written as its own word ("Kirke vei") or
// as the end of the name ("Kirkeveien", and the abbreviations "Kirkevn.", "Storgt.").
func canonicalStreet(s string) string {
	toks := strings.Fields(s)
	if len(toks) == 0 {
		return ""
	}
	last := toks[len(toks)-1]
	for _, sf := range streetSuffixes {
		if len(toks) > 1 && last == sf.from {
			return strings.Join(toks[:len(toks)-1], "") + sf.to
		}
		if (len(sf.from) > 2 || sf.from == "gt" || sf.from == "vn") && strings.HasSuffix(last, sf.from) && len(last) > len(sf.from)+2 {
			toks[len(toks)-1] = last[:len(last)-len(sf.from)] + sf.to
			return strings.Join(toks, "")
		}
	}
	return strings.Join(toks, "")
}
