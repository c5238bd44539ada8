// Package ipfs is the node's embedded IPFS: an on-disk blockstore, UnixFS
// import that yields the same CIDs as Kubo's `ipfs add --cid-version=1`
// (CIDv1, raw leaves, sha2-256, 256 KiB chunks, balanced layout), recursive
// pins, and libp2p + bitswap so that one hospital's node fetches what
// another's wrote. Every block read, local or fetched, is checked against
// its CID: content that does not match is an error wrapping ErrCorrupt,
// never data.
//
// The node is deliberately small: loopback TCP by default, no DHT, no relay,
// no NAT traversal, no mDNS. Peers find each other only through the
// addresses they are given (Config.Bootstrap, Node.Connect), which is what a
// fixed consortium of hospitals needs and keeps each node's memory modest.
package ipfs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ipfs/boxo/bitswap"
	bsnet "github.com/ipfs/boxo/bitswap/network/bsnet"
	"github.com/ipfs/boxo/blockservice"
	"github.com/ipfs/boxo/blockstore"
	chunker "github.com/ipfs/boxo/chunker"
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
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	ma "github.com/multiformats/go-multiaddr"
	mh "github.com/multiformats/go-multihash"
)

var (
	// ErrCorrupt means a block's bytes do not hash to its CID: the stored
	// copy was altered. Such content is refused, never returned.
	ErrCorrupt = errors.New("ipfs: content does not match its CID")
	// ErrNotFound means the content is neither stored locally nor was
	// delivered by a connected peer before the caller's context ended.
	ErrNotFound = errors.New("ipfs: content not found")
)

const (
	// DefaultListenAddr keeps a node private to the machine unless the
	// operator opens it up: hospitals' nodes are wired to each other
	// explicitly, never discovered.
	DefaultListenAddr = "/ip4/127.0.0.1/tcp/0"
	// DefaultGatewayTimeout bounds a gateway lookup when Config leaves it zero.
	DefaultGatewayTimeout = 10 * time.Second
	// DefaultRedialInterval is how often unreachable Bootstrap peers are
	// dialled again when Config leaves it zero.
	DefaultRedialInterval = 30 * time.Second

	dialTimeout = 10 * time.Second
	// minRedialGap keeps a burst of Gets for missing content from turning
	// into a burst of dials to a peer that is down.
	minRedialGap = time.Second
)

// Config configures a Node.
type Config struct {
	// Dir holds the blockstore, the pins and the peer key. It survives
	// restarts: content, pins and the peer ID come back on the next Open.
	Dir string
	// ListenAddrs are libp2p TCP listen multiaddrs; nil or empty means
	// DefaultListenAddr (loopback, any free port).
	ListenAddrs []string
	// Bootstrap peers (multiaddrs with /p2p/<id>) to connect to at start.
	// One that cannot be reached then is dialled again every
	// RedialInterval and whenever a Get misses content locally, so the
	// order in which hospitals start their nodes does not matter.
	Bootstrap []string
	// Logger receives the node's logs; nil means slog.Default().
	Logger *slog.Logger
	// GatewayTimeout bounds how long GatewayHandler looks for content
	// (locally, then at connected peers) before answering 404. Zero means
	// DefaultGatewayTimeout.
	GatewayTimeout time.Duration
	// RedialInterval is how often disconnected Bootstrap peers are dialled
	// again. Zero means DefaultRedialInterval.
	RedialInterval time.Duration
}

// Node is an embedded IPFS node. Its methods are safe for concurrent use.
type Node struct {
	log            *slog.Logger
	gatewayTimeout time.Duration

	store  *leveldb.Datastore // blocks
	pins   pinStore           // pins and their indexes, synced by pinned
	pinned *groupSync         // makes the pins durable, one fsync for concurrent adds
	bs     blockstore.Blockstore
	host   host.Host
	swap   *bitswap.Bitswap
	bserv  blockservice.BlockService
	dag    *checkedDAG
	pinner pin.Pinner

	bootstrap []peer.AddrInfo
	redialNow chan struct{}
	stop      context.CancelFunc
	wg        sync.WaitGroup
	closeOnce sync.Once
	closeErr  error

	onCorrupt atomic.Pointer[func(cid string)] // see OnCorrupt
}

// Open starts a node on cfg.Dir. ctx bounds only the start (opening the
// stores, the first dials to Bootstrap peers); the node runs until Close.
func Open(ctx context.Context, cfg Config) (_ *Node, err error) {
	if cfg.Dir == "" {
		return nil, errors.New("ipfs: Config.Dir is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if len(cfg.ListenAddrs) == 0 {
		cfg.ListenAddrs = []string{DefaultListenAddr}
	}
	if cfg.GatewayTimeout <= 0 {
		cfg.GatewayTimeout = DefaultGatewayTimeout
	}
	if cfg.RedialInterval <= 0 {
		cfg.RedialInterval = DefaultRedialInterval
	}
	// A malformed Bootstrap address is a configuration error, reported
	// now; several addresses of one peer become one entry.
	boot := make([]peer.AddrInfo, 0, len(cfg.Bootstrap))
	index := map[peer.ID]int{}
	for _, a := range cfg.Bootstrap {
		info, err := parsePeerAddr(a)
		if err != nil {
			return nil, err
		}
		if i, ok := index[info.ID]; ok {
			boot[i].Addrs = append(boot[i].Addrs, info.Addrs...)
			continue
		}
		index[info.ID] = len(boot)
		boot = append(boot, info)
	}

	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("ipfs: create %s: %w", cfg.Dir, err)
	}
	key, err := loadOrCreateKey(filepath.Join(cfg.Dir, "peer.key"))
	if err != nil {
		return nil, err
	}

	life, stop := context.WithCancel(context.WithoutCancel(ctx))
	n := &Node{
		log:            cfg.Logger.With("component", "ipfs"),
		gatewayTimeout: cfg.GatewayTimeout,
		bootstrap:      boot,
		redialNow:      make(chan struct{}, 1),
		stop:           stop,
	}
	defer func() {
		if err != nil {
			n.Close()
		}
	}()

	// LevelDB: persistent, crash-safe through its write-ahead log, and a
	// single directory lock so two processes cannot share one repo. The
	// pin indexes are tiny, so their store gets small caches.
	n.store, err = leveldb.NewDatastore(filepath.Join(cfg.Dir, "datastore"), nil)
	if err != nil {
		return nil, fmt.Errorf("ipfs: open block store (is another process using %s?): %w", cfg.Dir, err)
	}
	pinsDB, err := leveldb.NewDatastore(filepath.Join(cfg.Dir, "pins"), &leveldb.Options{
		BlockCacheCapacity:     512 << 10,
		WriteBuffer:            512 << 10,
		OpenFilesCacheCapacity: 16,
	})
	if err != nil {
		return nil, fmt.Errorf("ipfs: open pin store: %w", err)
	}
	n.pins = pinStore{pinsDB}
	n.pinned = newGroupSync(func(ctx context.Context) error { return n.pins.Sync(ctx, ds.NewKey("/")) })
	n.bs = &verifyingBlockstore{&blockstore.ValidatingBlockstore{Blockstore: blockstore.NewBlockstore(n.store, blockstore.WriteThrough(false))}}

	listen := make([]ma.Multiaddr, 0, len(cfg.ListenAddrs))
	for _, a := range cfg.ListenAddrs {
		m, err := ma.NewMultiaddr(a)
		if err != nil {
			return nil, fmt.Errorf("ipfs: listen address %q: %w", a, err)
		}
		listen = append(listen, m)
	}
	n.host, err = libp2p.New(
		libp2p.Identity(key),
		libp2p.ListenAddrs(listen...),
		// TCP only: no QUIC/WebTransport/WebRTC listeners and their UDP
		// machinery; the consortium's nodes reach each other over TCP.
		libp2p.NoTransports, libp2p.Transport(tcp.NewTCPTransport),
		libp2p.DisableRelay(),
		// The node never asks strangers to dial it back to learn whether
		// it is publicly reachable: it is not meant to be.
		libp2p.ForceReachabilityPrivate(),
		// libp2p would register its collectors on Prometheus' global
		// registry; the service exports its own registry instead.
		libp2p.DisableMetrics(),
	)
	if err != nil {
		return nil, fmt.Errorf("ipfs: start libp2p host: %w", err)
	}
	// Bitswap lives until Close, not until the start context ends.
	n.swap = bitswap.New(life, bsnet.NewFromIpfsHost(n.host), nil, n.bs)
	n.bserv = blockservice.New(n.bs, n.swap)
	n.dag = &checkedDAG{
		DAGService: merkledag.NewDAGService(n.bserv),
		local:      merkledag.NewDAGService(blockservice.New(n.bs, nil)),
	}
	// The pinner works on local blocks only (Pin fetches what is missing
	// before it pins).
	pinner, err := dspinner.New(ctx, n.pins, n.dag.local)
	if err != nil {
		return nil, fmt.Errorf("ipfs: load pins: %w", err)
	}
	// With auto-sync the pinner syncs its store three times per pin (dirty
	// flag, pins, clean flag), each under its lock: concurrent adds queued
	// behind those syncs. Without it, a pin's writes are synced once by
	// pinAndSync, together with any other add's; the store stays marked
	// dirty while the node runs, so a crash makes the next Open check the
	// pin indexes against the pins, and Close marks it clean.
	pinner.SetAutosync(false)
	n.pinner = pinner

	n.dialBootstrap(ctx)
	n.wg.Add(1)
	go n.redialLoop(life, cfg.RedialInterval)
	n.log.Info("IPFS node started", "peer", n.PeerID(), "addrs", n.Addrs(), "dir", cfg.Dir)
	return n, nil
}

// Close stops networking, then closes the stores. It waits for the node's
// own goroutines; calling it again returns the first result.
func (n *Node) Close() error {
	n.closeOnce.Do(func() {
		var errs []error
		n.stop()
		n.wg.Wait()
		if n.pinner != nil {
			errs = append(errs, n.pinner.Flush(context.Background()), n.pinner.Close())
		}
		switch {
		case n.bserv != nil:
			errs = append(errs, n.bserv.Close()) // closes bitswap too
		case n.swap != nil:
			errs = append(errs, n.swap.Close())
		}
		if n.host != nil {
			errs = append(errs, n.host.Close())
		}
		if n.pins.Datastore != nil {
			errs = append(errs, n.pins.Close())
		}
		if n.store != nil {
			errs = append(errs, n.store.Close())
		}
		if err := errors.Join(errs...); err != nil {
			n.closeErr = fmt.Errorf("ipfs: close: %w", err)
		}
	})
	return n.closeErr
}

// PeerID is the node's libp2p peer ID, stable across restarts on one Dir.
func (n *Node) PeerID() string { return n.host.ID().String() }

// Addrs are the node's listen addresses ending in /p2p/<peer ID>: what
// other nodes put in their Bootstrap or pass to Connect.
func (n *Node) Addrs() []string {
	self, err := ma.NewComponent("p2p", n.host.ID().String())
	if err != nil { // cannot happen for a valid host ID
		return nil
	}
	var out []string
	for _, a := range n.host.Addrs() {
		out = append(out, a.Encapsulate(self.Multiaddr()).String())
	}
	return out
}

// Connect connects to a peer given by a multiaddr with /p2p/<id>. Bitswap
// then asks that peer for whatever this node is missing, and serves it.
func (n *Node) Connect(ctx context.Context, addr string) error {
	info, err := parsePeerAddr(addr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, dialTimeout)
	defer cancel()
	if err := n.host.Connect(ctx, info); err != nil {
		return fmt.Errorf("ipfs: connect to %s: %w", addr, err)
	}
	return nil
}

func parsePeerAddr(addr string) (peer.AddrInfo, error) {
	m, err := ma.NewMultiaddr(addr)
	if err != nil {
		return peer.AddrInfo{}, fmt.Errorf("ipfs: peer address %q: %w", addr, err)
	}
	info, err := peer.AddrInfoFromP2pAddr(m)
	if err != nil {
		return peer.AddrInfo{}, fmt.Errorf("ipfs: peer address %q (it needs a /p2p/<peer ID> part): %w", addr, err)
	}
	return *info, nil
}

// dialBootstrap dials, in parallel, the Bootstrap peers that are not
// connected. Failures are logged: the peer may simply not be up yet.
func (n *Node) dialBootstrap(ctx context.Context) {
	var wg sync.WaitGroup
	for _, info := range n.bootstrap {
		if n.host.Network().Connectedness(info.ID) == network.Connected {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			// These are a few configured peers dialled at a bounded rate,
			// so skip libp2p's dial backoff: a peer that just came up is
			// reached at once instead of minutes later.
			ctx, cancel := context.WithTimeout(network.WithForceDirectDial(ctx, "bootstrap peer"), dialTimeout)
			defer cancel()
			if err := n.host.Connect(ctx, info); err != nil {
				n.log.Warn("IPFS bootstrap peer unreachable; dialling again later", "peer", info.ID, "err", err)
				return
			}
			n.log.Info("connected to IPFS bootstrap peer", "peer", info.ID)
		}()
	}
	wg.Wait()
}

// redialLoop keeps Bootstrap peers connected: every interval, and at once
// (at most every minRedialGap) when a Get misses content locally.
func (n *Node) redialLoop(ctx context.Context, every time.Duration) {
	defer n.wg.Done()
	if len(n.bootstrap) == 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-n.redialNow:
		}
		n.dialBootstrap(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(minRedialGap):
		}
	}
}

// wantPeers asks the redial loop to reach any disconnected Bootstrap peer.
func (n *Node) wantPeers() {
	select {
	case n.redialNow <- struct{}{}:
	default:
	}
}

// Add imports data as a UnixFS file exactly as Kubo's
// `ipfs add --cid-version=1` does (raw leaves, sha2-256, size-262144
// chunker, balanced layout with 174 links per node), so the CID can be
// checked with stock IPFS tools. The result is pinned recursively and the
// pin is persisted before Add returns.
func (n *Node) Add(ctx context.Context, data []byte) (cid.Cid, error) {
	if len(data) > 0 && int64(len(data)) <= chunker.DefaultBlockSize {
		// One chunk: the file is its raw leaf (what the importer below
		// returns too), stored without the importer's batching goroutines.
		// Most records are this size.
		c, err := cid.V1Builder{Codec: cid.Raw, MhType: mh.SHA2_256}.Sum(data)
		if err != nil {
			return cid.Undef, fmt.Errorf("ipfs: add: %w", err)
		}
		blk, err := blocks.NewBlockWithCid(data, c)
		if err != nil {
			return cid.Undef, fmt.Errorf("ipfs: add: %w", err)
		}
		if err := n.bserv.AddBlock(ctx, blk); err != nil {
			return cid.Undef, fmt.Errorf("ipfs: add: store block: %w", err)
		}
		if err := n.pinAndSync(ctx, c); err != nil {
			return cid.Undef, err
		}
		n.log.Debug("added", "cid", c, "bytes", len(data))
		return c, nil
	}
	buf := ipld.NewBufferedDAG(ctx, n.dag)
	params := ihelper.DagBuilderParams{
		Maxlinks:   ihelper.DefaultLinksPerBlock,
		RawLeaves:  true,
		CidBuilder: cid.V1Builder{Codec: cid.DagProtobuf, MhType: mh.SHA2_256},
		Dagserv:    buf,
	}
	db, err := params.New(chunker.NewSizeSplitter(bytes.NewReader(data), chunker.DefaultBlockSize))
	if err != nil {
		return cid.Undef, fmt.Errorf("ipfs: add: %w", err)
	}
	nd, err := balanced.Layout(db)
	if err != nil {
		return cid.Undef, fmt.Errorf("ipfs: add: %w", err)
	}
	if err := buf.Commit(); err != nil {
		return cid.Undef, fmt.Errorf("ipfs: add: store blocks: %w", err)
	}
	if err := n.pinAndSync(ctx, nd.Cid()); err != nil {
		return cid.Undef, err
	}
	n.log.Debug("added", "cid", nd.Cid(), "bytes", len(data))
	return nd.Cid(), nil
}

// pinAndSync pins root, whose whole DAG is stored here, recursively, and
// makes the blocks and the pin durable. The pinner is told the DAG is
// here (PinWithMode) rather than asked to re-add its root and walk it
// (Pin), which cost a walk with 32 goroutines per record.
func (n *Node) pinAndSync(ctx context.Context, root cid.Cid) error {
	if err := n.pinner.PinWithMode(ctx, root, pin.Recursive, ""); err != nil {
		return n.classify(root, fmt.Errorf("pin: %w", err))
	}
	if err := n.store.Sync(ctx, ds.NewKey("/")); err != nil {
		return fmt.Errorf("ipfs: sync block store: %w", err)
	}
	if err := n.pinned.Sync(ctx); err != nil {
		return fmt.Errorf("ipfs: sync pin store: %w", err)
	}
	return nil
}

// Discard undoes an Add whose content turned out not to be wanted: it
// unpins root and deletes the blocks of its DAG. It is for content only
// its caller can have added (sealed records: fresh keys and nonces make
// every ciphertext unique), because it does not ask whether another pin
// shares a block. The EMR service stores a record while the chain is
// still asked whether the write is allowed, and discards it on a refusal.
// A crash before Discard leaves the ciphertext pinned and unreferenced:
// garbage, never readable.
func (n *Node) Discard(ctx context.Context, root cid.Cid) error {
	if err := n.pinner.Unpin(ctx, root, true); err != nil && !errors.Is(err, pin.ErrNotPinned) {
		return fmt.Errorf("ipfs: discard %s: unpin: %w", root, err)
	}
	blocks, err := n.LocalBlocks(ctx, root)
	if err != nil {
		return err
	}
	for _, c := range blocks {
		if err := n.bs.DeleteBlock(ctx, c); err != nil {
			return fmt.Errorf("ipfs: discard %s: delete block %s: %w", root, c, err)
		}
	}
	if err := n.pinned.Sync(ctx); err != nil {
		return fmt.Errorf("ipfs: discard %s: sync pin store: %w", root, err)
	}
	return nil
}

// Get returns the whole file at c (a UnixFS file or a raw block). Blocks
// missing locally are fetched over bitswap from connected peers until ctx
// ends; every block, local or fetched, is checked against its CID.
func (n *Node) Get(ctx context.Context, c cid.Cid) ([]byte, error) {
	if local, _ := n.bs.Has(ctx, c); !local {
		n.wantPeers()
	}
	nd, err := n.dag.Get(ctx, c)
	if err != nil {
		return nil, n.classify(c, err)
	}
	if c.Type() == cid.Raw {
		return nd.RawData(), nil
	}
	r, err := ufsio.NewDagReader(ctx, nd, merkledag.NewSession(ctx, n.dag))
	if err != nil {
		return nil, fmt.Errorf("ipfs: %s is not a UnixFS file: %w", c, err)
	}
	out := bytes.NewBuffer(make([]byte, 0, r.Size()))
	if _, err := io.Copy(out, r); err != nil {
		return nil, n.classify(c, err)
	}
	return out.Bytes(), nil
}

// classify turns a read failure into ErrCorrupt or ErrNotFound where it
// is one, keeping the cause in the chain.
func (n *Node) classify(c cid.Cid, err error) error {
	switch {
	case errors.Is(err, ErrCorrupt):
		n.log.Error("stored IPFS content does not match its CID; refusing it", "cid", c, "err", err)
		if f := n.onCorrupt.Load(); f != nil {
			(*f)(c.String())
		}
		return fmt.Errorf("ipfs: %s: %w", c, err)
	case ipld.IsNotFound(err), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return fmt.Errorf("%w: %s: %w", ErrNotFound, c, err)
	}
	return fmt.Errorf("ipfs: get %s: %w", c, err)
}

// Has reports whether c's block is stored locally; it never asks peers.
func (n *Node) Has(ctx context.Context, c cid.Cid) (bool, error) {
	ok, err := n.bs.Has(ctx, c)
	if err != nil {
		return false, fmt.Errorf("ipfs: has %s: %w", c, err)
	}
	return ok, nil
}

// Pin pins c and everything below it, fetching what is missing from peers,
// so the content is kept however it arrived. The pin is persisted.
func (n *Node) Pin(ctx context.Context, c cid.Cid) error {
	if local, _ := n.bs.Has(ctx, c); !local {
		n.wantPeers()
	}
	if err := merkledag.FetchGraph(ctx, c, n.dag); err != nil {
		return n.classify(c, err)
	}
	return n.pinAndSync(ctx, c)
}

// Pinned reports whether c is pinned, directly or under a recursive pin.
func (n *Node) Pinned(ctx context.Context, c cid.Cid) (bool, error) {
	_, ok, err := n.pinner.IsPinned(ctx, c)
	if err != nil {
		return false, fmt.Errorf("ipfs: pinned %s: %w", c, err)
	}
	return ok, nil
}
