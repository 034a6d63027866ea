package store

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"unsafe"

	"github.com/knakk/rdf"
)

// idLen is the width of a term id in memory: one kind byte and up to 16 bytes of payload, zero
// padded. In keys an id takes only the bytes its kind and lengths say (width; see doc.go).
const idLen = 17

// hashLen is the payload of a hashed term's id: the first 8 bytes of SHA-256.
const hashLen = 8

type termID [idLen]byte

// Term kinds: the first byte of an id. The values are part of the on-disk format.
const (
	kindDefaultGraph byte = 0x00
	kindIRIInline    byte = 0x01
	kindIRIHashed    byte = 0x02
	kindBlankInline  byte = 0x03
	kindBlankHashed  byte = 0x04
	kindStringInline byte = 0x05
	kindStringHashed byte = 0x06
	kindLangInline   byte = 0x07
	kindLangHashed   byte = 0x08
	kindTypedInline  byte = 0x09
	kindTypedHashed  byte = 0x0A
)

const (
	maxInline      = idLen - 2 // IRI, blank label, simple literal: kind, length, up to 15 bytes
	maxInlinePair  = idLen - 3 // lang tag + lexical form, or lexical form of a typed literal
	xsdNS          = "http://www.w3.org/2001/XMLSchema#"
	xsdString      = xsdNS + "string"
	rdfLangString  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
	maxLangTagSize = 255
)

// wellKnownTypes are the datatypes whose short literals are stored inline. The codes are part of the
// on-disk format: append, never reorder. Code 0 is unused so a zero byte is never a valid code.
var wellKnownTypes = [...]string{
	1:  xsdNS + "boolean",
	2:  xsdNS + "integer",
	3:  xsdNS + "decimal",
	4:  xsdNS + "double",
	5:  xsdNS + "float",
	6:  xsdNS + "date",
	7:  xsdNS + "dateTime",
	8:  xsdNS + "time",
	9:  xsdNS + "gYear",
	10: xsdNS + "gYearMonth",
	11: xsdNS + "int",
	12: xsdNS + "long",
	13: xsdNS + "nonNegativeInteger",
	14: xsdNS + "positiveInteger",
	15: xsdNS + "duration",
	16: xsdNS + "anyURI",
	17: xsdNS + "dateTimeStamp",
}

func wellKnownCode(dt string) byte {
	if !strings.HasPrefix(dt, xsdNS) {
		return 0
	}
	for code, s := range wellKnownTypes {
		if code > 0 && s == dt {
			return byte(code)
		}
	}
	return 0
}

// encodeTerm returns the id of a term and, for hashed terms, the dictionary value to store with it.
// nil encodes the default graph. Every term has exactly one id (language tags are lower-cased first),
// so ids compare as the terms do and quads can be compared by their keys.
func encodeTerm(t rdf.Term) (termID, []byte, error) {
	switch v := t.(type) {
	case nil, defaultGraph:
		return termID{}, nil, nil
	case rdf.IRI:
		return inlineOrHash(kindIRIInline, kindIRIHashed, v.String())
	case rdf.Blank:
		return inlineOrHash(kindBlankInline, kindBlankHashed, v.String())
	case rdf.Literal:
		return encodeLiteral(v)
	default:
		return termID{}, nil, fmt.Errorf("store: unsupported term type %T", t)
	}
}

func encodeLiteral(l rdf.Literal) (termID, []byte, error) {
	lex := l.String()
	dt := l.DataType.String()
	switch {
	case l.Lang() != "":
		lang := strings.ToLower(l.Lang())
		if len(lang) > maxLangTagSize || strings.IndexByte(lang, 0) >= 0 {
			return termID{}, nil, fmt.Errorf("store: invalid language tag %q", lang)
		}
		if len(lang)+len(lex) <= maxInlinePair {
			var id termID
			id[0], id[1], id[2] = kindLangInline, byte(len(lang)), byte(len(lex))
			copy(id[3+copy(id[3:], lang):], lex)
			return id, nil, nil
		}
		id, value := hashed(kindLangHashed, lang+"\x00"+lex)
		return id, value, nil
	case dt == rdfLangString:
		return termID{}, nil, fmt.Errorf("store: language-tagged literal %q without a language tag", lex)
	case dt == xsdString || dt == "":
		return inlineOrHash(kindStringInline, kindStringHashed, lex)
	}
	if code := wellKnownCode(dt); code != 0 && len(lex) <= maxInlinePair {
		var id termID
		id[0], id[1], id[2] = kindTypedInline, code, byte(len(lex))
		copy(id[3:], lex)
		return id, nil, nil
	}
	if strings.IndexByte(dt, 0) >= 0 {
		return termID{}, nil, fmt.Errorf("store: datatype IRI %q holds a NUL byte", dt)
	}
	id, value := hashed(kindTypedHashed, dt+"\x00"+lex)
	return id, value, nil
}

func inlineOrHash(inline, hashKind byte, s string) (termID, []byte, error) {
	if len(s) <= maxInline {
		var id termID
		id[0], id[1] = inline, byte(len(s))
		copy(id[2:], s)
		return id, nil, nil
	}
	id, value := hashed(hashKind, s)
	return id, value, nil
}

// hashed returns the id of a term kept in the dictionary: the first 8 bytes of SHA-256 over the kind
// byte and the value. Two terms may share such an id (by chance: about one store in a million with
// ten million long terms; by design: 2^32 work for two terms a client chooses, 2^64 to hit a given
// term), so every write of a new dictionary entry checks the entry stored under its id and refuses
// a different term (ErrTermCollision): a collision costs a refused write, never a wrong answer.
func hashed(kind byte, value string) (termID, []byte) {
	buf := make([]byte, 1+len(value))
	buf[0] = kind
	copy(buf[1:], value)
	sum := termHash(buf)
	var id termID
	id[0] = kind
	copy(id[1:], sum[:hashLen])
	return id, buf[1:]
}

// termHash is the hash behind hashed ids; tests replace it to force collisions.
var termHash = sha256.Sum256

// widthOf returns how many bytes the stored id at the start of b takes, or 0 if b does not start
// with a whole, well-formed id. The kind byte and, for inline terms, the length bytes tell.
func widthOf(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	w := 0
	switch b[0] {
	case kindDefaultGraph:
		w = 1
	case kindIRIHashed, kindBlankHashed, kindStringHashed, kindLangHashed, kindTypedHashed:
		w = 1 + hashLen
	case kindIRIInline, kindBlankInline, kindStringInline:
		if len(b) >= 2 && int(b[1]) <= maxInline {
			w = 2 + int(b[1])
		}
	case kindLangInline:
		if len(b) >= 3 && int(b[1])+int(b[2]) <= maxInlinePair {
			w = 3 + int(b[1]) + int(b[2])
		}
	case kindTypedInline:
		if len(b) >= 3 && int(b[2]) <= maxInlinePair {
			w = 3 + int(b[2])
		}
	}
	if w > len(b) {
		return 0
	}
	return w
}

// width is how many bytes id takes in a key: its stored form is the start of its in-memory form.
func (id *termID) width() int { return widthOf(id[:]) }

// appendID appends the stored form of id.
func appendID(dst []byte, id *termID) []byte { return append(dst, id[:id.width()]...) }

// readID reads the stored id at the start of b and returns it with the rest of b.
func readID(b []byte) (termID, []byte, error) {
	var id termID
	w := widthOf(b)
	if w == 0 {
		return id, nil, fmt.Errorf("store: corrupt term id at %x", b[:min(len(b), idLen)])
	}
	copy(id[:], b[:w])
	return id, b[w:], nil
}

// inline tells whether the id holds the whole term, so no dictionary look-up is needed.
func (id termID) inline() bool {
	switch id[0] {
	case kindIRIHashed, kindBlankHashed, kindStringHashed, kindLangHashed, kindTypedHashed:
		return false
	}
	return true
}

func (id termID) isBlank() bool { return id[0] == kindBlankInline || id[0] == kindBlankHashed }

// isLiteral tells whether the id is a literal's (of any kind: simple, language-tagged or typed).
func (id *termID) isLiteral() bool { return id[0] >= kindStringInline && id[0] <= kindTypedHashed }

// decodeTerm rebuilds a term from its id and, for hashed terms, its dictionary value. The default
// graph decodes to nil.
func decodeTerm(id termID, value []byte) (rdf.Term, error) {
	corrupt := func() (rdf.Term, error) { return nil, fmt.Errorf("store: corrupt term id %x", id[:]) }
	switch id[0] {
	case kindDefaultGraph:
		return nil, nil
	case kindIRIInline, kindBlankInline, kindStringInline:
		n := int(id[1])
		if n > maxInline {
			return corrupt()
		}
		value = id[2 : 2+n]
	case kindLangInline:
		if int(id[1])+int(id[2]) > maxInlinePair {
			return corrupt()
		}
	case kindTypedInline:
		if int(id[2]) > maxInlinePair {
			return corrupt()
		}
	}
	switch id[0] {
	case kindIRIInline, kindIRIHashed:
		return makeIRI(string(value)), nil
	case kindBlankInline, kindBlankHashed:
		return rdf.NewBlank(string(value))
	case kindStringInline, kindStringHashed:
		return rdf.NewTypedLiteral(string(value), makeIRI(xsdString)), nil
	case kindLangInline:
		nl, nv := int(id[1]), int(id[2])
		return makeLangLiteral(string(id[3+nl:3+nl+nv]), string(id[3:3+nl])), nil
	case kindLangHashed:
		lang, lex, ok := strings.Cut(string(value), "\x00")
		if !ok {
			return corrupt()
		}
		return makeLangLiteral(lex, lang), nil
	case kindTypedInline:
		code := int(id[1])
		if code == 0 || code >= len(wellKnownTypes) {
			return corrupt()
		}
		return rdf.NewTypedLiteral(string(id[3:3+int(id[2])]), makeIRI(wellKnownTypes[code])), nil
	case kindTypedHashed:
		dt, lex, ok := strings.Cut(string(value), "\x00")
		if !ok {
			return corrupt()
		}
		return rdf.NewTypedLiteral(lex, makeIRI(dt)), nil
	}
	return corrupt()
}

// makeIRI rebuilds a stored IRI without re-validating it. knakk's parsers create IRIs that its own
// NewIRI would refuse (an escaped space, say); the store must give back exactly what it was given.
// rdf.IRI is a struct with one string field, so it has the layout of a string.
func makeIRI(s string) rdf.IRI {
	if iri, err := rdf.NewIRI(s); err == nil {
		return iri
	}
	return *(*rdf.IRI)(unsafe.Pointer(&s))
}

// knakkLiteral mirrors the layout of rdf.Literal (knakk/rdf is pinned in go.sum; TestLangLiteralLayout
// guards the mirror). It exists because rdf.NewLangLiteral refuses tags with more than one subtag
// ("zh-hans-cn", "sr-latn-rs"), which knakk's own parsers accept and the store must give back.
type knakkLiteral struct {
	str      string
	val      any
	lang     string
	DataType rdf.IRI
}

func makeLangLiteral(lex, lang string) rdf.Literal {
	if l, err := rdf.NewLangLiteral(lex, lang); err == nil {
		return l
	}
	var l rdf.Literal
	m := (*knakkLiteral)(unsafe.Pointer(&l))
	m.str, m.lang, m.DataType = lex, lang, makeIRI(rdfLangString)
	return l
}

// quadIDs are the ids of a quad's four terms in S, P, O, G order.
type quadIDs [4]termID

// dictEntry is a hashed term's dictionary key and value, to be written with the quad.
type dictEntry struct {
	id    termID
	value []byte
}

// encodeQuad encodes q, appending the dictionary entries of its hashed terms to dict.
func encodeQuad(q rdf.Quad, dict []dictEntry) (quadIDs, []dictEntry, error) {
	var ids quadIDs
	terms, err := quadTerms(q)
	if err != nil {
		return ids, dict, err
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

// quadTerms returns q's terms in S P O G order (nil G: the default graph).
func quadTerms(q rdf.Quad) ([4]rdf.Term, error) {
	if q.Subj == nil || q.Pred == nil || q.Obj == nil {
		return [4]rdf.Term{}, fmt.Errorf("store: quad with a missing term")
	}
	terms := [4]rdf.Term{q.Subj, q.Pred, q.Obj, nil}
	if q.Ctx != nil {
		terms[3] = q.Ctx
	}
	return terms, nil
}

func dictKey(id termID) []byte {
	return appendID(append(make([]byte, 0, 1+idLen), 'd'), &id)
}
