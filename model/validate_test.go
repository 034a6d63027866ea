package model

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad test JSON: %v", err)
	}
	return v
}

func newValidator(t *testing.T) *DocumentValidator {
	t.Helper()
	v, err := NewDocumentValidator(Default())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestValidateAcceptsValidDocuments(t *testing.T) {
	v := newValidator(t)
	tests := []struct {
		path, doc string
	}{
		{"person", `{"@context": "https://w3id.org/grunddata/context.jsonld", "type": "Person", "givenName": "Kari", "familyName": "Testesen",
			"birthDate": "1985-03-15", "protectionLevel": "ProtectedIdentity",
			"otherIdentifier": {"notation": "15838512345", "scheme": "NorwegianNationalIdentityNumber"},
			"contactPoint": [{"email": "kari@example.org"}], "address": {"postCode": "0150", "geometry": "POINT(10.75 59.91)"}}`},
		{"person", `{"familyName": "Testesen"}`},
		{"organisation", `{"type": ["Organisation", "PublicOrganisation"], "identifier": "974760673", "name": "Exempelby kommune",
			"homepage": "https://www.exempelby.no/", "hasUnit": ["https://data.exempelby.no/id/unit/skole-1"]}`},
		{"unit", `{"type": "Unit", "name": "Solberg skole", "unitOf": "https://data.exempelby.no/id/organisation/974760673",
			"subOrganizationOf": "https://data.exempelby.no/id/unit/oppvekst"}`},
		{"membership", `{"member": "https://data.exempelby.no/id/person/10000003", "organisation": "https://data.exempelby.no/id/unit/skole-1",
			"memberDuring": {"startDate": "2020-08-01"}, "employmentPercentage": 80, "occupationCode": "2341101"}`},
		{"service", `{"identifier": "kle-27.12.02", "title": "Byggesøknad", "description": "Søknad om tillatelse til tiltak.",
			"hasCompetentAuthority": "https://data.exempelby.no/id/organisation/974760673",
			"hasCost": [{"value": 2500, "currency": "http://publications.europa.eu/resource/authority/currency/NOK"}],
			"hasChannel": {"channelType": "https://example.org/channel/web", "contactPoint": {"telephone": "+47 22 00 00 00"}},
			"keyword": "bygg", "thematicArea": ["https://example.org/kle/27.12"]}`},
		{"adminunit", `{"identifier": "0301", "name": "Oslo"}`},
	}
	for _, tt := range tests {
		if got := v.Validate(tt.path, decode(t, tt.doc)); got != nil {
			t.Errorf("Validate(%s, %s) = %v, want nil", tt.path, tt.doc, got)
		}
	}
}

func TestValidateNamesTheField(t *testing.T) {
	v := newValidator(t)
	tests := []struct {
		name, path, doc string
		want            []string // pointers
	}{
		{"wrong date", "person", `{"familyName": "T", "birthDate": "1985-02-30"}`, []string{"/birthDate"}},
		{"not a date", "person", `{"familyName": "T", "birthDate": "15.03.1985"}`, []string{"/birthDate"}},
		{"misspelt field", "person", `{"familyName": "T", "givneName": "Kari"}`, []string{"/givneName"}},
		{"missing required", "person", `{"givenName": "Kari"}`, []string{"/familyName"}},
		{"nested missing", "person", `{"familyName": "T", "otherIdentifier": [{"scheme": "DanishCPRNumber"}]}`, []string{"/otherIdentifier/0/notation"}},
		{"nested bad enum", "person", `{"familyName": "T", "otherIdentifier": {"notation": "1", "scheme": "Passport"}}`, []string{"/otherIdentifier/scheme"}},
		{"bad customer number", "person", `{"familyName": "T", "customerNumber": "123"}`, []string{"/customerNumber"}},
		{"wrong type", "person", `{"type": "Organisation", "familyName": "T"}`, []string{"/type"}},
		{"percentage too high", "membership", `{"member": "https://x.example/p/1", "organisation": "https://x.example/o/1", "employmentPercentage": 120}`, []string{"/employmentPercentage"}},
		{"missing mandatory CPSV-AP", "service", `{"identifier": "s1", "title": "T"}`, []string{"/description", "/hasCompetentAuthority"}},
		{"reference not an IRI", "unit", `{"name": "S", "unitOf": "not an iri"}`, []string{"/unitOf"}},
		{"unknown class", "nosuchclass", `{}`, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := v.Validate(tt.path, decode(t, tt.doc))
			var got []string
			for _, p := range problems {
				if p.Message == "" {
					t.Errorf("problem at %q has no message", p.Pointer)
				}
				if len(got) == 0 || got[len(got)-1] != p.Pointer {
					got = append(got, p.Pointer)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("pointers (-want +got):\n%s\nproblems: %v", diff, problems)
			}
		})
	}
}

func TestValidateMessages(t *testing.T) {
	v := newValidator(t)
	got := v.Validate("person", decode(t, `{"givneName": "Kari"}`))
	want := []FieldProblem{
		{Pointer: "/familyName", Message: "missing required field familyName"},
		{Pointer: "/givneName", Message: "unknown field givneName (not in the model for this class)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func BenchmarkValidatePerson(b *testing.B) {
	v, err := NewDocumentValidator(Default())
	if err != nil {
		b.Fatal(err)
	}
	var doc any
	_ = json.Unmarshal([]byte(`{"type": "Person", "givenName": "Kari", "familyName": "Testesen", "birthDate": "1985-03-15",
		"otherIdentifier": [{"notation": "15838512345", "scheme": "NorwegianNationalIdentityNumber"}],
		"address": {"postCode": "0150", "postName": "Oslo"}}`), &doc)
	b.ReportAllocs()
	for b.Loop() {
		if p := v.Validate("person", doc); p != nil {
			b.Fatal(p)
		}
	}
}
