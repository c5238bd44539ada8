package guard_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/guard"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/common"
)

// TestIncidents raises each incident the guard detects against real
// chains, with its evidence: a member anchoring a false root, this node's
// archive tampered with, a rewrite of unanchored and of anchored history,
// a halted chain; and resolves the ones that clear.
func TestIncidents(t *testing.T) {
	ctx := testenv.Context(t, 2*time.Minute)
	work := testenv.StartChain(t, workID+1, "")
	verif := testenv.StartChain(t, 6201, "")
	db := testenv.OpenStore(t)
	for range 20 {
		work.Commit()
	}
	follower := archive.New(archive.Config{PollInterval: time.Hour}, work.Client(), db)
	if _, err := follower.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	honest, liar := testenv.Sender(t, verif, 1), testenv.Sender(t, verif, 2)
	out, err := (&deploy.Deployer{Path: t.TempDir() + "/d.json", Role: "verification", Sender: honest}).Ensure(ctx,
		deploy.VerificationContracts(workID+1, []common.Address{honest.From(), liar.From()}))
	if err != nil {
		t.Fatal(err)
	}
	reg := out[deploy.AnchorRegistryName]
	agent, err := anchor.NewAgent(anchor.Config{ChainID: workID + 1, Registry: reg, Interval: 16, Confirmations: 1}, db, honest)
	if err != nil {
		t.Fatal(err)
	}
	mirror := anchor.NewMirror(anchor.MirrorConfig{Registry: reg}, verif.Client(), db)
	var notified []store.Incident
	g := guard.New(guard.Config{ChainID: workID + 1, Working: work.Client(), FullCheck: time.Hour, HaltAfter: 2 * time.Second,
		Notify: func(inc store.Incident) { notified = append(notified, inc) }, Logger: testenv.Logger(t)}, db, verif.Client())
	testenv.WaitFor(t, 30*time.Second, func() error {
		agent.Step(ctx)
		mirror.Sync(ctx)
		if s, _ := g.BlockStatus(ctx, 3); s != guard.Anchored {
			return fmt.Errorf("block 3 is %s", s)
		}
		return nil
	})
	open := func() map[string]store.Incident {
		t.Helper()
		incs, err := db.Incidents(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]store.Incident{}
		for _, inc := range incs {
			m[inc.Kind] = inc
		}
		return m
	}
	if _, err := g.Verify(ctx); err != nil || len(open()) != 0 {
		t.Fatalf("normal life raised %v, %v", open(), err)
	}

	// A member anchors a root the chain never had.
	r := bindings.NewAnchorRegistry()
	if _, err := liar.Transact(ctx, reg, r.PackSubmitCheckpoint(workID+1, 0, 15, common.Hash{1}, common.Hash{2}, common.Hash{})); err != nil {
		t.Fatal(err)
	}
	mirror.Sync(ctx)
	g.Verify(ctx)
	inc, ok := open()[guard.KindConflictingCheckpoints]
	var conflict guard.ConflictEvidence
	if !ok || json.Unmarshal(inc.Evidence, &conflict) != nil || len(conflict.Members) != 1 || conflict.Members[0] != liar.From() ||
		len(conflict.Honest) != 1 || conflict.Honest[0].Member != honest.From() {
		t.Fatalf("conflicting checkpoints: %+v (%s)", inc, inc.Evidence)
	}

	// This node's archive is tampered with: one archived hash altered.
	sqldb := db.SQL()
	var orig []byte
	sqldb.QueryRowContext(ctx, "SELECT hash FROM blocks WHERE number = 9").Scan(&orig)
	if _, err := sqldb.ExecContext(ctx, "UPDATE blocks SET hash = ? WHERE number = 9", common.Hash{9}.Bytes()); err != nil {
		t.Fatal(err)
	}
	g.Verify(ctx)
	inc, ok = open()[guard.KindLocalTamper]
	var tamper guard.TamperEvidence
	if !ok || json.Unmarshal(inc.Evidence, &tamper) != nil || len(tamper.Blocks) != 1 || tamper.Blocks[0].Number != 9 ||
		tamper.Blocks[0].Found != (common.Hash{9}) || tamper.Blocks[0].Expected != common.BytesToHash(orig) {
		t.Fatalf("local tamper: %+v (%s)", inc, inc.Evidence)
	}
	sqldb.ExecContext(ctx, "UPDATE blocks SET hash = ? WHERE number = 9", orig)
	g.Verify(ctx)
	if _, still := open()[guard.KindLocalTamper]; still {
		t.Fatal("local tamper incident not resolved after the archive was repaired")
	}

	// The guard runs on the follower's updates from here on.
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { g.Run(rctx, follower); close(done) }()
	defer func() { cancel(); <-done }()
	rewrite := func(from uint64) (common.Hash, time.Time) {
		t.Helper()
		parent, _ := work.Client().HeaderByNumber(ctx, new(big.Int).SetUint64(from-1))
		old, _ := db.BlockHash(ctx, from)
		head, _ := work.Client().HeaderByNumber(ctx, nil)
		if err := work.Fork(parent.Hash()); err != nil {
			t.Fatal(err)
		}
		for range head.Number.Uint64() - from + 3 {
			work.Commit()
		}
		seen := time.Now()
		if _, err := follower.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		return old, seen
	}
	wait := func(kind string) store.Incident {
		t.Helper()
		var inc store.Incident
		testenv.WaitFor(t, 10*time.Second, func() error {
			var ok bool
			if inc, ok = open()[kind]; !ok {
				all, _ := db.Incidents(ctx, false)
				return fmt.Errorf("no %s incident; have %+v", kind, all)
			}
			return nil
		})
		return inc
	}

	// Unanchored history (above the checkpoint's end, 15) rewritten.
	old, _ := rewrite(18)
	inc = wait(guard.KindUnanchoredRewrite)
	var rw guard.RewriteEvidence
	if json.Unmarshal(inc.Evidence, &rw) != nil || rw.ForkNumber != 17 || rw.Replaced[0].Expected != old || rw.Replaced[0].Found == old || len(rw.Checkpoints) != 0 {
		t.Fatalf("unanchored rewrite: %+v (%s)", inc, inc.Evidence)
	}

	// Anchored history rewritten from block 6.
	old, seen := rewrite(6)
	inc = wait(guard.KindAnchoredRewrite)
	if json.Unmarshal(inc.Evidence, &rw) != nil || rw.ForkNumber != 5 || rw.Replaced[0].Number != 6 || rw.Replaced[0].Expected != old ||
		len(rw.Checkpoints) == 0 || inc.Severity != "critical" {
		t.Fatalf("anchored rewrite: %+v (%s)", inc, inc.Evidence)
	}
	t.Logf("anchored rewrite detected %v after the archive saw the new head (%v after the test did)", inc.RaisedAt.Sub(inc.SeenAt), inc.RaisedAt.Sub(seen))

	// No block for longer than HaltAfter.
	inc = wait(guard.KindHalted)
	work.Commit()
	follower.Sync(ctx)
	testenv.WaitFor(t, 10*time.Second, func() error {
		if _, still := open()[guard.KindHalted]; still {
			return fmt.Errorf("halted incident still open after a new block")
		}
		return nil
	})
	kinds := map[string]bool{}
	for _, n := range notified {
		kinds[n.Kind] = true
	}
	for _, k := range []string{guard.KindConflictingCheckpoints, guard.KindLocalTamper, guard.KindUnanchoredRewrite, guard.KindAnchoredRewrite, guard.KindHalted} {
		if !kinds[k] {
			t.Errorf("Notify did not hear of %s", k)
		}
	}
}
