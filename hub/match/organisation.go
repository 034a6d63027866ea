package match

import (
	"sort"
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

// DedupOrganisations finds the duplicates within orgs: records sharing a valid organisation
// number, a normalised name's phonetic key, or a postcode and the first word of the name are
// compared, and the pairs with outcome Merge or Review are returned, merges first, each group
// best score first. Pairs d declares not duplicates are left out (d may be nil).
// Blocks larger than MaxBlock are skipped and counted in Stats.Oversized: a name or postcode that
// common says little, and organisations that share a number still meet in the number's block.
func (m *Matcher) DedupOrganisations(orgs []Organisation, d Decisions) ([]Evidence, Stats) {
	st := Stats{Records: len(orgs)}
	blocks := map[string][]int{}
	for i, o := range orgs {
		if n := canonicalOrg(o.OrgNumber, o.Scheme); n != "" {
			blocks["o"+n] = append(blocks["o"+n], i)
		}
		name := NormaliseOrgName(o.Name)
		if name == "" {
			continue
		}
		blocks["n"+PhoneticKey(name)] = append(blocks["n"+PhoneticKey(name)], i)
		if pc := normalisePostcode(o.Postcode); pc != "" {
			first, _, _ := strings.Cut(name, " ")
			blocks["p"+pc+"|"+first] = append(blocks["p"+pc+"|"+first], i)
		}
	}
	seen := map[[2]int]bool{}
	var out []Evidence
	for _, members := range blocks {
		if len(members) < 2 {
			continue
		}
		st.Blocks++
		if len(members) > m.maxBlock {
			st.Oversized++
			continue
		}
		for x := 0; x < len(members); x++ {
			for y := x + 1; y < len(members); y++ {
				a, b := orgs[members[x]], orgs[members[y]]
				if b.ID < a.ID {
					a, b = b, a
				}
				k := [2]int{min(members[x], members[y]), max(members[x], members[y])}
				if seen[k] || a.ID == b.ID {
					continue
				}
				seen[k] = true
				st.Compared++
				if d != nil && d.NotDuplicate(a.ID, b.ID) {
					st.Rejected++
					continue
				}
				e := m.CompareOrganisations(a, b)
				switch e.Outcome {
				case Merge:
					st.Merge++
				case Review:
					st.Review++
				default:
					continue
				}
				out = append(out, e)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Outcome != out[j].Outcome {
			return out[i].Outcome > out[j].Outcome
		}
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out, st
}
