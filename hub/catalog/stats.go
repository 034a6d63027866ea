package catalog

import (
	"context"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/opendata"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/model"
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

// Stats returns the statistics of the open data, computed again only when the store has changed
// since the last call: counting walks all open resources, and reading the change log continues
// where the last call stopped.
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
	if err := c.readChanges(ctx); err != nil {
		return nil, err
	}
	st := &Stats{Seq: seq, Areas: map[string]*AreaStats{}}
	for _, a := range c.areas {
		as := &AreaStats{ByClass: map[string]int{}, Issued: c.issued[a.Name], Modified: c.modified[a.Name]}
		for _, cl := range a.classes {
			err := c.source.Each(ctx, []*model.Class{cl}, func(_ rdf.IRI, triples []rdf.Triple) error {
				as.Resources++
				as.Triples += len(triples)
				as.ByClass[cl.Name]++
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
		st.Areas[a.Name] = as
	}
	c.stats = st
	return st, nil
}

// readChanges reads the change log after c.scanned and records, per area, the time of the first
// and the last change that touched one of its resources. A change is attributed through the
// subjects it adds or removes: an IRI of an open class directly, a nested blank node through the
// resource it hangs from (only looked up when the change names no open resource itself). Changes
// to peer graphs are not this hub's own.
func (c *Catalog) readChanges(ctx context.Context) error {
	return c.store.Changes(ctx, c.scanned, func(ch store.Change) error {
		c.scanned = ch.Seq
		touched := map[string]bool{}
		var blanks []rdf.Blank
		for _, list := range [][]rdf.Quad{ch.Added, ch.Removed} {
			for _, q := range list {
				if opendata.IsPeerGraph(c.base, q.Ctx) {
					continue
				}
				switch s := q.Subj.(type) {
				case rdf.IRI:
					if cl, _ := c.source.ClassOf(s); cl != nil {
						touched[c.areaOf[cl.Name]] = true
					}
				case rdf.Blank:
					blanks = append(blanks, s)
				}
			}
		}
		if len(touched) == 0 {
			for _, b := range blanks {
				root, ok, err := c.source.Root(ctx, b)
				if err != nil {
					return err
				}
				if cl, _ := c.source.ClassOf(root); ok && cl != nil {
					touched[c.areaOf[cl.Name]] = true
					break
				}
			}
		}
		for area := range touched {
			if area == "" {
				continue
			}
			if _, ok := c.issued[area]; !ok {
				c.issued[area] = ch.Time.UTC()
			}
			c.modified[area] = ch.Time.UTC()
		}
		return nil
	})
}
