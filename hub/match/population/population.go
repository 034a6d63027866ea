// Package population generates synthetic Nordic populations with known duplicates, to measure and
// tune the matcher (hub/match) and to derive its default weights.
//
// Persons are Swedish, Norwegian or Danish, with common given names and surnames of their
// country (Zipf-distributed) and a long tail of compound surnames, households that share a surname
// and an address, birth dates from 1930 to 2020 and
// synthetic national identity numbers made with model/ident's Make helpers (Norwegian synthetic
// numbers with month + 80, Swedish test numbers with birth numbers 980–999, Danish numbers that
// fail modulus 11 for births before 2007), so no real person's number can appear. A share of the
// records are duplicates of another record, changed the way registers change them: typos,
// respelt æ/ø/å, swapped given and family names, married names, moves, missing identity numbers,
// the 1 January placeholder for an unknown birth date, transposed day and month. The same seed
// always gives the same population.
package population

import (
	"fmt"
	"math/rand"
	"strings"
	"time"

	"github.com/grunddata/grunddata/hub/match"
	"github.com/grunddata/grunddata/model/ident"
	"github.com/grunddata/grunddata/vocab"
)

// Config says what to generate.
type Config struct {
	// N is the number of records, duplicates included.
	N int
	// DupRate is the share of the records that are duplicates of another record (0.1 = 10%).
	DupRate float64
	// Seed seeds the generator.
	Seed int64
	// IDRate is the share of original records with a national identity number; zero means 0.9.
	IDRate float64
	// DupIDRate is the share of duplicates that keep the identity number; zero means 0.5.
	DupIDRate float64
}

// Record is one generated record with the truth about it.
type Record struct {
	match.Person
	// Entity identifies the real (synthetic) person; records with the same Entity are
	// duplicates of each other.
	Entity int
	// Country is SE, NO or DK.
	Country string
	// Edits lists the changes made to a duplicate (empty for an original): typo, respelt,
	// swapped, married, moved, jan1, transposed, datetypo, givennames, uppercase, noaddress,
	// nobirthdate, noid.
	Edits []string
}

// Generate makes a population. Errors: N < 1 or DupRate outside [0, 0.9].
func Generate(cfg Config) ([]Record, error) {
	if cfg.N < 1 {
		return nil, fmt.Errorf("population: N must be at least 1, got %d", cfg.N)
	}
	if cfg.DupRate < 0 || cfg.DupRate > 0.9 {
		return nil, fmt.Errorf("population: the duplicate rate must be between 0 and 0.9, got %g", cfg.DupRate)
	}
	if cfg.IDRate == 0 {
		cfg.IDRate = 0.9
	}
	if cfg.DupIDRate == 0 {
		cfg.DupIDRate = 0.5
	}
	g := &gen{r: rand.New(rand.NewSource(cfg.Seed)), cfg: cfg, used: map[string]bool{}}
	for _, c := range countries {
		g.zipf = append(g.zipf, zipfs{
			male:    rand.NewZipf(g.r, 1.1, 20, uint64(len(c.male)-1)),
			female:  rand.NewZipf(g.r, 1.1, 20, uint64(len(c.female)-1)),
			surname: rand.NewZipf(g.r, 1.05, 10, uint64(len(c.surnames)-1)),
		})
		g.postcodes = append(g.postcodes, postcodes(g.r, c, 600))
	}
	originals := cfg.N - int(float64(cfg.N)*cfg.DupRate+0.5)
	if originals < 1 {
		originals = 1
	}
	recs := make([]Record, 0, cfg.N)
	for i := 0; i < originals; i++ {
		var prev *Record
		if i > 0 && g.r.Float64() < 0.3 {
			prev = &recs[i-1]
		}
		recs = append(recs, g.original(i, prev))
	}
	for len(recs) < cfg.N {
		recs = append(recs, g.duplicate(recs[g.r.Intn(originals)]))
	}
	g.r.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	for i := range recs {
		recs[i].ID = fmt.Sprintf("r%07d", i+1)
	}
	return recs, nil
}

type zipfs struct{ male, female, surname *rand.Zipf }

type gen struct {
	r         *rand.Rand
	cfg       Config
	zipf      []zipfs
	postcodes [][]string
	used      map[string]bool // national IDs handed out
}

// postcodes draws n distinct postcodes of a country.
func postcodes(r *rand.Rand, c country, n int) []string {
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		v := c.postcodeBase + r.Intn(c.postcodeSpan)
		var s string
		if strings.Count(c.postcodeFormat, "%") == 2 {
			s = fmt.Sprintf(c.postcodeFormat, v/100, v%100)
		} else {
			s = fmt.Sprintf(c.postcodeFormat, v)
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func (g *gen) original(entity int, household *Record) Record {
	ci := g.r.Intn(len(countries))
	if household != nil {
		ci = countryIndex(household.Country)
	}
	c := countries[ci]
	female := g.r.Intn(2) == 0
	rec := Record{Entity: entity, Country: c.code}
	rec.GivenName = g.givenName(ci, female)
	for try := 0; household != nil && try < 5 && strings.HasPrefix(household.GivenName, rec.GivenName); try++ {
		rec.GivenName = g.givenName(ci, female) // parents seldom give a child their own name
	}
	if g.r.Float64() < 0.25 {
		if second := g.givenName(ci, female); second != rec.GivenName {
			rec.GivenName += " " + second
		}
	}
	rec.FamilyName = g.surname(ci)
	if g.r.Float64() < 0.04 { // a double surname from birth
		rec.FamilyName += " " + g.surname(ci)
	}
	rec.BirthDate = time.Date(1930, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.r.Intn(90*365))
	rec.Street, rec.Postcode = g.address(ci)
	if household != nil {
		rec.FamilyName, rec.Street, rec.Postcode = household.FamilyName, household.Street, household.Postcode
	}
	if g.r.Float64() < g.cfg.IDRate {
		rec.NationalID = g.nationalID(c.code, rec.BirthDate)
		if rec.NationalID != "" {
			rec.IDScheme = schemes[c.code]
		}
	}
	rec.Protected = g.r.Float64() < 0.005
	return rec
}

var schemes = map[string]vocab.IRI{
	"SE": vocab.GDSwedishPersonalIdentityNumber,
	"NO": vocab.GDNorwegianNationalIdentityNumber,
	"DK": vocab.GDDanishCPRNumber,
}

func countryIndex(code string) int {
	for i, c := range countries {
		if c.code == code {
			return i
		}
	}
	return 0
}

// tailShare is the share of surnames drawn from the long tail rather than the common list.
const tailShare = 0.45

// surname draws a surname of country ci: a common one (Zipf over the list), or one of the long
// tail made of a prefix and a suffix.
func (g *gen) surname(ci int) string {
	c := countries[ci]
	if g.r.Float64() < tailShare {
		return c.prefixes[g.r.Intn(len(c.prefixes))] + c.suffixes[g.r.Intn(len(c.suffixes))]
	}
	return c.surnames[g.zipf[ci].surname.Uint64()]
}

func (g *gen) givenName(ci int, female bool) string {
	if female {
		return countries[ci].female[g.zipf[ci].female.Uint64()]
	}
	return countries[ci].male[g.zipf[ci].male.Uint64()]
}

func (g *gen) address(ci int) (street, postcode string) {
	c := countries[ci]
	street = fmt.Sprintf("%s %d", c.streets[g.r.Intn(len(c.streets))], 1+g.r.Intn(150))
	if g.r.Float64() < 0.15 {
		street += " " + string(rune('A'+g.r.Intn(4)))
	}
	return street, g.postcodes[ci][g.r.Intn(len(g.postcodes[ci]))]
}

// nationalID makes an unused synthetic identity number for a person born on birth, or "" when
// none can be made (a Danish birth from 2007 on).
func (g *gen) nationalID(code string, birth time.Time) string {
	for try := 0; try < 200; try++ {
		var id string
		var ok bool
		switch code {
		case "SE":
			id, ok = ident.MakeSwedishPerson(birth, 980+g.r.Intn(20), false), true
		case "NO":
			id, ok = ident.MakeNorwegianPerson(birth, g.r.Intn(1000), ident.Synthetic)
		case "DK":
			if birth.Year() >= 2007 {
				return ""
			}
			seq := g.r.Intn(10000)
			id, ok = ident.MakeDanishCPR(birth, seq)
			ok = ok && !danishMod11(id)
		}
		if ok && !g.used[id] {
			g.used[id] = true
			return id
		}
	}
	return ""
}

// danishMod11 tells whether a CPR number passes the old modulus-11 check; synthetic numbers must
// not, so that they can never be a number issued before 2007.
func danishMod11(cpr string) bool {
	w := []int{4, 3, 2, 7, 6, 5, 4, 3, 2, 1}
	sum := 0
	for i := range w {
		sum += int(cpr[i]-'0') * w[i]
	}
	return sum%11 == 0
}

// Persons returns the match records of recs, in order.
func Persons(recs []Record) []match.Person {
	ps := make([]match.Person, len(recs))
	for i := range recs {
		ps[i] = recs[i].Person
	}
	return ps
}
