package devchain_test

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
)

func TestDevAccountsDeterministic(t *testing.T) {
	a := devchain.DevAccounts("seed", 3)
	b := devchain.DevAccounts("seed", 3)
	c := devchain.DevAccounts("other", 3)
	for i := range a {
		if a[i].Address != b[i].Address {
			t.Fatalf("account %d: got %s and %s for the same seed", i, a[i].Address, b[i].Address)
		}
		if a[i].Address == c[i].Address {
			t.Fatalf("account %d: seeds %q and %q gave the same address", i, "seed", "other")
		}
	}
	if a[0].Address == a[1].Address {
		t.Fatal("accounts 0 and 1 are equal")
	}
}

func TestChainServesRPCAndPersists(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	dir := t.TempDir()
	c := testenv.StartChain(t, 4242, dir)

	// Standard tools reach it over HTTP and WebSocket on 127.0.0.1.
	for _, url := range []string{c.HTTPEndpoint(), c.WSEndpoint()} {
		rc, err := rpc.DialContext(ctx, url)
		if err != nil {
			t.Fatalf("dial %s: %v", url, err)
		}
		ec := ethclient.NewClient(rc)
		id, err := ec.ChainID(ctx)
		if err != nil {
			t.Fatalf("eth_chainId over %s: %v", url, err)
		}
		if id.Uint64() != 4242 {
			t.Fatalf("eth_chainId over %s = %d, want 4242", url, id)
		}
		var netVersion, client string
		if err := rc.CallContext(ctx, &netVersion, "net_version"); err != nil || netVersion != "4242" {
			t.Fatalf("net_version over %s = %q, %v; want 4242", url, netVersion, err)
		}
		if err := rc.CallContext(ctx, &client, "web3_clientVersion"); err != nil || client == "" {
			t.Fatalf("web3_clientVersion over %s = %q, %v", url, client, err)
		}
		// Only eth, net and web3 are exposed: the simulated beacon's dev
		// namespace stays in-process.
		if err := rc.CallContext(ctx, nil, "dev_setFeeRecipient", common.Address{}); err == nil {
			t.Fatalf("dev_ namespace reachable over %s", url)
		}
		rc.Close()
	}

	// Prefunded dev accounts.
	acc := c.Accounts()
	bal, err := c.Client().BalanceAt(ctx, acc[1].Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bal.Cmp(devchain.DevBalance) != 0 {
		t.Fatalf("dev account balance = %s, want %s", bal, devchain.DevBalance)
	}

	// A transfer is sealed on demand.
	s := testenv.Sender(t, c, 0)
	to := common.HexToAddress("0x00000000000000000000000000000000000d1a11")
	tx, err := s.Send(ctx, &to, nil, big.NewInt(12345))
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Wait(ctx, tx.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != 1 {
		t.Fatalf("transfer status %d", r.Status)
	}
	head := r.BlockNumber.Uint64()
	if err := c.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	// Restart on the same data dir: block and balance are still there.
	c2 := testenv.StartChain(t, 4242, dir)
	n, err := c2.Client().BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n < head {
		t.Fatalf("after restart head = %d, want >= %d", n, head)
	}
	got, err := c2.Client().BalanceAt(ctx, to, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Int64() != 12345 {
		t.Fatalf("after restart balance = %s, want 12345", got)
	}
	// And it keeps producing blocks.
	tx, err = testenv.Sender(t, c2, 0).Send(ctx, &to, nil, big.NewInt(1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := testenv.Sender(t, c2, 0).Wait(ctx, tx.Hash()); err != nil {
		t.Fatal(err)
	}
	c2.Close()

	// The same directory opened as another chain is refused.
	other, err := devchain.New(devchain.Config{ChainID: 777, DataDir: dir, CacheMB: 16})
	if err != nil {
		t.Fatal(err)
	}
	err = other.Start(ctx)
	if !errors.Is(err, devchain.ErrForeignDataDir) {
		other.Close()
		t.Fatalf("start on another chain's dir: got %v, want ErrForeignDataDir", err)
	}
}

func TestConfigValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  devchain.Config
	}{
		{"zero chain id", devchain.Config{}},
		{"sub-second period", devchain.Config{ChainID: 1, Period: 500 * time.Millisecond}},
		{"negative period", devchain.Config{ChainID: 1, Period: -time.Second}},
		{"tiny cache", devchain.Config{ChainID: 1, CacheMB: 4}},
		{"bad port", devchain.Config{ChainID: 1, HTTPPort: 70000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := devchain.New(tc.cfg); err == nil {
				t.Fatal("got nil error, want a validation error")
			}
		})
	}
}

// TestFinalizedLags checks that the finalized head trails the head in
// 32-block epochs, as on Ethereum, so that code waiting for finality is
// exercised in dev mode too.
func TestFinalizedLags(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	c := testenv.StartChain(t, 4343, "")
	for range 40 {
		c.Commit()
	}
	head, err := c.Client().HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	fin, err := c.Client().HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
	if err != nil {
		t.Fatal(err)
	}
	if head.Number.Uint64() < 40 {
		t.Fatalf("head = %d after 40 commits", head.Number)
	}
	if f := fin.Number.Uint64(); f >= head.Number.Uint64() || f%32 != 0 || head.Number.Uint64()-f > 64 {
		t.Fatalf("finalized = %d with head %d; want an epoch boundary 1..64 blocks behind", f, head.Number)
	}
}
