package devchain_test

import (
	"context"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/ethereum/go-ethereum/rpc"
)

// TestRewriteDeep rewrites 1,001 blocks while the archive follows: the
// attack simulator's deep rewrite, on a chain alone.
func TestRewriteDeep(t *testing.T) {
	ctx := testenv.Context(t, 2*time.Minute)
	c := testenv.StartChainConfig(t, devchain.Config{ChainID: 9911, DataDir: t.TempDir(), HTTPPort: -1, WSPort: -1, CacheMB: 32, NoFinality: true})
	db := testenv.OpenStore(t)
	f := archive.New(archive.Config{}, c.Client(), db)
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go f.Run(rctx)
	for range 1010 {
		c.Commit()
	}
	parent, _ := c.Client().HeaderByNumber(ctx, big.NewInt(9))
	h, err := c.Rewrite(parent.Hash(), nil)
	t.Logf("rewrite: %v %v", h, err)
	if err != nil {
		t.Fatal(err)
	}
}

// TestRewriteAfterFreezer is the deep-rewrite failure seen only inside a
// running node: it needs the chain to live past geth's freezer pass (once a
// minute), which moves finalized blocks into the ancient store, where their
// numbers keep their hashes for good. A chain with the simulated beacon's
// finality then cannot rewrite below its finalized block; the working
// chain (NoFinality) keeps genesis as its only finalized block, freezes
// nothing and rewrites 1,001 blocks. Slow (about 70 s) because it waits for
// the freezer.
func TestRewriteAfterFreezer(t *testing.T) {
	if testing.Short() {
		t.Skip("waits a minute for geth's freezer")
	}
	ctx := testenv.Context(t, 4*time.Minute)
	final := testenv.StartChainConfig(t, devchain.Config{ChainID: 9912, DataDir: t.TempDir(), HTTPPort: -1, WSPort: -1})
	working := testenv.StartChainConfig(t, devchain.Config{ChainID: 9913, DataDir: t.TempDir(), HTTPPort: -1, WSPort: -1, NoFinality: true})
	for range 1010 {
		final.Commit()
		working.Commit()
	}
	// The finalized tag: an epoch boundary on the beacon-driven chain,
	// genesis on the working chain.
	fin, err := working.Client().HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
	if err != nil || fin.Number.Uint64() != 0 {
		t.Fatalf("working chain's finalized block: %v %v, want genesis", fin, err)
	}
	// Wait until geth's freezer has run on the chain with finality.
	testenv.WaitFor(t, 150*time.Second, func() error {
		if n, _ := final.Eth().ChainDb().Ancients(); n <= 1 {
			return fmt.Errorf("nothing frozen yet (%d)", n)
		}
		return nil
	})
	frozen, _ := final.Eth().ChainDb().Ancients()
	t.Logf("the chain with finality froze blocks below %d", frozen)
	if n, _ := working.Eth().ChainDb().Ancients(); n > 1 {
		t.Fatalf("the working chain froze blocks below %d; want none", n)
	}

	parent, err := final.Client().HeaderByNumber(ctx, big.NewInt(9))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := final.Rewrite(parent.Hash(), nil); err == nil {
		t.Fatal("rewrite below frozen blocks succeeded on the chain with finality")
	} else {
		t.Logf("chain with finality: %v", err)
	}

	parent, err = working.Client().HeaderByNumber(ctx, big.NewInt(9))
	if err != nil {
		t.Fatal(err)
	}
	oldHead, _ := working.Client().HeaderByNumber(ctx, nil)
	old10, _ := working.Client().HeaderByNumber(ctx, big.NewInt(10))
	head, err := working.Rewrite(parent.Hash(), nil)
	if err != nil {
		t.Fatalf("rewrite of 1,001 blocks on the working chain: %v", err)
	}
	got, err := working.Client().HeaderByNumber(ctx, big.NewInt(10))
	old, _ := working.Client().HeaderByHash(ctx, oldHead.Hash())
	if err != nil || got.ParentHash != parent.Hash() || got.Hash() == old10.Hash() || head == oldHead.Hash() || old == nil {
		t.Fatalf("after the rewrite: block 10 %v (%v), head %s, old head %v", got, err, head, old)
	}
	if newHead, _ := working.Client().HeaderByNumber(ctx, nil); newHead.Number.Cmp(oldHead.Number) <= 0 || newHead.Hash() != head {
		t.Fatalf("new head %d %s, want above %d and %s", newHead.Number, newHead.Hash(), oldHead.Number, head)
	}
}
