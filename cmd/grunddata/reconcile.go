package main

import "github.com/grunddata/grunddata/hub/config"

// reconcileName is the Reconciliation API service's name, as OpenRefine lists it.
func reconcileName(cfg config.Config) string {
	if cfg.Municipality.Name == "" {
		return "grunddata master register"
	}
	return cfg.Municipality.Name + " master register (grunddata)"
}
