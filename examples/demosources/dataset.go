package demosources

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/grunddata/grunddata/model/ident"
)

// SS12000Dataset is what an SS 12000 demo server holds: the entities of each endpoint as the JSON
// the API returns.
type SS12000Dataset struct {
	Organisations []json.RawMessage `json:"organisations"`
	Persons       []json.RawMessage `json:"persons"`
	Duties        []json.RawMessage `json:"duties"`
	Groups        []json.RawMessage `json:"groups"`
}

func (d *SS12000Dataset) byKind() map[string][]json.RawMessage {
	return map[string][]json.RawMessage{
		"organisations": d.Organisations, "persons": d.Persons, "duties": d.Duties, "groups": d.Groups,
	}
}

// ParseSS12000 reads a dataset file (one JSON object with the four lists).
func ParseSS12000(b []byte) (*SS12000Dataset, error) {
	var d SS12000Dataset
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("demosources: SS 12000 dataset: %w", err)
	}
	return &d, nil
}

// GenerateSS12000 builds a synthetic dataset of a municipality with persons persons: one huvudman,
// a school unit per 500 persons (at least one), a duty for every tenth person (the staff) and the
// rest in classes of 25. Personnummer are valid and from Skatteverket's test range (birth number
// 980–999 by design of the generator: serials 980+i%20). It is deterministic, for benchmarks.
func GenerateSS12000(persons int) *SS12000Dataset {
	ts := time.Date(2026, 8, 1, 6, 0, 0, 0, time.UTC).Format(time.RFC3339)
	meta := map[string]string{"created": ts, "modified": ts}
	d := &SS12000Dataset{}
	add := func(list *[]json.RawMessage, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		*list = append(*list, b)
	}
	const huvudman = "9e000000-0000-4000-8000-000000000001"
	add(&d.Organisations, map[string]any{"id": huvudman, "meta": meta, "displayName": "Genererad kommun",
		"organisationType": "Huvudman", "organisationNumber": ident.MakeSwedishOrganisation(212000014), "municipalityCode": "9998"})
	units := max(1, persons/500)
	unitID := func(i int) string { return fmt.Sprintf("9e000000-0000-4000-8001-%012d", i) }
	for i := range units {
		add(&d.Organisations, map[string]any{"id": unitID(i), "meta": meta, "displayName": fmt.Sprintf("Skola %d", i+1),
			"organisationType": "Skolenhet", "schoolUnitCode": fmt.Sprintf("9%07d", i+1), "municipalityCode": "9998",
			"parentOrganisation": map[string]string{"id": huvudman},
			"address": map[string]any{"type": "Besöksadress", "streetAddress": fmt.Sprintf("Skolgatan %d", i+1),
				"postalCode": "99801", "locality": "Genererad", "municipalityCode": 9998}})
	}
	born := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
	var class []map[string]any
	classes := 0
	flush := func(unit string) {
		if len(class) == 0 {
			return
		}
		classes++
		add(&d.Groups, map[string]any{"id": fmt.Sprintf("9e000000-0000-4000-8003-%012d", classes), "meta": meta,
			"displayName": fmt.Sprintf("Klass %d", classes), "groupType": "Klass", "startDate": "2026-08-15",
			"organisation": map[string]string{"id": unit}, "groupMemberships": class})
		class = nil
	}
	for i := range persons {
		id := fmt.Sprintf("9e000000-0000-4000-8002-%012d", i)
		b := born.AddDate(0, 0, i/20%18000)
		unit := unitID(i % units)
		add(&d.Persons, map[string]any{"id": id, "meta": meta, "givenName": fmt.Sprintf("Förnamn%d", i),
			"familyName": fmt.Sprintf("Efternamn%d", i), "securityMarking": "Ingen",
			"civicNo": map[string]string{"value": ident.MakeSwedishPerson(b, 980+i%20, false)},
			"emails":  []map[string]string{{"value": fmt.Sprintf("p%d@genererad.example", i), "type": "Skola personal"}},
			"addresses": []map[string]any{{"type": "Folkbokföring", "streetAddress": fmt.Sprintf("Gatan %d", i%200+1),
				"postalCode": "99802", "locality": "Genererad", "country": "Sverige", "municipalityCode": 9998}}})
		if i%10 == 0 {
			add(&d.Duties, map[string]any{"id": fmt.Sprintf("9e000000-0000-4000-8004-%012d", i), "meta": meta,
				"person": map[string]string{"id": id}, "dutyAt": map[string]string{"id": unit},
				"dutyRole": "Lärare", "dutyPercent": 100, "startDate": "2020-08-01"})
			continue
		}
		class = append(class, map[string]any{"person": map[string]string{"id": id}})
		if len(class) == 25 {
			flush(unitID(0))
		}
	}
	flush(unitID(0))
	return d
}

// GenerateBrreg builds a synthetic register of n enheter (aksjeselskap with a valid organisation
// number each) and, for every fifth, an underenhet; deterministic, for benchmarks.
func GenerateBrreg(n int) *BrregDataset {
	d := &BrregDataset{}
	next := 30000000 // organisation numbers 3xxxxxxxx: not issued to real units
	number := func() string {
		for {
			next++
			if nr, ok := ident.MakeNorwegianOrganisation(next); ok {
				return nr
			}
		}
	}
	address := func(i int) map[string]any {
		return map[string]any{"land": "Norge", "landkode": "NO", "postnummer": fmt.Sprintf("%04d", 1000+i%8000),
			"poststed": "GENERERT", "adresse": []string{fmt.Sprintf("Gata %d", i%300+1)}, "kommune": "GENERERT", "kommunenummer": "5599"}
	}
	for i := range n {
		nr := number()
		b, _ := json.Marshal(map[string]any{"organisasjonsnummer": nr, "navn": fmt.Sprintf("GENERERT %d AS", i),
			"organisasjonsform":  map[string]string{"kode": "AS", "beskrivelse": "Aksjeselskap"},
			"naeringskode1":      map[string]string{"kode": "62.010", "beskrivelse": "Programmeringstjenester"},
			"forretningsadresse": address(i), "registreringsdatoEnhetsregisteret": "2020-01-01"})
		d.Enheter = append(d.Enheter, b)
		if i%5 == 0 {
			b, _ := json.Marshal(map[string]any{"organisasjonsnummer": number(), "navn": fmt.Sprintf("GENERERT %d AS AVD", i),
				"overordnetEnhet":     nr,
				"organisasjonsform":   map[string]string{"kode": "BEDR", "beskrivelse": "Underenhet"},
				"beliggenhetsadresse": address(i)})
			d.Underenheter = append(d.Underenheter, b)
		}
	}
	return d
}
