package ipfs_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/dualchain/dualchain/ipfs"
	"github.com/ipfs/go-cid"
)

// TestSelfCheckAndRepair: the self-check finds a tampered leaf and a
// tampered single-block record before anyone reads them; with a peer that
// pinned the content the repair fetches it again, byte for byte; alone, the
// repair changes nothing and says the only copy is lost.
func TestSelfCheckAndRepair(t *testing.T) {
	ctx := testCtx(t)
	a := open(t, t.TempDir())
	alone := open(t, t.TempDir())
	if faults, err := a.SelfCheck(ctx); err != nil || len(faults) != 0 {
		t.Fatalf("self-check of an empty node: %v %v", faults, err)
	}
	file := data(700 << 10) // 3 leaves under a root
	root, err := a.Add(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	small, err := alone.Add(ctx, []byte("allergy: penicillin"))
	if err != nil {
		t.Fatal(err)
	}
	// A peer that keeps the same content (another hospital's node).
	peer := open(t, t.TempDir(), a.Addrs()...)
	if err := peer.Pin(ctx, root); err != nil {
		t.Fatal(err)
	}
	if faults, err := a.SelfCheck(ctx); err != nil || len(faults) != 0 {
		t.Fatalf("self-check of intact content: %v %v", faults, err)
	}

	_, leaves := kuboFileCID(t, file)
	if err := a.CorruptBlockForTest(ctx, leaves[1], bytes.Repeat([]byte{0xEE}, 262144)); err != nil {
		t.Fatal(err)
	}
	if err := a.CorruptBlockForTest(ctx, root, []byte("not a dag node")); err != nil {
		t.Fatal(err)
	}
	if err := alone.CorruptBlockForTest(ctx, small, []byte("allergy: none")); err != nil {
		t.Fatal(err)
	}
	faults, err := a.SelfCheck(ctx)
	// The altered root hides the altered leaf below it until the root is
	// whole again: the repair goes in rounds.
	if err != nil || len(faults) != 1 || faults[0].Root != root || !slices.Equal(faults[0].Altered, []cid.Cid{root}) || len(faults[0].Missing) != 0 {
		t.Fatalf("self-check after tampering: %+v %v; want root %s altered", faults, err, root)
	}
	lone, err := alone.SelfCheck(ctx)
	if err != nil || len(lone) != 1 || lone[0].Root != small || len(lone[0].Altered) != 1 || lone[0].Altered[0] != small {
		t.Fatalf("self-check of the lone node: %+v %v", lone, err)
	}

	// Repair from the peer.
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := a.Repair(rctx, faults[0]); err != nil {
		t.Fatalf("repair with a peer: %v", err)
	}
	if faults, err := a.SelfCheck(ctx); err != nil || len(faults) != 0 {
		t.Fatalf("self-check after repair: %v %v", faults, err)
	}
	if got, err := a.Get(ctx, root); err != nil || !bytes.Equal(got, file) {
		t.Fatalf("read after repair: %d bytes, %v", len(got), err)
	}

	// A refused read is reported to OnCorrupt (the guard checks at once).
	heard := make(chan string, 1)
	alone.OnCorrupt(func(c string) { heard <- c })
	if _, err := alone.Get(ctx, small); !errors.Is(err, ipfs.ErrCorrupt) {
		t.Fatalf("read of the tampered block: %v, want ErrCorrupt", err)
	}
	select {
	case c := <-heard:
		if c != small.String() {
			t.Fatalf("OnCorrupt heard %s, want %s", c, small)
		}
	default:
		t.Fatal("OnCorrupt did not hear the refused read")
	}

	// Alone: nothing to fetch from; the damage stays visible.
	if err := alone.Repair(rctx, lone[0]); !errors.Is(err, ipfs.ErrOnlyCopy) {
		t.Fatalf("repair without peers: %v, want ErrOnlyCopy", err)
	}
	if still, err := alone.SelfCheck(ctx); err != nil || len(still) != 1 {
		t.Fatalf("self-check after a failed repair: %+v %v; want the fault kept", still, err)
	}
}
