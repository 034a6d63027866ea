package ss12000

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors/internal/build"
	"github.com/grunddata/grunddata/model/ident"
	"github.com/grunddata/grunddata/vocab"
)

// CodeNS is the namespace of the SS 12000 code values this connector uses as concept IRIs
// (organisationType, groupType): {CodeNS}{list}/{value}, the value path-escaped as the source spells
// it, so a value the standard adds later gets an IRI too.
const CodeNS = "https://w3id.org/grunddata/code/ss12000/"

func code(list, value string) rdf.IRI { return build.IRI(CodeNS + list + "/" + url.PathEscape(value)) }

// The SS 12000 securityMarking values (Skatteverket's protection levels).
const (
	markingNone        = "Ingen"
	markingConfidental = "Sekretessmarkering"
	markingProtected   = "Skyddad folkbokföring"
)

// orgNode is what the connector knows about one organisation element when it maps the records that
// point at it.
type orgNode struct {
	iri    rdf.IRI
	formal bool   // an organisation with a number of its own (Huvudman, Bolag …), not a unit
	parent string // the parent's SS 12000 id
	bad    string // why the element could not be mapped ("" when it could)
}

// orgIndex maps SS 12000 organisation ids to the hub's IRIs.
type orgIndex map[string]*orgNode

// index works out every organisation element's IRI: a formal organisation by its organisation
// number, a school unit by its school unit code, another unit by its organisation code or else its
// SS 12000 id.
func index(base string, orgs []organisation) orgIndex {
	idx := make(orgIndex, len(orgs))
	for _, o := range orgs {
		n := &orgNode{}
		if o.ParentOrganisation != nil {
			n.parent = o.ParentOrganisation.ID
		}
		switch {
		case o.OrganisationNumber != "" && formalType(o.OrganisationType):
			id, err := ident.SwedishOrganisation(o.OrganisationNumber)
			if err != nil {
				n.bad = "organisationNumber: " + err.Error()
				n.iri = build.Resource(base, "organisation", o.ID)
			} else {
				n.iri = build.Resource(base, "organisation", id.Value)
			}
			n.formal = true
		case o.SchoolUnitCode != "":
			n.iri = build.Resource(base, "unit", o.SchoolUnitCode)
		case o.OrganisationCode != "":
			n.iri = build.Resource(base, "unit", o.OrganisationCode)
		default:
			n.iri = build.Resource(base, "unit", o.ID)
		}
		idx[o.ID] = n
	}
	return idx
}

// formalType tells the organisation types that are legal persons with an organisation number of
// their own; the rest (Skola, Skolenhet, Förvaltning …) are units.
func formalType(t string) bool { return t == "Huvudman" || t == "Bolag" }

// formalOf walks up from id to the nearest formal organisation (the unit's org:unitOf).
func (idx orgIndex) formalOf(id string) (rdf.IRI, bool) {
	for range len(idx) + 1 {
		n, ok := idx[id]
		if !ok {
			return rdf.IRI{}, false
		}
		if n.formal {
			return n.iri, true
		}
		id = n.parent
	}
	return rdf.IRI{}, false // a cycle
}

// mapError is a record the connector cannot map; the message names the field.
type mapError struct{ msg string }

func (e *mapError) Error() string { return e.msg }

func bad(format string, args ...any) error { return &mapError{fmt.Sprintf(format, args...)} }

func mapOrganisation(base string, idx orgIndex, o organisation) ([]rdf.Triple, error) {
	if o.ID == "" {
		return nil, bad("id: missing")
	}
	if strings.TrimSpace(o.DisplayName) == "" {
		return nil, bad("displayName: missing")
	}
	n := idx[o.ID]
	if n.bad != "" {
		return nil, bad("%s", n.bad)
	}
	if err := checkDates(o.StartDate, o.EndDate); err != nil {
		return nil, err
	}
	var r build.Record
	s := n.iri
	if n.formal {
		id, _ := ident.SwedishOrganisation(o.OrganisationNumber)
		r.Type(s, vocab.ORGOrganization)
		if o.MunicipalityCode != "" {
			r.Type(s, vocab.CVPublicOrganisation)
		}
		r.Str(s, vocab.DCTIdentifier, id.Value)
		r.Identifier(s, id.Value, vocab.GDSwedishOrganisationNumber)
		if o.MunicipalityCode != "" {
			r.Identifier(s, o.MunicipalityCode, vocab.GDMunicipalityCode)
		}
	} else {
		r.Type(s, vocab.ORGOrganizationalUnit)
		key := o.ID
		switch {
		case o.SchoolUnitCode != "":
			key = o.SchoolUnitCode
			r.Identifier(s, o.SchoolUnitCode, vocab.GDSwedishSchoolUnitCode)
		case o.OrganisationCode != "":
			key = o.OrganisationCode
		}
		r.Str(s, vocab.DCTIdentifier, key)
		if o.ParentOrganisation != nil {
			formal, ok := idx.formalOf(o.ParentOrganisation.ID)
			if !ok {
				return nil, bad("parentOrganisation: %q is not an organisation this source lists, or has no huvudman above it", o.ParentOrganisation.ID)
			}
			r.Add(s, vocab.ORGUnitOf, formal)
			r.Add(formal, vocab.ORGHasUnit, s)
			if p := idx[o.ParentOrganisation.ID]; !p.formal {
				r.Add(s, vocab.ORGSubOrganizationOf, p.iri)
			}
		}
	}
	r.Str(s, vocab.SKOSPrefLabel, o.DisplayName)
	r.Add(s, vocab.ORGClassification, code("organisationType", o.OrganisationType))
	if o.URL != "" {
		if u, err := rdf.NewIRI(o.URL); err == nil {
			r.Add(s, vocab.FOAFHomepage, u)
		}
	}
	if o.Email != "" || o.PhoneNumber != "" {
		cp := r.Blank()
		r.Add(s, vocab.CVContactPointProp, cp)
		r.Type(cp, vocab.CVContactPoint)
		r.Str(cp, vocab.CVEmail, o.Email)
		r.Str(cp, vocab.CVTelephone, o.PhoneNumber)
	}
	if o.Address != nil {
		r.AddAddress(s, addressOf(*o.Address))
	}
	return r.Triples, nil
}

func addressOf(a address) build.Address {
	out := build.Address{
		Street:   a.StreetAddress,
		PostCode: strings.ReplaceAll(a.PostalCode, " ", ""),
		PostName: a.Locality,
		Country:  country(a.Country),
	}
	street, number := build.SplitStreet(a.StreetAddress)
	if number != "" {
		out.Street, out.Number = street, number
	}
	if a.StreetAddress != "" {
		out.Full = strings.TrimSpace(a.StreetAddress + ", " + strings.TrimSpace(a.PostalCode+" "+a.Locality))
	}
	return out
}

// country turns SS 12000's country (a name, "Sverige", or a code) into ISO 3166-1 alpha-2.
func country(c string) string {
	switch strings.ToLower(strings.TrimSpace(c)) {
	case "", "sverige", "sweden", "se", "swe":
		return "SE"
	case "norge", "norway", "no", "nor":
		return "NO"
	case "danmark", "denmark", "dk", "dnk":
		return "DK"
	case "finland", "fi", "fin":
		return "FI"
	}
	if len(c) == 2 {
		return strings.ToUpper(c)
	}
	return ""
}

// protection maps securityMarking to the model's protection level. A value the connector does not
// know is treated as confidential: a new kind of marking must not leak an address.
func protection(marking string) (rdf.IRI, bool) {
	switch marking {
	case "", markingNone:
		return vocab.GDUnprotected, false
	case markingProtected:
		return vocab.GDProtectedIdentity, true
	default: // Sekretessmarkering and any marking added later
		return vocab.GDConfidential, true
	}
}

// personIn is a person record ready for mapping: the source record and its national number, checked.
type personIn struct {
	p  person
	id ident.ID // zero when the source gives no civicNo
}

func checkPerson(p person, today time.Time) (personIn, error) {
	if p.ID == "" {
		return personIn{}, bad("id: missing")
	}
	if strings.TrimSpace(p.FamilyName) == "" {
		return personIn{}, bad("familyName: missing")
	}
	in := personIn{p: p}
	if p.CivicNo != nil && strings.TrimSpace(p.CivicNo.Value) != "" {
		id, err := ident.SwedishPerson(p.CivicNo.Value, today)
		if err != nil {
			return personIn{}, bad("civicNo: %v", err)
		}
		in.id = id
	}
	if p.BirthDate != "" {
		if _, err := time.Parse(time.DateOnly, p.BirthDate); err != nil {
			return personIn{}, bad("birthDate: %q is not a date (YYYY-MM-DD)", p.BirthDate)
		}
	}
	return in, nil
}

func mapPerson(s rdf.IRI, in personIn) []rdf.Triple {
	p := in.p
	var r build.Record
	r.Type(s, vocab.PersonPerson)
	given := strings.TrimSpace(p.GivenName + " " + p.MiddleName)
	r.Str(s, vocab.FOAFGivenName, given)
	r.Str(s, vocab.FOAFFamilyName, p.FamilyName)
	birth := p.BirthDate
	if birth == "" && !in.id.BirthDate.IsZero() {
		birth = in.id.BirthDate.Format(time.DateOnly)
	}
	r.Typed(s, vocab.CVBirthDate, birth, vocab.XSDDate)
	if in.id.Value != "" {
		r.Identifier(s, in.id.Value, in.id.Scheme)
	}
	level, protected := protection(p.SecurityMarking)
	r.Add(s, vocab.GDProtectionLevel, level)
	if !protected {
		if a, ok := homeAddress(p.Addresses); ok {
			r.AddAddress(s, addressOf(a))
		}
	}
	for _, e := range p.Emails {
		if protected && e.Type == "Privat" {
			continue
		}
		cp := r.Blank()
		r.Add(s, vocab.CVContactPointProp, cp)
		r.Type(cp, vocab.CVContactPoint)
		r.Str(cp, vocab.CVEmail, e.Value)
	}
	for _, ph := range p.PhoneNumbers {
		if protected && ph.Type == "Hem" {
			continue
		}
		cp := r.Blank()
		r.Add(s, vocab.CVContactPointProp, cp)
		r.Type(cp, vocab.CVContactPoint)
		r.Str(cp, vocab.CVTelephone, ph.Value)
	}
	return r.Triples
}

// homeAddress picks the population-register address (Folkbokföring), else the first one.
func homeAddress(as []address) (address, bool) {
	for _, a := range as {
		if a.Type == "Folkbokföring" {
			return a, true
		}
	}
	if len(as) > 0 {
		return as[0], true
	}
	return address{}, false
}

// roles maps the SS 12000 dutyRole values to the keys of the hub's role types; a value not listed
// gets a key derived from its spelling, so it is kept as a role type of its own.
var roles = map[string]string{
	"Rektor":                       "principal",
	"Lärare":                       "teacher",
	"Förskollärare":                "preschool-teacher",
	"Barnskötare":                  "childminder",
	"Bibliotekarie":                "librarian",
	"Lärarassistent":               "teaching-assistant",
	"Fritidspedagog":               "leisure-time-teacher",
	"Annan personal":               "other-staff",
	"Studie- och yrkesvägledare":   "career-counsellor",
	"Förstelärare":                 "lead-teacher",
	"Kurator":                      "school-counsellor",
	"Skolsköterska":                "school-nurse",
	"Skolläkare":                   "school-doctor",
	"Skolpsykolog":                 "school-psychologist",
	"Speciallärare/specialpedagog": "special-needs-teacher",
	"Skoladministratör":            "school-administrator",
	"Övrig arbetsledning":          "other-management",
	"Övrig pedagogisk personal":    "other-teaching-staff",
	"Förskolechef":                 "preschool-head",
}

func roleKey(dutyRole string) string {
	if k, ok := roles[dutyRole]; ok {
		return k
	}
	return "ss12000-" + slug(dutyRole)
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch c {
		case 'å', 'ä', 'á', 'à':
			c = 'a'
		case 'ö', 'ø', 'ó':
			c = 'o'
		case 'é', 'è':
			c = 'e'
		case 'æ':
			b.WriteString("ae")
			dash = false
			continue
		}
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// mapRole is the role type record for a dutyRole: an org:Role and skos:Concept in the hub's role
// type scheme, labelled with the SS 12000 value in Swedish.
func mapRole(base, dutyRole string) (key string, ts []rdf.Triple) {
	k := roleKey(dutyRole)
	s := build.Resource(base, "roletype", k)
	var r build.Record
	r.Type(s, vocab.ORGRole, vocab.SKOSConcept)
	r.Str(s, vocab.SKOSNotation, k)
	r.Str(s, vocab.SKOSPrefLabel, dutyRole)
	r.Add(s, vocab.SKOSInScheme, build.IRI(base+"id/roletype"))
	return "roletype/" + k, r.Triples
}

// dutyIn is a duty checked and with its references resolved.
type dutyIn struct {
	d        duty
	unit     rdf.IRI
	personID string
}

func checkDuty(idx orgIndex, d duty) (dutyIn, error) {
	if d.ID == "" {
		return dutyIn{}, bad("id: missing")
	}
	if d.Person == nil || d.Person.ID == "" {
		return dutyIn{}, bad("person: missing")
	}
	if d.DutyAt == nil || d.DutyAt.ID == "" {
		return dutyIn{}, bad("dutyAt: missing")
	}
	n, ok := idx[d.DutyAt.ID]
	if !ok {
		return dutyIn{}, bad("dutyAt: %q is not an organisation this source lists", d.DutyAt.ID)
	}
	if strings.TrimSpace(d.DutyRole) == "" {
		return dutyIn{}, bad("dutyRole: missing")
	}
	if d.StartDate == "" {
		return dutyIn{}, bad("startDate: missing")
	}
	if err := checkDates(d.StartDate, d.EndDate); err != nil {
		return dutyIn{}, err
	}
	if d.DutyPercent != nil && (*d.DutyPercent < 0 || *d.DutyPercent > 100) {
		return dutyIn{}, bad("dutyPercent: %d is outside 0–100", *d.DutyPercent)
	}
	return dutyIn{d: d, unit: n.iri, personID: d.Person.ID}, nil
}

func mapDuty(base string, member rdf.IRI, in dutyIn) []rdf.Triple {
	d := in.d
	s := build.Resource(base, "membership", d.ID)
	var r build.Record
	r.Type(s, vocab.ORGMembership)
	r.Add(s, vocab.ORGMember, member)
	r.Add(s, vocab.ORGOrganizationProp, in.unit)
	r.Add(s, vocab.ORGRoleProp, build.Resource(base, "roletype", roleKey(d.DutyRole)))
	r.Period(s, d.StartDate, d.EndDate)
	if d.DutyPercent != nil {
		r.Typed(s, vocab.GDEmploymentPercentage, strconv.Itoa(*d.DutyPercent), vocab.XSDDecimal)
	}
	return r.Triples
}

// groupIn is a group checked and with its references resolved.
type groupIn struct {
	g      group
	owner  *orgNode
	formal rdf.IRI
}

func checkGroup(idx orgIndex, g group) (groupIn, error) {
	if g.ID == "" {
		return groupIn{}, bad("id: missing")
	}
	if strings.TrimSpace(g.DisplayName) == "" {
		return groupIn{}, bad("displayName: missing")
	}
	if g.GroupType == "" {
		return groupIn{}, bad("groupType: missing")
	}
	if g.Organisation == nil || g.Organisation.ID == "" {
		return groupIn{}, bad("organisation: missing")
	}
	n, ok := idx[g.Organisation.ID]
	if !ok {
		return groupIn{}, bad("organisation: %q is not an organisation this source lists", g.Organisation.ID)
	}
	formal, ok := idx.formalOf(g.Organisation.ID)
	if !ok {
		return groupIn{}, bad("organisation: %q has no huvudman above it", g.Organisation.ID)
	}
	if err := checkDates(g.StartDate, g.EndDate); err != nil {
		return groupIn{}, err
	}
	for i, m := range g.GroupMemberships {
		if m.Person == nil || m.Person.ID == "" {
			return groupIn{}, bad("groupMemberships[%d].person: missing", i)
		}
		if err := checkDates(m.StartDate, m.EndDate); err != nil {
			return groupIn{}, bad("groupMemberships[%d].%s", i, err.Error())
		}
	}
	return groupIn{g: g, owner: n, formal: formal}, nil
}

// mapGroup maps a group (a class, a teaching group …) to a unit of the school unit that owns it,
// classified by its group type, and each group membership to an org:Membership of that unit.
// members are the persons' IRIs, in the order of g.GroupMemberships.
func mapGroup(base string, in groupIn, members []rdf.IRI) []rdf.Triple {
	g := in.g
	s := build.Resource(base, "unit", g.ID)
	var r build.Record
	r.Type(s, vocab.ORGOrganizationalUnit)
	r.Str(s, vocab.DCTIdentifier, g.ID)
	r.Str(s, vocab.SKOSPrefLabel, g.DisplayName)
	r.Add(s, vocab.ORGClassification, code("groupType", g.GroupType))
	r.Add(s, vocab.ORGUnitOf, in.formal)
	if !in.owner.formal {
		r.Add(s, vocab.ORGSubOrganizationOf, in.owner.iri)
	}
	for i, m := range g.GroupMemberships {
		key := m.ID
		if key == "" {
			key = g.ID + "-" + m.Person.ID
		}
		ms := build.Resource(base, "membership", key)
		r.Type(ms, vocab.ORGMembership)
		r.Add(ms, vocab.ORGMember, members[i])
		r.Add(ms, vocab.ORGOrganizationProp, s)
		start, end := m.StartDate, m.EndDate
		if start == "" {
			start = g.StartDate
		}
		if end == "" {
			end = g.EndDate
		}
		r.Period(ms, start, end)
	}
	return r.Triples
}

func checkDates(start, end string) error {
	var s, e time.Time
	var err error
	if start != "" {
		if s, err = time.Parse(time.DateOnly, start); err != nil {
			return bad("startDate: %q is not a date (YYYY-MM-DD)", start)
		}
	}
	if end != "" {
		if e, err = time.Parse(time.DateOnly, end); err != nil {
			return bad("endDate: %q is not a date (YYYY-MM-DD)", end)
		}
	}
	if start != "" && end != "" && e.Before(s) {
		return bad("endDate: %s is before startDate %s", end, start)
	}
	return nil
}
