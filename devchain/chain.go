package devchain

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/event"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/rpc"
)

// Config configures one embedded chain. The zero value is not usable: set
// at least ChainID. Fields may be changed until Start.
type Config struct {
	// Name labels the chain in logs ("working", "verification").
	Name string
	// ChainID is the EIP-155 chain id; it is also the network id.
	ChainID uint64
	// DataDir holds the chain database. Empty keeps everything in memory
	// (tests); otherwise the directory is created and reused on restart.
	DataDir string
	// Period is the slot time. 0 seals a block as soon as a transaction
	// arrives (on demand); otherwise one block per Period, rounded to whole
	// seconds as the simulated beacon requires. With a period, the finalized
	// head lags the head by 32 to 64 blocks, like Ethereum's epochs.
	Period time.Duration
	// SealDelay is how long on-demand sealing (Period 0) waits after a
	// transaction arrives before it seals, so that transactions sent at
	// about the same time share a block instead of each paying for its own
	// (block import, state commit, txpool reset). Default 5 ms; negative
	// seals at once.
	SealDelay time.Duration
	// HTTPPort and WSPort are the JSON-RPC ports on Host. 0 picks a free
	// port; -1 disables that transport.
	HTTPPort, WSPort int
	// Host is the interface the RPC listens on; default 127.0.0.1.
	Host string
	// Seed and Accounts select the prefunded dev accounts (DevAccounts).
	Seed     string
	Accounts int
	// GasLimit is the block gas limit; default 60M like mainnet.
	GasLimit uint64
	// CacheMB bounds geth's database and trie caches, in MiB; default 64.
	// geth's own defaults (~1 GiB) suit a mainnet node, not a laptop
	// running two chains next to IPFS.
	CacheMB int
	// MinTip is the smallest priority fee the block builder accepts;
	// default 1 wei. Raising it makes low-tip transactions wait, as on a
	// busy public chain (the anchor agent's fee bumping is tested so).
	MinTip *big.Int
	// NoFinality makes the chain never declare a block beyond genesis
	// finalized, so that any block can be replaced. The working chain
	// sets it: the attack simulator rewrites and restore re-imports its
	// history at any depth, and geth's freezer makes finalized blocks
	// permanent (seal.go says how). Such a chain is sealed by dualchain
	// itself, with or without a period, and can be paused (Pause).
	// Without it, blocks sealed on demand and with a period both get
	// Ethereum-like finality from geth's simulated beacon.
	NoFinality bool
	// Logger receives the chain's own messages; geth's internal logs go to
	// geth's global logger, which cmd/dualchain routes to slog.
	Logger *slog.Logger
}

func (c *Config) setDefaults() {
	if c.Name == "" {
		c.Name = fmt.Sprintf("chain-%d", c.ChainID)
	}
	if c.Host == "" {
		c.Host = "127.0.0.1"
	}
	if c.Seed == "" {
		c.Seed = DefaultSeed
	}
	if c.Accounts == 0 {
		c.Accounts = 10
	}
	if c.GasLimit == 0 {
		c.GasLimit = 60_000_000
	}
	if c.CacheMB == 0 {
		c.CacheMB = 64
	}
	if c.SealDelay == 0 {
		c.SealDelay = 5 * time.Millisecond
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

func (c *Config) validate() error {
	switch {
	case c.ChainID == 0:
		return errors.New("chain id must not be 0")
	case c.Period < 0:
		return fmt.Errorf("block period %v is negative", c.Period)
	case c.Period > 0 && c.Period < time.Second:
		return fmt.Errorf("block period %v: use 0 (on demand) or whole seconds", c.Period)
	case c.Accounts < 1 || c.Accounts > 1000:
		return fmt.Errorf("dev accounts %d: want 1..1000", c.Accounts)
	case c.CacheMB < 16:
		return fmt.Errorf("cache %d MiB is below the 16 MiB minimum", c.CacheMB)
	case c.HTTPPort < -1 || c.HTTPPort > 65535 || c.WSPort < -1 || c.WSPort > 65535:
		return fmt.Errorf("rpc ports %d/%d out of range", c.HTTPPort, c.WSPort)
	}
	return nil
}

// Chain is one running embedded chain. Its methods are safe for concurrent
// use. Close stops it; a closed Chain cannot be restarted (make a new one on
// the same DataDir instead).
type Chain struct {
	cfg      Config
	accounts []Account
	log      *slog.Logger

	// sealMu serializes sealing: the sealing loops, Commit, Fork, Rewrite
	// and Adopt all move the one head (through the simulated beacon, which
	// is not safe for concurrent use, or seal).
	sealMu sync.Mutex
	// paused is set by Pause and cleared by Resume, both under sealMu.
	paused atomic.Bool

	stop chan struct{}  // closed by Close to end the sealing loops
	wg   sync.WaitGroup // the sealing loops

	mu      sync.Mutex // protects the fields below
	stack   *node.Node
	backend *eth.Ethereum
	beacon  *catalyst.SimulatedBeacon
	rpc     *rpc.Client
	closed  bool
}

// New validates cfg and returns a chain that is not started yet.
func New(cfg Config) (*Chain, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("devchain %s: %w", cfg.Name, err)
	}
	return &Chain{
		cfg:      cfg,
		accounts: DevAccounts(cfg.Seed, cfg.Accounts),
		log:      cfg.Logger.With("component", "devchain", "chain", cfg.Name),
	}, nil
}

// Start opens (or creates) the chain database, starts the node with its RPC
// servers and begins producing blocks. A database created for another
// genesis (another chain id or seed) is refused with ErrForeignDataDir.
func (c *Chain) Start(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stack != nil || c.closed {
		return fmt.Errorf("devchain %s: already started", c.cfg.Name)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	stack, err := node.New(c.nodeConfig())
	if err != nil {
		return fmt.Errorf("devchain %s: %w", c.cfg.Name, wrapDataDirErr(c.cfg.DataDir, err))
	}
	backend, err := eth.New(stack, c.ethConfig())
	if err != nil {
		stack.Close()
		return fmt.Errorf("devchain %s: %w", c.cfg.Name, classifyGenesisErr(c.cfg.DataDir, err))
	}
	fs := filters.NewFilterSystem(backend.APIBackend, filters.Config{})
	stack.RegisterAPIs([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(fs)}})

	period := uint64(c.cfg.Period / time.Second)
	beaconPeriod := period
	if c.cfg.NoFinality {
		// The beacon only moves the chain past the merge; seal (seal.go)
		// makes every block.
		beaconPeriod = 0
	}
	beacon, err := catalyst.NewSimulatedBeacon(beaconPeriod, c.accounts[0].Address, backend)
	if err != nil {
		stack.Close()
		return fmt.Errorf("devchain %s: simulated beacon: %w", c.cfg.Name, err)
	}
	// With period 0 dualchain runs its own on-demand sealing loop (below)
	// instead of geth's simulated-beacon API loop, so that sealing, Commit
	// and Fork are serialized and a transaction the miner will not include
	// cannot make the loop spin forever.
	stack.RegisterLifecycle(beacon)

	if err := stack.Start(); err != nil {
		stack.Close()
		return fmt.Errorf("devchain %s: start: %w", c.cfg.Name, err)
	}
	c.stack, c.backend, c.beacon, c.rpc = stack, backend, beacon, stack.Attach()
	c.stop = make(chan struct{})
	if c.cfg.NoFinality {
		// Genesis is the only finalized block: it stops the freezer the
		// way no finalized block would (seal.go), and geth's blob pool,
		// which warns on every head without one, is satisfied. This also
		// withdraws a finalized mark an older dualchain left behind.
		bc := backend.BlockChain()
		bc.SetFinalized(bc.Genesis().Header())
		backend.SetSynced()
		if frozen := c.frozenBelow(); frozen > 1 {
			c.log.Warn("blocks below this height were frozen by an older dualchain and cannot be rewritten or restored in place", "frozen_below", frozen)
		}
		if period > 0 {
			c.wg.Add(1)
			go c.sealEvery(c.cfg.Period)
		}
	}
	if period == 0 {
		// Subscribe before Start returns: a transaction sent right after
		// must not slip past the loop.
		events := make(chan core.NewTxsEvent, 256)
		sub := backend.TxPool().SubscribeTransactions(events, true)
		c.wg.Add(1)
		go c.sealOnDemand(events, sub)
	}
	head := backend.BlockChain().CurrentBlock()
	c.log.Info("chain started", "chain_id", c.cfg.ChainID, "head", head.Number, "http", c.httpEndpointLocked(), "period", c.cfg.Period)
	return nil
}

func (c *Chain) nodeConfig() *node.Config {
	cfg := NodeConfig(c.cfg.DataDir, c.cfg.Host, c.cfg.HTTPPort, c.cfg.WSPort)
	cfg.Logger = log.Root().With("chain", c.cfg.Name)
	return cfg
}

func (c *Chain) ethConfig() *ethconfig.Config {
	return EthConfig(c.cfg.ChainID, c.cfg.GasLimit, c.accounts, c.cfg.CacheMB, c.accounts[0].Address, c.cfg.MinTip)
}

// NodeConfig is the geth node config of an embedded chain (also a
// consortium validator's geth, which adds its devp2p settings): JSON-RPC on
// host with the eth, net and web3 modules (port -1 disables a transport),
// no peers, LevelDB.
func NodeConfig(dataDir, host string, httpPort, wsPort int) *node.Config {
	cfg := &node.Config{
		Name:    "geth",
		DataDir: dataDir,
		P2P: p2p.Config{
			NoDiscovery: true,
			MaxPeers:    0,
			ListenAddr:  "",
		},
		HTTPModules:      []string{"eth", "net", "web3"},
		HTTPVirtualHosts: []string{"localhost"},
		HTTPCors:         []string{"*"},
		HTTPTimeouts:     rpc.DefaultHTTPTimeouts,
		WSModules:        []string{"eth", "net", "web3"},
		WSOrigins:        []string{"*"},
		// LevelDB hands every write batch to the OS before returning, so a
		// killed process loses no block a client has seen. geth's pebble
		// setup buffers its write-ahead log in process memory, and a
		// SIGKILL right after a receipt was served lost that block in our
		// tests (TestUpSurvivesKill). A power loss can still drop the last
		// writes; the anchor archive and checkpoints cover that case.
		DBEngine: rawdb.DBLeveldb,
	}
	if httpPort >= 0 {
		cfg.HTTPHost, cfg.HTTPPort = host, httpPort
	}
	if wsPort >= 0 {
		cfg.WSHost, cfg.WSPort = host, wsPort
	}
	return cfg
}

// EthConfig is the eth config of an embedded chain of the given id whose
// genesis funds accounts: full sync, archive state, caches within cacheMB,
// block fees to feeRecipient, transactions below minTip (nil: 1 wei) left
// waiting.
func EthConfig(chainID, gasLimit uint64, accounts []Account, cacheMB int, feeRecipient common.Address, minTip *big.Int) *ethconfig.Config {
	cfg := ethconfig.Defaults
	cfg.Genesis = Genesis(chainID, gasLimit, accounts)
	cfg.NetworkId = chainID
	cfg.SyncMode = ethconfig.FullSync
	// Archive mode with the hash scheme writes every block's state to disk
	// as it is imported, so killing the process loses no acknowledged
	// block. (The path scheme keeps recent state in memory and would rewind
	// the head after a crash.)
	cfg.NoPruning = true
	cfg.StateScheme = rawdb.HashScheme
	cfg.Preimages = true
	// Caches: split the budget the way geth splits its own.
	cfg.DatabaseCache = cacheMB / 2
	cfg.TrieCleanCache = cacheMB/4 + cacheMB/8
	cfg.TrieDirtyCache = cacheMB / 8
	// No state snapshot (geth's flat-state acceleration layers): a working
	// chain here is rewritten by attacks and put back by restores, and the
	// snapshot tree does not survive that: once the canonical branch has
	// flattened layers another branch still stands on, sealing a block on
	// that branch panics ("parent diff layer is stale"), as the attack
	// bench's rewrite-and-restore trials showed. State is read through the
	// trie and its clean cache instead.
	cfg.SnapshotCache = 0
	cfg.DatabaseHandles = 256
	cfg.TxPool.NoLocals = true
	cfg.TxPool.Journal = ""
	cfg.Miner.GasCeil = gasLimit
	cfg.Miner.GasPrice = big.NewInt(1)
	if minTip != nil {
		cfg.Miner.GasPrice = new(big.Int).Set(minTip)
	}
	cfg.Miner.PendingFeeRecipient = feeRecipient
	cfg.LogNoHistory = true
	return &cfg
}

// Close stops block production and the node. It is safe to call more than
// once and on a chain that never started.
func (c *Chain) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	if c.stack == nil {
		return nil
	}
	close(c.stop)
	c.wg.Wait()
	c.rpc.Close()
	// node.Close stops the registered lifecycles (the beacon, then eth) in
	// reverse order and closes the databases.
	err := c.stack.Close()
	c.log.Info("chain stopped")
	return err
}

// ChainID returns the configured chain id.
func (c *Chain) ChainID() uint64 { return c.cfg.ChainID }

// Name returns the chain's label.
func (c *Chain) Name() string { return c.cfg.Name }

// Accounts returns the prefunded dev accounts; the first one also receives
// the block rewards (fees).
func (c *Chain) Accounts() []Account { return c.accounts }

// HTTPEndpoint returns the JSON-RPC URL over HTTP, or "" if disabled or not
// started.
func (c *Chain) HTTPEndpoint() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.httpEndpointLocked()
}

func (c *Chain) httpEndpointLocked() string {
	if c.stack == nil || c.cfg.HTTPPort < 0 {
		return ""
	}
	return c.stack.HTTPEndpoint()
}

// WSEndpoint returns the JSON-RPC URL over WebSocket, or "".
func (c *Chain) WSEndpoint() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stack == nil || c.cfg.WSPort < 0 {
		return ""
	}
	return c.stack.WSEndpoint()
}

// RPC returns an in-process RPC client (all namespaces, no network hop).
// It is owned by the chain: do not close it.
func (c *Chain) RPC() *rpc.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rpc
}

// Client returns an ethclient over the in-process RPC client.
func (c *Chain) Client() *ethclient.Client { return ethclient.NewClient(c.RPC()) }

// Eth exposes the geth service, for the attack simulator and for archive
// re-import, which need the blockchain itself.
func (c *Chain) Eth() *eth.Ethereum {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.backend
}

// Commit seals a block now, whatever the period, and returns the new head.
// Tests and the attack simulator use it to move the chain without waiting.
// It is serialized with dualchain's own sealing loops; with a period and
// finality, geth's own timer loop seals too and is not serialized with it.
// A paused chain seals nothing: Commit then returns the unchanged head.
func (c *Chain) Commit() common.Hash {
	c.mu.Lock()
	beacon := c.beacon
	c.mu.Unlock()
	if beacon == nil {
		return common.Hash{}
	}
	c.sealMu.Lock()
	defer c.sealMu.Unlock()
	return c.commitLocked()
}

// maxSealRounds bounds how many blocks Rewrite and Resume seal while the
// pool still reports executable transactions; a transaction the miner refuses (tip
// below its minimum) must not keep it busy forever.
const maxSealRounds = 64

// sealOnDemand seals a block whenever transactions arrive (period 0): a
// transaction waits SealDelay for others to share its block, counted from
// its arrival. Those that arrive while a block is being sealed were counted
// from the start of that seal; they used to be sealed at once, each few of
// them paying for a block of their own (seal, archive row, guard pass,
// index sync), while the writers that came a moment later paid for the
// next. And a seal only happens with something to seal: the arrivals
// notified during a seal that took them in used to wake the loop for an
// empty block.
func (c *Chain) sealOnDemand(events chan core.NewTxsEvent, sub event.Subscription) {
	defer c.wg.Done()
	defer sub.Unsubscribe()
	pool := c.backend.TxPool()
	var since time.Time // arrival of the oldest transaction waiting; zero: none
	for {
		if since.IsZero() {
			select {
			case <-c.stop:
				return
			case <-sub.Err():
				return
			case <-events:
			}
			since = time.Now()
		}
		if wait := time.Until(since.Add(c.cfg.SealDelay)); wait > 0 {
			select {
			case <-c.stop:
				return
			case <-time.After(wait):
			}
		}
		// Coalesce a burst of arrivals into as few blocks as possible.
		for drained := false; !drained; {
			select {
			case <-events:
			default:
				drained = true
			}
		}
		began := time.Now()
		c.sealMu.Lock()
		pool.Sync()
		took := 0
		if waiting, _ := pool.Stats(); waiting > 0 && !c.paused.Load() { // paused: Resume seals what waits
			if b := c.backend.BlockChain().GetBlockByHash(c.commitLocked()); b != nil {
				took = b.Transactions().Len()
			}
			pool.Sync()
		}
		left, _ := pool.Stats()
		c.sealMu.Unlock()
		since = time.Time{}
		if left > 0 && took > 0 {
			// Arrived during the seal, or more than one block holds.
			// Whatever the miner would not take (a tip below its minimum)
			// waits for the next arrival instead.
			since = began
		}
	}
}

// Fork makes the block parent the head, so that the next blocks sealed
// (Commit, or on demand) build a competing history from it; once that
// history is canonical the old blocks above parent are reorganized away.
// It fails while transactions are pending. The attack simulator and the
// reorg tests use it; nothing in normal operation does.
func (c *Chain) Fork(parent common.Hash) error {
	c.mu.Lock()
	beacon := c.beacon
	c.mu.Unlock()
	c.sealMu.Lock()
	defer c.sealMu.Unlock()
	if err := beacon.Fork(parent); err != nil {
		return fmt.Errorf("devchain %s: fork from %s: %w", c.cfg.Name, parent.TerminalString(), err)
	}
	return nil
}

// Rewrite replaces the history above parent, as a majority of block
// producers could: it makes parent the head, lets the transaction pool take
// back the transactions of the dropped blocks, adds txs (same-nonce
// replacements displace the originals: that is how the dev simulator
// deletes or alters a transaction), and seals blocks until the new history
// is longer than the old one, so that every node switches to it. Nothing
// else is sealed meanwhile. It returns the new head's hash.
func (c *Chain) Rewrite(parent common.Hash, txs []*types.Transaction) (common.Hash, error) {
	c.mu.Lock()
	beacon, backend := c.beacon, c.backend
	c.mu.Unlock()
	if beacon == nil {
		return common.Hash{}, errors.New("devchain: not started")
	}
	c.sealMu.Lock()
	defer c.sealMu.Unlock()
	if c.paused.Load() {
		return common.Hash{}, fmt.Errorf("devchain %s: rewrite: %w", c.cfg.Name, ErrPaused)
	}
	chain := backend.BlockChain()
	oldHeadHeader := chain.CurrentBlock()
	oldHead := oldHeadHeader.Number.Uint64()
	pb := chain.GetHeaderByHash(parent)
	if pb == nil {
		return common.Hash{}, fmt.Errorf("devchain %s: rewrite from unknown block %s", c.cfg.Name, parent.TerminalString())
	}
	if frozen := c.frozenBelow(); pb.Number.Uint64()+1 < frozen {
		return common.Hash{}, fmt.Errorf("devchain %s: rewrite from block %d: blocks below %d are frozen in geth's ancient store (finalized once; see Config.NoFinality) and cannot be replaced", c.cfg.Name, pb.Number.Uint64(), frozen)
	}
	pool := backend.TxPool()
	if err := pool.Sync(); err != nil {
		return common.Hash{}, err
	}
	if err := beacon.Fork(parent); err != nil {
		return common.Hash{}, fmt.Errorf("devchain %s: fork from %s: %w", c.cfg.Name, parent.TerminalString(), err)
	}
	// The pool resets to the new head and re-injects the dropped blocks'
	// transactions before the replacements go in.
	if err := pool.Sync(); err != nil {
		return common.Hash{}, err
	}
	for i, err := range pool.Add(txs, true) {
		if err != nil {
			return common.Hash{}, fmt.Errorf("devchain %s: rewrite: transaction %d: %w", c.cfg.Name, i, err)
		}
	}
	var head common.Hash
	for chain.CurrentBlock().Number.Uint64() <= oldHead {
		before := chain.CurrentBlock().Hash()
		head = c.commitLocked()
		pool.Sync()
		if head == before {
			// Put the old history back rather than leave the chain cut short.
			at := chain.CurrentBlock().Number
			if old := chain.GetBlockByHash(oldHeadHeader.Hash()); old != nil {
				chain.SetCanonical(old)
			}
			return common.Hash{}, fmt.Errorf("devchain %s: rewrite: sealing on the new history failed at block %d, the old history was put back (geth's log at --geth-log-level warn says why)", c.cfg.Name, at)
		}
	}
	return head, nil
}

// Adopt makes blocks (a contiguous history, lowest first, whose first
// block's parent the chain knows) the canonical chain, importing the ones
// the chain does not have; then it puts txs back into the pool (errors such
// as "already known" or "nonce too low" are expected and ignored) and seals
// what is pending on top. Restore uses it to put an honest history back
// from the archive. It returns the new head's hash.
func (c *Chain) Adopt(ctx context.Context, blocks []*types.Block, txs []*types.Transaction) (common.Hash, error) {
	c.mu.Lock()
	beacon, backend := c.beacon, c.backend
	c.mu.Unlock()
	if beacon == nil || len(blocks) == 0 {
		return common.Hash{}, errors.New("devchain: not started, or nothing to adopt")
	}
	c.sealMu.Lock()
	defer c.sealMu.Unlock()
	bc := backend.BlockChain()
	if frozen := c.frozenBelow(); blocks[0].NumberU64() < frozen {
		return common.Hash{}, fmt.Errorf("devchain %s: adopt from block %d: blocks below %d are frozen in geth's ancient store (finalized once; see Config.NoFinality) and cannot be replaced", c.cfg.Name, blocks[0].NumberU64(), frozen)
	}
	for _, b := range blocks {
		if bc.HasBlock(b.Hash(), b.NumberU64()) {
			continue
		}
		if _, err := bc.InsertBlockWithoutSetHead(ctx, b, false); err != nil {
			return common.Hash{}, fmt.Errorf("devchain %s: import block %d: %w", c.cfg.Name, b.NumberU64(), err)
		}
	}
	head := bc.GetBlockByHash(blocks[len(blocks)-1].Hash())
	if _, err := bc.SetCanonical(head); err != nil {
		return common.Hash{}, fmt.Errorf("devchain %s: make %s canonical: %w", c.cfg.Name, head.Hash().TerminalString(), err)
	}
	pool := backend.TxPool()
	if err := pool.Sync(); err != nil {
		return common.Hash{}, err
	}
	pool.Add(txs, true)
	last := head.Hash()
	for range maxSealRounds {
		pool.Sync()
		if executable, _ := pool.Stats(); executable == 0 {
			break
		}
		last = c.commitLocked()
	}
	return last, nil
}

// ErrForeignDataDir is returned by Start when the data directory holds a
// chain with another genesis than this config's.
var ErrForeignDataDir = errors.New("devchain: data dir holds a different chain")

func classifyGenesisErr(dir string, err error) error {
	var mismatch *core.GenesisMismatchError
	if errors.As(err, &mismatch) {
		return fmt.Errorf("%w (%s): %v; use another --data-dir or the original --chain-id/--seed", ErrForeignDataDir, dir, err)
	}
	return wrapDataDirErr(dir, err)
}

func wrapDataDirErr(dir string, err error) error {
	if dir == "" {
		return err
	}
	if errors.Is(err, os.ErrPermission) {
		return fmt.Errorf("data dir %s is not writable: %w; fix its permissions or choose another --data-dir", filepath.Clean(dir), err)
	}
	return err
}
