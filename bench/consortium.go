package bench

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/dualchain/dualchain/consortium"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/synth"
)

// ConsortiumConfig sets up "dualchain bench consortium".
type ConsortiumConfig struct {
	// Validators in the consortium (default 4).
	Validators int
	// Writes per mode and the writers sending them at once (defaults 200, 16).
	Writes, Writers int
	// Blocks is how many block intervals to time on the idle consortium
	// (default 20).
	Blocks int
	// Dir holds the chains; default a temporary directory, removed after.
	Dir      string
	Logger   *slog.Logger                     `json:"-"`
	Progress func(format string, args ...any) `json:"-"`
}

// ConsortiumResult compares EMR writes on a consortium of CometBFT
// validators with the same writes on the dev chain, measured in one run.
type ConsortiumResult struct {
	Validators int `json:"validators"`
	Writes     int `json:"writes"`
	Writers    int `json:"writers"`
	// BlockIntervalMs are the wall-clock gaps between consecutive heads of
	// validator 0 while idle.
	BlockIntervalP50Ms  float64 `json:"blockIntervalP50Ms"`
	BlockIntervalMeanMs float64 `json:"blockIntervalMeanMs"`
	// TxsPerBlock is the mean over the blocks that carried the write load.
	TxsPerBlock float64     `json:"txsPerBlock"`
	Consortium  WriteFigure `json:"consortium"`
	Dev         WriteFigure `json:"dev"`
	// ForkMs is the hard fork of the consortium's validators after a
	// majority rewrite (all but validator 0 collude): from stopping the
	// honest validator to its successor chain's first block. 0 with fewer
	// than 4 validators (no majority to collude).
	ForkMs float64 `json:"forkMs"`
	// ForkRebuilt is how many blocks the fork re-imported from the archive.
	ForkRebuilt uint64 `json:"forkRebuiltBlocks"`
	// PeakRSSMiB is this process's peak RSS: the validators' geths and
	// CometBFT nodes, the verification-free EMR stack on validator 0, and
	// the dev-mode stack measured before them.
	PeakRSSMiB float64 `json:"peakRssMiB"`
}

// WriteFigure is one mode's end-to-end record writes.
type WriteFigure struct {
	PerSec float64 `json:"perSec"`
	P50Ms  float64 `json:"p50Ms"`
	P99Ms  float64 `json:"p99Ms"`
}

func (c *ConsortiumConfig) defaults() {
	if c.Validators == 0 {
		c.Validators = 4
	}
	if c.Writes == 0 {
		c.Writes = 200
	}
	if c.Writers == 0 {
		c.Writers = 16
	}
	if c.Blocks == 0 {
		c.Blocks = 20
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Progress == nil {
		c.Progress = func(string, ...any) {}
	}
}

// RunConsortium measures the dev chain first, then starts the consortium's
// validators in this process and runs the same writes on validator 0.
func RunConsortium(ctx context.Context, cfg ConsortiumConfig) (*ConsortiumResult, error) {
	cfg.defaults()
	dir := cfg.Dir
	if dir == "" {
		d, cleanup, err := tempDir()
		if err != nil {
			return nil, err
		}
		defer cleanup()
		dir = d
	}
	res := &ConsortiumResult{Validators: cfg.Validators, Writes: cfg.Writes, Writers: cfg.Writers}

	cfg.Progress("dev chain: %d record writes from %d writers", cfg.Writes, cfg.Writers)
	dev, err := startSystem(ctx, filepath.Join(dir, "dev"), systemConfig{ChainID: 1337, Practitioners: cfg.Writers, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	res.Dev, err = writeLoad(ctx, dev, cfg.Writes, cfg.Writers)
	dev.close()
	if err != nil {
		return nil, fmt.Errorf("dev writes: %w", err)
	}

	cfg.Progress("consortium: starting %d validators", cfg.Validators)
	base, err := consortium.FreePorts(10 * cfg.Validators)
	if err != nil {
		return nil, err
	}
	lay, err := consortium.Init(filepath.Join(dir, "consortium"), consortium.Spec{Hospitals: cfg.Validators, ChainID: 1337, BasePort: base})
	if err != nil {
		return nil, err
	}
	vs := make([]*consortium.Validator, len(lay.Nodes))
	defer func() {
		for _, v := range vs {
			if v != nil {
				v.Close()
			}
		}
	}()
	for i, n := range lay.Nodes {
		if vs[i], err = consortium.Start(ctx, n, cfg.Logger); err != nil {
			return nil, err
		}
	}
	if err := waitHead(ctx, vs[0], 2, time.Minute); err != nil {
		return nil, err
	}
	cfg.Progress("consortium: timing %d idle block intervals", cfg.Blocks)
	gaps, err := blockGaps(ctx, vs[0], cfg.Blocks)
	if err != nil {
		return nil, err
	}
	res.BlockIntervalP50Ms = percentile(gaps, 0.5)
	var sum time.Duration
	for _, g := range gaps {
		sum += g
	}
	res.BlockIntervalMeanMs = float64(sum.Microseconds()) / 1000 / float64(len(gaps))

	cfg.Progress("consortium: %d record writes from %d writers on validator 0", cfg.Writes, cfg.Writers)
	key := devchain.DevAccounts(lay.Nodes[0].Seed, lay.Nodes[0].Accounts)[0].Key
	cl := vs[0].Client()
	defer cl.Close()
	cons, err := startSystem(ctx, filepath.Join(dir, "consortium-node"), systemConfig{ChainID: 1337, Practitioners: cfg.Writers,
		Working: cl, HospitalKey: key, Founders: lay.Nodes[0].Members, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	from := vs[0].Head().Number.Uint64()
	if res.Consortium, err = writeLoad(ctx, cons, cfg.Writes, cfg.Writers); err != nil {
		cons.close()
		return nil, fmt.Errorf("consortium writes: %w", err)
	}
	to := vs[0].Head().Number.Uint64()
	txs, blocks := 0, 0
	for n := from + 1; n <= to; n++ {
		if b := vs[0].Eth().BlockChain().GetBlockByNumber(n); b != nil && len(b.Transactions()) > 0 {
			txs += len(b.Transactions())
			blocks++
		}
	}
	if blocks > 0 {
		res.TxsPerBlock = float64(txs) / float64(blocks)
	}
	cons.close()
	if cfg.Validators >= 4 {
		cfg.Progress("consortium: majority rewrite by validators 1..%d, then the hard fork", cfg.Validators-1)
		if res.ForkMs, res.ForkRebuilt, err = timeFork(ctx, lay.Nodes, vs, filepath.Join(dir, "consortium-node", "node.db"), cfg.Logger); err != nil {
			return nil, fmt.Errorf("fork: %w", err)
		}
	}
	res.PeakRSSMiB = peakRSS()
	return res, nil
}

// timeFork has every validator but the first rewind two blocks below the
// head and go on without it, then times the first one's hard fork: stop,
// rebuild its execution database from the hospital node's archive (node.db
// at archivePath) up to the archive's head, successor genesis there,
// restart, first successor block. It returns the time and the blocks
// rebuilt.
func timeFork(ctx context.Context, nodes []consortium.NodeConfig, vs []*consortium.Validator, archivePath string, log *slog.Logger) (float64, uint64, error) {
	db, err := store.Open(ctx, archivePath)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	archived, err := db.Head(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("the hospital's archive: %w", err)
	}
	head := vs[0].Head().Number.Uint64()
	for _, v := range vs[1:] {
		v.Close()
	}
	// The fork block: the last one the hospital archived (the validator
	// went on making blocks after its node stopped).
	top := vs[0].Eth().BlockChain().GetHeaderByNumber(archived.Number)
	if top == nil || top.Hash() != archived.Hash {
		return 0, 0, fmt.Errorf("the archive's head %d is not the validator's block", archived.Number)
	}
	colluders := nodes[1:]
	for i, n := range colluders {
		if err := consortium.Rewind(n, int64(head-2)); err != nil {
			return 0, 0, err
		}
		v, err := consortium.Start(ctx, consortium.Isolated(n, colluders), log, consortium.WithHead(head-2))
		if err != nil {
			return 0, 0, err
		}
		vs[i+1] = v
	}
	began := time.Now()
	vs[0].Close()
	rb, err := consortium.RebuildGeth(ctx, nodes[0], top.Number.Uint64(), db.ArchivedBlocks, log)
	if err != nil {
		return 0, 0, err
	}
	next, _, err := consortium.Fork(nodes[0], top.Number.Uint64(), top.Hash(), []int{0})
	if err != nil {
		return 0, 0, err
	}
	if vs[0], err = consortium.Start(ctx, next, log, consortium.WithHead(top.Number.Uint64())); err != nil {
		return 0, 0, err
	}
	if err := waitHead(ctx, vs[0], top.Number.Uint64()+1, time.Minute); err != nil {
		return 0, 0, err
	}
	return float64(time.Since(began).Microseconds()) / 1000, rb.Imported, nil
}

// writeLoad writes n synthetic records from c writers (one practitioner
// account each) and returns the throughput and latency.
func writeLoad(ctx context.Context, s *system, n, c int) (WriteFigure, error) {
	bodies := records(synth.New(3), s.refs, n)
	wall, lat, err := parallel(ctx, n, c, func(ctx context.Context, i int) error {
		_, err := s.svc.Create(ctx, s.practitioners[i%len(s.practitioners)], bodies[i%len(bodies)])
		return err
	})
	if err != nil {
		return WriteFigure{}, err
	}
	return WriteFigure{PerSec: float64(n) / wall.Seconds(), P50Ms: percentile(lat, 0.5), P99Ms: percentile(lat, 0.99)}, nil
}

func waitHead(ctx context.Context, v *consortium.Validator, n uint64, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for v.Head().Number.Uint64() < n {
		if time.Now().After(deadline) {
			return errorf("consortium made no block %d within %v", n, limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil
}

// blockGaps times n consecutive head changes of v by the wall clock.
func blockGaps(ctx context.Context, v *consortium.Validator, n int) ([]time.Duration, error) {
	var gaps []time.Duration
	last, at := v.Head().Number.Uint64(), time.Time{}
	deadline := time.Now().Add(time.Duration(n+5) * 5 * time.Second)
	for len(gaps) < n {
		if h := v.Head().Number.Uint64(); h != last {
			now := time.Now()
			if !at.IsZero() {
				gaps = append(gaps, now.Sub(at)/time.Duration(h-last))
			}
			last, at = h, now
		}
		if time.Now().After(deadline) {
			return nil, errorf("only %d blocks before the deadline", len(gaps))
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	return gaps, nil
}

// Markdown renders the comparison.
func (r *ConsortiumResult) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "| figure | consortium (%d CometBFT validators) | dev chain |\n|---|---|---|\n", r.Validators)
	fmt.Fprintf(&b, "| block interval p50 / mean | %.0f / %.0f ms | on demand |\n", r.BlockIntervalP50Ms, r.BlockIntervalMeanMs)
	fmt.Fprintf(&b, "| record writes/s (%d writes, %d writers) | %.1f | %.1f |\n", r.Writes, r.Writers, r.Consortium.PerSec, r.Dev.PerSec)
	fmt.Fprintf(&b, "| write latency p50 / p99 | %.0f / %.0f ms | %.0f / %.0f ms |\n", r.Consortium.P50Ms, r.Consortium.P99Ms, r.Dev.P50Ms, r.Dev.P99Ms)
	fmt.Fprintf(&b, "| txs per block under load | %.1f | |\n", r.TxsPerBlock)
	if r.ForkMs > 0 {
		fmt.Fprintf(&b, "| hard fork after a majority rewrite (stop, rebuild %d blocks from the archive, successor genesis, first block) | %.0f ms | ≤ 60 s |\n", r.ForkRebuilt, r.ForkMs)
	}
	fmt.Fprintf(&b, "| peak RSS of the bench process | %.0f MiB | |\n", r.PeakRSSMiB)
	return b.String()
}
