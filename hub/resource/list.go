package resource

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/model"
	"github.com/grunddata/grunddata/vocab"
)

// Paging limits for collections.
const (
	DefaultLimit = 20
	MaxLimit     = 500
)

// Filter keeps the members that have Value (an IRI or a literal's lexical form) for the property
// named Slot.
type Filter struct {
	Slot  string
	Value string
}

// ListQuery selects a page of a class's members.
type ListQuery struct {
	Filters []Filter
	Offset  int
	Limit   int // 0 = DefaultLimit
}

// Page is one page of a class's members, in IRI order.
type Page struct {
	Class      *model.Class
	Collection rdf.IRI // {base}id/{class}
	Members    []rdf.IRI
	Total      int // members matching the filters, on all pages
	Query      ListQuery
}

// List returns a page of the members of a class that match the filters. Errors: ENotFound,
// EUnauthorized, EForbidden, EInvalid (an unknown or unfilterable property, a bad offset or limit).
func (s *Service) List(ctx context.Context, classPath string, q ListQuery, caller Caller) (*Page, error) {
	c, err := s.Class(classPath)
	if err != nil {
		return nil, err
	}
	if err := authorize(c, caller); err != nil {
		return nil, err
	}
	if q.Limit == 0 {
		q.Limit = DefaultLimit
	}
	if q.Limit < 1 || q.Limit > MaxLimit || q.Offset < 0 {
		return nil, hub.Errorf(hub.EInvalid, "limit must be 1–%d and offset not negative", MaxLimit)
	}
	type bound struct {
		pred   rdf.IRI
		values []string
	}
	var bounds []bound
	for _, f := range q.Filters {
		sl, err := s.filterSlot(c, f.Slot, caller)
		if err != nil {
			return nil, err
		}
		v := f.Value
		if strings.HasPrefix(v, "id/") {
			v = s.base + v // a resource path relative to the hub
		}
		bounds = append(bounds, bound{pred: rdfio.MustIRI(sl.URI), values: []string{v}})
	}

	prefix := s.base + "id/" + c.Path + "/"
	seen := map[string]bool{}
	var members []rdf.IRI
	err = s.store.Match(ctx, store.Pattern{P: vocab.RDFType, O: rdfio.MustIRI(c.URI)}, func(q rdf.Quad) error {
		iri, ok := q.Subj.(rdf.IRI)
		if !ok || seen[iri.String()] || !strings.HasPrefix(iri.String(), prefix) {
			return nil
		}
		seen[iri.String()] = true
		members = append(members, iri)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if members, err = s.withoutAliases(ctx, members); err != nil {
		return nil, err
	}
	if len(bounds) > 0 {
		kept := members[:0]
		for _, m := range members {
			ok := true
			for _, b := range bounds {
				if ok, err = s.hasValue(ctx, m, b.pred, b.values[0]); err != nil {
					return nil, err
				} else if !ok {
					break
				}
			}
			if ok {
				kept = append(kept, m)
			}
		}
		members = kept
	}
	sort.Slice(members, func(i, j int) bool { return members[i].String() < members[j].String() })
	page := &Page{Class: c, Collection: rdfio.MustIRI(s.base + "id/" + c.Path), Total: len(members), Query: q}
	if q.Offset < len(members) {
		page.Members = members[q.Offset:min(len(members), q.Offset+q.Limit)]
	}
	return page, nil
}

// filterSlot finds the property a filter names. A property the caller may not see cannot be
// filtered on either: that would tell them its values.
func (s *Service) filterSlot(c *model.Class, name string, caller Caller) (*model.Slot, error) {
	var names []string
	for _, sl := range s.schema.SlotsOf(c) {
		if sl.Inlined || max(sl.Visibility, c.Visibility) > caller.Clearance || sl.Visibility == model.Protected {
			continue
		}
		if sl.Name == name {
			return sl, nil
		}
		names = append(names, sl.Name)
	}
	return nil, hub.Errorf(hub.EInvalid, "cannot filter %s by %q; filter by one of: %s", c.Name, name, strings.Join(names, ", "))
}

func (s *Service) hasValue(ctx context.Context, subject rdf.IRI, pred rdf.IRI, value string) (bool, error) {
	found := false
	err := s.store.Match(ctx, store.Pattern{S: subject, P: pred}, func(q rdf.Quad) error {
		if q.Obj.String() == value {
			found = true
			return errStop
		}
		return nil
	})
	if err == errStop {
		err = nil
	}
	return found, err
}

var errStop = fmt.Errorf("stop")
