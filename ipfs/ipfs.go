// Package ipfs is the node's embedded IPFS: an on-disk blockstore, UnixFS
// import that yields the same CIDs as Kubo's `ipfs add --cid-version=1`
// (CIDv1, raw leaves, sha2-256, 256 KiB chunks, balanced layout), recursive
// pins, and libp2p + bitswap so that one hospital's node fetches what
// another's wrote. Every block read, local or fetched, is checked against
// its CID: content that does not match is an error, never data.
package ipfs

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/ipfs/boxo/bitswap"
	bsnet "github.com/ipfs/boxo/bitswap/network/bsnet"
	"github.com/ipfs/boxo/blockservice"
	"github.com/ipfs/boxo/blockstore"
	chunker "github.com/ipfs/boxo/chunker"
	"github.com/ipfs/boxo/datastore/dshelp"
	"github.com/ipfs/boxo/ipld/merkledag"
	"github.com/ipfs/boxo/ipld/unixfs/importer/balanced"
	ihelper "github.com/ipfs/boxo/ipld/unixfs/importer/helpers"
	ufsio "github.com/ipfs/boxo/ipld/unixfs/io"
	pin "github.com/ipfs/boxo/pinning/pinner"
	"github.com/ipfs/boxo/pinning/pinner/dspinner"
	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	ds "github.com/ipfs/go-datastore"
	leveldb "github.com/ipfs/go-ds-leveldb"
	ipld "github.com/ipfs/go-ipld-format"
	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	ma "github.com/multiformats/go-multiaddr"
	mh "github.com/multiformats/go-multihash"
)

var (
	// ErrCorrupt means a block's bytes do not hash to its CID.
	ErrCorrupt = errors.New("ipfs: content does not match its CID")
	// ErrNotFound means the content is neither local nor found at connected peers.
	ErrNotFound = errors.New("ipfs: content not found")
)

// Config configures a Node.
type Config struct {
	// Dir holds the blockstore, pins and the peer key.
	Dir string
	// ListenAddrs are libp2p listen multiaddrs; default /ip4/127.0.0.1/tcp/0.
	ListenAddrs []string
	// Bootstrap peers (multiaddrs with /p2p/<id>) to connect to at start.
	Bootstrap []string
	Logger    *slog.Logger
}

// Node is an embedded IPFS node.
type Node struct {
	log    *slog.Logger
	store  ds.Batching
	pins   ds.Batching
	bs     blockstore.Blockstore
	host   host.Host
	swap   *bitswap.Bitswap
	bserv  blockservice.BlockService
	dag    ipld.DAGService
	pinner pin.Pinner
}

// Open starts a node on cfg.Dir.
func Open(ctx context.Context, cfg Config) (*Node, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if len(cfg.ListenAddrs) == 0 {
		cfg.ListenAddrs = []string{"/ip4/127.0.0.1/tcp/0"}
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("ipfs: %w", err)
	}
	key, err := peerKey(filepath.Join(cfg.Dir, "peer.key"))
	if err != nil {
		return nil, err
	}
	store, err := leveldb.NewDatastore(filepath.Join(cfg.Dir, "datastore"), nil)
	if err != nil {
		return nil, fmt.Errorf("ipfs: open datastore (is another process using %s?): %w", cfg.Dir, err)
	}
	pins, err := leveldb.NewDatastore(filepath.Join(cfg.Dir, "pins"), nil)
	if err != nil {
		store.Close()
		return nil, fmt.Errorf("ipfs: open pin store: %w", err)
	}
	n := &Node{log: cfg.Logger.With("component", "ipfs"), store: store, pins: pins}
	n.bs = &verifying{blockstore.NewBlockstore(store, blockstore.WriteThrough(false))}
	n.host, err = libp2p.New(libp2p.Identity(key), libp2p.ListenAddrStrings(cfg.ListenAddrs...),
		libp2p.NoTransports, libp2p.Transport(tcp.NewTCPTransport), libp2p.DisableRelay())
	if err != nil {
		store.Close()
		return nil, fmt.Errorf("ipfs: libp2p host: %w", err)
	}
	n.swap = bitswap.New(ctx, bsnet.NewFromIpfsHost(n.host), nil, n.bs)
	n.bserv = blockservice.New(n.bs, n.swap)
	n.dag = merkledag.NewDAGService(n.bserv)
	n.pinner, err = dspinner.New(ctx, pins, n.dag)
	if err != nil {
		n.Close()
		return nil, fmt.Errorf("ipfs: pinner: %w", err)
	}
	for _, a := range cfg.Bootstrap {
		if err := n.Connect(ctx, a); err != nil {
			n.log.Warn("could not reach an IPFS peer; content it holds will be fetched once it is reachable", "peer", a, "err", err)
		}
	}
	return n, nil
}

// peerKey loads or creates the node's Ed25519 identity, so its peer ID is stable.
func peerKey(path string) (crypto.PrivKey, error) {
	if b, err := os.ReadFile(path); err == nil {
		return crypto.UnmarshalPrivateKey(b)
	}
	k, _, err := crypto.GenerateEd25519Key(rand.Reader)
	if err != nil {
		return nil, err
	}
	b, err := crypto.MarshalPrivateKey(k)
	if err != nil {
		return nil, err
	}
	return k, os.WriteFile(path, b, 0o600)
}

// Close stops networking and closes the store.
func (n *Node) Close() error {
	var errs []error
	if n.bserv != nil {
		errs = append(errs, n.bserv.Close())
	} else if n.swap != nil {
		errs = append(errs, n.swap.Close())
	}
	if n.host != nil {
		errs = append(errs, n.host.Close())
	}
	errs = append(errs, n.pins.Close(), n.store.Close())
	return errors.Join(errs...)
}

// PeerID is the node's libp2p peer ID.
func (n *Node) PeerID() string { return n.host.ID().String() }

// Addrs are the node's listen addresses with its /p2p/ part, for peers' Bootstrap.
func (n *Node) Addrs() []string {
	var out []string
	for _, a := range n.host.Addrs() {
		out = append(out, a.String()+"/p2p/"+n.host.ID().String())
	}
	return out
}

// Connect connects to a peer given by a multiaddr with /p2p/<id>.
func (n *Node) Connect(ctx context.Context, addr string) error {
	m, err := ma.NewMultiaddr(addr)
	if err != nil {
		return fmt.Errorf("ipfs: peer address %q: %w", addr, err)
	}
	info, err := peer.AddrInfoFromP2pAddr(m)
	if err != nil {
		return fmt.Errorf("ipfs: peer address %q: %w", addr, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return n.host.Connect(ctx, *info)
}

// Add imports data as a UnixFS file the way Kubo does with --cid-version=1,
// stores and pins it, and returns its CID.
func (n *Node) Add(ctx context.Context, data []byte) (cid.Cid, error) {
	params := ihelper.DagBuilderParams{
		Maxlinks:   ihelper.DefaultLinksPerBlock,
		RawLeaves:  true,
		CidBuilder: cid.V1Builder{Codec: cid.DagProtobuf, MhType: mh.SHA2_256},
		Dagserv:    n.dag,
	}
	db, err := params.New(chunker.NewSizeSplitter(bytes.NewReader(data), chunker.DefaultBlockSize))
	if err != nil {
		return cid.Undef, fmt.Errorf("ipfs: add: %w", err)
	}
	nd, err := balanced.Layout(db)
	if err != nil {
		return cid.Undef, fmt.Errorf("ipfs: add: %w", err)
	}
	if err := n.pinner.Pin(ctx, nd, true, ""); err != nil {
		return cid.Undef, fmt.Errorf("ipfs: pin %s: %w", nd.Cid(), err)
	}
	if err := n.pinner.Flush(ctx); err != nil {
		return cid.Undef, fmt.Errorf("ipfs: pin %s: %w", nd.Cid(), err)
	}
	if err := n.store.Sync(ctx, ds.NewKey("/")); err != nil {
		return cid.Undef, fmt.Errorf("ipfs: sync: %w", err)
	}
	if err := n.pins.Sync(ctx, ds.NewKey("/")); err != nil {
		return cid.Undef, fmt.Errorf("ipfs: sync: %w", err)
	}
	return nd.Cid(), nil
}

// Get returns the file at c, fetching missing blocks from peers.
func (n *Node) Get(ctx context.Context, c cid.Cid) ([]byte, error) {
	nd, err := n.dag.Get(ctx, c)
	if err != nil {
		return nil, classify(c, err)
	}
	if c.Type() == cid.Raw {
		return nd.RawData(), nil
	}
	r, err := ufsio.NewDagReader(ctx, nd, merkledag.NewSession(ctx, n.dag))
	if err != nil {
		return nil, fmt.Errorf("ipfs: %s is not a UnixFS file: %w", c, err)
	}
	out := make([]byte, 0, r.Size())
	buf := bytes.NewBuffer(out)
	if _, err := io.Copy(buf, r); err != nil {
		return nil, classify(c, err)
	}
	return buf.Bytes(), nil
}

func classify(c cid.Cid, err error) error {
	switch {
	case errors.Is(err, ErrCorrupt):
		return fmt.Errorf("ipfs: %s: %w", c, err)
	case ipld.IsNotFound(err), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return fmt.Errorf("%w: %s: %v", ErrNotFound, c, err)
	}
	return fmt.Errorf("ipfs: get %s: %w", c, err)
}

// Has reports whether c's root block is stored locally.
func (n *Node) Has(ctx context.Context, c cid.Cid) (bool, error) { return n.bs.Has(ctx, c) }

// Pin pins c and everything below it (fetching what is missing).
func (n *Node) Pin(ctx context.Context, c cid.Cid) error {
	nd, err := n.dag.Get(ctx, c)
	if err != nil {
		return classify(c, err)
	}
	if err := n.pinner.Pin(ctx, nd, true, ""); err != nil {
		return err
	}
	return n.pinner.Flush(ctx)
}

// Pinned reports whether c is pinned.
func (n *Node) Pinned(ctx context.Context, c cid.Cid) (bool, error) {
	_, ok, err := n.pinner.IsPinned(ctx, c)
	return ok, err
}

// CorruptBlockForTest is a tampering tool: it overwrites the stored bytes
// of block c without any check, as an attacker with disk access could. The
// attack simulator and the tests use it; nothing else may.
func (n *Node) CorruptBlockForTest(ctx context.Context, c cid.Cid, data []byte) error {
	return n.store.Put(ctx, blockstore.BlockPrefix.Child(dshelp.MultihashToDsKey(c.Hash())), data)
}

// verifying is a blockstore that checks every block it returns against its CID.
type verifying struct{ blockstore.Blockstore }

func (v *verifying) Get(ctx context.Context, c cid.Cid) (blocks.Block, error) {
	b, err := v.Blockstore.Get(ctx, c)
	if err != nil {
		return nil, err
	}
	got, err := c.Prefix().Sum(b.RawData())
	if err != nil || !got.Equals(c) {
		return nil, fmt.Errorf("%w (block %s)", ErrCorrupt, c)
	}
	return b, nil
}
