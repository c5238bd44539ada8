package guard_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/guard"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/ethereum/go-ethereum/common"
)

const workID = 6100

func TestStatusesAndMismatches(t *testing.T) {
	ctx := testenv.Context(t, 2*time.Minute)
	work := testenv.StartChain(t, workID, "")
	verif := testenv.StartChain(t, 6200, "")
	db := testenv.OpenStore(t)
	for range 20 {
		work.Commit()
	}
	follower := archive.New(archive.Config{}, work.Client(), db)
	if _, err := follower.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	honest, liar := testenv.Sender(t, verif, 1), testenv.Sender(t, verif, 2)
	out, err := (&deploy.Deployer{Path: t.TempDir() + "/d.json", Role: "verification", Sender: honest}).Ensure(ctx,
		deploy.VerificationContracts(workID, []common.Address{honest.From(), liar.From()}))
	if err != nil {
		t.Fatal(err)
	}
	reg := out[deploy.AnchorRegistryName]
	agent, err := anchor.NewAgent(anchor.Config{ChainID: workID, Registry: reg, Interval: 16, Confirmations: 1}, db, honest)
	if err != nil {
		t.Fatal(err)
	}
	mirror := anchor.NewMirror(anchor.MirrorConfig{Registry: reg}, verif.Client(), db)
	g := guard.New(guard.Config{ChainID: workID, Logger: testenv.Logger(t)}, db, verif.Client())

	status := func(n uint64) guard.Status {
		t.Helper()
		s, err := g.BlockStatus(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := status(3); s != guard.Unanchored {
		t.Fatalf("before anchoring: %s, want unanchored", s)
	}
	testenv.WaitFor(t, 30*time.Second, func() error {
		if err := agent.Step(ctx); err != nil {
			t.Fatal(err)
		}
		return mirror.Sync(ctx)
	})
	testenv.WaitFor(t, 30*time.Second, func() error {
		agent.Step(ctx)
		mirror.Sync(ctx)
		if s := status(3); s != guard.Anchored {
			return errStatus(s)
		}
		return nil
	})
	if s := status(18); s != guard.Unanchored {
		t.Fatalf("block 18 beyond the checkpoint: %s, want unanchored", s)
	}
	for range 70 {
		verif.Commit()
	}
	if s := status(3); s != guard.Settled {
		t.Fatalf("after finality: %s, want settled", s)
	}
	rep, err := g.Verify(ctx)
	if err != nil || rep.Checked != 1 || rep.Matched != 1 || len(rep.Mismatches) != 0 {
		t.Fatalf("report %+v, %v; want 1 checked, 1 matched", rep, err)
	}

	// A lying member anchors another root for the same range.
	r := bindings.NewAnchorRegistry()
	if _, err := liar.Transact(ctx, reg, r.PackSubmitCheckpoint(workID, 0, 15, common.Hash{1}, common.Hash{2}, common.Hash{})); err != nil {
		t.Fatal(err)
	}
	if err := mirror.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err = g.Verify(ctx)
	if err != nil || rep.Checked != 2 || len(rep.Mismatches) != 1 || rep.Mismatches[0].Checkpoint.Member != liar.From() || !rep.Mismatches[0].EndDiffers {
		t.Fatalf("report %+v, %v; want the liar's checkpoint as the one mismatch", rep, err)
	}
	if s := status(3); s != guard.Settled {
		t.Fatalf("an honest checkpoint still covers block 3: %s, want settled", s)
	}

	// The working chain is rewritten below the anchored range and the
	// archive follows: now nothing anchored matches this node's view.
	parent, _ := work.Client().HeaderByNumber(ctx, big.NewInt(5))
	if err := work.Fork(parent.Hash()); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		work.Commit()
	}
	if _, err := follower.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if s := status(3); s != guard.Conflicting {
		t.Fatalf("after the rewrite: %s, want conflicting", s)
	}
	rep, err = g.Verify(ctx)
	if err != nil || len(rep.Mismatches) != 2 {
		t.Fatalf("after the rewrite: %+v, %v; want both checkpoints mismatched", rep, err)
	}
}

type errStatus guard.Status

func (e errStatus) Error() string { return "status " + string(e) }
