package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync"

	"modernc.org/sqlite"
)

// The sqlite driver compiles every query it is given as text, each time:
// database/sql passes QueryContext and ExecContext straight to it, and it
// prepares, runs and finalizes. A CPU profile of concurrent EMR writes had
// 5 % of the node's time in SQLite's parser, for the same few dozen
// statements over and over. Each connection here keeps the statements it
// has prepared, by their text, and runs them again; the callers keep
// writing plain SQL.

// maxCachedStmts bounds one connection's cache: statements built with a
// variable number of placeholders would otherwise grow it without end.
// The node's fixed statements are far fewer.
const maxCachedStmts = 256

// connector opens sqlite connections that cache their statements.
type connector struct {
	dsn string
	d   *sqlite.Driver
}

func (c connector) Connect(context.Context) (driver.Conn, error) {
	raw, err := c.d.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	conn, ok := raw.(sqliteConn)
	if !ok {
		raw.Close()
		return nil, fmt.Errorf("store: the sqlite driver's connection (%T) lacks a method the statement cache needs", raw)
	}
	return &cachingConn{sqliteConn: conn, stmts: map[string]*cachedStmt{}}, nil
}

func (c connector) Driver() driver.Driver { return c.d }

// sqliteConn is what database/sql uses of the driver's connection.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// stmtRunner is what the driver's prepared statements do.
type stmtRunner interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// cachingConn is one connection with its statement cache. database/sql
// never calls into one connection from two goroutines at once; mu is for
// the rows that release their statement from Close.
type cachingConn struct {
	sqliteConn
	mu    sync.Mutex
	stmts map[string]*cachedStmt
}

// cachedStmt is a prepared statement; busy while rows read from it (a
// statement cannot run twice at once, so the same text queried again
// meanwhile, as a nested loop would, is prepared afresh).
type cachedStmt struct {
	stmtRunner
	busy bool
}

// take returns query's cached statement, marked busy, preparing it on
// first use; nil means run it uncached (a script of several statements,
// a full cache, or the statement is busy).
func (c *cachingConn) take(ctx context.Context, query string) (*cachedStmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		if st.busy {
			return nil, nil
		}
		st.busy = true
		return st, nil
	}
	// A semicolon may end a script (migrations); such text runs uncached.
	if len(c.stmts) >= maxCachedStmts || strings.Contains(query, ";") {
		return nil, nil
	}
	ds, err := c.sqliteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	run, ok := ds.(stmtRunner)
	if !ok {
		ds.Close()
		return nil, nil
	}
	st := &cachedStmt{stmtRunner: run, busy: true}
	c.stmts[query] = st
	return st, nil
}

func (c *cachingConn) release(st *cachedStmt) {
	c.mu.Lock()
	st.busy = false
	c.mu.Unlock()
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	st, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.sqliteConn.ExecContext(ctx, query, args)
	}
	defer c.release(st)
	return st.ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	st, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.sqliteConn.QueryContext(ctx, query, args)
	}
	rows, err := st.QueryContext(ctx, args)
	if err != nil {
		c.release(st)
		return nil, err
	}
	return &cachedRows{Rows: rows, release: func() { c.release(st) }}, nil
}

// Close finalizes the cached statements, then closes the connection.
func (c *cachingConn) Close() error {
	c.mu.Lock()
	for q, st := range c.stmts {
		st.Close()
		delete(c.stmts, q)
	}
	c.mu.Unlock()
	return c.sqliteConn.Close()
}

// cachedRows gives its statement back when closed (the driver resets it
// then, ready to run again).
type cachedRows struct {
	driver.Rows
	release func()
	once    sync.Once
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.once.Do(r.release)
	return err
}
