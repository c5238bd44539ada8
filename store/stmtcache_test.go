package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// cached lists the statements conn has cached.
func cached(t *testing.T, conn *sql.Conn) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := conn.Raw(func(dc any) error {
		c := dc.(*cachingConn)
		c.mu.Lock()
		defer c.mu.Unlock()
		for q := range c.stmts {
			out[q] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStatementCache: statements run again from the cache give the same
// answers as fresh ones, also when the same text is queried inside its own
// open rows, after a failed run, after the schema changed, and for scripts
// (never cached).
func TestStatementCache(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "node.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Writer().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const (
		create = "CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT NOT NULL); CREATE INDEX t_v ON t(v)"
		insert = "INSERT INTO t(k, v) VALUES (?, ?)"
		sel    = "SELECT k, v FROM t WHERE k >= ? ORDER BY k"
		all    = "SELECT * FROM t ORDER BY k"
	)
	if _, err := conn.ExecContext(ctx, create); err != nil {
		t.Fatal(err)
	}
	for k := range 5 {
		if _, err := conn.ExecContext(ctx, insert, k, string(rune('a'+k))); err != nil {
			t.Fatal(err)
		}
	}
	// A failed run (duplicate key, then NULL) leaves the statement usable.
	if _, err := conn.ExecContext(ctx, insert, 0, "dup"); err == nil {
		t.Fatal("duplicate key accepted")
	}
	if _, err := conn.ExecContext(ctx, insert, 9, nil); err == nil {
		t.Fatal("NULL accepted")
	}
	if _, err := conn.ExecContext(ctx, insert, 5, "f"); err != nil {
		t.Fatalf("insert after failures: %v", err)
	}
	if c := cached(t, conn); !c[insert] || c[create] {
		t.Fatalf("cache %v: want the insert, not the script", c)
	}

	// The same query nested in its own rows: the inner one is prepared
	// afresh, and both read every row.
	rows, err := conn.QueryContext(ctx, sel, 0)
	if err != nil {
		t.Fatal(err)
	}
	var outer, inner int
	for rows.Next() {
		var k int
		var v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		outer++
		in, err := conn.QueryContext(ctx, sel, k)
		if err != nil {
			t.Fatal(err)
		}
		for in.Next() {
			inner++
		}
		if err := in.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if outer != 6 || inner != 6+5+4+3+2+1 {
		t.Fatalf("nested reads: %d outer, %d inner rows; want 6 and 21", outer, inner)
	}
	// Released: the next run takes it from the cache again.
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM ("+sel+")", 3).Scan(&n); err != nil || n != 3 {
		t.Fatalf("count = %d, %v", n, err)
	}

	// A schema change: the cached SELECT * sees the new column.
	cols := func() []string {
		t.Helper()
		r, err := conn.QueryContext(ctx, all)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		c, err := r.Columns()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := cols(); len(c) != 2 {
		t.Fatalf("columns %v", c)
	}
	if _, err := conn.ExecContext(ctx, "ALTER TABLE t ADD COLUMN w INTEGER DEFAULT 7"); err != nil {
		t.Fatal(err)
	}
	if c := cols(); len(c) != 3 || c[2] != "w" {
		t.Fatalf("columns after ALTER TABLE: %v", c)
	}
	var w int
	if err := conn.QueryRowContext(ctx, "SELECT w FROM t WHERE k = ?", 5).Scan(&w); err != nil || w != 7 {
		t.Fatalf("w = %d, %v", w, err)
	}
}
