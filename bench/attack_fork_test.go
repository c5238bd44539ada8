package bench

import (
	"flag"
	"testing"
	"time"

	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/ethereum/go-ethereum/common"
)

var forkBlocks = flag.Uint64("fork-blocks", 200, "TestTimeDevFork: blocks the chain grows by before the fork")

// TestTimeDevFork runs the hard-fork timing on a small dual-chain node:
// the fork rebuilds every anchored block, replays the honest write above
// the last checkpoint and declares the successor.
func TestTimeDevFork(t *testing.T) {
	ctx := testenv.Context(t, 5*time.Minute)
	dir := t.TempDir()
	s, err := startSystem(ctx, dir, systemConfig{Dual: true, ChainID: 7952, AnchorInterval: 16, AnchorMaxAge: 2 * time.Second, Logger: testenv.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	blocks := *forkBlocks
	if testing.Short() {
		blocks = 20
	}
	ms, res, err := timeDevFork(ctx, s, dir, blocks, testenv.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	pl := res.Plan
	t.Logf("hard fork at block %d: %.0f ms (rebuild %.0f ms for %d blocks, replay %.0f ms for %d of %d txs, declare %.0f ms)",
		pl.ForkHeight, ms, res.RebuildMs, res.Imported, res.ReplayMs, res.Replayed, pl.HonestTxs+pl.LaterTxs, res.DeclareMs)
	if ms <= 0 || res.Imported != pl.ForkHeight || pl.ForkHeight < blocks || pl.Rewrite == nil || res.DeclareTx == (common.Hash{}) || res.Replayed != pl.HonestTxs+pl.LaterTxs {
		t.Fatalf("fork: %+v", res)
	}
}
