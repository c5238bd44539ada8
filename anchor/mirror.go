package anchor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// LogSource is what the mirror reads from the verification chain: standard
// eth_getLogs and eth_getBlockByNumber.
type LogSource interface {
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
}

// MirrorConfig configures a Mirror.
type MirrorConfig struct {
	Registry common.Address
	// FromBlock is where scanning starts (the registry's deployment block).
	FromBlock uint64
	// ReorgWindow is how far back the mirror rescans when its last scanned
	// block is no longer canonical; default 128 (beyond Ethereum's finality).
	ReorgWindow uint64
	// Chunk bounds the blocks per eth_getLogs call; default 2,000.
	Chunk uint64
	// Tick is the pace of Run; default 1 s.
	Tick   time.Duration
	Logger *slog.Logger
}

// Mirror keeps the node database's copy of every member's checkpoints,
// from the registry's CheckpointSubmitted events, following reorgs of the
// verification chain.
type Mirror struct {
	cfg MirrorConfig
	src LogSource
	db  *store.DB
	reg *bindings.AnchorRegistry
	log *slog.Logger
}

// NewMirror returns a mirror of the registry on src into db.
func NewMirror(cfg MirrorConfig, src LogSource, db *store.DB) *Mirror {
	if cfg.ReorgWindow == 0 {
		cfg.ReorgWindow = 128
	}
	if cfg.Chunk == 0 {
		cfg.Chunk = 2000
	}
	if cfg.Tick <= 0 {
		cfg.Tick = time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Mirror{cfg: cfg, src: src, db: db, reg: bindings.NewAnchorRegistry(), log: cfg.Logger.With("component", "mirror")}
}

// Run syncs every Tick until ctx ends.
func (m *Mirror) Run(ctx context.Context) error {
	t := time.NewTicker(m.cfg.Tick)
	defer t.Stop()
	for {
		if err := m.Sync(ctx); err != nil && ctx.Err() == nil {
			m.log.Warn("checkpoint mirror sync failed; will retry", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Sync scans the verification chain up to its head.
func (m *Mirror) Sync(ctx context.Context) error {
	head, err := m.src.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("mirror: read head: %w", err)
	}
	from := m.cfg.FromBlock
	n, hash, err := m.db.MirrorCursor(ctx)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return err
	default:
		h, err := m.src.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil && !errors.Is(err, ethereum.NotFound) {
			return fmt.Errorf("mirror: read block %d: %w", n, err)
		}
		if h != nil && h.Hash() == hash {
			from = n + 1
		} else {
			// The last scanned block was reorganized away: rescan a window.
			from = max(m.cfg.FromBlock, n-min(n, m.cfg.ReorgWindow))
			m.log.Warn("verification chain reorganized under the mirror; rescanning", "from", from)
		}
	}
	top := head.Number.Uint64()
	rewind := from
	for from <= top {
		to := min(top, from+m.cfg.Chunk-1)
		logs, err := m.src.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
			Addresses: []common.Address{m.cfg.Registry},
			Topics:    [][]common.Hash{{m.reg.GetABI().Events["CheckpointSubmitted"].ID}},
		})
		if err != nil {
			return fmt.Errorf("mirror: logs %d-%d: %w", from, to, err)
		}
		var cps []store.MirrorCheckpoint
		for i := range logs {
			l := &logs[i]
			if l.Removed {
				continue
			}
			ev, err := m.reg.UnpackCheckpointSubmittedEvent(l)
			if err != nil {
				m.log.Warn("undecodable registry event", "tx", l.TxHash, "err", err)
				continue
			}
			cps = append(cps, store.MirrorCheckpoint{
				ChainID: ev.ChainId, Member: ev.Member, Index: ev.Index, Start: ev.Start, End: ev.End,
				Root: ev.Root, EndHash: ev.EndBlockHash, PrevHash: ev.PrevCheckpointHash, Hash: ev.CheckpointHash,
				TxHash: l.TxHash, LogIndex: l.Index, VBlock: l.BlockNumber, VBlockHash: l.BlockHash,
			})
		}
		toHeader := head
		if to != top {
			if toHeader, err = m.src.HeaderByNumber(ctx, new(big.Int).SetUint64(to)); err != nil {
				return fmt.Errorf("mirror: read block %d: %w", to, err)
			}
		}
		if err := m.db.ApplyMirror(ctx, rewind, cps, to, toHeader.Hash()); err != nil {
			return err
		}
		from, rewind = to+1, to+1
	}
	return nil
}
