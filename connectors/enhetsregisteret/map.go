package enhetsregisteret

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors/internal/build"
	"github.com/grunddata/grunddata/model/ident"
	"github.com/grunddata/grunddata/vocab"
)

// The concept IRIs the mapping uses. Organisation forms are Brreg's own resources; industry codes
// (næringskode, SN2007, the Norwegian NACE) get an IRI in the hub's code namespace, as SSB publishes
// no IRI per code.
const (
	FormNS     = "https://data.brreg.no/enhetsregisteret/api/organisasjonsformer/"
	IndustryNS = "https://w3id.org/grunddata/code/naeringskode/"
)

// orgPurpose is ORG's org:purpose: what the organisation does, here its industry code.
var orgPurpose = build.IRI(vocab.ORGNS + "purpose")

// publicForms are the organisation forms of public bodies; their organisations also get
// cv:PublicOrganisation.
var publicForms = map[string]bool{
	"KOMM": true, "FYLK": true, "STAT": true, "ORGL": true, "SF": true, "KF": true, "FKF": true, "IKS": true,
}

type code struct {
	Kode        string `json:"kode"`
	Beskrivelse string `json:"beskrivelse"`
}

type adresse struct {
	Land          string   `json:"land"`
	Landkode      string   `json:"landkode"`
	Postnummer    string   `json:"postnummer"`
	Poststed      string   `json:"poststed"`
	Adresse       []string `json:"adresse"`
	Kommune       string   `json:"kommune"`
	Kommunenummer string   `json:"kommunenummer"`
}

// unit is an enhet or underenhet as the bulk files and /enheter/{orgnr} give it (the fields mapped).
type unit struct {
	Organisasjonsnummer string   `json:"organisasjonsnummer"`
	Navn                string   `json:"navn"`
	Organisasjonsform   *code    `json:"organisasjonsform"`
	Naeringskode1       *code    `json:"naeringskode1"`
	Naeringskode2       *code    `json:"naeringskode2"`
	Naeringskode3       *code    `json:"naeringskode3"`
	Hjemmeside          string   `json:"hjemmeside"`
	Forretningsadresse  *adresse `json:"forretningsadresse"`
	Beliggenhetsadresse *adresse `json:"beliggenhetsadresse"`
	OverordnetEnhet     string   `json:"overordnetEnhet"`
	Slettedato          string   `json:"slettedato"`
}

// mapError is a unit the connector cannot map; the message names the field.
type mapError struct{ msg string }

func (e *mapError) Error() string { return e.msg }

func bad(format string, args ...any) error { return &mapError{fmt.Sprintf(format, args...)} }

// orgNumber validates a Norwegian organisation number (nine digits, mod 11).
func orgNumber(field, v string) (string, error) {
	id, err := ident.NorwegianOrganisation(v)
	if err != nil {
		return "", bad("%s: %v", field, err)
	}
	return id.Value, nil
}

// mapUnit maps an enhet (sub false: an organisation) or underenhet (sub true: a unit of its
// overordnetEnhet).
func mapUnit(base string, u unit, sub bool) ([]rdf.Triple, error) {
	nr, err := orgNumber("organisasjonsnummer", u.Organisasjonsnummer)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(u.Navn) == "" {
		return nil, bad("navn: missing")
	}
	var parent string
	if u.OverordnetEnhet != "" {
		if parent, err = orgNumber("overordnetEnhet", u.OverordnetEnhet); err != nil {
			return nil, err
		}
	} else if sub {
		return nil, bad("overordnetEnhet: missing; an underenhet belongs to an enhet")
	}
	var r build.Record
	var s rdf.IRI
	addr := u.Forretningsadresse
	if sub {
		s = build.Resource(base, "unit", nr)
		r.Type(s, vocab.ORGOrganizationalUnit)
		p := build.Resource(base, "organisation", parent)
		r.Add(s, vocab.ORGUnitOf, p)
		r.Add(p, vocab.ORGHasUnit, s)
		addr = u.Beliggenhetsadresse
	} else {
		s = build.Resource(base, "organisation", nr)
		r.Type(s, vocab.ORGOrganization)
		if u.Organisasjonsform != nil && publicForms[u.Organisasjonsform.Kode] {
			r.Type(s, vocab.CVPublicOrganisation)
		}
		if parent != "" {
			r.Add(s, vocab.ORGSubOrganizationOf, build.Resource(base, "organisation", parent))
		}
	}
	r.Str(s, vocab.DCTIdentifier, nr)
	r.Str(s, vocab.SKOSPrefLabel, u.Navn)
	r.Identifier(s, nr, vocab.GDNorwegianOrganisationNumber)
	if f := u.Organisasjonsform; f != nil && f.Kode != "" {
		c := build.IRI(FormNS + url.PathEscape(f.Kode))
		r.Add(s, vocab.ORGClassification, c)
		concept(&r, c, f)
	}
	for _, n := range []*code{u.Naeringskode1, u.Naeringskode2, u.Naeringskode3} {
		if n != nil && n.Kode != "" {
			c := build.IRI(IndustryNS + url.PathEscape(n.Kode))
			r.Add(s, orgPurpose, c)
			concept(&r, c, n)
		}
	}
	if h := homepage(u.Hjemmeside); h.String() != "" {
		r.Add(s, vocab.FOAFHomepage, h)
	}
	if addr != nil {
		r.AddAddress(s, addressOf(base, *addr))
	}
	return r.Triples, nil
}

// concept labels a code's concept, so that a reader sees "Aksjeselskap" and not only "AS".
func concept(r *build.Record, c rdf.IRI, k *code) {
	r.Type(c, vocab.SKOSConcept)
	r.Str(c, vocab.SKOSNotation, k.Kode)
	r.Str(c, vocab.SKOSPrefLabel, k.Beskrivelse)
}

// homepage makes an IRI of the register's hjemmeside, which is usually written without a scheme.
func homepage(h string) rdf.IRI {
	h = strings.TrimSpace(h)
	if h == "" {
		return rdf.IRI{}
	}
	if !strings.Contains(h, "://") {
		h = "https://" + h
	}
	u, err := url.Parse(h)
	if err != nil || u.Host == "" {
		return rdf.IRI{}
	}
	i, err := rdf.NewIRI(u.String())
	if err != nil {
		return rdf.IRI{}
	}
	return i
}

func addressOf(base string, a adresse) build.Address {
	out := build.Address{
		PostCode:     a.Postnummer,
		PostName:     a.Poststed,
		Country:      strings.ToUpper(a.Landkode),
		Municipality: a.Kommune,
	}
	lines := make([]string, 0, len(a.Adresse))
	for _, l := range a.Adresse {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > 0 {
		out.Street, out.Number = build.SplitStreet(lines[0])
	}
	full := strings.Join(lines, ", ")
	if post := strings.TrimSpace(a.Postnummer + " " + a.Poststed); post != "" {
		if full != "" {
			full += ", "
		}
		full += post
	}
	out.Full = full
	if len(a.Kommunenummer) == 4 {
		out.Spatial = build.Resource(base, "adminunit", a.Kommunenummer)
		out.SpatialCode, out.SpatialName = a.Kommunenummer, a.Kommune
	}
	return out
}
