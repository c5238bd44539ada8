package bench

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"slices"
	"sync"
	"time"

	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/synth"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// ModuleConfig configures RunModule.
type ModuleConfig struct {
	// Samples is how many times each EMR operation is timed on each node;
	// default 30.
	Samples int
	// PerType is how many records of each resource type are written on
	// each node; default 20.
	PerType int
	// Attachments is how many 1 MiB DocumentReferences are written; default 5.
	Attachments int
	// Writes and Concurrency are the throughput run: record writes with
	// Concurrency writers at once on each node; default 200 and 8.
	Writes      int
	Concurrency int
	// Transfers is how many plain transfers time the working chain's
	// inclusion, alone and with Concurrency senders; default 100.
	Transfers int
	Log       func(format string, args ...any) `json:"-"`
	Step      func()                           `json:"-"`
	Logger    *slog.Logger                     `json:"-"`
}

func (c *ModuleConfig) defaults() {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.Samples, 30)
	def(&c.PerType, 20)
	def(&c.Attachments, 5)
	def(&c.Writes, 200)
	def(&c.Concurrency, 8)
	def(&c.Transfers, 100)
	c.Concurrency = min(c.Concurrency, 9) // dev accounts 1..9 send the transfers
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

// ModuleSteps is how many times RunModule calls Step.
const ModuleSteps = 7

// Dist is one latency distribution.
type Dist struct {
	N     int     `json:"n"`
	P50Ms float64 `json:"p50Ms"`
	P95Ms float64 `json:"p95Ms"`
	P99Ms float64 `json:"p99Ms"`
	MaxMs float64 `json:"maxMs"`
	// OpsPerSec is N over the time spent in the operation (one at a time).
	OpsPerSec float64 `json:"opsPerSec"`
}

func dist(ds []time.Duration) Dist {
	if len(ds) == 0 {
		return Dist{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var total time.Duration
	for _, d := range s {
		total += d
	}
	return Dist{N: len(s), P50Ms: percentile(s, .5), P95Ms: percentile(s, .95), P99Ms: percentile(s, .99), MaxMs: ms(s[len(s)-1]),
		OpsPerSec: float64(len(s)) / total.Seconds()}
}

// OpResult is one EMR operation on both nodes.
type OpResult struct {
	Op     string `json:"op"`
	Single Dist   `json:"single"`
	Dual   Dist   `json:"dual"`
	// RatioP50 and RatioP99 are dual ÷ single; DiffP50Ms is dual − single.
	RatioP50  float64 `json:"ratioP50"`
	RatioP99  float64 `json:"ratioP99"`
	DiffP50Ms float64 `json:"diffP50Ms"`
}

// ChainStats describes one node's working chain under one load.
type ChainStats struct {
	Node string `json:"node"` // "single" or "dual"
	Load string `json:"load"`
	// Inclusion is send → receipt of plain transfers.
	Inclusion *Dist   `json:"inclusion,omitempty"`
	TxPerSec  float64 `json:"txPerSec"`
	Blocks    int     `json:"blocks"`
	// BlockIntervalP50Ms is the median time between new heads as the node
	// saw them; TxPerBlock the mean and max transactions per block.
	BlockIntervalP50Ms float64 `json:"blockIntervalP50Ms"`
	TxPerBlockMean     float64 `json:"txPerBlockMean"`
	TxPerBlockMax      int     `json:"txPerBlockMax"`
}

// ModuleResult is the outcome of RunModule.
type ModuleResult struct {
	Ops []OpResult `json:"ops"`
	// RecordWrites is every "add <type>" sample of Ops pooled, single vs
	// dual: one write operation with enough samples for a p99.
	RecordWrites OpResult `json:"recordWritesPooled"`
	// Record writes, Concurrency at once, on each node.
	Concurrency        int     `json:"concurrency"`
	SingleWritesPerSec float64 `json:"singleWritesPerSec"`
	DualWritesPerSec   float64 `json:"dualWritesPerSec"`
	// WorkingChain is block interval, transactions per block and time to
	// inclusion; the EMR write run is one of its loads.
	WorkingChain []ChainStats `json:"workingChain"`
	// Verification chain, from the dual node's own checkpoints during the
	// run: submission → settled (2 confirmations of 1 s slots) of all
	// settled checkpoints, gas of the steady-state ones (not the first).
	Checkpoints        int     `json:"checkpoints"`
	SteadyCheckpoints  int     `json:"steadyCheckpoints"`
	SettleP50Ms        float64 `json:"settleP50Ms"`
	SettleMaxMs        float64 `json:"settleMaxMs"`
	GasPerCheckpoint   float64 `json:"gasPerCheckpoint"`
	GasPerAnchoredBlk  float64 `json:"gasPerAnchoredBlock"`
	EverythingRecords  int     `json:"everythingRecords"`
	PerType            int     `json:"perType"`
	Samples            int     `json:"samples"`
	AttachmentsWritten int     `json:"attachments"`
	Note               string  `json:"note"`
}

// RunModule times every EMR operation of the thesis's EMR module on a
// single-chain node (the thesis's baseline) and a dual-chain node in the
// same run, one operation at a time, alternating between the nodes so
// both see the same machine: register a practitioner, register a patient,
// add a record of each resource type, add a 1 MiB attachment, read, grant,
// revoke and $everything. Then record-write throughput on each, the
// working chains' block interval, transactions per block and time to
// inclusion, and the dual node's checkpoint settlement and gas.
func RunModule(ctx context.Context, cfg ModuleConfig) (*ModuleResult, error) {
	cfg.defaults()
	dir, cleanup, err := tempDir()
	if err != nil {
		return nil, err
	}
	defer cleanup()
	cfg.Log("module: starting a single-chain node and a dual-chain node")
	single, err := startSystem(ctx, dir+"/single", systemConfig{ChainID: 7501, Practitioners: cfg.Concurrency, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	defer single.close()
	dual, err := startSystem(ctx, dir+"/dual", systemConfig{Dual: true, ChainID: 7511, Practitioners: cfg.Concurrency, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	defer dual.close()
	cfg.Step()
	res := &ModuleResult{Concurrency: cfg.Concurrency, PerType: cfg.PerType, Samples: cfg.Samples, AttachmentsWritten: cfg.Attachments,
		Note: "two in-process nodes as 'dualchain up' and 'dualchain up --single-chain' run them (working chain sealing on demand after 5 ms; the dual node also runs its verification chain with 1 s slots, the anchor agent every 128 blocks or 10 s, the mirror and the guard); each operation is timed one at a time through the EMR service, alternating between the nodes, which goes first alternating too"}
	nodes := [2]*system{single, dual}
	gens := [2]*synth.Generator{synth.New(21), synth.New(21)}

	// pair times op on both nodes, n times, alternating which goes first;
	// the latencies also go to pool, if set.
	var pool *[2][]time.Duration
	pair := func(name string, n int, op func(k, i int) error) error {
		var lat [2][]time.Duration
		defer func() {
			if pool != nil {
				pool[0], pool[1] = append(pool[0], lat[0]...), append(pool[1], lat[1]...)
			}
		}()
		for i := range n {
			for j := range 2 {
				k := (i + j) % 2
				began := time.Now()
				if err := op(k, i); err != nil {
					return errorf("%s on the %s node: %w", name, nodeName(k), err)
				}
				lat[k] = append(lat[k], time.Since(began))
			}
		}
		res.Ops = append(res.Ops, opResult(name, lat))
		return nil
	}

	cfg.Log("module: register practitioners and patients, %d each", cfg.Samples)
	var grantees, patients [2][]common.Address
	if err := pair("register practitioner", cfg.Samples, func(k, i int) error {
		id, err := nodes[k].svc.RegisterPractitioner(ctx, gens[k].Practitioner(""))
		if err == nil {
			grantees[k] = append(grantees[k], id.Address)
		}
		return err
	}); err != nil {
		return nil, err
	}
	if err := pair("register patient", cfg.Samples, func(k, i int) error {
		id, _, err := nodes[k].svc.RegisterPatient(ctx, nodes[k].svc.Hospital(), gens[k].Patient(""))
		if err == nil {
			patients[k] = append(patients[k], id.Address)
		}
		return err
	}); err != nil {
		return nil, err
	}
	cfg.Step()

	cfg.Log("module: %d records of each of %d resource types", cfg.PerType, len(synth.RecordTypes))
	var ids [2][]uint64
	// Every type's writes pooled: the same operation (seal, IPFS, one
	// addRecord), with ten times the samples of one type for its p99.
	var writes [2][]time.Duration
	pool = &writes
	for _, typ := range synth.RecordTypes {
		bodies := make([][]byte, cfg.PerType)
		for i := range bodies {
			if bodies[i], err = gens[0].Record(typ, single.refs); err != nil {
				return nil, err
			}
		}
		if err := pair("add "+typ, cfg.PerType, func(k, i int) error {
			body := bodies[i]
			if k == 1 {
				body = retarget(body, single.refs, dual.refs)
			}
			rec, err := nodes[k].svc.Create(ctx, nodes[k].practitioner, body)
			if err == nil {
				ids[k] = append(ids[k], rec.LogicalID)
			}
			return err
		}); err != nil {
			return nil, err
		}
	}
	pool = nil
	res.RecordWrites = opResult(fmt.Sprintf("add record, %d types pooled", len(synth.RecordTypes)), writes)
	res.EverythingRecords = len(ids[0]) + 1
	cfg.Log("module: %d DocumentReferences with a 1 MiB PDF", cfg.Attachments)
	var docs [2][]uint64
	if err := pair("add 1 MiB attachment", cfg.Attachments, func(k, i int) error {
		rec, err := nodes[k].svc.Create(ctx, nodes[k].practitioner, gens[k].DocumentWithAttachment(nodes[k].refs, 1<<20))
		if err == nil {
			docs[k] = append(docs[k], rec.LogicalID)
		}
		return err
	}); err != nil {
		return nil, err
	}
	cfg.Step()

	cfg.Log("module: reads, grants, revocations, $everything")
	if err := pair("read record", cfg.Samples*3, func(k, i int) error {
		_, _, err := nodes[k].svc.Read(ctx, nodes[k].practitioner, ids[k][(i*7)%len(ids[k])], 0)
		return err
	}); err != nil {
		return nil, err
	}
	if err := pair("read 1 MiB attachment", cfg.Attachments, func(k, i int) error {
		_, _, err := nodes[k].svc.Read(ctx, nodes[k].practitioner, docs[k][i], 0)
		return err
	}); err != nil {
		return nil, err
	}
	// Each new patient (one record: the demographics) grants one new
	// practitioner, then revokes it.
	if err := pair("grant", cfg.Samples, func(k, i int) error {
		_, err := nodes[k].svc.Grant(ctx, patients[k][i], grantees[k][i], nil, time.Time{})
		return err
	}); err != nil {
		return nil, err
	}
	if err := pair("revoke", cfg.Samples, func(k, i int) error {
		return nodes[k].svc.Revoke(ctx, patients[k][i], grantees[k][i])
	}); err != nil {
		return nil, err
	}
	if err := pair("$everything", max(3, cfg.Samples/3), func(k, i int) error {
		recs, _, err := nodes[k].svc.Everything(ctx, nodes[k].practitioner, nodes[k].patient)
		if err == nil && len(recs) < res.EverythingRecords {
			err = fmt.Errorf("got %d records, want ≥ %d", len(recs), res.EverythingRecords)
		}
		return err
	}); err != nil {
		return nil, err
	}
	cfg.Step()

	cfg.Log("module: %d record writes, %d at a time, on each node", cfg.Writes, cfg.Concurrency)
	for k, s := range nodes {
		bodies := records(gens[k], s.refs, cfg.Writes)
		w := watchBlocks(ctx, s)
		wall, _, err := parallel(ctx, cfg.Writes, cfg.Concurrency, func(ctx context.Context, i int) error {
			_, err := s.svc.Create(ctx, s.practitioners[i%len(s.practitioners)], bodies[i%len(bodies)])
			return err
		})
		if err != nil {
			return nil, errorf("record writes on the %s node: %w", nodeName(k), err)
		}
		st, err := w.stop(ctx)
		if err != nil {
			return nil, err
		}
		st.Node, st.Load = nodeName(k), fmt.Sprintf("EMR record writes, %d writers", cfg.Concurrency)
		st.TxPerSec = float64(cfg.Writes) / wall.Seconds()
		res.WorkingChain = append(res.WorkingChain, *st)
		if k == 0 {
			res.SingleWritesPerSec = st.TxPerSec
		} else {
			res.DualWritesPerSec = st.TxPerSec
		}
	}
	cfg.Step()

	cfg.Log("module: working chain: %d transfers alone and %d at a time", cfg.Transfers, cfg.Concurrency)
	for k, s := range nodes {
		for _, c := range []int{1, cfg.Concurrency} {
			st, err := transfers(ctx, s, cfg.Transfers, c)
			if err != nil {
				return nil, errorf("transfers on the %s node: %w", nodeName(k), err)
			}
			st.Node = nodeName(k)
			res.WorkingChain = append(res.WorkingChain, *st)
		}
	}
	cfg.Step()

	cfg.Log("module: the dual node's checkpoints")
	if err := checkpointStats(ctx, dual.db, res); err != nil {
		return nil, err
	}
	cfg.Step()
	return res, nil
}

func nodeName(k int) string { return [2]string{"single", "dual"}[k] }

// opResult compares one operation's latencies on the single (lat[0]) and
// dual (lat[1]) node.
func opResult(name string, lat [2][]time.Duration) OpResult {
	r := OpResult{Op: name, Single: dist(lat[0]), Dual: dist(lat[1])}
	r.RatioP50, r.RatioP99 = r.Dual.P50Ms/r.Single.P50Ms, r.Dual.P99Ms/r.Single.P99Ms
	r.DiffP50Ms = r.Dual.P50Ms - r.Single.P50Ms
	return r
}

// checkpointStats fills in the dual node's anchoring figures, waiting up
// to 30 s for the run's checkpoints to settle.
func checkpointStats(ctx context.Context, db *store.DB, res *ModuleResult) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		cps, err := db.Checkpoints(ctx, 0)
		if err != nil {
			return err
		}
		var settle []time.Duration
		var gas, blocks uint64
		steady := 0
		for _, c := range cps {
			if c.State != store.StateSettled {
				continue
			}
			settle = append(settle, c.SettledAt.Sub(c.SentAt))
			if c.Index == 0 { // also pays for the member's registry slot
				continue
			}
			steady++
			gas += c.GasUsed
			blocks += c.End - c.Start + 1
		}
		if len(settle) == len(cps) || time.Now().After(deadline) {
			res.Checkpoints = len(settle)
			if len(settle) > 0 {
				d := dist(settle)
				res.SettleP50Ms, res.SettleMaxMs = d.P50Ms, d.MaxMs
			}
			if steady > 0 {
				res.SteadyCheckpoints = steady
				res.GasPerCheckpoint = float64(gas) / float64(steady)
				res.GasPerAnchoredBlk = float64(gas) / float64(blocks)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// blockWatch records when the node saw each new working-chain head.
type blockWatch struct {
	s      *system
	from   uint64
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex // protects seen
	seen   []time.Time
}

func watchBlocks(ctx context.Context, s *system) *blockWatch {
	wctx, cancel := context.WithCancel(ctx)
	w := &blockWatch{s: s, cancel: cancel, done: make(chan struct{})}
	w.from, _ = s.work.Client().BlockNumber(ctx)
	heads := make(chan *types.Header, 256)
	sub, err := s.work.Client().SubscribeNewHead(wctx, heads)
	go func() {
		defer close(w.done)
		if err != nil {
			return
		}
		defer sub.Unsubscribe()
		for {
			select {
			case <-wctx.Done():
				return
			case <-heads:
				w.mu.Lock()
				w.seen = append(w.seen, time.Now())
				w.mu.Unlock()
			}
		}
	}()
	return w
}

// stop ends the watch and counts the transactions of the blocks sealed
// since it began.
func (w *blockWatch) stop(ctx context.Context) (*ChainStats, error) {
	w.cancel()
	<-w.done
	st := &ChainStats{}
	var gaps []time.Duration
	for i := 1; i < len(w.seen); i++ {
		gaps = append(gaps, w.seen[i].Sub(w.seen[i-1]))
	}
	if len(gaps) > 0 {
		st.BlockIntervalP50Ms = dist(gaps).P50Ms
	}
	head, err := w.s.work.Client().BlockNumber(ctx)
	if err != nil {
		return nil, err
	}
	txs := 0
	for n := w.from + 1; n <= head; n++ {
		b, err := w.s.work.Client().BlockByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			return nil, err
		}
		c := len(b.Transactions())
		txs += c
		st.TxPerBlockMax = max(st.TxPerBlockMax, c)
		st.Blocks++
	}
	if st.Blocks > 0 {
		st.TxPerBlockMean = float64(txs) / float64(st.Blocks)
	}
	return st, nil
}

// transfers sends n plain transfers from c of the working chain's spare
// dev accounts at once and times each from send to receipt.
func transfers(ctx context.Context, s *system, n, c int) (*ChainStats, error) {
	var snds []*chain.Sender
	for i := range c {
		snd, err := chain.NewSender(ctx, s.work.Client(), s.work.Accounts()[1+i].Key, chain.SenderConfig{})
		if err != nil {
			return nil, err
		}
		snds = append(snds, snd)
	}
	to := common.HexToAddress("0x000000000000000000000000000000000000dEaD")
	w := watchBlocks(ctx, s)
	wall, lat, err := parallel(ctx, n, c, func(ctx context.Context, i int) error {
		snd := snds[i%c]
		tx, err := snd.Send(ctx, &to, nil, big.NewInt(1))
		if err != nil {
			return err
		}
		_, err = snd.Wait(ctx, tx.Hash())
		return err
	})
	if err != nil {
		return nil, err
	}
	st, err := w.stop(ctx)
	if err != nil {
		return nil, err
	}
	st.Load = fmt.Sprintf("transfers, %d sender(s)", c)
	d := dist(lat)
	st.Inclusion = &d
	st.TxPerSec = float64(n) / wall.Seconds()
	return st, nil
}
