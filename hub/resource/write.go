package resource

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/keys"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/model"
	"github.com/grunddata/grunddata/vocab"
)

// serverManaged are the document fields the hub sets itself; a client may send them back unchanged
// (a GET-modify-PUT round trip), and they are ignored. Besides the manual edit's provenance: the
// source records a resource was derived from (hub/sync) and the numbers a golden record replaces
// (merges, hub/master).
var serverManaged = []string{"generatedAtTime", "wasAttributedTo", "prov:wasDerivedFrom", "dct:replaces"}

// Create stores a new resource of the class from a client's document and returns it as the caller
// sees it. Persons get the next customer number; classes with an identifier property (organisation
// number …) take their key from it; others get a random key. Errors: EUnauthorized, EForbidden,
// EUnsupported, EInvalid, EUnprocessable (with the failing fields), EConflict (the key exists).
func (s *Service) Create(ctx context.Context, classPath string, body []byte, mediaType string, caller Caller) (*Description, error) {
	c, err := s.writableClass(classPath, caller)
	if err != nil {
		return nil, err
	}
	doc, err := s.checkDocument(c, body, mediaType)
	if err != nil {
		return nil, err
	}
	idSlot := s.schema.IdentifierSlot(c)
	var key string
	switch {
	case idSlot != nil && idSlot.URI == vocab.GDCustomerNumber.String():
		if _, ok := doc[idSlot.Name]; ok {
			return nil, unprocessable("/"+idSlot.Name, "the customer number is assigned by the hub; leave it out")
		}
	case idSlot != nil:
		v, _ := doc[idSlot.Name].(string)
		if v == "" {
			return nil, unprocessable("/"+idSlot.Name, "required: the key of a new "+c.Name)
		}
		key = v
	default:
		key = keys.Random()
	}
	if _, ok := doc["id"]; ok {
		return nil, unprocessable("/id", "a new resource gets its URI from the hub; leave id out or use PUT")
	}

	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if key == "" {
		if key, err = s.freeCustomerNumber(ctx, c); err != nil {
			return nil, err
		}
	}
	if !keyPattern.MatchString(key) {
		return nil, unprocessable("/"+idSlot.Name, fmt.Sprintf("%q cannot be a key: use letters, digits, '.', '_', '~' or '-'", key))
	}
	iri := s.IRI(c, key)
	existing, err := s.store.Describe(ctx, iri, nil)
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 {
		return nil, hub.Errorf(hub.EConflict, "%s %s exists already: use PUT to change it", c.Name, iri)
	}
	if err := s.write(ctx, c, iri, key, body, caller); err != nil {
		return nil, err
	}
	return s.Get(ctx, c.Path, key, caller)
}

// freeCustomerNumber takes the next number from the durable sequence, skipping numbers that are
// already in use (by imported or demo data), so a number is never handed out twice.
func (s *Service) freeCustomerNumber(ctx context.Context, c *model.Class) (string, error) {
	for {
		n, err := s.store.NextSequence(ctx, "customer-number")
		if err != nil {
			return "", err
		}
		key, err := keys.CustomerNumber(n)
		if err != nil {
			return "", err
		}
		taken, err := s.store.Describe(ctx, s.IRI(c, key), nil)
		if err != nil {
			return "", err
		}
		if len(taken) == 0 {
			return key, nil
		}
	}
}

// Put replaces the manual description of a resource with a client's document; it reports whether the
// resource was created. Persons cannot be created with PUT, since the hub assigns customer numbers.
// Errors as Create, plus ENotFound for a person that does not exist.
func (s *Service) Put(ctx context.Context, classPath, key string, body []byte, mediaType string, caller Caller) (*Description, bool, error) {
	c, err := s.writableClass(classPath, caller)
	if err != nil {
		return nil, false, err
	}
	if !keyPattern.MatchString(key) {
		return nil, false, hub.Errorf(hub.EInvalid, "%q cannot be a key: use letters, digits, '.', '_', '~' or '-'", key)
	}
	doc, err := s.checkDocument(c, body, mediaType)
	if err != nil {
		return nil, false, err
	}
	iri := s.IRI(c, key)
	if err := s.moved(ctx, iri); err != nil {
		return nil, false, err
	}
	if idSlot := s.schema.IdentifierSlot(c); idSlot != nil {
		if v, ok := doc[idSlot.Name].(string); ok && v != key {
			return nil, false, unprocessable("/"+idSlot.Name, fmt.Sprintf("%q differs from the key %q in the URI", v, key))
		}
	}

	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	existing, err := s.store.Describe(ctx, iri, nil)
	if err != nil {
		return nil, false, err
	}
	created := len(existing) == 0
	if created && s.schema.IdentifierSlot(c) != nil && s.schema.IdentifierSlot(c).URI == vocab.GDCustomerNumber.String() {
		return nil, false, hub.Errorf(hub.ENotFound, "no %s with customer number %q: create persons with POST, the hub assigns the number", c.Name, key)
	}
	if err := s.write(ctx, c, iri, key, body, caller); err != nil {
		return nil, false, err
	}
	d, err := s.Get(ctx, c.Path, key, caller)
	return d, created, err
}

// Delete removes a resource's description from every graph. Errors: EUnauthorized, EForbidden,
// ENotFound.
func (s *Service) Delete(ctx context.Context, classPath, key string, caller Caller) error {
	c, err := s.writableClass(classPath, caller)
	if err != nil {
		return err
	}
	if !keyPattern.MatchString(key) {
		return hub.Errorf(hub.ENotFound, "no %s with key %q", c.Name, key)
	}
	iri := s.IRI(c, key)
	if err := s.moved(ctx, iri); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	quads, err := s.store.Describe(ctx, iri, nil)
	if err != nil {
		return err
	}
	if !hasType(dedupe(quads), iri, rdfio.MustIRI(c.URI)) {
		return hub.Errorf(hub.ENotFound, "no %s with key %q", c.Name, key)
	}
	if _, err = s.store.Apply(ctx, store.Changeset{Remove: quads}); err != nil {
		return err
	}
	return s.afterWrite(ctx, iri)
}

func (s *Service) writableClass(classPath string, caller Caller) (*model.Class, error) {
	c, err := s.Class(classPath)
	if err != nil {
		return nil, err
	}
	if caller.Name == "" {
		return nil, hub.Errorf(hub.EUnauthorized, "changing data needs a bearer token")
	}
	return c, authorize(c, caller)
}

// checkDocument parses the body as a JSON object in the hub's context and validates it against the
// class's JSON Schema, so that every problem is reported with the field it is in.
func (s *Service) checkDocument(c *model.Class, body []byte, mediaType string) (map[string]any, error) {
	mt, _, err := mime.ParseMediaType(mediaType)
	if err != nil || (mt != "application/json" && mt != "application/ld+json") {
		return nil, hub.Errorf(hub.EUnsupported, "send the document as application/ld+json or application/json, not %q", mediaType)
	}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return nil, hub.Errorf(hub.EInvalid, "the document is not valid JSON at byte %d: %v", syn.Offset, syn)
		case errors.As(err, &typ):
			return nil, hub.Errorf(hub.EInvalid, "the document must be one JSON object")
		default:
			return nil, hub.Errorf(hub.EInvalid, "the document is not valid JSON: %v", err)
		}
	}
	if dec.More() {
		return nil, hub.Errorf(hub.EInvalid, "the document must be one JSON object, with nothing after it")
	}
	if ctxVal, ok := doc["@context"]; ok && ctxVal != s.docs.ContextURL() {
		return nil, unprocessable("/@context", fmt.Sprintf("use the hub's context %q, or none", s.docs.ContextURL()))
	}
	clean := make(map[string]any, len(doc))
	for k, v := range doc {
		clean[k] = v
	}
	for _, k := range serverManaged {
		delete(clean, k)
	}
	var plain any
	if err := json.Unmarshal(mustJSON(clean), &plain); err != nil {
		return nil, err
	}
	if problems := s.validator.Validate(c.Path, plain); len(problems) > 0 {
		e := &hub.Error{Code: hub.EUnprocessable, Message: fmt.Sprintf("the %s document does not fit the model", c.Name)}
		for _, p := range problems {
			e.Fields = append(e.Fields, hub.FieldError{Pointer: p.Pointer, Detail: p.Message})
		}
		return nil, e
	}
	return clean, nil
}

// write turns the checked document into the resource's description in the manual graph, with its
// provenance, replacing what the manual graph said of it before in one transaction. A document that
// says the same as what is stored changes nothing, not even the provenance.
func (s *Service) write(ctx context.Context, c *model.Class, iri rdf.IRI, key string, body []byte, caller Caller) error {
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		return hub.Errorf(hub.EInvalid, "the document is not valid JSON: %v", err)
	}
	for _, k := range serverManaged {
		delete(doc, k)
	}
	triples, err := s.docs.ToRDF(mustJSON(doc), iri.String())
	if err != nil {
		return hub.Errorf(hub.EInvalid, "the document is not valid JSON-LD: %v", err)
	}
	triples, err = s.rooted(c, iri, triples)
	if err != nil {
		return err
	}
	if idSlot := s.schema.IdentifierSlot(c); idSlot != nil {
		triples = setLiteral(triples, iri, rdfio.MustIRI(idSlot.URI), key)
	}
	if err := s.checkShapes(c, iri, triples); err != nil {
		return err
	}
	old, err := s.store.Describe(ctx, iri, s.manual)
	if err != nil {
		return err
	}
	if sameContent(old, triples) {
		return nil
	}
	agent := rdfio.MustIRI(s.base + "agent/" + urlSafe(caller.Name))
	triples = append(triples,
		rdf.Triple{Subj: iri, Pred: vocab.ProvGeneratedAtTime, Obj: rdf.NewTypedLiteral(s.now().UTC().Format(time.RFC3339Nano), vocab.XSDDateTime)},
		rdf.Triple{Subj: iri, Pred: vocab.ProvWasAttributedTo, Obj: agent},
	)
	if _, err = s.store.ReplaceDescription(ctx, s.manual, iri, triples); err != nil {
		return err
	}
	return s.afterWrite(ctx, iri)
}

// rooted checks that the triples describe exactly the one resource (plus blank nodes it reaches),
// names the document's root with the resource's IRI, adds the class's type and gives the blank nodes
// labels unique to the resource, so that they never collide with another resource's in the store.
func (s *Service) rooted(c *model.Class, iri rdf.IRI, triples []rdf.Triple) ([]rdf.Triple, error) {
	referenced := map[string]bool{}
	subjects := map[string]rdf.Subject{}
	for _, t := range triples {
		subjects[rdfio.TermString(t.Subj)] = t.Subj
		if b, ok := t.Obj.(rdf.Blank); ok {
			referenced[rdfio.TermString(b)] = true
		}
	}
	var roots []string
	for k, subj := range subjects {
		switch subj.(type) {
		case rdf.IRI:
			if k != rdfio.TermString(iri) {
				return nil, unprocessable("/id", fmt.Sprintf("the document describes %s; it may describe only %s and nested objects", subj, iri))
			}
			roots = append(roots, k)
		case rdf.Blank:
			if !referenced[k] {
				roots = append(roots, k)
			}
		}
	}
	if len(roots) > 1 {
		return nil, unprocessable("", "the document describes more than one resource")
	}
	prefix := blankPrefix(iri)
	labels := map[string]rdf.Blank{}
	rename := func(t rdf.Term) rdf.Term {
		b, ok := t.(rdf.Blank)
		if !ok {
			return t
		}
		k := rdfio.TermString(b)
		if len(roots) == 1 && k == roots[0] {
			return iri
		}
		if nb, ok := labels[k]; ok {
			return nb
		}
		nb, _ := rdf.NewBlank(fmt.Sprintf("%s%d", prefix, len(labels)))
		labels[k] = nb
		return nb
	}
	out := make([]rdf.Triple, 0, len(triples)+1)
	typed := false
	classIRI := rdfio.MustIRI(c.URI)
	for _, t := range triples {
		nt := rdf.Triple{Subj: rename(t.Subj).(rdf.Subject), Pred: t.Pred, Obj: rename(t.Obj).(rdf.Object)}
		if sameTerm(nt.Subj, iri) && sameTerm(nt.Pred, vocab.RDFType) {
			if sameTerm(nt.Obj, classIRI) {
				typed = true
			} else if other := s.schema.ClassByURI(nt.Obj.String()); other != nil && !s.schema.IsA(c, other) {
				return nil, unprocessable("/type", fmt.Sprintf("a %s cannot also be a %s", c.Name, other.Name))
			}
		}
		out = append(out, nt)
	}
	if !typed {
		out = append(out, rdf.Triple{Subj: iri, Pred: vocab.RDFType, Obj: classIRI})
	}
	return out, nil
}

func blankPrefix(iri rdf.IRI) string {
	h := sha256.Sum256([]byte(iri.String()))
	return "r" + hex.EncodeToString(h[:6]) + "b"
}

// setLiteral makes (subject, pred, value) the only value of pred on subject.
func setLiteral(ts []rdf.Triple, subject rdf.IRI, pred rdf.IRI, value string) []rdf.Triple {
	out := ts[:0]
	for _, t := range ts {
		if sameTerm(t.Subj, subject) && sameTerm(t.Pred, pred) {
			continue
		}
		out = append(out, t)
	}
	obj, _ := rdf.NewLiteral(value)
	return append(out, rdf.Triple{Subj: subject, Pred: pred, Obj: obj})
}

// sameContent compares a stored description with new triples, ignoring provenance and blank-node
// labels (labels are derived from the resource, so equal content gets equal labels).
func sameContent(old []rdf.Quad, triples []rdf.Triple) bool {
	a := map[string]bool{}
	for _, q := range old {
		if !isProvenance(q.Pred) {
			a[rdfio.TripleString(q.Triple)] = true
		}
	}
	b := map[string]bool{}
	for _, t := range triples {
		b[rdfio.TripleString(t)] = true
	}
	if len(a) != len(b) {
		return false
	}
	for k := range b {
		if !a[k] {
			return false
		}
	}
	return true
}

func isProvenance(p rdf.Predicate) bool {
	return sameTerm(p, vocab.ProvGeneratedAtTime) || sameTerm(p, vocab.ProvWasAttributedTo)
}

func unprocessable(pointer, detail string) *hub.Error {
	return &hub.Error{Code: hub.EUnprocessable, Message: detail, Fields: []hub.FieldError{{Pointer: pointer, Detail: detail}}}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // re-encoding a value that json.Unmarshal produced cannot fail
	}
	return b
}

func urlSafe(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 128 && (r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}
