package master

import (
	"context"
	"encoding/binary"
	"log/slog"
	"strings"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// ChangeLog is what following the store's changes needs.
type ChangeLog interface {
	Changes(ctx context.Context, after uint64, fn func(store.Change) error) error
	GetMeta(ctx context.Context, key string) ([]byte, bool, error)
	SetMeta(ctx context.Context, key string, value []byte) error
}

// followKey is the metadata key of the last change the golden records reflect.
const followKey = "master/followed"

// CatchUp brings the golden records up to date with the changes to the sources since the last
// call: every person a changed source graph describes (or described) is rebuilt. The position is
// stored after the rebuilds, so an interrupted catch-up repeats work but never misses any. It
// returns how many persons were rebuilt.
func (s *Service) CatchUp(ctx context.Context, log ChangeLog) (int, error) {
	var after uint64
	if v, ok, err := log.GetMeta(ctx, followKey); err != nil {
		return 0, err
	} else if ok && len(v) == 8 {
		after = binary.BigEndian.Uint64(v)
	}
	prefix := s.base + "id/person/"
	persons := map[string]bool{}
	graphs := map[string]bool{}
	last := after
	err := log.Changes(ctx, after, func(c store.Change) error {
		last = c.Seq
		for _, qs := range [][]rdf.Quad{c.Added, c.Removed} {
			for _, q := range qs {
				g, _ := q.Ctx.(rdf.IRI)
				if s.derived(g.String()) {
					continue
				}
				graphs[g.String()] = true
				if iri, ok := q.Subj.(rdf.IRI); ok && strings.HasPrefix(iri.String(), prefix) {
					persons[iri.String()] = true
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if last == after {
		return 0, nil
	}
	// A change inside a blank node (an address) names no person: find the persons of the graph.
	for g := range graphs {
		gi, err := rdf.NewIRI(g)
		if err != nil {
			continue
		}
		err = s.st.Match(ctx, store.Pattern{P: vocab.RDFType, O: vocab.PersonPerson, G: gi}, func(q rdf.Quad) error {
			if iri, ok := q.Subj.(rdf.IRI); ok && strings.HasPrefix(iri.String(), prefix) {
				persons[iri.String()] = true
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	for p := range persons {
		iri, err := rdf.NewIRI(p)
		if err != nil {
			continue
		}
		if _, err := s.RebuildPerson(ctx, iri); err != nil {
			return 0, err
		}
	}
	return len(persons), log.SetMeta(ctx, followKey, binary.BigEndian.AppendUint64(nil, last))
}

// Follow calls CatchUp every interval until ctx ends, logging what it did and any error.
func (s *Service) Follow(ctx context.Context, log ChangeLog, interval time.Duration, logger *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := s.CatchUp(ctx, log)
		switch {
		case err != nil && ctx.Err() == nil:
			logger.Error("golden records: catching up failed", slog.Any("err", err))
		case n > 0:
			logger.Info("golden records updated", slog.Int("persons", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ScanEvery runs Scan every interval until ctx ends, logging what it did and any error.
func (s *Service) ScanEvery(ctx context.Context, interval time.Duration, logger *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		st, err := s.Scan(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			logger.Error("matching: scan failed", slog.Any("err", err))
		case err == nil:
			logger.Info("matching: scan done", slog.Int("persons", st.Persons), slog.Int("merged", st.Merged),
				slog.Int("queued", st.Queued), slog.String("took", st.Took))
		}
	}
}
