package store

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/knakk/rdf"
)

const idLen = 17

type termID [idLen]byte

const (
	kindDefaultGraph byte = iota
	kindIRIInline
	kindIRIHashed
	kindBlankInline
	kindBlankHashed
	kindStringInline
	kindStringHashed
	kindLangHashed
	kindTypedHashed
)

const xsdString = "http://www.w3.org/2001/XMLSchema#string"
const rdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

// encodeTerm returns the id of a term and, for hashed terms, the dictionary value to store.
func encodeTerm(t rdf.Term) (termID, []byte, error) {
	var id termID
	switch v := t.(type) {
	case nil:
		return id, nil, nil
	case rdf.IRI:
		return inlineOrHash(kindIRIInline, kindIRIHashed, v.String())
	case rdf.Blank:
		return inlineOrHash(kindBlankInline, kindBlankHashed, v.String())
	case rdf.Literal:
		switch {
		case v.Lang() != "":
			return hashed(kindLangHashed, strings.ToLower(v.Lang())+"\x00"+v.String())
		case v.DataType.String() == xsdString || v.DataType.String() == "":
			if strings.IndexByte(v.String(), 0) >= 0 {
				return hashed(kindStringHashed, v.String())
			}
			return inlineOrHash(kindStringInline, kindStringHashed, v.String())
		default:
			return hashed(kindTypedHashed, v.DataType.String()+"\x00"+v.String())
		}
	default:
		return id, nil, fmt.Errorf("store: unsupported term %T", t)
	}
}

func inlineOrHash(inline, hashKind byte, s string) (termID, []byte, error) {
	if len(s) <= idLen-1 {
		var id termID
		id[0] = inline
		copy(id[1:], s)
		return id, nil, nil
	}
	return hashed(hashKind, s)
}

func hashed(kind byte, value string) (termID, []byte, error) {
	h := sha256.New()
	h.Write([]byte{kind})
	h.Write([]byte(value))
	var sum [sha256.Size]byte
	var id termID
	id[0] = kind
	copy(id[1:], h.Sum(sum[:0]))
	return id, []byte(value), nil
}

func (id termID) inline() bool {
	switch id[0] {
	case kindDefaultGraph, kindIRIInline, kindBlankInline, kindStringInline:
		return true
	}
	return false
}

// decodeTerm rebuilds a term from its id and, for hashed terms, its dictionary value. The default
// graph decodes to nil.
func decodeTerm(id termID, value []byte) (rdf.Term, error) {
	if id.inline() {
		value = bytes.TrimRight(id[1:], "\x00")
	}
	s := string(value)
	switch id[0] {
	case kindDefaultGraph:
		return nil, nil
	case kindIRIInline, kindIRIHashed:
		return rdf.NewIRI(s)
	case kindBlankInline, kindBlankHashed:
		return rdf.NewBlank(s)
	case kindStringInline, kindStringHashed:
		return rdf.NewTypedLiteral(s, mustIRI(xsdString)), nil
	case kindLangHashed:
		lang, lex, ok := strings.Cut(s, "\x00")
		if !ok {
			return nil, fmt.Errorf("store: corrupt language literal %x", id)
		}
		return rdf.NewLangLiteral(lex, lang)
	case kindTypedHashed:
		dt, lex, ok := strings.Cut(s, "\x00")
		if !ok {
			return nil, fmt.Errorf("store: corrupt typed literal %x", id)
		}
		dtIRI, err := rdf.NewIRI(dt)
		if err != nil {
			return nil, err
		}
		return rdf.NewTypedLiteral(lex, dtIRI), nil
	}
	return nil, fmt.Errorf("store: unknown term kind %d", id[0])
}

func mustIRI(s string) rdf.IRI {
	iri, err := rdf.NewIRI(s)
	if err != nil {
		panic(err)
	}
	return iri
}

// quadIDs are the ids of a quad's four terms in S, P, O, G order.
type quadIDs [4]termID

// dictEntry is a hashed term's dictionary key and value, to be written with the quad.
type dictEntry struct {
	id    termID
	value []byte
}

func encodeQuad(q rdf.Quad, dict []dictEntry) (quadIDs, []dictEntry, error) {
	var ids quadIDs
	terms := [4]rdf.Term{q.Subj, q.Pred, q.Obj, nil}
	if _, isDefault := q.Ctx.(defaultGraph); q.Ctx != nil && !isDefault {
		terms[3] = q.Ctx
	}
	if q.Subj == nil || q.Pred == nil || q.Obj == nil {
		return ids, dict, fmt.Errorf("store: quad with a missing term")
	}
	for i, t := range terms {
		id, value, err := encodeTerm(t)
		if err != nil {
			return ids, dict, err
		}
		ids[i] = id
		if value != nil {
			dict = append(dict, dictEntry{id: id, value: value})
		}
	}
	return ids, dict, nil
}

func dictKey(id termID) []byte {
	k := make([]byte, 1+idLen)
	k[0] = 'd'
	copy(k[1:], id[:])
	return k
}
