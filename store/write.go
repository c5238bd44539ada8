package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("store: database closed")

// writeReq is one caller's part of a group commit.
type writeReq struct {
	ctx  context.Context
	fn   func(tx *sql.Tx) error
	done chan error
}

// maxGroup bounds how many callers share one transaction, so one commit
// never holds a long tail of callers behind a slow one.
const maxGroup = 64

// Write runs fn in a write transaction and returns once what it wrote is
// committed (durably: synchronous=FULL). Calls that arrive while a commit
// is on disk are grouped into the next transaction, each inside its own
// savepoint, so they share one fsync: a failing fn rolls back only its own
// writes and gets its own error. fn must use only tx, and must not call
// Write (it runs on the writer, which would wait for itself).
//
// Why: every acknowledged EMR write indexes its receipt and appends an
// audit event. One transaction each costs an fsync each, and with many
// writers at once the fsyncs queue up behind the single SQLite writer; a
// group commit keeps the guarantee (a write that returned is on disk) at
// one fsync per group.
func (s *DB) Write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	req := writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.writes <- req:
	case <-s.closing:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		// The group may still commit it; the caller only stops waiting.
		return ctx.Err()
	}
}

// writer runs the group commits until Close.
func (s *DB) writer() {
	defer close(s.writerDone)
	for {
		var first writeReq
		select {
		case first = <-s.writes:
		case <-s.closing:
			return
		}
		group := []writeReq{first}
	gather:
		for len(group) < maxGroup {
			select {
			case r := <-s.writes:
				group = append(group, r)
			default:
				break gather
			}
		}
		s.commitGroup(group)
	}
}

// commitGroup runs each request in its own savepoint of one transaction and
// commits it; a request whose context ended is skipped.
func (s *DB) commitGroup(group []writeReq) {
	fail := func(err error) {
		for _, r := range group {
			r.done <- err
		}
	}
	tx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		fail(fmt.Errorf("store: begin: %w", err))
		return
	}
	errs := make([]error, len(group))
	for i, r := range group {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		var fatal error
		errs[i], fatal = inSavepoint(r.ctx, tx, r.fn)
		if fatal != nil {
			tx.Rollback()
			fail(fatal)
			return
		}
	}
	if err := tx.Commit(); err != nil {
		fail(fmt.Errorf("store: commit: %w", err))
		return
	}
	for i, r := range group {
		r.done <- errs[i]
	}
}

// inSavepoint runs fn so that its writes are undone alone if it fails
// (err). fatal means the transaction itself is in doubt: the whole group
// is rolled back.
func inSavepoint(ctx context.Context, tx *sql.Tx, fn func(tx *sql.Tx) error) (err, fatal error) {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT w"); err != nil {
		return err, nil // nothing of fn's was written
	}
	bg := context.WithoutCancel(ctx)
	if err := fn(tx); err != nil {
		if _, rerr := tx.ExecContext(bg, "ROLLBACK TO w"); rerr != nil {
			return err, fmt.Errorf("store: roll back savepoint: %w", rerr)
		}
		if _, rerr := tx.ExecContext(bg, "RELEASE w"); rerr != nil {
			return err, fmt.Errorf("store: release savepoint: %w", rerr)
		}
		return err, nil
	}
	if _, err := tx.ExecContext(bg, "RELEASE w"); err != nil {
		return nil, fmt.Errorf("store: release savepoint: %w", err)
	}
	return nil, nil
}
