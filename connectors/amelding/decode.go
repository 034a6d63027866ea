package amelding

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/grunddata/grunddata/connectors/internal/xmlstream"
)

// Namespace is the A-melding 2.3 namespace; other 2.x versions share the elements read here and
// are accepted too.
const Namespace = "urn:ske:fastsetting:innsamling:a-meldingen:v2_3"

const namespacePrefix = "urn:ske:fastsetting:innsamling:a-meldingen:v2_"

// leveranse is the melding's header.
type leveranse struct {
	MeldingsID          string
	ErstatterMeldingsID string
	Kalendermaaned      string
	Opplysningspliktig  string
}

// inntektsmottaker is one income recipient with the employments that matter here. Income,
// deductions and everything else in the element are not decoded: pay is not master data.
type inntektsmottaker struct {
	XMLName            xml.Name         `xml:"inntektsmottaker"`
	NorskIdentifikator string           `xml:"norskIdentifikator"`
	Navn               string           `xml:"identifiserendeInformasjon>navn,omitempty"`
	Arbeidsforhold     []arbeidsforhold `xml:"arbeidsforhold"`
}

type arbeidsforhold struct {
	ID      string `xml:"arbeidsforholdId"`
	Type    string `xml:"typeArbeidsforhold"`
	Start   string `xml:"startdato"`
	Slutt   string `xml:"sluttdato"`
	Timer   string `xml:"antallTimerPerUkeSomEnFullStillingTilsvarer"`
	Yrke    string `xml:"yrke"`
	Prosent string `xml:"stillingsprosent"`
}

// handler receives what a melding holds, in document order.
type handler interface {
	leveranse(l leveranse) error
	virksomhet(orgnr string) error
	inntektsmottaker(virksomhet string, im *inntektsmottaker) error
}

// ErrNotAMelding is returned for a document that is not an A-melding.
var ErrNotAMelding = errors.New("a-melding: the document is not an A-melding (root <melding> in namespace " + Namespace + ")")

// decode streams one A-melding document. It reads raw tokens and fills the few fields it needs by
// element path (xmlstream.Walk), without reflection or namespace bookkeeping: that is most of the
// parse time saved.
func decode(r io.Reader, h handler) error {
	dec, _ := xmlstream.NewDecoder(r)
	var lev leveranse
	levSent := false
	virksomhet := ""
	var im *inntektsmottaker
	var af *arbeidsforhold
	var handed error // an error of the handler, returned as it is
	call := func(err error) error {
		handed = err
		return err
	}
	sendLeveranse := func() error {
		if levSent {
			return nil
		}
		levSent = true
		return call(h.leveranse(lev))
	}
	err := xmlstream.Walk(dec, xmlstream.Handler{
		Root: func(t xml.StartElement) error {
			if t.Name.Local != "melding" || !strings.HasPrefix(namespaceOf(t), namespacePrefix) {
				return ErrNotAMelding
			}
			return nil
		},
		Start: func(_ []string, at string, _ xml.StartElement) error {
			switch at {
			case "Leveranse/oppgave":
				return sendLeveranse()
			case "Leveranse/oppgave/virksomhet":
				virksomhet = ""
			case "Leveranse/oppgave/virksomhet/inntektsmottaker":
				im = &inntektsmottaker{}
			case "Leveranse/oppgave/virksomhet/inntektsmottaker/arbeidsforhold":
				im.Arbeidsforhold = append(im.Arbeidsforhold, arbeidsforhold{})
				af = &im.Arbeidsforhold[len(im.Arbeidsforhold)-1]
			}
			return nil
		},
		End: func(path []string, p string, v string) error {
			switch {
			case p == "Leveranse":
				return sendLeveranse()
			case p == "Leveranse/meldingsId":
				lev.MeldingsID = v
			case p == "Leveranse/erstatterMeldingsId":
				lev.ErstatterMeldingsID = v
			case p == "Leveranse/kalendermaaned":
				lev.Kalendermaaned = v
			case p == "Leveranse/opplysningspliktig/norskIdentifikator":
				lev.Opplysningspliktig = v
			case p == "Leveranse/oppgave/virksomhet/norskIdentifikator":
				virksomhet = v
				return call(h.virksomhet(v))
			case p == "Leveranse/oppgave/virksomhet/inntektsmottaker":
				mottaker := im
				im, af = nil, nil
				return call(h.inntektsmottaker(virksomhet, mottaker))
			case p == "Leveranse/oppgave/virksomhet/inntektsmottaker/norskIdentifikator":
				im.NorskIdentifikator = v
			case p == "Leveranse/oppgave/virksomhet/inntektsmottaker/identifiserendeInformasjon/navn":
				im.Navn = v
			case strings.HasPrefix(p, "Leveranse/oppgave/virksomhet/inntektsmottaker/arbeidsforhold/") && af != nil && len(path) == 7:
				af.set(path[6], v)
			}
			return nil
		},
	})
	return xmlstream.Result(err, handed, ErrNotAMelding, "a-melding")
}

// set fills a field from a child element of arbeidsforhold.
func (af *arbeidsforhold) set(name, v string) {
	switch name {
	case "arbeidsforholdId":
		af.ID = v
	case "typeArbeidsforhold":
		af.Type = v
	case "startdato":
		af.Start = v
	case "sluttdato":
		af.Slutt = v
	case "antallTimerPerUkeSomEnFullStillingTilsvarer":
		af.Timer = v
	case "yrke":
		af.Yrke = v
	case "stillingsprosent":
		af.Prosent = v
	}
}

// namespaceOf is the default namespace an element declares (RawToken does not resolve them).
func namespaceOf(t xml.StartElement) string {
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == "xmlns" {
			return a.Value
		}
		if a.Name.Space == "xmlns" && a.Name.Local == t.Name.Space {
			return a.Value
		}
	}
	return ""
}

// raw re-encodes what was read of an inntektsmottaker, for the quarantine: the element as sent
// holds pay, which the hub never keeps.
func (im *inntektsmottaker) raw() []byte {
	b, err := xml.MarshalIndent(im, "", "  ")
	if err != nil {
		return nil
	}
	return b
}

// header reads only the Leveranse header of a melding (it stops at oppgave), to order and replace
// meldinger before their contents are read.
func header(r io.Reader) (leveranse, error) {
	var got leveranse
	stop := errors.New("stop")
	err := decode(r, headerOnly{&got, stop})
	if errors.Is(err, stop) {
		return got, nil
	}
	return got, err
}

type headerOnly struct {
	l    *leveranse
	stop error
}

func (h headerOnly) leveranse(l leveranse) error                    { *h.l = l; return h.stop }
func (headerOnly) virksomhet(string) error                          { return nil }
func (headerOnly) inntektsmottaker(string, *inntektsmottaker) error { return nil }
