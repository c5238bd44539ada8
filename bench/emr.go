package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/emr"
	"github.com/dualchain/dualchain/proof"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/synth"
)

var emrABI = bindings.NewEMR()

// EMRConfig configures RunEMR and RunDual.
type EMRConfig struct {
	// Writes is how many records each write measurement writes; default 200.
	Writes int
	// Reads is how many reads are timed; default 500.
	Reads int
	// Concurrency is how many writers run at once in the throughput runs;
	// default 8.
	Concurrency int
	// Progress receives one line per step; nil = quiet.
	Progress io.Writer    `json:"-"`
	Logger   *slog.Logger `json:"-"`
}

func (c *EMRConfig) defaults() {
	if c.Writes <= 0 {
		c.Writes = 200
	}
	if c.Reads <= 0 {
		c.Reads = 500
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 8
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

func (c *EMRConfig) progress(format string, args ...any) {
	if c.Progress != nil {
		fmt.Fprintf(c.Progress, format+"\n", args...)
	}
}

// EMRResult is the outcome of RunEMR.
type EMRResult struct {
	Machine     Machine `json:"machine"`
	Writes      int     `json:"writes"`
	Concurrency int     `json:"concurrency"`
	// RawTxPerSec is EMR.addRecord sent straight to the chain by the same
	// account, at the same concurrency: the ceiling for record writes.
	RawTxPerSec float64 `json:"rawTxPerSec"`
	// WritesPerSec is end-to-end record writes (validate, encrypt, IPFS,
	// chain, index) at the same concurrency.
	WritesPerSec float64 `json:"writesPerSec"`
	WriteRatio   float64 `json:"writeRatio"`
	WriteP50Ms   float64 `json:"writeP50Ms"`
	WriteP99Ms   float64 `json:"writeP99Ms"`
	ReadP50Ms    float64 `json:"readP50Ms"`
	ReadP99Ms    float64 `json:"readP99Ms"`
	// Attachment1MiBMs is the write latency of a DocumentReference with a
	// 1 MiB PDF, and its read.
	Attachment1MiBWriteMs float64 `json:"attachment1MiBWriteMs"`
	Attachment1MiBReadMs  float64 `json:"attachment1MiBReadMs"`
	PeakRSSMiB            float64 `json:"peakRssMiB"`
	Note                  string  `json:"note"`
}

// RunEMR measures, on one dual-chain node, record writes per second end to
// end against raw addRecord transactions per second on the same chain and
// account in the same run, read latency, and the process's peak RSS.
func RunEMR(ctx context.Context, cfg EMRConfig) (*EMRResult, error) {
	cfg.defaults()
	dir, cleanup, err := tempDir()
	if err != nil {
		return nil, err
	}
	defer cleanup()
	cfg.progress("starting a dual-chain node (working chain, verification chain, IPFS, anchoring)")
	// Twice as many practitioners as writers: the first half write through
	// the EMR service, the second half send raw transactions (each account
	// has one sender, so the two never share nonces).
	s, err := startSystem(ctx, dir, systemConfig{Dual: true, ChainID: 7801, Practitioners: 2 * cfg.Concurrency, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	defer s.close()
	res := &EMRResult{Machine: thisMachine(), Writes: cfg.Writes, Concurrency: cfg.Concurrency,
		Note: "one in-process dual-chain node (on-demand working chain sealing after 5 ms, 1 s verification slots, anchoring every 128 blocks or 10 s); each writer is one of the hospital's practitioners (its own account), writing synthetic records of every type for a patient of the hospital; raw transactions come from as many other practitioners of the hospital; raw and end-to-end writes alternate in 4 rounds"}

	// Raw: the same contract call, from practitioners' accounts too.
	writers, rawSenders := s.practitioners[:cfg.Concurrency], s.practitioners[cfg.Concurrency:]
	var snds []*chain.Sender
	for _, p := range rawSenders {
		key, err := s.keys.Key(p)
		if err != nil {
			return nil, err
		}
		snd, err := chain.NewSender(ctx, s.work.Client(), key, chain.SenderConfig{})
		if err != nil {
			return nil, err
		}
		snds = append(snds, snd)
	}
	// End to end, same count and concurrency. Records are generated first:
	// the generator is not part of the system.
	gen := synth.New(42)
	bodies := records(gen, s.refs, cfg.Writes)
	var mu sync.Mutex
	var ids []uint64
	e2eWrite := func(ctx context.Context, i int) error {
		rec, err := s.svc.Create(ctx, writers[i%len(writers)], bodies[i%len(bodies)])
		if err == nil {
			mu.Lock()
			ids = append(ids, rec.LogicalID)
			mu.Unlock()
		}
		return err
	}
	rawWrite := func(ctx context.Context, i int) error {
		return s.rawAddRecord(ctx, snds[i%len(snds)], emr.TypeCode(synth.RecordTypes[i%len(synth.RecordTypes)]))
	}
	// The two alternate in rounds (raw, end to end, end to end, raw, ...),
	// so that a change in the machine's load, or in the chain's size,
	// falls on both alike.
	var raw, e2e time.Duration
	var lat []time.Duration
	for r := range emrRounds {
		n := cfg.Writes*(r+1)/emrRounds - cfg.Writes*r/emrRounds
		for k := range 2 {
			if (r+k)%2 == 0 {
				cfg.progress("round %d/%d, raw: %d addRecord transactions, %d at a time", r+1, emrRounds, n, cfg.Concurrency)
				wall, _, err := parallel(ctx, n, cfg.Concurrency, rawWrite)
				if err != nil {
					return nil, errorf("raw writes: %w", err)
				}
				raw += wall
				continue
			}
			cfg.progress("round %d/%d, end to end: %d record writes, %d at a time", r+1, emrRounds, n, cfg.Concurrency)
			off := cfg.Writes * r / emrRounds
			wall, l, err := parallel(ctx, n, cfg.Concurrency, func(ctx context.Context, i int) error { return e2eWrite(ctx, off+i) })
			if err != nil {
				return nil, errorf("record writes: %w", err)
			}
			e2e += wall
			lat = append(lat, l...)
		}
	}
	slices.Sort(lat)
	res.RawTxPerSec = float64(cfg.Writes) / raw.Seconds()
	res.WritesPerSec = float64(cfg.Writes) / e2e.Seconds()
	res.WriteRatio = res.WritesPerSec / res.RawTxPerSec
	res.WriteP50Ms, res.WriteP99Ms = percentile(lat, 0.5), percentile(lat, 0.99)

	cfg.progress("reads: %d record reads", cfg.Reads)
	reads := make([]time.Duration, cfg.Reads)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range reads {
		id := ids[r.IntN(len(ids))]
		began := time.Now()
		if _, _, err := s.svc.Read(ctx, s.practitioner, id, 0); err != nil {
			return nil, errorf("read %d: %w", id, err)
		}
		reads[i] = time.Since(began)
	}
	slices.Sort(reads)
	res.ReadP50Ms, res.ReadP99Ms = percentile(reads, 0.5), percentile(reads, 0.99)

	cfg.progress("a DocumentReference with a 1 MiB PDF")
	doc := gen.DocumentWithAttachment(s.refs, 1<<20)
	began := time.Now()
	rec, err := s.svc.Create(ctx, s.practitioner, doc)
	if err != nil {
		return nil, errorf("1 MiB document: %w", err)
	}
	res.Attachment1MiBWriteMs = ms(time.Since(began))
	began = time.Now()
	if _, _, err := s.svc.Read(ctx, s.practitioner, rec.LogicalID, 0); err != nil {
		return nil, errorf("read 1 MiB document: %w", err)
	}
	res.Attachment1MiBReadMs = ms(time.Since(began))
	res.PeakRSSMiB = peakRSS()
	return res, nil
}

// emrRounds is how many rounds of raw and end-to-end writes RunEMR
// alternates.
const emrRounds = 4

// parallel runs n calls of f, c at a time, and returns the wall time and
// the sorted latency of each call.
func parallel(ctx context.Context, n, c int, f func(ctx context.Context, i int) error) (time.Duration, []time.Duration, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	began := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				t := time.Now()
				if err := f(ctx, i); err != nil {
					once.Do(func() { first = err; cancel() })
					return
				}
				lat[i] = time.Since(t)
			}
		}()
	}
	wg.Wait()
	wall := time.Since(began)
	slices.Sort(lat)
	return wall, lat, first
}

// Markdown renders the result as a table.
func (r *EMRResult) Markdown() string {
	s := fmt.Sprintf("Machine: %s/%s, %d CPUs, %s, %s. %s; %d writes, %d at a time.\n\n", r.Machine.OS, r.Machine.Arch, r.Machine.CPUs, r.Machine.Go,
		r.Machine.When.Format("2006-01-02"), r.Note, r.Writes, r.Concurrency)
	s += "| figure | value | target |\n|---|---:|---|\n"
	s += fmt.Sprintf("| raw addRecord transactions/s (same chain and concurrency, other practitioners) | %.1f | |\n", r.RawTxPerSec)
	s += fmt.Sprintf("| end-to-end record writes/s | %.1f | |\n", r.WritesPerSec)
	s += fmt.Sprintf("| writes ÷ raw | %.2f | ≥ 0.80 |\n", r.WriteRatio)
	s += fmt.Sprintf("| write latency under load p50 / p99 (ms) | %.1f / %.1f | |\n", r.WriteP50Ms, r.WriteP99Ms)
	s += fmt.Sprintf("| record read p50 / p99 (ms) | %.2f / %.2f | p50 ≤ 5 |\n", r.ReadP50Ms, r.ReadP99Ms)
	s += fmt.Sprintf("| DocumentReference with a 1 MiB PDF: write / read (ms) | %.1f / %.1f | |\n", r.Attachment1MiBWriteMs, r.Attachment1MiBReadMs)
	s += fmt.Sprintf("| peak RSS of the whole process (MiB) | %.0f | |\n", r.PeakRSSMiB)
	return s
}

// DualResult is the outcome of RunDual.
type DualResult struct {
	Machine Machine `json:"machine"`
	Writes  int     `json:"writes"`
	// Single and Dual are sequential EMR latencies of the same operations
	// on a single-chain node and a dual-chain node, interleaved in one run.
	Single Latencies `json:"single"`
	Dual   Latencies `json:"dual"`
	// WriteRatioP50 and WriteRatioP99 are dual ÷ single.
	WriteRatioP50 float64 `json:"writeRatioP50"`
	WriteRatioP99 float64 `json:"writeRatioP99"`
	ReadRatioP50  float64 `json:"readRatioP50"`
	// Anchoring done by the dual node during the run.
	Checkpoints        int     `json:"checkpoints"`
	GasPerCheckpoint   float64 `json:"gasPerCheckpoint"`
	GasPerAnchoredBlk  float64 `json:"gasPerAnchoredBlock"`
	AnchoredBlocks     uint64  `json:"anchoredBlocks"`
	RecordProofBytes   int     `json:"recordProofBytes"`
	RecordProofCheckMs float64 `json:"recordProofCheckP50Ms"`
	RecordProofCheckP9 float64 `json:"recordProofCheckP99Ms"`
	Note               string  `json:"note"`
}

// Latencies are one system's figures.
type Latencies struct {
	WriteP50Ms float64 `json:"writeP50Ms"`
	WriteP99Ms float64 `json:"writeP99Ms"`
	ReadP50Ms  float64 `json:"readP50Ms"`
	ReadP99Ms  float64 `json:"readP99Ms"`
}

// RunDual measures the cost of the dual chain to EMR users: the same
// record writes and reads on a single-chain node (the thesis's baseline)
// and on a dual-chain node that archives, anchors, mirrors and verifies in
// the background, interleaved one by one so both see the same machine;
// then the anchoring gas of the run and the size and check time of a record
// proof.
func RunDual(ctx context.Context, cfg EMRConfig) (*DualResult, error) {
	cfg.defaults()
	dir, cleanup, err := tempDir()
	if err != nil {
		return nil, err
	}
	defer cleanup()
	cfg.progress("starting a single-chain node and a dual-chain node")
	single, err := startSystem(ctx, dir+"/single", systemConfig{ChainID: 7901, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	defer single.close()
	// The dev defaults of "dualchain up": 128 blocks or 10 s.
	dual, err := startSystem(ctx, dir+"/dual", systemConfig{Dual: true, ChainID: 7911, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	defer dual.close()
	res := &DualResult{Machine: thisMachine(), Writes: cfg.Writes,
		Note: "two in-process nodes as 'dualchain up' and 'dualchain up --single-chain' run them (both archive their working chain), one write at a time, alternating between them; the dual node also runs its verification chain (1 s slots), the anchor agent (128 blocks or 10 s), the checkpoint mirror and the guard"}

	gen := synth.New(7)
	bodies := records(gen, single.refs, cfg.Writes)
	dualBodies := make([][]byte, len(bodies))
	for i, b := range bodies {
		dualBodies[i] = retarget(b, single.refs, dual.refs)
	}
	sw, dw := make([]time.Duration, cfg.Writes), make([]time.Duration, cfg.Writes)
	var sIDs, dIDs []uint64
	var lastDual *emr.Record
	for i := range cfg.Writes {
		if i%50 == 0 {
			cfg.progress("writes %d/%d", i, cfg.Writes)
		}
		// Alternate which goes first, so neither always follows the other.
		first, second := func() error {
			t := time.Now()
			rec, err := single.svc.Create(ctx, single.practitioner, bodies[i%len(bodies)])
			sw[i] = time.Since(t)
			if err == nil {
				sIDs = append(sIDs, rec.LogicalID)
			}
			return err
		}, func() error {
			t := time.Now()
			rec, err := dual.svc.Create(ctx, dual.practitioner, dualBodies[i%len(bodies)])
			dw[i] = time.Since(t)
			if err == nil {
				dIDs, lastDual = append(dIDs, rec.LogicalID), rec
			}
			return err
		}
		if i%2 == 1 {
			first, second = second, first
		}
		if err := first(); err != nil {
			return nil, errorf("write: %w", err)
		}
		if err := second(); err != nil {
			return nil, errorf("write: %w", err)
		}
	}
	cfg.progress("reads: %d on each node", cfg.Reads)
	sr, dr := make([]time.Duration, cfg.Reads), make([]time.Duration, cfg.Reads)
	for i := range cfg.Reads {
		t := time.Now()
		if _, _, err := single.svc.Read(ctx, single.practitioner, sIDs[i%len(sIDs)], 0); err != nil {
			return nil, errorf("read: %w", err)
		}
		sr[i] = time.Since(t)
		t = time.Now()
		if _, _, err := dual.svc.Read(ctx, dual.practitioner, dIDs[i%len(dIDs)], 0); err != nil {
			return nil, errorf("read: %w", err)
		}
		dr[i] = time.Since(t)
	}
	for _, d := range [][]time.Duration{sw, dw, sr, dr} {
		slices.Sort(d)
	}
	res.Single = Latencies{percentile(sw, .5), percentile(sw, .99), percentile(sr, .5), percentile(sr, .99)}
	res.Dual = Latencies{percentile(dw, .5), percentile(dw, .99), percentile(dr, .5), percentile(dr, .99)}
	res.WriteRatioP50, res.WriteRatioP99 = res.Dual.WriteP50Ms/res.Single.WriteP50Ms, res.Dual.WriteP99Ms/res.Single.WriteP99Ms
	res.ReadRatioP50 = res.Dual.ReadP50Ms / res.Single.ReadP50Ms

	// A proof of the last record, once a checkpoint covers it.
	cfg.progress("waiting for a checkpoint that covers the last record")
	var p *proof.Proof
	deadline := time.Now().Add(2 * time.Minute)
	for {
		p, err = dual.proofs.Record(ctx, dual.svc.Contract(), lastDual.ID, lastDual.TxHash)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			return nil, errorf("no proof of record %d within 2 minutes: %w", lastDual.ID, err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	raw, _ := json.Marshal(p)
	res.RecordProofBytes = len(raw)
	checks := make([]time.Duration, 100)
	for i := range checks {
		t := time.Now()
		if _, err := proof.Check(ctx, p, dual.verifHTTP); err != nil {
			return nil, errorf("record proof check: %w", err)
		}
		checks[i] = time.Since(t)
	}
	slices.Sort(checks)
	res.RecordProofCheckMs, res.RecordProofCheckP9 = percentile(checks, .5), percentile(checks, .99)

	cps, err := dual.db.Checkpoints(ctx, 0)
	if err != nil {
		return nil, err
	}
	var gas uint64
	for _, c := range cps {
		// A member's first checkpoint also pays for its registry slot;
		// steady state is what a hospital pays over time.
		if c.Index == 0 || (c.State != store.StateIncluded && c.State != store.StateSettled) {
			continue
		}
		res.Checkpoints++
		gas += c.GasUsed
		res.AnchoredBlocks += c.End - c.Start + 1
	}
	if res.Checkpoints > 0 {
		res.GasPerCheckpoint = float64(gas) / float64(res.Checkpoints)
		res.GasPerAnchoredBlk = float64(gas) / float64(res.AnchoredBlocks)
	}
	return res, nil
}

// records returns at least n synthetic clinical records of every type for
// refs' patient (the chart's own Patient excluded: it is registered, not
// written).
func records(gen *synth.Generator, refs synth.Refs, n int) [][]byte {
	var out [][]byte
	for _, b := range gen.Records(refs, n/7+1) {
		var r struct{ ResourceType string }
		if json.Unmarshal(b, &r) == nil && r.ResourceType != "Patient" && r.ResourceType != "Practitioner" && r.ResourceType != "Organization" {
			out = append(out, b)
		}
	}
	return out
}

// retarget rewrites a record generated for one node's refs to another's.
func retarget(body []byte, from, to synth.Refs) []byte {
	s := string(body)
	for _, p := range [][2]string{{from.Patient, to.Patient}, {from.Practitioner, to.Practitioner}, {from.Organization, to.Organization}} {
		s = strings.ReplaceAll(s, `"`+p[0]+`"`, `"`+p[1]+`"`)
	}
	return []byte(s)
}

// Markdown renders the result as a table.
func (r *DualResult) Markdown() string {
	s := fmt.Sprintf("Machine: %s/%s, %d CPUs, %s, %s. %s; %d writes each.\n\n", r.Machine.OS, r.Machine.Arch, r.Machine.CPUs, r.Machine.Go,
		r.Machine.When.Format("2006-01-02"), r.Note, r.Writes)
	s += "| EMR operation | single chain p50 / p99 (ms) | dual chain p50 / p99 (ms) | dual ÷ single p50 (target ≤ 1.05) |\n|---|---:|---:|---:|\n"
	s += fmt.Sprintf("| record write | %.2f / %.2f | %.2f / %.2f | %.3f |\n", r.Single.WriteP50Ms, r.Single.WriteP99Ms, r.Dual.WriteP50Ms, r.Dual.WriteP99Ms, r.WriteRatioP50)
	s += fmt.Sprintf("| record read | %.2f / %.2f | %.2f / %.2f | %.3f |\n\n", r.Single.ReadP50Ms, r.Single.ReadP99Ms, r.Dual.ReadP50Ms, r.Dual.ReadP99Ms, r.ReadRatioP50)
	s += "| anchoring figure | value | target |\n|---|---:|---|\n"
	s += fmt.Sprintf("| steady-state checkpoints during the run | %d (%d blocks) | |\n", r.Checkpoints, r.AnchoredBlocks)
	s += fmt.Sprintf("| gas per checkpoint | %.0f | ≤ 80,000 |\n", r.GasPerCheckpoint)
	s += fmt.Sprintf("| gas per anchored block (at this run's checkpoint sizes) | %.1f | ≤ 650 at 128 blocks |\n", r.GasPerAnchoredBlk)
	s += fmt.Sprintf("| record proof size (compact JSON) | %d bytes | |\n", r.RecordProofBytes)
	s += fmt.Sprintf("| record proof check p50 / p99 over HTTP | %.2f / %.2f ms | ≤ 10 ms |\n", r.RecordProofCheckMs, r.RecordProofCheckP9)
	return s
}
