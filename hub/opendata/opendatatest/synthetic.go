package opendatatest

import (
	"context"
	"fmt"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// AddOrganisations bulk-loads n synthetic organisations into h's store (graph {Base}graph/bench),
// each with a name, an identifier, an address (a nested node) and one unit, and one internal
// membership pointing at it, for benchmarks at a realistic size. The organisation numbers are
// generated Swedish ones with a valid Luhn check digit. It returns the number of quads loaded.
func AddOrganisations(tb testing.TB, h *Hub, n int) int {
	tb.Helper()
	ctx := context.Background()
	g := iri(tb, Base+"graph/bench")
	bl := h.Store.NewBulkLoader(store.BulkOptions{})
	add := func(s rdf.Subject, p rdf.Predicate, o rdf.Object) {
		if err := bl.Add(ctx, rdf.Quad{Triple: rdf.Triple{Subj: s, Pred: p, Obj: o}, Ctx: g}); err != nil {
			tb.Fatal(err)
		}
	}
	lit := func(s string) rdf.Literal { return rdf.NewTypedLiteral(s, vocab.XSDString) }
	for i := range n {
		num := luhn(fmt.Sprintf("212%06d", i))
		org := iri(tb, Base+"id/organisation/"+num)
		unit := iri(tb, fmt.Sprintf("%sid/unit/bench-%d", Base, i))
		addr, _ := rdf.NewBlank(fmt.Sprintf("bench-addr-%d", i))
		add(org, vocab.RDFType, iri(tb, vocab.ORGNS+"Organization"))
		add(org, vocab.DCTIdentifier, lit(num))
		add(org, vocab.SKOSPrefLabel, lit(fmt.Sprintf("Förening %d", i)))
		add(org, vocab.LocnAddressProp, addr)
		add(addr, vocab.RDFType, vocab.LocnAddress)
		add(addr, vocab.LocnFullAddress, lit(fmt.Sprintf("Storgatan %d, 999 99 Exempelby", i%500+1)))
		add(addr, vocab.LocnPostCode, lit("99999"))
		add(org, iri(tb, vocab.ORGNS+"hasUnit"), unit)
		add(unit, vocab.RDFType, iri(tb, vocab.ORGNS+"OrganizationalUnit"))
		add(unit, vocab.DCTIdentifier, lit(fmt.Sprintf("bench-%d", i)))
		add(unit, vocab.SKOSPrefLabel, lit(fmt.Sprintf("Avdelning %d", i)))
		add(unit, iri(tb, vocab.ORGNS+"unitOf"), org)
		m := iri(tb, fmt.Sprintf("%sid/membership/bench-%d", Base, i))
		add(m, vocab.RDFType, iri(tb, vocab.ORGNS+"Membership"))
		add(m, iri(tb, vocab.ORGNS+"organization"), unit)
	}
	if err := bl.Close(); err != nil {
		tb.Fatal(err)
	}
	return bl.Loaded()
}

// luhn appends the Luhn check digit to a string of digits.
func luhn(digits string) string {
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if (len(digits)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return digits + string(rune('0'+(10-sum%10)%10))
}
