package archive_test

import (
	"context"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/common"
)

func TestFollowerArchivesAndNoticesReorgs(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	c := testenv.StartChain(t, 8100, "")
	db := testenv.OpenStore(t)
	client := c.Client()
	f := archive.New(archive.Config{Batch: 4, Logger: testenv.Logger(t)}, client, db)

	s := testenv.Sender(t, c, 0)
	to := common.HexToAddress("0x00000000000000000000000000000000000000cc")
	for range 5 {
		tx, err := s.Send(ctx, &to, nil, big.NewInt(1))
		if err != nil {
			t.Fatal(err)
		}
		s.Wait(ctx, tx.Hash())
	}
	for range 5 {
		c.Commit()
	}
	if _, err := f.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	checkArchiveMatchesChain(t, ctx, c, db)

	// Rewrite the last 3 blocks with a longer competing history.
	head, _ := client.HeaderByNumber(ctx, nil)
	forkAt := head.Number.Uint64() - 3
	parent, _ := client.HeaderByNumber(ctx, new(big.Int).SetUint64(forkAt))
	oldHash, _ := db.BlockHash(ctx, forkAt+1)
	if err := c.Fork(parent.Hash()); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		c.Commit()
	}
	updates, err := f.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(updates) == 0 || updates[0].Reorg == nil {
		t.Fatalf("updates = %+v, want a reorg first", updates)
	}
	if r := updates[0].Reorg; r.ForkNumber != forkAt || r.Depth() != 3 {
		t.Fatalf("reorg at %d depth %d, want %d and 3", r.ForkNumber, r.Depth(), forkAt)
	}
	rep, err := db.ReplacedAt(ctx, forkAt+1)
	if err != nil || len(rep) != 1 || rep[0].Block.Hash() != oldHash {
		t.Fatalf("replaced evidence at %d = %+v, %v", forkAt+1, rep, err)
	}
	checkArchiveMatchesChain(t, ctx, c, db)
}

// checkArchiveMatchesChain requires the archive to hold exactly the chain's
// canonical blocks, bodies included.
func checkArchiveMatchesChain(t *testing.T, ctx context.Context, c *devchain.Chain, db *store.DB) {
	t.Helper()
	client := c.Client()
	head, err := client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	ah, err := db.Head(ctx)
	if err != nil || ah.Number != head.Number.Uint64() {
		t.Fatalf("archive head = %+v, %v; chain head %d", ah, err, head.Number)
	}
	hashes, err := db.BlockHashes(ctx, 0, ah.Number)
	if err != nil {
		t.Fatal(err)
	}
	for n, got := range hashes {
		b, err := client.BlockByNumber(ctx, big.NewInt(int64(n)))
		if err != nil {
			t.Fatal(err)
		}
		if got != b.Hash() {
			t.Fatalf("archived hash at %d = %s, chain %s", n, got, b.Hash())
		}
		ab, err := db.Block(ctx, uint64(n))
		if err != nil || ab.Hash() != b.Hash() || len(ab.Transactions()) != len(b.Transactions()) {
			t.Fatalf("archived body at %d differs: %v", n, err)
		}
	}
}

func TestFollowerRunFollowsHeadsAndRefusesAnotherChain(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := testenv.StartChain(t, 8200, "")
	db := testenv.OpenStore(t)
	f := archive.New(archive.Config{PollInterval: time.Hour, Logger: testenv.Logger(t)}, c.Client(), db)
	updates, unsubscribe := f.Subscribe()
	defer unsubscribe()
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// With an hour's poll interval, only the head subscription can bring
	// these blocks in.
	<-updates // the initial sync of genesis
	c.Commit()
	c.Commit()
	want := c.Commit()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case u := <-updates:
			if u.To >= 3 {
				if h, _ := db.BlockHash(ctx, 3); h != want {
					t.Fatalf("archived block 3 = %s, want %s", h, want)
				}
				goto followed
			}
		case <-deadline:
			t.Fatal("follower did not archive new heads within 30s")
		}
	}
followed:
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}

	// The same archive against another chain is refused.
	other := testenv.StartChain(t, 8300, "")
	for range 5 {
		other.Commit()
	}
	_, err := archive.New(archive.Config{}, other.Client(), db).Sync(context.Background())
	if !errors.Is(err, archive.ErrWrongChain) {
		t.Fatalf("sync against another chain: got %v, want ErrWrongChain", err)
	}
}
