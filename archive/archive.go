// Package archive keeps a node's own copy of the working chain: it follows
// the chain's head (a subscription where the endpoint offers one, polling
// always as a fallback), stores every canonical block with its full body in
// the node database, and notices reorganizations, keeping the blocks they
// replaced as evidence. The guard compares this archive with the
// checkpoints; restore and hard fork re-import blocks from it.
package archive

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"time"

	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"
)

// Source is what the follower reads from the working chain: standard
// eth_getBlockByNumber calls.
type Source interface {
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	BlockByNumber(ctx context.Context, number *big.Int) (*types.Block, error)
}

// HeadSubscriber is implemented by sources that can push new heads
// (eth_subscribe over WebSocket or in-process). Optional.
type HeadSubscriber interface {
	SubscribeNewHead(ctx context.Context, ch chan<- *types.Header) (ethereum.Subscription, error)
}

// Config tunes a Follower. The zero value is usable.
type Config struct {
	// PollInterval is how often the head is polled even when subscribed;
	// default 1 s.
	PollInterval time.Duration
	// Batch is the most blocks fetched and stored per transaction; default 256.
	Batch  int
	Logger *slog.Logger
}

// Update reports one change to the archive.
type Update struct {
	// From..To are the heights appended (To < From when none).
	From, To uint64
	// Reorg is set when archived blocks were replaced.
	Reorg *store.Reorg
	// SeenAt is when the follower learned of the new head.
	SeenAt time.Time
}

// ErrWrongChain means the source's genesis differs from the archive's.
var ErrWrongChain = errors.New("archive: the working chain's genesis differs from the archived one")

// Follower archives a working chain. Run owns its goroutine; Sync may also
// be called directly (tests, startup). Methods are safe for concurrent use.
type Follower struct {
	cfg Config
	src Source
	db  *store.DB
	log *slog.Logger

	syncMu sync.Mutex // serializes Sync

	mu   sync.Mutex // protects subs
	subs map[chan Update]struct{}
}

// New returns a follower that archives src into db.
func New(cfg Config, src Source, db *store.DB) *Follower {
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Second
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 256
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Follower{cfg: cfg, src: src, db: db, log: cfg.Logger.With("component", "archive"), subs: map[chan Update]struct{}{}}
}

// Subscribe returns a channel of updates and a function that ends the
// subscription. A subscriber that falls 64 updates behind misses updates
// (it can always re-read the archive); the follower never blocks on it.
func (f *Follower) Subscribe() (<-chan Update, func()) {
	ch := make(chan Update, 64)
	f.mu.Lock()
	f.subs[ch] = struct{}{}
	f.mu.Unlock()
	return ch, func() {
		f.mu.Lock()
		delete(f.subs, ch)
		f.mu.Unlock()
	}
}

func (f *Follower) publish(u Update) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for ch := range f.subs {
		select {
		case ch <- u:
		default:
		}
	}
}

// Run follows the chain until ctx ends. RPC failures are logged and
// retried at the poll interval; only ErrWrongChain stops it.
func (f *Follower) Run(ctx context.Context) error {
	heads := make(chan *types.Header, 16)
	if hs, ok := f.src.(HeadSubscriber); ok {
		if sub, err := hs.SubscribeNewHead(ctx, heads); err == nil {
			defer sub.Unsubscribe()
		} else {
			f.log.Info("head subscription unavailable; polling", "err", err, "interval", f.cfg.PollInterval)
		}
	}
	tick := time.NewTicker(f.cfg.PollInterval)
	defer tick.Stop()
	for {
		if _, err := f.Sync(ctx); err != nil {
			if errors.Is(err, ErrWrongChain) {
				return err
			}
			if ctx.Err() != nil {
				return nil
			}
			f.log.Warn("archive sync failed; will retry", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-heads:
		case <-tick.C:
		}
	}
}

// Sync brings the archive up to the source's current head once and
// returns the updates applied (appends and at most one reorg per batch).
func (f *Follower) Sync(ctx context.Context) ([]Update, error) {
	f.syncMu.Lock()
	defer f.syncMu.Unlock()
	seen := time.Now()
	head, err := f.src.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("archive: read head: %w", err)
	}
	target := head.Number.Uint64()
	fork, empty, err := f.forkPoint(ctx, target)
	if err != nil {
		return nil, err
	}
	var updates []Update
	next := fork + 1
	if empty {
		next = 0
	}
	if !empty && next > target {
		// The chain is now at or below the fork point: drop what it no
		// longer has, if anything.
		reorg, err := f.db.ApplyBlocks(ctx, fork, nil)
		if err != nil {
			return nil, err
		}
		if reorg != nil {
			u := Update{From: next, To: target, Reorg: reorg, SeenAt: seen}
			f.log.Warn("working chain reorganized to a shorter history", "fork", reorg.ForkNumber, "depth", reorg.Depth())
			f.publish(u)
			updates = append(updates, u)
		}
		return updates, nil
	}
	for next <= target {
		end := min(target, next+uint64(f.cfg.Batch)-1)
		blocks := make([]*types.Block, 0, end-next+1)
		for n := next; n <= end; n++ {
			b, err := f.src.BlockByNumber(ctx, new(big.Int).SetUint64(n))
			if err != nil {
				return updates, fmt.Errorf("archive: fetch block %d: %w", n, err)
			}
			blocks = append(blocks, b)
		}
		reorg, err := f.db.ApplyBlocks(ctx, next-1, blocks)
		if errors.Is(err, store.ErrNotContiguous) {
			// The chain moved under us; the next round finds the new fork.
			f.log.Debug("chain changed while fetching; retrying", "err", err)
			return updates, nil
		}
		if err != nil {
			return updates, err
		}
		u := Update{From: next, To: end, Reorg: reorg, SeenAt: seen}
		if reorg != nil {
			f.log.Warn("working chain reorganized", "fork", reorg.ForkNumber, "depth", reorg.Depth(), "old_head", reorg.OldHead, "new_head", reorg.NewHead)
		}
		f.publish(u)
		updates = append(updates, u)
		next = end + 1
	}
	return updates, nil
}

// forkPoint returns the highest archived height whose hash the source
// still has at that height (the archive head in the common case). empty
// reports an empty archive.
func (f *Follower) forkPoint(ctx context.Context, target uint64) (uint64, bool, error) {
	ah, err := f.db.Head(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return 0, true, nil
	}
	if err != nil {
		return 0, false, err
	}
	n := min(ah.Number, target)
	for {
		archived, err := f.db.BlockHash(ctx, n)
		if err != nil {
			return 0, false, err
		}
		h, err := f.src.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			return 0, false, fmt.Errorf("archive: read header %d: %w", n, err)
		}
		if h.Hash() == archived {
			return n, false, nil
		}
		if n == 0 {
			return 0, false, fmt.Errorf("%w (archived %s, chain %s)", ErrWrongChain, archived.TerminalString(), h.Hash().TerminalString())
		}
		n--
	}
}
