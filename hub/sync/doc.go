// Package sync runs connectors against the store: it is the hub's connectors.Sink. Each run reads a
// connector's source from its stored cursor and keeps what every source record said, with its
// provenance, skipping records that did not change, applying deletions and snapshots, resolving
// persons to customer numbers, and quarantining records that cannot be mapped or validated.
//
// # Layout in the store
//
// Every source record gets a named graph of its own, the record graph
//
//	{base}graph/source/{connector}/{key}      (key path-escaped)
//
// holding exactly the triples the record says, plus `<s> prov:wasDerivedFrom <record graph>` for
// every typed IRI subject in it, so that a resource shows which source records said something about
// it. Blank nodes are relabelled per record (b{hash of connector and key}_{label}), so that two
// records never share one. A person's IRI is {base}id/person/{customer number}, and every record
// that describes a person also says its gd:customerNumber. The connector graph
//
//	{base}graph/source/{connector}
//
// holds the provenance of each record graph (PROV-O): `a prov:Entity; dct:identifier "{key}";
// prov:wasAttributedTo {base}source/{connector}` (a prov:SoftwareAgent, the source system);
// `prov:generatedAtTime` — when the hub fetched this version of the record; and `dct:modified` when
// the source says when it last changed the record.
//
// Replacing a record writes only the difference to what its graph held; a record that says the same
// as before writes nothing (no quad, no change-log entry, not even a new fetch time). Deleting a
// record drops its graph and provenance. Because each record has its own graph, two records that say
// the same triple (two employments naming the same person) never undo each other.
//
// # Batches, cursor and resumption
//
// Records are written in batches (one store transaction and one change-log entry each). The cursor a
// connector checkpoints is written in the same transaction as the batch it ends, so the stored cursor
// never runs ahead of the stored data: after a failure the next run starts at the last checkpoint
// and replays at most what the failed run had written since, which changes nothing. The keys a
// snapshot run has handed over are marked in the same transactions, so that Complete after a resumed
// run deletes only the records the whole snapshot did not contain.
//
// A full batch is written in the background while the connector maps the next one: at most one
// batch is in flight, batches are written in the order they were filled, and none is written after
// one failed (the run then fails with that error, at the connector's next call). So a checkpoint
// is stored once its batch is written, not when Checkpoint returns, and never before the data it
// covers. What reads the store waits for the batch in flight when that batch writes what it reads:
// a record read again (Upsert, Delete) whose key the batch changes, a person whose resolution the
// batch stores, Complete and Restart (which read all records, the quarantine and the seen marks).
// Summary counts are added when their batch is written.
//
// Metadata keys (store.SetMeta): sync/{connector}/cursor, sync/{connector}/seen/{key},
// quarantine/{connector}/{key} (JSON: key, reason, raw record, time), persons/nid/{scheme}|{number}
// and persons/src/{connector}|{source key} (the person IRI they resolved to).
//
// # Quarantine
//
// A record the connector could not parse or map, or that the validator rejects, is kept with its
// reason under quarantine/{connector}/{key} and not written to the graphs. It leaves the quarantine
// when a later run stores the same key, or — after a snapshot (Complete) — when the snapshot did not
// quarantine it again (the source fixed or dropped it). Runner.Retry reruns a connector from the
// start for that purpose.
package sync
