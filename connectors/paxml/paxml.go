// Package paxml reads PAXml 2.0 files — the Swedish open payroll exchange format — and hands the
// hub the employer, its organisational units and every employment with its person. The file is
// read as a stream (encoding/xml token by token), so its size does not matter; each sync hands over
// the whole file as a snapshot, so employments and units that left the file are deleted.
//
// Settings (config `settings:`):
//
//	path   the PAXml file (required)
//	dims   comma-separated dimension numbers whose objects are organisational units (default: all)
//	checkpointEvery  items between checkpoints (default 1000)
//
// # Mapping (source field → model)
//
//	header/foretagorgnr (or foretagid)  → Organisation {base}id/organisation/{10 digits}: dct:identifier,
//	                                      adms:identifier (SwedishOrganisationNumber); foretagnamn → skos:prefLabel
//	dimensioner/dimension/objekt,       → Unit {base}id/unit/{id}: dct:identifier id, skos:prefLabel namn,
//	resultatenheter/resultatenhet         org:unitOf the employer                       (record key unit/{id})
//	personal/person (one employment)    → Person via persnr (Sink.Person, source key anstid) and a Membership
//	                                      {base}id/membership/{connector}-{anstid}        (record key employment/{anstid})
//	  persnr                            → person adms:identifier (SwedishPersonalIdentityNumber or
//	                                      SwedishCoordinationNumber, 12 digits), cv:birthDate
//	  fornamn / efternamn               → foaf:givenName / foaf:familyName
//	  befattning, befattningskod        → org:role {base}id/roletype/paxml-{kod} (a skos:Concept and
//	                                      org:Role: skos:notation kod, skos:prefLabel befattning);
//	                                      a 4–7 digit befattningskod (SSYK) also → gd:occupationCode
//	  anstform                          → gd:employmentForm (the source's code, e.g. TV, VIK)
//	  anstdatum / avgdatum              → org:memberDuring [dcat:startDate / dcat:endDate]
//	  sysgrad                           → gd:employmentPercentage (0–100)
//	  resenheter/resenhet               → org:organization the first unit among `dims`; the employer
//	                                      when there is none
//
// A person whose persnr is invalid (model/ident), an employment without anstid, a date that is not
// YYYY-MM-DD or a sysgrad outside 0–100 is quarantined with a reason naming the field; the rest of
// the file is imported. Salaries and other pay data in the file are never read.
package paxml

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/model/ident"
	"github.com/grunddata/grunddata/vocab"
)

// Connector syncs one PAXml file.
type Connector struct {
	name  string
	path  string
	dims  map[string]bool // nil: all
	every int
	now   func() time.Time
}

// New builds a connector from its config settings.
func New(name string, settings map[string]string) (*Connector, error) {
	c := &Connector{name: name, path: settings["path"], now: time.Now, every: 1000}
	if c.path == "" {
		return nil, fmt.Errorf("paxml connector %q: settings.path (the PAXml file) is required", name)
	}
	every, err := connectors.CheckpointEvery(settings, 1000)
	if err != nil {
		return nil, fmt.Errorf("paxml connector %q: %w", name, err)
	}
	c.every = every
	if d := strings.TrimSpace(settings["dims"]); d != "" {
		c.dims = map[string]bool{}
		for _, v := range strings.Split(d, ",") {
			c.dims[strings.TrimSpace(v)] = true
		}
	}
	return c, nil
}

// Name implements connectors.Connector.
func (c *Connector) Name() string { return c.name }

// Sync implements connectors.Connector: the file is one snapshot, identified by its content hash.
func (c *Connector) Sync(ctx context.Context, cursor string, sink connectors.Sink) error {
	f, err := os.Open(c.path)
	if err != nil {
		return fmt.Errorf("paxml: %w", err)
	}
	defer f.Close()
	version, err := connectors.HashReader(f)
	if err != nil {
		return fmt.Errorf("paxml: %s: %w", c.path, err)
	}
	snap, upToDate := connectors.NewSnapshot(sink, cursor, version, c.every)
	if upToDate {
		return nil
	}
	if _, err := f.Seek(0, 0); err != nil {
		return err
	}
	m := &mapper{c: c, sink: sink, snap: snap, base: sink.Base()}
	if err := decode(ctx, f, func(it item) error { return m.handle(ctx, it) }); err != nil {
		return err
	}
	return snap.Finish(ctx)
}

// mapper turns decoded PAXml elements into records.
type mapper struct {
	c        *Connector
	sink     connectors.Sink
	snap     *connectors.Snapshot
	base     string
	employer rdf.IRI // zero until a valid header
	hasEmp   bool
	n        int
}

var keyPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._~-]{0,100}$`)

// handle is called for each item in document order; it decides, maps and hands over.
func (m *mapper) handle(ctx context.Context, it item) error {
	ok, err := m.snap.Item(ctx)
	if err != nil || !ok {
		// Skipped items of an interrupted sync still name the employer the rest refer to.
		if it.header != nil && err == nil {
			m.header(ctx, it.header, false)
		}
		return err
	}
	m.n++
	m.sink.Progress(m.n, -1)
	switch {
	case it.header != nil:
		return m.header(ctx, it.header, true)
	case it.unit != nil:
		return m.unit(ctx, it.unit, it.raw)
	case it.person != nil:
		return m.person(ctx, it.person, it.raw)
	}
	return nil
}

func (m *mapper) header(ctx context.Context, h *header, hand bool) error {
	nr := h.OrgNr
	if nr == "" {
		nr = h.ForetagID
	}
	id, err := ident.SwedishOrganisation(nr)
	if err != nil {
		if !hand {
			return nil
		}
		reason := "header/foretagorgnr: missing"
		if nr != "" {
			reason = "header/foretagorgnr: " + err.Error()
		}
		return m.sink.Quarantine(ctx, "organisation/"+nr, h.raw, reason)
	}
	m.employer, m.hasEmp = connectors.IRI(m.base, "id/organisation", id.Value), true
	if !hand {
		return nil
	}
	var ts connectors.Triples
	ts.Add(m.employer, vocab.RDFType, vocab.ORGOrganization)
	ts.String(m.employer, vocab.DCTIdentifier, id.Value)
	ts.String(m.employer, vocab.SKOSPrefLabel, h.Name)
	ts.Identifier(m.employer, "orgnr", formatSwedishOrg(id.Value), vocab.GDSwedishOrganisationNumber)
	return m.sink.Upsert(ctx, connectors.Record{Key: "organisation/" + id.Value, Triples: ts})
}

func formatSwedishOrg(v string) string {
	if len(v) == 10 {
		return v[:6] + "-" + v[6:]
	}
	return v
}

func (m *mapper) unit(ctx context.Context, u *unit, raw []byte) error {
	if m.c.dims != nil && u.Dim != "" && !m.c.dims[u.Dim] {
		return nil
	}
	key := "unit/" + u.ID
	if !keyPattern.MatchString(u.ID) {
		return m.sink.Quarantine(ctx, key, raw, fmt.Sprintf("id: %q is not a usable unit key (letters, digits, . _ ~ -)", u.ID))
	}
	s := connectors.IRI(m.base, "id/unit", u.ID)
	var ts connectors.Triples
	ts.Add(s, vocab.RDFType, vocab.ORGOrganizationalUnit)
	ts.String(s, vocab.DCTIdentifier, u.ID)
	ts.String(s, vocab.SKOSPrefLabel, u.Name)
	if m.hasEmp {
		ts.Add(s, vocab.ORGUnitOf, m.employer)
	}
	return m.sink.Upsert(ctx, connectors.Record{Key: key, Triples: ts})
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkDate normalises a PAXml date (YYYY-MM-DD, a time part allowed) or says what is wrong.
func checkDate(field, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	if len(v) > 10 && (v[10] == 'T' || v[10] == ' ') {
		v = v[:10]
	}
	if !datePattern.MatchString(v) {
		return "", fmt.Errorf("%s: %q is not a date (YYYY-MM-DD)", field, v)
	}
	if _, err := time.Parse("2006-01-02", v); err != nil {
		return "", fmt.Errorf("%s: %q is not a calendar date", field, v)
	}
	return v, nil
}

var occupationPattern = regexp.MustCompile(`^[0-9]{4,7}$`)

func (m *mapper) person(ctx context.Context, p *person, raw []byte) error {
	anstid := strings.TrimSpace(p.AnstID)
	if anstid == "" {
		return m.sink.Quarantine(ctx, fmt.Sprintf("employment/#%d", m.snap.Count()), raw, "anstid: missing")
	}
	key := "employment/" + anstid
	quarantine := func(reason string) error { return m.sink.Quarantine(ctx, key, raw, reason) }
	if !keyPattern.MatchString(anstid) {
		return quarantine(fmt.Sprintf("anstid: %q is not a usable key (letters, digits, . _ ~ -)", anstid))
	}
	if strings.TrimSpace(p.PersNr) == "" {
		return quarantine("persnr: missing")
	}
	nid, err := ident.SwedishPerson(p.PersNr, m.c.now())
	if err != nil {
		return quarantine("persnr: " + err.Error())
	}
	start, err := checkDate("anstdatum", p.AnstDatum)
	if err != nil {
		return quarantine(err.Error())
	}
	end, err := checkDate("avgdatum", p.AvgDatum)
	if err != nil {
		return quarantine(err.Error())
	}
	if start != "" && end != "" && end < start {
		return quarantine(fmt.Sprintf("avgdatum: %s is before anstdatum %s", end, start))
	}
	pct := strings.TrimSpace(strings.ReplaceAll(p.Sysgrad, ",", "."))
	if pct != "" {
		f, err := strconv.ParseFloat(pct, 64)
		if err != nil || f < 0 || f > 100 {
			return quarantine(fmt.Sprintf("sysgrad: %q is not a percentage from 0 to 100", p.Sysgrad))
		}
		pct = strconv.FormatFloat(f, 'f', -1, 64)
	}
	scheme := vocab.GDSwedishPersonalIdentityNumber
	if nid.Is(ident.Coordination) {
		scheme = vocab.GDSwedishCoordinationNumber
	}
	who, err := m.sink.Person(ctx, connectors.PersonKey{SourceKey: anstid, NationalID: nid.Value, Scheme: scheme})
	if err != nil {
		return err
	}
	ts := make(connectors.Triples, 0, 32)
	ts.Add(who, vocab.RDFType, vocab.PersonPerson)
	ts.String(who, vocab.FOAFGivenName, p.GivenName)
	ts.String(who, vocab.FOAFFamilyName, p.FamilyName)
	ts.Typed(who, vocab.CVBirthDate, nid.BirthDate.Format("2006-01-02"), vocab.XSDDate)
	ts.Identifier(who, "nid", nid.Value, scheme)

	ms := connectors.IRI(m.base, "id/membership", m.c.name+"-"+url.PathEscape(anstid))
	ts.Add(ms, vocab.RDFType, vocab.ORGMembership)
	ts.Add(ms, vocab.ORGMember, who)
	if org, ok := m.organisation(p); ok {
		ts.Add(ms, vocab.ORGOrganizationProp, org)
	}
	code := strings.TrimSpace(p.BefattningsKod)
	title := strings.TrimSpace(p.Befattning)
	if roleKey := firstNonEmpty(code, title); roleKey != "" && keyPattern.MatchString("paxml-"+roleKey) {
		role := connectors.IRI(m.base, "id/roletype", "paxml-"+roleKey)
		ts.Add(ms, vocab.ORGRoleProp, role)
		ts.Add(role, vocab.RDFType, vocab.ORGRole)
		ts.Add(role, vocab.RDFType, vocab.SKOSConcept)
		ts.String(role, vocab.SKOSNotation, roleKey)
		ts.String(role, vocab.SKOSPrefLabel, firstNonEmpty(title, code))
	}
	if occupationPattern.MatchString(code) {
		ts.String(ms, vocab.GDOccupationCode, code)
	}
	ts.String(ms, vocab.GDEmploymentForm, p.AnstForm)
	ts.Typed(ms, vocab.GDEmploymentPercentage, pct, vocab.XSDDecimal)
	ts.Period(ms, "period", start, end)
	return m.sink.Upsert(ctx, connectors.Record{Key: key, Triples: ts})
}

// organisation is the unit of the first resenhet among the configured dimensions, else the employer.
func (m *mapper) organisation(p *person) (rdf.IRI, bool) {
	for _, r := range p.ResEnheter {
		if (m.c.dims == nil || r.Dim == "" || m.c.dims[r.Dim]) && keyPattern.MatchString(r.ID) {
			return connectors.IRI(m.base, "id/unit", r.ID), true
		}
	}
	return m.employer, m.hasEmp
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// ErrNotPAXml is returned for a document whose root is not <paxml>.
var ErrNotPAXml = errors.New("paxml: the document's root element is not <paxml>")
