// Package registry maps the connector types a config names (`type: paxml`) to the packages that
// build them. It is the one place that imports every connector package, so that the hub's command
// can build any configured connector without knowing them; a new connector adds one line here.
package registry

import (
	"fmt"
	"slices"
	"strings"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/connectors/amelding"
	"github.com/grunddata/grunddata/connectors/enhetsregisteret"
	"github.com/grunddata/grunddata/connectors/paxml"
	"github.com/grunddata/grunddata/connectors/ss12000"
)

// Constructor builds a connector from its name and the settings in the config.
type Constructor func(name string, settings map[string]string) (connectors.Connector, error)

// Types returns the known connector types, by the name a config uses.
func Types() map[string]Constructor {
	return map[string]Constructor{
		"paxml":     func(n string, s map[string]string) (connectors.Connector, error) { return paxml.New(n, s) },
		"a-melding": func(n string, s map[string]string) (connectors.Connector, error) { return amelding.New(n, s) },
		"ss12000":   func(n string, s map[string]string) (connectors.Connector, error) { return ss12000.New(n, s) },
		"enhetsregisteret": func(n string, s map[string]string) (connectors.Connector, error) {
			return enhetsregisteret.New(n, s)
		},
	}
}

// New builds the connector of the given type; an unknown type is an error listing the known ones.
func New(typ, name string, settings map[string]string) (connectors.Connector, error) {
	types := Types()
	c, ok := types[typ]
	if !ok {
		known := make([]string, 0, len(types))
		for k := range types {
			known = append(known, k)
		}
		slices.Sort(known)
		return nil, fmt.Errorf("connector %q: unknown type %q (known: %s)", name, typ, strings.Join(known, ", "))
	}
	return c(name, settings)
}
