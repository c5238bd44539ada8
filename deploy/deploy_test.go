package deploy_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

func working(t *testing.T) []deploy.Contract {
	return deploy.WorkingContracts([]common.Address{common.HexToAddress("0x1111111111111111111111111111111111111111")}, []string{"H"})
}

func TestEnsureDeploysOnceAndSurvivesACrash(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	c := testenv.StartChain(t, 9100, "")
	s := testenv.Sender(t, c, 0)
	path := filepath.Join(t.TempDir(), "deployments.json")
	d := &deploy.Deployer{Path: path, Role: "working", Sender: s, Logger: testenv.Logger(t)}

	first, err := d.Ensure(ctx, working(t))
	if err != nil {
		t.Fatal(err)
	}
	nonce, _ := c.Client().NonceAt(ctx, s.From(), nil)

	// Again: nothing is sent.
	again, err := d.Ensure(ctx, working(t))
	if err != nil {
		t.Fatal(err)
	}
	if again[deploy.EMRName] != first[deploy.EMRName] {
		t.Fatalf("EMR moved from %s to %s", first[deploy.EMRName], again[deploy.EMRName])
	}
	if n, _ := c.Client().NonceAt(ctx, s.From(), nil); n != nonce {
		t.Fatalf("second Ensure sent %d transactions", n-nonce)
	}

	// A crash after sending but before the receipt was recorded leaves the
	// entry pending; the restart finds the contract instead of redeploying.
	st, err := deploy.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	st.Chains["working"].Contracts[deploy.EMRName].Pending = true
	st.Chains["working"].Contracts[deploy.EMRName].Block = 0
	raw, _ := json.Marshal(st)
	os.WriteFile(path, raw, 0o600)
	if _, err := d.Ensure(ctx, working(t)); err != nil {
		t.Fatal(err)
	}
	if n, _ := c.Client().NonceAt(ctx, s.From(), nil); n != nonce {
		t.Fatalf("pending entry caused %d new transactions", n-nonce)
	}
	st, _ = deploy.Load(path)
	if rec := st.Chains["working"].Contracts[deploy.EMRName]; rec.Pending || rec.Block == 0 {
		t.Fatalf("pending entry not settled: %+v", rec)
	}

	// A crash after writing the intent but before sending: deployed now,
	// at the address the intent predicted.
	delete(st.Chains["working"].Contracts, deploy.EMRName)
	predicted := crypto.CreateAddress(s.From(), nonce)
	st.Chains["working"].Contracts[deploy.EMRName] = &deploy.Record{Address: common.HexToAddress("0x00000000000000000000000000000000000000ee"), Nonce: nonce, Pending: true}
	raw, _ = json.Marshal(st)
	os.WriteFile(path, raw, 0o600)
	out, err := d.Ensure(ctx, working(t))
	if err != nil {
		t.Fatal(err)
	}
	code, _ := c.Client().CodeAt(ctx, out[deploy.EMRName], nil)
	if len(code) == 0 || out[deploy.EMRName] != predicted {
		t.Fatalf("after a lost intent EMR is at %s (code %d bytes), want a new deployment at %s", out[deploy.EMRName], len(code), predicted)
	}
}

func TestEnsureRefusesAnotherChain(t *testing.T) {
	ctx := testenv.Context(t, time.Minute)
	a := testenv.StartChain(t, 9201, "")
	b := testenv.StartChain(t, 9202, "")
	path := filepath.Join(t.TempDir(), "deployments.json")
	if _, err := (&deploy.Deployer{Path: path, Role: "working", Sender: testenv.Sender(t, a, 0)}).Ensure(ctx, working(t)); err != nil {
		t.Fatal(err)
	}
	_, err := (&deploy.Deployer{Path: path, Role: "working", Sender: testenv.Sender(t, b, 0)}).Ensure(ctx, working(t))
	if !errors.Is(err, deploy.ErrWrongChain) {
		t.Fatalf("got %v, want ErrWrongChain", err)
	}
}
