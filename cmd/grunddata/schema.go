package main

import (
	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/model"
)

// hubSchema is the information model a hub with this config runs: the shared model.
func hubSchema(cfg config.Config) (*model.Schema, error) {
	return model.Default(), nil
}
