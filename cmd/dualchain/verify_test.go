package main

import (
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dualchain/dualchain/api"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/synth"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"
)

// apiCall sends a request to a running node's API and returns the status
// and body.
func apiCall(t *testing.T, method, url, token string, body any) (int, []byte) {
	t.Helper()
	status, _, raw := testenv.Request(t, method, url, token, body)
	return status, raw
}

func apiMust(t *testing.T, want int, method, url, token string, body, out any) []byte {
	t.Helper()
	got, raw := apiCall(t, method, url, token, body)
	if got != want {
		t.Fatalf("%s %s = %d, want %d: %s", method, url, got, want, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v", method, url, err)
		}
	}
	return raw
}

// apiLogin signs in to the API at base with key.
func apiLogin(t *testing.T, base string, key *ecdsa.PrivateKey) string {
	t.Helper()
	var ch struct{ Message string }
	apiMust(t, 200, "GET", base+"/api/v1/auth/challenge?address="+crypto.PubkeyToAddress(key.PublicKey).Hex(), "", nil, &ch)
	sig, err := api.SignChallenge(ch.Message, func(h []byte) ([]byte, error) { return crypto.Sign(h, key) })
	if err != nil {
		t.Fatal(err)
	}
	var res struct{ Token string }
	apiMust(t, 200, "POST", base+"/api/v1/auth/login", "", map[string]string{"message": ch.Message, "signature": sig}, &res)
	return res.Token
}

// selfPatient is a patient that registered itself at a running node and
// logged in; its key file's passphrase is "patient secret".
type selfPatient struct {
	Address  string // lowercase 0x…
	Keystore json.RawMessage
	Token    string
}

func registerPatient(t *testing.T, api string, gen *synth.Generator) selfPatient {
	t.Helper()
	var reg struct {
		Identity struct{ Address string }
		Keystore json.RawMessage
	}
	apiMust(t, 201, "POST", api+"/api/v1/patients", "", map[string]any{"resource": json.RawMessage(gen.Patient("")), "passphrase": "patient secret"}, &reg)
	k, err := keystore.DecryptKey(reg.Keystore, "patient secret")
	if err != nil {
		t.Fatal(err)
	}
	return selfPatient{Address: strings.ToLower(reg.Identity.Address), Keystore: reg.Keystore, Token: apiLogin(t, api, k.PrivateKey)}
}

// writeObservation writes a synthetic Observation as p and returns its FHIR id.
func writeObservation(t *testing.T, api string, gen *synth.Generator, p selfPatient) string {
	t.Helper()
	obs, err := gen.Record("Observation", synth.Refs{Patient: "Patient/" + p.Address, Practitioner: "Practitioner/1", Organization: "Organization/1"})
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	apiMust(t, 201, "POST", api+"/fhir/Observation", p.Token, obs, &created)
	return created.ID
}

// recordFacts are a record version's chain facts from /api/v1/records/{id}.
type recordFacts struct {
	ID           uint64
	Block        uint64
	TxHash       string
	Verification string
}

// waitSettled waits until record id is settled and returns its facts.
func waitSettled(t *testing.T, api, token, id string) recordFacts {
	t.Helper()
	var info recordFacts
	testenv.WaitFor(t, 90*time.Second, func() error {
		apiMust(t, 200, "GET", api+"/api/v1/records/"+id, token, nil, &info)
		if info.Verification != "settled" {
			return fmt.Errorf("record %s is %q", id, info.Verification)
		}
		return nil
	})
	return info
}

// settledRecord registers a patient at api, has it write an Observation,
// and waits until the record is settled; it returns the patient, the
// record's FHIR id, its bytes and its chain facts.
func settledRecord(t *testing.T, api string, gen *synth.Generator) (selfPatient, string, []byte, recordFacts) {
	t.Helper()
	pat := registerPatient(t, api, gen)
	recID := writeObservation(t, api, gen, pat)
	record := apiMust(t, 200, "GET", api+"/fhir/Observation/"+recID, pat.Token, nil, nil)
	return pat, recID, record, waitSettled(t, api, pat.Token, recID)
}

// TestVerifyRecordFile runs a dual-chain node and checks record and tx
// proofs as 'dualchain verify' writes them (checkRecordProof).
func TestVerifyRecordFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	p := startProc(t, nil, upArgs(dir, "--anchor-interval", "4", "--anchor-max-age", "1s", "--anchor-confirmations", "2")...)
	var sum upSummary
	p.readJSON(t, 2*time.Minute, &sum)
	checkRecordProof(t, sum, dir)
}

// checkRecordProof writes a record through the API of a running dual-chain
// node, waits until it is settled, and checks its proof from the API and
// from "dualchain verify record": valid with the record's bytes and within
// the 2 KB budget (so is the transaction's proof), invalid for a wrong
// record body, a tampered proof, or another registry.
func checkRecordProof(t *testing.T, sum upSummary, dir string) {
	// The patient registers itself and writes its own record.
	gen := synth.New(7)
	pat := registerPatient(t, sum.API, gen)
	token := pat.Token
	recID := writeObservation(t, sum.API, gen, pat)
	record := apiMust(t, 200, "GET", sum.API+"/fhir/Observation/"+recID, token, nil, nil)
	id, _ := strconv.ParseUint(recID, 10, 64)

	// Its verification state moves to settled, and then the proof exists.
	info := waitSettled(t, sum.API, token, recID)
	tmp := t.TempDir()
	proofPath, recordPath := filepath.Join(tmp, "proof.json"), filepath.Join(tmp, "record.json")
	os.WriteFile(proofPath, apiMust(t, 200, "GET", fmt.Sprintf("%s/api/v1/records/%d/proof", sum.API, id), token, nil, nil), 0o644)
	os.WriteFile(recordPath, record, 0o644)
	verify := func(args ...string) (int, string, string) {
		return runMain(t, append([]string{"verify", "--verification-rpc", sum.Verification.HTTP}, args...)...)
	}
	if code, out, stderr := verify("--record", recordPath, proofPath); code != 0 || !strings.Contains(out, "valid: content of record") {
		t.Fatalf("record proof from the API: status %d, out %q, stderr %q", code, out, stderr)
	}
	raw, _ := os.ReadFile(proofPath)
	t.Logf("record proof from the API: %d bytes", len(raw))
	if len(raw) > 2048 {
		t.Errorf("record proof from the API: %d bytes, target ≤ 2 KB", len(raw))
	}

	// The same from the command line, and for its transaction.
	cliProof := filepath.Join(tmp, "cli.json")
	if code, _, stderr := runMain(t, "verify", "--data-dir", dir, "--working-rpc", sum.Working.HTTP, "--out", cliProof, "record", recID); code != 0 {
		t.Fatalf("verify record: %s", stderr)
	}
	code, out, stderr := verify("--record", recordPath, cliProof)
	if code != 0 || !strings.Contains(out, "anchored by transaction 0x") || !strings.Contains(out, "end block hash 0x") {
		t.Fatalf("record proof from the CLI: status %d, out %q, stderr %q", code, out, stderr)
	}
	t.Logf("dualchain verify: %s", out)
	if fi, err := os.Stat(cliProof); err != nil || fi.Size() > 2048 {
		t.Errorf("record proof as 'dualchain verify record' writes it: %v, %v; target ≤ 2 KB", fi.Size(), err)
	} else {
		t.Logf("record proof from the CLI: %d bytes", fi.Size())
	}
	txProof := filepath.Join(tmp, "tx.json")
	if code, _, stderr := runMain(t, "verify", "--data-dir", dir, "--working-rpc", sum.Working.HTTP, "--out", txProof, "tx", info.TxHash); code != 0 {
		t.Fatalf("verify tx: %s", stderr)
	}
	if code, out, stderr := verify(txProof); code != 0 || !strings.Contains(out, "valid: transaction "+info.TxHash) {
		t.Fatalf("tx proof: status %d, out %q, stderr %q", code, out, stderr)
	}
	if fi, err := os.Stat(txProof); err != nil || fi.Size() > 2048 {
		t.Errorf("tx proof as 'dualchain verify tx' writes it: %v, %v; target ≤ 2 KB", fi.Size(), err)
	}

	// A wrong record body.
	var m map[string]any
	json.Unmarshal(record, &m)
	m["status"] = "entered-in-error"
	wrong, _ := json.Marshal(m)
	wrongPath := filepath.Join(tmp, "wrong.json")
	os.WriteFile(wrongPath, wrong, 0o644)
	if code, _, stderr := verify("--record", wrongPath, proofPath); code != 1 || !strings.Contains(stderr, "content hashes to") {
		t.Fatalf("wrong record body: status %d, stderr %q", code, stderr)
	}
	// Tampered proofs: each link, as someone editing the file would.
	obj := func(p map[string]any, path ...string) map[string]any {
		for _, k := range path {
			p = p[k].(map[string]any)
		}
		return p
	}
	for name, tamper := range map[string]func(p map[string]any){
		"content hash":   func(p map[string]any) { obj(p, "record")["contentHash"] = "0x" + strings.Repeat("11", 32) },
		"record id":      func(p map[string]any) { obj(p, "record")["id"] = id + 1 },
		"author":         func(p map[string]any) { obj(p, "record")["author"] = "0x" + strings.Repeat("ab", 20) },
		"receipt path":   func(p map[string]any) { obj(p, "tx")["receiptPath"] = []string{"wA=="} },
		"receipt status": func(p map[string]any) { obj(p, "tx", "receipt")["successful"] = false },
		"extra log":      func(p map[string]any) { l := obj(p, "tx", "receipt"); l["logs"] = append(l["logs"].([]any), "wA==") },
		"input carried":  func(p map[string]any) { delete(obj(p, "tx"), "input") },
		"tx index":       func(p map[string]any) { obj(p, "tx")["index"] = 5 },
		"header":         func(p map[string]any) { obj(p, "header")["rlp"] = "wA==" },
		"header bloom":   func(p map[string]any) { obj(p, "header")["bloomBits"] = "/Q8AAA==" }, // bits 2045, 2046, 2047
		"merkle siblings": func(p map[string]any) {
			m := obj(p, "merkle")
			s := m["siblings"].(string)
			m["siblings"] = "AAAA" + s[4:]
		},
		"checkpoint member": func(p map[string]any) { obj(p, "checkpoint")["member"] = "0x" + strings.Repeat("ab", 20) },
		"block number":      func(p map[string]any) { obj(p, "working")["number"] = info.Block + 1 },
		"another registry":  func(p map[string]any) { obj(p, "anchor")["registry"] = "0x" + strings.Repeat("ab", 20) },
		"checkpoint index":  func(p map[string]any) { obj(p, "checkpoint")["index"] = 99 },
	} {
		cp := map[string]any{}
		json.Unmarshal(raw, &cp)
		tamper(cp)
		bad, _ := json.Marshal(cp)
		badPath := filepath.Join(tmp, "bad.json")
		os.WriteFile(badPath, bad, 0o644)
		if code, _, stderr := verify("--record", recordPath, badPath); code != 1 || !strings.Contains(stderr, "invalid") {
			t.Errorf("tampered %s: status %d, stderr %q", name, code, stderr)
		}
	}
	// Unknown record: 404.
	if code, _ := apiCall(t, "GET", sum.API+"/api/v1/records/999999/proof", token, nil); code != 404 {
		t.Errorf("proof of an unknown record: %d, want 404", code)
	}
}

// TestUpVerificationChainDown stops the verification chain under a running
// node: the EMR keeps working, the "anchoring stalled" alert comes up, and
// after the chain is back the checkpoints catch up and the alert clears.
func TestUpVerificationChainDown(t *testing.T) {
	vdir, port := t.TempDir(), testenv.FreePort(t)
	vargs := []string{"devchain", "--json", "--chain-id", "6102", "--data-dir", vdir, "--http-port", strconv.Itoa(port), "--ws-port", "-1", "--period", "1s", "--seed", "verification down"}
	var verif struct {
		HTTP     string        `json:"http"`
		Accounts []accountInfo `json:"devAccounts"`
	}
	vp := startProc(t, nil, vargs...)
	vp.readJSON(t, time.Minute, &verif)

	dir := filepath.Join(t.TempDir(), "data")
	env := []string{"DUALCHAIN_VERIFICATION_PRIVATE_KEY=" + verif.Accounts[4].Key}
	p := startProc(t, env, "up", "--dev", "--json", "--data-dir", dir, "--working-http-port", "0", "--working-ws-port", "0",
		"--verification-rpc", verif.HTTP, "--metrics-addr", "", "--api-addr", "127.0.0.1:0",
		"--anchor-interval", "4", "--anchor-max-age", "1s", "--anchor-confirmations", "1", "--anchor-stall-after", "4s")
	var sum upSummary
	p.readJSON(t, 2*time.Minute, &sum)
	type status struct {
		LastSettledEnd   *uint64
		AnchoringStalled bool
		Members          map[string]struct{ Anchored uint64 }
	}
	waitStatus := func(what string, ok func(st status) bool) status {
		var st status
		testenv.WaitFor(t, 90*time.Second, func() error {
			apiMust(t, 200, "GET", sum.API+"/api/v1/status", "", nil, &st)
			if !ok(st) {
				return fmt.Errorf("waiting for %s: %+v", what, st)
			}
			return nil
		})
		return st
	}
	waitStatus("a settled checkpoint", func(st status) bool { return st.LastSettledEnd != nil && !st.AnchoringStalled })

	// Down: the EMR keeps working.
	if err := vp.stop(t); err != nil {
		t.Fatalf("verification chain did not stop cleanly: %v", err)
	}
	gen := synth.New(11)
	pat := registerPatient(t, sum.API, gen)
	id := writeObservation(t, sum.API, gen, pat)
	apiMust(t, 200, "GET", sum.API+"/fhir/Observation/"+id, pat.Token, nil, nil)
	var info struct{ Block uint64 }
	apiMust(t, 200, "GET", sum.API+"/api/v1/records/"+id, pat.Token, nil, &info)
	waitStatus("the stalled alert", func(st status) bool { return st.AnchoringStalled })

	// Back, same data and port: the checkpoints catch up past the record.
	startProc(t, nil, vargs...).readJSON(t, time.Minute, &verif)
	waitStatus("catching up", func(st status) bool {
		return !st.AnchoringStalled && st.LastSettledEnd != nil && *st.LastSettledEnd >= info.Block
	})
	testenv.WaitFor(t, 10*time.Second, func() error {
		if log := p.stderr.String(); !strings.Contains(log, "ALERT anchoring stalled") || !strings.Contains(log, "anchoring recovered") {
			return fmt.Errorf("log lacks the alert and its recovery")
		}
		return nil
	})
	// The only incident of the whole run is the stall (it may come back
	// for a moment while the backlog settles, with a 4 s threshold): an
	// outage and restart of the verification chain is no attack.
	var incs []store.Incident
	apiMust(t, 200, "GET", sum.API+"/api/v1/incidents", "", nil, &incs)
	if len(incs) != 1 || incs[0].Kind != "anchoring_stalled" {
		t.Errorf("incidents of a run with a verification outage: %+v", incs)
	}
}
