package chain_test

import (
	"context"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// watcher starts a receipt watcher on c that never polls within a test
// (maxPoll an hour): every receipt it returns came from its head scans.
func watcher(t *testing.T, c *devchain.Chain, maxPoll time.Duration) *chain.Receipts {
	t.Helper()
	r, err := chain.NewReceipts(context.Background(), c.Client(), maxPoll, testenv.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

// sameReceipt fails unless got is the node's canonical receipt of hash.
func sameReceipt(t *testing.T, ctx context.Context, c *devchain.Chain, hash common.Hash, got *types.Receipt) {
	t.Helper()
	want, err := c.Client().TransactionReceipt(ctx, hash)
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || got.TxHash != hash || got.BlockHash != want.BlockHash || got.Status != types.ReceiptStatusSuccessful || got.GasUsed != want.GasUsed {
		t.Fatalf("receipt of %s = %+v, want %+v", hash, got, want)
	}
}

// TestReceiptsConcurrentSenders: eight senders of one process share a
// watcher; every transaction's receipt reaches its sender, from the scans
// alone, and is the node's.
func TestReceiptsConcurrentSenders(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	c := testenv.StartChain(t, 7102, "")
	w := watcher(t, c, time.Hour)
	to := common.HexToAddress("0x00000000000000000000000000000000000000bb")
	const senders, each = 8, 6
	var wg sync.WaitGroup
	errs := make(chan error, senders)
	for i := range senders {
		snd, err := chain.NewSender(ctx, c.Client(), c.Accounts()[i].Key, chain.SenderConfig{Receipts: w})
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				tx, err := snd.Send(ctx, &to, nil, big.NewInt(1))
				if err != nil {
					errs <- err
					return
				}
				r, err := snd.Wait(ctx, tx.Hash())
				if err != nil {
					errs <- err
					return
				}
				sameReceipt(t, ctx, c, tx.Hash(), r)
			}
		}()
	}
	wg.Wait()
	h := w.Head() // right after the last Wait: well within headFresh of the last head
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if bal, err := c.Client().BalanceAt(ctx, to, nil); err != nil || bal.Int64() != senders*each {
		t.Fatalf("balance = %v, %v; want %d", bal, err, senders*each)
	}
	// The senders priced with the heads the watcher was sent: the last
	// one is the chain's head.
	head, err := c.Client().HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h == nil || h.Hash() != head.Hash() {
		t.Fatalf("watcher's head = %v, chain's = %d %s", h, head.Number, head.Hash())
	}
}

// TestReceiptsMinedBeforeWait: a transaction mined in a block read for
// another waiter is found at once when its own Wait starts later; one
// mined while nobody waited is found by polling.
func TestReceiptsMinedBeforeWait(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	c := testenv.StartChainConfig(t, devchain.Config{ChainID: 7103, SealDelay: 200 * time.Millisecond})
	w := watcher(t, c, time.Hour)
	a, b := testenv.Sender(t, c, 0), testenv.Sender(t, c, 1)
	to := common.HexToAddress("0x00000000000000000000000000000000000000cc")
	txA, err := a.Send(ctx, &to, nil, big.NewInt(1))
	if err != nil {
		t.Fatal(err)
	}
	txB, err := b.Send(ctx, &to, nil, big.NewInt(1)) // same block: sealing waits 200 ms
	if err != nil {
		t.Fatal(err)
	}
	rA, err := w.Wait(ctx, txA.Hash())
	if err != nil {
		t.Fatal(err)
	}
	rB, err := w.Wait(ctx, txB.Hash()) // no poll within the hour: kept from A's block
	if err != nil {
		t.Fatal(err)
	}
	if rA.BlockHash != rB.BlockHash {
		t.Skip("the two transactions landed in different blocks; the case is not set up")
	}
	sameReceipt(t, ctx, c, txB.Hash(), rB)

	// Mined with nobody waiting: the watcher did not read the block, and
	// the wait polls.
	polling := watcher(t, c, 20*time.Millisecond)
	txC, err := a.Send(ctx, &to, nil, big.NewInt(1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chain.WaitReceipt(ctx, c.Client(), txC.Hash(), 20*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	rC, err := polling.Wait(ctx, txC.Hash())
	if err != nil {
		t.Fatal(err)
	}
	sameReceipt(t, ctx, c, txC.Hash(), rC)

	// After Close, waits still end, by polling.
	polling.Close()
	txD, err := b.Send(ctx, &to, nil, big.NewInt(1))
	if err != nil {
		t.Fatal(err)
	}
	rD, err := polling.Wait(ctx, txD.Hash())
	if err != nil {
		t.Fatal(err)
	}
	sameReceipt(t, ctx, c, txD.Hash(), rD)
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := w.Wait(short, common.Hash{1}); err == nil {
		t.Fatal("a wait for a transaction that never existed returned")
	}
}
