// Package amelding reads A-melding files — the Norwegian employer's monthly report to the
// authorities (namespace urn:ske:fastsetting:innsamling:a-meldingen:v2_3) — and hands the hub the
// employer, its sub-units (virksomheter) and every employment (arbeidsforhold) of every employee.
// Pay, tax and benefits in the melding are never decoded, let alone stored.
//
// Settings (config `settings:`):
//
//	path             an A-melding file, or a directory whose *.xml files are A-meldinger (required)
//	checkpointEvery  records between checkpoints (default 1000)
//
// # Snapshot semantics
//
// Each sync reads every melding under path (each file streamed with encoding/xml) and hands over the
// newest report of every employment: meldinger are applied in order of kalendermaaned (then file
// name), and a melding that names another in erstatterMeldingsId replaces it entirely. So an
// employment reported with a sluttdato keeps its membership with the period ended, also after later
// months stop reporting it; an employment that only a replaced melding reported (reported by
// mistake) is deleted, as is everything of a melding whose file is removed. The cursor is a hash of
// all files: an unchanged directory is not read again, and an interrupted sync resumes after the
// last checkpointed record.
//
// # Mapping (source field → model)
//
//	opplysningspliktig/norskIdentifikator → Organisation {base}id/organisation/{orgnr}: dct:identifier,
//	                                        adms:identifier (NorwegianOrganisationNumber)  (key opplysningspliktig/{orgnr})
//	virksomhet/norskIdentifikator         → Unit {base}id/unit/{orgnr}: dct:identifier, adms:identifier,
//	                                        org:unitOf the opplysningspliktig              (key virksomhet/{orgnr})
//	inntektsmottaker/norskIdentifikator   → Person (Sink.Person by fødselsnummer or D number): adms:identifier
//	                                        (NorwegianNationalIdentityNumber / NorwegianDNumber), cv:birthDate;
//	  identifiserendeInformasjon/navn     → foaf:familyName (last word) and foaf:givenName (the rest), when given
//	arbeidsforhold                        → Membership {base}id/membership/{connector}-{virksomhet}-{customer number}-{arbeidsforholdId}
//	                                        org:member the person, org:organization the virksomhet
//	                                        (key arbeidsforhold/{virksomhet}/{person hash}/{arbeidsforholdId})
//	  typeArbeidsforhold                  → gd:employmentForm
//	  startdato / sluttdato               → org:memberDuring [dcat:startDate / dcat:endDate]
//	  stillingsprosent                    → gd:employmentPercentage
//	  yrke (7-digit STYRK-08 code)        → gd:occupationCode
//	  antallTimerPerUkeSomEnFullStillingTilsvarer → gd:fullTimeWeeklyHours
//
// An inntektsmottaker without a valid norskIdentifikator (model/ident), an arbeidsforhold without
// arbeidsforholdId, a date that is not YYYY-MM-DD, a yrke that is not seven digits or a percentage
// outside 0–100 is quarantined with a reason naming the field; the rest is imported.
package amelding

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/model/ident"
	"github.com/grunddata/grunddata/vocab"
)

// Connector syncs a directory (or one file) of A-meldinger.
type Connector struct {
	name  string
	path  string
	every int
}

// New builds a connector from its config settings.
func New(name string, settings map[string]string) (*Connector, error) {
	c := &Connector{name: name, path: settings["path"], every: 1000}
	if c.path == "" {
		return nil, fmt.Errorf("a-melding connector %q: settings.path (a file or directory of A-meldinger) is required", name)
	}
	every, err := connectors.CheckpointEvery(settings, 1000)
	if err != nil {
		return nil, fmt.Errorf("a-melding connector %q: %w", name, err)
	}
	c.every = every
	return c, nil
}

// Name implements connectors.Connector.
func (c *Connector) Name() string { return c.name }

// melding is one file to apply.
type melding struct {
	file string
	lev  leveranse
}

// files lists the meldinger under path, in the order they apply, without the replaced ones, and the
// version (content hash) of the whole set.
func (c *Connector) files() ([]melding, string, error) {
	var names []string
	st, err := os.Stat(c.path)
	if err != nil {
		return nil, "", fmt.Errorf("a-melding: %w", err)
	}
	if st.IsDir() {
		entries, err := os.ReadDir(c.path)
		if err != nil {
			return nil, "", fmt.Errorf("a-melding: %w", err)
		}
		for _, e := range entries {
			if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".xml") {
				names = append(names, filepath.Join(c.path, e.Name()))
			}
		}
	} else {
		names = []string{c.path}
	}
	slices.Sort(names)
	all := sha256.New()
	var ms []melding
	replaced := map[string]bool{}
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return nil, "", fmt.Errorf("a-melding: %w", err)
		}
		h, err := connectors.HashReader(f)
		if err == nil {
			_, err = f.Seek(0, io.SeekStart)
		}
		var lev leveranse
		if err == nil {
			lev, err = header(f)
		}
		f.Close()
		if err != nil {
			return nil, "", fmt.Errorf("a-melding: %s: %w", filepath.Base(name), err)
		}
		fmt.Fprintf(all, "%s %s\n", filepath.Base(name), h)
		ms = append(ms, melding{file: name, lev: lev})
		if lev.ErstatterMeldingsID != "" {
			replaced[lev.ErstatterMeldingsID] = true
		}
	}
	ms = slices.DeleteFunc(ms, func(m melding) bool { return m.lev.MeldingsID != "" && replaced[m.lev.MeldingsID] })
	slices.SortStableFunc(ms, func(a, b melding) int { return strings.Compare(a.lev.Kalendermaaned, b.lev.Kalendermaaned) })
	return ms, hex.EncodeToString(all.Sum(nil)[:16]), nil
}

// Sync implements connectors.Connector.
func (c *Connector) Sync(ctx context.Context, cursor string, sink connectors.Sink) error {
	ms, version, err := c.files()
	if err != nil {
		return err
	}
	snap, upToDate := connectors.NewSnapshot(sink, cursor, version, c.every)
	if upToDate {
		return nil
	}
	u := newUnion()
	for _, m := range ms {
		f, err := os.Open(m.file)
		if err != nil {
			return fmt.Errorf("a-melding: %w", err)
		}
		err = decode(f, &reader{u: u, lev: m.lev})
		f.Close()
		if err != nil {
			return fmt.Errorf("a-melding: %s: %w", filepath.Base(m.file), err)
		}
	}
	mp := &mapper{c: c, sink: sink, base: sink.Base()}
	for i, key := range u.order {
		ok, err := snap.Item(ctx)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		sink.Progress(i+1, len(u.order))
		if err := mp.hand(ctx, key, u.items[key]); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return snap.Finish(ctx)
}

// unionItem is the newest report of one record.
type unionItem struct {
	kind   string // "opplysningspliktig", "virksomhet", "arbeidsforhold", "quarantine"
	orgnr  string
	parent string // the opplysningspliktig of a virksomhet, the virksomhet of an arbeidsforhold
	person *inntektsmottaker
	nid    ident.ID
	af     *arbeidsforhold
	raw    []byte
	reason string
}

// union keeps the newest report of every record, in order of first appearance.
type union struct {
	items map[string]*unionItem
	order []string
}

func newUnion() *union { return &union{items: map[string]*unionItem{}} }

func (u *union) put(key string, it *unionItem) {
	if _, ok := u.items[key]; !ok {
		u.order = append(u.order, key)
	}
	u.items[key] = it
}

// reader turns one melding's elements into union items.
type reader struct {
	u   *union
	lev leveranse
	bad map[string]string // virksomheter with an invalid number → reason
}

func (r *reader) leveranse(l leveranse) error {
	if l.Opplysningspliktig == "" {
		return nil
	}
	id, err := ident.NorwegianOrganisation(l.Opplysningspliktig)
	if err != nil {
		r.u.put("opplysningspliktig/"+l.Opplysningspliktig, &unionItem{kind: "quarantine",
			raw: []byte(l.Opplysningspliktig), reason: "opplysningspliktig/norskIdentifikator: " + err.Error()})
		r.lev.Opplysningspliktig = ""
		return nil
	}
	r.lev.Opplysningspliktig = id.Value
	r.u.put("opplysningspliktig/"+id.Value, &unionItem{kind: "opplysningspliktig", orgnr: id.Value})
	return nil
}

func (r *reader) virksomhet(orgnr string) error {
	id, err := ident.NorwegianOrganisation(orgnr)
	if err != nil {
		if r.bad == nil {
			r.bad = map[string]string{}
		}
		reason := "virksomhet/norskIdentifikator: " + err.Error()
		r.bad[orgnr] = reason
		r.u.put("virksomhet/"+orgnr, &unionItem{kind: "quarantine", raw: []byte(orgnr), reason: reason})
		return nil
	}
	r.u.put("virksomhet/"+id.Value, &unionItem{kind: "virksomhet", orgnr: id.Value, parent: r.lev.Opplysningspliktig})
	return nil
}

var (
	datePattern  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	yrkePattern  = regexp.MustCompile(`^[0-9]{7}$`)
	afIDPattern  = regexp.MustCompile(`^[A-Za-z0-9._~-]{1,60}$`)
	orgnrPattern = regexp.MustCompile(`^[0-9]{9}$`)
)

func (r *reader) inntektsmottaker(virksomhet string, im *inntektsmottaker) error {
	virksomhet = strings.ReplaceAll(virksomhet, " ", "")
	prefix := "arbeidsforhold/" + virksomhet + "/"
	personKey := func(v string) string {
		h := sha256.Sum256([]byte("a-melding person " + v))
		return hex.EncodeToString(h[:8])
	}
	if len(im.Arbeidsforhold) == 0 {
		return nil // income without an employment (fees, pensions): no membership to keep
	}
	quarantine := func(key, reason string) {
		r.u.put(key, &unionItem{kind: "quarantine", raw: im.raw(), reason: reason})
	}
	if reason, bad := r.bad[virksomhet]; bad || !orgnrPattern.MatchString(virksomhet) {
		if !bad {
			reason = "virksomhet/norskIdentifikator: missing"
		}
		quarantine(prefix+personKey(im.NorskIdentifikator), reason)
		return nil
	}
	nidRaw := strings.TrimSpace(im.NorskIdentifikator)
	if nidRaw == "" {
		quarantine(prefix+personKey(string(im.raw())), "inntektsmottaker/norskIdentifikator: missing (employees without a Norwegian identity number are not imported)")
		return nil
	}
	nid, err := ident.NorwegianPerson(nidRaw)
	if err != nil {
		quarantine(prefix+personKey(nidRaw), "inntektsmottaker/norskIdentifikator: "+err.Error())
		return nil
	}
	prefix += personKey(nid.Value) + "/"
	for i := range im.Arbeidsforhold {
		af := &im.Arbeidsforhold[i]
		af.ID = strings.TrimSpace(af.ID)
		if af.ID == "" {
			quarantine(fmt.Sprintf("%s#%d", prefix, i+1), "arbeidsforhold/arbeidsforholdId: missing")
			continue
		}
		key := prefix + af.ID
		if !afIDPattern.MatchString(af.ID) {
			quarantine(key, fmt.Sprintf("arbeidsforhold/arbeidsforholdId: %q is not a usable key (letters, digits, . _ ~ -)", af.ID))
			continue
		}
		if reason := check(af); reason != "" {
			quarantine(key, reason)
			continue
		}
		r.u.put(key, &unionItem{kind: "arbeidsforhold", orgnr: virksomhet, person: im, nid: nid, af: af})
	}
	return nil
}

// check normalises an arbeidsforhold's values or names the first field that is wrong.
func check(af *arbeidsforhold) string {
	for _, d := range []struct {
		field string
		v     *string
	}{{"startdato", &af.Start}, {"sluttdato", &af.Slutt}} {
		*d.v = strings.TrimSpace(*d.v)
		if *d.v == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", *d.v); err != nil || !datePattern.MatchString(*d.v) {
			return fmt.Sprintf("arbeidsforhold/%s: %q is not a date (YYYY-MM-DD)", d.field, *d.v)
		}
	}
	if af.Start != "" && af.Slutt != "" && af.Slutt < af.Start {
		return fmt.Sprintf("arbeidsforhold/sluttdato: %s is before startdato %s", af.Slutt, af.Start)
	}
	if af.Yrke = strings.TrimSpace(af.Yrke); af.Yrke != "" && !yrkePattern.MatchString(af.Yrke) {
		return fmt.Sprintf("arbeidsforhold/yrke: %q is not a 7-digit occupation code (STYRK-08)", af.Yrke)
	}
	for _, n := range []struct {
		field    string
		v        *string
		max      float64
		maxLabel string
	}{{"stillingsprosent", &af.Prosent, 100, "0 to 100"}, {"antallTimerPerUkeSomEnFullStillingTilsvarer", &af.Timer, 168, "0 to 168"}} {
		v := strings.TrimSpace(strings.ReplaceAll(*n.v, ",", "."))
		if v == "" {
			*n.v = ""
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > n.max {
			return fmt.Sprintf("arbeidsforhold/%s: %q is not a number from %s", n.field, *n.v, n.maxLabel)
		}
		*n.v = strconv.FormatFloat(f, 'f', -1, 64)
	}
	return ""
}

// mapper hands union items over as records.
type mapper struct {
	c    *Connector
	sink connectors.Sink
	base string
}

func (m *mapper) hand(ctx context.Context, key string, it *unionItem) error {
	var ts connectors.Triples
	switch it.kind {
	case "quarantine":
		return m.sink.Quarantine(ctx, key, it.raw, it.reason)
	case "opplysningspliktig":
		org := connectors.IRI(m.base, "id/organisation", it.orgnr)
		ts.Add(org, vocab.RDFType, vocab.ORGOrganization)
		ts.String(org, vocab.DCTIdentifier, it.orgnr)
		ts.Identifier(org, "orgnr", it.orgnr, vocab.GDNorwegianOrganisationNumber)
	case "virksomhet":
		unit := connectors.IRI(m.base, "id/unit", it.orgnr)
		ts.Add(unit, vocab.RDFType, vocab.ORGOrganizationalUnit)
		ts.String(unit, vocab.DCTIdentifier, it.orgnr)
		ts.Identifier(unit, "orgnr", it.orgnr, vocab.GDNorwegianOrganisationNumber)
		if it.parent != "" {
			ts.Add(unit, vocab.ORGUnitOf, connectors.IRI(m.base, "id/organisation", it.parent))
		}
	case "arbeidsforhold":
		return m.employment(ctx, key, it)
	}
	return m.sink.Upsert(ctx, connectors.Record{Key: key, Triples: ts})
}

func (m *mapper) employment(ctx context.Context, key string, it *unionItem) error {
	scheme := vocab.GDNorwegianNationalIdentityNumber
	if it.nid.Is(ident.DNumber) {
		scheme = vocab.GDNorwegianDNumber
	}
	who, err := m.sink.Person(ctx, connectors.PersonKey{NationalID: it.nid.Value, Scheme: scheme})
	if err != nil {
		return err
	}
	ts := make(connectors.Triples, 0, 24)
	ts.Add(who, vocab.RDFType, vocab.PersonPerson)
	ts.Typed(who, vocab.CVBirthDate, it.nid.BirthDate.Format("2006-01-02"), vocab.XSDDate)
	ts.Identifier(who, "nid", it.nid.Value, scheme)
	if name := strings.Fields(it.person.Navn); len(name) > 0 {
		ts.String(who, vocab.FOAFFamilyName, name[len(name)-1])
		ts.String(who, vocab.FOAFGivenName, strings.Join(name[:len(name)-1], " "))
	}
	customer := who.String()[strings.LastIndex(who.String(), "/")+1:]
	ms := connectors.IRI(m.base, "id/membership", url.PathEscape(m.c.name+"-"+it.orgnr+"-"+customer+"-"+it.af.ID))
	af := it.af
	ts.Add(ms, vocab.RDFType, vocab.ORGMembership)
	ts.Add(ms, vocab.ORGMember, who)
	ts.Add(ms, vocab.ORGOrganizationProp, connectors.IRI(m.base, "id/unit", it.orgnr))
	ts.String(ms, vocab.GDEmploymentForm, af.Type)
	ts.Period(ms, "period", af.Start, af.Slutt)
	ts.Typed(ms, vocab.GDEmploymentPercentage, af.Prosent, vocab.XSDDecimal)
	ts.String(ms, vocab.GDOccupationCode, af.Yrke)
	ts.Typed(ms, vocab.GDFullTimeWeeklyHours, af.Timer, vocab.XSDDecimal)
	return m.sink.Upsert(ctx, connectors.Record{Key: key, Triples: ts})
}
