package match

import (
	"strings"

	"github.com/grunddata/grunddata/model/ident"
	"github.com/grunddata/grunddata/vocab"
)

// Organisation is what the matcher knows of one organisation record.
type Organisation struct {
	// ID is the caller's key for the record.
	ID string
	// OrgNumber is the organisation number as written (Norwegian organisasjonsnummer, Swedish
	// organisationsnummer, Danish CVR); "" when unknown. One that does not validate is ignored.
	OrgNumber string
	// Scheme is OrgNumber's scheme; when zero it is guessed (Norwegian, Swedish, Danish).
	Scheme vocab.IRI
	// Name is the organisation's name, with or without its legal form.
	Name string
	// Postcode is the postal code of its address.
	Postcode string
}

// legalForms are the legal-form words dropped from organisation names, as normalised tokens:
// Norwegian, Swedish and Danish company forms and the public bodies' own words. "Exempel AB",
// "Exempel Aktiebolag" and "EXEMPEL" compare equal.
var legalForms = map[string]bool{
	"as": true, "asa": true, "ab": true, "publ": true, "aps": true,
	"ans": true, "da": true, "ks": true, "ivs": true, "amba": true, "smba": true, "hb": true, "kb": true,
	"aktieselskab": true, "aksjeselskap": true, "aktiebolag": true, "aktiebolaget": true,
	"anpartsselskab": true, "handelsbolag": true, "kommanditbolag": true, "enk": true, "ek": true,
	"for": true, "forening": true, "ekonomisk": true,
	"kommun": true, "kommune": true, "kommunen": true, "kommunes": true, "kommuns": true,
	"sf": true, "iks": true, "sa": true, "nuf": true,
}

// NormaliseOrgName folds an organisation name for comparison: NormaliseName, with "A/S" and "I/S"
// joined, legal forms (AS, ASA, AB, (publ), ApS, A/S, kommun, kommune …) removed wherever they
// stand, and "&" spelt "og". "Exempelby Kommune" and "exempelby kommun" both give "exempelby".
func NormaliseOrgName(s string) string {
	toks := strings.Fields(NormaliseName(strings.ReplaceAll(s, "&", " og ")))
	out := make([]string, 0, len(toks))
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if (t == "a" || t == "i") && i+1 < len(toks) && toks[i+1] == "s" { // A/S, I/S, A.S.
			i++
			continue
		}
		if legalForms[t] {
			continue
		}
		out = append(out, t)
	}
	if len(out) == 0 { // the name is only a legal form; keep what was written
		return strings.Join(toks, " ")
	}
	return strings.Join(out, " ")
}

// canonicalOrg validates an organisation number and returns "scheme value", or "".
func canonicalOrg(s string, scheme vocab.IRI) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	schemes := []vocab.IRI{vocab.GDNorwegianOrganisationNumber, vocab.GDSwedishOrganisationNumber, vocab.GDDanishCVRNumber}
	if scheme != (vocab.IRI{}) {
		schemes = []vocab.IRI{scheme}
	}
	for _, sc := range schemes {
		if id, err := ident.Parse(sc, s, idToday); err == nil && !id.Person {
			return id.Scheme.String() + " " + id.Value
		}
	}
	return ""
}

// Organisation weights. Organisations are few and their numbers are almost always known, so they
// get a small fixed model rather than estimated weights: the number decides; without it, the
// name (without legal form) and the postcode.
const (
	orgNameExact    = 12.0
	orgNameSimilar  = 7.0
	orgNameDisagree = -10.0
	orgPostSame     = 6.0
	orgPostDiffer   = -2.0
	// orgUpper and orgLower are the thresholds: the same name at the same postcode merges; the
	// same name alone, or a similar one at the same postcode, goes to review.
	orgUpper = 18.0
	orgLower = 10.0
)

// CompareOrganisations compares two organisation records: the same valid organisation number →
// merge; different valid numbers → none; otherwise a score from the names (without legal forms;
// exact, or Jaro-Winkler ≥ 0.92) and postcodes: the same name and postcode merge, the same name
// alone or a similar name at the same postcode go to review.
func (m *Matcher) CompareOrganisations(a, b Organisation) Evidence {
	e := Evidence{A: a.ID, B: b.ID}
	na, nb := canonicalOrg(a.OrgNumber, a.Scheme), canonicalOrg(b.OrgNumber, b.Scheme)
	idLevel := compareIDs(na, nb)
	nameA, nameB := NormaliseOrgName(a.Name), NormaliseOrgName(b.Name)
	name := FieldEvidence{Field: "name", Level: Missing.String()}
	if nameA != "" && nameB != "" {
		jw := JaroWinkler(nameA, nameB)
		name.Similarity = jw
		switch {
		case nameA == nameB:
			name.Level, name.Weight = Exact.String(), orgNameExact
		case jw >= similarJW:
			name.Level, name.Weight = Similar.String(), orgNameSimilar
		default:
			name.Level, name.Weight = Disagree.String(), orgNameDisagree
		}
	}
	post := FieldEvidence{Field: "postcode", Level: Missing.String()}
	pa, pb := normalisePostcode(a.Postcode), normalisePostcode(b.Postcode)
	if pa != "" && pb != "" {
		if pa == pb {
			post.Level, post.Similarity, post.Weight = Exact.String(), 1, orgPostSame
		} else {
			post.Level, post.Weight = Disagree.String(), orgPostDiffer
		}
	}
	org := FieldEvidence{Field: "organisationNumber", Level: idLevel.String()}
	if idLevel == Exact {
		org.Similarity = 1
	}
	e.Fields = []FieldEvidence{org, name, post}
	e.Score = name.Weight + post.Weight
	switch {
	case idLevel == Exact:
		e.Outcome, e.Reason = Merge, "same organisation number"
	case idLevel == Disagree:
		e.Outcome, e.Reason = None, "different organisation numbers"
	case e.Score >= orgUpper:
		e.Outcome, e.Reason = Merge, "same name and postcode"
	case e.Score >= orgLower:
		e.Outcome, e.Reason = Review, "score between the thresholds"
	default:
		e.Outcome, e.Reason = None, "score below the lower threshold"
	}
	return e
}
