// Package bench runs dualchain's experiments on the real embedded
// components and reports figures side by side in one run. Nothing here is
// a test: figures are measured, printed and written to files, never
// asserted.
package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/proof"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
)

// AnchoringConfig configures RunAnchoring.
type AnchoringConfig struct {
	// Sizes are the checkpoint sizes (blocks) to measure; default
	// 16, 32, …, 1024.
	Sizes []uint64
	// Checks is how many times each proof is checked for the timing;
	// default 100.
	Checks int
	// Progress receives one line per step; nil = quiet.
	Progress io.Writer    `json:"-"`
	Logger   *slog.Logger `json:"-"`
}

// AnchoringRow is the figures for one checkpoint size.
type AnchoringRow struct {
	Blocks        uint64  `json:"blocks"`
	CheckpointGas uint64  `json:"checkpointGas"`
	GasPerBlock   float64 `json:"gasPerBlock"`
	ProofBytes    int     `json:"proofBytes"`
	ProofSiblings int     `json:"proofSiblings"`
	CheckP50Ms    float64 `json:"checkP50Ms"`
	CheckP99Ms    float64 `json:"checkP99Ms"`
}

// AnchoringResult is the outcome of RunAnchoring.
type AnchoringResult struct {
	Machine Machine        `json:"machine"`
	Rows    []AnchoringRow `json:"rows"`
	Note    string         `json:"note"`
}

// Machine describes where a benchmark ran.
type Machine struct {
	OS, Arch string
	CPUs     int
	Go       string
	When     time.Time
}

func thisMachine() Machine {
	return Machine{OS: runtime.GOOS, Arch: runtime.GOARCH, CPUs: runtime.NumCPU(), Go: runtime.Version(), When: time.Now().UTC()}
}

// RunAnchoring measures, for each checkpoint size, the gas of a steady-state
// checkpoint (a member's first costs more and is not counted), the size of
// a block proof and the time to check it against the verification chain
// over HTTP, on two embedded chains in a temporary directory.
func RunAnchoring(ctx context.Context, cfg AnchoringConfig) (*AnchoringResult, error) {
	if len(cfg.Sizes) == 0 {
		cfg.Sizes = []uint64{16, 32, 64, 128, 256, 512, 1024}
	}
	if cfg.Checks <= 0 {
		cfg.Checks = 100
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	progress := func(format string, args ...any) {
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, format+"\n", args...)
		}
	}
	dir, err := os.MkdirTemp("", "dualchain-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	const workID, verifID = 7701, 7702
	work, err := startChain(ctx, devchain.Config{Name: "bench-working", ChainID: workID, HTTPPort: -1, WSPort: -1, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	defer work.Close()
	verif, err := startChain(ctx, devchain.Config{Name: "bench-verification", ChainID: verifID, HTTPPort: 0, WSPort: -1, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	defer verif.Close()
	db, err := store.Open(ctx, filepath.Join(dir, "node.db"))
	if err != nil {
		return nil, err
	}
	defer db.Close()

	follower := archive.New(archive.Config{Batch: 512}, work.Client(), db)
	// grow seals working-chain blocks until the head is `to` and archives
	// them, so that the agent can build exactly the next window and no more.
	grow := func(to uint64) error {
		for {
			h, err := work.Client().BlockNumber(ctx)
			if err != nil {
				return err
			}
			if h >= to {
				break
			}
			work.Commit()
		}
		_, err := follower.Sync(ctx)
		return err
	}
	key := verif.Accounts()[1].Key
	s, err := chain.NewSender(ctx, verif.Client(), key, chain.SenderConfig{})
	if err != nil {
		return nil, err
	}
	out, err := (&deploy.Deployer{Path: filepath.Join(dir, "deployments.json"), Role: "verification", Sender: s}).Ensure(ctx,
		deploy.VerificationContracts(workID, []common.Address{s.From()}))
	if err != nil {
		return nil, err
	}
	reg := out[deploy.AnchorRegistryName]
	httpClient, err := ethclient.DialContext(ctx, verif.HTTPEndpoint())
	if err != nil {
		return nil, err
	}
	defer httpClient.Close()
	mirror := anchor.NewMirror(anchor.MirrorConfig{Registry: reg}, verif.Client(), db)

	res := &AnchoringResult{Machine: thisMachine(),
		Note: "steady-state checkpoints (a member's first costs more); proof checked over HTTP against the embedded verification chain"}
	sizes := append([]uint64{16}, cfg.Sizes...)
	var next uint64 // first height of the next window
	for i, size := range sizes {
		progress("sealing blocks %d-%d", next, next+size-1)
		if err := grow(next + size - 1); err != nil {
			return nil, err
		}
		a, err := anchor.NewAgent(anchor.Config{ChainID: workID, Registry: reg, Interval: size, Confirmations: 1, MaxAge: 24 * time.Hour, Logger: cfg.Logger}, db, s)
		if err != nil {
			return nil, err
		}
		c, err := stepUntilIncluded(ctx, a, db)
		if err != nil {
			return nil, fmt.Errorf("bench: checkpoint of %d blocks: %w", size, err)
		}
		if c.Start != next || c.End != next+size-1 {
			return nil, fmt.Errorf("bench: built checkpoint %d-%d, want %d-%d", c.Start, c.End, next, next+size-1)
		}
		next = c.End + 1
		if i == 0 {
			continue
		}
		progress("[%d/%d] checkpoint of %d blocks: %d gas", i, len(cfg.Sizes), size, c.GasUsed)
		if err := mirror.Sync(ctx); err != nil {
			return nil, err
		}
		p, err := proof.BuildBlock(ctx, db, workID, c.Start+size/2, verifID, reg)
		if err != nil {
			return nil, err
		}
		raw, _ := json.Marshal(p)
		times := make([]time.Duration, cfg.Checks)
		for j := range times {
			began := time.Now()
			if _, err := proof.Check(ctx, p, httpClient); err != nil {
				return nil, fmt.Errorf("bench: proof check: %w", err)
			}
			times[j] = time.Since(began)
		}
		slices.Sort(times)
		res.Rows = append(res.Rows, AnchoringRow{
			Blocks: size, CheckpointGas: c.GasUsed, GasPerBlock: float64(c.GasUsed) / float64(size),
			ProofBytes: len(raw), ProofSiblings: len(p.Merkle.Siblings),
			CheckP50Ms: ms(times[len(times)/2]), CheckP99Ms: ms(times[len(times)*99/100]),
		})
	}
	return res, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func startChain(ctx context.Context, cfg devchain.Config) (*devchain.Chain, error) {
	cfg.CacheMB = 32
	c, err := devchain.New(cfg)
	if err != nil {
		return nil, err
	}
	if err := c.Start(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// stepUntilIncluded steps the agent until a new checkpoint is included.
func stepUntilIncluded(ctx context.Context, a *anchor.Agent, db *store.DB) (*store.Checkpoint, error) {
	before, err := db.Checkpoints(ctx, 0)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if err := a.Step(ctx); err != nil {
			return nil, err
		}
		cs, err := db.Checkpoints(ctx, uint64(len(before)))
		if err != nil {
			return nil, err
		}
		if len(cs) > 0 && (cs[0].State == store.StateIncluded || cs[0].State == store.StateSettled) {
			return cs[0], nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil, fmt.Errorf("no checkpoint included within a minute")
}

// Markdown renders the result as a table.
func (r *AnchoringResult) Markdown() string {
	s := fmt.Sprintf("Machine: %s/%s, %d CPUs, %s, %s. %s.\n\n", r.Machine.OS, r.Machine.Arch, r.Machine.CPUs, r.Machine.Go,
		r.Machine.When.Format("2006-01-02"), r.Note)
	s += "| blocks per checkpoint | gas per checkpoint | gas per anchored block | proof bytes | Merkle siblings | check p50 (ms) | check p99 (ms) |\n|---:|---:|---:|---:|---:|---:|---:|\n"
	for _, row := range r.Rows {
		s += fmt.Sprintf("| %d | %d | %.1f | %d | %d | %.2f | %.2f |\n", row.Blocks, row.CheckpointGas, row.GasPerBlock, row.ProofBytes, row.ProofSiblings, row.CheckP50Ms, row.CheckP99Ms)
	}
	return s
}
