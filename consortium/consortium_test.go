package consortium

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"math/rand/v2"
	"net"
	"os"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"

	"github.com/dualchain/dualchain/devchain"
)

// freeBasePort finds a base port whose hospitals' ports are all free now.
func freeBasePort(t *testing.T, hospitals int) int {
	t.Helper()
	for range 50 {
		base := 20000 + 10*rand.IntN(3000)
		ok := true
		for p := base; p < base+10*hospitals && ok; p++ {
			l, err := net.Listen("tcp", hostPort("127.0.0.1", p))
			if err != nil {
				ok = false
				break
			}
			l.Close()
		}
		if ok {
			return base
		}
	}
	t.Fatal("no free port range")
	return 0
}

func initConsortium(t *testing.T, hospitals int) *Layout {
	t.Helper()
	lay, err := Init(t.TempDir(), Spec{Hospitals: hospitals, ChainID: 1337, BasePort: freeBasePort(t, hospitals), Accounts: 10})
	if err != nil {
		t.Fatal(err)
	}
	return lay
}

func startNode(t *testing.T, cfg NodeConfig) *Validator {
	t.Helper()
	var logger *slog.Logger
	if os.Getenv("DUALCHAIN_TEST_LOG") != "" {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("node", cfg.Name)
	}
	v, err := Start(context.Background(), cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// waitHeight waits until every running validator's head is at least h.
func waitHeight(t *testing.T, vs []*Validator, h uint64, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		low := uint64(1 << 62)
		for _, v := range vs {
			low = min(low, v.Head().Number.Uint64())
		}
		if low >= h {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("validators stuck below height %d after %v (lowest head %d)", h, limit, low)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sameHistory checks that all validators hold the same block at 1..h.
func sameHistory(t *testing.T, vs []*Validator, h uint64) {
	t.Helper()
	for n := uint64(1); n <= h; n++ {
		want := vs[0].Eth().BlockChain().GetHeaderByNumber(n)
		if want == nil {
			t.Fatalf("%s has no block %d", vs[0].Config().Name, n)
		}
		for _, v := range vs[1:] {
			got := v.Eth().BlockChain().GetHeaderByNumber(n)
			if got == nil || got.Hash() != want.Hash() {
				t.Fatalf("block %d differs: %s has %v, %s has %s", n, v.Config().Name, got, vs[0].Config().Name, want.Hash())
			}
		}
	}
}

func TestInitDeterministic(t *testing.T) {
	spec := Spec{Hospitals: 3, ChainID: 1337, BasePort: 30000}
	a, err := Init(t.TempDir(), spec)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Init(t.TempDir(), spec)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Nodes {
		if a.Nodes[i].Validator != b.Nodes[i].Validator || a.Nodes[i].Enode != b.Nodes[i].Enode || a.Nodes[i].CometPeer != b.Nodes[i].CometPeer {
			t.Fatalf("hospital %d differs between two inits of one spec", i)
		}
	}
	if a.Nodes[0].Validator == a.Nodes[1].Validator {
		t.Fatal("two hospitals share a validator key")
	}
	if _, err := Init(a.Dir, spec); err == nil {
		t.Fatal("Init overwrote an existing consortium")
	}
	if _, err := Init(t.TempDir(), Spec{Hospitals: 2, ChainID: 1337, BlockTime: 500 * time.Millisecond}); err == nil {
		t.Fatal("a sub-second block time was accepted")
	}
}

// TestConsortium runs four validators through the life the issue lists:
// blocks on all four, a transaction sent to one included by another's
// proposal, one validator down, its catch-up, and a full stop and restart.
func TestConsortium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts four validators")
	}
	lay := initConsortium(t, 4)
	vs := make([]*Validator, 4)
	for i, n := range lay.Nodes {
		vs[i] = startNode(t, n)
	}
	waitHeight(t, vs, 3, 30*time.Second)
	sameHistory(t, vs, 3)

	t.Run("tx via another proposer", func(t *testing.T) {
		deadline := time.Now().Add(20 * time.Second)
		for vs[0].Peers() < 3 {
			if time.Now().After(deadline) {
				t.Fatalf("hospital-0 has %d devp2p peers, want 3", vs[0].Peers())
			}
			time.Sleep(100 * time.Millisecond)
		}
		ctx := context.Background()
		cl := vs[0].Client()
		acct := devchain.DevAccounts(lay.Nodes[0].Seed, 10)[9]
		signer := types.LatestSignerForChainID(big.NewInt(1337))
		nonce, err := cl.PendingNonceAt(ctx, acct.Address)
		if err != nil {
			t.Fatal(err)
		}
		// Each transaction goes to hospital-0 only; a proposer other than
		// hospital-0 can include it only if devp2p gossip carried it.
		for i := range 12 {
			tx := types.MustSignNewTx(acct.Key, signer, &types.DynamicFeeTx{
				ChainID: big.NewInt(1337), Nonce: nonce + uint64(i), GasTipCap: big.NewInt(params.GWei), GasFeeCap: big.NewInt(100 * params.GWei),
				Gas: 21000, To: &common.Address{0xde, 0xad}, Value: big.NewInt(1),
			})
			if err := cl.SendTransaction(ctx, tx); err != nil {
				t.Fatal(err)
			}
			var rcpt *types.Receipt
			for rcpt == nil {
				if time.Now().After(deadline.Add(30 * time.Second)) {
					t.Fatalf("tx %d not included", i)
				}
				time.Sleep(200 * time.Millisecond)
				rcpt, _ = cl.TransactionReceipt(ctx, tx.Hash())
			}
			hdr := vs[0].Eth().BlockChain().GetHeaderByHash(rcpt.BlockHash)
			if hdr.Coinbase != lay.Nodes[0].Account {
				t.Logf("tx sent to hospital-0 was included in block %d proposed by %s", hdr.Number, hdr.Coinbase)
				return
			}
		}
		t.Fatal("12 transactions sent to hospital-0 were all included by hospital-0's own proposals")
	})

	t.Run("one validator down", func(t *testing.T) {
		vs[3].Close()
		up := vs[:3]
		h := up[0].Head().Number.Uint64()
		waitHeight(t, up, h+3, 30*time.Second)
		vs[3] = startNode(t, lay.Nodes[3])
		h = up[0].Head().Number.Uint64()
		waitHeight(t, vs, h+1, 60*time.Second)
		sameHistory(t, vs, h)
	})

	t.Run("full stop and restart", func(t *testing.T) {
		for _, v := range vs {
			v.Close()
		}
		heads := make([]*types.Header, 4)
		for i, v := range vs {
			heads[i] = v.Head()
		}
		for i, n := range lay.Nodes {
			vs[i] = startNode(t, n)
			if got := vs[i].Head(); got.Hash() != heads[i].Hash() {
				t.Fatalf("%s restarted at block %d %s, stopped at %d %s", n.Name, got.Number, got.Hash(), heads[i].Number, heads[i].Hash())
			}
		}
		top := uint64(0)
		for _, h := range heads {
			top = max(top, h.Number.Uint64())
		}
		waitHeight(t, vs, top+2, 60*time.Second)
		sameHistory(t, vs, top+2)
	})
}

func ExampleInit() {
	dir, err := os.MkdirTemp("", "consortium")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	lay, err := Init(dir, Spec{Hospitals: 4, ChainID: 1337})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(lay.Nodes), lay.Nodes[1].Ports.GethHTTP)
	// Output: 4 26610
}
