package match

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzNormaliseName checks the normaliser's promises on any input: valid UTF-8 out, no upper-case
// ASCII, no leading, trailing or double spaces, idempotence, and a phonetic key and Jaro-Winkler
// that accept whatever it returns.
func FuzzNormaliseName(f *testing.F) {
	for _, s := range []string{"Søren Kierkegaard", "ÅSA  Öberg-Lind", "af Klint", "O'Brien", "Þór", "Олег", "\xff\xfe", " - ", "Zoë", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormaliseName(s)
		if !utf8.ValidString(n) {
			t.Fatalf("NormaliseName(%q) = %q, not UTF-8", s, n)
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("NormaliseName(%q) = %q: stray spaces", s, n)
		}
		for _, c := range n {
			if c >= 'A' && c <= 'Z' {
				t.Fatalf("NormaliseName(%q) = %q: upper case", s, n)
			}
		}
		if again := NormaliseName(n); again != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, again)
		}
		if jw := JaroWinkler(n, n); n != "" && jw != 1 {
			t.Fatalf("JaroWinkler(%q, itself) = %v", n, jw)
		}
		_ = PhoneticKey(s)
		_ = parseStreet(s)
		_ = NormaliseOrgName(s)
	})
}
