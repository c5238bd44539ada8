package consortium

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/dualchain/dualchain/devchain"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// BlockSource returns archived blocks from..to (inclusive, in order) and the
// hash the archive recorded for each (store.DB.ArchivedBlocks).
type BlockSource func(ctx context.Context, from, to uint64) ([]*types.Block, []common.Hash, error)

// RebuildGeth replaces a stopped validator's execution database with one
// rebuilt from its hospital's archive: a fresh geth from the consortium's
// genesis that re-executes archived blocks 1..to and must reproduce every
// archived hash (devchain.Rebuild). A hard fork starts the successor on it,
// so the successor's history up to the fork is what the hospital archived
// and its checkpoints cover, not whatever the validator's own database
// holds (which a colluder's rewrite, a disk fault or local tampering may
// have changed). The old database is kept as geth.replaced-TIME. On error
// nothing is replaced.
func RebuildGeth(ctx context.Context, cfg NodeConfig, to uint64, blocks BlockSource, logger *slog.Logger) (*devchain.RebuildResult, error) {
	dir := filepath.Join(cfg.Home, "geth")
	next := dir + ".successor"
	if err := os.RemoveAll(next); err != nil {
		return nil, err
	}
	accounts := devchain.DevAccounts(cfg.Seed, cfg.Accounts)
	res, err := devchain.Rebuild(ctx, devchain.RebuildConfig{
		Node:   devchain.NodeConfig(next, cfg.Host, -1, -1),
		Eth:    devchain.EthConfig(cfg.ChainID, cfg.GasLimit, accounts, cfg.CacheMB, cfg.Account, nil),
		To:     to,
		Blocks: blocks,
		Logger: logger,
	})
	if err != nil {
		os.RemoveAll(next)
		return nil, fmt.Errorf("consortium %s: rebuild from the archive: %w", cfg.Name, err)
	}
	stamp := strconv.FormatInt(time.Now().UnixNano(), 10)
	if err := os.Rename(dir, dir+".replaced-"+stamp); err != nil {
		os.RemoveAll(next)
		return nil, fmt.Errorf("consortium %s: keep the old execution database: %w", cfg.Name, err)
	}
	if err := os.Rename(next, dir); err != nil {
		return nil, fmt.Errorf("consortium %s: install the rebuilt execution database (the old one is %s): %w", cfg.Name, dir+".replaced-"+stamp, err)
	}
	return res, nil
}
