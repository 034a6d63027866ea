package shacl

import (
	"math"
	"math/big"
	"regexp"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/vocab"
)

const xsd = vocab.XSDNS

// datatypeOf returns the datatype IRI of a literal: rdf:langString for language-tagged strings,
// xsd:string when none is given.
func datatypeOf(l rdf.Literal) string {
	if l.Lang() != "" {
		return vocab.RDFLangString.String()
	}
	if dt := l.DataType.String(); dt != "" {
		return dt
	}
	return xsd + "string"
}

// Lexical spaces of the XSD datatypes whose ill-formed literals sh:datatype must reject.
var (
	reInteger  = regexp.MustCompile(`^[+-]?[0-9]+$`)
	reDecimal  = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)
	reDouble   = regexp.MustCompile(`^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)$`)
	reBoolean  = regexp.MustCompile(`^(true|false|1|0)$`)
	reTZ       = `(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?`
	reDate     = regexp.MustCompile(`^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])` + reTZ + `$`)
	reDateTime = regexp.MustCompile(`^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))` + reTZ + `$`)
	reTime     = regexp.MustCompile(`^(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))` + reTZ + `$`)
	reGYear    = regexp.MustCompile(`^-?([1-9][0-9]{3,}|0[0-9]{3})` + reTZ + `$`)
	reGYM      = regexp.MustCompile(`^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])` + reTZ + `$`)
	reDuration = regexp.MustCompile(`^-?P(([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?)$`)
	reLanguage = regexp.MustCompile(`^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$`)
	reHex      = regexp.MustCompile(`^([0-9a-fA-F]{2})*$`)
)

// integerRanges bounds the integer types derived from xsd:integer.
var integerRanges = map[string][2]*big.Int{
	"long":               {big.NewInt(math.MinInt64), big.NewInt(math.MaxInt64)},
	"int":                {big.NewInt(math.MinInt32), big.NewInt(math.MaxInt32)},
	"short":              {big.NewInt(math.MinInt16), big.NewInt(math.MaxInt16)},
	"byte":               {big.NewInt(math.MinInt8), big.NewInt(math.MaxInt8)},
	"nonNegativeInteger": {big.NewInt(0), nil},
	"positiveInteger":    {big.NewInt(1), nil},
	"nonPositiveInteger": {nil, big.NewInt(0)},
	"negativeInteger":    {nil, big.NewInt(-1)},
	"unsignedLong":       {big.NewInt(0), new(big.Int).SetUint64(math.MaxUint64)},
	"unsignedInt":        {big.NewInt(0), big.NewInt(math.MaxUint32)},
	"unsignedShort":      {big.NewInt(0), big.NewInt(math.MaxUint16)},
	"unsignedByte":       {big.NewInt(0), big.NewInt(math.MaxUint8)},
}

// wellFormed reports whether the literal's lexical form is in the lexical space of its datatype.
// Datatypes outside XSD's common built-ins are taken as well-formed.
func wellFormed(l rdf.Literal) bool {
	dt := datatypeOf(l)
	if dt == vocab.RDFLangString.String() {
		return l.Lang() != ""
	}
	local, ok := strings.CutPrefix(dt, xsd)
	if !ok {
		return true
	}
	s := l.String()
	switch local {
	case "string", "anyURI", "normalizedString", "token":
		return true
	case "boolean":
		return reBoolean.MatchString(s)
	case "decimal":
		return reDecimal.MatchString(s)
	case "integer":
		return reInteger.MatchString(s)
	case "double", "float":
		return reDouble.MatchString(s)
	case "date":
		return reDate.MatchString(s) && validDay(s)
	case "dateTime", "dateTimeStamp":
		if !reDateTime.MatchString(s) || !validDay(s) {
			return false
		}
		return local == "dateTime" || hasTimezone(s)
	case "time":
		return reTime.MatchString(s)
	case "gYear":
		return reGYear.MatchString(s)
	case "gYearMonth":
		return reGYM.MatchString(s)
	case "duration":
		return reDuration.MatchString(s) && s != "P" && s != "-P" && !strings.HasSuffix(s, "T")
	case "language":
		return reLanguage.MatchString(s)
	case "hexBinary":
		return reHex.MatchString(s)
	}
	if r, ok := integerRanges[local]; ok {
		if !reInteger.MatchString(s) {
			return false
		}
		v, _ := new(big.Int).SetString(strings.TrimPrefix(s, "+"), 10)
		return (r[0] == nil || v.Cmp(r[0]) >= 0) && (r[1] == nil || v.Cmp(r[1]) <= 0)
	}
	return true
}

// validDay rejects dates such as 2021-02-30 that the regular expressions let through.
func validDay(s string) bool {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	i := strings.Index(s, "-")
	if i < 4 || len(s) < i+6 {
		return false
	}
	if neg || i > 4 {
		return true // outside time.Parse's range; the pattern already checked the shape
	}
	_, err := time.Parse("2006-01-02", s[:i+6])
	return err == nil
}

func hasTimezone(s string) bool {
	if strings.HasSuffix(s, "Z") {
		return true
	}
	if len(s) < 6 {
		return false
	}
	tz := s[len(s)-6:]
	return (tz[0] == '+' || tz[0] == '-') && tz[3] == ':'
}

// value kinds for ordering: literals compare only within one kind.
const (
	kindNone = iota
	kindNumber
	kindDateTime
	kindDate
	kindTime
	kindString
	kindBoolean
)

// ordered is a literal's value in a form that can be compared.
type ordered struct {
	kind  int
	num   *big.Rat // kindNumber, finite
	inf   int      // kindNumber: -1 or +1 for ∓INF
	nan   bool
	t     time.Time // kindDateTime, kindDate, kindTime
	hasTZ bool
	str   string // kindString
}

func isNumericType(local string) bool {
	switch local {
	case "decimal", "integer", "double", "float":
		return true
	}
	_, ok := integerRanges[local]
	return ok
}

// orderedValue reads a literal for comparison; ok is false for terms SPARQL cannot order.
func orderedValue(t rdf.Term) (ordered, bool) {
	l, isLit := t.(rdf.Literal)
	if !isLit || !wellFormed(l) {
		return ordered{}, false
	}
	dt := datatypeOf(l)
	local, isXSD := strings.CutPrefix(dt, xsd)
	if !isXSD {
		return ordered{}, false
	}
	s := l.String()
	switch {
	case isNumericType(local):
		switch strings.TrimPrefix(s, "+") {
		case "INF":
			return ordered{kind: kindNumber, inf: 1}, true
		case "-INF":
			return ordered{kind: kindNumber, inf: -1}, true
		case "NaN":
			return ordered{kind: kindNumber, nan: true}, true
		}
		r, ok := new(big.Rat).SetString(strings.TrimPrefix(s, "+"))
		if !ok {
			return ordered{}, false
		}
		return ordered{kind: kindNumber, num: r}, true
	case local == "dateTime" || local == "dateTimeStamp":
		return timeValue(kindDateTime, s, "2006-01-02T15:04:05.999999999")
	case local == "date":
		return timeValue(kindDate, s, "2006-01-02")
	case local == "time":
		return timeValue(kindTime, s, "15:04:05.999999999")
	case local == "string":
		return ordered{kind: kindString, str: s}, true
	case local == "boolean":
		return ordered{kind: kindBoolean, str: map[bool]string{true: "1", false: "0"}[s == "true" || s == "1"]}, true
	}
	return ordered{}, false
}

func timeValue(kind int, s, layout string) (ordered, bool) {
	tz := hasTimezone(s)
	loc := time.UTC
	if tz {
		if strings.HasSuffix(s, "Z") {
			s = strings.TrimSuffix(s, "Z")
		} else {
			off := s[len(s)-6:]
			s = s[:len(s)-6]
			t, err := time.Parse("-07:00", off)
			if err != nil {
				return ordered{}, false
			}
			_, sec := t.Zone()
			loc = time.FixedZone("", sec)
		}
	}
	t, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		return ordered{}, false
	}
	return ordered{kind: kind, t: t, hasTZ: tz}, true
}

// compareTerms orders two terms as SPARQL's < and = would; ok is false when they cannot be
// compared (different kinds, NaN, a timezone on one side only, IRIs, blank nodes).
func compareTerms(a, b rdf.Term) (int, bool) {
	x, okx := orderedValue(a)
	y, oky := orderedValue(b)
	if !okx || !oky || x.kind != y.kind {
		return 0, false
	}
	switch x.kind {
	case kindNumber:
		if x.nan || y.nan {
			return 0, false
		}
		if x.inf != 0 || y.inf != 0 {
			return cmpInt(x.inf, y.inf), true
		}
		return x.num.Cmp(y.num), true
	case kindDateTime, kindDate, kindTime:
		if x.hasTZ != y.hasTZ {
			return 0, false
		}
		return x.t.Compare(y.t), true
	case kindString, kindBoolean:
		return strings.Compare(x.str, y.str), true
	}
	return 0, false
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
