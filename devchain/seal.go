package devchain

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/beacon/engine"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/miner"
)

// A chain with Config.NoFinality (the working chain) is sealed by seal
// below, not by the simulated beacon's Commit, for one reason: the beacon declares every
// 32nd block finalized, and geth's chain freezer then moves the finalized
// blocks out of the key-value store into the append-only ancient store
// (once a minute). A frozen block's number maps to its hash for good: a
// later block at that height can be inserted but never made canonical
// (the engine API answers "safe block not in canonical chain", and
// BlockChain.SetCanonical leaves the frozen hash in place). The attack
// simulator's rewrites and restore's re-import must be able to replace any
// block this node could be asked to rewrite or put back, so the working
// chain's finalized block stays genesis and nothing is ever frozen (with
// no finality beyond genesis geth freezes only blocks 90,000 below the
// head).
// Chains with a period keep the simulated beacon and its Ethereum-like
// finality: the verification chain is never rewritten that deep.

// seal builds one block on the current head from the pool's executable
// transactions and makes it the head, as the engine API's forkchoice
// update, getPayload and newPayload would, without finalizing anything. It
// returns the new head. The caller holds sealMu.
func (c *Chain) seal(ctx context.Context) (common.Hash, error) {
	return c.sealAt(ctx, uint64(time.Now().Unix()))
}

// sealAt is seal with the block's timestamp ts (moved past the parent's if
// it is not later): a hard fork's replay gives each replayed block the time
// of the archived block it stands for.
func (c *Chain) sealAt(ctx context.Context, ts uint64) (common.Hash, error) {
	backend := c.backend
	bc := backend.BlockChain()
	if err := backend.TxPool().Sync(); err != nil {
		return common.Hash{}, fmt.Errorf("devchain %s: sync pool: %w", c.cfg.Name, err)
	}
	parent := bc.CurrentBlock()
	if ts <= parent.Time {
		ts = parent.Time + 1
	}
	var random common.Hash
	rand.Read(random[:])
	args := &miner.BuildPayloadArgs{
		Parent:       parent.Hash(),
		Timestamp:    ts,
		FeeRecipient: c.accounts[0].Address,
		Random:       random,
		Withdrawals:  types.Withdrawals{},
		BeaconRoot:   &common.Hash{},
		Version:      engine.PayloadV3,
	}
	payload, err := backend.Miner().BuildPayload(ctx, args, false)
	if err != nil {
		return common.Hash{}, fmt.Errorf("devchain %s: build block %d: %w", c.cfg.Name, parent.Number.Uint64()+1, err)
	}
	env := payload.ResolveFull()
	if env == nil || env.ExecutionPayload == nil {
		return common.Hash{}, fmt.Errorf("devchain %s: build block %d: %w", c.cfg.Name, parent.Number.Uint64()+1, errors.New("no payload"))
	}
	block, err := engine.ExecutableDataToBlock(*env.ExecutionPayload, []common.Hash{}, &common.Hash{}, env.Requests)
	if err != nil {
		return common.Hash{}, fmt.Errorf("devchain %s: block %d: %w", c.cfg.Name, env.ExecutionPayload.Number, err)
	}
	if _, err := bc.InsertBlockWithoutSetHead(ctx, block, false); err != nil {
		return common.Hash{}, fmt.Errorf("devchain %s: import block %d: %w", c.cfg.Name, block.NumberU64(), err)
	}
	if _, err := bc.SetCanonical(block); err != nil {
		return common.Hash{}, fmt.Errorf("devchain %s: make block %d canonical: %w", c.cfg.Name, block.NumberU64(), err)
	}
	// "safe" follows the head, as with the simulated beacon; "finalized"
	// stays genesis (see above).
	bc.SetSafe(block.Header())
	return block.Hash(), nil
}

// commitLocked seals one block with whichever sealer the chain uses and
// returns the head afterwards. A failure is logged and leaves the head
// where it was, as the simulated beacon's Commit does; so does a paused
// chain. The caller holds sealMu.
func (c *Chain) commitLocked() common.Hash {
	if c.paused.Load() {
		return c.backend.BlockChain().CurrentBlock().Hash()
	}
	if !c.cfg.NoFinality {
		return c.beacon.Commit()
	}
	h, err := c.seal(context.Background())
	if err != nil {
		c.log.Warn("sealing failed", "err", err)
		return c.backend.BlockChain().CurrentBlock().Hash()
	}
	return h
}

// frozenBelow returns the number of blocks in geth's ancient store: block
// numbers below it can no longer change their canonical hash. A data
// directory written by an older dualchain, whose working chain still
// declared finality, may hold some.
func (c *Chain) frozenBelow() uint64 {
	n, err := c.backend.ChainDb().Ancients()
	if err != nil {
		return 0
	}
	return n
}

// sealEvery seals one block per period (a chain with NoFinality and a
// period), empty or not, as geth's simulated beacon does for the others.
func (c *Chain) sealEvery(period time.Duration) {
	defer c.wg.Done()
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		c.sealMu.Lock()
		c.commitLocked()
		c.sealMu.Unlock()
	}
}

// ErrPaused is returned for work that needs a paused chain to seal.
var ErrPaused = errors.New("devchain: block production is paused")

// ErrNotPausable is returned by Pause on a chain geth's simulated beacon
// seals on a timer (a period without NoFinality): dualchain does not own
// that loop.
var ErrNotPausable = errors.New("devchain: only a chain dualchain seals itself (NoFinality, or no period) can be paused")

// Pause stops block production, as a working chain whose validators stop
// would: transactions are still accepted into the pool but none is
// included, Commit seals nothing and Rewrite fails, until Resume. The
// attack simulator's halt uses it. Pausing a paused chain is a no-op.
func (c *Chain) Pause() error {
	c.mu.Lock()
	started := c.backend != nil
	c.mu.Unlock()
	if !started {
		return errors.New("devchain: not started")
	}
	if c.cfg.Period > 0 && !c.cfg.NoFinality {
		return fmt.Errorf("devchain %s: %w", c.cfg.Name, ErrNotPausable)
	}
	c.sealMu.Lock()
	defer c.sealMu.Unlock()
	if !c.paused.Load() {
		c.paused.Store(true)
		c.log.Warn("block production paused")
	}
	return nil
}

// Resume restarts block production after Pause and, on an on-demand chain,
// seals what waited in the pool meanwhile. Resuming a running or closed
// chain is a no-op.
func (c *Chain) Resume() {
	c.mu.Lock()
	stopped := c.closed || c.backend == nil
	c.mu.Unlock()
	if stopped {
		return // a timed halt that outlived the chain
	}
	c.sealMu.Lock()
	defer c.sealMu.Unlock()
	if !c.paused.Load() {
		return
	}
	c.paused.Store(false)
	c.log.Info("block production resumed")
	if c.cfg.Period > 0 {
		return
	}
	pool := c.backend.TxPool()
	for range maxSealRounds {
		pool.Sync()
		if executable, _ := pool.Stats(); executable == 0 {
			break
		}
		c.commitLocked()
	}
}

// Paused reports whether block production is paused.
func (c *Chain) Paused() bool { return c.paused.Load() }
