package guard_test

import (
	"context"
	"fmt"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/guard"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/common"
)

// TestNoFalseAlarm is normal life for a node: steady writes on the working
// chain, the node's parts (archive follower, anchor agent, checkpoint
// mirror, guard) and the working chain itself restarted twice on the same
// data, and the verification chain reorganized below the blocks that
// include checkpoints (not below its finalized block) several times. The
// guard, with its periodic full check and the halt rule of an on-demand
// chain, must raise nothing, while checkpoints keep settling.
func TestNoFalseAlarm(t *testing.T) {
	ctx := testenv.Context(t, 3*time.Minute)
	const wid = 6400
	workDir := t.TempDir()
	workCfg := devchain.Config{ChainID: wid, DataDir: workDir, HTTPPort: -1, WSPort: -1, NoFinality: true}
	work := testenv.StartChainConfig(t, workCfg)
	verif := testenv.StartChain(t, 6500, "")
	db := testenv.OpenStore(t)
	node := testenv.Sender(t, verif, 1)
	out, err := (&deploy.Deployer{Path: t.TempDir() + "/d.json", Role: "verification", Sender: node}).Ensure(ctx,
		deploy.VerificationContracts(wid, []common.Address{node.From()}))
	if err != nil {
		t.Fatal(err)
	}
	reg := out[deploy.AnchorRegistryName]
	reorgs, overCheckpoint := 0, 0 // reorgs, and how many displaced a checkpoint's block

	// run starts the node's parts over work and returns their stop.
	run := func(work *devchain.Chain) func() {
		rctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		follower := archive.New(archive.Config{PollInterval: 200 * time.Millisecond}, work.Client(), db)
		agent, err := anchor.NewAgent(anchor.Config{ChainID: wid, Registry: reg, Interval: 8, MaxAge: time.Second, Confirmations: 0,
			Tick: 100 * time.Millisecond, Logger: testenv.Logger(t)}, db, node)
		if err != nil {
			t.Fatal(err)
		}
		mirror := anchor.NewMirror(anchor.MirrorConfig{Registry: reg, Tick: 100 * time.Millisecond}, verif.Client(), db)
		g := guard.New(guard.Config{ChainID: wid, Working: work.Client(), FullCheck: 500 * time.Millisecond,
			HaltAfter: time.Second, Pending: work.Client(), Logger: testenv.Logger(t)}, db, verif.Client())
		for _, f := range []func(context.Context) error{follower.Run, agent.Run, mirror.Run, func(ctx context.Context) error { return g.Run(ctx, follower) }} {
			wg.Add(1)
			go func() { defer wg.Done(); f(rctx) }()
		}
		return func() { cancel(); wg.Wait() }
	}
	// life writes on the working chain and lets the verification chain
	// make blocks (finality follows 32-64 blocks behind), reorganizing it
	// from a few blocks below its head now and then, for rounds rounds.
	life := func(work *devchain.Chain, rounds int) {
		writer := testenv.Sender(t, work, 3)
		to := common.Address{0xee}
		for i := range rounds {
			if _, err := writer.Send(ctx, &to, nil, big.NewInt(1)); err != nil {
				t.Fatal(err)
			}
			verif.Commit()
			if i%15 == 14 {
				head, err := verif.Client().HeaderByNumber(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				// From below the block that included the latest
				// checkpoint, if that is recent (finality lags 32+).
				from := new(big.Int).Sub(head.Number, big.NewInt(3))
				if c, err := db.LastCheckpoint(ctx); err == nil && c != nil && c.IncludedBlock > 0 && head.Number.Uint64()-c.IncludedBlock < 16 {
					from.SetUint64(c.IncludedBlock - 1)
					overCheckpoint++
				}
				parent, err := verif.Client().HeaderByNumber(ctx, from)
				if err != nil {
					t.Fatal(err)
				}
				// Fork refuses while transactions are pending: try again
				// on a later round.
				if err := verif.Fork(parent.Hash()); err == nil {
					reorgs++
				}
			}
			time.Sleep(50 * time.Millisecond) // a steady pace, not a burst
		}
	}

	stop := run(work)
	life(work, 60)
	// An idle on-demand chain makes no block for longer than HaltAfter:
	// no transaction waits, so it is not halted.
	time.Sleep(1500 * time.Millisecond)
	stop()
	// Restart the parts, then the working chain too, on the same data.
	stop = run(work)
	life(work, 60)
	stop()
	work.Close()
	work = testenv.StartChainConfig(t, workCfg)
	stop = run(work)
	life(work, 60)
	for range 70 {
		verif.Commit() // finality reaches the last checkpoints
	}
	testenv.WaitFor(t, 30*time.Second, func() error {
		cs, err := db.Checkpoints(ctx, 0)
		if err != nil {
			return err
		}
		settled := 0
		for _, c := range cs {
			if c.State == store.StateSettled {
				settled++
			}
		}
		if settled < 10 {
			return fmt.Errorf("only %d settled checkpoints", settled)
		}
		return nil
	})
	stop()

	cs, _ := db.Checkpoints(ctx, 0)
	t.Logf("%d verification-chain reorgs (%d tried from below a checkpoint's block), %d checkpoints", reorgs, overCheckpoint, len(cs))
	if reorgs < 3 || overCheckpoint == 0 {
		t.Fatalf("only %d verification-chain reorgs happened; the test did not exercise them", reorgs)
	}
	incs, err := db.Incidents(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, inc := range incs {
		t.Errorf("false alarm: %s %s: %s", inc.Kind, inc.Key, inc.Evidence)
	}
}
