package ipfs

import (
	"context"

	ds "github.com/ipfs/go-datastore"
	leveldb "github.com/ipfs/go-ds-leveldb"
	"github.com/syndtr/goleveldb/leveldb/opt"
)

// pinStore holds the pinner's pins and indexes. go-ds-leveldb fsyncs every
// write, and the pinner writes a pin and its index entries one by one
// under its lock; pinning a record cost several fsyncs in a row, which
// capped adds at about 230/s. A write-behind buffer (go-datastore's
// autobatch) fixed that, but it flushes, with an fsync, on every query,
// and the pinner queries its index on every pin: a pin still waited for
// about 1 ms of fsyncs under load, behind the other adds' flushes.
//
// Here writes go to LevelDB without an fsync (readers and queries see them
// at once) and Sync makes all earlier writes durable with one synced write:
// LevelDB's journal is appended in order, so its fsync covers them.
//
// One gap remains: when LevelDB switches to a new journal (its memtable is
// full, every WriteBuffer bytes of pins) it closes the old one without an
// fsync; writes in the old journal's unsynced tail are on disk once that
// memtable is compacted, a moment later. A power cut in that moment can
// lose the pins of the adds under way, not their content: the blocks are
// stored by the block store with fsyncs of their own, and a pin only keeps
// the content's root listed for the self-check (nothing collects garbage).
type pinStore struct {
	*leveldb.Datastore
}

// pinsSynced is the key Sync writes; the pinner's keys are under /pins.
var pinsSynced = []byte("/dualchain/pins-synced")

func (p pinStore) Put(ctx context.Context, k ds.Key, value []byte) error {
	return p.DB.Put(k.Bytes(), value, &opt.WriteOptions{Sync: false})
}

func (p pinStore) Delete(ctx context.Context, k ds.Key) error {
	return p.DB.Delete(k.Bytes(), &opt.WriteOptions{Sync: false})
}

// Sync makes every earlier write durable, whatever the prefix.
func (p pinStore) Sync(ctx context.Context, _ ds.Key) error {
	return p.DB.Put(pinsSynced, nil, &opt.WriteOptions{Sync: true})
}
