package attack

import (
	"context"
	"fmt"
	"time"
)

// Halt stops the working chain's block production, as validators that stop
// (or are stopped) would: transactions are still accepted but none is
// included. With d > 0 production resumes by itself after d; otherwise it
// stays halted until Resume (or the node restarts). Halting a halted chain
// only resets the deadline.
func (t *Target) Halt(ctx context.Context, d time.Duration) (*Result, error) {
	if d < 0 {
		return nil, fmt.Errorf("%w: halt for %v", ErrBadAttack, d)
	}
	head, err := t.Chain.Client().HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	if err := t.Chain.Pause(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadAttack, err)
	}
	res := &Result{Kind: "halt", ForkNumber: head.Number.Uint64(), OldHead: head.Hash(), At: time.Now()}
	t.haltMu.Lock()
	defer t.haltMu.Unlock()
	if t.resume != nil {
		t.resume.Stop()
		t.resume = nil
	}
	if d > 0 {
		until := res.At.Add(d)
		res.Until = &until
		t.resume = time.AfterFunc(d, t.Chain.Resume)
	}
	return res, nil
}

// Resume ends a Halt: block production restarts and what waited in the
// pool is sealed.
func (t *Target) Resume(ctx context.Context) (*Result, error) {
	t.haltMu.Lock()
	if t.resume != nil {
		t.resume.Stop()
		t.resume = nil
	}
	t.haltMu.Unlock()
	wasPaused := t.Chain.Paused()
	t.Chain.Resume()
	head, err := t.Chain.Client().HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	res := &Result{Kind: "resume", NewHead: head.Hash(), ForkNumber: head.Number.Uint64(), At: time.Now()}
	if !wasPaused {
		res.Kind = "resume (was not halted)"
	}
	return res, nil
}
