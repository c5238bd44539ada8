package proof_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/proof"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
)

const workID = 5100

func TestBlockProof(t *testing.T) {
	ctx := testenv.Context(t, 2*time.Minute)
	work := testenv.StartChain(t, workID, "")
	verif := testenv.StartChain(t, 5200, "")
	db := testenv.OpenStore(t)
	for range 20 {
		work.Commit()
	}
	if _, err := archive.New(archive.Config{}, work.Client(), db).Sync(ctx); err != nil {
		t.Fatal(err)
	}
	s := testenv.Sender(t, verif, 1)
	out, err := (&deploy.Deployer{Path: t.TempDir() + "/d.json", Role: "verification", Sender: s}).Ensure(ctx,
		deploy.VerificationContracts(workID, []common.Address{s.From()}))
	if err != nil {
		t.Fatal(err)
	}
	reg := out[deploy.AnchorRegistryName]
	agent, err := anchor.NewAgent(anchor.Config{ChainID: workID, Registry: reg, Interval: 16, Confirmations: 1}, db, s)
	if err != nil {
		t.Fatal(err)
	}
	mirror := anchor.NewMirror(anchor.MirrorConfig{Registry: reg}, verif.Client(), db)

	// Not anchored yet.
	if _, err := proof.BuildBlock(ctx, db, workID, 5, 5200, reg); !errors.Is(err, proof.ErrNotAnchored) {
		t.Fatalf("proof before anchoring: got %v, want ErrNotAnchored", err)
	}
	var p *proof.Proof
	testenv.WaitFor(t, 30*time.Second, func() error {
		if err := agent.Step(ctx); err != nil {
			t.Fatal(err)
		}
		if err := mirror.Sync(ctx); err != nil {
			return err
		}
		p, err = proof.BuildBlock(ctx, db, workID, 5, 5200, reg)
		return err
	})
	raw, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	compact, _ := json.Marshal(p)
	t.Logf("block proof: %d bytes (%d indented)", len(compact), len(raw))
	if len(compact) > 2048 {
		t.Errorf("proof is %d bytes, target ≤ 2 KB", len(compact))
	}
	parsed, err := proof.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	res, err := proof.Check(ctx, parsed, verif.Client())
	t.Logf("proof check took %v (in-process RPC)", time.Since(began))
	if err != nil {
		t.Fatalf("valid proof rejected: %v", err)
	}
	if res.Confirmations == 0 {
		t.Fatalf("result %+v, want confirmations", res)
	}
	hdr, _ := work.Client().HeaderByNumber(ctx, big.NewInt(5))
	if parsed.Working.Hash != hdr.Hash() {
		t.Fatalf("proof names block hash %s, chain has %s", parsed.Working.Hash, hdr.Hash())
	}

	// A second registry on the same chain, for the "another registry" case.
	other, err := (&deploy.Deployer{Path: t.TempDir() + "/d2.json", Role: "verification", Sender: testenv.Sender(t, verif, 3)}).Ensure(ctx,
		deploy.VerificationContracts(workID, []common.Address{s.From()}))
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name   string
		tamper func(p *proof.Proof)
	}{
		{"block hash", func(p *proof.Proof) { p.Working.Hash[0] ^= 1 }},
		{"block number", func(p *proof.Proof) { p.Working.Number++ }},
		{"sibling", func(p *proof.Proof) { p.Merkle.Siblings[0][3] ^= 1 }},
		{"checkpoint index", func(p *proof.Proof) { p.Checkpoint.Index++ }},
		{"range start", func(p *proof.Proof) { p.Merkle.Start-- }},
		{"log index", func(p *proof.Proof) { p.Anchor.LogIndex++ }},
		{"member", func(p *proof.Proof) { p.Checkpoint.Member[0] ^= 1 }},
		{"anchoring tx", func(p *proof.Proof) { p.Anchor.TxHash[0] ^= 1 }},
		{"another registry", func(p *proof.Proof) { p.Anchor.Registry = other[deploy.AnchorRegistryName] }},
		{"another verification chain", func(p *proof.Proof) { p.Anchor.ChainID = 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad, err := proof.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			tc.tamper(bad)
			if _, err := proof.Check(ctx, bad, verif.Client()); !errors.Is(err, proof.ErrInvalid) {
				t.Fatalf("tampered proof: got %v, want ErrInvalid", err)
			}
		})
	}
	// The checkpoint fields the proof does not carry come from the registry
	// event: an event whose end block hash, previous checkpoint hash or
	// root differs fails (its hash or the Merkle path no longer holds).
	for _, tc := range []struct {
		name string
		word int // in the event's data: start, end, root, endBlockHash, prevCheckpointHash, checkpointHash
	}{{"event root", 2}, {"event end block hash", 3}, {"event previous checkpoint hash", 4}, {"event checkpoint hash", 5}} {
		t.Run(tc.name, func(t *testing.T) {
			c := &editedEvent{Client: verif.Client(), edit: func(data []byte) { data[32*tc.word+7] ^= 1 }}
			if _, err := proof.Check(ctx, parsed, c); !errors.Is(err, proof.ErrInvalid) {
				t.Fatalf("edited event: got %v, want ErrInvalid", err)
			}
		})
	}
	res, err = proof.Check(ctx, parsed, verif.Client())
	if err != nil {
		t.Fatal(err)
	}
	if cp := res.Checkpoint; cp.Member != parsed.Checkpoint.Member || cp.Start != parsed.Merkle.Start || cp.End != parsed.Merkle.End || cp.Root == (common.Hash{}) || cp.EndBlockHash == (common.Hash{}) {
		t.Errorf("result checkpoint %+v, want the event's fields", cp)
	}
	// Checked against the wrong chain's endpoint.
	if _, err := proof.Check(ctx, parsed, work.Client()); !errors.Is(err, proof.ErrInvalid) {
		t.Fatalf("proof checked against the working chain: got %v, want ErrInvalid", err)
	}
	if _, err := proof.Parse([]byte(`{"version":3,"kind":"block","extra":1}`)); err == nil {
		t.Fatal("unknown field accepted")
	}
	for _, v := range []int{1, 2} {
		if _, err := proof.Parse(fmt.Appendf(nil, `{"version":%d,"kind":"block"}`, v)); err == nil || !strings.Contains(err.Error(), "build a new proof") {
			t.Fatalf("version %d: got %v, want an error saying to build a new proof", v, err)
		}
	}
}

// editedEvent is a verification-chain client whose receipts have the data
// of their logs edited (a registry event other than the one anchored).
type editedEvent struct {
	*ethclient.Client
	edit func(data []byte)
}

func (c *editedEvent) TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error) {
	r, err := c.Client.TransactionReceipt(ctx, hash)
	if err != nil {
		return nil, err
	}
	for i, l := range r.Logs {
		cp := *l
		cp.Data = append([]byte{}, l.Data...)
		if len(cp.Data) >= 6*32 {
			c.edit(cp.Data)
		}
		r.Logs[i] = &cp
	}
	return r, nil
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"version":3,"kind":"block","working":{"chainId":1,"number":3,"hash":"0x00"},"merkle":{"start":0,"end":7,"siblings":""}}`))
	f.Add([]byte(`{"version":3,"kind":"record","record":{"log":0},"tx":{"index":0,"transaction":"AA==","transactionPath":["wg=="],"receipt":{"successful":true,"cumulativeGasUsed":1,"logs":[""]},"receiptPath":["wg=="]},"header":{"rlp":"wA==","bloomBits":"AQA="},"merkle":{"start":0,"end":0,"siblings":""}}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := proof.Parse(raw)
		if err == nil && (p.Working.Number < p.Merkle.Start || p.Working.Number > p.Merkle.End) {
			t.Fatalf("Parse accepted a block outside its range: %+v", p)
		}
	})
}
