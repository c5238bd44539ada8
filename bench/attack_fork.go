package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/dualchain/dualchain/attack"
	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/guard"
	"github.com/dualchain/dualchain/respond"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/synth"
)

// timeDevFork measures the hard fork of a dual-chain dev node (DESIGN §5,
// issue 5's "hard-fork time ≤ 60 s"): the working chain grows by blocks
// blocks and is anchored and settled; a record is written above the last
// checkpoint (an honest transaction the fork must replay); the attack
// simulator rewrites the chain from the last anchored block; once the
// guard has raised the rewrite and every checkpoint is settled, the node's
// background loops stop (as 'dualchain fork --dev' needs the node stopped)
// and respond.Fork rebuilds the successor from the archive in dir, replays,
// declares the fork on the verification chain and makes the archive follow.
// forkMs is respond.Fork's wall time; res says what it did. Afterwards s is
// only good for close: its loops are stopped and its archive describes the
// successor, which runs nowhere (the old working chain stays open).
func timeDevFork(ctx context.Context, s *system, dir string, blocks uint64, log *slog.Logger) (forkMs float64, res *respond.ForkResult, err error) {
	if s.verif == nil || s.work == nil {
		return 0, nil, errorf("fork: needs a dual-chain system with an embedded working chain")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for range blocks {
		s.work.Commit()
	}
	head, err := s.work.Client().BlockNumber(ctx)
	if err != nil {
		return 0, nil, err
	}
	if _, err := waitSettledUpTo(ctx, s, head); err != nil {
		return 0, nil, err
	}
	// An honest write above the last checkpoint: the fork replays it.
	body, err := synth.New(head).Record("Observation", s.refs)
	if err != nil {
		return 0, nil, err
	}
	if _, err := s.svc.Create(ctx, s.practitioner, body); err != nil {
		return 0, nil, errorf("fork: write: %w", err)
	}
	end, err := waitSettledUpTo(ctx, s, 0)
	if err != nil {
		return 0, nil, err
	}
	head, err = s.work.Client().BlockNumber(ctx)
	if err != nil {
		return 0, nil, err
	}
	before, err := s.db.Incidents(ctx, false)
	if err != nil {
		return 0, nil, err
	}
	target := &attack.Target{Chain: s.work, DB: s.db, Keys: s.keys, EMR: s.svc}
	if _, err := target.Rewrite(ctx, attack.Rewrite{Depth: head - end + 1}); err != nil {
		return 0, nil, errorf("fork: rewrite: %w", err)
	}
	if err := pollUntil(ctx, time.Minute, func() (bool, error) {
		all, err := s.db.Incidents(ctx, true)
		for _, inc := range all {
			if inc.Kind == guard.KindAnchoredRewrite && inc.ID > maxID(before) {
				return true, err
			}
		}
		return false, err
	}); err != nil {
		return 0, nil, errorf("fork: the rewrite was not raised: %w", err)
	}
	// The agent builds nothing while the incident is open; let what it
	// sent settle, then stop the node's loops.
	if _, err := waitSettledUpTo(ctx, s, 0); err != nil {
		return 0, nil, err
	}
	s.cancel()
	s.wg.Wait()

	sender, err := chain.NewSender(ctx, s.verif.Client(), s.verif.Accounts()[0].Key, chain.SenderConfig{})
	if err != nil {
		return 0, nil, err
	}
	began := time.Now()
	res, err = respond.Fork(ctx, respond.ForkConfig{
		DB: s.db,
		Successor: devchain.Config{Name: "bench-successor", ChainID: s.work.ChainID(), DataDir: filepath.Join(dir, fmt.Sprintf("working.successor-%d", time.Now().UnixNano())),
			NoFinality: true, Logger: log},
		Verification: sender,
		Registry:     s.registry,
		Logger:       log,
	})
	if err != nil {
		return 0, nil, errorf("fork: %w", err)
	}
	return ms(time.Since(began)), res, nil
}

// waitSettledUpTo waits until none of the node's checkpoints is unsettled
// and the last settled one ends at or beyond height; it returns that end.
func waitSettledUpTo(ctx context.Context, s *system, height uint64) (uint64, error) {
	var end uint64
	err := pollUntil(ctx, 2*time.Minute, func() (bool, error) {
		un, err := s.db.UnsettledCheckpoints(ctx)
		if err != nil || len(un) > 0 {
			return false, err
		}
		st, err := s.db.AnchorStatus(ctx)
		if err != nil || st.LastSettledEnd == nil {
			return false, err
		}
		end = *st.LastSettledEnd
		return end >= height, nil
	})
	if err != nil {
		return 0, errorf("fork: checkpoints up to %d not settled: %w", height, err)
	}
	return end, nil
}

func pollUntil(ctx context.Context, limit time.Duration, ok func() (bool, error)) error {
	deadline := time.Now().Add(limit)
	for {
		done, err := ok()
		if err != nil {
			return err
		}
		if done {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("timed out after " + limit.String())
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// maxID is the highest incident id in incs (0 for none).
func maxID(incs []store.Incident) int64 {
	var m int64
	for _, inc := range incs {
		m = max(m, inc.ID)
	}
	return m
}
