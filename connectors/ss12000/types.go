package ss12000

import "encoding/json"

// The SS 12000 (v2.1) objects this connector reads, with only the fields it maps. Enumerations are
// plain strings so that a value the standard adds later is kept, not rejected.

type meta struct {
	Created  string `json:"created"`
	Modified string `json:"modified"`
}

type ref struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName,omitempty"`
}

type address struct {
	Type                  string          `json:"type,omitempty"`
	StreetAddress         string          `json:"streetAddress,omitempty"`
	Locality              string          `json:"locality,omitempty"`
	PostalCode            string          `json:"postalCode,omitempty"`
	MunicipalityCode      json.RawMessage `json:"municipalityCode,omitempty"` // an integer in v2.1; some servers send a string
	CountyCode            json.RawMessage `json:"countyCode,omitempty"`
	RealEstateDesignation string          `json:"realEstateDesignation,omitempty"`
	Country               string          `json:"country,omitempty"`
}

type organisation struct {
	ID                 string   `json:"id"`
	Meta               meta     `json:"meta"`
	DisplayName        string   `json:"displayName"`
	OrganisationCode   string   `json:"organisationCode,omitempty"`
	OrganisationType   string   `json:"organisationType"`
	OrganisationNumber string   `json:"organisationNumber,omitempty"`
	ParentOrganisation *ref     `json:"parentOrganisation,omitempty"`
	SchoolUnitCode     string   `json:"schoolUnitCode,omitempty"`
	SchoolTypes        []string `json:"schoolTypes,omitempty"`
	Address            *address `json:"address,omitempty"`
	MunicipalityCode   string   `json:"municipalityCode,omitempty"`
	URL                string   `json:"url,omitempty"`
	Email              string   `json:"email,omitempty"`
	PhoneNumber        string   `json:"phoneNumber,omitempty"`
	StartDate          string   `json:"startDate,omitempty"`
	EndDate            string   `json:"endDate,omitempty"`
}

type civicNo struct {
	Value       string `json:"value"`
	Nationality string `json:"nationality,omitempty"`
}

type email struct {
	Value string `json:"value"`
	Type  string `json:"type"`
}

type phone struct {
	Value  string `json:"value"`
	Type   string `json:"type"`
	Mobile bool   `json:"mobile"`
}

type person struct {
	ID              string    `json:"id"`
	Meta            meta      `json:"meta"`
	GivenName       string    `json:"givenName"`
	MiddleName      string    `json:"middleName,omitempty"`
	FamilyName      string    `json:"familyName"`
	CivicNo         *civicNo  `json:"civicNo,omitempty"`
	BirthDate       string    `json:"birthDate,omitempty"`
	Sex             string    `json:"sex,omitempty"`
	SecurityMarking string    `json:"securityMarking,omitempty"`
	PersonStatus    string    `json:"personStatus,omitempty"`
	Emails          []email   `json:"emails,omitempty"`
	PhoneNumbers    []phone   `json:"phoneNumbers,omitempty"`
	Addresses       []address `json:"addresses,omitempty"`
}

type duty struct {
	ID           string `json:"id"`
	Meta         meta   `json:"meta"`
	Person       *ref   `json:"person,omitempty"`
	DutyAt       *ref   `json:"dutyAt,omitempty"`
	DutyRole     string `json:"dutyRole"`
	Signature    string `json:"signature,omitempty"`
	DutyPercent  *int   `json:"dutyPercent,omitempty"`
	HoursPerYear *int   `json:"hoursPerYear,omitempty"`
	StartDate    string `json:"startDate"`
	EndDate      string `json:"endDate,omitempty"`
}

type groupMembership struct {
	ID        string `json:"id,omitempty"`
	Person    *ref   `json:"person,omitempty"`
	StartDate string `json:"startDate,omitempty"`
	EndDate   string `json:"endDate,omitempty"`
}

type group struct {
	ID               string            `json:"id"`
	Meta             meta              `json:"meta"`
	DisplayName      string            `json:"displayName"`
	StartDate        string            `json:"startDate"`
	EndDate          string            `json:"endDate,omitempty"`
	GroupType        string            `json:"groupType"`
	SchoolType       string            `json:"schoolType,omitempty"`
	Organisation     *ref              `json:"organisation,omitempty"`
	GroupMemberships []groupMembership `json:"groupMemberships,omitempty"`
}

// page is one page of a list endpoint.
type page struct {
	Data      []json.RawMessage `json:"data"`
	PageToken *string           `json:"pageToken"`
}

// deletedPage is one page of /deletedEntities: ids per entity type.
type deletedPage struct {
	Data      map[string][]string `json:"data"`
	PageToken *string             `json:"pageToken"`
}
