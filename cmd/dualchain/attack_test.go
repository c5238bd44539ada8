package main

import (
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
	"github.com/dualchain/dualchain/guard"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/ipfs"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/synth"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ipfs/go-cid"
)

// TestAttackDetected runs the attack simulator against a running dev node:
// a rewrite of anchored history that alters a settled record's transaction
// is raised as an incident with its evidence, the altered record is never
// served, and tampering with the node's archive is raised too.
func TestAttackDetected(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	p := startProc(t, nil, upArgs(dir, "--anchor-interval", "4", "--anchor-max-age", "1s", "--anchor-confirmations", "1", "--full-check", "2s")...)
	var sum upSummary
	p.readJSON(t, 2*time.Minute, &sum)

	gen := synth.New(21)
	pat, recID, original, info := settledRecord(t, sum.API, gen)
	token := pat.Token
	incidents := func() map[string]store.Incident {
		var incs []store.Incident
		apiMust(t, 200, "GET", sum.API+"/api/v1/incidents?open=true", "", nil, &incs)
		m := map[string]store.Incident{}
		for _, inc := range incs {
			m[inc.Kind] = inc
		}
		return m
	}
	if open := incidents(); len(open) != 0 {
		t.Fatalf("incidents before any attack: %+v", open)
	}

	// A majority rewrites history from the record's block, altering it.
	code, out, stderr := runMain(t, "attack", "rewrite", "--api", sum.API, "--record", strconv.FormatUint(info.ID, 10), "--mode", "alter")
	var res attack.Result
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Replaced == 0 || res.Substitute == res.Original {
		t.Fatalf("attack rewrite: status %d, out %q, stderr %q", code, out, stderr)
	}
	var inc store.Incident
	testenv.WaitFor(t, 30*time.Second, func() error {
		var ok bool
		if inc, ok = incidents()[guard.KindAnchoredRewrite]; !ok {
			return fmt.Errorf("no anchored-rewrite incident yet")
		}
		return nil
	})
	var ev guard.RewriteEvidence
	if json.Unmarshal(inc.Evidence, &ev) != nil || ev.ForkNumber != info.Block-1 || len(ev.Checkpoints) == 0 || ev.Replaced[0].Number != info.Block ||
		ev.Replaced[0].Found == ev.Replaced[0].Expected {
		t.Fatalf("incident evidence: %+v %s", inc, inc.Evidence)
	}
	t.Logf("rewrite detected %v after the node saw the rewritten head", inc.RaisedAt.Sub(inc.SeenAt))
	// The altered record is never served: its content no longer matches
	// the hash the rewritten chain holds.
	testenv.WaitFor(t, 30*time.Second, func() error {
		if code, body := apiCall(t, "GET", sum.API+"/fhir/Observation/"+recID, token, nil); code != 502 {
			return fmt.Errorf("read after the rewrite: %d %s", code, body)
		}
		return nil
	})
	code, out, _ = runMain(t, "incidents", "--data-dir", dir, "--open")
	if code != 0 || !strings.Contains(out, guard.KindAnchoredRewrite) || !strings.Contains(out, "critical") {
		t.Fatalf("dualchain incidents: %d %q", code, out)
	}
	// Meanwhile a patient keeps writing on the rewritten chain.
	afterID := writeObservation(t, sum.API, gen, pat)

	// Restore: the original record is back, byte for byte, settled again
	// and provable; the write made after the attack is kept; the incident
	// is resolved.
	code, out, stderr = runMain(t, "restore", "--api", sum.API)
	var rr struct {
		ForkNumber     uint64
		RestoredBlocks int
	}
	if code != 0 || json.Unmarshal([]byte(out), &rr) != nil || rr.ForkNumber != info.Block-1 || rr.RestoredBlocks == 0 {
		t.Fatalf("restore: status %d, out %q, stderr %q", code, out, stderr)
	}
	testenv.WaitFor(t, 30*time.Second, func() error {
		code, body := apiCall(t, "GET", sum.API+"/fhir/Observation/"+recID, token, nil)
		if code != 200 || string(body) != string(original) {
			return fmt.Errorf("read after restore: %d %s", code, body)
		}
		if code, body := apiCall(t, "GET", sum.API+"/fhir/Observation/"+afterID, token, nil); code != 200 {
			return fmt.Errorf("the write made after the attack: %d %s", code, body)
		}
		if _, open := incidents()[guard.KindAnchoredRewrite]; open {
			return fmt.Errorf("rewrite incident still open")
		}
		return nil
	})
	testenv.WaitFor(t, time.Minute, func() error {
		if code, body := apiCall(t, "GET", sum.API+"/api/v1/records/"+recID+"/proof", token, nil); code != 200 {
			return fmt.Errorf("proof after restore: %d %s", code, body)
		}
		return nil
	})
	// The restore's own reorg (back to the anchored history) is no rewrite:
	// one incident in all, the attack's.
	var all []store.Incident
	apiMust(t, 200, "GET", sum.API+"/api/v1/incidents", "", nil, &all)
	if n := countKind(all, guard.KindAnchoredRewrite) + countKind(all, guard.KindUnanchoredRewrite); n != 1 {
		t.Fatalf("%d rewrite incidents after one attack and its restore, want 1: %+v", n, all)
	}

	// Someone edits this node's archive; the next full self-check sees it.
	if code, out, stderr := runMain(t, "attack", "tamper-archive", "--api", sum.API, "--block", "2"); code != 0 {
		t.Fatalf("attack tamper-archive: %d %q %q", code, out, stderr)
	}
	registerPatient(t, sum.API, gen)
	testenv.WaitFor(t, 30*time.Second, func() error {
		if _, ok := incidents()[guard.KindLocalTamper]; !ok {
			return fmt.Errorf("no local-tamper incident yet")
		}
		return nil
	})
	// Restore repairs the archive from the chain.
	code, out, stderr = runMain(t, "restore", "--api", sum.API)
	if code != 0 || !strings.Contains(out, `"repairedArchiveBlocks":[2]`) {
		t.Fatalf("restore after tampering: status %d, out %q, stderr %q", code, out, stderr)
	}
	if _, open := incidents()[guard.KindLocalTamper]; open {
		t.Fatal("local-tamper incident still open after the archive was repaired")
	}
	// Another member anchors a root the chain never had.
	code, out, stderr = runMain(t, "attack", "false-checkpoint", "--api", sum.API)
	var fc attack.Result
	if code != 0 || json.Unmarshal([]byte(out), &fc) != nil || fc.Member == (common.Address{}) {
		t.Fatalf("attack false-checkpoint: %d %q %q", code, out, stderr)
	}
	testenv.WaitFor(t, 30*time.Second, func() error {
		inc, ok := incidents()[guard.KindConflictingCheckpoints]
		if !ok {
			return fmt.Errorf("no conflicting-checkpoints incident yet")
		}
		var ev guard.ConflictEvidence
		if json.Unmarshal(inc.Evidence, &ev) != nil || len(ev.Members) != 1 || ev.Members[0] != fc.Member || len(ev.Honest) == 0 || ev.Majority != "minority" {
			return fmt.Errorf("evidence %s", inc.Evidence)
		}
		return nil
	})
	// Only an admin may attack.
	if code, _, stderr := runMain(t, "attack", "rewrite", "--api", sum.API, "--key", patientHexKey(t, pat.Keystore)); code != 1 || !strings.Contains(stderr, "403") {
		t.Fatalf("attack by a patient: %d %q", code, stderr)
	}
}

// patientHexKey writes the key of a keystore file (passphrase "patient
// secret") as a hex key file for --key.
func patientHexKey(t *testing.T, ks json.RawMessage) string {
	k, err := keystore.DecryptKey(ks, "patient secret")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.hex")
	if err := os.WriteFile(path, []byte(fmt.Sprintf("0x%x", crypto.FromECDSA(k.PrivateKey))), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAutoRestore: with --on-incident anchored_history_rewritten=restore the
// node restores a rewrite of anchored history by itself.
func TestAutoRestore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	p := startProc(t, nil, upArgs(dir, "--anchor-interval", "4", "--anchor-max-age", "1s", "--anchor-confirmations", "1",
		"--on-incident", "anchored_history_rewritten=restore")...)
	var sum upSummary
	p.readJSON(t, 2*time.Minute, &sum)
	gen := synth.New(31)
	pat, recID, original, info := settledRecord(t, sum.API, gen)
	token := pat.Token
	if code, out, stderr := runMain(t, "attack", "rewrite", "--api", sum.API, "--record", strconv.FormatUint(info.ID, 10), "--mode", "delete"); code != 0 {
		t.Fatalf("attack: %d %q %q", code, out, stderr)
	}
	testenv.WaitFor(t, 30*time.Second, func() error {
		if !strings.Contains(p.stderr.String(), "automatic restore done") {
			return fmt.Errorf("no automatic restore yet")
		}
		code, body := apiCall(t, "GET", sum.API+"/fhir/Observation/"+recID, token, nil)
		if code != 200 || string(body) != string(original) {
			return fmt.Errorf("read: %d %s", code, body)
		}
		return nil
	})
}

// TestAttackDeepRewrite rewrites more than 1,000 blocks of anchored history
// on a running node and restores them. The node runs for over a minute
// first: geth's freezer runs once a minute, and it used to make the working
// chain's finalized blocks permanent, so that a rewrite this deep failed
// with "safe block not in canonical chain" in a running node only (a chain
// alone in a short test never met the freezer). About 80 s.
func TestAttackDeepRewrite(t *testing.T) {
	if testing.Short() {
		t.Skip("grows the working chain by 1,000 blocks and waits for geth's freezer")
	}
	began := time.Now()
	ctx := testenv.Context(t, 5*time.Minute)
	dir := filepath.Join(t.TempDir(), "data")
	p := startProc(t, nil, upArgs(dir, "--anchor-interval", "128", "--anchor-max-age", "1s", "--anchor-confirmations", "1")...)
	var sum upSummary
	p.readJSON(t, 2*time.Minute, &sum)

	gen := synth.New(41)
	pat := registerPatient(t, sum.API, gen)
	recID := writeObservation(t, sum.API, gen, pat)
	original := apiMust(t, 200, "GET", sum.API+"/fhir/Observation/"+recID, pat.Token, nil, nil)

	// 1,000 more blocks: one transfer per block from a dev account the
	// node does not use.
	client, err := ethclient.DialContext(ctx, sum.Working.HTTP)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	key, err := crypto.HexToECDSA(strings.TrimPrefix(sum.Accounts[5].Key, "0x"))
	if err != nil {
		t.Fatal(err)
	}
	signer := types.LatestSignerForChainID(new(big.Int).SetUint64(sum.Working.ChainID))
	nonce, err := client.PendingNonceAt(ctx, sum.Accounts[5].Address)
	if err != nil {
		t.Fatal(err)
	}
	start, _ := client.BlockNumber(ctx)
	for i := range uint64(1000) {
		tx := types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: signer.ChainID(), Nonce: nonce + i, GasTipCap: big.NewInt(1e9),
			GasFeeCap: big.NewInt(100e9), Gas: 21000, To: &sum.Accounts[6].Address, Value: big.NewInt(1)})
		if err := client.SendTransaction(ctx, tx); err != nil {
			t.Fatalf("transfer %d: %v", i, err)
		}
		for {
			if r, err := client.TransactionReceipt(ctx, tx.Hash()); err == nil && r != nil {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	last := writeObservation(t, sum.API, gen, pat)
	info := waitSettled(t, sum.API, pat.Token, last)
	first := waitSettled(t, sum.API, pat.Token, recID)
	if info.Block-start < 1000 {
		t.Fatalf("the chain grew %d blocks, want ≥ 1,000", info.Block-start)
	}
	// Let geth's freezer (once a minute) run before the rewrite.
	if wait := 65*time.Second - time.Since(began); wait > 0 {
		t.Logf("waiting %v for geth's freezer pass", wait.Round(time.Second))
		time.Sleep(wait)
	}

	code, out, stderr := runMain(t, "attack", "rewrite", "--api", sum.API, "--record", strconv.FormatUint(first.ID, 10), "--mode", "alter")
	var res attack.Result
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Replaced < 1000 {
		t.Fatalf("attack rewrite: status %d, out %q, stderr %q", code, out, stderr)
	}
	t.Logf("rewrote %d blocks from block %d", res.Replaced, res.ForkNumber+1)
	testenv.WaitFor(t, 30*time.Second, func() error {
		var incs []store.Incident
		apiMust(t, 200, "GET", sum.API+"/api/v1/incidents?open=true", "", nil, &incs)
		for _, inc := range incs {
			var ev guard.RewriteEvidence
			if inc.Kind == guard.KindAnchoredRewrite && json.Unmarshal(inc.Evidence, &ev) == nil && ev.ForkNumber == first.Block-1 {
				return nil
			}
		}
		return fmt.Errorf("no anchored-rewrite incident from block %d yet: %+v", first.Block, incs)
	})

	restoreBegan := time.Now()
	code, out, stderr = runMain(t, "restore", "--api", sum.API)
	var rr struct {
		ForkNumber     uint64
		RestoredBlocks int
	}
	if code != 0 || json.Unmarshal([]byte(out), &rr) != nil || rr.ForkNumber != first.Block-1 || rr.RestoredBlocks < 1000 {
		t.Fatalf("restore: status %d, out %q, stderr %q", code, out, stderr)
	}
	t.Logf("restored %d blocks in %v", rr.RestoredBlocks, time.Since(restoreBegan).Round(time.Millisecond))
	testenv.WaitFor(t, time.Minute, func() error {
		if code, body := apiCall(t, "GET", sum.API+"/fhir/Observation/"+recID, pat.Token, nil); code != 200 || string(body) != string(original) {
			return fmt.Errorf("read after restore: %d %s", code, body)
		}
		var incs []store.Incident
		apiMust(t, 200, "GET", sum.API+"/api/v1/incidents?open=true", "", nil, &incs)
		if len(incs) != 0 {
			return fmt.Errorf("incidents still open: %+v", incs)
		}
		return nil
	})
	t.Logf("restored and resolved %v after the restore began", time.Since(restoreBegan).Round(time.Millisecond))
}

// TestAttackHaltAndTamperIPFS runs the halted-chain and IPFS-tampering
// attacks against a running node. Halt: blocks stop while a transaction
// waits, working_chain_halted is raised with the halted head, and resuming
// (by command, or by itself after --for) seals the waiting transaction and
// resolves it. IPFS: a record's stored blocks are overwritten; reads refuse
// them, the self-check raises local_data_tampered naming the CID and the
// record; with no IPFS peer the restore says the only copy is lost and the
// incident stays open; once a peer that pinned the content is back, the
// restore fetches it again and the record reads back byte for byte.
func TestAttackHaltAndTamperIPFS(t *testing.T) {
	ctx := testenv.Context(t, 4*time.Minute)
	// Another hospital's IPFS node, which will pin the record.
	peerDir, peerPort := t.TempDir(), testenv.FreePort(t)
	openPeer := func() *ipfs.Node {
		n, err := ipfs.Open(ctx, ipfs.Config{Dir: peerDir, ListenAddrs: []string{fmt.Sprintf("/ip4/127.0.0.1/tcp/%d", peerPort)}, Logger: testenv.Logger(t)})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	peer := openPeer()
	dir := filepath.Join(t.TempDir(), "data")
	p := startProc(t, nil, upArgs(dir, "--anchor-interval", "4", "--anchor-max-age", "1s", "--anchor-confirmations", "1",
		"--full-check", "1h", "--halt-after", "2s", "--ipfs-peer", peer.Addrs()[0])...)
	var sum upSummary
	p.readJSON(t, 2*time.Minute, &sum)
	incidents := func() map[string]store.Incident {
		var incs []store.Incident
		apiMust(t, 200, "GET", sum.API+"/api/v1/incidents?open=true", "", nil, &incs)
		m := map[string]store.Incident{}
		for _, inc := range incs {
			m[inc.Kind] = inc
		}
		return m
	}
	client, err := ethclient.DialContext(ctx, sum.Working.HTTP)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	key, _ := crypto.HexToECDSA(strings.TrimPrefix(sum.Accounts[5].Key, "0x"))
	signer := types.LatestSignerForChainID(new(big.Int).SetUint64(sum.Working.ChainID))
	transfer := func() *types.Transaction {
		nonce, err := client.PendingNonceAt(ctx, sum.Accounts[5].Address)
		if err != nil {
			t.Fatal(err)
		}
		tx := types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: signer.ChainID(), Nonce: nonce, GasTipCap: big.NewInt(1e9),
			GasFeeCap: big.NewInt(100e9), Gas: 21000, To: &sum.Accounts[6].Address, Value: big.NewInt(1)})
		if err := client.SendTransaction(ctx, tx); err != nil {
			t.Fatal(err)
		}
		return tx
	}
	mined := func(tx *types.Transaction, limit time.Duration) {
		t.Helper()
		testenv.WaitFor(t, limit, func() error {
			if _, err := client.TransactionReceipt(ctx, tx.Hash()); err != nil {
				return fmt.Errorf("transfer not mined: %v", err)
			}
			return nil
		})
	}

	gen := synth.New(51)
	pat := registerPatient(t, sum.API, gen)
	recID := writeObservation(t, sum.API, gen, pat)
	original := apiMust(t, 200, "GET", sum.API+"/fhir/Observation/"+recID, pat.Token, nil, nil)
	var rec struct {
		ID  uint64
		CID string
	}
	apiMust(t, 200, "GET", sum.API+"/api/v1/records/"+recID, pat.Token, nil, &rec)
	root, err := cid.Decode(rec.CID)
	if err != nil {
		t.Fatalf("record %s CID %q: %v", recID, rec.CID, err)
	}
	if err := peer.Pin(ctx, root); err != nil {
		t.Fatalf("the peer pins the record's content: %v", err)
	}
	// An idle on-demand chain is not halted: let more than --halt-after
	// pass without a block (nothing to wait for: the absence of an
	// incident is the point).
	time.Sleep(3 * time.Second)
	if open := incidents(); len(open) != 0 {
		t.Fatalf("incidents before any attack: %+v", open)
	}

	// Halt until resumed.
	code, out, stderr := runMain(t, "attack", "halt", "--api", sum.API)
	var halt attack.Result
	if code != 0 || json.Unmarshal([]byte(out), &halt) != nil || halt.Kind != "halt" {
		t.Fatalf("attack halt: %d %q %q", code, out, stderr)
	}
	waiting := transfer()
	var inc store.Incident
	testenv.WaitFor(t, 30*time.Second, func() error {
		var ok bool
		if inc, ok = incidents()[guard.KindHalted]; !ok {
			return fmt.Errorf("no halted incident yet")
		}
		return nil
	})
	var hev guard.HaltEvidence
	if json.Unmarshal(inc.Evidence, &hev) != nil || hev.Head != halt.ForkNumber || hev.HeadHash != halt.OldHead || hev.Waiting == 0 {
		t.Fatalf("halt evidence %s, want head %d %s with waiting transactions", inc.Evidence, halt.ForkNumber, halt.OldHead)
	}
	if n, _ := client.BlockNumber(ctx); n != halt.ForkNumber {
		t.Fatalf("head %d while halted at %d", n, halt.ForkNumber)
	}
	if code, out, stderr := runMain(t, "attack", "resume", "--api", sum.API); code != 0 {
		t.Fatalf("attack resume: %d %q %q", code, out, stderr)
	}
	mined(waiting, 10*time.Second)
	testenv.WaitFor(t, 10*time.Second, func() error {
		if _, open := incidents()[guard.KindHalted]; open {
			return fmt.Errorf("halted incident still open after resume")
		}
		return nil
	})
	// A timed halt resumes by itself.
	began := time.Now()
	if code, out, stderr := runMain(t, "attack", "halt", "--for", "2s", "--api", sum.API); code != 0 {
		t.Fatalf("attack halt --for: %d %q %q", code, out, stderr)
	}
	tx := transfer()
	mined(tx, 20*time.Second)
	if d := time.Since(began); d < 2*time.Second {
		t.Fatalf("transfer mined %v after a 2 s halt began", d)
	}

	// The peer goes away: this node holds the only copy.
	peer.Close()
	code, out, stderr = runMain(t, "attack", "tamper-ipfs", "--api", sum.API, "--record", strconv.FormatUint(rec.ID, 10))
	var tam attack.Result
	if code != 0 || json.Unmarshal([]byte(out), &tam) != nil || len(tam.CIDs) == 0 || tam.CIDs[0] != rec.CID {
		t.Fatalf("attack tamper-ipfs: %d %q %q", code, out, stderr)
	}
	// Refused, never served (the API answers 500 for ErrCorrupt; 502 is
	// its answer to content that does not match the chain's hash).
	if code, body := apiCall(t, "GET", sum.API+"/fhir/Observation/"+recID, pat.Token, nil); code < 500 || !strings.Contains(string(body), "does not match its CID") {
		t.Fatalf("read of tampered content: %d %s, want a refusal", code, body)
	}
	// The refused read makes the guard check the content at once (its
	// periodic check, --full-check, is an hour away here).
	var fault guard.ContentFault
	testenv.WaitFor(t, 10*time.Second, func() error {
		inc, ok := incidents()[guard.KindLocalTamper]
		if !ok {
			return fmt.Errorf("no local-tamper incident yet")
		}
		if err := json.Unmarshal(inc.Evidence, &fault); err != nil || fault.Root != rec.CID || len(fault.Blocks) == 0 ||
			!slices.Contains(fault.Records, rec.ID) || !strings.Contains(fault.Restore, "only one") {
			return fmt.Errorf("evidence %s (peers may still be connected)", inc.Evidence)
		}
		return nil
	})
	var rr struct {
		Content []struct {
			Root     string
			Records  []uint64
			Repaired bool
			Reason   string
		}
	}
	code, out, stderr = runMain(t, "restore", "--api", sum.API)
	if code != 0 || json.Unmarshal([]byte(out), &rr) != nil || len(rr.Content) != 1 || rr.Content[0].Repaired || !strings.Contains(rr.Content[0].Reason, "only one") {
		t.Fatalf("restore with no IPFS peer: %d %q %q; want the content reported as not restorable", code, out, stderr)
	}
	if _, open := incidents()[guard.KindLocalTamper]; !open {
		t.Fatal("the tampering incident was resolved although the content was not restored")
	}

	// The peer is back: the restore fetches the content from it.
	peer = openPeer()
	defer peer.Close()
	code, out, stderr = runMain(t, "restore", "--api", sum.API)
	if code != 0 || json.Unmarshal([]byte(out), &rr) != nil || len(rr.Content) != 1 || !rr.Content[0].Repaired {
		t.Fatalf("restore with the peer back: %d %q %q", code, out, stderr)
	}
	if code, body := apiCall(t, "GET", sum.API+"/fhir/Observation/"+recID, pat.Token, nil); code != 200 || string(body) != string(original) {
		t.Fatalf("read after restore: %d %s", code, body)
	}
	if _, open := incidents()[guard.KindLocalTamper]; open {
		t.Fatal("tampering incident still open after the content was restored")
	}
}

// countKind counts the incidents of kind.
func countKind(incs []store.Incident, kind string) int {
	n := 0
	for _, inc := range incs {
		if inc.Kind == kind {
			n++
		}
	}
	return n
}
