package sync_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/hub/keys"
	"github.com/grunddata/grunddata/hub/store"
	hubsync "github.com/grunddata/grunddata/hub/sync"
	"github.com/grunddata/grunddata/vocab"
)

// employments is a snapshot source of n employment records shaped like the payroll connectors'
// (a person with an identifier, a membership with a period, percentage and occupation).
type employments struct{ n int }

func (employments) Name() string { return "bench" }

func (e employments) Sync(ctx context.Context, _ string, sink connectors.Sink) error {
	for i := range e.n {
		key := fmt.Sprintf("employment/%d", i)
		who, err := sink.Person(ctx, connectors.PersonKey{SourceKey: key, NationalID: fmt.Sprintf("1990%08d", i), Scheme: vocab.GDSwedishPersonalIdentityNumber})
		if err != nil {
			return err
		}
		m := connectors.IRI(sink.Base(), "id/membership", fmt.Sprintf("bench-%d", i))
		var ts connectors.Triples
		ts.Add(who, vocab.RDFType, vocab.PersonPerson)
		ts.String(who, vocab.FOAFGivenName, fmt.Sprintf("Förnamn %d", i))
		ts.String(who, vocab.FOAFFamilyName, "Efternamn")
		ts.Identifier(who, "nid", fmt.Sprintf("1990%08d", i), vocab.GDSwedishPersonalIdentityNumber)
		ts.Add(m, vocab.RDFType, vocab.ORGMembership)
		ts.Add(m, vocab.ORGMember, who)
		ts.Add(m, vocab.ORGOrganizationProp, connectors.IRI(sink.Base(), "id/unit", fmt.Sprint(1000+i%50)))
		ts.Typed(m, vocab.GDEmploymentPercentage, "80", vocab.XSDDecimal)
		ts.String(m, vocab.GDOccupationCode, "2341")
		ts.Period(m, "p", "2015-08-10", "")
		if err := sink.Upsert(ctx, connectors.Record{Key: key, Triples: ts}); err != nil {
			return err
		}
		if i%1000 == 999 {
			if err := sink.Checkpoint(ctx, fmt.Sprint(i+1)); err != nil {
				return err
			}
		}
	}
	return sink.Complete(ctx)
}

// benchRecords is the size of BenchmarkSync's source.
var benchRecords = 20000

// benchBatch is the runner's BatchRecords in BenchmarkSync (0: the default).
var benchBatch = 0

// BenchmarkSync stores n employment records with a fresh store (first sync: everything created,
// customer numbers allocated) and syncs them again (nothing changed, nothing written).
func BenchmarkSync(b *testing.B) {
	n := benchRecords
	for _, phase := range []string{"first", "unchanged"} {
		b.Run(phase, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				st, err := store.Open(b.TempDir(), store.Options{})
				if err != nil {
					b.Fatal(err)
				}
				var seq uint64
				r := hubsync.New(hubsync.Config{Store: st, Base: base, BatchRecords: benchBatch, Allocate: func(context.Context) (string, error) {
					seq++
					return keys.CustomerNumber(seq)
				}})
				if phase == "unchanged" {
					if _, err := r.Run(context.Background(), employments{n}, hubsync.RunOptions{}); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				sum, err := r.Run(context.Background(), employments{n}, hubsync.RunOptions{Full: true})
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				if phase == "first" && sum.Created != n || phase == "unchanged" && sum.Unchanged != n {
					b.Fatalf("%s: %s", phase, sum)
				}
				st.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
