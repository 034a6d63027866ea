package population

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/grunddata/grunddata/vocab"
)

// edit changes a duplicate the way one kind of register error or life event does. It reports
// false when it does not apply to the record (respelling a name without æ, ø or å, say).
type edit struct {
	name   string
	weight int
	apply  func(g *gen, r *Record) bool
}

var edits = []edit{
	{"typo", 26, (*gen).typo},
	{"respelt", 16, (*gen).respell},
	{"swapped", 5, func(_ *gen, r *Record) bool {
		r.GivenName, r.FamilyName = r.FamilyName, r.GivenName
		return true
	}},
	{"married", 10, (*gen).marry},
	{"moved", 24, func(g *gen, r *Record) bool {
		r.Street, r.Postcode = g.address(countryIndex(r.Country))
		return true
	}},
	{"jan1", 6, func(_ *gen, r *Record) bool {
		if r.BirthDate.IsZero() || (r.BirthDate.Month() == 1 && r.BirthDate.Day() == 1) {
			return false
		}
		r.BirthDate = time.Date(r.BirthDate.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		return true
	}},
	{"transposed", 4, func(_ *gen, r *Record) bool {
		d, m := r.BirthDate.Day(), int(r.BirthDate.Month())
		if r.BirthDate.IsZero() || d > 12 || d == m {
			return false
		}
		r.BirthDate = time.Date(r.BirthDate.Year(), time.Month(d), m, 0, 0, 0, 0, time.UTC)
		return true
	}},
	{"datetypo", 4, func(g *gen, r *Record) bool {
		if r.BirthDate.IsZero() {
			return false
		}
		switch g.r.Intn(3) {
		case 0:
			r.BirthDate = r.BirthDate.AddDate(0, 0, 1+g.r.Intn(3))
		case 1:
			r.BirthDate = r.BirthDate.AddDate(0, 1, 0)
		default:
			r.BirthDate = r.BirthDate.AddDate(10, 0, 0)
		}
		return true
	}},
	{"givennames", 8, func(g *gen, r *Record) bool {
		if i := strings.IndexByte(r.GivenName, ' '); i > 0 {
			r.GivenName = r.GivenName[:i] // only the first given name
			return true
		}
		female := g.r.Intn(2) == 0
		r.GivenName += " " + g.givenName(countryIndex(r.Country), female)
		return true
	}},
	{"uppercase", 6, func(_ *gen, r *Record) bool {
		r.GivenName, r.FamilyName, r.Street = strings.ToUpper(r.GivenName), strings.ToUpper(r.FamilyName), strings.ToUpper(r.Street)
		return true
	}},
	{"noaddress", 4, func(_ *gen, r *Record) bool {
		r.Street, r.Postcode = "", ""
		return true
	}},
	{"nobirthdate", 2, func(_ *gen, r *Record) bool {
		r.BirthDate = time.Time{}
		return true
	}},
}

// duplicate copies an original record and applies one to three edits; the identity number is
// dropped with probability 1 - DupIDRate.
func (g *gen) duplicate(orig Record) Record {
	d := orig
	d.Edits = nil
	n := 1
	if x := g.r.Float64(); x > 0.85 {
		n = 3
	} else if x > 0.5 {
		n = 2
	}
	total := 0
	for _, e := range edits {
		total += e.weight
	}
	for tries := 0; len(d.Edits) < n && tries < 20; tries++ {
		x := g.r.Intn(total)
		for _, e := range edits {
			if x -= e.weight; x < 0 {
				if !contains(d.Edits, e.name) && e.apply(g, &d) {
					d.Edits = append(d.Edits, e.name)
				}
				break
			}
		}
	}
	if d.NationalID != "" && g.r.Float64() >= g.cfg.DupIDRate {
		d.NationalID, d.IDScheme = "", vocab.IRI{}
		d.Edits = append(d.Edits, "noid")
	}
	return d
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// typo changes one letter of the given or the family name: a substitution by a neighbouring
// key, a deletion, an insertion or two letters transposed — never the first letter.
func (g *gen) typo(r *Record) bool {
	name := &r.FamilyName
	if g.r.Intn(5) < 2 {
		name = &r.GivenName
	}
	rs := []rune(*name)
	if len(rs) < 3 {
		return false
	}
	i := 1 + g.r.Intn(len(rs)-1)
	switch g.r.Intn(4) {
	case 0:
		rs[i] = neighbour(rs[i], g.r.Intn(2))
	case 1:
		rs = append(rs[:i], rs[i+1:]...)
	case 2:
		rs = append(rs[:i], append([]rune{rs[i-1]}, rs[i:]...)...)
	default:
		if i+1 >= len(rs) {
			i--
		}
		if i < 1 {
			return false
		}
		rs[i], rs[i+1] = rs[i+1], rs[i]
	}
	*name = string(rs)
	return true
}

var keyboard = map[rune]string{
	'a': "sq", 'b': "vn", 'c': "xv", 'd': "sf", 'e': "wr", 'f': "dg", 'g': "fh", 'h': "gj", 'i': "uo",
	'j': "hk", 'k': "jl", 'l': "kø", 'm': "n,", 'n': "bm", 'o': "ip", 'p': "oå", 'r': "et", 's': "ad",
	't': "ry", 'u': "yi", 'v': "cb", 'w': "qe", 'x': "zc", 'y': "tu", 'z': "xa", 'ø': "læ", 'æ': "øå",
	'å': "pæ", 'ö': "lä", 'ä': "öå", 'q': "wa",
}

func neighbour(c rune, k int) rune {
	lower := unicode.ToLower(c)
	n, ok := keyboard[lower]
	if !ok {
		return 'e'
	}
	rs := []rune(n)
	out := rs[k%len(rs)]
	if out == ',' {
		out = 'n'
	}
	if unicode.IsUpper(c) {
		out = unicode.ToUpper(out)
	}
	return out
}

// respellings are the ways registers without the Nordic letters write them.
var respellings = map[rune][]string{
	'æ': {"ae", "e"}, 'ø': {"oe", "o", "ö"}, 'å': {"aa", "a"}, 'ö': {"o", "oe", "ø"}, 'ä': {"a", "ae"},
	'é': {"e"}, 'Æ': {"Ae", "E"}, 'Ø': {"Oe", "O", "Ö"}, 'Å': {"Aa", "A"}, 'Ö': {"O", "Oe", "Ø"}, 'Ä': {"A", "Ae"},
}

// respell writes the Nordic letters of the names (or the street) another way.
func (g *gen) respell(r *Record) bool {
	for _, field := range g.r.Perm(3) {
		p := [...]*string{&r.GivenName, &r.FamilyName, &r.Street}[field]
		var b strings.Builder
		changed := false
		for _, c := range *p {
			if alts, ok := respellings[c]; ok {
				b.WriteString(alts[g.r.Intn(len(alts))])
				changed = true
				continue
			}
			b.WriteRune(c)
		}
		if changed {
			*p = b.String()
			return true
		}
	}
	return false
}

// marry gives a woman (or, less often, a man) a new surname: replaced, or joined to the old one
// with a space or a hyphen.
func (g *gen) marry(r *Record) bool {
	other := g.surname(countryIndex(r.Country))
	if other == r.FamilyName || !utf8.ValidString(other) {
		return false
	}
	switch x := g.r.Intn(4); x {
	case 0, 1:
		r.FamilyName = other
	case 2:
		r.FamilyName = r.FamilyName + " " + other
	default:
		r.FamilyName = other + "-" + r.FamilyName
	}
	return true
}
