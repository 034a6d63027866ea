package resource

import (
	"context"
	"sync"

	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/keys"
)

// AllocateCustomerNumber hands out a new customer number for a person whose data arrives from
// elsewhere than the API (a connector's sync): the next one of the durable sequence that no stored
// resource uses. The number is never handed out again, whether or not the caller stores the person.
func (s *Service) AllocateCustomerNumber(ctx context.Context) (string, error) {
	c := s.schema.ClassByPath("person")
	if c == nil {
		return "", hub.Errorf(hub.EInternal, "the model has no person class")
	}
	return s.freeCustomerNumber(ctx, c)
}

// sequenceReserver is a store that can take a block of sequence numbers with one disk sync.
type sequenceReserver interface {
	ReserveSequence(ctx context.Context, name string, n uint64) (uint64, error)
}

// CustomerNumbers hands out customer numbers for bulk work (a first sync of thousands of persons):
// it reserves them from the durable sequence in blocks, so that not every number costs a disk sync.
// Numbers of a block left unused when the process ends are never handed out (a gap, never a
// duplicate). Blocks start at one number and double up to the largest size, so a run that needs a
// few numbers wastes fewer than it used: the sequence has nine million numbers, and a sync run from
// cron every quarter of an hour that finds one new person must not throw away a block each time.
// Safe for concurrent use.
type CustomerNumbers struct {
	s   *Service
	max uint64

	mu        sync.Mutex
	size      uint64 // the size of the next block reserved
	next, end uint64 // the reserved block not yet handed out: next … end-1
}

// CustomerNumbers returns an allocator reserving blocks of up to largest numbers; a store that cannot
// reserve blocks gets one number per call.
func (s *Service) CustomerNumbers(largest int) *CustomerNumbers {
	return &CustomerNumbers{s: s, max: uint64(max(largest, 1)), size: 1}
}

// Next returns a customer number no stored resource uses.
func (a *CustomerNumbers) Next(ctx context.Context) (string, error) {
	r, ok := a.s.store.(sequenceReserver)
	if !ok || a.max == 1 {
		return a.s.AllocateCustomerNumber(ctx)
	}
	c := a.s.schema.ClassByPath("person")
	if c == nil {
		return "", hub.Errorf(hub.EInternal, "the model has no person class")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for {
		if a.next == a.end {
			first, err := r.ReserveSequence(ctx, "customer-number", a.size)
			if err != nil {
				return "", err
			}
			a.next, a.end = first, first+a.size
			a.size = min(2*a.size, a.max)
		}
		key, err := keys.CustomerNumber(a.next)
		if err != nil {
			return "", err
		}
		taken, err := a.s.store.Describe(ctx, a.s.IRI(c, key), nil)
		if err != nil {
			return "", err // the number stays for the next call
		}
		a.next++
		if len(taken) == 0 {
			return key, nil
		}
	}
}
