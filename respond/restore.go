// Package respond holds the responses to incidents: restoring the working
// chain to the history the checkpoints hold, from this node's archive.
package respond

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
)

// Chain is the working chain a restore acts on: in dev mode the in-process
// geth (devchain.Chain.Adopt); it imports blocks, makes them canonical and
// takes transactions back into its pool.
type Chain interface {
	Adopt(ctx context.Context, blocks []*types.Block, txs []*types.Transaction) (common.Hash, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	BlockByNumber(ctx context.Context, number *big.Int) (*types.Block, error)
}

// DevChain is the embedded dev working chain as Restore needs it: Adopt
// from the in-process geth, block reads from its client.
func DevChain(c *devchain.Chain) Chain { return devChain{c, c.Client()} }

type devChain struct {
	*devchain.Chain
	*ethclient.Client
}

// RestoreResult says what a restore did.
type RestoreResult struct {
	// ForkNumber is the last block both histories shared; the blocks above
	// it up to RestoredHead came back from the archive.
	ForkNumber   uint64      `json:"forkNumber"`
	Restored     int         `json:"restoredBlocks"`
	RestoredHead common.Hash `json:"restoredHead"`
	// Resent is how many transactions of the replaced (attacker's) blocks
	// were offered back to the pool: honest users' writes made after the
	// fork are kept; the attacker's substitutes fail on their used nonces.
	Resent int         `json:"resentTransactions"`
	Head   common.Hash `json:"head"`
	// Repaired are archive rows rewritten from the chain (local tampering).
	Repaired []uint64      `json:"repairedArchiveBlocks,omitempty"`
	Took     time.Duration `json:"took"`
	// Checkpoints are how many mirrored checkpoints agreed with the
	// restored history before it was adopted.
	Checkpoints int `json:"checkpointsMatched"`
}

// ErrNothingToRestore means no reorg of this node's archive replaced a
// history the checkpoints hold, and no archive row is damaged.
var ErrNothingToRestore = errors.New("respond: nothing to restore: the chain and this node's archive agree with the checkpoints")

// Restore puts back the history the checkpoints hold: it takes the most
// recent reorg whose replaced blocks (kept in the archive) agree with at
// least one mirrored checkpoint and none that covers only them disagrees,
// re-imports those blocks, makes them canonical, and offers the
// transactions of the blocks they displace back to the pool. Archive rows
// that no longer hash to their block are re-fetched from the chain.
func Restore(ctx context.Context, chain Chain, db *store.DB, chainID uint64, log *slog.Logger) (*RestoreResult, error) {
	began := time.Now()
	res := &RestoreResult{}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := repairArchive(ctx, chain, db, res); err != nil {
		return nil, err
	}
	var done bool
	err := eachHonestReorg(ctx, db, chainID, log, func(r store.ReorgRecord, blocks []*types.Block, matched int) (bool, error) {
		// Still the canonical history? Then this reorg was already undone.
		top := blocks[len(blocks)-1]
		if h, err := chain.HeaderByNumber(ctx, top.Number()); err == nil && h.Hash() == top.Hash() {
			return false, nil
		}
		var txs []*types.Transaction
		head, err := chain.HeaderByNumber(ctx, nil)
		if err != nil {
			return false, err
		}
		for n := r.ForkNumber + 1; n <= head.Number.Uint64(); n++ {
			b, err := chain.BlockByNumber(ctx, new(big.Int).SetUint64(n))
			if err != nil {
				return false, fmt.Errorf("respond: read block %d: %w", n, err)
			}
			txs = append(txs, b.Transactions()...)
		}
		newHead, err := chain.Adopt(ctx, blocks, txs)
		if err != nil {
			return false, err
		}
		res.ForkNumber, res.Restored, res.RestoredHead, res.Resent, res.Head = r.ForkNumber, len(blocks), top.Hash(), len(txs), newHead
		res.Checkpoints, res.Took = matched, time.Since(began)
		log.Warn("working chain restored from the archive", "fork", r.ForkNumber, "blocks", len(blocks), "resent_txs", len(txs), "took", res.Took)
		done = true
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if done {
		return res, nil
	}
	if len(res.Repaired) > 0 {
		res.Took = time.Since(began)
		return res, nil
	}
	return nil, ErrNothingToRestore
}

// eachHonestReorg calls f, newest first, with every reorg of the archive
// whose replaced history the checkpoints support: its replaced blocks
// (lowest first) reproduce at least one mirrored checkpoint and contradict
// none that lies within them, or no checkpoint covers the fork (an
// unanchored rewrite, where the archive is the only evidence). f returns
// true to stop. Restore and Fork both choose the history to put back so.
func eachHonestReorg(ctx context.Context, db *store.DB, chainID uint64, log *slog.Logger, f func(r store.ReorgRecord, blocks []*types.Block, matched int) (bool, error)) error {
	reorgs, err := db.Reorgs(ctx)
	if err != nil {
		return err
	}
	for i, r := range reorgs {
		blocks, err := honestBlocks(ctx, db, r)
		if err != nil {
			log.Debug("reorg not restorable from the archive", "fork", r.ForkNumber, "err", err)
			continue
		}
		if undid, err := undoes(ctx, db, blocks, reorgs[i+1:]); err != nil {
			return err
		} else if undid {
			log.Debug("reorg undid an earlier one (a restore): what it replaced is not the honest history", "fork", r.ForkNumber)
			continue
		}
		matched, mismatched, err := agreement(ctx, db, chainID, r.ForkNumber, blocks)
		if err != nil {
			return err
		}
		if mismatched > 0 || (matched == 0 && !unanchored(ctx, db, chainID, r.ForkNumber)) {
			continue
		}
		if stop, err := f(r, blocks, matched); err != nil || stop {
			return err
		}
	}
	return nil
}

// undoes says whether a reorg whose replaced blocks are replaced put back
// what one of the older reorgs had replaced: it replaced that reorg's new
// head, and that reorg's old head is canonical again. Such a reorg is a
// restore (or a fork's archive switch); what it replaced is the attacker's
// history, which unanchored agrees with no checkpoint and must never be
// "restored".
func undoes(ctx context.Context, db *store.DB, replaced []*types.Block, older []store.ReorgRecord) (bool, error) {
	gone := make(map[common.Hash]bool, len(replaced))
	for _, b := range replaced {
		gone[b.Hash()] = true
	}
	for _, o := range older {
		if !gone[o.NewHead] {
			continue
		}
		back, err := db.ReplacedBlock(ctx, o.OldHead)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return false, err
		}
		h, err := db.BlockHash(ctx, back.NumberU64())
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return false, err
		}
		if h == o.OldHead {
			return true, nil
		}
	}
	return false, nil
}

// honestBlocks walks the history a reorg replaced, from its old head back to
// the fork, through the archive's replaced blocks; lowest first.
func honestBlocks(ctx context.Context, db *store.DB, r store.ReorgRecord) ([]*types.Block, error) {
	var out []*types.Block
	h := r.OldHead
	for {
		b, err := db.ReplacedBlock(ctx, h)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
		if b.NumberU64() == r.ForkNumber+1 {
			break
		}
		if b.NumberU64() <= r.ForkNumber+1 {
			return nil, errors.New("replaced history does not reach the fork")
		}
		h = b.ParentHash()
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// agreement counts the mirrored checkpoints covering blocks above fork
// (and not beyond them) whose root the candidate history reproduces, and
// those it does not.
func agreement(ctx context.Context, db *store.DB, chainID, fork uint64, blocks []*types.Block) (matched, mismatched int, err error) {
	top := blocks[len(blocks)-1].NumberU64()
	cps, err := db.MirrorCheckpoints(ctx, chainID)
	if err != nil {
		return 0, 0, err
	}
	for _, c := range cps {
		if c.End <= fork || c.End > top {
			continue
		}
		hashes, err := rangeHashes(ctx, db, fork, blocks, c.Start, c.End)
		if err != nil {
			return 0, 0, err
		}
		root, _, err := anchor.Build(chainID, c.Start, hashes)
		if err != nil {
			return 0, 0, err
		}
		if root == c.Root {
			matched++
		} else {
			mismatched++
		}
	}
	return matched, mismatched, nil
}

// rangeHashes returns the hashes of heights start..end of a candidate
// history: the archive's canonical rows up to fork, then blocks (the
// history above fork, lowest first).
func rangeHashes(ctx context.Context, db *store.DB, fork uint64, blocks []*types.Block, start, end uint64) ([]common.Hash, error) {
	hashes := make([]common.Hash, 0, end-start+1)
	if start <= fork {
		below, err := db.BlockHashes(ctx, start, min(fork, end))
		if err != nil {
			return nil, err
		}
		hashes = append(hashes, below...)
	}
	for _, b := range blocks {
		if n := b.NumberU64(); n >= start && n <= end {
			hashes = append(hashes, b.Hash())
		}
	}
	return hashes, nil
}

// unanchored reports whether no checkpoint covers block fork+1 (an
// unanchored rewrite: the archive is the only evidence, and it is restored).
func unanchored(ctx context.Context, db *store.DB, chainID, fork uint64) bool {
	cov, err := db.MirrorCovering(ctx, chainID, fork+1)
	return err == nil && len(cov) == 0
}

// repairArchive re-fetches archive rows that no longer hash to their block.
func repairArchive(ctx context.Context, chain Chain, db *store.DB, res *RestoreResult) error {
	damaged, err := db.DamagedBlocks(ctx)
	if err != nil {
		return err
	}
	for _, n := range damaged {
		b, err := chain.BlockByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			return fmt.Errorf("respond: re-fetch block %d: %w", n, err)
		}
		if err := db.RepairBlock(ctx, b); err != nil {
			return err
		}
		res.Repaired = append(res.Repaired, n)
	}
	return nil
}
