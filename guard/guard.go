// Package guard is a node's passive verification: it compares the working
// chain this node archived with the checkpoints every member anchored in
// the verification chain, on every archive update and in periodic full
// self-checks, and gives each block a status (unanchored, anchored,
// settled, or conflicting). Incident handling and response build on its
// findings.
package guard

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/big"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// Status is a working-chain block's verification state.
type Status string

// Block statuses.
const (
	Unanchored  Status = "unanchored"  // no checkpoint covers it yet
	Anchored    Status = "anchored"    // a checkpoint matching this node's archive covers it, not yet final
	Settled     Status = "settled"     // … and that checkpoint is in a finalized verification block
	Conflicting Status = "conflicting" // checkpoints cover it, none matches this node's archive
)

// Finality tells how far the verification chain is final.
type Finality interface {
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// Config configures a Guard.
type Config struct {
	ChainID uint64 // working chain
	// Confirmations, if set, treats blocks that deep as final instead of
	// asking for the finalized block.
	Confirmations uint64
	// FullCheck is the period of the full self-check; default 1 minute.
	FullCheck time.Duration
	// Working, if set, is the working chain: a mismatch between archive
	// and checkpoints is then classified (rewrite, lying member, local
	// tampering) by asking it for its canonical hashes.
	Working Headers
	// ReorgTolerance is how deep a working-chain reorg may be without an
	// incident. Default 0: the working chain has instant finality (CometBFT,
	// or the single dev sealer), so any replaced block was final.
	ReorgTolerance uint64
	// HaltAfter raises "working chain halted" when the archive head has not
	// moved for this long; 0 = never. With Pending set, only time during
	// which transactions wait for a block counts.
	HaltAfter time.Duration
	// Pending, if set, counts the transactions waiting for the working
	// chain's next block (its pending block). A chain that seals on demand
	// idles without them, so its halt is "transactions wait and no block
	// comes", not "no block comes".
	Pending PendingCounter
	// Content, if set, is checked every ContentCheck period (and on
	// demand, CheckContent and CheckContentSoon): stored record content
	// that no longer matches its CID raises local_data_tampered.
	Content ContentChecker
	// ContentCheck is the period of the content self-check, which re-reads
	// all pinned content; default 10 minutes.
	ContentCheck time.Duration
	// Notify, if set, hears every new incident (webhooks).
	Notify func(store.Incident)
	Logger *slog.Logger
}

// PendingCounter is what the guard asks the working chain to tell an idle
// on-demand chain from a halted one; ethclient.Client has it
// (eth_getBlockTransactionCountByNumber "pending").
type PendingCounter interface {
	PendingTransactionCount(ctx context.Context) (uint, error)
}

// Headers is what the guard reads from the working chain.
type Headers interface {
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// Mismatch is a mirrored checkpoint whose root disagrees with this node's
// archive: evidence of a rewritten history (or of a lying member).
type Mismatch struct {
	Checkpoint  store.MirrorCheckpoint
	ArchiveRoot common.Hash
	// EndDiffers reports whether the checkpoint's end block hash differs
	// from the archived one too.
	EndDiffers bool
}

// Report is the result of one verification pass.
type Report struct {
	Checked    int        // checkpoints compared with the archive
	Matched    int        // … that agree
	Pending    int        // checkpoints beyond the archive head
	Mismatches []Mismatch // checkpoints that disagree
	Took       time.Duration
}

// Guard verifies a node's archive against the mirrored checkpoints.
type Guard struct {
	cfg Config
	db  *store.DB
	fin Finality
	log *slog.Logger

	mu         sync.Mutex // protects last, lastHead, lastHeadAt, waitingSince, ranges, classified
	last       *Report
	ranges     map[[2]uint64]rangeResult
	classified map[classKey][2]string // kind and key of a mismatch already classified
	lastHead   uint64
	lastHeadAt time.Time
	// contentNow asks Run for a content self-check now (CheckContentSoon).
	contentNow chan struct{}
	// waitingSince is when transactions were first seen waiting on
	// lastHead (with Config.Pending); zero while none wait.
	waitingSince time.Time
	// noTxpool is set once txpool_status failed (see pendingCount).
	noTxpool atomic.Bool
}

// New returns a guard over db, asking fin for the verification chain's
// finality.
func New(cfg Config, db *store.DB, fin Finality) *Guard {
	if cfg.FullCheck <= 0 {
		cfg.FullCheck = time.Minute
	}
	if cfg.ContentCheck <= 0 {
		cfg.ContentCheck = 10 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Guard{cfg: cfg, db: db, fin: fin, log: cfg.Logger.With("component", "guard"), contentNow: make(chan struct{}, 1)}
}

// Verify compares every mirrored checkpoint with the archive (the full
// self-check).
func (g *Guard) Verify(ctx context.Context) (*Report, error) { return g.verify(ctx, 0) }

// rangeResult is what a pass learned of one checkpoint range of the archive.
type rangeResult struct {
	root   common.Hash
	endHsh common.Hash
}

// verify is Verify reusing what earlier passes computed for checkpoint
// ranges entirely below from (the archive changed only at or above it);
// from 0 recomputes everything.
func (g *Guard) verify(ctx context.Context, from uint64) (*Report, error) {
	began := time.Now()
	cps, err := g.db.MirrorCheckpoints(ctx, g.cfg.ChainID)
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	head, err := g.db.Head(ctx)
	if errors.Is(err, store.ErrNotFound) {
		rep.Pending = len(cps)
		return rep, nil
	}
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	if from == 0 || g.ranges == nil {
		g.ranges = map[[2]uint64]rangeResult{}
	}
	for k := range g.ranges {
		if k[1] >= from {
			delete(g.ranges, k)
		}
	}
	g.mu.Unlock()
	for _, c := range cps {
		if c.End > head.Number {
			rep.Pending++
			continue
		}
		key := [2]uint64{c.Start, c.End}
		g.mu.Lock()
		r, ok := g.ranges[key]
		g.mu.Unlock()
		if !ok {
			hashes, err := g.db.BlockHashes(ctx, c.Start, c.End)
			if errors.Is(err, store.ErrNotFound) {
				// The archive is re-filling these heights after a reorg
				// (it replaces a deep one batch by batch): its next update
				// brings another pass.
				rep.Pending++
				continue
			}
			if err != nil {
				return nil, err
			}
			if r.root, _, err = anchor.Build(g.cfg.ChainID, c.Start, hashes); err != nil {
				return nil, err
			}
			r.endHsh = hashes[len(hashes)-1]
			g.mu.Lock()
			g.ranges[key] = r
			g.mu.Unlock()
		}
		rep.Checked++
		if r.root == c.Root {
			rep.Matched++
			continue
		}
		rep.Mismatches = append(rep.Mismatches, Mismatch{Checkpoint: c, ArchiveRoot: r.root, EndDiffers: r.endHsh != c.EndHash})
		g.log.Debug("archive disagrees with an anchored checkpoint", "member", c.Member, "start", c.Start, "end", c.End,
			"anchored_root", c.Root, "archive_root", r.root, "verification_tx", c.TxHash)
	}
	rep.Took = time.Since(began)
	g.mu.Lock()
	g.last = rep
	g.mu.Unlock()
	g.classify(ctx, rep, cps)
	return rep, nil
}

// LastReport returns the most recent report, or nil.
func (g *Guard) LastReport() *Report {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.last
}

// BlockStatus returns the status of working-chain block number as this
// node sees it.
func (g *Guard) BlockStatus(ctx context.Context, number uint64) (Status, error) {
	cov, err := g.db.MirrorCovering(ctx, g.cfg.ChainID, number)
	if err != nil {
		return "", err
	}
	if len(cov) == 0 {
		return Unanchored, nil
	}
	var best *store.MirrorCheckpoint
	for i := range cov {
		hashes, err := g.db.BlockHashes(ctx, cov[i].Start, cov[i].End)
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			return "", err
		}
		root, _, err := anchor.Build(g.cfg.ChainID, cov[i].Start, hashes)
		if err != nil {
			return "", err
		}
		if root == cov[i].Root && (best == nil || cov[i].VBlock < best.VBlock) {
			best = &cov[i]
		}
	}
	if best == nil {
		return Conflicting, nil
	}
	final, err := g.final(ctx, best.VBlock)
	if err != nil {
		return "", err
	}
	if final {
		return Settled, nil
	}
	return Anchored, nil
}

func (g *Guard) final(ctx context.Context, vblock uint64) (bool, error) {
	f, err := g.FinalHeight(ctx)
	if err != nil {
		return false, err
	}
	return f >= vblock, nil
}

// FinalHeight is the highest verification-chain block this node counts as
// final: the finalized head, or with Confirmations the block that deep.
func (g *Guard) FinalHeight(ctx context.Context) (uint64, error) {
	if g.cfg.Confirmations > 0 {
		h, err := g.fin.HeaderByNumber(ctx, nil)
		if err != nil {
			return 0, fmt.Errorf("guard: verification head: %w", err)
		}
		if h.Number.Uint64()+1 < g.cfg.Confirmations {
			return 0, nil
		}
		return h.Number.Uint64() + 1 - g.cfg.Confirmations, nil
	}
	h, err := g.fin.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
	if err != nil {
		return 0, fmt.Errorf("guard: finalized block: %w", err)
	}
	return h.Number.Uint64(), nil
}

// NodeStatus is the dual-chain status of a node: its own anchoring, every
// member's anchored and settled heights, and the guard's last verdict.
type NodeStatus struct {
	*store.AnchorStatus
	WorkingChainID uint64                                 `json:"workingChainId"`
	Members        map[common.Address]store.MemberHeights `json:"members"`
	Verified       int                                    `json:"checkpointsVerified"`  // mirrored checkpoints that match the archive
	Mismatches     int                                    `json:"checkpointMismatches"` // … that do not
}

// Status returns the node's dual-chain status.
func (g *Guard) Status(ctx context.Context) (*NodeStatus, error) {
	st, err := g.db.AnchorStatus(ctx)
	if err != nil {
		return nil, err
	}
	out := &NodeStatus{AnchorStatus: st, WorkingChainID: g.cfg.ChainID}
	final, err := g.FinalHeight(ctx)
	if err != nil {
		g.log.Warn("status without finality", "err", err)
	}
	if out.Members, err = g.db.MirrorMemberStatus(ctx, g.cfg.ChainID, final); err != nil {
		return nil, err
	}
	if r := g.LastReport(); r != nil {
		out.Verified, out.Mismatches = r.Matched, len(r.Mismatches)
	}
	return out, nil
}

// Run verifies on every archive update from f and every FullCheck period,
// until ctx ends.
func (g *Guard) Run(ctx context.Context, f *archive.Follower) error {
	updates, stop := f.Subscribe()
	defer stop()
	t := time.NewTicker(g.cfg.FullCheck)
	defer t.Stop()
	ct := time.NewTicker(g.cfg.ContentCheck)
	defer ct.Stop()
	var halt <-chan time.Time
	if g.cfg.HaltAfter > 0 {
		ht := time.NewTicker(max(g.cfg.HaltAfter/4, 100*time.Millisecond))
		defer ht.Stop()
		halt = ht.C
	}
	from := uint64(0) // the first pass is a full one
	for {
		if _, err := g.verify(ctx, from); err != nil && ctx.Err() == nil {
			g.log.Warn("verification pass failed; will retry", "err", err)
			from = 0
		}
		select {
		case <-ctx.Done():
			return nil
		case u := <-updates:
			g.onReorg(ctx, u.Reorg, u.SeenAt)
			from = u.From
			if u.Reorg != nil {
				from = min(from, u.Reorg.ForkNumber+1)
			}
			// Coalesce a burst of updates into one pass.
			for drained := false; !drained; {
				select {
				case u := <-updates:
					g.onReorg(ctx, u.Reorg, u.SeenAt)
					from = min(from, u.From)
					if u.Reorg != nil {
						from = min(from, u.Reorg.ForkNumber+1)
					}
				default:
					drained = true
				}
			}
		case <-t.C:
			from = 0 // the periodic full self-check
		case <-ct.C:
			if _, err := g.CheckContent(ctx); err != nil && ctx.Err() == nil {
				g.log.Warn("content self-check failed; will retry", "err", err)
			}
			from = math.MaxUint64
		case <-g.contentNow:
			if _, err := g.CheckContent(ctx); err != nil && ctx.Err() == nil {
				g.log.Warn("content self-check failed", "err", err)
			}
			from = math.MaxUint64
		case <-halt:
			g.checkHalted(ctx)
			from = math.MaxUint64
		}
	}
}
