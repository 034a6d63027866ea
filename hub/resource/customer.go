package resource

import (
	"context"

	"github.com/grunddata/grunddata/hub"
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
