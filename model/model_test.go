package model

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/grunddata/grunddata/vocab"
)

func TestVisibility(t *testing.T) {
	tests := []struct {
		in   string
		want Visibility
		err  bool
	}{
		{"open", Open, false}, {"Internal", Internal, false}, {" protected ", Protected, false}, {"secret", Open, true},
	}
	for _, tt := range tests {
		got, err := ParseVisibility(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseVisibility(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
		if err == nil && got.String() != tt.want.String() {
			t.Errorf("String() = %q", got.String())
		}
	}
	if !(Open < Internal && Internal < Protected) {
		t.Error("levels must be ordered Open < Internal < Protected")
	}
	var v Visibility
	if err := v.UnmarshalText([]byte("internal")); err != nil || v != Internal {
		t.Errorf("UnmarshalText = %v, %v", v, err)
	}
	if b, _ := Protected.MarshalText(); string(b) != "protected" {
		t.Errorf("MarshalText = %s", b)
	}
	if Protected.IRI() != vocab.GDProtected.String() {
		t.Errorf("IRI() = %s", Protected.IRI())
	}
}

func TestClasses(t *testing.T) {
	s := Default()
	type row struct {
		Name, URI, Path, IsA string
		Vis                  Visibility
		Inlined              bool
	}
	var got []row
	for _, c := range s.Classes {
		got = append(got, row{c.Name, s.Compact(c.URI), c.Path, c.IsA, c.Visibility, c.Inlined})
	}
	want := []row{
		{"Person", "person:Person", "person", "", Internal, false},
		{"Identifier", "adms:Identifier", "identifier", "", Internal, true},
		{"Membership", "org:Membership", "membership", "", Internal, false},
		{"Period", "dct:PeriodOfTime", "period", "", Open, true},
		{"Post", "org:Post", "post", "", Open, false},
		{"RoleType", "org:Role", "roletype", "", Open, false},
		{"Organisation", "org:Organization", "organisation", "", Open, false},
		{"Unit", "org:OrganizationalUnit", "unit", "Organisation", Open, false},
		{"Address", "locn:Address", "address", "", Open, false},
		{"AdminUnit", "dct:Location", "adminunit", "", Open, false},
		{"Service", "cpsv:PublicService", "service", "", Open, false},
		{"Channel", "cv:Channel", "channel", "", Open, true},
		{"Cost", "cv:Cost", "cost", "", Open, true},
		{"ContactPoint", "cv:ContactPoint", "contactpoint", "", Open, true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("classes (-want +got):\n%s", diff)
	}
}

func TestLookups(t *testing.T) {
	s := Default()
	unit := s.ClassByPath("unit")
	if unit == nil || unit.Name != "Unit" || s.Class("Unit") != unit || s.ClassByURI(vocab.ORGOrganizationalUnit.String()) != unit {
		t.Fatalf("Unit lookups disagree: %v", unit)
	}
	if s.ClassByURI(vocab.CVPublicOrganisation.String()) != nil {
		t.Error("also_types are not classes")
	}
	if s.ClassByPath("nosuch") != nil || s.Class("nosuch") != nil || s.ClassByURI("http://x/") != nil {
		t.Error("unknown names must give nil")
	}
	// Unit inherits Organisation's slots, then adds its own; slot_usage narrows subOrganizationOf.
	var names []string
	for _, sl := range s.SlotsOf(unit) {
		names = append(names, sl.Name)
	}
	want := []string{"identifier", "name", "otherIdentifier", "classification", "hasUnit", "subOrganizationOf", "address", "homepage", "contactPoint", "spatial", "unitOf"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("SlotsOf(Unit) (-want +got):\n%s", diff)
	}
	sub := s.SlotByURI(unit, vocab.ORGSubOrganizationOf.String())
	if sub == nil || sub.Range != "Unit" || s.SlotOf(s.Class("Organisation"), "subOrganizationOf").Range != "Organisation" {
		t.Errorf("slot_usage must narrow Unit.subOrganizationOf to Unit without touching Organisation: %+v", sub)
	}
	if s.Slots["subOrganizationOf"].Range != "Organisation" {
		t.Error("slot_usage changed the global slot")
	}
	person := s.Class("Person")
	if id := s.IdentifierSlot(person); id == nil || id.URI != vocab.GDCustomerNumber.String() {
		t.Errorf("Person's key slot = %+v", id)
	}
	if s.IdentifierSlot(s.Class("Membership")) != nil {
		t.Error("Membership has no natural key")
	}
	addr := s.SlotOf(person, "address")
	if rc := s.RangeClass(addr); rc == nil || rc.Name != "Address" || !addr.Inlined || !addr.Protectable {
		t.Errorf("Person.address = %+v", addr)
	}
	pl := s.SlotOf(person, "protectionLevel")
	if e := s.RangeEnum(pl); e == nil || e.Values[0].Meaning != vocab.GDUnprotected.String() {
		t.Errorf("RangeEnum(protectionLevel) = %+v", e)
	}
	if dt, ok := s.Datatype(s.SlotOf(person, "birthDate")); !ok || dt != vocab.XSDDate.String() {
		t.Errorf("Datatype(birthDate) = %s, %v", dt, ok)
	}
	if _, ok := s.Datatype(pl); ok {
		t.Error("enum slots have no datatype")
	}
	if !s.IsReference(s.SlotOf(s.Class("Membership"), "member")) || s.IsReference(addr) {
		t.Error("IsReference: member is a reference, an inlined address is not")
	}
	if got := s.SlotsOf(nil); got != nil {
		t.Errorf("SlotsOf(nil) = %v", got)
	}
}

func TestExpandAndCompact(t *testing.T) {
	s := Default()
	tests := []struct {
		in, want string
		err      bool
	}{
		{"org:Membership", vocab.ORGMembership.String(), false},
		{"customerNumber", vocab.GDCustomerNumber.String(), false},
		{"https://example.org/x", "https://example.org/x", false},
		{"nope:x", "", true},
	}
	for _, tt := range tests {
		got, err := s.Expand(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("Expand(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if got := s.Compact(vocab.CPSVPublicService.String()); got != "cpsv:PublicService" {
		t.Errorf("Compact = %s", got)
	}
}

// TestPrivacyRules pins the model's privacy promises (DESIGN §7): they must fail loudly if
// someone loosens the schema.
func TestPrivacyRules(t *testing.T) {
	s := Default()
	for _, c := range s.Classes {
		for _, sl := range s.SlotsOf(c) {
			vis := s.Visibility(c, sl)
			if sl.Visibility > vis {
				t.Errorf("%s.%s: effective visibility looser than the slot's own", c.Name, sl.Name)
			}
			// National identifiers live in Identifier objects or carry an identifier scheme.
			if (sl.Range == "Identifier" || sl.Range == "IdentifierScheme") && vis < Internal {
				t.Errorf("%s.%s can carry national identity numbers but is %s", c.Name, sl.Name, vis)
			}
			if sl.Protectable && vis < Internal {
				t.Errorf("%s.%s is protectable but %s", c.Name, sl.Name, vis)
			}
		}
	}
	person := s.Class("Person")
	if person.Visibility < Internal || s.Class("Membership").Visibility < Internal || s.Class("Identifier").Visibility < Internal {
		t.Error("Person, Membership and Identifier must be at least internal")
	}
	for _, name := range []string{"address", "contactPoint"} {
		if sl := s.SlotOf(person, name); sl == nil || !sl.Protectable {
			t.Errorf("Person.%s must be protectable", name)
		}
	}
	if id := s.IdentifierSlot(person); id.URI != vocab.GDCustomerNumber.String() {
		t.Error("a person's key must be the customer number, never a national identity number")
	}
	// Every scheme of a person number is in the enum, so the rules above cover them.
	e := s.Enum("IdentifierScheme")
	meanings := map[string]bool{}
	for _, v := range e.Values {
		meanings[v.Meaning] = true
	}
	for _, iri := range []string{vocab.GDNorwegianNationalIdentityNumber.String(), vocab.GDNorwegianDNumber.String(),
		vocab.GDSwedishPersonalIdentityNumber.String(), vocab.GDSwedishCoordinationNumber.String(), vocab.GDDanishCPRNumber.String()} {
		if !meanings[iri] {
			t.Errorf("IdentifierScheme lacks %s", iri)
		}
	}
}

// TestModelUsesDeclaredHubTerms checks that every gd: IRI in the schema is declared in the hub's
// ontology, so no term of ours is undocumented.
func TestModelUsesDeclaredHubTerms(t *testing.T) {
	s := Default()
	declared := string(vocab.OntologyTurtle)
	check := func(where, iri string) {
		if local, ok := strings.CutPrefix(iri, vocab.GDNS); ok {
			if !containsTerm(declared, "gd:"+local) {
				t.Errorf("%s uses %s, which vocab/grunddata.ttl does not declare", where, iri)
			}
		}
	}
	for _, c := range s.Classes {
		check("class "+c.Name, c.URI)
	}
	for name, sl := range s.Slots {
		check("slot "+name, sl.URI)
	}
	for _, e := range s.Enums {
		for _, v := range e.Values {
			check("enum "+e.Name, v.Meaning)
		}
	}
}

func containsTerm(ttl, curie string) bool {
	for _, line := range strings.Split(ttl, "\n") {
		if strings.HasPrefix(line, curie+" ") {
			return true
		}
	}
	return false
}

func TestDefaultIsFresh(t *testing.T) {
	a, b := Default(), Default()
	a.Class("Person").Visibility = Open
	if b.Class("Person").Visibility != Internal {
		t.Error("Default must return independent copies")
	}
}

func BenchmarkDefault(b *testing.B) {
	for b.Loop() {
		_ = Default()
	}
}

func BenchmarkGenerate(b *testing.B) {
	s := Default()
	for b.Loop() {
		if _, err := s.Generate(); err != nil {
			b.Fatal(err)
		}
	}
}
