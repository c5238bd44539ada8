package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dualchain/dualchain/attack"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/guard"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/synth"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
)

// TestForkDev is the hard fork of a dev node after a rewrite of anchored
// history: records are written and anchored, the attack simulator alters a
// settled record's transaction, the node is stopped and forked from its
// archive, and restarted on the successor: every block up to the fork
// height has its original hash, every record acknowledged before (and
// after) the attack reads back byte for byte and is provable, the altered
// record's original is back, the honest transaction above the fork height
// was replayed, the registry names the successor, and no new incident is
// raised.
func TestForkDev(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	// Checkpoints every 4 blocks and never by age: blocks above the last
	// checkpoint stay unanchored until 4 have accumulated.
	args := upArgs(dir, "--anchor-interval", "4", "--anchor-max-age", "1h", "--anchor-confirmations", "1", "--full-check", "2s")
	ctx := testenv.Context(t, 8*time.Minute)
	p, sum, db := startForkNode(t, ctx, dir, args)

	e := newForkEnv(t, ctx, &sum.API, db, synth.New(41))
	pat, acked, write, facts, writeUntilSettled, quiet := &e.pat, e.acked, e.write, e.facts, e.writeUntilSettled, e.quiet
	victim := write()
	writeUntilSettled(victim)
	victimFacts := facts(victim)
	// At most one block above the last checkpoint, so that the honest
	// record below and the attacker's longer history stay under the
	// 4-block window: nothing is anchored above the fork height.
	head, end := quiet()
	for head > end+1 {
		write()
		time.Sleep(500 * time.Millisecond)
		head, end = quiet()
	}
	honestAbove := write()
	aboveFacts := facts(honestAbove)
	if aboveFacts.Block <= end || aboveFacts.Verification == "settled" {
		t.Fatalf("record %s in block %d (%s), last anchored end %d: want it above", honestAbove, aboveFacts.Block, aboveFacts.Verification, end)
	}
	wc, err := ethclient.DialContext(ctx, sum.Working.HTTP)
	if err != nil {
		t.Fatal(err)
	}
	oldHead, err := wc.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	original := map[uint64]common.Hash{}
	for n := uint64(0); n <= oldHead; n++ {
		h, err := wc.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			t.Fatal(err)
		}
		original[n] = h.Hash()
	}
	wc.Close()

	// The attack: a rewrite from the victim's block that alters it.
	code, out, stderr := runMain(t, "attack", "rewrite", "--api", sum.API, "--record", strconv.FormatUint(victimFacts.ID, 10), "--mode", "alter")
	var ar attack.Result
	if code != 0 || json.Unmarshal([]byte(out), &ar) != nil || ar.Substitute == ar.Original {
		t.Fatalf("attack rewrite: %d %q %q", code, out, stderr)
	}
	testenv.WaitFor(t, 30*time.Second, func() error {
		open, err := db.Incidents(ctx, true)
		if err != nil {
			return err
		}
		for _, inc := range open {
			if inc.Kind == guard.KindAnchoredRewrite {
				return nil
			}
		}
		return fmt.Errorf("no rewrite incident yet: %+v", open)
	})
	later := write() // on the rewritten chain, after the attack
	// The fork replays what the archive holds: let it take the write in.
	laterFacts := facts(later)
	testenv.WaitFor(t, 10*time.Second, func() error {
		if h, err := db.Head(ctx); err != nil || h.Number < laterFacts.Block {
			return fmt.Errorf("archive head %+v %v, want block %d", h, err, laterFacts.Block)
		}
		return nil
	})
	before := incidentIDs(t, ctx, db)

	// A fork of a running node is refused and changes nothing.
	entries := dirEntries(t, dir)
	if code, _, stderr := runMain(t, "fork", "--dev", "--data-dir", dir); code == 0 || !strings.Contains(stderr, "stop it first") {
		t.Fatalf("fork of a running node: %d %q", code, stderr)
	}
	if after := dirEntries(t, dir); !slices.Equal(after, entries) {
		t.Fatalf("a refused fork changed the data dir: %v → %v", entries, after)
	}

	if err := p.stop(t); err != nil {
		t.Fatalf("stop: %v", err)
	}
	res := forkDev(t, dir)
	pl := res.Plan
	t.Logf("fork at %d (rewrite from %v): imported %d blocks in %.0f ms, replayed %d of %d (substitutes %d) in %.0f ms, declared in %.0f ms, total %.0f ms; archive from %d (%d rows replaced)",
		pl.ForkHeight, *pl.Rewrite, res.Imported, res.RebuildMs, res.Replayed, pl.HonestTxs+pl.LaterTxs, len(pl.Substitutes), res.ReplayMs, res.DeclareMs, res.TotalMs, res.ArchiveFork, res.ArchiveReplaced)
	if pl.ForkHeight != end || res.Imported != end || pl.Rewrite == nil || *pl.Rewrite != victimFacts.Block-1 ||
		!slices.Contains(pl.Substitutes, ar.Substitute) || pl.HonestTxs < 1 || pl.LaterTxs < 1 || res.Replayed != pl.HonestTxs+pl.LaterTxs || len(res.NotReplayed) != 0 {
		t.Fatalf("fork result: %s", out)
	}
	if _, err := os.Stat(res.ReplacedDir); err != nil || !strings.HasPrefix(filepath.Base(res.ReplacedDir), "working.replaced-") {
		t.Fatalf("the replaced chain is not kept: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "working.successor")); !os.IsNotExist(err) {
		t.Fatalf("the successor was not moved into place: %v", err)
	}

	// The node on the successor.
	p = startProc(t, nil, args...)
	p.readJSON(t, 2*time.Minute, &sum)
	key, err := keystore.DecryptKey(pat.Keystore, "patient secret")
	if err != nil {
		t.Fatal(err)
	}
	pat.Token = apiLogin(t, sum.API, key.PrivateKey) // sessions end with the process
	wc, err = ethclient.DialContext(ctx, sum.Working.HTTP)
	if err != nil {
		t.Fatal(err)
	}
	defer wc.Close()
	for n := uint64(0); n <= pl.ForkHeight; n++ {
		h, err := wc.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil || h.Hash() != original[n] {
			t.Fatalf("block %d after the fork: %v %v, want the original %s", n, h, err, original[n])
		}
	}
	// The honest transaction above the fork height is in a new block.
	rc, err := wc.TransactionReceipt(ctx, common.HexToHash(aboveFacts.TxHash))
	if err != nil || rc.BlockNumber.Uint64() <= pl.ForkHeight {
		t.Fatalf("record %s's transaction %s on the successor: %v %v", honestAbove, aboveFacts.TxHash, rc, err)
	}
	// The registry names the successor.
	st, err := deploy.Load(filepath.Join(dir, "deployments.json"))
	if err != nil {
		t.Fatal(err)
	}
	vc, err := ethclient.DialContext(ctx, sum.Verification.HTTP)
	if err != nil {
		t.Fatal(err)
	}
	defer vc.Close()
	reg := bindings.NewAnchorRegistry()
	regAddr := st.Chains["verification"].Contracts[deploy.AnchorRegistryName].Address
	raw, err := vc.CallContract(ctx, ethereum.CallMsg{To: &regAddr, Data: reg.PackSuccessors(sum.Working.ChainID)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if succ, err := reg.UnpackSuccessors(raw); err != nil || !slices.Contains(succ, res.NewChainID) {
		t.Fatalf("successors of %d: %v %v, want %d", sum.Working.ChainID, succ, err, res.NewChainID)
	}

	// Every record acknowledged reads back byte for byte (the victim's
	// original included) and, once its block is anchored, is provable.
	ids := make([]string, 0, len(acked))
	for id := range acked {
		ids = append(ids, id)
	}
	testenv.WaitFor(t, 30*time.Second, func() error {
		for _, id := range ids {
			if code, body := apiCall(t, "GET", sum.API+"/fhir/Observation/"+id, pat.Token, nil); code != 200 || string(body) != string(acked[id]) {
				return fmt.Errorf("record %s after the fork: %d %s", id, code, body)
			}
		}
		return nil
	})
	writeUntilSettled(ids...)
	for _, id := range ids {
		apiMust(t, 200, "GET", sum.API+"/api/v1/records/"+id+"/proof", pat.Token, nil, nil)
	}
	if f := facts(later); f.Block <= pl.ForkHeight {
		t.Fatalf("the write made after the attack is in block %d, not replayed above %d", f.Block, pl.ForkHeight)
	}
	// Nothing new was raised, and the attack's incident is resolved.
	time.Sleep(3 * time.Second) // a full self-check more
	for id := range incidentIDs(t, ctx, db) {
		if !before[id] {
			t.Fatalf("incident %d raised after the fork", id)
		}
	}
	if open, err := db.Incidents(ctx, true); err != nil || len(open) != 0 {
		t.Fatalf("open incidents after the fork: %+v %v", open, err)
	}

	// A second fork starts from the successor's history, not the one the
	// first fork replaced.
	if err := p.stop(t); err != nil {
		t.Fatalf("stop: %v", err)
	}
	again := forkDev(t, dir)
	if again.Plan.Rewrite != nil || again.Plan.ForkHeight < pl.ForkHeight || again.NewChainID != res.NewChainID+1 || len(again.NotReplayed) != 0 {
		t.Fatalf("second fork: %+v", again)
	}
}

// TestForkDevRefuses: a fork of a running node, or of one with no settled
// checkpoint, fails with advice and changes nothing; devnet flags do not mix
// with dev mode.
func TestForkDevRefuses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	p := startProc(t, nil, upArgs(dir, "--anchor-interval", "100000", "--anchor-max-age", "1h")...)
	var sum upSummary
	p.readJSON(t, 2*time.Minute, &sum)
	entries := dirEntries(t, dir)
	if code, _, stderr := runMain(t, "fork", "--dev", "--data-dir", dir); code == 0 || !strings.Contains(stderr, "stop it first") {
		t.Fatalf("fork of a running node: %d %q", code, stderr)
	}
	if after := dirEntries(t, dir); !slices.Equal(after, entries) {
		t.Fatalf("a refused fork changed the data dir: %v → %v", entries, after)
	}
	if err := p.stop(t); err != nil {
		t.Fatal(err)
	}
	entries = dirEntries(t, dir)
	if code, _, stderr := runMain(t, "fork", "--dev", "--data-dir", dir); code == 0 || !strings.Contains(stderr, "no settled checkpoint") {
		t.Fatalf("fork with nothing settled: %d %q", code, stderr)
	}
	if after := dirEntries(t, dir); !slices.Equal(after, entries) {
		t.Fatalf("a refused fork changed the data dir: %v → %v", entries, after)
	}
	if code, _, stderr := runMain(t, "fork", "--dev", "--data-dir", dir, "--honest", "0"); code != 2 || !strings.Contains(stderr, "one or the other") {
		t.Fatalf("fork --dev --honest: %d %q", code, stderr)
	}
	if code, _, stderr := runMain(t, "fork", "--data-dir", t.TempDir()); code != 2 || !strings.Contains(stderr, "not a dualchain data dir") {
		t.Fatalf("fork of an empty dir: %d %q", code, stderr)
	}
}

// dirEntries lists the data dir's top level and its working chain's files.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for _, d := range []string{dir, filepath.Join(dir, "working", "geth")} {
		es, err := os.ReadDir(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if e.Name() != ".write-test" {
				out = append(out, filepath.Join(d, e.Name()))
			}
		}
	}
	return out
}

// incidentIDs returns the ids of every incident recorded.
func incidentIDs(t *testing.T, ctx context.Context, db *store.DB) map[int64]bool {
	t.Helper()
	all, err := db.Incidents(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[int64]bool{}
	for _, inc := range all {
		ids[inc.ID] = true
	}
	return ids
}

// forkDev runs "dualchain fork --dev" on the stopped node at dir.
func forkDev(t *testing.T, dir string) forkDevResult {
	t.Helper()
	code, out, stderr := runMain(t, "fork", "--dev", "--json", "--data-dir", dir, "--verification-period", "1s")
	var res forkDevResult
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.ForkResult == nil {
		t.Fatalf("fork: %d %q %q", code, out, stderr)
	}
	return res
}

// startForkNode starts 'dualchain up' with args on dir and opens its node
// database beside it (closed when the test ends).
func startForkNode(t *testing.T, ctx context.Context, dir string, args []string) (*proc, upSummary, *store.DB) {
	t.Helper()
	p := startProc(t, nil, args...)
	var sum upSummary
	p.readJSON(t, 2*time.Minute, &sum)
	db, err := store.Open(ctx, filepath.Join(dir, "node.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return p, sum, db
}

// forkEnv writes records on a dev node and waits for anchoring, for the
// fork tests.
type forkEnv struct {
	pat   selfPatient
	acked map[string][]byte // FHIR id → the bytes read back when written
	write func() string
	facts func(id string) recordFacts
	// writeUntilSettled writes records until every record in ids is settled.
	writeUntilSettled func(ids ...string)
	// quiet waits until every checkpoint is settled and returns the head
	// and the last anchored end.
	quiet func() (head, end uint64)
}

// api points at the node's API URL, which changes when the node restarts.
func newForkEnv(t *testing.T, ctx context.Context, api *string, db *store.DB, gen *synth.Generator) *forkEnv {
	e := &forkEnv{pat: registerPatient(t, *api, gen), acked: map[string][]byte{}}
	e.write = func() string {
		id := writeObservation(t, *api, gen, e.pat)
		e.acked[id] = apiMust(t, 200, "GET", *api+"/fhir/Observation/"+id, e.pat.Token, nil, nil)
		return id
	}
	e.facts = func(id string) recordFacts {
		var info recordFacts
		apiMust(t, 200, "GET", *api+"/api/v1/records/"+id, e.pat.Token, nil, &info)
		return info
	}
	e.writeUntilSettled = func(ids ...string) {
		testenv.WaitFor(t, 2*time.Minute, func() error {
			for _, id := range ids {
				if v := e.facts(id).Verification; v != "settled" {
					e.write()
					time.Sleep(time.Second)
					return fmt.Errorf("record %s is %q", id, v)
				}
			}
			return nil
		})
	}
	e.quiet = func() (head, end uint64) {
		testenv.WaitFor(t, time.Minute, func() error {
			un, err := db.UnsettledCheckpoints(ctx)
			if err != nil || len(un) > 0 {
				return fmt.Errorf("unsettled checkpoints: %d %v", len(un), err)
			}
			st, err := db.AnchorStatus(ctx)
			if err != nil || st.LastSettledEnd == nil {
				return fmt.Errorf("anchor status: %+v %v", st, err)
			}
			head, end = st.ArchivedHead, *st.LastSettledEnd
			return nil
		})
		return head, end
	}
	return e
}

// TestAutoFork: with --on-incident anchored_history_rewritten=fork a dev
// node answers a rewrite of anchored history by itself: it stops, forks
// from its archive and starts again on the successor, where the altered
// record reads back as it was written.
func TestAutoFork(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	ctx := testenv.Context(t, 5*time.Minute)
	p, sum, db := startForkNode(t, ctx, dir, upArgs(dir, "--anchor-interval", "4", "--anchor-max-age", "1h", "--anchor-confirmations", "1", "--full-check", "2s",
		"--on-incident", "anchored_history_rewritten=fork"))
	e := newForkEnv(t, ctx, &sum.API, db, synth.New(43))
	victim := e.write()
	e.writeUntilSettled(victim)
	// Nothing anchored above the fork height: the attacker's history stays
	// under the 4-block window.
	for head, end := e.quiet(); head > end+1; head, end = e.quiet() {
		e.write()
		time.Sleep(500 * time.Millisecond)
	}
	code, out, stderr := runMain(t, "attack", "rewrite", "--api", sum.API, "--record", strconv.FormatUint(e.facts(victim).ID, 10), "--mode", "alter")
	if code != 0 {
		t.Fatalf("attack rewrite: %d %q %q", code, out, stderr)
	}
	// The node stops, prints the fork's result and starts again.
	var fork forkDevResult
	p.readJSON(t, 2*time.Minute, &fork)
	if fork.ForkResult == nil || fork.Plan.Rewrite == nil || fork.Imported != fork.Plan.ForkHeight {
		t.Fatalf("automatic fork: %+v", fork)
	}
	p.readJSON(t, 2*time.Minute, &sum)
	key, err := keystore.DecryptKey(e.pat.Keystore, "patient secret")
	if err != nil {
		t.Fatal(err)
	}
	e.pat.Token = apiLogin(t, sum.API, key.PrivateKey) // sessions end with the process
	for id, want := range e.acked {
		if got := apiMust(t, 200, "GET", sum.API+"/fhir/Observation/"+id, e.pat.Token, nil, nil); !bytes.Equal(got, want) {
			t.Fatalf("record %s after the automatic fork:\n%s\nwant\n%s", id, got, want)
		}
	}
}
