package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"modernc.org/sqlite"
)

//go:embed migrations/*.sql
var migrations embed.FS

// ErrNotFound is returned when a requested row does not exist.
var ErrNotFound = errors.New("store: not found")

// DB is the node database.
//
// It holds two pools on the same file: db for reads (several connections,
// which WAL lets run beside a writer) and w, one connection that every
// write goes through. SQLite allows one writer at a time; with writers on
// many connections the losers get SQLITE_BUSY and sleep in SQLite's busy
// handler (1, 2, 5, 10 … ms), which under the EMR's concurrent record writes
// cost more than the writes themselves. On one connection they queue in Go
// and each starts the moment the previous one commits.
type DB struct {
	db *sql.DB
	w  *sql.DB

	// Group commit (see Write).
	writes     chan writeReq
	closing    chan struct{}
	writerDone chan struct{}
	closeOnce  sync.Once
}

// Open opens (creating if needed) the database at path and applies any
// pending migrations. path ":memory:" is not supported: the archive must
// survive a restart, and tests use a temporary file.
func Open(ctx context.Context, path string) (*DB, error) {
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(ON)&_txlock=immediate"
	conns := connector{dsn: dsn, d: &sqlite.Driver{}}
	w := sql.OpenDB(conns)
	w.SetMaxOpenConns(1)
	s := &DB{w: w}
	// Migrate before the readers open, so they never see an old schema.
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	db := sql.OpenDB(conns)
	db.SetMaxOpenConns(8)
	// Keep them all open: a connection closed costs its statement cache,
	// and opening one runs the pragmas again.
	db.SetMaxIdleConns(8)
	s.db = db
	s.writes, s.closing, s.writerDone = make(chan writeReq), make(chan struct{}), make(chan struct{})
	go s.writer()
	return s, nil
}

// Close closes the database, after a group commit under way. It is safe to
// call twice.
func (s *DB) Close() error {
	if s == nil {
		return nil
	}
	var err error
	s.closeOnce.Do(func() {
		if s.closing != nil {
			close(s.closing)
			<-s.writerDone
		}
		err = errors.Join(s.db.Close(), s.w.Close())
	})
	return err
}

// SQL exposes the read pool for packages that own their own tables; they
// must add them through a migration here, and write through Writer.
func (s *DB) SQL() *sql.DB { return s.db }

// Writer is the one connection every write goes through (see DB). Never
// start a write on it while holding one of its transactions: the second
// waits for the first forever.
func (s *DB) Writer() *sql.DB { return s.w }

// migrate applies migrations/NNNN_*.sql in order, each in a transaction,
// recording the applied version in user_version.
func (s *DB) migrate(ctx context.Context) error {
	var version int
	if err := s.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	entries, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	latest := 0
	for _, e := range entries {
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: bad name", e.Name())
		}
		latest = max(latest, n)
		if n <= version {
			continue
		}
		body, err := migrations.ReadFile("migrations/" + e.Name())
		if err != nil {
			return err
		}
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", n)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", e.Name(), err)
		}
	}
	if version > latest {
		return fmt.Errorf("database schema version %d is newer than this dualchain knows (%d); use a newer dualchain", version, latest)
	}
	return nil
}
