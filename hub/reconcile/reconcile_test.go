package reconcile

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/examples/exempelby"
	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/reconcile/reconciletest"
	"github.com/grunddata/grunddata/hub/resource"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/model"
)

const base = "http://hub.test/"

var (
	internal = resource.Caller{Name: "clerk", Clearance: model.Internal}
	today    = func() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) }
)

// newDemo returns a service over the demo municipality in an in-memory store.
func newDemo(t testing.TB) (*Service, *store.Store) {
	t.Helper()
	st, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	quads, err := exempelby.Quads(base, rdf.IRI{})
	if err != nil {
		t.Fatal(err)
	}
	g, _ := rdf.NewIRI(base + "graph/demo")
	for i := range quads {
		quads[i].Ctx = g
	}
	if _, err := st.Apply(context.Background(), store.Changeset{Add: quads}); err != nil {
		t.Fatal(err)
	}
	return New(Config{Store: st, Base: base, Name: "Exempelby", Now: today, MaxBatch: 10}), st
}

func batch(t testing.TB, s *Service, js string) map[string]Query {
	t.Helper()
	b, err := s.ParseBatch([]byte(js))
	if err != nil {
		t.Fatalf("ParseBatch(%s): %v", js, err)
	}
	return b
}

func TestReconcileCandidates(t *testing.T) {
	s, _ := newDemo(t)
	tests := []struct {
		name    string
		query   string
		caller  resource.Caller
		wantTop string
		match   bool
	}{
		{"organisation by name", `{"q0":{"query":"Exempelby kommun","type":"organisation"}}`, resource.Anonymous, "organisation/2129990004", false},
		{"organisation by name without legal form", `{"q0":{"query":"exempelby friskolor","type":"organisation"}}`, resource.Anonymous, "organisation/5569990004", false},
		{"organisation by number as written", `{"q0":{"query":"Friskolorna","type":"organisation","properties":[{"pid":"orgNumber","v":"556999-0004"}]}}`, resource.Anonymous, "organisation/5569990004", true},
		{"untyped, anonymous: organisations only", `{"q0":{"query":"Exempelby"}}`, resource.Anonymous, "organisation/2129990004", false},
		{"person by name and birth date", `{"q0":{"query":"Anna Exempelsdotter","type":"person","properties":[{"pid":"birthDate","v":"1985-08-15"}]}}`, internal, "person/10000004", true},
		{"person by misspelt name", `{"q0":{"query":"Bjorn Provson","type":"person"}}`, internal, "person/10000012", false},
		{"person by name only is never certain", `{"q0":{"query":"Anna Exempelsdotter","type":"person"}}`, internal, "person/10000004", false},
		{"person by national ID", `{"q0":{"query":"A. Exempelsdotter","type":"person","properties":[{"pid":"nationalId","v":"158885 12389"}]}}`, internal, "person/10000004", true},
		{"Swedish number without century, + for 100 years and older", `{"q0":{"query":"Tolvan","type":"person","properties":[{"pid":"nationalId","v":"121212+1212"}]}}`, internal, "person/10000036", true},
		{"person by customer number", `{"q0":{"query":"x","type":"person","properties":[{"pid":"customerNumber","v":"10000020"}]}}`, internal, "person/10000020", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Reconcile(context.Background(), batch(t, s, tt.query), tt.caller)
			if err != nil {
				t.Fatal(err)
			}
			got := res["q0"].Result
			if len(got) == 0 {
				t.Fatalf("no candidates")
			}
			if got[0].ID != tt.wantTop || got[0].Match != tt.match {
				t.Errorf("top = %s (match %v, score %v), want %s (match %v); all: %+v", got[0].ID, got[0].Match, got[0].Score, tt.wantTop, tt.match, got)
			}
			for _, c := range got {
				if tt.caller.Name == "" && strings.HasPrefix(c.ID, "person/") {
					t.Errorf("anonymous caller got person %s", c.ID)
				}
			}
		})
	}
}

func TestConflictingNationalIDRulesOut(t *testing.T) {
	s, _ := newDemo(t)
	// Anna's name, but another (valid synthetic) number: never a certain match, and not Anna.
	res, err := s.Reconcile(context.Background(), batch(t, s, `{"q":{"query":"Anna Exempelsdotter","type":"person","properties":[{"pid":"nationalId","v":"03849245642"}]}}`), internal)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res["q"].Result {
		if c.ID == "person/10000004" {
			t.Errorf("Anna proposed although her national ID conflicts: %+v", c)
		}
	}
}

func TestPersonsNeedAToken(t *testing.T) {
	s, _ := newDemo(t)
	_, err := s.Reconcile(context.Background(), batch(t, s, `{"q":{"query":"Anna","type":"person"}}`), resource.Anonymous)
	if hub.ErrorCode(err) != hub.EUnauthorized {
		t.Errorf("anonymous person query: %v, want unauthorized", err)
	}
	if _, err := s.Preview(context.Background(), "person/10000004", resource.Anonymous); hub.ErrorCode(err) != hub.EUnauthorized {
		t.Errorf("anonymous person preview: %v, want unauthorized", err)
	}
	if _, err := s.SuggestEntity(context.Background(), "Anna", "person", 0, 10, resource.Anonymous); hub.ErrorCode(err) != hub.EUnauthorized {
		t.Errorf("anonymous person suggest: %v, want unauthorized", err)
	}
	res, err := s.SuggestEntity(context.Background(), "Anna", "", 0, 10, resource.Anonymous)
	if err != nil || len(res.Result) != 0 {
		t.Errorf("anonymous untyped suggest found persons: %+v %v", res, err)
	}
	ext, err := s.Extend(context.Background(), ExtendQuery{IDs: []string{"person/10000004"}, Properties: props("customerNumber")}, resource.Anonymous)
	if hub.ErrorCode(err) != hub.EUnauthorized {
		t.Errorf("anonymous person extension: %+v %v, want unauthorized", ext, err)
	}
}

func props(ids ...string) []struct {
	ID       string         `json:"id"`
	Settings map[string]any `json:"settings,omitempty"`
} {
	out := make([]struct {
		ID       string         `json:"id"`
		Settings map[string]any `json:"settings,omitempty"`
	}, len(ids))
	for i, id := range ids {
		out[i].ID = id
	}
	return out
}

// TestProtectedAddressNeverLeaves: a protected person's address is not matched on, described,
// previewed or extended, whoever asks.
func TestProtectedAddressNeverLeaves(t *testing.T) {
	s, _ := newDemo(t)
	ctx := context.Background()
	res, err := s.Reconcile(ctx, batch(t, s, `{"q":{"query":"Tolvan Tolvansson","type":"person","properties":[{"pid":"address","v":"Hemliga gränd 9"},{"pid":"postcode","v":"99999"}]}}`), internal)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(res)
	preview, err := s.Preview(ctx, "person/10000036", internal)
	if err != nil {
		t.Fatal(err)
	}
	ext, err := s.Extend(ctx, ExtendQuery{IDs: []string{"person/10000036"}, Properties: props("address", "postcode", "city")}, internal)
	if err != nil {
		t.Fatal(err)
	}
	extBody, _ := json.Marshal(ext)
	sugg, _ := s.SuggestEntity(ctx, "Tolv", "person", 0, 10, internal)
	suggBody, _ := json.Marshal(sugg)
	for name, out := range map[string]string{"candidates": string(body), "preview": preview, "extension": string(extBody), "suggest": string(suggBody)} {
		for _, secret := range []string{"Hemliga", "99999", "121212"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s carries %q: %s", name, secret, out)
			}
		}
	}
	for _, c := range res["q"].Result {
		for _, f := range c.Features {
			if f.ID == "address" && f.Value != 0.0 {
				t.Errorf("the protected address was matched on: %+v", c)
			}
		}
	}
}

func TestExtend(t *testing.T) {
	s, _ := newDemo(t)
	q, err := s.ParseExtend([]byte(`{"ids":["person/10000004","organisation/2129990004","person/99999999"],"properties":[{"id":"customerNumber"},{"id":"orgNumber"},{"id":"address"},{"id":"birthDate"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Extend(context.Background(), q, internal)
	if err != nil {
		t.Fatal(err)
	}
	str := func(id, p string) []string {
		var out []string
		for _, v := range res.Rows[id][p] {
			out = append(out, v["str"].(string))
		}
		return out
	}
	checks := []struct {
		id, prop string
		want     string
	}{
		{"person/10000004", "customerNumber", "10000004"},
		{"person/10000004", "birthDate", "1985-08-15"},
		{"person/10000004", "address", "Lärkstigen 4, 999 10 Exempelby"},
		{"person/10000004", "orgNumber", ""},
		{"organisation/2129990004", "orgNumber", "2129990004"},
		{"organisation/2129990004", "customerNumber", ""},
		{"person/99999999", "customerNumber", ""},
	}
	for _, c := range checks {
		got := strings.Join(str(c.id, c.prop), "|")
		if got != c.want {
			t.Errorf("%s %s = %q, want %q", c.id, c.prop, got, c.want)
		}
	}
	if len(res.Meta) != 4 || res.Meta[0].ID != "customerNumber" {
		t.Errorf("meta = %+v", res.Meta)
	}
}

func TestBadInput(t *testing.T) {
	s, _ := newDemo(t)
	many := map[string]Query{}
	for i := 0; i < 11; i++ {
		many[string(rune('a'+i))] = Query{Query: "x"}
	}
	manyJSON, _ := json.Marshal(many)
	tests := []struct {
		name, body, code, mentions string
	}{
		{"not JSON", `{"q0":`, hub.EInvalid, "JSON"},
		{"not an object", `[1,2]`, hub.EInvalid, "object"},
		{"empty query", `{"q0":{"type":"person"}}`, hub.EInvalid, "q0"},
		{"unknown field", `{"q0":{"query":"x","tpye":"person"}}`, hub.EInvalid, "tpye"},
		{"unknown type", `{"q0":{"query":"x","type":"Q5"}}`, hub.EInvalid, "Q5"},
		{"unknown property", `{"q0":{"query":"x","properties":[{"pid":"shoeSize","v":"44"}]}}`, hub.EInvalid, "shoeSize"},
		{"too many", string(manyJSON), hub.ETooLarge, "10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.ParseBatch([]byte(tt.body))
			if hub.ErrorCode(err) != tt.code || !strings.Contains(hub.ErrorMessage(err), tt.mentions) {
				t.Errorf("err = %v, want %s mentioning %q", err, tt.code, tt.mentions)
			}
		})
	}
	if _, err := s.ParseExtend([]byte(`{"ids":["organisation/1"],"properties":[{"id":"nationalId"}]}`)); hub.ErrorCode(err) != hub.EInvalid {
		t.Errorf("extending nationalId: %v, want invalid (identity numbers are never returned)", err)
	}
}

func TestNewDataIsSeen(t *testing.T) {
	s, st := newDemo(t)
	ctx := context.Background()
	q := batch(t, s, `{"q":{"query":"Nyby Bygg AB","type":"organisation"}}`)
	res, _ := s.Reconcile(ctx, q, resource.Anonymous)
	if n := len(res["q"].Result); n != 0 && res["q"].Result[0].Name == "Nyby Bygg AB" {
		t.Fatalf("found before it exists: %+v", res)
	}
	org, _ := rdf.NewIRI(base + "id/organisation/5566778899")
	typ, _ := rdf.NewIRI("http://www.w3.org/ns/org#Organization")
	label, _ := rdf.NewIRI("http://www.w3.org/2004/02/skos/core#prefLabel")
	rdfType, _ := rdf.NewIRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
	name, _ := rdf.NewLiteral("Nyby Bygg AB")
	if _, err := st.Apply(ctx, store.Changeset{Add: []rdf.Quad{{Triple: rdf.Triple{Subj: org, Pred: rdfType, Obj: typ}}, {Triple: rdf.Triple{Subj: org, Pred: label, Obj: name}}}}); err != nil {
		t.Fatal(err)
	}
	res, _ = s.Reconcile(ctx, q, resource.Anonymous)
	if len(res["q"].Result) == 0 || res["q"].Result[0].ID != "organisation/5566778899" {
		t.Errorf("a new organisation is not found: %+v", res)
	}
}

// TestAnswersValidate checks every kind of answer against the official 0.2 schemas, and the
// suite's own examples, so that the schema loader is known to tell valid from invalid.
func TestAnswersValidate(t *testing.T) {
	schemas := reconciletest.Load(t)
	for _, name := range []string{"manifest", "reconciliation-result-batch", "data-extension-response"} {
		for _, f := range schemas.Examples(name, true) {
			b, _ := os.ReadFile(f)
			if err := schemas.Validate(name, b); err != nil {
				t.Errorf("valid example %s rejected: %v", f, err)
			}
		}
		for _, f := range schemas.Examples(name, false) {
			b, _ := os.ReadFile(f)
			if err := schemas.Validate(name, b); err == nil {
				t.Errorf("invalid example %s accepted", f)
			}
		}
	}
	s, _ := newDemo(t)
	ctx := context.Background()
	mustJSON := func(v any) []byte {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	schemas.Check(t, "manifest", mustJSON(s.Manifest(base+"reconcile")))
	q := `{"q0":{"query":"Anna Exempelsdotter","type":"person","limit":3,"properties":[{"pid":"birthDate","v":["1985-08-15"]}]},` +
		`"q1":{"query":"Exempelby kommun","type":["organisation"],"type_strict":"any"},"q2":{"query":"zzzzzz"}}`
	schemas.Check(t, "reconciliation-query-batch", []byte(q))
	res, err := s.Reconcile(ctx, batch(t, s, q), internal)
	if err != nil {
		t.Fatal(err)
	}
	if len(res["q2"].Result) != 0 {
		t.Errorf("nonsense query found %+v", res["q2"])
	}
	schemas.Check(t, "reconciliation-result-batch", mustJSON(res))
	ext, err := s.Extend(ctx, ExtendQuery{IDs: []string{"person/10000004", "organisation/2129990004"}, Properties: props("customerNumber", "orgNumber", "address")}, internal)
	if err != nil {
		t.Fatal(err)
	}
	schemas.Check(t, "data-extension-response", mustJSON(ext))
	prop, err := s.ProposeProperties(TypePerson, 0)
	if err != nil {
		t.Fatal(err)
	}
	schemas.Check(t, "data-extension-property-proposal", mustJSON(prop))
	sugg, err := s.SuggestEntity(ctx, "exem", "", 0, 10, internal)
	if err != nil || len(sugg.Result) < 2 {
		t.Fatalf("suggest exem: %+v %v", sugg, err)
	}
	schemas.Check(t, "suggest-entities-response", mustJSON(sugg))
	schemas.Check(t, "suggest-properties-response", mustJSON(s.SuggestProperty("birth", "")))
	schemas.Check(t, "suggest-types-response", mustJSON(s.SuggestType("pers")))
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Åsa Øvergård", "aasa oevergaard"},
		{"Jörg-Ærlig", "joerg aerlig"},
		{"  José  Müller ", "jose muller"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if s := similarity("Anna Hansen", "Hansen Anna"); s != 1 {
		t.Errorf("word order matters: %v", s)
	}
	if s := similarity("Anna Hansen", "Bo Ek"); s > 0.2 {
		t.Errorf("unrelated names too similar: %v", s)
	}
	if orgName("Exempelby Friskolor AB") != orgName("exempelby friskolor") {
		t.Errorf("legal form not dropped")
	}
}

// TestMaxStaleServesTheSnapshot: with MaxStale, a change does not make the next query wait for a
// new snapshot.
func TestMaxStaleServesTheSnapshot(t *testing.T) {
	_, st := newDemo(t)
	s := New(Config{Store: st, Base: base, Now: today, MaxStale: time.Hour})
	ctx := context.Background()
	first, err := s.snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	org, _ := rdf.NewIRI(base + "id/organisation/5566778899")
	typ, _ := rdf.NewIRI("http://www.w3.org/ns/org#Organization")
	rdfType, _ := rdf.NewIRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
	st.Apply(ctx, store.Changeset{Add: []rdf.Quad{{Triple: rdf.Triple{Subj: org, Pred: rdfType, Obj: typ}}}})
	again, err := s.snapshot(ctx)
	if err != nil || again != first {
		t.Errorf("a change within MaxStale rebuilt the snapshot: %v", err)
	}
}
