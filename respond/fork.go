package respond

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"slices"
	"time"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// A hard fork in dev mode (DESIGN §5, "Hard fork"): when the working chain
// itself can no longer be trusted (a majority rewrote it, or it halted for
// good), the honest members start a successor that reproduces the history
// up to the last verified checkpoint from their own archive, hash for hash,
// re-send the honest transactions that came after it, and declare the
// successor on the verification chain. Unlike Restore it never touches the
// old chain's database: the successor is built in a new data directory from
// the genesis, so the old one stays as evidence.

// ErrNoSettledCheckpoint means no settled checkpoint of this node's covers
// a history its archive holds: there is no verified height to fork from.
var ErrNoSettledCheckpoint = errors.New("respond: no settled checkpoint of this node matches the history its archive holds: there is no verified block to fork from; let the node anchor and wait until a checkpoint is settled ('dualchain status'), then fork")

// ErrCheckpointPending means this node has a checkpoint above the fork
// height that is not settled yet: the successor's new blocks would
// contradict it once it settles.
var ErrCheckpointPending = errors.New("respond: a checkpoint above the last settled one is not settled yet")

// ForkPlan is what a hard fork will do, decided from the node database
// alone (PlanFork): nothing is changed by making it.
type ForkPlan struct {
	ChainID uint64 `json:"chainId"`
	// ForkHeight is the end of the highest settled checkpoint of this node
	// whose root the honest history reproduces; the successor is that
	// history up to here, hash for hash.
	ForkHeight uint64      `json:"forkHeight"`
	ForkHash   common.Hash `json:"forkHash"`
	RangeStart uint64      `json:"rangeStart"`
	Checkpoint uint64      `json:"checkpointIndex"`
	Root       common.Hash `json:"root"`
	Proof      []common.Hash
	// Rewrite is set when the honest history is one a reorg replaced (a
	// rewrite of the chain the archive followed): the fork number of that
	// reorg. Otherwise the archive's canonical rows are the honest history.
	Rewrite   *uint64 `json:"rewriteFork,omitempty"`
	HonestTop uint64  `json:"honestTop"`
	// Replay are the transactions re-sent on the successor, block by block
	// with their blocks' times: first those of the honest blocks above the
	// fork height (HonestTxs of them), then the
	// writes made on the rewritten chain after the attack (LaterTxs), which
	// Restore keeps too. Substitutes are the rewritten chain's transactions
	// that took the nonce of an honest one (the attacker's alterations):
	// never replayed.
	Replay      []devchain.ReplayBatch `json:"-"`
	HonestTxs   int                    `json:"honestTxs"`
	LaterTxs    int                    `json:"laterTxs"`
	Substitutes []common.Hash          `json:"substitutes,omitempty"`

	fork   uint64         // the honest history: canonical rows up to fork...
	blocks []*types.Block // ...then these
}

// PlanFork decides a hard fork from the node database: the honest history
// (the archive's canonical rows, or, after a rewrite the checkpoints
// contradict, the blocks the rewrite replaced: Restore's choice), the fork
// height and its Merkle proof, and the transactions to replay.
func PlanFork(ctx context.Context, db *store.DB, chainID uint64, log *slog.Logger) (*ForkPlan, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	head, err := db.Head(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%w (the archive is empty)", ErrNoSettledCheckpoint)
	}
	if err != nil {
		return nil, err
	}
	p := &ForkPlan{ChainID: chainID, fork: head.Number, HonestTop: head.Number}
	cps, err := db.Checkpoints(ctx, 0)
	if err != nil {
		return nil, err
	}
	reorgs, err := db.Reorgs(ctx)
	if err != nil {
		return nil, err
	}
	var rewrite *store.ReorgRecord
	err = eachHonestReorg(ctx, db, chainID, log, func(r store.ReorgRecord, blocks []*types.Block, _ int) (bool, error) {
		top := blocks[len(blocks)-1]
		if h, err := db.BlockHash(ctx, top.NumberU64()); err == nil && h == top.Hash() {
			return false, nil // undone already: the canonical rows hold it
		}
		// Superseded: a later reorg from at or below its fork (an earlier
		// fork's archive update) left canonical rows that every settled
		// checkpoint agrees with.
		for _, later := range reorgs {
			if later.ID > r.ID && later.ForkNumber <= r.ForkNumber {
				ok, err := canonicalVerified(ctx, db, chainID, cps, head.Number)
				if err != nil || ok {
					return ok, err // stop: the canonical rows are the honest history
				}
				break
			}
		}
		rewrite = &r
		p.fork, p.blocks, p.HonestTop = r.ForkNumber, blocks, top.NumberU64()
		p.Rewrite = &r.ForkNumber
		return true, nil
	})
	if err != nil {
		return nil, err
	}

	slices.SortFunc(cps, func(a, b *store.Checkpoint) int { return int(b.End) - int(a.End) })
	var leaves []common.Hash
	for _, c := range cps {
		if c.ChainID != chainID || c.State != store.StateSettled || c.End > p.HonestTop {
			continue
		}
		hashes, err := rangeHashes(ctx, db, p.fork, p.blocks, c.Start, c.End)
		if err != nil {
			return nil, err
		}
		root, _, err := anchor.Build(chainID, c.Start, hashes)
		if err != nil {
			return nil, err
		}
		if root != c.Root {
			log.Warn("fork: a settled checkpoint does not match the honest history", "index", c.Index, "start", c.Start, "end", c.End)
			continue
		}
		p.ForkHeight, p.ForkHash, p.RangeStart, p.Checkpoint, p.Root = c.End, hashes[len(hashes)-1], c.Start, c.Index, c.Root
		for i, h := range hashes {
			leaves = append(leaves, anchor.Leaf(chainID, c.Start+uint64(i), h))
		}
		break
	}
	if leaves == nil {
		return nil, ErrNoSettledCheckpoint
	}
	for _, c := range cps {
		if c.ChainID == chainID && c.End > p.ForkHeight && c.State != store.StateSettled {
			return nil, fmt.Errorf("%w: checkpoint %d (blocks %d-%d) is %s; start the node, wait until it is settled ('dualchain status'), stop the node and fork again",
				ErrCheckpointPending, c.Index, c.Start, c.End, c.State)
		}
	}
	if p.Proof, err = anchor.Proof(leaves, len(leaves)-1); err != nil {
		return nil, err
	}

	// The transactions to replay.
	signer := types.LatestSignerForChainID(new(big.Int).SetUint64(chainID))
	type key struct {
		from  common.Address
		nonce uint64
	}
	honest := map[common.Hash]bool{}
	used := map[key]bool{}
	note := func(tx *types.Transaction) {
		honest[tx.Hash()] = true
		if from, err := types.Sender(signer, tx); err == nil {
			used[key{from, tx.Nonce()}] = true
		}
	}
	if p.ForkHeight < p.fork {
		// Canonical, honest rows above the fork height.
		bs, _, err := db.ArchivedBlocks(ctx, p.ForkHeight+1, p.fork)
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			p.addBatch(b, b.Transactions())
			p.HonestTxs += len(b.Transactions())
			for _, tx := range b.Transactions() {
				note(tx)
			}
		}
	}
	for _, b := range p.blocks {
		if b.NumberU64() > p.ForkHeight {
			p.addBatch(b, b.Transactions())
			p.HonestTxs += len(b.Transactions())
		}
		for _, tx := range b.Transactions() {
			note(tx)
		}
	}
	if rewrite != nil {
		// The rewritten chain's own blocks (the archive's canonical rows
		// above the rewrite's fork): honest writes made after the attack
		// are kept; a transaction with an honest one's sender and nonce is
		// the attacker's substitute.
		bs, _, err := db.ArchivedBlocks(ctx, rewrite.ForkNumber+1, head.Number)
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			var later []*types.Transaction
			for _, tx := range b.Transactions() {
				if honest[tx.Hash()] {
					continue
				}
				from, err := types.Sender(signer, tx)
				if err != nil || used[key{from, tx.Nonce()}] {
					p.Substitutes = append(p.Substitutes, tx.Hash())
					continue
				}
				later = append(later, tx)
			}
			p.addBatch(b, later)
			p.LaterTxs += len(later)
		}
	}
	return p, nil
}

// canonicalVerified reports whether the archive's canonical rows reproduce
// the root of every settled checkpoint of this node up to head.
func canonicalVerified(ctx context.Context, db *store.DB, chainID uint64, cps []*store.Checkpoint, head uint64) (bool, error) {
	for _, c := range cps {
		if c.ChainID != chainID || c.State != store.StateSettled || c.End > head {
			continue
		}
		hashes, err := db.BlockHashes(ctx, c.Start, c.End)
		if err != nil {
			return false, err
		}
		root, _, err := anchor.Build(chainID, c.Start, hashes)
		if err != nil || root != c.Root {
			return false, err
		}
	}
	return true, nil
}

// addBatch adds txs of archived block b to the replay, at b's time.
func (p *ForkPlan) addBatch(b *types.Block, txs []*types.Transaction) {
	if len(txs) > 0 {
		p.Replay = append(p.Replay, devchain.ReplayBatch{Time: b.Time(), Txs: txs})
	}
}

// history returns blocks from..to of the honest history, with the hashes
// the archive recorded for them.
func (p *ForkPlan) history(ctx context.Context, db *store.DB, from, to uint64) ([]*types.Block, []common.Hash, error) {
	var blocks []*types.Block
	var hashes []common.Hash
	if from <= p.fork {
		bs, hs, err := db.ArchivedBlocks(ctx, from, min(to, p.fork))
		if err != nil {
			return nil, nil, err
		}
		blocks, hashes = bs, hs
	}
	for _, b := range p.blocks {
		if n := b.NumberU64(); n >= from && n <= to {
			// Replaced blocks are stored by their hash: the hash is the
			// block's own.
			blocks, hashes = append(blocks, b), append(hashes, b.Hash())
		}
	}
	return blocks, hashes, nil
}

// ForkConfig is what Fork needs.
type ForkConfig struct {
	DB *store.DB
	// Successor configures the successor working chain: the original's
	// chain id, seed, accounts and gas limit (they make the genesis), and a
	// DataDir that does not exist yet. Ports and sealing are Fork's.
	Successor devchain.Config
	// Verification sends the declaration from this node's member account
	// to the AnchorRegistry at Registry.
	Verification *chain.Sender
	Registry     common.Address
	// Install, if set, makes the successor the node's working chain once it
	// is built, replayed and declared (the CLI swaps the data directories);
	// the archive follows the successor only after it succeeded.
	Install func(ctx context.Context) error
	// Progress hears the import's progress (blocks done, of total).
	Progress func(done, total uint64)
	Logger   *slog.Logger
}

// SuccessorGenesis identifies a dev-mode successor chain in the fork
// declaration (its keccak256 is the declared genesis hash). The successor
// has no new consensus genesis, unlike a consortium's CometBFT one: it is
// the old execution chain's genesis and history up to the fork block,
// continued by this node's sealer for the members named.
type SuccessorGenesis struct {
	ChainID          uint64           `json:"chainId"`
	ParentChainID    uint64           `json:"parentChainId"`
	ExecutionChainID uint64           `json:"executionChainId"`
	ExecutionGenesis common.Hash      `json:"executionGenesis"`
	InitialHeight    uint64           `json:"initialHeight"`
	ForkBlockHash    common.Hash      `json:"forkBlockHash"`
	Sealer           common.Address   `json:"sealer"`
	Members          []common.Address `json:"members"`
}

// ForkResult says what Fork did.
type ForkResult struct {
	Plan *ForkPlan `json:"plan"`
	// Imported blocks 1..ForkHeight into DataDir; Replayed of the plan's
	// transactions are in the successor's blocks above it (NotReplayed
	// were refused by its pool or left waiting, with why).
	DataDir       string            `json:"dataDir"`
	Imported      uint64            `json:"importedBlocks"`
	Replayed      int               `json:"replayed"`
	NotReplayed   map[string]string `json:"notReplayed,omitempty"`
	SuccessorHead uint64            `json:"successorHead"`
	SuccessorHash common.Hash       `json:"successorHash"`
	// The declaration on the verification chain.
	NewChainID  uint64           `json:"newChainId"`
	Genesis     SuccessorGenesis `json:"genesis"`
	GenesisHash common.Hash      `json:"genesisHash"`
	DeclareTx   common.Hash      `json:"declareTx"`
	// ArchiveFork is where the archive now leaves the old history for the
	// successor's (recorded as a reorg that reproduces every checkpoint up
	// to the fork height, which the guard treats as a restore);
	// ArchiveReplaced how many archived rows moved to the replaced blocks.
	ArchiveFork     uint64  `json:"archiveFork"`
	ArchiveReplaced int     `json:"archiveReplaced"`
	RebuildMs       float64 `json:"rebuildMs"`
	ReplayMs        float64 `json:"replayMs"`
	DeclareMs       float64 `json:"declareMs"`
	TotalMs         float64 `json:"totalMs"`
}

// Fork builds the successor working chain in cfg.Successor.DataDir from
// this node's archive (PlanFork says from what), replays the honest
// transactions after the fork height on it, declares it on the
// AnchorRegistry (declareFork with the Merkle proof of the fork block in
// this node's settled checkpoint), installs it (cfg.Install) and makes the
// archive and the EMR index follow it. The node must be stopped: the
// archive is changed under it. Before the declaration any failure removes
// the successor directory and leaves everything as it was.
func Fork(ctx context.Context, cfg ForkConfig) (res *ForkResult, err error) {
	began := time.Now()
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.DB == nil || cfg.Verification == nil || cfg.Registry == (common.Address{}) || cfg.Successor.DataDir == "" {
		return nil, errors.New("respond: fork: the node database, a verification sender, the registry and a successor data dir are required")
	}
	chainID := cfg.Successor.ChainID
	plan, err := PlanFork(ctx, cfg.DB, chainID, log)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(cfg.Successor.DataDir); err == nil {
		return nil, fmt.Errorf("respond: fork: %s already exists; move it aside", cfg.Successor.DataDir)
	}
	res = &ForkResult{Plan: plan, DataDir: cfg.Successor.DataDir, NotReplayed: map[string]string{}}
	declared := false
	defer func() {
		if err != nil && !declared {
			if rmErr := os.RemoveAll(cfg.Successor.DataDir); rmErr != nil {
				log.Warn("fork: could not remove the unfinished successor", "dir", cfg.Successor.DataDir, "err", rmErr)
			}
		}
	}()
	rewriteFork := "none"
	if plan.Rewrite != nil {
		rewriteFork = fmt.Sprint(*plan.Rewrite)
	}
	log.Warn("hard fork: rebuilding the working chain from the archive", "fork_height", plan.ForkHeight, "fork_hash", plan.ForkHash,
		"rewrite_fork", rewriteFork, "replay", plan.HonestTxs+plan.LaterTxs, "substitutes_dropped", len(plan.Substitutes))

	// 1. The successor, up to the fork height, from the archive.
	rc, err := devchain.RebuildConfigFor(cfg.Successor)
	if err != nil {
		return nil, err
	}
	rc.To, rc.Progress, rc.Logger = plan.ForkHeight, cfg.Progress, log
	rc.Blocks = func(ctx context.Context, from, to uint64) ([]*types.Block, []common.Hash, error) {
		return plan.history(ctx, cfg.DB, from, to)
	}
	rb, err := devchain.Rebuild(ctx, rc)
	if err != nil {
		return nil, fmt.Errorf("respond: fork: %w", err)
	}
	if rb.HeadHash != plan.ForkHash {
		return nil, fmt.Errorf("respond: fork: the rebuilt fork block is %s, the checkpoint holds %s", rb.HeadHash, plan.ForkHash)
	}
	res.Imported = rb.Imported
	res.RebuildMs = msSince(began)

	// 2. The honest transactions after the fork height.
	replayed := time.Now()
	sc := cfg.Successor
	sc.HTTPPort, sc.WSPort, sc.NoFinality = -1, -1, true
	sc.Period = time.Hour // only Replay seals while the fork runs
	succ, err := devchain.New(sc)
	if err != nil {
		return nil, err
	}
	if err := succ.Start(ctx); err != nil {
		return nil, fmt.Errorf("respond: fork: start the successor: %w", err)
	}
	newBlocks, err := replay(ctx, succ, plan, res)
	succ.Close()
	if err != nil {
		return nil, err
	}
	res.ReplayMs = msSince(replayed)

	// 3. The declaration.
	declaring := time.Now()
	reg := bindings.NewAnchorRegistry()
	succs, err := chain.Call(ctx, cfg.Verification, cfg.Registry, reg.PackSuccessors(chainID), reg.UnpackSuccessors)
	if err != nil {
		return nil, fmt.Errorf("respond: fork: read the registry's successors of chain %d: %w", chainID, err)
	}
	res.NewChainID = chainID*1000 + uint64(len(succs)) + 1
	member := cfg.Verification.From()
	res.Genesis = SuccessorGenesis{ChainID: res.NewChainID, ParentChainID: chainID, ExecutionChainID: chainID, ExecutionGenesis: rb.Genesis,
		InitialHeight: plan.ForkHeight + 1, ForkBlockHash: plan.ForkHash, Sealer: succ.Accounts()[0].Address, Members: []common.Address{member}}
	doc, err := json.Marshal(res.Genesis)
	if err != nil {
		return nil, err
	}
	res.GenesisHash = crypto.Keccak256Hash(doc)
	proof := make([][32]byte, len(plan.Proof))
	for i, h := range plan.Proof {
		proof[i] = h
	}
	rcpt, err := cfg.Verification.Transact(ctx, cfg.Registry, reg.PackDeclareFork(chainID, plan.RangeStart, plan.ForkHeight, plan.ForkHash, proof,
		res.NewChainID, res.GenesisHash, res.Genesis.Members))
	if err != nil {
		return nil, fmt.Errorf("respond: fork: declareFork on the verification chain: %w", err)
	}
	declared = true
	res.DeclareTx, res.DeclareMs = rcpt.TxHash, msSince(declaring)

	// 4. The successor becomes the working chain; the archive follows.
	if cfg.Install != nil {
		if err := cfg.Install(ctx); err != nil {
			return res, fmt.Errorf("respond: fork: declared (tx %s) but not installed: %w; the successor is in %s", res.DeclareTx, err, cfg.Successor.DataDir)
		}
	}
	if err := followSuccessor(ctx, cfg.DB, plan, newBlocks, res); err != nil {
		return res, fmt.Errorf("respond: fork: the successor is installed, but its archive was not updated (the node's follower will catch up, and may raise a rewrite incident): %w", err)
	}
	res.TotalMs = msSince(began)
	log.Warn("hard fork done", "fork_height", plan.ForkHeight, "imported", res.Imported, "replayed", res.Replayed, "successor_head", res.SuccessorHead,
		"new_chain_id", res.NewChainID, "declare_tx", res.DeclareTx, "total_ms", res.TotalMs)
	return res, nil
}

// replay re-sends the plan's transactions on the started successor and
// returns its blocks above the fork height.
func replay(ctx context.Context, succ *devchain.Chain, plan *ForkPlan, res *ForkResult) ([]*types.Block, error) {
	rr, err := succ.Replay(ctx, plan.Replay)
	if err != nil {
		return nil, fmt.Errorf("respond: fork: replay: %w", err)
	}
	res.Replayed = len(rr.Included)
	for h, why := range rr.Rejected {
		res.NotReplayed[h.Hex()] = why
	}
	for _, h := range rr.Waiting {
		res.NotReplayed[h.Hex()] = "waits for an earlier nonce of its sender that is not in the archive"
	}
	client := succ.Client()
	head, err := client.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	res.SuccessorHead, res.SuccessorHash = head.Number.Uint64(), head.Hash()
	var out []*types.Block
	for n := plan.ForkHeight + 1; n <= res.SuccessorHead; n++ {
		b, err := client.BlockByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			return nil, fmt.Errorf("respond: fork: read successor block %d: %w", n, err)
		}
		out = append(out, b)
	}
	return out, nil
}

// followSuccessor makes the archive's canonical history the successor's:
// from the highest height where both agree, the old rows move to the
// replaced blocks (kept as evidence, and recorded as a reorg) and the
// successor's blocks take their place; the EMR index is rewound to that
// height so that its next sync rescans the rest. The restarted node's
// follower then finds nothing to change, and every checkpoint up to the
// fork height still matches the archive: nothing new is raised.
func followSuccessor(ctx context.Context, db *store.DB, plan *ForkPlan, newBlocks []*types.Block, res *ForkResult) error {
	head, err := db.Head(ctx)
	if err != nil {
		return err
	}
	// The archive's canonical rows are the honest history up to plan.fork
	// (above it, after a rewrite, the attacker's); the successor is the
	// honest history up to the fork height, then new blocks.
	p := min(plan.ForkHeight, plan.fork)
	honest, _, err := plan.history(ctx, db, p+1, plan.ForkHeight)
	if err != nil {
		return err
	}
	blocks := append(honest, newBlocks...)
	hash, err := db.BlockHash(ctx, p)
	if err != nil {
		return err
	}
	if err := db.RewindEMRCursor(ctx, p, hash); err != nil {
		return err
	}
	if len(blocks) == 0 && head.Number <= p {
		res.ArchiveFork = p
		return nil
	}
	reorg, err := db.ApplyBlocks(ctx, p, blocks)
	if err != nil {
		return err
	}
	res.ArchiveFork = p
	if reorg != nil {
		res.ArchiveReplaced = reorg.Depth()
	}
	return nil
}

func msSince(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }
