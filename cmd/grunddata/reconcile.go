package main

import (
	"time"

	"github.com/grunddata/grunddata/hub/config"
)

// reconcileMaxStale is how old the data behind a reconciliation answer may be while a fresh
// snapshot is read in the background (reading 100,000 persons takes seconds).
const reconcileMaxStale = 30 * time.Second

// reconcileName is the Reconciliation API service's name, as OpenRefine lists it.
func reconcileName(cfg config.Config) string {
	if cfg.Municipality.Name == "" {
		return "grunddata master register"
	}
	return cfg.Municipality.Name + " master register (grunddata)"
}
