package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/common"
)

func open(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestArchiveAppendReorgAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "node.db")
	db := open(t, path)
	if _, err := db.Head(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("empty archive head: got %v, want ErrNotFound", err)
	}
	main := testenv.Blocks(nil, 10, 1)
	if r, err := db.ApplyBlocks(ctx, 0, main); err != nil || r != nil {
		t.Fatalf("append: reorg %v, err %v", r, err)
	}
	head, err := db.Head(ctx)
	if err != nil || head.Number != 9 || head.Hash != main[9].Hash() {
		t.Fatalf("head = %+v, %v; want 9 %s", head, err, main[9].Hash())
	}

	// Not linked: refused, nothing changes.
	stray := testenv.Blocks(main[3], 2, 7)
	if _, err := db.ApplyBlocks(ctx, 9, stray); !errors.Is(err, store.ErrNotContiguous) {
		t.Fatalf("unlinked blocks: got %v, want ErrNotContiguous", err)
	}

	// Reorg at 6: blocks 7..9 replaced by 7..11 of another history.
	alt := testenv.Blocks(main[6], 5, 9)
	r, err := db.ApplyBlocks(ctx, 6, alt)
	if err != nil {
		t.Fatal(err)
	}
	if r == nil || r.ForkNumber != 6 || r.Depth() != 3 || r.OldHead != main[9].Hash() || r.NewHead != alt[4].Hash() {
		t.Fatalf("reorg = %+v", r)
	}
	rep, err := db.ReplacedAt(ctx, 8)
	if err != nil || len(rep) != 1 || rep[0].Block.Hash() != main[8].Hash() || rep[0].ReplacedBy != alt[1].Hash() {
		t.Fatalf("replaced at 8 = %+v, %v", rep, err)
	}
	db.Close()

	// Everything survives a reopen.
	db = open(t, path)
	defer db.Close()
	hashes, err := db.BlockHashes(ctx, 5, 11)
	if err != nil {
		t.Fatal(err)
	}
	want := []common.Hash{main[5].Hash(), main[6].Hash(), alt[0].Hash(), alt[1].Hash(), alt[2].Hash(), alt[3].Hash(), alt[4].Hash()}
	for i := range want {
		if hashes[i] != want[i] {
			t.Fatalf("hash at %d = %s, want %s", 5+i, hashes[i], want[i])
		}
	}
	b, err := db.Block(ctx, 8)
	if err != nil || b.Hash() != alt[1].Hash() {
		t.Fatalf("block 8 = %v, %v", b, err)
	}
	if _, err := db.BlockHashes(ctx, 10, 12); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("range past head: got %v, want ErrNotFound", err)
	}

	// A shorter history: blocks above the fork are removed.
	r, err = db.ApplyBlocks(ctx, 8, nil)
	if err != nil || r == nil || r.Depth() != 3 || r.NewHead != alt[1].Hash() {
		t.Fatalf("shorter reorg = %+v, %v", r, err)
	}
	if head, _ := db.Head(ctx); head.Number != 8 {
		t.Fatalf("head after shorter reorg = %d, want 8", head.Number)
	}
}
