package exempelby

import (
	"embed"
	"io/fs"
)

//go:embed sources
var sources embed.FS

// Sources holds the synthetic files of Exempelby's source systems (a PAXml payroll export under
// paxml/, A-meldinger under a-melding/), so that `serve --demo` can sync them from the one binary.
var Sources, _ = fs.Sub(sources, "sources")
