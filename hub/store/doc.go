// Package store is the hub's quad store: RDF quads in named graphs, kept in badger, with a change
// log that feeds, sync and replication read. It is the only package that imports badger.
//
// # Terms
//
// Every term is encoded into a fixed-width 17-byte id: one kind byte and 16 bytes of payload.
//
//	kind 0  the default graph (payload all zero)
//	kind 1  IRI, inline         payload: the IRI's bytes, zero-padded (IRIs of at most 16 bytes)
//	kind 2  IRI, hashed         payload: first 16 bytes of SHA-256(kind || value)
//	kind 3  blank node, inline  payload: the label (without "_:"), zero-padded
//	kind 4  blank node, hashed
//	kind 5  xsd:string literal, inline (at most 16 bytes, no NUL byte)
//	kind 6  xsd:string literal, hashed
//	kind 7  language-tagged literal, hashed   value: lang || 0x00 || lexical form (lang in lower case)
//	kind 8  typed literal, hashed             value: datatype IRI || 0x00 || lexical form
//
// A hashed term's value is stored once in the dictionary under 'd' || id. Inline terms need no
// look-up. SHA-256 (not a fast non-cryptographic hash) because clients supply the data: nobody must be
// able to craft two terms with the same id.
//
// # Keys
//
// Quads are keys with empty values, one per index order; nothing grows as a list in a value.
//
//	'S' || s || p || o || g   SPOG: patterns with S bound
//	'P' || p || o || s || g   POSG: P, or P and O bound
//	'O' || o || s || p || g   OSPG: O, or O and S bound
//	'G' || g || s || p || o   GSPO: G bound, with S and P
//
// Patterns choose the index with the longest bound prefix (one switch over the 16 combinations in
// index.go) and filter the rest.
//
// Other keyspaces:
//
//	'd' || id                         dictionary: the value of a hashed term
//	'c' || seq (8 bytes, big endian)  change log record (see change.go)
//	'm' || name                       metadata values (SetMeta)
//	'n' || name                       durable sequences (NextSequence), 8 bytes big endian
//	'v'                               format version, decimal ASCII
//
// # Writes
//
// Writers are serialised by one mutex, so change sequence numbers are gap-free in commit order. Apply
// and ReplaceDescription are single transactions; the bulk loader writes in batches through badger's
// WriteBatch, which splits them to fit, so no input is too big.
package store
