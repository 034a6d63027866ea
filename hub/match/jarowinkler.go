package match

// JaroWinkler returns the Jaro-Winkler similarity of a and b, from 0 (nothing in common) to 1
// (equal), with the usual prefix scale 0.1 over at most four leading characters. Compare
// normalised names: the measure is case- and diacritic-sensitive.
func JaroWinkler(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0 // two unknown values are not evidence of anything
		}
		return 1
	}
	if a == "" || b == "" {
		return 0
	}
	var bufA, bufB [32]rune
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	j := jaro(ra, rb)
	prefix := 0
	for prefix < len(ra) && prefix < len(rb) && prefix < 4 && ra[prefix] == rb[prefix] {
		prefix++
	}
	return j + float64(prefix)*0.1*(1-j)
}

// appendRunes appends the runes of s to r; JaroWinkler passes arrays on its stack, so names of
// up to 32 letters cost no allocation.
func appendRunes(r []rune, s string) []rune {
	for _, c := range s {
		r = append(r, c)
	}
	return r
}

// jaro is the Jaro similarity: matching characters within half the longer length, and the
// transpositions among them.
func jaro(a, b []rune) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	window := len(b)/2 - 1
	if window < 0 {
		window = 0
	}
	var flagsA, flagsB [64]bool
	if len(b) > 64 {
		fa, fb := make([]bool, len(a)), make([]bool, len(b))
		return jaroFlags(a, b, window, fa, fb)
	}
	return jaroFlags(a, b, window, flagsA[:len(a)], flagsB[:len(b)])
}

func jaroFlags(a, b []rune, window int, fa, fb []bool) float64 {
	matches := 0
	for i, c := range a {
		lo, hi := i-window, i+window+1
		if lo < 0 {
			lo = 0
		}
		if hi > len(b) {
			hi = len(b)
		}
		for k := lo; k < hi; k++ {
			if !fb[k] && b[k] == c {
				fa[i], fb[k] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	trans, k := 0, 0
	for i := range a {
		if !fa[i] {
			continue
		}
		for !fb[k] {
			k++
		}
		if a[i] != b[k] {
			trans++
		}
		k++
	}
	m := float64(matches)
	return (m/float64(len(a)) + m/float64(len(b)) + (m-float64(trans/2))/m) / 3
}
