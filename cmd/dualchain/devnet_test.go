package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/dualchain/dualchain/consortium"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/synth"
)

// freePorts finds n consecutive free TCP ports on 127.0.0.1 and returns the
// first.
func freePorts(t *testing.T, n int) int {
	t.Helper()
	p, err := consortium.FreePorts(n)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDevnet runs a four-hospital consortium as "dualchain up" does by
// default (the same as "dualchain devnet"): four
// CometBFT validators, one verification chain, four EMR nodes in their own
// processes. A record written at hospital 0 is anchored by every member,
// hospital 2 proves it from its own archive, and hospital 2's IPFS node
// fetches its ciphertext from hospital 0's.
func TestDevnet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs four hospitals")
	}
	dir := t.TempDir()
	base, api := freePorts(t, 40), freePorts(t, 4)
	// "up" without --dev is the devnet.
	p := startProc(t, nil, "up", "--data-dir", dir, "--hospitals", "4", "--base-port", strconv.Itoa(base),
		"--api-addr", "127.0.0.1:"+strconv.Itoa(api), "--metrics-addr", "", "--verification-http-port", "0", "--verification-ws-port", "0", "--json")
	var sum devnetSummary
	p.readJSON(t, 4*time.Minute, &sum)
	if len(sum.Hospitals) != 4 {
		t.Fatalf("devnet summary lists %d hospitals", len(sum.Hospitals))
	}
	h0, h2 := sum.Hospitals[0].API, sum.Hospitals[2].API

	// A patient registers at hospital 0 and writes a record there.
	gen := synth.New(11)
	pat, recID, record, _ := settledRecord(t, h0, gen)

	// Every hospital anchors its own view of the working chain.
	var st struct {
		ArchivedHead uint64
		Members      map[string]struct{ Anchored, Settled uint64 }
	}
	apiMust(t, 200, "GET", h2+"/api/v1/status", "", nil, &st)
	if len(st.Members) != 4 {
		t.Fatalf("hospital 2 sees %d anchoring members, want 4: %+v", len(st.Members), st.Members)
	}
	for m, h := range st.Members {
		if h.Anchored == 0 {
			t.Errorf("member %s anchored nothing", m)
		}
	}

	// Hospital 2 knows the record from the chain and proves it; the proof
	// checks with the bytes hospital 0 served.
	k, err := keystore.DecryptKey(pat.Keystore, "patient secret")
	if err != nil {
		t.Fatal(err)
	}
	tok2 := apiLogin(t, h2, k.PrivateKey)
	var info struct {
		CID          string
		Verification string
	}
	testenv.WaitFor(t, 90*time.Second, func() error {
		apiMust(t, 200, "GET", h2+"/api/v1/records/"+recID, tok2, nil, &info)
		if info.Verification != "settled" {
			return fmt.Errorf("hospital 2 sees record %s as %q", recID, info.Verification)
		}
		return nil
	})
	tmp := t.TempDir()
	proofPath, recordPath := filepath.Join(tmp, "proof.json"), filepath.Join(tmp, "record.json")
	id, _ := strconv.ParseUint(recID, 10, 64)
	os.WriteFile(proofPath, apiMust(t, 200, "GET", fmt.Sprintf("%s/api/v1/records/%d/proof", h2, id), tok2, nil, nil), 0o644)
	os.WriteFile(recordPath, record, 0o644)
	if code, out, stderr := runMain(t, "verify", "--verification-rpc", sum.Verification, "--record", recordPath, proofPath); code != 0 || !strings.Contains(out, "valid") {
		t.Fatalf("hospital 2's proof of a record written at hospital 0: status %d, out %q, stderr %q", code, out, stderr)
	}
	if code, _, _ := runMain(t, "verify", "--verification-rpc", sum.Verification, "--record", proofPath, proofPath); code == 0 {
		t.Fatal("the proof checked against the wrong record bytes")
	}

	// Hospital 2's IPFS node serves the ciphertext written at hospital 0
	// (over bitswap), byte-identical to hospital 0's copy.
	get := func(base string) []byte {
		res, err := http.Get(base + "/ipfs/" + info.CID)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s/ipfs/%s: %d %s", base, info.CID, res.StatusCode, b)
		}
		return b
	}
	if a, b := get(h0), get(h2); !bytes.Equal(a, b) || len(a) == 0 {
		t.Fatalf("hospital 2 served %d bytes for %s, hospital 0 %d", len(b), info.CID, len(a))
	}

	// More than 1/3 of the voting power stops: the working chain halts, and
	// the hospitals whose validators still run report it.
	if code, out, stderr := runMain(t, "devnet", "stop-validator", "--control", sum.Control, "2", "3"); code != 0 {
		t.Fatalf("devnet stop-validator: %d %s %s", code, out, stderr)
	}
	for _, h := range sum.Hospitals[:2] {
		testenv.WaitFor(t, 60*time.Second, func() error {
			var incs []struct{ Kind, Status string }
			apiMust(t, 200, "GET", h.API+"/api/v1/incidents", "", nil, &incs)
			for _, in := range incs {
				if in.Kind == "working_chain_halted" {
					return nil
				}
			}
			return fmt.Errorf("%s reports no halt: %+v", h.Name, incs)
		})
	}
	for _, i := range []string{"2", "3"} {
		apiMust(t, 200, "POST", sum.Control+"/validators/"+i+"/start", "", nil, nil)
	}
	// The chain resumes and the record is still there.
	before := st
	testenv.WaitFor(t, 90*time.Second, func() error {
		var now struct{ ArchivedHead uint64 }
		apiMust(t, 200, "GET", h0+"/api/v1/status", "", nil, &now)
		if now.ArchivedHead <= before.ArchivedHead+2 {
			return fmt.Errorf("archive head %d, was %d", now.ArchivedHead, before.ArchivedHead)
		}
		return nil
	})
	if again := apiMust(t, 200, "GET", h0+"/fhir/Observation/"+recID, pat.Token, nil, nil); !bytes.Equal(again, record) {
		t.Fatal("the record changed across the halt")
	}

	// One hospital's data is tampered with: its guard reports it with the
	// block, and its restore repairs the archive from the chain.
	h1 := sum.Hospitals[1].API
	apiMust(t, 200, "POST", sum.Control+"/attacks/tamper", "", map[string]any{"hospital": 1, "block": 3}, nil)
	testenv.WaitFor(t, 90*time.Second, func() error {
		var incs []struct {
			Kind, Status string
			Evidence     struct{ Blocks []struct{ Number uint64 } }
		}
		apiMust(t, 200, "GET", h1+"/api/v1/incidents?open=true", "", nil, &incs)
		for _, in := range incs {
			if in.Kind == "local_data_tampered" && len(in.Evidence.Blocks) > 0 && in.Evidence.Blocks[0].Number == 3 {
				return nil
			}
		}
		return fmt.Errorf("hospital 1 reports no tampering of block 3: %+v", incs)
	})
	admin := apiLogin(t, h1, devchain.DevAccounts(devchain.DefaultSeed, 10)[1].Key)
	var restored struct {
		Repaired []uint64 `json:"repairedArchiveBlocks"`
	}
	apiMust(t, 200, "POST", h1+"/api/v1/admin/restore", admin, nil, &restored)
	if !slices.Contains(restored.Repaired, 3) {
		t.Fatalf("restore repaired %v, want block 3", restored.Repaired)
	}
	testenv.WaitFor(t, 90*time.Second, func() error {
		var incs []struct{ Kind string }
		apiMust(t, 200, "GET", h1+"/api/v1/incidents?open=true", "", nil, &incs)
		for _, in := range incs {
			if in.Kind == "local_data_tampered" {
				return errors.New("the tampering incident is still open")
			}
		}
		return nil
	})

	if err := p.stop(t); err != nil {
		t.Fatalf("devnet did not stop cleanly: %v\n%s", err, p.stderr.String())
	}
}

// TestDevnetMajorityAttack: three of four hospitals' validators (more than
// 2/3 of the power) rewrite the working chain from a height they all
// anchored and anchor their branch. The honest hospital reports the halt
// and the conflicting checkpoints of all three, naming them; it then forks:
// a successor chain with its validator only, declared on the verification
// chain, on which the record acknowledged before the attack is unchanged
// and verifies, and new records are written.
func TestDevnetMajorityAttack(t *testing.T) {
	if testing.Short() {
		t.Skip("runs four hospitals")
	}
	dir := t.TempDir()
	base, api := freePorts(t, 40), freePorts(t, 5)
	p := startProc(t, nil, "devnet", "--dir", dir, "--hospitals", "4", "--base-port", strconv.Itoa(base),
		"--api-port", strconv.Itoa(api), "--metrics-port", "0", "--verification-http-port", "0", "--verification-ws-port", "0", "--json")
	var sum devnetSummary
	p.readJSON(t, 4*time.Minute, &sum)
	h0 := sum.Hospitals[0].API
	gen := synth.New(12)
	pat, recID, record, _ := settledRecord(t, h0, gen)

	var attack majorityResult
	apiMust(t, 200, "POST", sum.Control+"/attacks/majority-rewrite", "", map[string]any{"colluders": []int{1, 2, 3}, "depth": 3}, &attack)
	t.Logf("attack: %+v", attack)

	// The honest hospital names every colluder, as a majority.
	colluders := map[string]bool{}
	for _, h := range sum.Hospitals[1:] {
		colluders[strings.ToLower(h.Account.Hex())] = true
	}
	t.Cleanup(func() {
		if t.Failed() {
			incs := apiMust(t, 200, "GET", h0+"/api/v1/incidents", "", nil, nil)
			log, _ := os.ReadFile(filepath.Join(dir, "hospital-0", "node.log"))
			t.Logf("hospital 0's incidents: %s\nthe end of its log:\n%s", incs, log[max(0, len(log)-6000):])
		}
	})
	// On a loaded two-core machine (CI runs other packages' tests beside
	// this one) the five processes of the devnet take their time.
	testenv.WaitFor(t, 3*time.Minute, func() error {
		var incs []struct {
			Kind     string
			Evidence struct {
				FaultyMembers []string
				FaultyAre     string
			}
		}
		apiMust(t, 200, "GET", h0+"/api/v1/incidents", "", nil, &incs)
		named, halted := map[string]bool{}, false
		for _, in := range incs {
			switch in.Kind {
			case "conflicting_checkpoints":
				if in.Evidence.FaultyAre != "majority" {
					continue
				}
				for _, m := range in.Evidence.FaultyMembers {
					named[strings.ToLower(m)] = true
				}
			case "working_chain_halted":
				halted = true
			}
		}
		for m := range colluders {
			if !named[m] {
				return fmt.Errorf("colluder %s not named yet (named %v, halted %v)", m, named, halted)
			}
		}
		if !halted {
			return errors.New("no halt reported yet")
		}
		return nil
	})

	// The response: a hard fork with the honest validator only.
	var fork forkResult
	code, out, stderr := runMain(t, "fork", "--control", sum.Control, "--honest", "0")
	if code != 0 {
		t.Fatalf("dualchain fork: %d %s", code, stderr)
	}
	if err := json.Unmarshal([]byte(out), &fork); err != nil {
		t.Fatalf("dualchain fork printed %q: %v", out, err)
	}
	t.Logf("fork: %+v", fork)
	if fork.ForkHeight < attack.HonestHead || len(fork.Members) != 1 || fork.Members[0] != sum.Hospitals[0].Account {
		t.Fatalf("fork at %d with members %v (honest head was %d)", fork.ForkHeight, fork.Members, attack.HonestHead)
	}
	// The honest validator's execution database was rebuilt from its
	// hospital's archive, every block up to the fork re-executed.
	if fork.Rebuilt != fork.ForkHeight {
		t.Fatalf("rebuilt %d blocks from the archive, want the %d up to the fork", fork.Rebuilt, fork.ForkHeight)
	}
	vc, err := ethclient.Dial(sum.Verification)
	if err != nil {
		t.Fatal(err)
	}
	defer vc.Close()
	st, err := deploy.Load(filepath.Join(dir, "deployments.json"))
	if err != nil {
		t.Fatal(err)
	}
	reg := bindings.NewAnchorRegistry()
	raw, err := vc.CallContract(context.Background(), ethereum.CallMsg{To: ptr(st.Chains["verification"].Contracts[deploy.AnchorRegistryName].Address), Data: reg.PackSuccessors(sum.ChainID)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if succ, err := reg.UnpackSuccessors(raw); err != nil || !slices.Equal(succ, []uint64{fork.NewChainID}) {
		t.Fatalf("registry successors of %d: %v, %v; want [%d]", sum.ChainID, succ, err, fork.NewChainID)
	}

	// The successor makes blocks and takes new records; the old record is
	// the same and still verifies.
	testenv.WaitFor(t, 60*time.Second, func() error {
		var now struct{ ArchivedHead uint64 }
		apiMust(t, 200, "GET", h0+"/api/v1/status", "", nil, &now)
		if now.ArchivedHead <= fork.ForkHeight+1 {
			return fmt.Errorf("archive head %d, fork at %d", now.ArchivedHead, fork.ForkHeight)
		}
		return nil
	})
	writeObservation(t, h0, gen, pat)
	if again := apiMust(t, 200, "GET", h0+"/fhir/Observation/"+recID, pat.Token, nil, nil); !bytes.Equal(again, record) {
		t.Fatal("the record changed across the attack and the fork")
	}
	tmp := t.TempDir()
	proofPath, recordPath := filepath.Join(tmp, "proof.json"), filepath.Join(tmp, "record.json")
	id, _ := strconv.ParseUint(recID, 10, 64)
	os.WriteFile(proofPath, apiMust(t, 200, "GET", fmt.Sprintf("%s/api/v1/records/%d/proof", h0, id), pat.Token, nil, nil), 0o644)
	os.WriteFile(recordPath, record, 0o644)
	if code, out, stderr := runMain(t, "verify", "--verification-rpc", sum.Verification, "--record", recordPath, proofPath); code != 0 {
		t.Fatalf("the record's proof after the fork: status %d, out %q, stderr %q", code, out, stderr)
	}
	if err := p.stop(t); err != nil {
		t.Fatalf("devnet did not stop cleanly: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

// TestNode runs one hospital the way a real deployment does: "consortium
// init", then "node --config" (its validator and its EMR node in one
// process) against an external verification chain. A one-validator
// consortium makes blocks on its own; the node deploys the contracts, takes
// a record, and after a restart resumes with the same contracts and history.
func TestNode(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a validator and a node")
	}
	var verif struct {
		HTTP     string        `json:"http"`
		Accounts []accountInfo `json:"devAccounts"`
	}
	startProc(t, nil, "devchain", "--json", "--chain-id", "31337", "--http-port", "0", "--ws-port", "-1", "--period", "1s").readJSON(t, time.Minute, &verif)
	dir := t.TempDir()
	if code, out, stderr := runMain(t, "consortium", "init", "--dir", dir, "--hospitals", "1", "--base-port", strconv.Itoa(freePorts(t, 10))); code != 0 || !strings.Contains(out, "hospital-0") {
		t.Fatalf("consortium init: %d %q %q", code, out, stderr)
	}
	if code, _, stderr := runMain(t, "consortium", "init", "--dir", dir, "--hospitals", "1"); code == 0 || !strings.Contains(stderr, "already holds a consortium") {
		t.Fatalf("a second init over the first: %d %q", code, stderr)
	}
	env := []string{"DUALCHAIN_VERIFICATION_PRIVATE_KEY=" + verif.Accounts[0].Key, "DUALCHAIN_KEYSTORE_PASSPHRASE=node test"}
	args := []string{"node", "--config", filepath.Join(dir, "hospital-0", "node.json"), "--verification-rpc", verif.HTTP,
		"--json", "--api-addr", "127.0.0.1:0", "--metrics-addr", ""}
	p := startProc(t, env, args...)
	var sum upSummary
	p.readJSON(t, 3*time.Minute, &sum)
	if sum.Working.Embedded || sum.Working.ChainID != 1337 || sum.Working.Sender != verif.Accounts[0].Address {
		t.Fatalf("node summary: %+v", sum.Working)
	}
	checkChain(t, context.Background(), sum.Working, "Identity", "EMR")
	gen := synth.New(13)
	pat := registerPatient(t, sum.API, gen)
	recID := writeObservation(t, sum.API, gen, pat)
	record := apiMust(t, 200, "GET", sum.API+"/fhir/Observation/"+recID, pat.Token, nil, nil)
	if err := p.stop(t); err != nil {
		t.Fatalf("node did not stop cleanly: %v", err)
	}

	p2 := startProc(t, env, args...)
	var again upSummary
	p2.readJSON(t, 3*time.Minute, &again)
	if again.Working.Contracts["EMR"] != sum.Working.Contracts["EMR"] {
		t.Fatalf("restart redeployed: %v, was %v", again.Working.Contracts, sum.Working.Contracts)
	}
	k, err := keystore.DecryptKey(pat.Keystore, "patient secret")
	if err != nil {
		t.Fatal(err)
	}
	if got := apiMust(t, 200, "GET", again.API+"/fhir/Observation/"+recID, apiLogin(t, again.API, k.PrivateKey), nil, nil); !bytes.Equal(got, record) {
		t.Fatal("the record changed across the restart")
	}
	p2.stop(t)
}
