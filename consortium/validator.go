package consortium

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	dbm "github.com/cometbft/cometbft-db"
	cmtcfg "github.com/cometbft/cometbft/config"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/proxy"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/node"
	gethp2p "github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/p2p/enode"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/dualchain/dualchain/devchain"
)

// Validator is one hospital's validator: an in-process geth that executes
// and stores the working chain, and a CometBFT node whose ABCI app (app)
// drives it through the Engine API. Close stops both; a closed Validator
// cannot be restarted (Start a new one on the same Home).
type Validator struct {
	cfg   NodeConfig
	log   *slog.Logger
	stack *node.Node
	eth   *eth.Ethereum
	comet *cmtnode.Node
	app   *app
	rpc   *rpc.Client

	closeOnce sync.Once
	closeErr  error
}

// Start opens (or creates) the validator's geth database and CometBFT
// stores under cfg.Home and joins the consortium. It returns once both run;
// blocks follow as soon as more than 2/3 of the voting power is online.
func Start(ctx context.Context, cfg NodeConfig, logger *slog.Logger, opts ...Option) (_ *Validator, err error) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	blockTime, err := time.ParseDuration(cfg.BlockTime)
	if err != nil || blockTime < time.Second {
		return nil, fmt.Errorf("consortium %s: block time %q: want a duration of at least 1s", cfg.Name, cfg.BlockTime)
	}
	if cfg.CacheMB == 0 {
		cfg.CacheMB = 64
	}
	v := &Validator{cfg: cfg, log: logger.With("component", "validator", "hospital", cfg.Name)}
	defer func() {
		if err != nil {
			v.Close()
		}
	}()
	if err := v.startGeth(); err != nil {
		return nil, fmt.Errorf("consortium %s: geth: %w", cfg.Name, err)
	}
	if o.head != nil {
		if err := v.rewindGeth(*o.head); err != nil {
			return nil, fmt.Errorf("consortium %s: %w", cfg.Name, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := v.startComet(blockTime); err != nil {
		return nil, fmt.Errorf("consortium %s: cometbft: %w", cfg.Name, err)
	}
	v.log.Info("validator started", "head", v.eth.BlockChain().CurrentBlock().Number, "http", v.HTTPEndpoint(), "validator", cfg.Validator)
	return v, nil
}

func (v *Validator) startGeth() error {
	keyHex, err := os.ReadFile(filepath.Join(v.cfg.Home, "devp2p.key"))
	if err != nil {
		return err
	}
	keyBytes, err := hex.DecodeString(strings.TrimSpace(string(keyHex)))
	if err != nil {
		return fmt.Errorf("devp2p.key: %w", err)
	}
	key, err := crypto.ToECDSA(keyBytes)
	if err != nil {
		return fmt.Errorf("devp2p.key: %w", err)
	}
	var static []*enode.Node
	for _, u := range v.cfg.EnodePeers {
		n, err := enode.ParseV4(u)
		if err != nil {
			return fmt.Errorf("peer %q: %w", u, err)
		}
		static = append(static, n)
	}
	ncfg := devchain.NodeConfig(filepath.Join(v.cfg.Home, "geth"), v.cfg.Host, v.cfg.Ports.GethHTTP, v.cfg.Ports.GethWS)
	ncfg.Logger = log.Root().With("chain", "working", "hospital", v.cfg.Name)
	ncfg.P2P = gethp2p.Config{
		PrivateKey:   key,
		NoDiscovery:  true,
		MaxPeers:     len(static) + 8,
		ListenAddr:   hostPort(v.cfg.Host, v.cfg.Ports.GethP2P),
		StaticNodes:  static,
		TrustedNodes: static,
	}
	stack, err := node.New(ncfg)
	if err != nil {
		return err
	}
	v.stack = stack
	accounts := devchain.DevAccounts(v.cfg.Seed, v.cfg.Accounts)
	// Like the dev chain's: archive mode with the hash scheme writes each
	// block's state as it is imported, so after a crash geth's head is the
	// last block FinalizeBlock returned for, and CometBFT replays the rest.
	ecfg := devchain.EthConfig(v.cfg.ChainID, v.cfg.GasLimit, accounts, v.cfg.CacheMB, v.cfg.Account, nil)
	backend, err := eth.New(stack, ecfg)
	if err != nil {
		return err
	}
	v.eth = backend
	fs := filters.NewFilterSystem(backend.APIBackend, filters.Config{})
	stack.RegisterAPIs([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(fs)}})
	if err := stack.Start(); err != nil {
		return err
	}
	v.rpc = stack.Attach()
	v.app = &app{
		eth: backend, engine: catalyst.NewConsensusAPI(backend), feeRecipient: v.cfg.Account,
		buildWait: 2 * time.Second, log: v.log,
	}
	// A restarted validator is in sync as far as it goes: let it gossip
	// transactions before its first new block.
	if backend.BlockChain().CurrentBlock().Number.Sign() > 0 {
		backend.SetSynced()
	}
	return nil
}

func (v *Validator) startComet(blockTime time.Duration) error {
	c := cometConfig(v.cfg)
	c.Moniker = v.cfg.Name
	c.P2P.ListenAddress = "tcp://" + hostPort(v.cfg.Host, v.cfg.Ports.CometP2P)
	c.P2P.PersistentPeers = strings.Join(v.cfg.CometPeers, ",")
	c.P2P.PexReactor = false
	c.P2P.AddrBookStrict = false
	c.P2P.AllowDuplicateIP = true
	c.RPC.ListenAddress = ""
	if v.cfg.Ports.CometRPC >= 0 {
		c.RPC.ListenAddress = "tcp://" + hostPort(v.cfg.Host, v.cfg.Ports.CometRPC)
	}
	// Transactions travel through geth's pool and devp2p; CometBFT only
	// orders one execution payload per height, so it keeps no mempool and
	// makes a block every height (there is no mempool to wake it).
	c.Mempool.Type = cmtcfg.MempoolTypeNop
	c.Consensus.CreateEmptyBlocks = true
	c.Consensus.TimeoutCommit = blockTime
	c.Consensus.SkipTimeoutCommit = false
	c.Consensus.TimeoutPropose = 3 * time.Second
	c.Instrumentation.Prometheus = false
	c.TxIndex.Indexer = "null"
	if err := c.ValidateBasic(); err != nil {
		return err
	}
	if doc, err := cmttypes.GenesisDocFromFile(c.GenesisFile()); err == nil && doc.InitialHeight > 1 && !fileExists(filepath.Join(c.DBDir(), "blockstore.db")) {
		v.app.successorGenesis = true
	}
	pv := privval.LoadFilePV(c.PrivValidatorKeyFile(), c.PrivValidatorStateFile())
	nk, err := p2p.LoadNodeKey(c.NodeKeyFile())
	if err != nil {
		return err
	}
	n, err := cmtnode.NewNode(c, pv, nk, proxy.NewLocalClientCreator(v.app),
		cmtnode.DefaultGenesisDocProviderFunc(c), guardedDBProvider,
		cmtnode.DefaultMetricsProvider(c.Instrumentation), cometLogger{v.log.With("component", "cometbft")})
	if err != nil {
		return err
	}
	if err := n.Start(); err != nil {
		return err
	}
	v.comet = n
	return nil
}

// Option changes how Start starts a validator.
type Option func(*options)

type options struct {
	head *uint64
}

// WithHead makes geth drop its blocks above n before CometBFT starts, as
// Rewind and Fork need. Transactions of the dropped blocks go back to the
// pool, so an honest validator forking below its head loses none.
func WithHead(n uint64) Option { return func(o *options) { o.head = &n } }

func (v *Validator) rewindGeth(n uint64) error {
	bc := v.eth.BlockChain()
	head := bc.CurrentBlock().Number.Uint64()
	if head <= n {
		return nil
	}
	var txs []*types.Transaction
	for i := n + 1; i <= head; i++ {
		if b := bc.GetBlockByNumber(i); b != nil {
			txs = append(txs, b.Transactions()...)
		}
	}
	if err := bc.SetHead(n); err != nil {
		return fmt.Errorf("rewind geth to %d: %w", n, err)
	}
	if len(txs) > 0 {
		errs := v.eth.TxPool().Add(txs, false)
		back := 0
		for _, err := range errs {
			if err == nil {
				back++
			}
		}
		v.log.Info("transactions of dropped blocks back in the pool", "txs", len(txs), "accepted", back)
	}
	v.log.Warn("geth rewound", "from", head, "to", n)
	return nil
}

// Close stops CometBFT first (no more blocks reach geth), then geth.
func (v *Validator) Close() error {
	v.closeOnce.Do(func() {
		var errs []error
		if v.comet != nil && v.comet.IsRunning() {
			if err := v.comet.Stop(); err != nil {
				errs = append(errs, err)
			}
			v.comet.Wait()
		}
		if v.rpc != nil {
			v.rpc.Close()
		}
		if v.stack != nil {
			errs = append(errs, v.stack.Close())
		}
		v.closeErr = errors.Join(errs...)
		v.log.Info("validator stopped")
	})
	return v.closeErr
}

// Config returns the validator's configuration.
func (v *Validator) Config() NodeConfig { return v.cfg }

// Head returns the header of geth's head: the last block CometBFT decided.
func (v *Validator) Head() *types.Header { return v.eth.BlockChain().CurrentBlock() }

// Eth returns the geth backend (for the attack simulator and tests).
func (v *Validator) Eth() *eth.Ethereum { return v.eth }

// Client returns an in-process RPC client of geth.
func (v *Validator) Client() *ethclient.Client { return ethclient.NewClient(v.rpc) }

// HTTPEndpoint is geth's JSON-RPC URL ("" when disabled).
func (v *Validator) HTTPEndpoint() string {
	if ep := v.stack.HTTPEndpoint(); ep != "" && v.cfg.Ports.GethHTTP >= 0 {
		return ep
	}
	return ""
}

// WSEndpoint is geth's WebSocket URL ("" when disabled).
func (v *Validator) WSEndpoint() string {
	if v.cfg.Ports.GethWS < 0 {
		return ""
	}
	return v.stack.WSEndpoint()
}

// Peers is the number of devp2p peers (transaction gossip).
func (v *Validator) Peers() int { return v.stack.Server().PeerCount() }

// cometLogger routes CometBFT's logs to slog, one level down: CometBFT's
// Info is chatty (every vote), so it goes to Debug.
type cometLogger struct{ l *slog.Logger }

func (c cometLogger) Debug(msg string, kv ...any) {}
func (c cometLogger) Info(msg string, kv ...any)  { c.l.Debug(msg, kv...) }
func (c cometLogger) Error(msg string, kv ...any) {
	if msg == leakedPeerMsg {
		closeLeakedPeer(kv)
	}
	if routine[msg] {
		c.l.Debug(msg, kv...)
		return
	}
	c.l.Warn(msg, kv...)
}

// routine are the errors CometBFT logs on every stop of a node or of a
// peer, which it reconnects by itself: a devnet restart printed dozens.
var routine = map[string]bool{
	"Stopping peer for error":                                true,
	"error while stopping peer":                              true,
	"Error stopping pool":                                    true,
	"Stopped accept routine, as transport is closed":         true,
	"Error serving server":                                   true,
	"Not stopping State service -- has not been started yet": true,
	"Error stopping consensus state":                         true,
	leakedPeerMsg:                                            true,
}

// leakedPeerMsg is what CometBFT v0.38's switch logs when a peer finishes
// its handshake while the node is stopping: it then returns without closing
// the connection. In a process that exits nothing is lost, but a validator
// stopped and restarted inside one process (devnet, tests) stays cut off:
// the other validators keep the dead connection for the ~105 s of CometBFT's
// ping and pong timeouts and refuse the new one as a duplicate.
const leakedPeerMsg = "Won't start a peer - switch is not running"

// closeLeakedPeer closes the connection of the peer logged with
// leakedPeerMsg, which nothing else will close.
func closeLeakedPeer(kv []any) {
	for _, x := range kv {
		if p, ok := x.(interface{ CloseConn() error }); ok {
			p.CloseConn()
		}
	}
}
func (c cometLogger) With(kv ...any) cmtlog.Logger {
	return cometLogger{c.l.With(kv...)}
}

func hostPort(host string, port int) string { return net.JoinHostPort(host, strconv.Itoa(port)) }

func ipOf(host string) net.IP {
	if ip := net.ParseIP(host); ip != nil {
		return ip
	}
	if ips, err := net.LookupIP(host); err == nil && len(ips) > 0 {
		return ips[0]
	}
	return net.IPv4(127, 0, 0, 1)
}

// guardedDB keeps CometBFT's reads from panicking after Stop closed its
// stores: v0.38's consensus reactor runs one goroutine per peer that may
// still read the block store (and panic on the "closed" error) for up to
// PeerQueryMaj23SleepDuration after the node stopped. In a process that
// exits nobody notices; a validator stopped inside a running devnet would
// take the whole process down. Reads after Close find nothing instead.
type guardedDB struct {
	dbm.DB
	mu     sync.RWMutex
	closed bool
}

func (d *guardedDB) Get(key []byte) ([]byte, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return nil, nil
	}
	return d.DB.Get(key)
}

func (d *guardedDB) Has(key []byte) (bool, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return false, nil
	}
	return d.DB.Has(key)
}

func (d *guardedDB) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	return d.DB.Close()
}

func guardedDBProvider(ctx *cmtcfg.DBContext) (dbm.DB, error) {
	db, err := cmtcfg.DefaultDBProvider(ctx)
	if err != nil {
		return nil, err
	}
	return &guardedDB{DB: db}, nil
}
