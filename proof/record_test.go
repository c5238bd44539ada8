package proof_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/archive"
	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/emr"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/ipfs"
	"github.com/dualchain/dualchain/proof"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/synth"
	"github.com/dualchain/dualchain/vault"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
)

// recordEnv is one hospital node's parts that record proofs need, all
// real: a working chain with the EMR contracts and the EMR service (IPFS,
// keyring, node database), the archive, and a verification chain with the
// anchor registry, the anchor agent and the checkpoint mirror.
type recordEnv struct {
	work, verif  *devchain.Chain
	db           *store.DB
	svc          *emr.Service
	emr          common.Address
	registry     common.Address
	other        common.Address // a second registry on the verification chain
	builder      *proof.Builder
	practitioner common.Address
	refs         synth.Refs
	mu           sync.Mutex // protects gen
	gen          *synth.Generator
	agent        *anchor.Agent
	mirror       *anchor.Mirror
	archive      *archive.Follower
}

var update = flag.Bool("update", false, "rewrite the sample proofs in testdata")

const (
	recWorkID  = 5300
	recVerifID = 5400
)

// startRecordEnv starts a recordEnv whose agent cuts checkpoints of
// interval blocks.
func startRecordEnv(t *testing.T, ctx context.Context, interval uint64) *recordEnv {
	t.Helper()
	e := &recordEnv{gen: synth.New(3)}
	e.work = testenv.StartChain(t, recWorkID, "")
	e.verif = testenv.StartChain(t, recVerifID, "")
	e.db = testenv.OpenStore(t)
	dir := t.TempDir()
	hs := testenv.Sender(t, e.work, 0)
	contracts, err := (&deploy.Deployer{Path: filepath.Join(dir, "d.json"), Role: "working", Sender: hs}).Ensure(ctx,
		deploy.WorkingContracts([]common.Address{hs.From()}, []string{"proof test hospital"}))
	if err != nil {
		t.Fatal(err)
	}
	e.emr = contracts[deploy.EMRName]
	node, err := ipfs.Open(ctx, ipfs.Config{Dir: filepath.Join(dir, "ipfs"), Logger: testenv.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { node.Close() })
	keys, err := vault.OpenKeyring(filepath.Join(dir, "keystore"), "proof test", vault.Light)
	if err != nil {
		t.Fatal(err)
	}
	e.svc, err = emr.New(ctx, emr.Config{Backend: e.work.Client(), Identity: contracts[deploy.IdentityName], EMR: e.emr,
		Hospital: e.work.Accounts()[0].Key, Keyring: keys, Blobs: node, DB: e.db, Logger: testenv.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	// The service's index follows the chain, as "dualchain up" runs it.
	bg, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); e.svc.Follow(bg, 50*time.Millisecond, time.Minute) }()
	t.Cleanup(func() { cancel(); <-done })
	pr, err := e.svc.RegisterPractitioner(ctx, e.gen.Practitioner(""))
	if err != nil {
		t.Fatal(err)
	}
	var pa *emr.Identity
	testenv.WaitFor(t, 30*time.Second, func() error {
		pa, _, err = e.svc.RegisterPatient(ctx, hs.From(), e.gen.Patient(""))
		return err
	})
	e.practitioner = pr.Address
	e.refs = synth.Refs{Patient: "Patient/" + strings.ToLower(pa.Address.Hex()), Practitioner: "Practitioner/" + strings.ToLower(pr.Address.Hex()),
		Organization: "Organization/" + strings.ToLower(hs.From().Hex())}

	vs := testenv.Sender(t, e.verif, 1)
	out, err := (&deploy.Deployer{Path: filepath.Join(dir, "v.json"), Role: "verification", Sender: vs}).Ensure(ctx,
		deploy.VerificationContracts(recWorkID, []common.Address{vs.From()}))
	if err != nil {
		t.Fatal(err)
	}
	e.registry = out[deploy.AnchorRegistryName]
	out2, err := (&deploy.Deployer{Path: filepath.Join(dir, "v2.json"), Role: "verification", Sender: testenv.Sender(t, e.verif, 3)}).Ensure(ctx,
		deploy.VerificationContracts(recWorkID, []common.Address{vs.From()}))
	if err != nil {
		t.Fatal(err)
	}
	e.other = out2[deploy.AnchorRegistryName]
	e.agent, err = anchor.NewAgent(anchor.Config{ChainID: recWorkID, Registry: e.registry, Interval: interval, Confirmations: 1}, e.db, vs)
	if err != nil {
		t.Fatal(err)
	}
	e.mirror = anchor.NewMirror(anchor.MirrorConfig{Registry: e.registry}, e.verif.Client(), e.db)
	e.archive = archive.New(archive.Config{}, e.work.Client(), e.db)
	e.builder = &proof.Builder{DB: e.db, Working: e.work.Client(), WorkingChainID: recWorkID, VerificationChainID: recVerifID, Registry: e.registry}
	return e
}

// write creates an Observation and returns its record.
func (e *recordEnv) write(t *testing.T, ctx context.Context) *emr.Record {
	t.Helper()
	rec, err := e.create(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// create creates an Observation (safe to call from any goroutine).
func (e *recordEnv) create(ctx context.Context) (*emr.Record, error) {
	e.mu.Lock()
	obs, err := e.gen.Record("Observation", e.refs)
	e.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return e.svc.Create(ctx, e.practitioner, obs)
}

// writeBusy creates two Observations in one block that also holds fillers
// plain transfers from other accounts (a busy block: the trie paths then
// hold branch nodes, and the header's bloom has bits the receipt of either
// record does not explain). Block production pauses while the block's
// transactions gather in the pool.
func (e *recordEnv) writeBusy(t *testing.T, ctx context.Context, fillers int) (*emr.Record, *emr.Record) {
	t.Helper()
	if err := e.work.Pause(); err != nil {
		t.Fatal(err)
	}
	resumed := false
	defer func() {
		if !resumed {
			e.work.Resume()
		}
	}()
	var senders []*chain.Sender
	for i := 4; i < 10; i++ {
		senders = append(senders, testenv.Sender(t, e.work, i))
	}
	for i := range fillers {
		s := senders[i%len(senders)]
		to := common.Address{byte(i + 1)}
		if _, err := s.Send(ctx, &to, nil, big.NewInt(int64(i+1))); err != nil {
			t.Fatal(err)
		}
	}
	var a, b *emr.Record
	var errA, errB error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a, errA = e.create(ctx) }()
	go func() { defer wg.Done(); b, errB = e.create(ctx) }()
	testenv.WaitFor(t, 30*time.Second, func() error {
		if pending, _ := e.work.Eth().TxPool().Stats(); pending < fillers+2 {
			return fmt.Errorf("%d transactions in the pool, want %d", pending, fillers+2)
		}
		return nil
	})
	e.work.Resume()
	resumed = true
	wg.Wait()
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if a.Block != b.Block {
		t.Fatalf("the two records landed in blocks %d and %d, want one busy block", a.Block, b.Block)
	}
	return a, b
}

// prove anchors the working chain until rec's block is covered and returns
// rec's record proof.
func (e *recordEnv) prove(t *testing.T, ctx context.Context, rec *emr.Record) *proof.Proof {
	t.Helper()
	var p *proof.Proof
	testenv.WaitFor(t, 60*time.Second, func() error {
		// Blocks past the record's, so that a checkpoint can cover it.
		e.work.Commit()
		if _, err := e.archive.Sync(ctx); err != nil {
			return err
		}
		if err := e.agent.Step(ctx); err != nil {
			return err
		}
		if err := e.mirror.Sync(ctx); err != nil {
			return err
		}
		var err error
		p, err = e.builder.Record(ctx, e.emr, rec.ID, rec.TxHash)
		return err
	})
	return p
}

// TestRecordProof builds record and tx proofs of records in a block of
// their own and in a busy block, checks them, holds them to the 2 KB budget
// (the lone record, at the dev default of 128-block checkpoints), and
// tampers with every part the checker rebuilds or reads.
func TestRecordProof(t *testing.T) {
	ctx := testenv.Context(t, 4*time.Minute)
	e := startRecordEnv(t, ctx, 128)
	lone := e.write(t, ctx)
	busy, other := e.writeBusy(t, ctx, 20)

	p := e.prove(t, ctx, lone)
	file, err := proof.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	compact, _ := json.Marshal(p)
	t.Logf("record proof: %d bytes compact, %d as 'dualchain verify' writes it", len(compact), len(file))
	if len(file) > 2048 || len(compact) > 2048 {
		t.Errorf("record proof is %d bytes (%d compact), target ≤ 2 KB", len(file), len(compact))
	}
	if p.Tx.Input != "addRecord" {
		t.Errorf("record proof input %q, want the addRecord call rebuilt from the record", p.Tx.Input)
	}
	txp, err := e.builder.Tx(ctx, lone.TxHash)
	if err != nil {
		t.Fatal(err)
	}
	txFile, _ := proof.Encode(txp)
	t.Logf("tx proof: %d bytes as written", len(txFile))
	if len(txFile) > 2048 {
		t.Errorf("tx proof is %d bytes, target ≤ 2 KB", len(txFile))
	}
	bp := e.prove(t, ctx, busy)
	if len(bp.Header.BloomBits) == 0 {
		t.Errorf("busy block: no bloom bits beyond the receipt's, want the other record's (test premise)")
	}
	if len(bp.Tx.TxPath) < 2 {
		t.Errorf("busy block: transaction path of %d nodes, want branch nodes (test premise)", len(bp.Tx.TxPath))
	}
	if *update {
		// Samples of the format for readers, other checkers and the fuzzer
		// (FuzzCheckInside, TestSamplesInside).
		busyFile, err := proof.Encode(bp)
		if err != nil {
			t.Fatal(err)
		}
		// The busy record's chain facts, as /api/v1/records/{id} gives
		// them, for the in-page checker's test (cmd/dualchain TestWebUI).
		busyFacts, _ := json.Marshal(map[string]any{"id": busy.ID, "patient": busy.Patient, "contentHash": busy.ContentHash, "txHash": busy.TxHash})
		for name, raw := range map[string][]byte{"record-proof.json": file, "tx-proof.json": txFile, "busy-record-proof.json": busyFile, "busy-record-facts.json": busyFacts} {
			if err := os.WriteFile(filepath.Join("testdata", name), raw, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	// Valid: the parsed file checks, fills the transaction's derived
	// fields, and matches the record's content hash.
	for name, pr := range map[string]*proof.Proof{"lone record": p, "busy record": bp, "tx": txp} {
		raw, _ := proof.Encode(pr)
		parsed, err := proof.Parse(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		began := time.Now()
		if _, err := proof.Check(ctx, parsed, e.verif.Client()); err != nil {
			t.Fatalf("%s: valid proof rejected: %v", name, err)
		}
		t.Logf("%s proof: check took %v", name, time.Since(began))
		if parsed.Tx.Hash == (common.Hash{}) || parsed.Tx.From == (common.Address{}) {
			t.Errorf("%s: derived hash %s, from %s", name, parsed.Tx.Hash, parsed.Tx.From)
		}
	}
	parsed, _ := proof.Parse(compact)
	proof.Check(ctx, parsed, e.verif.Client())
	if parsed.Tx.Hash != lone.TxHash || parsed.Tx.From != e.practitioner {
		t.Errorf("derived tx %s from %s, want %s from %s", parsed.Tx.Hash, parsed.Tx.From, lone.TxHash, e.practitioner)
	}
	if err := parsed.CheckContent(lone.ContentHash); err != nil {
		t.Errorf("content hash of the record: %v", err)
	}
	if err := parsed.CheckContent(other.ContentHash); !errors.Is(err, proof.ErrInvalid) {
		t.Errorf("another record's content: got %v, want ErrInvalid", err)
	}

	// A second log of the EMR contract, for the "extra log" cases.
	extraLog, _ := rlp.EncodeToBytes(&types.Log{Address: e.emr, Topics: []common.Hash{{1}}, Data: []byte{1}})
	flip := func(b []byte, i int) { b[(i+len(b))%len(b)] ^= 1 }
	hollowLeaf := []byte{0xc4, 0x82, 0x20, 0x80, 0x80} // a leaf for key 0x80 (index 0) with its value left out, as version 2 carried it
	for _, tc := range []struct {
		name   string
		busy   bool // tamper with the busy block's proof
		tx     bool // tamper with the tx proof
		tamper func(p *proof.Proof)
	}{
		{name: "content hash", tamper: func(p *proof.Proof) { p.Record.ContentHash[0] ^= 1 }},
		{name: "record id", tamper: func(p *proof.Proof) { p.Record.ID++ }},
		{name: "patient", tamper: func(p *proof.Proof) { p.Record.Patient[3] ^= 1 }},
		{name: "author", tamper: func(p *proof.Proof) { p.Record.Author = e.practitioner; p.Record.Author[19] ^= 1 }},
		{name: "cid", tamper: func(p *proof.Proof) { p.Record.CID[len(p.Record.CID)-1] ^= 1 }},
		{name: "version", tamper: func(p *proof.Proof) { p.Record.Version++ }},
		{name: "previous version", tamper: func(p *proof.Proof) { p.Record.PrevID = 1 }},
		{name: "resource type", tamper: func(p *proof.Proof) { p.Record.ResourceType++ }},
		{name: "record contract", tamper: func(p *proof.Proof) { p.Record.Contract[0] ^= 1 }},
		{name: "input call", tamper: func(p *proof.Proof) { p.Tx.Input = "amendRecord" }},
		{name: "input carried", tamper: func(p *proof.Proof) { p.Tx.Input = "" }},
		{name: "transaction byte", tamper: func(p *proof.Proof) { flip(p.Tx.Transaction, -3) }},
		{name: "transaction index", tamper: func(p *proof.Proof) { p.Tx.Index++ }},
		{name: "receipt status", tamper: func(p *proof.Proof) { p.Tx.Receipt.Successful = false }},
		{name: "receipt gas", tamper: func(p *proof.Proof) { p.Tx.Receipt.CumulativeGasUsed++ }},
		{name: "receipt with an extra log", tamper: func(p *proof.Proof) { p.Tx.Receipt.Logs = append(p.Tx.Receipt.Logs, extraLog) }},
		{name: "receipt without its log", tamper: func(p *proof.Proof) { p.Tx.Receipt.Logs = nil }},
		{name: "record log moved", tamper: func(p *proof.Proof) {
			p.Tx.Receipt.Logs = append([]proof.ZBytes{extraLog}, p.Tx.Receipt.Logs...)
			p.Record.Log++
		}},
		{name: "transaction leaf carried", tamper: func(p *proof.Proof) { p.Tx.TxPath = append(p.Tx.TxPath, hollowLeaf) }},
		{name: "receipt sibling added", tamper: func(p *proof.Proof) { p.Tx.ReceiptSiblings = append(p.Tx.ReceiptSiblings, common.Hash{1}) }},
		{name: "receipt path carried as a leaf", tamper: func(p *proof.Proof) { p.Tx.ReceiptPath = [][]byte{hollowLeaf} }},
		{name: "header byte", tamper: func(p *proof.Proof) { flip(p.Header.RLP, -5) }},
		{name: "header number carried", tamper: func(p *proof.Proof) {
			p.Header.RLP = refill(t, p.Header.RLP, 8, p.Working.Number)
		}},
		{name: "header gas used carried", tamper: func(p *proof.Proof) {
			p.Header.RLP = refill(t, p.Header.RLP, 10, p.Tx.Receipt.CumulativeGasUsed)
		}},
		{name: "header gas used carried, one more", tamper: func(p *proof.Proof) {
			p.Header.RLP = refill(t, p.Header.RLP, 10, p.Tx.Receipt.CumulativeGasUsed+1)
		}},
		{name: "header bloom bit added", tamper: func(p *proof.Proof) { p.Header.BloomBits = []uint16{2047} }},
		{name: "header bloom whole, a bit flipped", tamper: func(p *proof.Proof) {
			var b types.Bloom
			b[0] = 1
			p.Header.Bloom = b.Bytes()
		}},
		{name: "block hash", tamper: func(p *proof.Proof) { p.Working.Hash[0] ^= 1 }},
		{name: "block number", tamper: func(p *proof.Proof) { p.Working.Number++ }},
		{name: "sibling", tamper: func(p *proof.Proof) { p.Merkle.Siblings[0][3] ^= 1 }},
		{name: "another registry", tamper: func(p *proof.Proof) { p.Anchor.Registry = e.other }},
		{name: "anchoring tx", tamper: func(p *proof.Proof) { p.Anchor.TxHash[0] ^= 1 }},
		{name: "checkpoint member", tamper: func(p *proof.Proof) { p.Checkpoint.Member[0] ^= 1 }},

		{name: "busy: bloom bit removed", busy: true, tamper: func(p *proof.Proof) { p.Header.BloomBits = p.Header.BloomBits[1:] }},
		{name: "busy: bloom bit moved", busy: true, tamper: func(p *proof.Proof) { p.Header.BloomBits[0] ^= 1 }},
		{name: "busy: branch node", busy: true, tamper: func(p *proof.Proof) { flip(p.Tx.TxPath[0], -2) }},
		{name: "busy: receipt sibling", busy: true, tamper: func(p *proof.Proof) { p.Tx.ReceiptSiblings[0][3] ^= 1 }},
		{name: "busy: receipt siblings swapped", busy: true, tamper: func(p *proof.Proof) {
			s := p.Tx.ReceiptSiblings
			s[0], s[len(s)-1] = s[len(s)-1], s[0]
		}},
		{name: "busy: receipt sibling dropped", busy: true, tamper: func(p *proof.Proof) { p.Tx.ReceiptSiblings = p.Tx.ReceiptSiblings[1:] }},
		{name: "busy: path without its root", busy: true, tamper: func(p *proof.Proof) { p.Tx.TxPath = p.Tx.TxPath[1:] }},
		{name: "busy: on-path hash carried", busy: true, tamper: func(p *proof.Proof) {
			p.Tx.TxPath[0] = refill(t, p.Tx.TxPath[0], rootSlot(p), common.Hash{1})
		}},
		{name: "busy: node below the root replaced", busy: true, tamper: func(p *proof.Proof) { p.Tx.TxPath[1] = p.Tx.TxPath[0] }},
		{name: "busy: the other record", busy: true, tamper: func(p *proof.Proof) { p.Record.ID = other.ID; p.Record.ContentHash = other.ContentHash }},

		{name: "tx: transaction byte", tx: true, tamper: func(p *proof.Proof) { flip(p.Tx.Transaction, 40) }},
		{name: "tx: log byte", tx: true, tamper: func(p *proof.Proof) { flip(p.Tx.Receipt.Logs[0], -1) }},
		{name: "tx: extra log", tx: true, tamper: func(p *proof.Proof) { p.Tx.Receipt.Logs = append(p.Tx.Receipt.Logs, extraLog) }},
		{name: "tx: header byte", tx: true, tamper: func(p *proof.Proof) { flip(p.Header.RLP, 10) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := p
			switch {
			case tc.busy:
				src = bp
			case tc.tx:
				src = txp
			}
			raw, _ := json.Marshal(src)
			bad, err := proof.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			tc.tamper(bad)
			// Through JSON again, as a tampered file would come.
			before := raw
			raw, _ = json.Marshal(bad)
			if string(raw) == string(before) {
				t.Fatal("the tampering changed nothing (test premise)")
			}
			if bad, err = proof.Parse(raw); err != nil {
				if !errors.Is(err, proof.ErrInvalid) && !strings.Contains(err.Error(), "not a dualchain proof") {
					t.Fatalf("tampered proof: Parse gave %v", err)
				}
				return
			}
			if _, err := proof.Check(ctx, bad, e.verif.Client()); !errors.Is(err, proof.ErrInvalid) {
				t.Fatalf("tampered proof: got %v, want ErrInvalid", err)
			}
		})
	}
}

// rootSlot is the item of p's trie roots (branch nodes) that refers to
// the next node of the paths: the first nibble of the key.
func rootSlot(p *proof.Proof) int {
	return int(rlp.AppendUint64(nil, p.Tx.Index)[0] >> 4)
}

// refill returns RLP list h (a header, a trie node) with item i set to v
// (as a hollowed item carried anyway).
func refill(t *testing.T, h []byte, i int, v any) []byte {
	t.Helper()
	var items []rlp.RawValue
	if err := rlp.DecodeBytes(h, &items); err != nil {
		t.Fatal(err)
	}
	enc, _ := rlp.EncodeToBytes(v)
	items[i] = enc
	out, _ := rlp.EncodeToBytes(items)
	return out
}
