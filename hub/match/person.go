package match

import (
	"strings"
	"time"

	"github.com/grunddata/grunddata/model/ident"
	"github.com/grunddata/grunddata/vocab"
)

// Person is what the matcher knows of one person record. Callers build it from whatever holds the
// record (the store, a reconciliation query, a generated population); only ID is required.
type Person struct {
	// ID is the caller's key for the record (an IRI or a customer number); evidence and
	// "not a duplicate" decisions name records by it.
	ID string
	// NationalID is the national identity number as written; "" when unknown. A number that
	// does not validate is ignored (treated as unknown), so a typo never decides a match.
	NationalID string
	// IDScheme is NationalID's scheme (vocab.GDNorwegianNationalIdentityNumber …); when zero the
	// scheme is guessed from the number (Norwegian, then Swedish, then Danish).
	IDScheme vocab.IRI
	// GivenName holds all given names, space separated.
	GivenName string
	// FamilyName may be double ("Hansen Berg", "Lind-Karlsson") and carry particles ("af Klint").
	FamilyName string
	// BirthDate is the date of birth; zero when unknown.
	BirthDate time.Time
	// Street is the address line: street name and house number ("Storgatan 12 B").
	Street string
	// Postcode is the postal code, with or without a country prefix or spaces.
	Postcode string
	// Protected marks a person with a protected identity, who is never merged automatically.
	Protected bool
}

// date is a birth date as numbers, zero when unknown.
type date struct{ y, m, d int }

// prepared is a Person with everything the comparators need computed once.
type prepared struct {
	id         string
	nid        string // scheme IRI + " " + canonical value; "" when unknown or invalid
	given      string // normalised, without particles
	family     string
	givenToks  []string
	familyToks []string
	givenKey   string // phonetic keys of the tokens, space separated
	familyKey  string
	// givenFreq and familyFreq are the shares of the records of the set being matched that
	// have this given and family name; zero when not known (a lone pair).
	givenFreq, familyFreq float64
	givenKeys             []string
	familyKeys            []string
	birth                 date
	addr                  address
	postcode              string
	protected             bool
}

// idToday decides the century of ten-digit Swedish numbers. The hub's matcher is deterministic, so
// it is a fixed date rather than the clock: a ten-digit number with a '-' is then read as a person
// born within the hundred years before it.
var idToday = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// canonicalID validates a person number under scheme, or under each person scheme in turn when
// scheme is empty, and returns "scheme value", or "" when it is not valid.
func canonicalID(s string, scheme vocab.IRI) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if scheme != (vocab.IRI{}) {
		id, err := ident.Parse(scheme, s, idToday)
		if err != nil || !id.Person {
			return ""
		}
		return id.Scheme.String() + " " + id.Value
	}
	for _, sc := range []vocab.IRI{vocab.GDNorwegianNationalIdentityNumber, vocab.GDSwedishPersonalIdentityNumber, vocab.GDDanishCPRNumber} {
		if id, err := ident.Parse(sc, s, idToday); err == nil {
			return id.Scheme.String() + " " + id.Value
		}
	}
	return ""
}

func prepare(p Person) prepared {
	r := prepared{id: p.ID, nid: canonicalID(p.NationalID, p.IDScheme), protected: p.Protected}
	r.givenToks = nameTokens(NormaliseName(p.GivenName))
	r.familyToks = nameTokens(NormaliseName(p.FamilyName))
	r.given = strings.Join(r.givenToks, " ")
	r.family = strings.Join(r.familyToks, " ")
	r.givenKeys = phoneticKeys(r.givenToks)
	r.familyKeys = phoneticKeys(r.familyToks)
	r.givenKey = strings.Join(r.givenKeys, " ")
	r.familyKey = strings.Join(r.familyKeys, " ")
	if !p.BirthDate.IsZero() {
		r.birth = date{p.BirthDate.Year(), int(p.BirthDate.Month()), p.BirthDate.Day()}
	}
	r.addr = parseStreet(p.Street)
	r.postcode = normalisePostcode(p.Postcode)
	return r
}

func phoneticKeys(toks []string) []string {
	if len(toks) == 0 {
		return nil
	}
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = phoneticToken(t)
	}
	return keys
}

// normalisePostcode keeps the digits and letters of a postal code, dropping a country prefix
// ("SE-123 45", "DK-2100", "N-0150") and spaces.
func normalisePostcode(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if i := strings.IndexByte(s, '-'); i > 0 && i <= 2 {
		s = s[i+1:]
	}
	var b strings.Builder
	for _, r := range s {
		if (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	return b.String()
}
