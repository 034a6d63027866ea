package match

import "github.com/grunddata/grunddata/vocab"

var vocabZero vocab.IRI
