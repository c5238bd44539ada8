package consortium

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"

	"github.com/dualchain/dualchain/devchain"
)

// freeBasePort finds a base port whose hospitals' ports are all free now.
func freeBasePort(t *testing.T, hospitals int) int {
	t.Helper()
	p, err := FreePorts(10 * hospitals)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func initConsortium(t *testing.T, hospitals int) *Layout {
	t.Helper()
	lay, err := Init(t.TempDir(), Spec{Hospitals: hospitals, ChainID: 1337, BasePort: freeBasePort(t, hospitals), Accounts: 10})
	if err != nil {
		t.Fatal(err)
	}
	return lay
}

// startConsortium initializes and starts a consortium of n validators.
func startConsortium(t *testing.T, n int) (*Layout, []*Validator) {
	t.Helper()
	lay := initConsortium(t, n)
	vs := make([]*Validator, n)
	for i, cfg := range lay.Nodes {
		vs[i] = startNode(t, cfg)
	}
	return lay, vs
}

func startNode(t *testing.T, cfg NodeConfig, opts ...Option) *Validator {
	t.Helper()
	var logger *slog.Logger
	if os.Getenv("DUALCHAIN_TEST_LOG") != "" {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("node", cfg.Name)
	}
	v, err := Start(context.Background(), cfg, logger, opts...)
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
	lay, vs := startConsortium(t, 4)
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
		nonce, err := cl.PendingNonceAt(ctx, acct.Address)
		if err != nil {
			t.Fatal(err)
		}
		// Each transaction goes to hospital-0 only; a proposer other than
		// hospital-0 can include it only if devp2p gossip carried it.
		for i := range 12 {
			tx := sendTransfer(t, cl, acct, nonce+uint64(i))
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

// TestMajorityRewriteAndFork: three of four validators (more than 2/3 of
// the power) roll back below the head, cut the fourth out and build another
// history. The honest validator halts (no quorum) with the original
// history; it then forks: a successor chain with itself as the only
// validator that keeps every original block up to the fork height, hash for
// hash, and goes on making blocks that include new transactions.
func TestMajorityRewriteAndFork(t *testing.T) {
	if testing.Short() {
		t.Skip("starts four validators")
	}
	lay, vs := startConsortium(t, 4)
	waitHeight(t, vs, 6, 30*time.Second)
	vs[0].Close()
	for _, v := range vs[1:] {
		v.Close()
	}
	// The honest history, as the honest hospital archived and anchored it.
	honest := map[uint64]common.Hash{}
	alone := startNode(t, lay.Nodes[0])
	top := alone.Head().Number.Uint64()
	for n := uint64(1); n <= top; n++ {
		honest[n] = alone.Eth().BlockChain().GetHeaderByNumber(n).Hash()
	}
	t.Logf("honest head %d, fork at %d; block 1 %s", top, top-3, honest[1])
	fork := top - 3 // the last block the checkpoints verify

	// The attack: colluders rewind below the honest head and go on alone.
	colluders := lay.Nodes[1:]
	attackers := make([]*Validator, 0, 3)
	for _, n := range colluders {
		if err := Rewind(n, int64(fork)); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range colluders {
		v, err := Start(context.Background(), Isolated(n, colluders), nil, WithHead(fork))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { v.Close() })
		attackers = append(attackers, v)
	}
	waitHeight(t, attackers, top+1, 60*time.Second)
	// The first rewritten height may come out identical (same parent,
	// same stored commit, hence same time and proposer); above it the
	// histories part.
	if got := attackers[0].Eth().BlockChain().GetHeaderByNumber(top).Hash(); got == honest[top] {
		t.Fatalf("block %d is the same in the rewritten history", top)
	}
	for n := uint64(1); n <= fork; n++ {
		if got := attackers[0].Eth().BlockChain().GetHeaderByNumber(n).Hash(); got != honest[n] {
			t.Fatalf("block %d below the fork point differs: %s, honest %s", n, got, honest[n])
		}
	}

	// The honest validator alone cannot make blocks: the chain it follows
	// is halted.
	time.Sleep(4 * time.Second)
	if h := alone.Head().Number.Uint64(); h != top {
		t.Fatalf("the honest validator alone moved from %d to %d", top, h)
	}
	alone.Close()

	// The response: a successor chain with the honest validator only.
	next, doc, err := Fork(lay.Nodes[0], fork, honest[fork], []int{0})
	if err != nil {
		t.Fatal(err)
	}
	if doc.InitialHeight != int64(fork)+1 || len(doc.Validators) != 1 {
		t.Fatalf("fork genesis: initial height %d, %d validators", doc.InitialHeight, len(doc.Validators))
	}
	if reread, err := LoadNodeConfig(filepath.Join(lay.Nodes[0].Home, "node.json")); err != nil || reread.CometID != doc.ChainID || len(reread.CometPeers) != 0 {
		t.Fatalf("node.json after the fork: %+v, %v", reread, err)
	}
	succ := startNode(t, next, WithHead(fork))
	waitHeight(t, []*Validator{succ}, top+2, 60*time.Second)
	for n := uint64(1); n <= fork; n++ {
		if got := succ.Eth().BlockChain().GetHeaderByNumber(n).Hash(); got != honest[n] {
			t.Fatalf("successor block %d is %s, the original %s", n, got, honest[n])
		}
	}
	// It includes new transactions.
	ctx := context.Background()
	cl := succ.Client()
	acct := devchain.DevAccounts(lay.Nodes[0].Seed, 10)[8]
	nonce, _ := cl.PendingNonceAt(ctx, acct.Address)
	tx := sendTransfer(t, cl, acct, nonce)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if r, err := cl.TransactionReceipt(ctx, tx.Hash()); err == nil && r.BlockNumber.Uint64() > fork {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the successor chain did not include a new transaction")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// sendTransfer sends 1 wei from acct with the given nonce on chain 1337.
func sendTransfer(t *testing.T, cl *ethclient.Client, acct devchain.Account, nonce uint64) *types.Transaction {
	t.Helper()
	tx := types.MustSignNewTx(acct.Key, types.LatestSignerForChainID(big.NewInt(1337)), &types.DynamicFeeTx{
		ChainID: big.NewInt(1337), Nonce: nonce, GasTipCap: big.NewInt(params.GWei), GasFeeCap: big.NewInt(100 * params.GWei),
		Gas: 21000, To: &common.Address{0xde, 0xad}, Value: big.NewInt(1),
	})
	if err := cl.SendTransaction(context.Background(), tx); err != nil {
		t.Fatal(err)
	}
	return tx
}
