package ipfs

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ipfs/boxo/blockstore"
	"github.com/ipfs/boxo/datastore/dshelp"
	"github.com/ipfs/boxo/ipld/merkledag"
	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	ipld "github.com/ipfs/go-ipld-format"
	"github.com/libp2p/go-libp2p/core/crypto"
)

// verifyingBlockstore hashes every block it returns (boxo's
// ValidatingBlockstore) and every block it is given, and reports a
// mismatch as ErrCorrupt so callers can tell tampering from absence.
type verifyingBlockstore struct {
	*blockstore.ValidatingBlockstore
}

func (v *verifyingBlockstore) Get(ctx context.Context, c cid.Cid) (blocks.Block, error) {
	b, err := v.ValidatingBlockstore.Get(ctx, c)
	if errors.Is(err, blockstore.ErrHashMismatch) {
		return nil, fmt.Errorf("%w: block %s: %w", ErrCorrupt, c, err)
	}
	return b, err
}

// Put refuses a block whose bytes do not hash to its CID, so nothing that
// arrives from any path can plant a wrong block under a right name.
func (v *verifyingBlockstore) Put(ctx context.Context, b blocks.Block) error {
	if err := checkBlock(b); err != nil {
		return err
	}
	return v.ValidatingBlockstore.Put(ctx, b)
}

func (v *verifyingBlockstore) PutMany(ctx context.Context, bs []blocks.Block) error {
	for _, b := range bs {
		if err := checkBlock(b); err != nil {
			return err
		}
	}
	return v.ValidatingBlockstore.PutMany(ctx, bs)
}

func checkBlock(b blocks.Block) error {
	c := b.Cid()
	got, err := c.Prefix().Sum(b.RawData())
	if err != nil {
		return fmt.Errorf("ipfs: hash block %s: %w", c, err)
	}
	if !got.Equals(c) {
		return fmt.Errorf("%w: refusing to store block %s", ErrCorrupt, c)
	}
	return nil
}

// checkedDAG reads local blocks first and fetches only the ones that are
// absent. boxo's blockservice treats any local read error, a hash mismatch
// included, as "missing" when it fetches several blocks at once, and then
// waits for peers; a tampered block would look like a slow network. Here a
// local mismatch ends the read with ErrCorrupt at once. Writes go to the
// networked DAG service, which also announces new blocks over bitswap.
type checkedDAG struct {
	ipld.DAGService                 // networked: local store + bitswap
	local           ipld.DAGService // the same verifying store, no exchange
}

func (d *checkedDAG) Get(ctx context.Context, c cid.Cid) (ipld.Node, error) {
	nd, err := d.local.Get(ctx, c)
	if err == nil || !ipld.IsNotFound(err) {
		return nd, err
	}
	return d.DAGService.Get(ctx, c)
}

func (d *checkedDAG) GetMany(ctx context.Context, keys []cid.Cid) <-chan *ipld.NodeOption {
	// Buffered for every key: the goroutine never blocks on a reader
	// that has gone away, so it cannot leak.
	out := make(chan *ipld.NodeOption, len(keys))
	go func() {
		defer close(out)
		var missing []cid.Cid
		for _, c := range keys {
			nd, err := d.local.Get(ctx, c)
			switch {
			case err == nil:
				out <- &ipld.NodeOption{Node: nd}
			case ipld.IsNotFound(err):
				missing = append(missing, c)
			default:
				out <- &ipld.NodeOption{Err: err}
				return
			}
		}
		if len(missing) == 0 {
			return
		}
		for opt := range merkledag.NewSession(ctx, d.DAGService).GetMany(ctx, missing) {
			out <- opt
		}
	}()
	return out
}

// CorruptBlockForTest is a tampering tool: it overwrites the stored bytes
// of block c with data, bypassing every check, as an attacker with write
// access to the node's disk could. Tests and the attack simulator use it
// to prove that such content is refused (ErrCorrupt, gateway 502) and
// never served; nothing else may call it.
func (n *Node) CorruptBlockForTest(ctx context.Context, c cid.Cid, data []byte) error {
	key := blockstore.BlockPrefix.Child(dshelp.MultihashToDsKey(c.Hash()))
	if err := n.store.Put(ctx, key, data); err != nil {
		return fmt.Errorf("ipfs: tamper with %s: %w", c, err)
	}
	return nil
}

// loadOrCreateKey loads the node's identity, or creates an Ed25519 key on
// first start, so the peer ID (which other nodes' Bootstrap lists name)
// stays the same across restarts.
func loadOrCreateKey(path string) (crypto.PrivKey, error) {
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		k, err := crypto.UnmarshalPrivateKey(b)
		if err != nil {
			return nil, fmt.Errorf("ipfs: peer key %s: %w", path, err)
		}
		return k, nil
	case !errors.Is(err, fs.ErrNotExist):
		// Never replace a key that exists but cannot be read: that would
		// silently change the peer ID that other nodes are configured with.
		return nil, fmt.Errorf("ipfs: read peer key: %w", err)
	}
	k, _, err := crypto.GenerateEd25519Key(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("ipfs: generate peer key: %w", err)
	}
	if b, err = crypto.MarshalPrivateKey(k); err != nil {
		return nil, fmt.Errorf("ipfs: encode peer key: %w", err)
	}
	// Write then rename, so a crash cannot leave a truncated key behind.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".peer.key-*")
	if err != nil {
		return nil, fmt.Errorf("ipfs: write peer key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("ipfs: write peer key: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("ipfs: write peer key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("ipfs: write peer key: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return nil, fmt.Errorf("ipfs: write peer key: %w", err)
	}
	return k, nil
}
