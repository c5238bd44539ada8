package main

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/keystore"

	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/synth"
)

// freePorts finds n consecutive free TCP ports on 127.0.0.1 and returns the
// first.
func freePorts(t *testing.T, n int) int {
	t.Helper()
	for range 100 {
		base := 20000 + rand.IntN(40000)
		ok := true
		for p := base; p < base+n && ok; p++ {
			l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
			if err != nil {
				ok = false
				break
			}
			l.Close()
		}
		if ok {
			return base
		}
	}
	t.Fatal("no free port range")
	return 0
}

// TestDevnet runs a four-hospital consortium as "dualchain devnet" does: four
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
	p := startProc(t, nil, "devnet", "--dir", dir, "--hospitals", "4", "--base-port", strconv.Itoa(base),
		"--api-port", strconv.Itoa(api), "--metrics-port", "0", "--verification-http-port", "0", "--verification-ws-port", "0", "--json")
	var sum devnetSummary
	p.readJSON(t, 4*time.Minute, &sum)
	if len(sum.Hospitals) != 4 {
		t.Fatalf("devnet summary lists %d hospitals", len(sum.Hospitals))
	}
	h0, h2 := sum.Hospitals[0].API, sum.Hospitals[2].API

	// A patient registers at hospital 0 and writes a record there.
	gen := synth.New(11)
	pat := registerPatient(t, h0, gen)
	recID := writeObservation(t, h0, gen, pat)
	record := apiMust(t, 200, "GET", h0+"/fhir/Observation/"+recID, pat.Token, nil, nil)
	waitSettled(t, h0, pat.Token, recID)

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
	for _, i := range []string{"2", "3"} {
		apiMust(t, 200, "POST", sum.Control+"/validators/"+i+"/stop", "", nil, nil)
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

	if err := p.stop(t); err != nil {
		t.Fatalf("devnet did not stop cleanly: %v\n%s", err, p.stderr.String())
	}
}
