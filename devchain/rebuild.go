package devchain

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/node"
)

// A hard fork's successor chain must reproduce the anchored history block
// for block: the same hashes, so that every checkpoint, record proof and
// receipt made before the attack stays valid. Rebuild gets there by
// re-executing archived full blocks on a fresh database created from the
// same genesis, through geth's BlockChain.InsertChain in batches, rather
// than through the engine API (newPayload + forkchoiceUpdated per block):
//   - InsertChain takes the archived block as it is. newPayload would need
//     each block turned back into an ExecutableData plus the sidecar the
//     archive does not keep separately (parent beacon root, versioned
//     hashes, and from Prague the execution requests, whose hash alone is
//     in the header); InsertChain recomputes the requests and checks them
//     against the header, like every other root.
//   - It validates as much as newPayload does (header, state root,
//     receipts, bloom, gas, requests) and writes a batch at a time, with one
//     head update per batch instead of a forkchoice round trip per block.
//   - It needs no consensus driver, so the same code serves a consortium
//     validator's geth, whose blocks CometBFT decided (NodeConfig/EthConfig
//     are what a validator's geth is built from too).

// RebuildConfig says what to rebuild and where.
type RebuildConfig struct {
	// Node and Eth configure the successor's geth: Node.DataDir is the new
	// data directory (it must not exist, or be empty); Eth.Genesis must be
	// the original chain's genesis, or no block hash can match.
	Node *node.Config
	Eth  *ethconfig.Config
	// To is the last block to import (the fork height); blocks 1..To are
	// imported.
	To uint64
	// Blocks returns the archived blocks from..to (inclusive, in order) and
	// the hash the archive recorded for each: the imported block must have
	// exactly that hash.
	Blocks func(ctx context.Context, from, to uint64) ([]*types.Block, []common.Hash, error)
	// Batch is how many blocks one InsertChain call takes; default 256.
	Batch int
	// Progress, if set, hears the last block imported after every batch.
	Progress func(done, total uint64)
	Logger   *slog.Logger
}

// RebuildResult says what Rebuild made.
type RebuildResult struct {
	Head     uint64      `json:"head"`
	HeadHash common.Hash `json:"headHash"`
	Imported uint64      `json:"imported"`
	Genesis  common.Hash `json:"genesis"`
}

// ErrHashMismatch means an archived block does not hash to what the archive
// recorded for it, or the rebuilt chain's block differs: the successor would
// not reproduce the anchored history, so the rebuild stops.
var ErrHashMismatch = errors.New("devchain: rebuilt block hash differs from the archived hash")

// Rebuild creates a new geth data directory from the genesis in cfg.Eth and
// imports blocks 1..cfg.To from cfg.Blocks, checking every block's hash
// against the archived one before and after import. The geth node is closed
// when it returns; start the successor on cfg.Node.DataDir afterwards. On
// error the partial directory is left for the caller to remove.
func Rebuild(ctx context.Context, cfg RebuildConfig) (*RebuildResult, error) {
	if cfg.Node == nil || cfg.Eth == nil || cfg.Eth.Genesis == nil || cfg.Blocks == nil {
		return nil, errors.New("devchain: rebuild: node config, eth config with genesis, and a block source are required")
	}
	if cfg.Node.DataDir == "" {
		return nil, errors.New("devchain: rebuild: the successor needs a data directory")
	}
	if entries, err := os.ReadDir(cfg.Node.DataDir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("devchain: rebuild: %s is not empty; the successor needs a fresh data directory", cfg.Node.DataDir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("devchain: rebuild: %w", err)
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 256
	}
	lg := cfg.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	ncfg := *cfg.Node
	ncfg.HTTPHost, ncfg.WSHost = "", "" // nothing to serve while importing
	if ncfg.Logger == nil {
		ncfg.Logger = log.Root().With("chain", "successor")
	}
	stack, err := node.New(&ncfg)
	if err != nil {
		return nil, fmt.Errorf("devchain: rebuild: %w", wrapDataDirErr(ncfg.DataDir, err))
	}
	backend, err := eth.New(stack, cfg.Eth)
	if err != nil {
		stack.Close()
		return nil, fmt.Errorf("devchain: rebuild: %w", classifyGenesisErr(ncfg.DataDir, err))
	}
	// Started so that Close stops the eth service (and its blockchain)
	// in order; with no RPC and no peers it serves nothing.
	if err := stack.Start(); err != nil {
		stack.Close()
		return nil, fmt.Errorf("devchain: rebuild: start: %w", err)
	}
	defer stack.Close()
	bc := backend.BlockChain()
	res := &RebuildResult{Genesis: bc.Genesis().Hash()}
	lg.Info("rebuilding the working chain from the archive", "dir", ncfg.DataDir, "to", cfg.To, "genesis", res.Genesis)
	for from := uint64(1); from <= cfg.To; from += uint64(cfg.Batch) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		to := min(cfg.To, from+uint64(cfg.Batch)-1)
		blocks, want, err := cfg.Blocks(ctx, from, to)
		if err != nil {
			return nil, fmt.Errorf("devchain: rebuild: read archived blocks %d-%d: %w", from, to, err)
		}
		if len(blocks) != int(to-from+1) || len(want) != len(blocks) {
			return nil, fmt.Errorf("devchain: rebuild: the archive gave %d blocks for %d-%d", len(blocks), from, to)
		}
		for i, b := range blocks {
			if n := from + uint64(i); b.NumberU64() != n || b.Hash() != want[i] {
				return nil, fmt.Errorf("%w: archived block %d (number %d) hashes to %s, the archive recorded %s", ErrHashMismatch, n, b.NumberU64(), b.Hash().TerminalString(), want[i].TerminalString())
			}
		}
		if i, err := bc.InsertChain(blocks); err != nil {
			return nil, fmt.Errorf("devchain: rebuild: import block %d: %w", blocks[min(i, len(blocks)-1)].NumberU64(), err)
		}
		for i, b := range blocks {
			if got := bc.GetCanonicalHash(b.NumberU64()); got != want[i] {
				return nil, fmt.Errorf("%w: block %d is %s in the successor, %s in the archive", ErrHashMismatch, b.NumberU64(), got.TerminalString(), want[i].TerminalString())
			}
		}
		res.Imported += uint64(len(blocks))
		if cfg.Progress != nil {
			cfg.Progress(to, cfg.To)
		}
	}
	head := bc.CurrentBlock()
	if head.Number.Uint64() != cfg.To {
		return nil, fmt.Errorf("devchain: rebuild: the successor's head is block %d, want %d", head.Number.Uint64(), cfg.To)
	}
	res.Head, res.HeadHash = cfg.To, head.Hash()
	lg.Info("working chain rebuilt", "head", res.Head, "hash", res.HeadHash, "imported", res.Imported)
	return res, nil
}

// RebuildConfigFor is the RebuildConfig of a dev working chain configured
// as cfg (its chain id, seed, accounts and gas limit make the genesis),
// rebuilt into cfg.DataDir. Set To and Blocks.
func RebuildConfigFor(cfg Config) (RebuildConfig, error) {
	c, err := New(cfg)
	if err != nil {
		return RebuildConfig{}, err
	}
	return RebuildConfig{
		Node:   NodeConfig(c.cfg.DataDir, c.cfg.Host, -1, -1),
		Eth:    c.ethConfig(),
		Logger: c.log,
	}, nil
}

// ReplayResult says what Replay did.
type ReplayResult struct {
	// Included are the transactions now in the chain; Rejected the ones the
	// pool refused, with why (a nonce already used: the transaction or one
	// with its nonce is in the chain); Waiting the ones still in the pool
	// (a gap in their sender's nonces).
	Included []common.Hash          `json:"included"`
	Rejected map[common.Hash]string `json:"rejected,omitempty"`
	Waiting  []common.Hash          `json:"waiting,omitempty"`
	Head     common.Hash            `json:"head"`
	Blocks   int                    `json:"blocks"`
}

// ReplayBatch is the transactions of one archived block and its time.
type ReplayBatch struct {
	Time uint64
	Txs  []*types.Transaction
}

// Replay re-sends signed transactions block by block: each batch goes to
// the pool and is sealed into one block with the batch's time (or just
// after its parent's), so a replayed write keeps the time it was first
// made, which the EMR index shows as the record's time. What remains
// executable afterwards is sealed at the current time. A hard fork replays
// the honest transactions above the fork height on the successor so.
// Unlike Adopt's re-offer, it reports the fate of each transaction.
func (c *Chain) Replay(ctx context.Context, batches []ReplayBatch) (*ReplayResult, error) {
	c.mu.Lock()
	backend := c.backend
	c.mu.Unlock()
	if backend == nil {
		return nil, errors.New("devchain: not started")
	}
	c.sealMu.Lock()
	defer c.sealMu.Unlock()
	if c.paused.Load() {
		return nil, fmt.Errorf("devchain %s: replay: %w", c.cfg.Name, ErrPaused)
	}
	bc, pool := backend.BlockChain(), backend.TxPool()
	res := &ReplayResult{Rejected: map[common.Hash]string{}}
	start := bc.CurrentBlock().Number.Uint64()
	sealAt := func(ts uint64) error {
		before := bc.CurrentBlock()
		var err error
		if ts == 0 {
			_, err = c.seal(ctx)
		} else {
			_, err = c.sealAt(ctx, ts)
		}
		if err == nil && bc.CurrentBlock().Hash() == before.Hash() {
			err = errors.New("the head did not move")
		}
		if err != nil {
			return fmt.Errorf("devchain %s: replay: seal block %d: %w", c.cfg.Name, before.Number.Uint64()+1, err)
		}
		return nil
	}
	var txs []*types.Transaction
	for _, b := range batches {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		txs = append(txs, b.Txs...)
		if err := pool.Sync(); err != nil {
			return nil, err
		}
		for i, err := range pool.Add(b.Txs, true) {
			if err != nil {
				res.Rejected[b.Txs[i].Hash()] = err.Error()
			}
		}
		pool.Sync()
		if executable, _ := pool.Stats(); executable == 0 {
			continue // all known or refused: no empty block
		}
		if err := sealAt(b.Time); err != nil {
			return nil, err
		}
	}
	for range maxSealRounds {
		pool.Sync()
		if executable, _ := pool.Stats(); executable == 0 {
			break
		}
		if err := sealAt(0); err != nil {
			return nil, err
		}
	}
	head := bc.CurrentBlock()
	res.Head, res.Blocks = head.Hash(), int(head.Number.Uint64()-start)
	// The blocks sealed here, not geth's transaction index (built in the
	// background), say what was included.
	in := map[common.Hash]bool{}
	for n := start + 1; n <= head.Number.Uint64(); n++ {
		if b := bc.GetBlockByNumber(n); b != nil {
			for _, tx := range b.Transactions() {
				in[tx.Hash()] = true
			}
		}
	}
	for _, tx := range txs {
		if _, ok := res.Rejected[tx.Hash()]; ok {
			continue
		}
		if in[tx.Hash()] {
			res.Included = append(res.Included, tx.Hash())
		} else {
			res.Waiting = append(res.Waiting, tx.Hash())
		}
	}
	return res, nil
}
