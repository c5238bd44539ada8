package devchain_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/internal/testenv"
)

// TestRewriteDeep rewrites 1,001 blocks while the archive follows: the
// attack simulator's deep rewrite, on a chain alone.
func TestRewriteDeep(t *testing.T) {
	ctx := testenv.Context(t, 2*time.Minute)
	c := testenv.StartChainConfig(t, devchain.Config{ChainID: 9911, DataDir: t.TempDir(), HTTPPort: -1, WSPort: -1, CacheMB: 32})
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
