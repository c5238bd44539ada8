// Package testenv builds real dualchain components for tests: embedded geth
// chains with small settings, senders for their dev accounts, and loggers
// that write to the test's log. Nothing here is a mock.
package testenv

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Logger returns a logger writing to t.Log.
func Logger(tb testing.TB) *slog.Logger {
	tb.Helper()
	return slog.New(slog.NewTextHandler(tbWriter{tb}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.tb.Helper()
	w.tb.Log(string(p))
	return len(p), nil
}

// Context returns a context cancelled when the test ends or after limit.
func Context(tb testing.TB, limit time.Duration) context.Context {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	tb.Cleanup(cancel)
	return ctx
}

// StartChain starts an embedded chain sealing on demand, with RPC on free
// ports, in dir ("" = in memory), and closes it when the test ends.
func StartChain(tb testing.TB, chainID uint64, dir string) *devchain.Chain {
	tb.Helper()
	return StartChainConfig(tb, devchain.Config{ChainID: chainID, DataDir: dir})
}

// StartChainConfig starts an embedded chain from cfg, with the test
// defaults (10 accounts, 16 MiB cache, logs to tb) where cfg leaves them
// zero, and closes it when the test ends.
func StartChainConfig(tb testing.TB, cfg devchain.Config) *devchain.Chain {
	tb.Helper()
	if cfg.Name == "" {
		cfg.Name = "test"
	}
	if cfg.Accounts == 0 {
		cfg.Accounts = 10
	}
	if cfg.CacheMB == 0 {
		cfg.CacheMB = 16
	}
	if cfg.Logger == nil {
		cfg.Logger = Logger(tb)
	}
	c, err := devchain.New(cfg)
	if err != nil {
		tb.Fatalf("devchain.New: %v", err)
	}
	if err := c.Start(context.Background()); err != nil {
		tb.Fatalf("devchain.Start: %v", err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

// Sender returns a transaction sender for dev account i of c.
func Sender(tb testing.TB, c *devchain.Chain, i int) *chain.Sender {
	tb.Helper()
	s, err := chain.NewSender(context.Background(), c.Client(), c.Accounts()[i].Key, chain.SenderConfig{})
	if err != nil {
		tb.Fatalf("chain.NewSender: %v", err)
	}
	return s
}

// OpenStore opens a node database in a temporary directory, closed when
// the test ends.
func OpenStore(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "node.db"))
	if err != nil {
		tb.Fatalf("store.Open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// WaitFor calls try every 10 ms until it returns nil or limit passes, then
// fails the test with try's last error. Chains seal blocks on their own
// goroutines; tests wait for the state they need instead of sleeping.
func WaitFor(tb testing.TB, limit time.Duration, try func() error) {
	tb.Helper()
	deadline := time.Now().Add(limit)
	for {
		err := try()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("condition not met within %v: %v", limit, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago, for
// a server that must come back on the same port after a restart.
func FreePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Request sends an HTTP request with an optional bearer token and body (a
// []byte is sent as it is, anything else as JSON) and returns the status,
// headers and body of the answer. It fails the test only when the request
// cannot be made.
func Request(tb testing.TB, method, url, token string, body any) (int, http.Header, []byte) {
	tb.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		js, err := json.Marshal(b)
		if err != nil {
			tb.Fatal(err)
		}
		rd = bytes.NewReader(js)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		tb.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, raw
}

// Blocks builds n linked headers-only blocks on parent (nil: the first is a
// genesis, number 0), marked by salt so that two calls on one parent build
// different histories: the archive and restore tests' chains, with no chain
// behind them.
func Blocks(parent *types.Block, n int, salt uint64) []*types.Block {
	var out []*types.Block
	for range n {
		h := &types.Header{Number: big.NewInt(0), Difficulty: big.NewInt(0), Extra: []byte{byte(salt)}, Time: salt}
		if parent != nil {
			h.Number = new(big.Int).Add(parent.Number(), common.Big1)
			h.ParentHash = parent.Hash()
			h.Time = parent.Time() + 1
		}
		b := types.NewBlockWithHeader(h)
		out = append(out, b)
		parent = b
	}
	return out
}
