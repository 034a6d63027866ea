// Package store is the hub's quad store: RDF quads in named graphs, kept in badger, with a change
// log that feeds, sync and replication read. It is the only package that imports badger.
//
// The design follows oxigraph: quads are keys with empty values in several index orders, terms are
// encoded into short, self-delimiting ids, one switch over the 16 pattern shapes picks the index, a format
// version is checked on open, and a separate batched path loads large imports.
//
// # Term ids (format version 5)
//
// A term's id is one kind byte and a payload whose length the kind byte (and, for inline terms, the
// length bytes after it) tell, so ids are self-delimiting and no id is the start of another. Short
// terms are inline (no look-up needed); longer ones are the first 8 bytes of SHA-256(kind byte ||
// value), with the value stored once in the dictionary. Lengths are single bytes.
//
//	kind  term                     payload
//	0x00  default graph            none (only in the graph position)
//	0x01  IRI, inline              len, IRI bytes (len <= 15)
//	0x02  IRI, hashed              8-byte hash; dictionary value: the IRI
//	0x03  blank node, inline       len, label without "_:" (len <= 15)
//	0x04  blank node, hashed       8-byte hash; dictionary value: the label
//	0x05  simple literal, inline   len, lexical form (len <= 15); xsd:string literals are simple
//	0x06  simple literal, hashed   8-byte hash; dictionary value: the lexical form
//	0x07  lang literal, inline     len(tag), len(lex), tag, lex (len(tag)+len(lex) <= 14)
//	0x08  lang literal, hashed     8-byte hash; dictionary value: tag 0x00 lex
//	0x09  typed literal, inline    datatype code, len(lex), lex (len <= 14), well-known types only
//	0x0A  typed literal, hashed    8-byte hash; dictionary value: datatype IRI 0x00 lex
//
// Language tags are lower-cased before encoding (RDF 1.1 compares them case-insensitively), so
// "a"@SV and "a"@sv are one term and read back as "a"@sv. Every other term reads back exactly. The
// well-known datatype codes are xsd: 1 boolean, 2 integer, 3 decimal, 4 double, 5 float, 6 date,
// 7 dateTime, 8 time, 9 gYear, 10 gYearMonth, 11 int, 12 long, 13 nonNegativeInteger,
// 14 positiveInteger, 15 duration, 16 anyURI, 17 dateTimeStamp (term.go; codes never change).
//
// A term has exactly one id, and a stored id belongs to exactly one term: two terms can share an
// 8-byte hash (by chance about once in a million stores of ten million long terms; on purpose, 2^32
// work for two terms of the attacker's choosing and 2^64 to hit a given term), so every write of a
// new dictionary entry first checks what the dictionary holds under its id and refuses the write
// (ErrTermCollision) if it is another term. Equal ids therefore mean equal terms, and quads are
// compared by their keys. A read may name a term that was never stored but shares a stored term's
// id, so a scan that finds a match first checks the dictionary entries of the pattern's hashed
// terms and matches nothing if they hold other terms. A collision costs a refused write, never a
// wrong answer. Writes skip the look-up for ids that an in-memory Bloom filter of the dictionary's
// ids has never seen, and reads of a pattern with such a term skip the scan (filter.go); the filter
// is not part of the format and is rebuilt when a store opens.
//
// Example: <urn:x> is 01 05 75 72 6e 3a 78; "Oslo"@nb is 07 02 04 6e 62 4f 73 6c 6f.
//
// Version 2 used 16-byte hashes and padded every id to 17 bytes (69-byte quad keys); the shorter ids
// make a typical quad key 37–45 bytes, which is what badger's per-byte costs (table building,
// compaction, the change log) scale with. Version 1 padded inline terms without a length byte.
//
// # Keys
//
// The first byte names the keyspace. Quads are keys with empty values, one key per index order, so
// nothing ever grows as a list in a value. A quad key is the prefix byte and the four ids.
//
//	'S' s p o g    SPOG
//	'P' p o s g    POSG
//	'O' o s p g    OSPG, only for quads whose object is an IRI or a blank node
//	'G' g s        graph-subject: one key per subject with at least one quad in graph g
//	'd' id         dictionary: the value of a hashed term (never deleted; terms are small and shared)
//	'c' seq part   change log record; seq 8 bytes, part 4 bytes, both big endian (see below)
//	'm' name       metadata value (SetMeta)
//	'n' name       durable sequence (NextSequence): 8 bytes big endian
//	'v'            format version, decimal ASCII ("5")
//
// Since ids are self-delimiting, the keys that start with a prefix byte and some whole ids are
// exactly the quads with those terms, and byte order of keys is the order of their id tuples.
// A pattern scans the index whose key starts with the most bound terms (the switch in index.go), and
// filters the rest: a bound G on a subject's, a predicate's or an object's keys, a literal O on a
// subject's keys.
//
// Two choices keep the number of keys down, which is what badger's write path, compaction and the
// stream loader pay for (format version 5; a sync of 5,000 persons from the demo SS 12000 source
// writes 481,000 index keys, 704,000 in version 3):
//
//   - A graph's quads are found through its subjects (Store.scanGraph): the graph-subject keys
//     name them, and each subject's SPOG keys are scanned for the graph. The hub keeps a graph per
//     source record of a handful of subjects, so a key per subject of a graph replaces a GSPO key
//     per quad at the cost of a seek per subject when a whole graph is read. ???? scans SPOG.
//     The graph-subject keys are kept exactly: a write sets those of the quads it adds, and deletes
//     those of graphs and subjects it leaves without a quad (mutation.finishGraphSubjects).
//   - OSPG has no keys for literal objects: they are more than half of a typical store's objects,
//     and the hub asks for a literal without its predicate or subject only when a Triple Pattern
//     Fragments client does. A pattern with a literal O and a bound S scans SPOG by the subject;
//     ??O? and ??OG with a literal O scan POSG under each predicate in turn
//     (Store.matchByPredicate: two seeks per predicate in the store).
//
// Versions 3 and 4 are upgraded in place when a store opens (Store.upgrade): badger drops the keys
// that go by prefix (version 3's literal OSPG keys, both versions' GSPO keys), the graph-subject
// keys are built from SPOG, then the version is written, so an upgrade cut short runs again.
//
// # Change log
//
// A record is the concatenation of its parts' values, in part order (0, 1, …); parts are at most
// 512 KiB, since in-memory badger refuses values over 1 MiB. The record: commit time (unix nanoseconds, 8 bytes big endian), the number of added quads
// (uvarint), the number of removed quads (uvarint), then the added and then the removed quads, each
// as its four ids in S P O G order.
//
// # Writes
//
// Writers (Apply, Update, ReplaceDescription, SetMeta, NextSequence, ReserveSequence and each bulk
// batch) are serialised by one
// mutex, so change sequence numbers are gap-free in commit order. Apply and ReplaceDescription are
// single transactions; the bulk loader writes through badger's WriteBatch, which splits batches to
// fit, so no input is too big. (Badger commits a transaction's keys in the order of its own map, so
// the order in which they are handed over does not matter; the random order into the skiplist
// memtable is most of what a transactional write costs.) A bulk batch's change records are written in a
// transaction after its quads (a crash in between loses records, never half a record). A bulk load into an
// empty store skips all of that: it keeps the encoded quads and has badger's StreamWriter build the
// bottom level's tables from each index's sorted keys (stream.go); a marker file makes that first
// load all or nothing (firstload.go). Writes are not fsynced one by one (badger's default); Close flushes
// everything, and NextSequence syncs because a number handed out must never be handed out again.
package store
