package devchain_test

import (
	"context"
	"errors"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// TestRebuildAndReplay rebuilds a working chain from its blocks up to a
// fork height in a fresh data directory (same hashes), starts the successor
// on it and replays the transactions of the blocks above the fork height;
// a block whose recorded hash differs stops the rebuild.
func TestRebuildAndReplay(t *testing.T) {
	ctx := testenv.Context(t, 2*time.Minute)
	cfg := devchain.Config{ChainID: 9921, DataDir: t.TempDir(), HTTPPort: -1, WSPort: -1, CacheMB: 32, NoFinality: true}
	orig := testenv.StartChainConfig(t, cfg)
	s := testenv.Sender(t, orig, 1)
	to := orig.Accounts()[2].Address
	for range 12 {
		if _, err := s.Send(ctx, &to, nil, big.NewInt(1)); err != nil {
			t.Fatal(err)
		}
		orig.Commit()
	}
	for range 5 {
		orig.Commit()
	}
	head, err := orig.Client().BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []*types.Block
	for n := uint64(0); n <= head; n++ {
		b, err := orig.Client().BlockByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			t.Fatal(err)
		}
		blocks = append(blocks, b)
	}
	orig.Close()
	fork := head - 8
	source := func(_ context.Context, from, to uint64) ([]*types.Block, []common.Hash, error) {
		var hs []common.Hash
		for _, b := range blocks[from : to+1] {
			hs = append(hs, b.Hash())
		}
		return blocks[from : to+1], hs, nil
	}

	succ := cfg
	succ.DataDir = filepath.Join(t.TempDir(), "successor")
	rc, err := devchain.RebuildConfigFor(succ)
	if err != nil {
		t.Fatal(err)
	}
	rc.To, rc.Blocks, rc.Batch = fork, source, 4
	var progress []uint64
	rc.Progress = func(done, _ uint64) { progress = append(progress, done) }
	res, err := devchain.Rebuild(ctx, rc)
	if err != nil {
		t.Fatal(err)
	}
	if res.Head != fork || res.HeadHash != blocks[fork].Hash() || res.Imported != fork || len(progress) == 0 || progress[len(progress)-1] != fork {
		t.Fatalf("rebuild: %+v, progress %v", res, progress)
	}
	// A second rebuild into the same, now used, directory is refused.
	if _, err := devchain.Rebuild(ctx, rc); err == nil {
		t.Fatal("rebuild into a non-empty directory succeeded")
	}

	succ.Period = time.Hour // only Replay seals
	c := testenv.StartChainConfig(t, succ)
	for n := uint64(0); n <= fork; n++ {
		h, err := c.Client().HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil || h.Hash() != blocks[n].Hash() {
			t.Fatalf("successor block %d: %v %v, want %s", n, h, err, blocks[n].Hash())
		}
	}
	var batches []devchain.ReplayBatch
	txTime := map[common.Hash]uint64{}
	n := 0
	for _, b := range blocks[fork+1:] {
		batches = append(batches, devchain.ReplayBatch{Time: b.Time(), Txs: b.Transactions()})
		for _, tx := range b.Transactions() {
			txTime[tx.Hash()] = b.Time()
		}
		n += len(b.Transactions())
	}
	if n == 0 {
		t.Fatal("no transactions above the fork height to replay")
	}
	// One already in the successor (below the fork) is refused.
	batches = append(batches, devchain.ReplayBatch{Time: blocks[fork].Time(), Txs: blocks[fork].Transactions()})
	rr, err := c.Replay(ctx, batches)
	if err != nil {
		t.Fatal(err)
	}
	if len(rr.Included) != n || len(rr.Rejected) != len(blocks[fork].Transactions()) || len(rr.Waiting) != 0 {
		t.Fatalf("replay: %d included (want %d), rejected %v, waiting %v", len(rr.Included), n, rr.Rejected, rr.Waiting)
	}
	// Each replayed transaction is in a block with its original block's time.
	for _, h := range rr.Included {
		r, err := c.Client().TransactionReceipt(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		b, err := c.Client().HeaderByNumber(ctx, r.BlockNumber)
		if err != nil || b.Time != txTime[h] {
			t.Fatalf("replayed %s in block %d at %d, want time %d (%v)", h, r.BlockNumber, b.Time, txTime[h], err)
		}
	}

	// An archived block that does not hash to its recorded hash.
	bad := cfg
	bad.DataDir = filepath.Join(t.TempDir(), "bad")
	rc, _ = devchain.RebuildConfigFor(bad)
	rc.To = fork
	rc.Blocks = func(ctx context.Context, from, to uint64) ([]*types.Block, []common.Hash, error) {
		bs, hs, _ := source(ctx, from, to)
		hs = append([]common.Hash(nil), hs...)
		hs[0][0] ^= 1
		return bs, hs, nil
	}
	if _, err := devchain.Rebuild(ctx, rc); !errors.Is(err, devchain.ErrHashMismatch) {
		t.Fatalf("rebuild with a wrong archived hash: %v", err)
	}
}
