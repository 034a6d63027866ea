// Package validation is the hub's validation service: it reads data in any RDF syntax the hub
// speaks and checks it with hub/shacl against the shapes generated from the hub's model, plus
// shapes a caller sends along. It backs POST {base}validate; the compiled model validator is
// shared with validation on write and with the connectors' quarantine.
package validation

import (
	"bytes"
	"context"
	"fmt"
	"mime"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/shacl"
	"github.com/grunddata/grunddata/model"
)

// DocumentReader reads JSON-LD documents (hub/jsonld's Processor).
type DocumentReader interface {
	ToRDF(doc []byte, base string) ([]rdf.Triple, error)
}

// Config is what a Service is built from.
type Config struct {
	Schema    *model.Schema // the model (with the municipality's extension, if any)
	Extra     []rdf.Triple  // local shapes checked together with the model's (config "shapes")
	Documents DocumentReader
	Base      string // base IRI for relative IRIs in submitted documents
}

// Service validates submitted data. It is safe for concurrent use.
type Service struct {
	model       *shacl.Validator
	modelShapes []rdf.Triple
	docs        DocumentReader
	base        string
}

// New compiles the model's shapes, with the local ones, once.
func New(c Config) (*Service, error) {
	ts, err := shacl.ModelShapes(c.Schema)
	if err != nil {
		return nil, err
	}
	ts = append(ts, c.Extra...)
	v, err := shacl.Compile(ts)
	if err != nil {
		return nil, fmt.Errorf("the model's shapes: %w", err)
	}
	return &Service{model: v, modelShapes: ts, docs: c.Documents, base: c.Base}, nil
}

// Model returns the validator compiled from the model's shapes and the local ones.
func (s *Service) Model() *shacl.Validator { return s.model }

// Shapes returns the shapes Model was compiled from: the model's and the local ones.
func (s *Service) Shapes() []rdf.Triple { return s.modelShapes }

// Input is one submitted document: its bytes and media type.
type Input struct {
	Body      []byte
	MediaType string
}

// Validate checks data against the model's shapes (unless withModel is false) and the given
// extra shapes graphs. Errors: EUnsupported for a media type the hub does not read, EInvalid for
// a syntax error or shapes that are not valid SHACL (the message names the document and the
// problem), EInvalid when there are no shapes at all.
func (s *Service) Validate(ctx context.Context, data Input, shapes []Input, withModel bool) (*shacl.Report, error) {
	triples, err := s.Parse(data, "data", "d-")
	if err != nil {
		return nil, err
	}
	if len(shapes) == 0 {
		if !withModel {
			return nil, hub.Errorf(hub.EInvalid, "no shapes to validate against: send shapes, or leave the model's shapes on")
		}
		return s.model.Validate(triples), nil
	}
	var all []rdf.Triple
	if withModel {
		all = append(all, s.modelShapes...)
	}
	for i, in := range shapes {
		ts, err := s.Parse(in, fmt.Sprintf("shapes document %d", i+1), fmt.Sprintf("s%d-", i))
		if err != nil {
			return nil, err
		}
		all = append(all, ts...)
	}
	v, err := shacl.Compile(all)
	if err != nil {
		return nil, &hub.Error{Code: hub.EInvalid, Message: "the shapes are not valid SHACL: " + err.Error(), Err: err}
	}
	return v.Validate(triples), nil
}

// Parse reads one document into triples (the graphs of N-Quads and TriG merged), giving its
// blank nodes the prefix so that two documents never share one. name says which document an
// error is about.
func (s *Service) Parse(in Input, name, blankPrefix string) ([]rdf.Triple, error) {
	mt, _, err := mime.ParseMediaType(in.MediaType)
	if err != nil {
		return nil, hub.Errorf(hub.EUnsupported, "%s: unsupported media type %q", name, in.MediaType)
	}
	var qs []rdf.Quad
	switch mt {
	case rdfio.MediaJSONLD, "application/json":
		ts, err := s.docs.ToRDF(in.Body, s.base)
		if err != nil {
			return nil, prefixed(name, err)
		}
		for _, t := range ts {
			qs = append(qs, rdf.Quad{Triple: t})
		}
	default:
		if qs, err = rdfio.ParseQuads(bytes.NewReader(in.Body), mt, s.base, nil); err != nil {
			return nil, prefixed(name, err)
		}
	}
	qs = rdfio.ScopeBlankNodes(qs, blankPrefix)
	ts := make([]rdf.Triple, len(qs))
	for i, q := range qs {
		ts[i] = q.Triple
	}
	return ts, nil
}

// prefixed names the document in a hub error's message, keeping its code.
func prefixed(name string, err error) error {
	return &hub.Error{Code: hub.ErrorCode(err), Message: name + ": " + hub.ErrorMessage(err), Err: err}
}
