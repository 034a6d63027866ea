// Package opendatatest builds the demo municipality on an in-memory store for the tests of the
// packages that publish open data (catalogue, fragments, feeds). It is test support only.
package opendatatest

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/examples/exempelby"
	"github.com/grunddata/grunddata/hub/jsonld"
	"github.com/grunddata/grunddata/hub/opendata"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/resource"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/model"
)

// Base is the base URI the demo hub runs under in tests.
const Base = "http://hub.test/"

// PeerSubject is a resource of a peer hub, replicated into this hub's peer graph by Demo. It must
// never show up in this hub's own open data.
const PeerSubject = "http://peer.test/id/organisation/9100000009"

// Hub is the demo hub: its store, resource service and open-data source.
type Hub struct {
	Store     *store.Store
	Resources *resource.Service
	Source    *opendata.Source
	JSONLD    *jsonld.Processor
}

// WithOrganisations is Demo with n synthetic organisations added (AddOrganisations), for
// benchmarks.
func WithOrganisations(tb testing.TB, n int) *Hub {
	tb.Helper()
	h := Demo(tb)
	AddOrganisations(tb, h, n)
	return h
}

// Demo opens an in-memory store, loads the demo municipality into {Base}graph/demo and one peer
// organisation into {Base}graph/peer/peer.test, and wires the services over it.
func Demo(t testing.TB) *Hub {
	t.Helper()
	st, err := store.Open("", store.Options{InMemory: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	schema := model.Default()
	validator, err := model.NewDocumentValidator(schema)
	if err != nil {
		t.Fatal(err)
	}
	contextDoc, err := fs.ReadFile(model.Generated, "generated/context.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	ld, err := jsonld.NewProcessor(Base+"context.jsonld", contextDoc)
	if err != nil {
		t.Fatal(err)
	}
	res := resource.New(resource.Config{Store: st, Schema: schema, Validator: validator, Documents: ld, Base: Base})

	quads, err := exempelby.Quads(Base, iri(t, Base+"graph/demo"))
	if err != nil {
		t.Fatal(err)
	}
	cs := store.Changeset{Add: quads}
	peer := `<` + PeerSubject + `> a <http://www.w3.org/ns/org#Organization> ;
	  <http://www.w3.org/2004/02/skos/core#prefLabel> "Naboby kommune" .`
	pq, err := rdfio.ParseQuads(strings.NewReader(peer), "text/turtle", "", iri(t, opendata.PeerGraphPrefix(Base)+"peer.test"))
	if err != nil {
		t.Fatal(err)
	}
	cs.Add = append(cs.Add, pq...)
	if _, err := st.Apply(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
	return &Hub{Store: st, Resources: res, JSONLD: ld, Source: opendata.New(opendata.Config{Store: st, Resources: res, Base: Base})}
}

func iri(t testing.TB, s string) rdf.IRI {
	t.Helper()
	v, err := rdf.NewIRI(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// NationalIDs are the national identity numbers in the demo data; no open output may contain one.
var NationalIDs = []string{"15888512389", "03849245642", "22917934766", "191212121212", "19121212-1212"}

// Secrets are strings of internal or protected demo data that no open output may contain: national
// identity numbers, a protected person's address and phone, persons' names.
func Secrets() []string {
	return append([]string{"Hemliga gränd", "+46 999 99 99 99", "Tolvansson", "Exempelsdotter", "Provsson", "id/person/", "id/membership/"}, NationalIDs...)
}
