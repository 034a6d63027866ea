package match

// Level is how far two values of one field agree. Each field uses the levels that make sense for
// it (see the comparators); Fellegi–Sunter weights are kept per field and level.
type Level uint8

// The agreement levels, from the strongest agreement to none.
const (
	// Missing: one side (or both) does not know the value. Its weight is usually near zero.
	Missing Level = iota
	// Exact: equal after normalisation.
	Exact
	// Phonetic: different spellings with the same Nordic phonetic key (Søren/Soren, Nielsen/Nilsen).
	Phonetic
	// Similar: Jaro-Winkler ≥ 0.92 (a typo), or a birth date with one digit different.
	Similar
	// Weak: Jaro-Winkler ≥ 0.80.
	Weak
	// Partial: one name of several in common (a double surname, a second given name); for
	// addresses, the same street and postcode at another house number; for birth dates, the
	// same year and month or year and day.
	Partial
	// Transposed: a birth date with day and month swapped.
	Transposed
	// Placeholder: one birth date is 1 January of the other's year — a placeholder registers use
	// when only the year is known.
	Placeholder
	// Postcode: only the postcode agrees.
	Postcode
	// Disagree: known on both sides and different.
	Disagree
	numLevels
)

var levelNames = [numLevels]string{"missing", "exact", "phonetic", "similar", "weak", "partial", "transposed", "placeholder", "postcode", "disagree"}

// String returns the level's name as evidence and the weights file spell it.
func (l Level) String() string {
	if l < numLevels {
		return levelNames[l]
	}
	return "unknown"
}

// Field is a compared field of a person.
type Field uint8

// The fields of a person the matcher compares.
const (
	NationalID Field = iota
	GivenName
	FamilyName
	BirthDate
	Address
	// FamilyAddress is the address compared between two records whose family names agree
	// (exactly, phonetically, with a typo or in part). It has weights of its own because the two
	// are not independent: people with one family name at one address are usually a household,
	// so agreeing on both is much weaker evidence than the product of the two.
	FamilyAddress
	numFields
)

var fieldNames = [numFields]string{"nationalId", "givenName", "familyName", "birthDate", "address", "familyAddress"}

// String returns the field's name as used in evidence and in the weights file.
func (f Field) String() string {
	if f < numFields {
		return fieldNames[f]
	}
	return "unknown"
}

// levels is one comparison vector: the level of each field.
type levels [numFields]Level

// Similarity thresholds for names, on Jaro-Winkler of the normalised names.
const (
	similarJW = 0.92
	weakJW    = 0.80
)

// compareIDs compares national identity numbers that prepare validated.
func compareIDs(a, b string) Level {
	switch {
	case a == "" || b == "":
		return Missing
	case a == b:
		return Exact
	}
	return Disagree
}

// compareNames compares two names given as normalised tokens (without particles) with their
// phonetic keys. The levels are tried from the strongest: the whole name equal, equal phonetic
// keys, Jaro-Winkler of the whole names, one token in common (exactly or phonetically), else
// disagree. It returns the Jaro-Winkler similarity as well, for the evidence.
func compareNames(a, b string, aToks, bToks, aKeys, bKeys []string, aKey, bKey string) (Level, float64) {
	if a == "" || b == "" {
		return Missing, 0
	}
	if a == b {
		return Exact, 1
	}
	jw := JaroWinkler(a, b)
	if aKey == bKey {
		return Phonetic, jw
	}
	if jw >= similarJW {
		return Similar, jw
	}
	if len(aToks) > 1 || len(bToks) > 1 {
		for i := range aToks {
			for k := range bToks {
				if aToks[i] == bToks[k] || (len(aKeys[i]) > 1 && aKeys[i] == bKeys[k]) {
					return Partial, jw
				}
			}
		}
	}
	if jw >= weakJW {
		return Weak, jw
	}
	return Disagree, jw
}

// compareDates compares birth dates: exact; day and month transposed; one of them the 1 January
// placeholder of the other's year; one digit of YYYYMMDD different (a typo: similar); the same
// year and month or the same year and day (partial); else disagree.
func compareDates(a, b date) Level {
	switch {
	case a.y == 0 || b.y == 0:
		return Missing
	case a == b:
		return Exact
	case a.y == b.y && a.d == b.m && a.m == b.d:
		return Transposed
	case a.y == b.y && ((a.m == 1 && a.d == 1) || (b.m == 1 && b.d == 1)):
		return Placeholder
	case digitsApart(a.y*10000+a.m*100+a.d, b.y*10000+b.m*100+b.d) == 1:
		return Similar
	case a.y == b.y && (a.m == b.m || a.d == b.d):
		return Partial
	}
	return Disagree
}

// digitsApart counts the decimal digits in which a and b differ.
func digitsApart(a, b int) int {
	diff := 0
	for a > 0 || b > 0 {
		if a%10 != b%10 {
			diff++
		}
		a, b = a/10, b/10
	}
	return diff
}

// compareAddresses compares street addresses and postcodes: the same street, number and postcode
// (a missing postcode on one side does not count against); the same street and number with
// another postcode, or a street name within Jaro-Winkler 0.92 at the same number and postcode
// (similar); the same street and postcode at another number (partial); only the postcode; else
// disagree. Missing when either side has neither street nor postcode.
func compareAddresses(a, b *prepared) (Level, float64) {
	aHas, bHas := a.addr.street != "" || a.postcode != "", b.addr.street != "" || b.postcode != ""
	if !aHas || !bHas {
		return Missing, 0
	}
	samePost := a.postcode != "" && a.postcode == b.postcode
	postOK := samePost || a.postcode == "" || b.postcode == ""
	if a.addr.street == "" || b.addr.street == "" {
		if samePost {
			return Postcode, 0
		}
		return Disagree, 0
	}
	jw := JaroWinkler(a.addr.street, b.addr.street)
	sameStreet := a.addr.street == b.addr.street
	sameNumber := a.addr.number == b.addr.number
	switch {
	case sameStreet && sameNumber && postOK:
		return Exact, jw
	case sameStreet && sameNumber, jw >= similarJW && sameNumber && postOK:
		return Similar, jw
	case sameStreet && samePost:
		return Partial, jw
	case samePost:
		return Postcode, jw
	}
	return Disagree, jw
}
