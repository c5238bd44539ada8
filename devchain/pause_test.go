package devchain_test

import (
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// TestPauseResume: a paused working chain accepts transactions but seals
// none (on demand, by Commit or by Rewrite) until Resume, which seals what
// waited. A chain geth's beacon seals on a timer cannot be paused.
func TestPauseResume(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	c := testenv.StartChainConfig(t, devchain.Config{ChainID: 9920, HTTPPort: -1, WSPort: -1, NoFinality: true})
	c.Commit()
	head := c.Commit()
	if err := c.Pause(); err != nil || !c.Paused() {
		t.Fatalf("pause: %v, paused %v", err, c.Paused())
	}
	acct := c.Accounts()[2]
	signer := types.LatestSignerForChainID(big.NewInt(9920))
	tx := types.MustSignNewTx(acct.Key, signer, &types.DynamicFeeTx{ChainID: big.NewInt(9920), Nonce: 0, GasTipCap: big.NewInt(1e9),
		GasFeeCap: big.NewInt(100e9), Gas: 21000, To: &common.Address{1}, Value: big.NewInt(1)})
	if err := c.Client().SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if got := c.Commit(); got != head {
		t.Fatalf("Commit sealed %s while paused", got)
	}
	if _, err := c.Rewrite(head, nil); !errors.Is(err, devchain.ErrPaused) {
		t.Fatalf("Rewrite while paused: %v, want ErrPaused", err)
	}
	time.Sleep(100 * time.Millisecond) // well past the 5 ms seal delay
	if n, _ := c.Client().PendingTransactionCount(ctx); n != 1 {
		t.Fatalf("pending transactions while paused: %d, want 1", n)
	}
	if h, _ := c.Client().HeaderByNumber(ctx, nil); h.Hash() != head {
		t.Fatalf("head moved to %d while paused", h.Number)
	}
	c.Resume()
	testenv.WaitFor(t, 10*time.Second, func() error {
		if _, err := c.Client().TransactionReceipt(ctx, tx.Hash()); err != nil {
			return fmt.Errorf("not sealed after Resume: %v", err)
		}
		return nil
	})

	beacon := testenv.StartChainConfig(t, devchain.Config{ChainID: 9922, HTTPPort: -1, WSPort: -1, Period: time.Second})
	if err := beacon.Pause(); !errors.Is(err, devchain.ErrNotPausable) {
		t.Fatalf("pausing a beacon-sealed chain with a period: %v, want ErrNotPausable", err)
	}
}
