package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"path/filepath"
	"time"

	"github.com/dualchain/dualchain/attack"
	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/emr"
	"github.com/dualchain/dualchain/guard"
	"github.com/dualchain/dualchain/ipfs"
	"github.com/dualchain/dualchain/respond"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/synth"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ipfs/go-cid"
)

// localChainID is the working chain of the node the local scenarios run on
// (its verification chain is localChainID+1).
const localChainID = 7953

// runLocalAttacks runs the scenarios that need the guard's periodic checks
// on a second node: archive tampering, IPFS tampering, halts and false
// checkpoints, in that order (a false checkpoint stays on the verification
// chain for good, so its incidents stay open and it comes last). Its guard
// runs the full self-check every cfg.FullCheck and calls the chain halted
// after cfg.HaltAfter, as dualchain up's --full-check and --halt-after set
// them; its content self-check is wired as dualchain up wires it (the
// periodic check, and at once when a read is refused). A second IPFS node,
// another hospital's, pins every record's content, so that tampered
// content can be fetched again.
func runLocalAttacks(ctx context.Context, cfg AttackConfig, res *AttackResult) error {
	progress := progressf(cfg.Progress)
	dir, cleanup, err := tempDir()
	if err != nil {
		return err
	}
	defer cleanup()
	progress("starting a second dual-chain node (full self-check every %v, halt after %v)", cfg.FullCheck, cfg.HaltAfter)
	s, err := startSystem(ctx, dir, systemConfig{Dual: true, ChainID: localChainID, AnchorInterval: 16, AnchorMaxAge: 2 * time.Second, Logger: cfg.Logger,
		Guard: func(c *guard.Config, working *ethclient.Client) {
			// The dev chain seals on demand: halted means transactions
			// wait and no block comes (dualchain up's rule for it).
			c.FullCheck, c.HaltAfter, c.Pending = cfg.FullCheck, cfg.HaltAfter, working
		}})
	if err != nil {
		return err
	}
	defer s.close()
	s.guard.SetContent(contentCheck{s.ipfs})
	s.ipfs.OnCorrupt(func(string) { s.guard.CheckContentSoon() })
	peer, err := ipfs.Open(ctx, ipfs.Config{Dir: filepath.Join(dir, "peer-ipfs"), Bootstrap: s.ipfs.Addrs(), Logger: cfg.Logger})
	if err != nil {
		return errorf("peer IPFS node: %w", err)
	}
	defer peer.Close()
	for _, a := range s.ipfs.Addrs() {
		if err = peer.Connect(ctx, a); err == nil {
			break
		}
	}
	if err != nil {
		return errorf("connect the peer IPFS node: %w", err)
	}

	target := &attack.Target{Chain: s.work, DB: s.db, Keys: s.keys, EMR: s.svc, Blocks: s.ipfs}
	l := &localRun{cfg: cfg, s: s, target: target, peer: peer, originals: map[uint64][]byte{}}
	l.bodies = records(synth.New(9), s.refs, cfg.ScenarioTrials+7)

	// Anchored blocks for the archive tampering (base+1 onwards, one per
	// trial) and for the false checkpoints (from the registry's start
	// height, one block each). The agent anchors 16 blocks a second.
	base, err := s.work.Client().BlockNumber(ctx)
	if err != nil {
		return err
	}
	n := uint64(max(cfg.ScenarioTrials, cfg.FalseCheckpointTrials, 1)) + 16
	for range n {
		s.work.Commit()
	}
	progress("waiting until %d blocks are anchored", n)
	if _, err := waitAnchored(ctx, s, base+n); err != nil {
		return err
	}
	if _, err := waitResolved(ctx, s, time.Minute, nil); err != nil {
		return err
	}
	// A few records before any attack, read back after every scenario.
	for range 3 {
		if _, err := l.write(ctx); err != nil {
			return err
		}
	}
	for _, run := range []func(context.Context, uint64) error{l.tamperArchive, l.tamperIPFS, l.halt, l.falseCheckpoint} {
		if err := run(ctx, base+1); err != nil {
			return err
		}
		res.Scenarios = append(res.Scenarios, l.last)
	}
	res.RecordsChecked += l.last.RecordsChecked
	res.RecordsLost += l.last.RecordsLost
	return nil
}

// localRun is the state of runLocalAttacks' scenarios.
type localRun struct {
	cfg       AttackConfig
	s         *system
	target    *attack.Target
	peer      *ipfs.Node
	bodies    [][]byte
	originals map[uint64][]byte // logical id → content first read
	last      AttackScenario
}

// finish reads every record back and closes the scenario.
func (l *localRun) finish(ctx context.Context, t *trials) error {
	checked, lost, err := readBack(ctx, l.s, l.originals)
	if err != nil {
		return err
	}
	l.last = t.done(checked, lost)
	return nil
}

// tamperArchive overwrites an anchored block's hash in the node's archive
// per trial. Nothing tells the guard: its next full self-check recomputes
// the checkpoint roots over the archive and finds the mismatch (the
// verification passes that follow new blocks reuse what earlier passes
// computed below them). Repair: respond.Restore re-fetches the damaged
// rows from the chain.
func (l *localRun) tamperArchive(ctx context.Context, first uint64) error {
	progress := progressf(l.cfg.Progress)
	chain := respond.DevChain(l.s.work)
	t := newTrials(ScenarioTamperArchive, guard.KindLocalTamper, l.cfg.ScenarioTrials,
		fmt.Sprintf("from the tamper (the archive row overwritten) to the incident; found by the guard's periodic full self-check, every %v here (default 1 min)", l.cfg.FullCheck),
		"restore (respond.Restore re-fetches the damaged archive rows from the chain), until no incident is open")
	for i := range l.cfg.ScenarioTrials {
		if i%10 == 0 {
			progress("archive-tampering trials %d/%d", i, l.cfg.ScenarioTrials)
		}
		_, before, err := headAndIncidents(ctx, l.s)
		if err != nil {
			return err
		}
		r, err := l.target.TamperArchive(ctx, first+uint64(i))
		if err != nil {
			return errorf("tamper archive: %w", err)
		}
		inc, err := waitIncident(ctx, l.s.db, guard.KindLocalTamper, before, 10*time.Second+4*l.cfg.FullCheck)
		if err != nil {
			l.cfg.Logger.Warn("attack bench: archive tampering not detected", "err", err)
		} else {
			t.detect = append(t.detect, inc.RaisedAt.Sub(r.At))
		}
		began := time.Now()
		if _, err := respond.Restore(ctx, chain, l.s.db, localChainID, l.cfg.Logger); err != nil {
			return errorf("repair the archive: %w", err)
		}
		if _, err := waitResolved(ctx, l.s, 30*time.Second, nil); err != nil {
			return err
		}
		t.repair = append(t.repair, time.Since(began))
	}
	return l.finish(ctx, t)
}

// tamperIPFS writes a record per trial (the peer pins its content, as the
// other hospital's node would), overwrites its blocks in this node's
// store, and has the practitioner open it: the read is refused, the IPFS
// node reports it, and the guard runs its content self-check at once
// (CheckContentSoon, as dualchain up wires it). Repair: the content is
// fetched again from the peer (ipfs.Node.Repair, what dualchain restore
// does), and the content self-check resolves the incident.
func (l *localRun) tamperIPFS(ctx context.Context, _ uint64) error {
	progress := progressf(l.cfg.Progress)
	t := newTrials(ScenarioTamperIPFS, guard.KindLocalTamper, l.cfg.ScenarioTrials,
		"from the tamper (the record's IPFS blocks overwritten) to the incident; the first read of the record, made right after, is refused and "+
			"triggers the guard's content self-check at once (without a read, the periodic content self-check, default every 10 min)",
		"fetch the content again from the peer IPFS node (ipfs.Node.Repair), content self-check, until no incident is open")
	for i := range l.cfg.ScenarioTrials {
		if i%10 == 0 {
			progress("IPFS-tampering trials %d/%d", i, l.cfg.ScenarioTrials)
		}
		rec, err := l.write(ctx)
		if err != nil {
			return err
		}
		root, err := cid.Decode(rec.CID)
		if err != nil {
			return errorf("record %d's CID %q: %w", rec.ID, rec.CID, err)
		}
		if err := l.peer.Pin(ctx, root); err != nil {
			return errorf("the peer pins %s: %w", root, err)
		}
		_, before, err := headAndIncidents(ctx, l.s)
		if err != nil {
			return err
		}
		r, err := l.target.TamperIPFS(ctx, rec.ID)
		if err != nil {
			return errorf("tamper IPFS: %w", err)
		}
		if _, _, err := l.s.svc.Read(ctx, l.s.practitioner, rec.LogicalID, 0); err == nil {
			l.cfg.Logger.Warn("attack bench: a tampered record was read without error", "record", rec.ID)
		}
		inc, err := waitIncident(ctx, l.s.db, guard.KindLocalTamper, before, 10*time.Second)
		if err != nil {
			l.cfg.Logger.Warn("attack bench: IPFS tampering not detected", "err", err)
		} else {
			t.detect = append(t.detect, inc.RaisedAt.Sub(r.At))
		}
		began := time.Now()
		faults, err := l.s.ipfs.SelfCheck(ctx)
		if err != nil {
			return errorf("content self-check: %w", err)
		}
		for _, f := range faults {
			rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := l.s.ipfs.Repair(rctx, f)
			cancel()
			if err != nil {
				return errorf("repair %s from the peer: %w", f.Root, err)
			}
		}
		if _, err := l.s.guard.CheckContent(ctx); err != nil {
			return err
		}
		if _, err := waitResolved(ctx, l.s, 30*time.Second, nil); err != nil {
			return err
		}
		t.repair = append(t.repair, time.Since(began))
	}
	return l.finish(ctx, t)
}

// halt stops block production per trial and sends a transaction, which
// waits. The guard checks every max(HaltAfter/4, 100 ms) and calls the
// chain halted once a transaction has waited HaltAfter. Repair: Resume;
// the transaction is sealed and the guard resolves the incident.
func (l *localRun) halt(ctx context.Context, _ uint64) error {
	progress := progressf(l.cfg.Progress)
	acct := l.s.work.Accounts()[5]
	snd, err := chain.NewSender(ctx, l.s.work.Client(), acct.Key, chain.SenderConfig{})
	if err != nil {
		return err
	}
	t := newTrials(ScenarioHalt, guard.KindHalted, l.cfg.HaltTrials,
		fmt.Sprintf("from the halt threshold expiring (a transaction entered the pool of the halted chain, + %v) to the incident; the guard looks every %v",
			l.cfg.HaltAfter, max(l.cfg.HaltAfter/4, 100*time.Millisecond)),
		"resume block production (attack Resume), until the waiting transaction is sealed and no incident is open")
	for i := range l.cfg.HaltTrials {
		if i%10 == 0 {
			progress("halt trials %d/%d", i, l.cfg.HaltTrials)
		}
		_, before, err := headAndIncidents(ctx, l.s)
		if err != nil {
			return err
		}
		if _, err := l.target.Halt(ctx, 0); err != nil {
			return errorf("halt: %w", err)
		}
		tx, err := snd.Send(ctx, &acct.Address, nil, big.NewInt(1))
		if err != nil {
			l.target.Resume(ctx)
			return errorf("send to the halted chain: %w", err)
		}
		expired := time.Now().Add(l.cfg.HaltAfter)
		inc, err := waitIncident(ctx, l.s.db, guard.KindHalted, before, 10*time.Second+4*l.cfg.HaltAfter)
		if err != nil {
			l.cfg.Logger.Warn("attack bench: halt not detected", "err", err)
		} else {
			t.detect = append(t.detect, inc.RaisedAt.Sub(expired))
		}
		began := time.Now()
		if _, err := l.target.Resume(ctx); err != nil {
			return errorf("resume: %w", err)
		}
		if _, err := snd.Wait(ctx, tx.Hash()); err != nil {
			return errorf("the transaction sent during the halt: %w", err)
		}
		if _, err := waitResolved(ctx, l.s, 30*time.Second, nil); err != nil {
			return err
		}
		t.repair = append(t.repair, time.Since(began))
	}
	return l.finish(ctx, t)
}

// falseCheckpoint has a second member (voted in by this node) anchor one
// block per trial with a root the chain never had. The mirror picks the
// checkpoint up on its next poll (every 1 s) and the guard compares it on
// its next pass (the next working-chain block, or the full self-check).
// There is nothing on this node to repair: the false checkpoint stays on
// the verification chain and its incident (evidence against the member)
// stays open, so this scenario runs last. With no repair to wait for, the
// trials overlap by one: the next false checkpoint is sent (and waits a
// verification slot for inclusion) while the previous one's incident is
// awaited, which halves the scenario's time.
func (l *localRun) falseCheckpoint(ctx context.Context, _ uint64) error {
	progress := progressf(l.cfg.Progress)
	liar, err := chain.NewSender(ctx, l.s.verif.Client(), l.s.verif.Accounts()[1].Key, chain.SenderConfig{})
	if err != nil {
		return err
	}
	l.target.Anchoring = &attack.Anchoring{Node: l.s.verifSender, Liar: liar, Registry: l.s.registry, WorkingChainID: localChainID}
	t := newTrials(ScenarioFalseCheckpoint, guard.KindConflictingCheckpoints, l.cfg.FalseCheckpointTrials,
		fmt.Sprintf("from the false checkpoint's inclusion being visible (its receipt returned) to the incident; "+
			"bounded by the mirror's 1 s poll and the guard's next pass (next block, or the full self-check every %v)", l.cfg.FullCheck),
		"none possible on this node (the false checkpoint stays on the verification chain; its incident stays open as evidence against the member)")
	t.sc.Note = "Trials overlap by one (the next false checkpoint is sent while the previous one's incident is awaited)."
	seen := map[int64]bool{}
	await := func(r *attack.Result) error {
		inc, err := waitConflict(ctx, l.s, r, seen, 10*time.Second+4*l.cfg.FullCheck)
		if err != nil {
			l.cfg.Logger.Warn("attack bench: false checkpoint not detected", "err", err, "start", r.Start, "end", r.End)
			return nil
		}
		t.detect = append(t.detect, inc.RaisedAt.Sub(r.At))
		return nil
	}
	var prev *attack.Result
	for i := range l.cfg.FalseCheckpointTrials {
		if i%10 == 0 {
			progress("false-checkpoint trials %d/%d", i, l.cfg.FalseCheckpointTrials)
		}
		r, err := l.target.FalseCheckpointBlocks(ctx, 1)
		if err != nil {
			return errorf("false checkpoint: %w", err)
		}
		if prev != nil {
			if err := await(prev); err != nil {
				return err
			}
		}
		prev = r
	}
	if prev != nil {
		if err := await(prev); err != nil {
			return err
		}
	}
	return l.finish(ctx, t)
}

// waitConflict waits for the conflicting-checkpoints incident whose faulty
// checkpoints include r's; seen holds the incidents already matched.
func waitConflict(ctx context.Context, s *system, r *attack.Result, seen map[int64]bool, limit time.Duration) (*store.Incident, error) {
	deadline := time.Now().Add(limit)
	for {
		incs, err := s.db.Incidents(ctx, true)
		if err != nil {
			return nil, err
		}
		for _, inc := range incs {
			if inc.Kind != guard.KindConflictingCheckpoints || seen[inc.ID] {
				continue
			}
			var ev guard.ConflictEvidence
			if json.Unmarshal(inc.Evidence, &ev) != nil {
				continue
			}
			for _, f := range ev.Faulty {
				if f.Member == r.Member && f.Start == r.Start && f.End == r.End {
					seen[inc.ID] = true
					return &inc, nil
				}
			}
		}
		if time.Now().After(deadline) {
			return nil, errorf("no %s incident for the false checkpoint of %d-%d within %v", guard.KindConflictingCheckpoints, r.Start, r.End, limit)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// write writes a record and remembers what it reads back as.
func (l *localRun) write(ctx context.Context) (*emr.Record, error) {
	rec, err := l.s.svc.Create(ctx, l.s.practitioner, l.bodies[len(l.originals)%len(l.bodies)])
	if err != nil {
		return nil, errorf("write: %w", err)
	}
	_, body, err := l.s.svc.Read(ctx, l.s.practitioner, rec.LogicalID, 0)
	if err != nil {
		return nil, errorf("read: %w", err)
	}
	l.originals[rec.LogicalID] = body
	return rec, nil
}

// contentCheck is the guard's content self-check over the node's IPFS
// store, as dualchain up wires it (without the record ids in the evidence).
type contentCheck struct{ node *ipfs.Node }

func (c contentCheck) CheckContent(ctx context.Context) ([]guard.ContentFault, error) {
	faults, err := c.node.SelfCheck(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]guard.ContentFault, 0, len(faults))
	for _, f := range faults {
		var gf guard.ContentFault
		gf.Root, gf.Blocks, gf.Missing = f.Text()
		out = append(out, gf)
	}
	return out, nil
}
