package catalog

import (
	"context"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/store"
)

// AreaStats describes the open data of one area at one state of the store.
type AreaStats struct {
	Resources int            // open resources
	Triples   int            // open triples, nested nodes included
	ByClass   map[string]int // open resources per class name
	// Issued and Modified are the times of the first and the last change to the area in the change
	// log; zero when the log has none.
	Issued, Modified time.Time
}

// Stats describes the hub's open data at change sequence Seq.
type Stats struct {
	Seq   uint64
	Areas map[string]*AreaStats
}

// Total sums the areas.
func (s *Stats) Total() AreaStats {
	t := AreaStats{ByClass: map[string]int{}}
	for _, a := range s.Areas {
		t.Resources += a.Resources
		t.Triples += a.Triples
		for k, v := range a.ByClass {
			t.ByClass[k] += v
		}
		if !a.Issued.IsZero() && (t.Issued.IsZero() || a.Issued.Before(t.Issued)) {
			t.Issued = a.Issued
		}
		if a.Modified.After(t.Modified) {
			t.Modified = a.Modified
		}
	}
	return t
}

// rootStat is what the statistics keep per open resource.
type rootStat struct {
	class   string
	triples int
}

// Stats returns the statistics of the open data. The first call counts every open resource and
// reads the whole change log; later calls read only the changes since, and count again only the
// resources those changes touched.
func (c *Catalog) Stats(ctx context.Context) (*Stats, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	seq, err := c.store.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	if c.stats != nil && c.stats.Seq == seq {
		return c.stats, nil
	}
	if c.roots == nil {
		// Read the log first: whatever changes while counting is read again next time.
		if _, err := c.readChanges(ctx, false); err != nil {
			return nil, err
		}
		c.roots = map[string]rootStat{}
		for _, a := range c.areas {
			err := c.source.Each(ctx, a.classes, func(iri rdf.IRI, triples []rdf.Triple) error {
				cl, _ := c.source.ClassOf(iri)
				c.roots[iri.String()] = rootStat{class: cl.Name, triples: len(triples)}
				return nil
			})
			if err != nil {
				c.roots = nil
				return nil, err
			}
		}
	} else {
		touched, err := c.readChanges(ctx, true)
		if err != nil {
			return nil, err
		}
		for iri := range touched {
			if err := c.recount(ctx, iri); err != nil {
				return nil, err
			}
		}
	}
	c.stats = c.aggregate(seq)
	return c.stats, nil
}

// recount describes one resource again and updates its entry.
func (c *Catalog) recount(ctx context.Context, iri rdf.IRI) error {
	triples, err := c.source.Describe(ctx, iri)
	if err != nil {
		return err
	}
	if len(triples) == 0 {
		delete(c.roots, iri.String())
		return nil
	}
	cl, _ := c.source.ClassOf(iri)
	c.roots[iri.String()] = rootStat{class: cl.Name, triples: len(triples)}
	return nil
}

func (c *Catalog) aggregate(seq uint64) *Stats {
	st := &Stats{Seq: seq, Areas: map[string]*AreaStats{}}
	for _, a := range c.areas {
		st.Areas[a.Name] = &AreaStats{ByClass: map[string]int{}, Issued: c.issued[a.Name], Modified: c.modified[a.Name]}
	}
	for _, r := range c.roots {
		as := st.Areas[c.areaOf[r.class]]
		as.Resources++
		as.Triples += r.triples
		as.ByClass[r.class]++
	}
	return st
}

// readChanges reads the change log after c.scanned and records, per area, the time of the first
// and the last change that touched one of its resources (opendata.Touched). With collect it also
// returns the resources the changes touched.
func (c *Catalog) readChanges(ctx context.Context, collect bool) (map[rdf.IRI]bool, error) {
	all := map[rdf.IRI]bool{}
	err := c.store.Changes(ctx, c.scanned, func(ch store.Change) error {
		c.scanned = ch.Seq
		touched, err := c.source.Touched(ctx, ch)
		if err != nil {
			return err
		}
		for _, iri := range touched {
			cl, _ := c.source.ClassOf(iri)
			area := c.areaOf[cl.Name]
			if _, ok := c.issued[area]; !ok {
				c.issued[area] = ch.Time.UTC()
			}
			c.modified[area] = ch.Time.UTC()
			if collect {
				all[iri] = true
			}
		}
		return nil
	})
	return all, err
}
