// Package exempelby embeds the fictional municipality Exempelby: its configuration and a small,
// realistic dataset across the five areas, so that `grunddata serve --demo` runs anywhere from the
// one binary. Every person, number and address in it is synthetic (see the README in this folder).
package exempelby

import (
	"embed"
	"io/fs"
)

//go:embed config.yaml
var Config []byte

//go:embed data/*.ttl
var files embed.FS

// Data holds the dataset as Turtle files with IRIs relative to the hub's base URI (so the same data
// loads under any base): id/organisation/… resolves to {base}id/organisation/….
var Data, _ = fs.Sub(files, "data")
