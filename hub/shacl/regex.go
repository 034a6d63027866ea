package shacl

import (
	"fmt"
	"regexp"
	"strings"
)

// regexpMatcher is a compiled sh:pattern.
type regexpMatcher struct {
	re     *regexp.Regexp
	source string
	flags  string
}

// compilePattern translates an XPath regular expression with its flags (XPath and XQuery
// Functions 3.1, 5.6.2) to Go's RE2:
//   - i, s and m become the inline flags (?i), (?s) and (?m);
//   - x removes whitespace from the pattern outside character classes, as XPath does;
//   - q matches the pattern as a literal string.
//
// RE2 has no back-references and no look-around; XPath has neither either, but patterns written
// for Java or PCRE engines sometimes use them. Those fail here with the error from regexp, as do
// XPath's character-class subtraction ([a-z-[aeiou]]) and the \i \c name escapes.
func compilePattern(pattern, flags string) (*regexpMatcher, error) {
	var goFlags strings.Builder
	quote := false
	for _, f := range flags {
		switch f {
		case 'i', 's', 'm':
			if !strings.ContainsRune(goFlags.String(), f) {
				goFlags.WriteRune(f)
			}
		case 'x':
			pattern = stripWhitespace(pattern)
		case 'q':
			quote = true
		default:
			return nil, fmt.Errorf("sh:flags %q: unknown flag %q", flags, f)
		}
	}
	if quote {
		pattern = regexp.QuoteMeta(pattern)
	}
	src := pattern
	if goFlags.Len() > 0 {
		src = "(?" + goFlags.String() + ")" + pattern
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, fmt.Errorf("sh:pattern %q cannot be run by Go's RE2 engine: %v", pattern, err)
	}
	return &regexpMatcher{re: re, source: pattern, flags: flags}, nil
}

// stripWhitespace drops the XML whitespace characters that are not inside [...].
func stripWhitespace(p string) string {
	var b strings.Builder
	inClass, escaped := false, false
	for _, r := range p {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '[':
			inClass = true
		case r == ']':
			inClass = false
		case !inClass && (r == ' ' || r == '\t' || r == '\n' || r == '\r'):
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (m *regexpMatcher) match(s string) bool { return m.re.MatchString(s) }
