package bench

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/dualchain/dualchain/attack"
	"github.com/dualchain/dualchain/emr"
	"github.com/dualchain/dualchain/guard"
	"github.com/dualchain/dualchain/respond"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/synth"
)

// AttackConfig configures RunAttack.
type AttackConfig struct {
	// Trials is how many anchored-history rewrites are detected (and
	// restored); default 100.
	Trials int
	// ScenarioTrials is how many trials each other scenario runs
	// (unanchored rewrite, archive and IPFS tampering, halt, false
	// checkpoint); default Trials.
	ScenarioTrials int
	// HaltTrials and FalseCheckpointTrials are how many halts and false
	// checkpoints are timed; default ScenarioTrials. A halt costs about
	// HaltAfter and half a second, a false checkpoint about two
	// verification slots (its inclusion, then the mirror's poll).
	HaltTrials, FalseCheckpointTrials int
	// HaltAfter is the halt threshold of the node under test in the local
	// scenarios (dualchain up's --halt-after); default 300 ms, so that a
	// halt trial is cheap.
	HaltAfter time.Duration
	// FullCheck is the guard's full self-check period in the local
	// scenarios (dualchain up's --full-check); default 250 ms. Archive
	// tampering and false checkpoints are found by it (or by the next
	// working-chain block).
	FullCheck time.Duration
	// RestoreBlocks is the depth of the large rewrite whose restore is
	// timed; default 1000.
	RestoreBlocks uint64
	Progress      io.Writer
	Logger        *slog.Logger
}

// Attack scenario names (AttackScenario.Name).
const (
	ScenarioAnchoredRewrite   = "anchored rewrite"
	ScenarioUnanchoredRewrite = "unanchored rewrite"
	ScenarioTamperArchive     = "tamper archive"
	ScenarioTamperIPFS        = "tamper IPFS"
	ScenarioHalt              = "halt"
	ScenarioFalseCheckpoint   = "false checkpoint"
)

// AttackScenario is one attack the simulator repeated Trials times on a
// running node: how many times the guard raised the incident, how long
// that took (Latency says from when), and whether the node, repaired
// after every trial, still served every record afterwards.
type AttackScenario struct {
	Name     string `json:"name"`
	Incident string `json:"incident"` // the incident kind expected
	Trials   int    `json:"trials"`
	Detected int    `json:"detected"`
	// Latency defines the detection latency: from which moment to the
	// incident's raisedAt (stamped by the node, millisecond resolution).
	Latency     string    `json:"latency"`
	DetectP50Ms float64   `json:"detectP50Ms"`
	DetectP99Ms float64   `json:"detectP99Ms"`
	DetectMaxMs float64   `json:"detectMaxMs"`
	DetectMs    []float64 `json:"detectMs"` // every detected trial's latency, ascending
	// Repair is what was done after each trial so that the next one
	// starts clean; RepairP50Ms is its time until no incident was open.
	Repair      string  `json:"repair"`
	RepairP50Ms float64 `json:"repairP50Ms"`
	// Records the node held at the end of the scenario that did not read
	// back identical (must be 0), out of RecordsChecked.
	RecordsLost    int     `json:"recordsLost"`
	RecordsChecked int     `json:"recordsChecked"`
	Seconds        float64 `json:"seconds"` // the scenario's wall time
	Note           string  `json:"note,omitempty"`
}

// AttackResult is the outcome of RunAttack.
type AttackResult struct {
	Machine Machine `json:"machine"`
	Trials  int     `json:"trials"`
	// Detected is how many rewrites of anchored history raised the incident.
	Detected int `json:"detected"`
	// Detection latency: from the moment the node saw the rewritten head
	// to the incident being raised.
	DetectP50Ms float64 `json:"detectP50Ms"`
	DetectP99Ms float64 `json:"detectP99Ms"`
	DetectMaxMs float64 `json:"detectMaxMs"`
	// DetectMs is every trial's detection latency, ascending (the CDF).
	DetectMs []float64 `json:"detectMs"`
	// Restore after each trial (a few blocks deep): until the chain, the
	// archive and the guard agree with the checkpoints again.
	RestoreSmallP50Ms float64 `json:"restoreSmallP50Ms"`
	// The large rewrite: its depth, the time to restore it, and until the
	// incident is resolved.
	RestoreBlocks     uint64  `json:"restoreBlocks"`
	RestoreMs         float64 `json:"restoreMs"`
	RestoreResolvedMs float64 `json:"restoreResolvedMs"`
	// ForkMs is the dev node's hard fork after a rewrite of anchored
	// history (respond.Fork: rebuild ForkImported blocks from the archive,
	// replay ForkReplayed honest transactions, declare on the
	// verification chain), timed last on the rewrite node.
	ForkMs       float64 `json:"forkMs,omitempty"`
	ForkImported uint64  `json:"forkImportedBlocks,omitempty"`
	ForkReplayed int     `json:"forkReplayed,omitempty"`
	// Records written before the attacks and not read back identical
	// afterwards (must be 0), out of RecordsChecked: the sum of the last
	// check on each node (every scenario checks all its node's records).
	RecordsLost    int `json:"recordsLost"`
	RecordsChecked int `json:"recordsChecked"`
	// ExtraRestores counts restores run again because a rewrite incident
	// stayed open (a checkpoint mirrored after the first restore named
	// another archived history); their time counts in RestoreSmallP50Ms
	// and RestoreResolvedMs.
	ExtraRestores int `json:"extraRestores"`
	// Scenarios are every attack timed, the anchored rewrite (the figures
	// above) first.
	Scenarios []AttackScenario `json:"scenarios"`
	Note      string           `json:"note"`
}

// Scenario returns the scenario named name, or nil.
func (r *AttackResult) Scenario(name string) *AttackScenario {
	for i := range r.Scenarios {
		if r.Scenarios[i].Name == name {
			return &r.Scenarios[i]
		}
	}
	return nil
}

// trials collects one scenario's measurements.
type trials struct {
	sc             AttackScenario
	detect, repair []time.Duration
	began          time.Time
}

func newTrials(name, incident string, n int, latency, repair string) *trials {
	return &trials{sc: AttackScenario{Name: name, Incident: incident, Trials: n, Latency: latency, Repair: repair}, began: time.Now()}
}

// done fills in the scenario's figures.
func (t *trials) done(checked, lost int) AttackScenario {
	slices.Sort(t.detect)
	slices.Sort(t.repair)
	sc := t.sc
	sc.Detected = len(t.detect)
	if len(t.detect) > 0 {
		sc.DetectP50Ms, sc.DetectP99Ms, sc.DetectMaxMs = percentile(t.detect, .5), percentile(t.detect, .99), ms(t.detect[len(t.detect)-1])
	}
	sc.DetectMs = make([]float64, 0, len(t.detect))
	for _, d := range t.detect {
		sc.DetectMs = append(sc.DetectMs, ms(d))
	}
	sc.RepairP50Ms = percentile(t.repair, .5)
	sc.RecordsChecked, sc.RecordsLost = checked, lost
	sc.Seconds = time.Since(t.began).Seconds()
	return sc
}

// RunAttack measures attack detection and repair on dual-chain dev nodes.
// On the first node (the guard as dualchain up configures it by default):
// one rewrite RestoreBlocks deep is restored and timed; then, Trials
// times, a record is written, the anchored history is rewritten from the
// last anchored block, the incident's latency is taken, and the chain is
// restored; then ScenarioTrials rewrites of the unanchored tail, each
// restored. On a second node, with a short full self-check and halt
// threshold: archive tampering, IPFS tampering, halts and false
// checkpoints (runLocalAttacks). After each scenario every record the node
// holds is read back.
func RunAttack(ctx context.Context, cfg AttackConfig) (*AttackResult, error) {
	if cfg.Trials <= 0 {
		cfg.Trials = 100
	}
	if cfg.ScenarioTrials <= 0 {
		cfg.ScenarioTrials = cfg.Trials
	}
	if cfg.HaltTrials <= 0 {
		cfg.HaltTrials = cfg.ScenarioTrials
	}
	if cfg.FalseCheckpointTrials <= 0 {
		cfg.FalseCheckpointTrials = cfg.ScenarioTrials
	}
	if cfg.HaltAfter <= 0 {
		cfg.HaltAfter = 300 * time.Millisecond
	}
	if cfg.FullCheck <= 0 {
		cfg.FullCheck = 250 * time.Millisecond
	}
	if cfg.RestoreBlocks == 0 {
		cfg.RestoreBlocks = 1000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	res := &AttackResult{Machine: thisMachine(), Trials: cfg.Trials, RestoreBlocks: cfg.RestoreBlocks,
		Note: fmt.Sprintf("in-process dual-chain dev nodes (anchoring every 16 blocks or 2 s, 1 s verification slots, the checkpoint mirror polling every 1 s). "+
			"Rewrites: on a node with the default guard settings; each trial rewrites the working chain and restores it. "+
			"Tampering, halts and false checkpoints: on a second node whose guard runs its full self-check every %v and calls the working chain halted "+
			"when transactions have waited %v for a block (the real defaults are 1 min and 10 s; shortened here so that a trial is cheap)", cfg.FullCheck, cfg.HaltAfter)}
	if err := runRewrites(ctx, cfg, res); err != nil {
		return nil, err
	}
	if err := runLocalAttacks(ctx, cfg, res); err != nil {
		return nil, err
	}
	return res, nil
}

// runRewrites runs the rewrite scenarios on a node with the default guard
// settings: the large rewrite, the anchored rewrites, the unanchored ones.
func runRewrites(ctx context.Context, cfg AttackConfig, res *AttackResult) error {
	progress := progressf(cfg.Progress)
	dir, cleanup, err := tempDir()
	if err != nil {
		return err
	}
	defer cleanup()
	progress("starting a dual-chain node")
	s, err := startSystem(ctx, dir, systemConfig{Dual: true, ChainID: 7951, AnchorInterval: 16, AnchorMaxAge: 2 * time.Second, Logger: cfg.Logger})
	if err != nil {
		return err
	}
	defer s.close()
	target := &attack.Target{Chain: s.work, DB: s.db, Keys: s.keys, EMR: s.svc}
	chain := respond.DevChain(s.work)

	// The large rewrite first, on a node that has seen no attack yet.
	again := func() error { _, err := respond.Restore(ctx, chain, s.db, 7951, cfg.Logger); return err }
	if err := largeRewrite(ctx, cfg, s, target, again, res); err != nil {
		return fmt.Errorf("%w: %w", ErrLargeRewrite, err)
	}

	gen := synth.New(5)
	bodies := records(gen, s.refs, cfg.Trials+cfg.ScenarioTrials)
	originals := map[uint64][]byte{}
	write := func() (*emr.Record, error) {
		rec, err := s.svc.Create(ctx, s.practitioner, bodies[len(originals)%len(bodies)])
		if err != nil {
			return nil, errorf("write: %w", err)
		}
		_, body, err := s.svc.Read(ctx, s.practitioner, rec.LogicalID, 0)
		if err != nil {
			return nil, errorf("read: %w", err)
		}
		originals[rec.LogicalID] = body
		return rec, nil
	}
	restore := func(tr *trials, limit time.Duration) error {
		began := time.Now()
		if _, err := respond.Restore(ctx, chain, s.db, 7951, cfg.Logger); err != nil {
			return errorf("restore: %w", err)
		}
		extra, err := waitResolved(ctx, s, limit, again)
		if err != nil {
			return err
		}
		res.ExtraRestores += extra
		tr.repair = append(tr.repair, time.Since(began))
		return nil
	}

	anchored := newTrials(ScenarioAnchoredRewrite, guard.KindAnchoredRewrite, cfg.Trials,
		"from the moment the node saw the rewritten head (the archive follower's new-head event) to the incident",
		"restore from the archive (respond.Restore), until no incident is open")
	for i := range cfg.Trials {
		if i%10 == 0 {
			progress("anchored-rewrite trials %d/%d", i, cfg.Trials)
		}
		if _, err := write(); err != nil {
			return err
		}
		// The rewrite starts at the last anchored block, so it always
		// changes anchored history.
		end, err := waitAnchored(ctx, s, 1)
		if err != nil {
			return err
		}
		head, before, err := headAndIncidents(ctx, s)
		if err != nil {
			return err
		}
		if _, err := target.Rewrite(ctx, attack.Rewrite{Depth: head - end + 1}); err != nil {
			return errorf("rewrite: %w", err)
		}
		inc, err := waitIncident(ctx, s.db, guard.KindAnchoredRewrite, before, 10*time.Second)
		if err != nil {
			return err
		}
		anchored.detect = append(anchored.detect, inc.RaisedAt.Sub(inc.SeenAt))
		if err := restore(anchored, 30*time.Second); err != nil {
			return err
		}
	}
	checked, lost, err := readBack(ctx, s, originals)
	if err != nil {
		return err
	}
	sc := anchored.done(checked, lost)
	res.Detected, res.DetectP50Ms, res.DetectP99Ms, res.DetectMaxMs, res.DetectMs = sc.Detected, sc.DetectP50Ms, sc.DetectP99Ms, sc.DetectMaxMs, sc.DetectMs
	res.RestoreSmallP50Ms = sc.RepairP50Ms
	res.Scenarios = append(res.Scenarios, sc)

	// Rewrites of the unanchored tail: a record is written and the blocks
	// above everything this node has anchored (mirrored or only sent) are
	// replaced at once, altering the record's transaction, before the
	// agent anchors them. Only this node's archive knows the originals.
	unanchored := newTrials(ScenarioUnanchoredRewrite, guard.KindUnanchoredRewrite, cfg.ScenarioTrials,
		"from the moment the node saw the rewritten head (the archive follower's new-head event) to the incident",
		"restore from this node's archive (respond.Restore), until no incident is open")
	skipped := 0
	for i := range cfg.ScenarioTrials {
		if i%10 == 0 {
			progress("unanchored-rewrite trials %d/%d", i, cfg.ScenarioTrials)
		}
		rec, err := write()
		if err != nil {
			return err
		}
		end, err := anchoredEnd(ctx, s)
		if err != nil {
			return err
		}
		head, before, err := headAndIncidents(ctx, s)
		if err != nil {
			return err
		}
		if rec.Block <= end || head <= end {
			// The agent anchored the record's block already (rare): this
			// trial would rewrite anchored history; skip it.
			unanchored.sc.Trials--
			skipped++
			unanchored.sc.Note = fmt.Sprintf("%d trials skipped: the agent anchored the record's block before the rewrite (it would have been an anchored rewrite).", skipped)
			cfg.Logger.Info("attack bench: the record was anchored before the unanchored rewrite; trial skipped", "block", rec.Block, "anchored_end", end)
			continue
		}
		if _, err := target.Rewrite(ctx, attack.Rewrite{Depth: head - end, Record: rec.ID, Mode: "alter"}); err != nil {
			return errorf("unanchored rewrite: %w", err)
		}
		inc, err := waitIncident(ctx, s.db, guard.KindUnanchoredRewrite+"|"+guard.KindAnchoredRewrite, before, 10*time.Second)
		switch {
		case err != nil:
			cfg.Logger.Warn("attack bench: unanchored rewrite not detected", "err", err)
		case inc.Kind == guard.KindAnchoredRewrite:
			// A checkpoint the agent built just before the rewrite covered
			// the blocks by the time the guard looked: rightly raised as
			// an anchored rewrite, and not this scenario's trial.
			unanchored.sc.Trials--
			skipped++
			unanchored.sc.Note = fmt.Sprintf("%d trials skipped: the agent anchored the record's block before the rewrite (it would have been an anchored rewrite).", skipped)
		default:
			unanchored.detect = append(unanchored.detect, inc.RaisedAt.Sub(inc.SeenAt))
		}
		if err := restore(unanchored, 30*time.Second); err != nil {
			return err
		}
	}
	checked, lost, err = readBack(ctx, s, originals)
	if err != nil {
		return err
	}
	res.Scenarios = append(res.Scenarios, unanchored.done(checked, lost))
	res.RecordsChecked += checked
	res.RecordsLost += lost

	// Last, as it leaves the node on a successor that runs nowhere: the
	// hard fork from this node's archive after one more anchored rewrite.
	progress("hard fork after a rewrite of anchored history")
	forkMs, fr, err := timeDevFork(ctx, s, dir, 16, cfg.Logger)
	if err != nil {
		return errorf("hard fork: %w", err)
	}
	res.ForkMs, res.ForkImported, res.ForkReplayed = forkMs, fr.Imported, fr.Replayed
	return nil
}

// ErrLargeRewrite wraps a failure of the RestoreBlocks-deep rewrite or its
// restore (the evaluation then measures again with a shallower one).
var ErrLargeRewrite = errors.New("bench: the large rewrite")

// largeRewrite rewrites the last RestoreBlocks blocks, all anchored, and
// times their restore.
func largeRewrite(ctx context.Context, cfg AttackConfig, s *system, target *attack.Target, again func() error, res *AttackResult) error {
	progress := progressf(cfg.Progress)
	chain := respond.DevChain(s.work)
	progress("sealing %d blocks and waiting until they are anchored", cfg.RestoreBlocks)
	base, err := s.work.Client().BlockNumber(ctx)
	if err != nil {
		return err
	}
	for range cfg.RestoreBlocks {
		s.work.Commit()
	}
	if _, err := waitAnchored(ctx, s, base+cfg.RestoreBlocks); err != nil {
		return err
	}
	head, before, err := headAndIncidents(ctx, s)
	if err != nil {
		return err
	}
	progress("rewriting the last %d blocks", head-base)
	if _, err := target.Rewrite(ctx, attack.Rewrite{Depth: head - base}); err != nil {
		return errorf("large rewrite: %w", err)
	}
	if _, err := waitIncident(ctx, s.db, guard.KindAnchoredRewrite, before, time.Minute); err != nil {
		return err
	}
	progress("restoring")
	began := time.Now()
	rr, err := respond.Restore(ctx, chain, s.db, 7951, cfg.Logger)
	if err != nil {
		return errorf("large restore: %w", err)
	}
	res.RestoreMs = ms(time.Since(began))
	res.RestoreBlocks = uint64(rr.Restored)
	extra, err := waitResolved(ctx, s, 2*time.Minute, again)
	if err != nil {
		return err
	}
	res.ExtraRestores += extra
	res.RestoreResolvedMs = ms(time.Since(began))
	return nil
}

// anchoredEnd is the highest block this node has anchored: mirrored, or
// built by its agent and not mirrored yet (the store's checkpoints, in any
// state).
func anchoredEnd(ctx context.Context, s *system) (uint64, error) {
	end, err := waitAnchored(ctx, s, 1)
	if err != nil {
		return 0, err
	}
	var built sql.NullInt64
	if err := s.db.SQL().QueryRowContext(ctx, "SELECT MAX(end) FROM checkpoints").Scan(&built); err != nil {
		return 0, errorf("the agent's last checkpoint: %w", err)
	}
	if built.Valid {
		end = max(end, uint64(built.Int64))
	}
	return end, nil
}

// readBack reads every record in originals (logical id → the bytes first
// read) and counts those not read back identical.
func readBack(ctx context.Context, s *system, originals map[uint64][]byte) (checked, lost int, err error) {
	if err := s.svc.Sync(ctx); err != nil {
		return 0, 0, err
	}
	for id, want := range originals {
		checked++
		_, got, err := s.svc.Read(ctx, s.practitioner, id, 0)
		if err != nil || !bytes.Equal(got, want) {
			lost++
		}
	}
	return checked, lost, nil
}

func progressf(w io.Writer) func(format string, args ...any) {
	return func(format string, args ...any) {
		if w != nil {
			fmt.Fprintf(w, format+"\n", args...)
		}
	}
}

// waitAnchored waits until the mirror holds a checkpoint of the node's
// own ending at or beyond height, and returns that end.
func waitAnchored(ctx context.Context, s *system, height uint64) (uint64, error) {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		hs, err := s.db.MirrorMemberHeights(ctx, s.work.ChainID())
		if err != nil {
			return 0, err
		}
		for _, end := range hs {
			if end >= height {
				return end, nil
			}
		}
		if time.Now().After(deadline) {
			return 0, errorf("nothing anchored up to %d within 2 minutes", height)
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// headAndIncidents is what an attack trial starts from: the working
// chain's head and the incidents already recorded, so that only the
// trial's own incident counts.
func headAndIncidents(ctx context.Context, s *system) (uint64, map[int64]bool, error) {
	head, err := s.work.Client().BlockNumber(ctx)
	if err != nil {
		return 0, nil, err
	}
	before, err := openIncidents(ctx, s.db)
	return head, before, err
}

func openIncidents(ctx context.Context, db *store.DB) (map[int64]bool, error) {
	incs, err := db.Incidents(ctx, false)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, inc := range incs {
		seen[inc.ID] = inc.ResolvedAt == nil
	}
	return seen, nil
}

// waitIncident waits for an open incident of kind (or of any of the kinds
// "a|b") that is new since before.
func waitIncident(ctx context.Context, db *store.DB, kind string, before map[int64]bool, limit time.Duration) (*store.Incident, error) {
	deadline := time.Now().Add(limit)
	kinds := strings.Split(kind, "|")
	for {
		incs, err := db.Incidents(ctx, true)
		if err != nil {
			return nil, err
		}
		for _, inc := range incs {
			if slices.Contains(kinds, inc.Kind) && !before[inc.ID] {
				return &inc, nil
			}
		}
		if time.Now().After(deadline) {
			return nil, errorf("no %s incident within %v", kind, limit)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
}

// waitResolved waits until no incident is open (the guard verifies on the
// archive's updates). If a rewrite incident is still open every
// reRestoreAfter, it restores again, as an operator (or --on-incident
// …=restore) would: a checkpoint the agent sent just before the attack may
// reach the mirror only after the restore chose among the archived
// histories, and then names the right one. It returns how many extra
// restores that took.
func waitResolved(ctx context.Context, s *system, limit time.Duration, restore func() error) (int, error) {
	const reRestoreAfter = 5 * time.Second
	deadline := time.Now().Add(limit)
	next, extra := time.Now().Add(reRestoreAfter), 0
	for {
		if _, err := s.guard.Verify(ctx); err != nil {
			return extra, err
		}
		incs, err := s.db.Incidents(ctx, true)
		if err != nil {
			return extra, err
		}
		if len(incs) == 0 {
			return extra, nil
		}
		if time.Now().After(next) && restore != nil {
			if err := restore(); err != nil && !errors.Is(err, respond.ErrNothingToRestore) {
				return extra, err
			}
			extra++
			next = time.Now().Add(reRestoreAfter)
		}
		if time.Now().After(deadline) {
			rep := s.guard.LastReport()
			return extra, errorf("incidents still open %v after the restore: %s (guard: %d checked, %d mismatched, %d pending)", limit, incs[0].Summary, rep.Checked, len(rep.Mismatches), rep.Pending)
		}
		select {
		case <-ctx.Done():
			return extra, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// Markdown renders the result as tables: the anchored rewrites and the
// restores, then one row per scenario.
func (r *AttackResult) Markdown() string {
	s := fmt.Sprintf("Machine: %s/%s, %d CPUs, %s, %s. %s.\n\n", r.Machine.OS, r.Machine.Arch, r.Machine.CPUs, r.Machine.Go,
		r.Machine.When.Format("2006-01-02"), r.Note)
	s += "| figure | value | target |\n|---|---:|---|\n"
	s += fmt.Sprintf("| anchored-history rewrites detected | %d / %d | 100 %% |\n", r.Detected, r.Trials)
	s += fmt.Sprintf("| detection latency p50 / p99 / max (ms) | %.1f / %.1f / %.1f | ≤ 100 (thesis 800) |\n", r.DetectP50Ms, r.DetectP99Ms, r.DetectMaxMs)
	s += fmt.Sprintf("| restore after a trial, p50 (ms) | %.1f | |\n", r.RestoreSmallP50Ms)
	s += fmt.Sprintf("| restore of a %d-block rewrite (ms) | %.0f | ≤ 10,000 |\n", r.RestoreBlocks, r.RestoreMs)
	s += fmt.Sprintf("| … until archive and guard agree again (ms) | %.0f | |\n", r.RestoreResolvedMs)
	s += fmt.Sprintf("| records lost | %d of %d | 0 |\n", r.RecordsLost, r.RecordsChecked)
	s += fmt.Sprintf("| restores run again (a checkpoint mirrored after the first one) | %d | |\n", r.ExtraRestores)
	if r.ForkMs > 0 {
		s += fmt.Sprintf("| hard fork of the dev node (rebuild %d blocks from the archive, replay %d transactions, declare) (ms) | %.0f | ≤ 60,000 |\n", r.ForkImported, r.ForkReplayed, r.ForkMs)
	}
	if len(r.Scenarios) == 0 {
		return s
	}
	s += "\n| scenario | incident | trials | detected | detection p50 / p99 / max (ms) | repair p50 (ms) | records lost |\n|---|---|---:|---:|---:|---:|---:|\n"
	for _, sc := range r.Scenarios {
		repair := "–"
		if sc.RepairP50Ms > 0 {
			repair = fmt.Sprintf("%.0f", sc.RepairP50Ms)
		}
		s += fmt.Sprintf("| %s | `%s` | %d | %d | %.1f / %.1f / %.1f | %s | %d of %d |\n", sc.Name, sc.Incident, sc.Trials, sc.Detected,
			sc.DetectP50Ms, sc.DetectP99Ms, sc.DetectMaxMs, repair, sc.RecordsLost, sc.RecordsChecked)
	}
	s += "\nDetection latency, by scenario (the incident's raisedAt, stamped by the node to the millisecond, minus):\n\n"
	for _, sc := range r.Scenarios {
		s += fmt.Sprintf("- **%s**: %s. Repair: %s.", sc.Name, sc.Latency, sc.Repair)
		if sc.Note != "" {
			s += " " + sc.Note
		}
		s += "\n"
	}
	return s
}
