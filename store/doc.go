// Package store is a dualchain node's own database: one SQLite file that
// keeps what the node must be able to prove or restore on its own, whatever
// the chains later say. It holds the archive of every canonical
// working-chain block (hash and full body), the blocks a reorg replaced (as
// evidence), and, as later issues add them, the checkpoint mirror, the
// anchor agent's checkpoint states, incidents and the EMR index.
//
// The schema is created and upgraded by numbered migrations embedded in
// the binary. The database runs in WAL mode with synchronous=FULL: a write
// that returned is on disk, so a crash loses nothing acknowledged. Writes
// go through one connection (readers use a pool beside it), and the hot
// ones (the EMR's receipt indexing and audit trail) through Write, a group
// commit that lets concurrent writers share one fsync.
// A *DB is safe for concurrent use.
package store
