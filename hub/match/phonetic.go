package match

import "strings"

// PhoneticKey returns a phonetic key for a Nordic name, so that spellings of one name that sound
// alike share a key: Søren/Soren/Sören/Soeren, Nielsen/Nilsen, Christensen/Kristensen,
// Andersson/Andersen/Anderson, Hjalmar/Jalmar, Åsa/Aasa/Asa, Pettersson/Petterson/Peterson.
// A name of several tokens gets one key per token, joined by spaces.
//
// The rules, applied to each token of the normalised name (see NormaliseName) in this order:
//
//  1. Vowels as written without the Nordic letters: "aa" → a (å), "ae" → e (æ, ä), "oe" → o
//     (ø, ö), "ue" → y (ü), "ie" → i (Nielsen); then y → i.
//  2. Silent first letters of initial clusters: hj, hv, gj, lj, dj → j and v (Hjalmar, Hvid,
//     Gjertrud, Ljungberg, Djurson).
//  3. Consonants that spell one sound: ph → f, th → t, dt → t, ck → k, ch → k, qu → kv, q → k,
//     x → ks, z → s, w → v, c before e or i → s, other c → k.
//  4. Doubled letters are collapsed (Pettersson → Peterson), and h after a consonant is dropped.
//  5. The patronymic endings -son and -sen (after rule 4 also -sson and -ssen) become -sn
//     (Andersson, Andersen, Anderson → andersn), as do -zon and -zen through rule 3, in names of
//     more than four letters.
//
// The key is for blocking and for the "sounds alike" agreement level; it is deliberately coarse,
// and exact and Jaro-Winkler comparisons decide between names that share it.
func PhoneticKey(name string) string {
	toks := strings.Fields(NormaliseName(name))
	for i, t := range toks {
		toks[i] = phoneticToken(t)
	}
	return strings.Join(toks, " ")
}

// phoneticToken applies the rules to one normalised token.
func phoneticToken(t string) string {
	if t == "" {
		return ""
	}
	b := make([]byte, 0, len(t))
	// Rule 1: vowel digraphs.
	for i := 0; i < len(t); i++ {
		c := t[i]
		if i+1 < len(t) {
			if v, ok := vowelDigraphs[t[i:i+2]]; ok {
				b = append(b, v)
				i++
				continue
			}
		}
		b = append(b, c)
	}
	for i, c := range b {
		if c == 'y' {
			b[i] = 'i'
		}
	}
	// Rule 2: initial clusters.
	if len(b) > 2 && b[1] == 'j' && (b[0] == 'h' || b[0] == 'g' || b[0] == 'l' || b[0] == 'd') {
		b = b[1:]
	} else if len(b) > 2 && b[0] == 'h' && b[1] == 'v' {
		b = b[1:]
	}
	// Rule 3: consonant spellings.
	out := make([]byte, 0, len(b)+2)
	for i := 0; i < len(b); i++ {
		c := b[i]
		var next byte
		if i+1 < len(b) {
			next = b[i+1]
		}
		switch {
		case c == 'p' && next == 'h':
			out = append(out, 'f')
			i++
		case (c == 't' && next == 'h') || (c == 'd' && next == 't'):
			out = append(out, 't')
			i++
		case c == 'c' && (next == 'k' || next == 'h'):
			out = append(out, 'k')
			i++
		case c == 'q' && next == 'u':
			out = append(out, 'k', 'v')
			i++
		case c == 'q':
			out = append(out, 'k')
		case c == 'x':
			out = append(out, 'k', 's')
		case c == 'z':
			out = append(out, 's')
		case c == 'w':
			out = append(out, 'v')
		case c == 'c' && (next == 'e' || next == 'i'):
			out = append(out, 's')
		case c == 'c':
			out = append(out, 'k')
		default:
			out = append(out, c)
		}
	}
	// Rule 4: doubled letters, h after a consonant.
	b = out[:0]
	var prev byte
	for _, c := range out {
		same := c == prev
		prev = c
		if same {
			continue
		}
		if c == 'h' && len(b) > 0 && !isVowel(b[len(b)-1]) {
			continue
		}
		b = append(b, c)
	}
	// Rule 5: patronymic endings.
	s := string(b)
	if len(s) > 4 && (strings.HasSuffix(s, "son") || strings.HasSuffix(s, "sen")) {
		s = s[:len(s)-3] + "sn"
	}
	return s
}

// vowelDigraphs are rule 1's spellings of one vowel.
var vowelDigraphs = map[string]byte{"aa": 'a', "ae": 'e', "oe": 'o', "ue": 'y', "ie": 'i'}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
