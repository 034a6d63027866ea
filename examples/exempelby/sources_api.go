package exempelby

import "embed"

// APISources holds the synthetic source data the demo source servers (examples/demosources) serve:
// ss12000/exempelby.json (an SS 12000 dataset: organisations, persons, duties, groups) and
// enhetsregisteret/{enheter,underenheter}.json (Enhetsregisteret units as its bulk files hold them).
//
//go:embed sources/ss12000/*.json sources/enhetsregisteret/*.json
var APISources embed.FS
