package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/guard"
	"github.com/dualchain/dualchain/proof"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/synth"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
)

// GrowthConfig configures RunGrowth.
type GrowthConfig struct {
	// Lengths are the working-chain lengths (blocks) at which the costs are
	// measured, ascending; default 1,000, 10,000, 100,000.
	Lengths []uint64
	// Interval is the checkpoint size; default 128 (the dev default).
	Interval uint64
	// SealBlocks is how many blocks the dev chain seals (default 10,000);
	// the archive is extended beyond that with well-formed empty blocks the
	// benchmark builds itself (see extendArchive), because sealing through
	// geth's engine API takes milliseconds per block.
	SealBlocks uint64
	// Records are the record counts at which the EMR costs are measured,
	// ascending; default 100, 500, 2,000. Empty after defaults = skip.
	Records []int
	// Checks is how many times each proof is checked; default 50.
	Checks int
	// Log receives one line per step and Step is called after each stage;
	// both may be nil.
	Log    func(format string, args ...any) `json:"-"`
	Step   func()                           `json:"-"`
	Logger *slog.Logger                     `json:"-"`
}

func (c *GrowthConfig) defaults() {
	if len(c.Lengths) == 0 {
		c.Lengths = []uint64{1_000, 10_000, 100_000}
	}
	if c.Interval == 0 {
		c.Interval = 128
	}
	if c.SealBlocks == 0 {
		c.SealBlocks = 10_000
	}
	if c.Records == nil {
		c.Records = []int{100, 500, 2_000}
	}
	if c.Checks <= 0 {
		c.Checks = 50
	}
	if c.Log == nil {
		c.Log = func(string, ...any) {}
	}
	if c.Step == nil {
		c.Step = func() {}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// LengthRow is what one working-chain length costs.
type LengthRow struct {
	Blocks uint64 `json:"blocks"`
	// Built is how many of Blocks the benchmark built and archived itself
	// (above SealBlocks); the rest were sealed by geth.
	Built       uint64 `json:"built"`
	Checkpoints int    `json:"checkpoints"`
	// GasPerCheckpoint and GasPerBlock are the means over the checkpoints
	// added since the previous length (steady state).
	GasPerCheckpoint float64 `json:"gasPerCheckpoint"`
	GasPerBlock      float64 `json:"gasPerAnchoredBlock"`
	TotalGas         uint64  `json:"totalGas"`
	// AnchorMsPerCheckpoint is the agent's wall time per checkpoint
	// (build over the archive, sign, send, included) in this stage.
	AnchorMsPerCheckpoint float64 `json:"anchorMsPerCheckpoint"`
	// FullCheckMs is the guard's full self-check (every checkpoint's root
	// recomputed from the archive), median of five.
	FullCheckMs float64 `json:"fullCheckMs"`
	// Proofs of the oldest block (1) and of the newest anchored block.
	OldProofBytes   int     `json:"oldProofBytes"`
	NewProofBytes   int     `json:"newProofBytes"`
	OldProofCheckMs float64 `json:"oldProofCheckP50Ms"`
	NewProofCheckMs float64 `json:"newProofCheckP50Ms"`
	ArchiveBytes    int64   `json:"archiveDbBytes"`
	// SealBlocksPerSec is how fast the blocks of this stage were sealed or
	// built, and archived (context, not a figure of the design).
	SealBlocksPerSec float64 `json:"sealBlocksPerSec"`
}

// RecordRow is what one record count costs.
type RecordRow struct {
	Records          int     `json:"records"`
	Blocks           uint64  `json:"blocks"`
	ReadP50Ms        float64 `json:"readP50Ms"`
	EverythingMs     float64 `json:"everythingP50Ms"`
	RecordProofBytes int     `json:"recordProofBytes"`
	RecordProofMs    float64 `json:"recordProofCheckP50Ms"`
	FullCheckMs      float64 `json:"fullCheckMs"`
	NodeDBBytes      int64   `json:"nodeDbBytes"`
	IPFSBytes        int64   `json:"ipfsBytes"`
}

// GrowthResult is the outcome of RunGrowth.
type GrowthResult struct {
	Interval uint64      `json:"interval"`
	Lengths  []LengthRow `json:"lengths"`
	Records  []RecordRow `json:"records"`
	Note     string      `json:"note"`
}

// RunGrowth measures how the dual chain's costs grow. First with chain
// length: a working chain of empty blocks (sealed by the real dev sealer,
// archived, anchored by the real agent into the real registry, every
// Interval blocks) is grown to each of Lengths, and at each the gas, the
// agent's time per checkpoint, the guard's full self-check and block
// proofs of the oldest and newest blocks are measured. Empty blocks are
// honest here: anchoring and verification see only block hashes, whatever
// the blocks hold. Then with record count, on a dual-chain EMR node that
// writes records for one patient up to each of Records.
func RunGrowth(ctx context.Context, cfg GrowthConfig) (*GrowthResult, error) {
	cfg.defaults()
	res := &GrowthResult{Interval: cfg.Interval,
		Note: fmt.Sprintf("chain length: an in-memory dev working chain of empty blocks sealed by its simulated beacon up to block %d, archived by the archive follower; above that the benchmark builds empty child blocks itself (its parent's header with parent hash, number and time advanced: real hashes, not executed) and archives them directly, because sealing through the engine API costs milliseconds per block. The agent anchors every %d blocks into the registry on an on-demand verification chain; the guard's full self-check and block proofs (checked over HTTP) read the archive, the same for either kind of block. Record count: one dual-chain EMR node (anchoring every 128 blocks or 2 s), all records for one patient, 4 writers", cfg.SealBlocks, cfg.Interval)}
	if err := lengthGrowth(ctx, cfg, res); err != nil {
		return nil, err
	}
	if len(cfg.Records) > 0 {
		if err := recordGrowth(ctx, cfg, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func lengthGrowth(ctx context.Context, cfg GrowthConfig, res *GrowthResult) error {
	dir, cleanup, err := tempDir()
	if err != nil {
		return err
	}
	defer cleanup()
	const workID, verifID = 7601, 7602
	// In memory: the length is what is measured, not the disk. Nothing is
	// finalized, so geth's freezer does not copy the blocks into its
	// ancient store meanwhile (and at Close).
	work, err := startChain(ctx, devchain.Config{Name: "growth-working", ChainID: workID, HTTPPort: -1, WSPort: -1, NoFinality: true, Logger: cfg.Logger})
	if err != nil {
		return err
	}
	defer work.Close()
	verif, err := startChain(ctx, devchain.Config{Name: "growth-verification", ChainID: verifID, DataDir: filepath.Join(dir, "verification"), HTTPPort: 0, WSPort: -1, Logger: cfg.Logger})
	if err != nil {
		return err
	}
	defer verif.Close()
	dbPath := filepath.Join(dir, "node.db")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	follower := archive.New(archive.Config{Batch: 512, Logger: cfg.Logger}, work.Client(), db)
	snd, err := chain.NewSender(ctx, verif.Client(), verif.Accounts()[1].Key, chain.SenderConfig{})
	if err != nil {
		return err
	}
	out, err := (&deploy.Deployer{Path: filepath.Join(dir, "deployments.json"), Role: "verification", Sender: snd}).Ensure(ctx,
		deploy.VerificationContracts(workID, []common.Address{snd.From()}))
	if err != nil {
		return err
	}
	reg := out[deploy.AnchorRegistryName]
	httpClient, err := ethclient.DialContext(ctx, verif.HTTPEndpoint())
	if err != nil {
		return err
	}
	defer httpClient.Close()
	mirror := anchor.NewMirror(anchor.MirrorConfig{Registry: reg, Logger: cfg.Logger}, verif.Client(), db)
	agent, err := anchor.NewAgent(anchor.Config{ChainID: workID, Registry: reg, Interval: cfg.Interval, MaxAge: 24 * time.Hour, Confirmations: 1, Logger: cfg.Logger}, db, snd)
	if err != nil {
		return err
	}
	gd := guard.New(guard.Config{ChainID: workID, Confirmations: 1, Logger: cfg.Logger}, db, verif.Client())

	var height uint64
	for _, length := range cfg.Lengths {
		began := time.Now()
		if sealTo := min(length, cfg.SealBlocks); height < sealTo {
			cfg.Log("growth: sealing and archiving blocks %d-%d", height+1, sealTo)
			if err := sealAndArchive(ctx, work, follower, height, sealTo); err != nil {
				return err
			}
			height = sealTo
		}
		if height < length {
			cfg.Log("growth: building and archiving blocks %d-%d", height+1, length)
			if err := extendArchive(ctx, db, length); err != nil {
				return err
			}
			height = length
		}
		row := LengthRow{Blocks: length, Built: length - min(length, cfg.SealBlocks), SealBlocksPerSec: float64(length-res.lastBlocks()) / time.Since(began).Seconds()}

		cfg.Log("growth: anchoring up to block %d", length)
		before, err := db.Checkpoints(ctx, 0)
		if err != nil {
			return err
		}
		began = time.Now()
		if err := anchorUpTo(ctx, agent, db, length, cfg.Interval); err != nil {
			return err
		}
		anchorTook := time.Since(began)
		all, err := db.Checkpoints(ctx, 0)
		if err != nil {
			return err
		}
		row.Checkpoints = len(all)
		var stageGas, stageBlocks uint64
		stageCPs := 0
		for _, c := range all {
			row.TotalGas += c.GasUsed
			// A member's first checkpoint also pays for its registry slot.
			if c.Index > 0 && c.Index >= uint64(len(before)) {
				stageGas += c.GasUsed
				stageBlocks += c.End - c.Start + 1
				stageCPs++
			}
		}
		if stageCPs > 0 {
			row.GasPerCheckpoint = float64(stageGas) / float64(stageCPs)
			row.GasPerBlock = float64(stageGas) / float64(stageBlocks)
		}
		if n := len(all) - len(before); n > 0 {
			row.AnchorMsPerCheckpoint = ms(anchorTook) / float64(n)
		}
		// One more block on the verification chain so the last checkpoint
		// is a confirmation deep, then mirror it.
		if err := mirrorAll(ctx, mirror, db, workID, len(all)); err != nil {
			return err
		}

		cfg.Log("growth: guard full check and proofs at %d blocks", length)
		var checks []time.Duration
		for range 5 {
			rep, err := gd.Verify(ctx)
			if err != nil {
				return err
			}
			if len(rep.Mismatches) > 0 || rep.Checked != len(all) {
				return errorf("growth: guard checked %d of %d checkpoints, %d mismatches", rep.Checked, len(all), len(rep.Mismatches))
			}
			checks = append(checks, rep.Took)
		}
		slices.Sort(checks)
		row.FullCheckMs = ms(checks[2])
		newest := all[len(all)-1].End
		if row.OldProofBytes, row.OldProofCheckMs, err = blockProof(ctx, db, workID, 1, verifID, reg, httpClient, cfg.Checks); err != nil {
			return err
		}
		if row.NewProofBytes, row.NewProofCheckMs, err = blockProof(ctx, db, workID, newest, verifID, reg, httpClient, cfg.Checks); err != nil {
			return err
		}
		row.ArchiveBytes = dirBytes(dir, "node.db")
		res.Lengths = append(res.Lengths, row)
		cfg.Log("growth: %d blocks: %d checkpoints, %.0f gas each, full check %.1f ms, proof %d bytes", length, row.Checkpoints, row.GasPerCheckpoint, row.FullCheckMs, row.NewProofBytes)
		cfg.Step()
	}
	return nil
}

func (r *GrowthResult) lastBlocks() uint64 {
	if len(r.Lengths) == 0 {
		return 0
	}
	return r.Lengths[len(r.Lengths)-1].Blocks
}

// sealAndArchive has the dev chain seal empty blocks from height+1 to to,
// and the archive follow. The archive syncs each batch while the next is
// sealed (two cores), so it never holds a huge backlog in one Sync.
func sealAndArchive(ctx context.Context, work *devchain.Chain, follower *archive.Follower, height, to uint64) error {
	var syncing chan error
	wait := func() error {
		if syncing == nil {
			return nil
		}
		err := <-syncing
		syncing = nil
		return err
	}
	for height < to {
		for range min(1024, to-height) {
			work.Commit()
			height++
		}
		if err := wait(); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		syncing = make(chan error, 1)
		go func() { _, err := follower.Sync(ctx); syncing <- err }()
	}
	if err := wait(); err != nil {
		return err
	}
	_, err := follower.Sync(ctx)
	return err
}

// extendArchive appends empty blocks to the archive up to height length,
// each the child of the one before: a copy of its parent's header with the
// parent hash, number and timestamp advanced, so every block has its own
// real keccak hash. They are well-formed blocks but were not executed (a
// real empty block would still change the state root through the Prague
// system calls); anchoring, the guard and block proofs read only the
// archive's hashes, which is what this experiment grows.
func extendArchive(ctx context.Context, db *store.DB, length uint64) error {
	head, err := db.Head(ctx)
	if err != nil {
		return err
	}
	prev, err := db.Block(ctx, head.Number)
	if err != nil {
		return err
	}
	for prev.NumberU64() < length {
		batch := make([]*types.Block, 0, 2048)
		for p := prev; len(batch) < cap(batch) && p.NumberU64() < length; {
			h := types.CopyHeader(p.Header())
			h.ParentHash, h.Number, h.Time = p.Hash(), new(big.Int).Add(p.Number(), big.NewInt(1)), p.Time()+1
			p = types.NewBlockWithHeader(h).WithBody(types.Body{Withdrawals: []*types.Withdrawal{}})
			batch = append(batch, p)
		}
		if _, err := db.ApplyBlocks(ctx, prev.NumberU64(), batch); err != nil {
			return errorf("growth: archive blocks %d-%d: %w", batch[0].NumberU64(), batch[len(batch)-1].NumberU64(), err)
		}
		prev = batch[len(batch)-1]
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// anchorUpTo steps the agent until every full window of interval blocks
// up to length is anchored and included.
func anchorUpTo(ctx context.Context, a *anchor.Agent, db *store.DB, length, interval uint64) error {
	deadline := time.Now().Add(10 * time.Minute)
	for {
		all, err := db.Checkpoints(ctx, 0)
		if err != nil {
			return err
		}
		if n := len(all); n > 0 && all[n-1].End+interval > length &&
			(all[n-1].State == store.StateIncluded || all[n-1].State == store.StateSettled) {
			return nil
		}
		if time.Now().After(deadline) {
			return errorf("growth: anchoring up to %d did not finish in 10 minutes", length)
		}
		if err := a.Step(ctx); err != nil {
			return errorf("growth: anchor up to %d: %w", length, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// blockProof builds the proof of block number and checks it n times.
func blockProof(ctx context.Context, db *store.DB, workID, number, verifID uint64, reg common.Address, c *ethclient.Client, n int) (int, float64, error) {
	p, err := proof.BuildBlock(ctx, db, workID, number, verifID, reg)
	if err != nil {
		return 0, 0, errorf("proof of block %d: %w", number, err)
	}
	raw, _ := json.Marshal(p)
	times := make([]time.Duration, n)
	for i := range times {
		began := time.Now()
		if _, err := proof.Check(ctx, p, c); err != nil {
			return 0, 0, errorf("check proof of block %d: %w", number, err)
		}
		times[i] = time.Since(began)
	}
	slices.Sort(times)
	return len(raw), percentile(times, .5), nil
}

// dirBytes is the size of the files under dir whose names start with
// prefix ("" = all), e.g. a SQLite database and its WAL.
func dirBytes(dir, prefix string) int64 {
	var n int64
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if prefix != "" && !hasPrefix(filepath.Base(path), prefix) {
			return nil
		}
		if info, err := d.Info(); err == nil {
			n += info.Size()
		}
		return nil
	})
	return n
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

func recordGrowth(ctx context.Context, cfg GrowthConfig, res *GrowthResult) error {
	dir, cleanup, err := tempDir()
	if err != nil {
		return err
	}
	defer cleanup()
	const writers = 4
	cfg.Log("growth: starting a dual-chain EMR node")
	s, err := startSystem(ctx, dir, systemConfig{Dual: true, ChainID: 7651, AnchorMaxAge: 2 * time.Second, Practitioners: writers, Logger: cfg.Logger})
	if err != nil {
		return err
	}
	defer s.close()
	gen := synth.New(11)
	bodies := records(gen, s.refs, 200)
	var mu sync.Mutex
	var ids []uint64
	var last *recordRef
	written := 0
	r := rand.New(rand.NewPCG(3, 4))
	for _, count := range cfg.Records {
		cfg.Log("growth: writing records %d-%d", written+1, count)
		n := count - written
		if n > 0 {
			if _, _, err := parallel(ctx, n, writers, func(ctx context.Context, i int) error {
				rec, err := s.svc.Create(ctx, s.practitioners[i%writers], bodies[(written+i)%len(bodies)])
				if err != nil {
					return err
				}
				mu.Lock()
				ids = append(ids, rec.LogicalID)
				last = &recordRef{rec.ID, rec.TxHash}
				mu.Unlock()
				return nil
			}); err != nil {
				return errorf("growth: record writes: %w", err)
			}
			written = count
		}
		row := RecordRow{Records: count}
		if row.Blocks, err = s.work.Client().BlockNumber(ctx); err != nil {
			return err
		}
		reads := make([]time.Duration, 30)
		for i := range reads {
			id := ids[r.IntN(len(ids))]
			began := time.Now()
			if _, _, err := s.svc.Read(ctx, s.practitioner, id, 0); err != nil {
				return errorf("growth: read %d: %w", id, err)
			}
			reads[i] = time.Since(began)
		}
		slices.Sort(reads)
		row.ReadP50Ms = percentile(reads, .5)
		var every []time.Duration
		for range 3 {
			began := time.Now()
			recs, _, err := s.svc.Everything(ctx, s.practitioner, s.patient)
			if err != nil {
				return errorf("growth: $everything: %w", err)
			}
			every = append(every, time.Since(began))
			if len(recs) < count {
				return errorf("growth: $everything returned %d records, want ≥ %d", len(recs), count)
			}
		}
		slices.Sort(every)
		row.EverythingMs = ms(every[1])
		cfg.Log("growth: waiting for a checkpoint over record %d", last.id)
		p, err := waitRecordProof(ctx, s, last.id, last.tx)
		if err != nil {
			return err
		}
		raw, _ := json.Marshal(p)
		row.RecordProofBytes = len(raw)
		checks := make([]time.Duration, cfg.Checks)
		for i := range checks {
			began := time.Now()
			if _, err := proof.Check(ctx, p, s.verifHTTP); err != nil {
				return errorf("growth: record proof check: %w", err)
			}
			checks[i] = time.Since(began)
		}
		slices.Sort(checks)
		row.RecordProofMs = percentile(checks, .5)
		rep, err := s.guard.Verify(ctx)
		if err != nil {
			return err
		}
		row.FullCheckMs = ms(rep.Took)
		row.NodeDBBytes = dirBytes(dir, "node.db")
		row.IPFSBytes = dirBytes(filepath.Join(dir, "ipfs"), "")
		res.Records = append(res.Records, row)
		cfg.Step()
	}
	return nil
}

// mirrorAll syncs the mirror until it holds n checkpoints of chainID (the
// verification node's log search can trail its newest block briefly).
func mirrorAll(ctx context.Context, m *anchor.Mirror, db *store.DB, chainID uint64, n int) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		if err := m.Sync(ctx); err != nil {
			return err
		}
		cps, err := db.MirrorCheckpoints(ctx, chainID)
		if err != nil {
			return err
		}
		if len(cps) >= n {
			return nil
		}
		if time.Now().After(deadline) {
			return errorf("mirror holds %d of %d checkpoints after 30 s", len(cps), n)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

type recordRef struct {
	id uint64
	tx common.Hash
}

// waitRecordProof waits until a checkpoint covers the record and returns
// its proof.
func waitRecordProof(ctx context.Context, s *system, id uint64, tx common.Hash) (*proof.Proof, error) {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		p, err := s.proofs.Record(ctx, s.svc.Contract(), id, tx)
		if err == nil {
			return p, nil
		}
		if time.Now().After(deadline) {
			return nil, errorf("no proof of record %d within 2 minutes: %w", id, err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
