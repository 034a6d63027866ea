package reconcile

import (
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/grunddata/grunddata/hub/match"
	"github.com/grunddata/grunddata/model/ident"
	"github.com/grunddata/grunddata/vocab"
)

// Feature is one piece of evidence behind a candidate's score (the API's "features").
type Feature struct {
	ID    string `json:"id"`
	Value any    `json:"value"` // a number or a boolean
}

// Scored is one candidate with its score (0–100) and whether it is certain.
type Scored struct {
	Entity   *Entity
	Score    float64
	Match    bool
	Features []Feature
}

// PersonQuery is what a reconciliation query says about a person.
type PersonQuery struct {
	Name, Given, Family string
	BirthDate           string // yyyy-mm-dd
	NationalID          string
	Address             string // street line or full address
	Postcode            string
	CustomerNumber      string
}

// Matcher builds the person index a snapshot answers queries from.
type Matcher interface {
	Index(persons []*Entity) PersonIndex
}

// PersonIndex finds the persons that may be the one a query describes, best first.
type PersonIndex interface {
	Candidates(q PersonQuery, limit int) []Scored
}

// sameNationalID tells whether a query's number is one of the entity's, comparing normalised
// forms under the entity's scheme (so "121212-1212" finds 19121212-1212).
func sameNationalID(q string, ids []Identifier, today time.Time) (same, conflict bool) {
	qd := digits(q)
	if qd == "" {
		return false, false
	}
	for _, id := range ids {
		if !personScheme(id.Scheme.String()) {
			continue
		}
		stored, err1 := ident.Parse(vocab.IRI(id.Scheme), id.Notation, today)
		asked, err2 := ident.Parse(vocab.IRI(id.Scheme), q, today)
		if err1 == nil && err2 == nil {
			if stored.Value == asked.Value {
				return true, false
			}
			conflict = true
			continue
		}
		if digits(id.Notation) == qd {
			return true, false
		}
	}
	return false, conflict
}

func personScheme(s string) bool {
	switch s {
	case vocab.GDNorwegianNationalIdentityNumber.String(), vocab.GDNorwegianDNumber.String(),
		vocab.GDSwedishPersonalIdentityNumber.String(), vocab.GDSwedishCoordinationNumber.String(),
		vocab.GDDanishCPRNumber.String(), "":
		return true
	}
	return false
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fold lower-cases s, writes the Nordic letters as their two-letter forms (æ ae, ø ö oe, å aa,
// ä ae), drops other diacritics and punctuation, and collapses spaces.
func fold(s string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFC.String(strings.ToLower(s)) {
		switch r {
		case 'æ', 'ä':
			b.WriteString("ae")
		case 'ø', 'ö':
			b.WriteString("oe")
		case 'å':
			b.WriteString("aa")
		case 'ß':
			b.WriteString("ss")
		default:
			for _, d := range norm.NFD.String(string(r)) {
				switch {
				case unicode.Is(unicode.Mn, d):
				case unicode.IsLetter(d) || unicode.IsDigit(d):
					b.WriteRune(d)
					space = false
				default:
					if !space {
						b.WriteByte(' ')
						space = true
					}
				}
			}
			continue
		}
		space = false
	}
	return strings.TrimSpace(b.String())
}

// similarity is the Dice coefficient of the character bigrams of two folded strings, with the
// words sorted first so that "Hansen Anna" equals "Anna Hansen": 1 for equal, 0 for nothing shared.
func similarity(a, b string) float64 {
	a, b = sortedWords(fold(a)), sortedWords(fold(b))
	if a == "" || b == "" {
		return 0
	}
	if a == b {
		return 1
	}
	ga, gb := bigrams(a), bigrams(b)
	if len(ga) == 0 || len(gb) == 0 {
		return 0
	}
	shared := 0
	for g, n := range ga {
		shared += min(n, gb[g])
	}
	total := 0
	for _, n := range ga {
		total += n
	}
	for _, n := range gb {
		total += n
	}
	return 2 * float64(shared) / float64(total)
}

func sortedWords(s string) string {
	w := strings.Fields(s)
	sort.Strings(w)
	return strings.Join(w, " ")
}

func bigrams(s string) map[string]int {
	r := []rune(" " + s + " ")
	out := map[string]int{}
	for i := 0; i+1 < len(r); i++ {
		out[string(r[i:i+2])]++
	}
	return out
}

// orgName folds an organisation name and drops its legal form (hub/match's rules): "Exempelby
// Friskolor AB" and "exempelby friskolor" compare equal.
func orgName(s string) string { return match.NormaliseOrgName(s) }

// simpleIndex scores every person against the query on a name similarity, the birth date and the
// address: FellegiSunter's fallback for queries that share no blocking key with anyone.
type simpleIndex struct {
	persons []*Entity
	now     func() time.Time
}

// Candidates weighs the name (0.5), the birth date (0.3) and the address (0.2) over the fields the
// query gives; a national ID or customer number that agrees is a certain match, one that disagrees
// rules the candidate out.
func (ix *simpleIndex) Candidates(q PersonQuery, limit int) []Scored {
	today := ix.now()
	name := q.Name
	if name == "" {
		name = strings.TrimSpace(q.Given + " " + q.Family)
	}
	var out []Scored
	for _, p := range ix.persons {
		var fs []Feature
		if q.CustomerNumber != "" {
			if digits(q.CustomerNumber) != p.Key {
				continue
			}
			fs = append(fs, Feature{"customerNumber", true})
			out = append(out, Scored{Entity: p, Score: 100, Match: true, Features: fs})
			continue
		}
		if q.NationalID != "" {
			same, conflict := sameNationalID(q.NationalID, p.IDs, today)
			if conflict {
				continue
			}
			if same {
				fs = append(fs, Feature{"nationalId", true})
				if name != "" {
					fs = append(fs, Feature{"name", round(similarity(name, p.Name))})
				}
				out = append(out, Scored{Entity: p, Score: 100, Match: true, Features: fs})
				continue
			}
		}
		var sum, weight float64
		if name != "" {
			s := similarity(name, p.Name)
			fs = append(fs, Feature{"name", round(s)})
			sum, weight = sum+0.5*s, weight+0.5
		}
		if q.BirthDate != "" {
			same := p.BirthDate != "" && q.BirthDate == p.BirthDate
			fs = append(fs, Feature{"birthDate", same})
			weight += 0.3
			if same {
				sum += 0.3
			}
		}
		if q.Address != "" || q.Postcode != "" {
			s := addressSimilarity(q, p.Address)
			fs = append(fs, Feature{"address", round(s)})
			sum, weight = sum+0.2*s, weight+0.2
		}
		if weight == 0 {
			continue
		}
		score := 100 * sum / weight
		if score < minScore {
			continue
		}
		out = append(out, Scored{Entity: p, Score: round(score), Features: fs})
	}
	sortScored(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

func addressSimilarity(q PersonQuery, a Address) float64 {
	if a.empty() {
		return 0
	}
	var s, n float64
	if q.Address != "" {
		s, n = s+max(similarity(q.Address, a.Line()), similarity(q.Address, a.Full)), n+1
	}
	if q.Postcode != "" {
		n++
		if digits(q.Postcode) == digits(a.Postcode) {
			s++
		}
	}
	return s / n
}

// minScore is the lowest score a candidate is returned with.
const minScore = 40

func sortScored(s []Scored) {
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].Score != s[j].Score {
			return s[i].Score > s[j].Score
		}
		return s[i].Entity.Key < s[j].Entity.Key
	})
}

func round(f float64) float64 { return float64(int(f*100+0.5)) / 100 }
