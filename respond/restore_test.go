package respond

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// TestRestoreSkipsItsOwnReorg: after an unanchored rewrite and its
// restore, the archive holds two reorgs from the same fork; the newer one
// (the restore) replaced the attacker's blocks, which agree with no
// checkpoint only because none covers them. It must never be offered as
// the history to restore; the attack's reorg, whose replaced blocks are
// canonical again, is the only candidate.
func TestRestoreSkipsItsOwnReorg(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "node.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	honest := testenv.Blocks(nil, 6, 1) // genesis and blocks 1..5
	if _, err := db.ApplyBlocks(ctx, 0, honest); err != nil {
		t.Fatal(err)
	}
	attacker := testenv.Blocks(honest[2], 4, 2) // blocks 3..6
	if r, err := db.ApplyBlocks(ctx, 2, attacker); err != nil || r == nil {
		t.Fatalf("attack: %v %v", r, err)
	}
	if r, err := db.ApplyBlocks(ctx, 2, honest[3:]); err != nil || r == nil {
		t.Fatalf("restore: %v %v", r, err)
	}
	var visited []common.Hash
	err = eachHonestReorg(ctx, db, 1337, slog.New(slog.DiscardHandler), func(r store.ReorgRecord, blocks []*types.Block, _ int) (bool, error) {
		visited = append(visited, blocks[len(blocks)-1].Hash())
		return false, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(visited) != 1 || visited[0] != honest[5].Hash() {
		t.Fatalf("candidates %v, want only the honest history up to %s", visited, honest[5].Hash())
	}
}
