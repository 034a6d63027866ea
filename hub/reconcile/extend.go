package reconcile

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"strings"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/resource"
)

// Property is a property the service matches on or returns.
type Property struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	types       []string
	query       bool // may be used in a query's properties
	extend      func(e *Entity) []string
}

var properties = []Property{
	{ID: "customerNumber", Name: "Customer number", Description: "The hub's customer number of a person (8 digits)",
		types: []string{TypePerson}, query: true, extend: func(e *Entity) []string { return []string{e.Key} }},
	{ID: "orgNumber", Name: "Organisation number", Description: "The organisation number (digits only)",
		types: []string{TypeOrganisation}, query: true, extend: func(e *Entity) []string { return []string{e.Key} }},
	{ID: "name", Name: "Name", types: []string{TypePerson, TypeOrganisation},
		extend: func(e *Entity) []string { return nonEmpty(e.Name) }},
	{ID: "givenName", Name: "Given name", types: []string{TypePerson}, query: true,
		extend: func(e *Entity) []string { return nonEmpty(e.Given) }},
	{ID: "familyName", Name: "Family name", types: []string{TypePerson}, query: true,
		extend: func(e *Entity) []string { return nonEmpty(e.Family) }},
	{ID: "birthDate", Name: "Birth date", Description: "yyyy-mm-dd", types: []string{TypePerson}, query: true,
		extend: func(e *Entity) []string { return nonEmpty(e.BirthDate) }},
	{ID: "nationalId", Name: "National identity number", Description: "Matched on, never returned",
		types: []string{TypePerson}, query: true},
	{ID: "address", Name: "Address", Description: "Street address, or the full address",
		types: []string{TypePerson, TypeOrganisation}, query: true,
		extend: func(e *Entity) []string { return nonEmpty(e.Address.Display()) }},
	{ID: "postcode", Name: "Postcode", types: []string{TypePerson, TypeOrganisation}, query: true,
		extend: func(e *Entity) []string { return nonEmpty(e.Address.Postcode) }},
	{ID: "city", Name: "Post town", types: []string{TypePerson, TypeOrganisation},
		extend: func(e *Entity) []string { return nonEmpty(e.Address.City) }},
	{ID: "homepage", Name: "Homepage", types: []string{TypeOrganisation},
		extend: func(e *Entity) []string { return nonEmpty(e.Homepage) }},
	{ID: "uri", Name: "URI", Description: "The entity's URI in the hub", types: []string{TypePerson, TypeOrganisation},
		extend: func(e *Entity) []string { return []string{e.IRI.String()} }},
}

func queryProperty(id string) bool {
	for _, p := range properties {
		if p.ID == id && p.query {
			return true
		}
	}
	return false
}

func propertyByID(id string) (Property, bool) {
	for _, p := range properties {
		if p.ID == id {
			return p, true
		}
	}
	return Property{}, false
}

func (p Property) of(typ string) bool {
	for _, t := range p.types {
		if typ == "" || t == typ {
			return true
		}
	}
	return false
}

// Manifest is the service manifest (the API's "manifest" schema).
type Manifest struct {
	Versions        []string        `json:"versions"`
	Name            string          `json:"name"`
	IdentifierSpace string          `json:"identifierSpace"`
	SchemaSpace     string          `json:"schemaSpace"`
	Documentation   string          `json:"documentation,omitempty"`
	View            URLTemplate     `json:"view"`
	DefaultTypes    []TypeRef       `json:"defaultTypes"`
	Authentication  map[string]any  `json:"authentication"`
	Preview         PreviewSettings `json:"preview"`
	Suggest         map[string]any  `json:"suggest"`
	Extend          map[string]any  `json:"extend"`
}

// URLTemplate is a URL with {{id}} in it.
type URLTemplate struct {
	URL string `json:"url"`
}

// PreviewSettings tells clients where and how large previews are.
type PreviewSettings struct {
	URL    string `json:"url"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// Manifest describes the service at endpoint (the URL of {base}reconcile).
func (s *Service) Manifest(endpoint string) Manifest {
	return Manifest{
		Versions:        []string{"0.2"},
		Name:            s.cfg.Name,
		IdentifierSpace: s.cfg.Base + "id/",
		SchemaSpace:     s.cfg.Base + "ns",
		Documentation:   s.cfg.Base + "model/",
		View:            URLTemplate{URL: s.cfg.Base + "id/{{id}}"},
		DefaultTypes:    types,
		Authentication: map[string]any{
			"type": "apiKey", "in": "header", "name": "Authorization",
			"description": "Persons need an internal token: send 'Bearer <token>'. Organisations are open.",
		},
		Preview: PreviewSettings{URL: endpoint + "/preview?id={{id}}", Width: 400, Height: 120},
		Suggest: map[string]any{
			"entity":   map[string]string{"service_url": endpoint, "service_path": "/suggest/entity", "flyout_service_path": "/flyout?id=${id}"},
			"property": map[string]string{"service_url": endpoint, "service_path": "/suggest/property"},
			"type":     map[string]string{"service_url": endpoint, "service_path": "/suggest/type"},
		},
		Extend: map[string]any{
			"propose_properties": map[string]string{"service_url": endpoint, "service_path": "/properties"},
			"property_settings":  []any{},
		},
	}
}

// SuggestResult is the answer of the suggest services.
type SuggestResult struct {
	Result []Suggestion `json:"result"`
}

// Suggestion is one suggested entity, property or type.
type Suggestion struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Notable     []TypeRef `json:"notable,omitempty"`
}

// SuggestEntity returns the entities whose name or key starts with prefix (a word of the name
// counts), persons only for callers who may see them.
func (s *Service) SuggestEntity(ctx context.Context, prefix, typ string, cursor, limit int, caller resource.Caller) (SuggestResult, error) {
	if typ == TypePerson && !canSeePersons(caller) {
		return SuggestResult{}, hub.Errorf(hub.EUnauthorized, "person data is not open: send a bearer token")
	}
	snap, err := s.snapshot(ctx)
	if err != nil {
		return SuggestResult{}, err
	}
	p := fold(prefix)
	res := SuggestResult{Result: []Suggestion{}}
	if p == "" {
		return res, nil
	}
	var pools [][]*Entity
	if typ == "" || typ == TypeOrganisation {
		pools = append(pools, snap.orgs)
	}
	if (typ == "" && canSeePersons(caller)) || typ == TypePerson {
		pools = append(pools, snap.persons)
	}
	skipped := 0
	for _, pool := range pools {
		for _, e := range pool {
			if !startsWith(fold(e.Name), p) && !strings.HasPrefix(e.Key, p) {
				continue
			}
			if skipped < cursor {
				skipped++
				continue
			}
			if len(res.Result) >= limit {
				return res, nil
			}
			res.Result = append(res.Result, Suggestion{ID: e.ID(), Name: e.Name, Description: describe(e), Notable: []TypeRef{typeRef(e.Type)}})
		}
	}
	return res, nil
}

func startsWith(name, prefix string) bool {
	if strings.HasPrefix(name, prefix) {
		return true
	}
	for _, w := range strings.Fields(name) {
		if strings.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}

// SuggestProperty returns the properties (of typ, if given) whose id or name starts with prefix.
func (s *Service) SuggestProperty(prefix, typ string) SuggestResult {
	res := SuggestResult{Result: []Suggestion{}}
	p := fold(prefix)
	for _, pr := range properties {
		if pr.of(typ) && (startsWith(fold(pr.Name), p) || strings.HasPrefix(strings.ToLower(pr.ID), strings.ToLower(prefix))) {
			res.Result = append(res.Result, Suggestion{ID: pr.ID, Name: pr.Name, Description: pr.Description})
		}
	}
	return res
}

// SuggestType returns the types whose id or name starts with prefix.
func (s *Service) SuggestType(prefix string) SuggestResult {
	res := SuggestResult{Result: []Suggestion{}}
	for _, t := range types {
		if startsWith(fold(t.Name), fold(prefix)) {
			res.Result = append(res.Result, Suggestion{ID: t.ID, Name: t.Name})
		}
	}
	return res
}

// Preview returns a small HTML description of an entity: ENotFound, EUnauthorized.
func (s *Service) Preview(ctx context.Context, id string, caller resource.Caller) (string, error) {
	snap, err := s.snapshot(ctx)
	if err != nil {
		return "", err
	}
	e, err := s.entity(ctx, snap, id, caller)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>`)
	b.WriteString(html.EscapeString(e.Name))
	b.WriteString(`</title></head><body style="font-family:sans-serif;font-size:0.9em;margin:0.5em">`)
	fmt.Fprintf(&b, `<p><a href="%s" target="_blank"><strong>%s</strong></a> (%s)</p><p>%s</p></body></html>`,
		html.EscapeString(e.IRI.String()), html.EscapeString(e.Name), html.EscapeString(typeRef(e.Type).Name),
		html.EscapeString(describe(e)))
	return b.String(), nil
}

// Flyout is the suggest flyout: an entity's id and an HTML snippet.
type Flyout struct {
	ID   string `json:"id"`
	HTML string `json:"html"`
}

// Flyout returns the flyout of an entity: ENotFound, EUnauthorized.
func (s *Service) Flyout(ctx context.Context, id string, caller resource.Caller) (Flyout, error) {
	snap, err := s.snapshot(ctx)
	if err != nil {
		return Flyout{}, err
	}
	e, err := s.entity(ctx, snap, id, caller)
	if err != nil {
		return Flyout{}, err
	}
	return Flyout{ID: e.ID(), HTML: fmt.Sprintf("<p><strong>%s</strong><br>%s</p>", html.EscapeString(e.Name), html.EscapeString(describe(e)))}, nil
}

// Proposal is the answer to "which properties can I fetch for this type".
type Proposal struct {
	Type       string       `json:"type"`
	Properties []Suggestion `json:"properties"`
	Limit      int          `json:"limit,omitempty"`
}

// ProposeProperties lists the properties data extension can return for typ: EInvalid for an
// unknown type.
func (s *Service) ProposeProperties(typ string, limit int) (Proposal, error) {
	if typ != TypePerson && typ != TypeOrganisation {
		return Proposal{}, &hub.Error{Code: hub.EInvalid, Message: "type must be person or organisation",
			Fields: []hub.FieldError{{Pointer: "/type", Detail: "unknown type"}}}
	}
	out := Proposal{Type: typ, Properties: []Suggestion{}, Limit: limit}
	for _, p := range properties {
		if p.extend != nil && p.of(typ) {
			out.Properties = append(out.Properties, Suggestion{ID: p.ID, Name: p.Name, Description: p.Description})
		}
	}
	if limit > 0 && len(out.Properties) > limit {
		out.Properties = out.Properties[:limit]
	}
	return out, nil
}

// ExtendQuery is a data extension request.
type ExtendQuery struct {
	IDs        []string `json:"ids"`
	Properties []struct {
		ID       string         `json:"id"`
		Settings map[string]any `json:"settings,omitempty"`
	} `json:"properties"`
}

// ExtendResponse is the data extension answer.
type ExtendResponse struct {
	Meta []PropertyMeta                         `json:"meta"`
	Rows map[string]map[string][]map[string]any `json:"rows"`
}

// PropertyMeta names one returned property.
type PropertyMeta struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ParseExtend reads a data extension request: EInvalid, ETooLarge.
func (s *Service) ParseExtend(b []byte) (ExtendQuery, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var q ExtendQuery
	if err := dec.Decode(&q); err != nil {
		return q, &hub.Error{Code: hub.EInvalid, Message: "extend must be a JSON object with ids and properties: " + err.Error(),
			Fields: []hub.FieldError{{Pointer: "/extend", Detail: err.Error()}}}
	}
	if q.IDs == nil || q.Properties == nil {
		return q, &hub.Error{Code: hub.EInvalid, Message: "extend needs ids and properties",
			Fields: []hub.FieldError{{Pointer: "/extend", Detail: "needs ids and properties"}}}
	}
	if len(q.IDs) > s.cfg.MaxBatch {
		return q, hub.Errorf(hub.ETooLarge, "data extension may ask for at most %d ids; this request has %d", s.cfg.MaxBatch, len(q.IDs))
	}
	for i, p := range q.Properties {
		if pr, ok := propertyByID(p.ID); !ok || pr.extend == nil {
			return q, &hub.Error{Code: hub.EInvalid, Message: fmt.Sprintf("property %q cannot be fetched", p.ID),
				Fields: []hub.FieldError{{Pointer: fmt.Sprintf("/extend/properties/%d/id", i), Detail: "unknown property"}}}
		}
	}
	return q, nil
}

// Extend returns the asked properties of each entity. Ids of persons need an internal caller
// (EUnauthorized); unknown ids get an empty row, as the API wants.
func (s *Service) Extend(ctx context.Context, q ExtendQuery, caller resource.Caller) (ExtendResponse, error) {
	snap, err := s.snapshot(ctx)
	if err != nil {
		return ExtendResponse{}, err
	}
	out := ExtendResponse{Meta: []PropertyMeta{}, Rows: map[string]map[string][]map[string]any{}}
	for _, p := range q.Properties {
		pr, _ := propertyByID(p.ID)
		out.Meta = append(out.Meta, PropertyMeta{ID: pr.ID, Name: pr.Name})
	}
	for _, id := range q.IDs {
		row := map[string][]map[string]any{}
		e, err := s.entity(ctx, snap, id, caller)
		if err != nil && hub.ErrorCode(err) != hub.ENotFound {
			return ExtendResponse{}, err
		}
		for _, p := range q.Properties {
			vals := []map[string]any{}
			if pr, _ := propertyByID(p.ID); e != nil && pr.of(e.Type) {
				for _, v := range pr.extend(e) {
					vals = append(vals, map[string]any{"str": v})
				}
			}
			row[p.ID] = vals
		}
		out.Rows[id] = row
	}
	return out, nil
}
