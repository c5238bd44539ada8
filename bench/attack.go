package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/dualchain/dualchain/attack"
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
	// RestoreBlocks is the depth of the large rewrite whose restore is
	// timed; default 1000.
	RestoreBlocks uint64
	Progress      io.Writer
	Logger        *slog.Logger
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
	// Records written before the attacks and not read back identical
	// afterwards (must be 0), out of RecordsChecked.
	RecordsLost    int `json:"recordsLost"`
	RecordsChecked int `json:"recordsChecked"`
	// ExtraRestores counts restores run again because a rewrite incident
	// stayed open (a checkpoint mirrored after the first restore named
	// another archived history); their time counts in RestoreSmallP50Ms
	// and RestoreResolvedMs.
	ExtraRestores int    `json:"extraRestores"`
	Note          string `json:"note"`
}

// RunAttack measures attack detection and restore on a dual-chain dev
// node: first one rewrite RestoreBlocks deep is restored and timed; then,
// Trials times, a record is written, the anchored history is rewritten from
// the last anchored block, the incident's latency is taken, and the chain
// is restored; finally every record is read back.
func RunAttack(ctx context.Context, cfg AttackConfig) (*AttackResult, error) {
	if cfg.Trials <= 0 {
		cfg.Trials = 100
	}
	if cfg.RestoreBlocks == 0 {
		cfg.RestoreBlocks = 1000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	progress := func(format string, args ...any) {
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, format+"\n", args...)
		}
	}
	dir, cleanup, err := tempDir()
	if err != nil {
		return nil, err
	}
	defer cleanup()
	progress("starting a dual-chain node")
	s, err := startSystem(ctx, dir, systemConfig{Dual: true, ChainID: 7951, AnchorInterval: 16, AnchorMaxAge: 2 * time.Second, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	defer s.close()
	target := &attack.Target{Chain: s.work, DB: s.db, Keys: s.keys, EMR: s.svc}
	chain := respond.DevChain(s.work)
	res := &AttackResult{Machine: thisMachine(), Trials: cfg.Trials, RestoreBlocks: cfg.RestoreBlocks,
		Note: "one in-process dual-chain dev node (anchoring every 16 blocks or 2 s, 1 s verification slots); each trial rewrites the working chain from the last anchored block and restores it"}

	// The large rewrite first, on a node that has seen no attack yet.
	progress("sealing %d blocks and waiting until they are anchored", cfg.RestoreBlocks)
	base, err := s.work.Client().BlockNumber(ctx)
	if err != nil {
		return nil, err
	}
	for range cfg.RestoreBlocks {
		s.work.Commit()
	}
	if _, err := waitAnchored(ctx, s, base+cfg.RestoreBlocks); err != nil {
		return nil, err
	}
	head, before, err := headAndIncidents(ctx, s)
	if err != nil {
		return nil, err
	}
	progress("rewriting the last %d blocks", head-base)
	if _, err := target.Rewrite(ctx, attack.Rewrite{Depth: head - base}); err != nil {
		return nil, errorf("large rewrite: %w", err)
	}
	if _, err := waitIncident(ctx, s.db, guard.KindAnchoredRewrite, before, time.Minute); err != nil {
		return nil, err
	}
	progress("restoring")
	began := time.Now()
	rr, err := respond.Restore(ctx, chain, s.db, 7951, cfg.Logger)
	if err != nil {
		return nil, errorf("large restore: %w", err)
	}
	res.RestoreMs = ms(time.Since(began))
	res.RestoreBlocks = uint64(rr.Restored)
	again := func() error { _, err := respond.Restore(ctx, chain, s.db, 7951, cfg.Logger); return err }
	extra, err := waitResolved(ctx, s, 2*time.Minute, again)
	if err != nil {
		return nil, err
	}
	res.ExtraRestores += extra
	res.RestoreResolvedMs = ms(time.Since(began))

	gen := synth.New(5)
	bodies := records(gen, s.refs, cfg.Trials)
	originals := map[uint64][]byte{}
	var detect, restore []time.Duration
	for i := range cfg.Trials {
		if i%10 == 0 {
			progress("rewrite trials %d/%d", i, cfg.Trials)
		}
		rec, err := s.svc.Create(ctx, s.practitioner, bodies[i%len(bodies)])
		if err != nil {
			return nil, errorf("write: %w", err)
		}
		_, body, err := s.svc.Read(ctx, s.practitioner, rec.LogicalID, 0)
		if err != nil {
			return nil, errorf("read: %w", err)
		}
		originals[rec.LogicalID] = body
		// The rewrite starts at the last anchored block, so it always
		// changes anchored history.
		end, err := waitAnchored(ctx, s, 1)
		if err != nil {
			return nil, err
		}
		head, before, err := headAndIncidents(ctx, s)
		if err != nil {
			return nil, err
		}
		if _, err := target.Rewrite(ctx, attack.Rewrite{Depth: head - end + 1}); err != nil {
			return nil, errorf("rewrite: %w", err)
		}
		inc, err := waitIncident(ctx, s.db, guard.KindAnchoredRewrite, before, 10*time.Second)
		if err != nil {
			return nil, err
		}
		res.Detected++
		detect = append(detect, inc.RaisedAt.Sub(inc.SeenAt))
		began := time.Now()
		if _, err := respond.Restore(ctx, chain, s.db, 7951, cfg.Logger); err != nil {
			return nil, errorf("restore: %w", err)
		}
		extra, err := waitResolved(ctx, s, 30*time.Second, again)
		if err != nil {
			return nil, err
		}
		res.ExtraRestores += extra
		restore = append(restore, time.Since(began))
	}
	slices.Sort(detect)
	slices.Sort(restore)
	res.DetectP50Ms, res.DetectP99Ms, res.DetectMaxMs = percentile(detect, .5), percentile(detect, .99), ms(detect[len(detect)-1])
	res.RestoreSmallP50Ms = percentile(restore, .5)
	for _, d := range detect {
		res.DetectMs = append(res.DetectMs, ms(d))
	}

	progress("reading back %d records", len(originals))
	if err := s.svc.Sync(ctx); err != nil {
		return nil, err
	}
	for id, want := range originals {
		res.RecordsChecked++
		_, got, err := s.svc.Read(ctx, s.practitioner, id, 0)
		if err != nil || !bytes.Equal(got, want) {
			res.RecordsLost++
		}
	}
	return res, nil
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

// waitIncident waits for an open incident of kind that is new since before.
func waitIncident(ctx context.Context, db *store.DB, kind string, before map[int64]bool, limit time.Duration) (*store.Incident, error) {
	deadline := time.Now().Add(limit)
	for {
		incs, err := db.Incidents(ctx, true)
		if err != nil {
			return nil, err
		}
		for _, inc := range incs {
			if inc.Kind == kind && !before[inc.ID] {
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

// Markdown renders the result as a table.
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
	s += "| hard fork | timed by `dualchain bench consortium` (forkMs) | ≤ 60,000 ms |\n"
	return s
}
