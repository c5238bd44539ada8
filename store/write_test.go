package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// TestWriteGroupCommit: concurrent writes all land, a failing one rolls back
// only its own rows and gets its own error, and Write after Close fails.
func TestWriteGroupCommit(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "node.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Writer().ExecContext(ctx, "CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT)"); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	const n = 200
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Write(ctx, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, "INSERT INTO t(k, v) VALUES (?, ?)", i, fmt.Sprint(i)); err != nil {
					return err
				}
				if i%10 == 3 {
					// Wrote a row, then failed: the row must not survive.
					return boom
				}
				return nil
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if want := i%10 == 3; want != errors.Is(err, boom) || !want && err != nil {
			t.Fatalf("write %d: err %v", i, err)
		}
	}
	var count, bad int
	if err := db.SQL().QueryRowContext(ctx, "SELECT COUNT(*), COALESCE(SUM(k % 10 = 3), 0) FROM t").Scan(&count, &bad); err != nil {
		t.Fatal(err)
	}
	if count != n-n/10 || bad != 0 {
		t.Fatalf("%d rows, %d of failed writes; want %d and 0", count, bad, n-n/10)
	}
	// A constraint violation is that caller's error alone.
	if err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO t(k, v) VALUES (0, 'again')")
		return err
	}); err == nil {
		t.Fatal("duplicate key accepted")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Write(ctx, func(*sql.Tx) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Fatalf("write after close: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
}
