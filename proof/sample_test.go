package proof

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
)

// samples are real proofs, written by TestRecordProof with -update, whose
// inside (everything but the verification-chain lookups) checks offline.
var samples = []string{"record-proof.json", "tx-proof.json", "busy-record-proof.json"}

func readSample(tb testing.TB, name string) []byte {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// TestSamplesInside holds the format still: the committed samples parse and
// their inside checks, and any single flipped bit in a base64 blob fails
// (Parse or the check).
func TestSamplesInside(t *testing.T) {
	for _, name := range samples {
		raw := readSample(t, name)
		p, err := Parse(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := checkInside(p); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		blobs := map[string][]byte{"header": p.Header.RLP, "transaction": p.Tx.Transaction}
		for i := range p.Tx.TxPath {
			blobs[fmt.Sprintf("transaction path node %d", i)] = p.Tx.TxPath[i]
		}
		for i := range p.Tx.ReceiptPath {
			blobs[fmt.Sprintf("receipt path node %d", i)] = p.Tx.ReceiptPath[i]
		}
		for i := range p.Tx.ReceiptSiblings {
			blobs[fmt.Sprintf("receipt sibling %d", i)] = p.Tx.ReceiptSiblings[i][:]
		}
		for part, b := range blobs {
			for i := range b {
				for bit := range 8 {
					b[i] ^= 1 << bit
					if err := checkInside(p); !errors.Is(err, ErrInvalid) {
						t.Fatalf("%s: %s byte %d bit %d flipped: got %v, want ErrInvalid", name, part, i, bit, err)
					}
					b[i] ^= 1 << bit
				}
			}
		}
		if err := checkInside(p); err != nil {
			t.Fatalf("%s after flipping back: %v", name, err)
		}
	}
}

// FuzzCheckInside feeds mutated proofs to the offline checks: they must
// neither panic nor accept a proof whose header does not hash to its block.
func FuzzCheckInside(f *testing.F) {
	for _, name := range samples {
		f.Add(readSample(f, name))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := Parse(raw)
		if err != nil {
			return
		}
		_ = checkInside(p)
	})
}

// BenchmarkCheckInside measures the offline part of checking a record
// proof: rebuilding the call, log, receipt, leaves and header, a signature
// recovery and the hashes (the rest of Check is four RPC calls).
func BenchmarkCheckInside(b *testing.B) {
	raw := readSample(b, "record-proof.json")
	for b.Loop() {
		p, err := Parse(raw)
		if err != nil {
			b.Fatal(err)
		}
		if err := checkInside(p); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSampleHollowed tampers with what version 3 leaves out of a busy
// block's record proof (on-path references, bloom bits): each tampered
// proof fails Parse or the check.
func TestSampleHollowed(t *testing.T) {
	raw := readSample(t, "busy-record-proof.json")
	p, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Tx.TxPath) < 2 || len(p.Header.BloomBits) == 0 {
		t.Fatalf("sample has a path of %d nodes and %d bloom bits, want branch nodes and bits (test premise)", len(p.Tx.TxPath), len(p.Header.BloomBits))
	}
	key := rlpKey(p.Tx.Index)
	slots, _, err := pathSlots(p.Tx.TxPath, key)
	if err != nil {
		t.Fatal(err)
	}
	// carried returns path with node i's on-path reference set to ref.
	carried := func(path [][]byte, i int, ref []byte) [][]byte {
		items, err := rlpItems(path[i])
		if err != nil {
			t.Fatal(err)
		}
		items[slots[i]] = mustRLP(ref)
		out := append([][]byte{}, path...)
		out[i] = mustRLP(items)
		return out
	}
	txFull, err := pathFill(p.Tx.TxPath, key, mustTx(t, p))
	if err != nil {
		t.Fatal(err)
	}
	bitsJSON, _ := json.Marshal(p.Header.BloomBits)
	// The receipt path carried whole (as when its shape differs from the
	// transaction path's) checks too.
	rcPath, err := sameShape(p.Tx.TxPath, slots, p.Tx.ReceiptSiblings)
	if err != nil || len(p.Tx.ReceiptPath) != 0 {
		t.Fatalf("receipt path from the transaction path's shape: %v (carried: %d nodes)", err, len(p.Tx.ReceiptPath))
	}
	whole := *p
	wholeTx := *p.Tx
	whole.Tx, wholeTx.ReceiptPath, wholeTx.ReceiptSiblings = &wholeTx, rcPath, nil
	if err := checkInside(&whole); err != nil {
		t.Fatalf("receipt path carried whole: %v", err)
	}
	for _, tc := range []struct {
		name   string
		tamper func(p *Proof)
		json   func(raw []byte) []byte // or tamper the file
	}{
		{name: "on-path hash carried (the right one)", tamper: func(p *Proof) {
			p.Tx.TxPath = carried(p.Tx.TxPath, 0, crypto.Keccak256(txFull[1]))
		}},
		{name: "on-path hash carried (a wrong one)", tamper: func(p *Proof) {
			p.Tx.TxPath = carried(p.Tx.TxPath, 0, crypto.Keccak256([]byte("another node")))
		}},
		{name: "receipt path carried whole, with an on-path hash", tamper: func(p *Proof) {
			p.Tx.ReceiptPath, p.Tx.ReceiptSiblings = carried(rcPath, 0, crypto.Keccak256([]byte("another node"))), nil
		}},
		{name: "receipt path carried whole and its siblings", tamper: func(p *Proof) {
			p.Tx.ReceiptPath = rcPath
		}},
		{name: "receipt siblings for another shape", tamper: func(p *Proof) {
			p.Tx.ReceiptSiblings = append(p.Tx.ReceiptSiblings, p.Tx.ReceiptSiblings[0])
		}},
		{name: "node below changed (a wrong hash filled in)", tamper: func(p *Proof) {
			items, err := rlpItems(p.Tx.TxPath[1])
			if err != nil {
				t.Fatal(err)
			}
			for j, it := range items {
				if j != slots[1] && len(it) == 33 {
					items[j] = mustRLP(crypto.Keccak256([]byte("another child")))
					break
				}
			}
			p.Tx.TxPath[1] = mustRLP(items)
		}},
		{name: "root node repeated", tamper: func(p *Proof) {
			p.Tx.TxPath = append([][]byte{p.Tx.TxPath[0]}, p.Tx.TxPath...)
		}},
		{name: "leaf carried", tamper: func(p *Proof) {
			p.Tx.TxPath = append(p.Tx.TxPath, txFull[len(txFull)-1])
		}},
		{name: "bloom bits: a byte changed", json: func(raw []byte) []byte {
			enc := p.Header.BloomBits.encode()
			enc[0] ^= 1
			b, _ := json.Marshal(enc)
			return bytes.Replace(raw, bitsJSON, b, 1)
		}},
		{name: "bloom bits: an overlong varint", json: func(raw []byte) []byte {
			enc := p.Header.BloomBits.encode()
			over := append(append([]byte{}, enc[:len(enc)-1]...), enc[len(enc)-1]|0x80, 0)
			b, _ := json.Marshal(over)
			return bytes.Replace(raw, bitsJSON, b, 1)
		}},
		{name: "bloom bits: a bit beyond the bloom", json: func(raw []byte) []byte {
			b, _ := json.Marshal(append(p.Header.BloomBits.encode(), 0xff, 0x0f))
			return bytes.Replace(raw, bitsJSON, b, 1)
		}},
		{name: "bloom bits: one the receipt sets itself", tamper: func(p *Proof) {
			l, err := recordLog(p.Record)
			if err != nil {
				t.Fatal(err)
			}
			own := bloomBits(types.CreateBloom(&types.Receipt{Logs: []*types.Log{l}}), types.Bloom{})
			p.Header.BloomBits = append(p.Header.BloomBits, own[0])
			slices.Sort(p.Header.BloomBits)
		}},
		{name: "bloom bits: one dropped", json: func(raw []byte) []byte {
			b, _ := json.Marshal(p.Header.BloomBits[:len(p.Header.BloomBits)-1])
			return bytes.Replace(raw, bitsJSON, b, 1)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := raw
			if tc.json != nil {
				bad = tc.json(raw)
				if bytes.Equal(bad, raw) {
					t.Fatal("the tampering changed nothing (test premise)")
				}
			}
			q, err := Parse(bad)
			if err != nil {
				t.Log(err)
				return
			}
			if tc.tamper != nil {
				tc.tamper(q)
			}
			err = checkInside(q)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want ErrInvalid", err)
			}
			t.Log(err)
		})
	}
}

// mustTx is p's transaction with its call filled in.
func mustTx(tb testing.TB, p *Proof) []byte {
	tb.Helper()
	if p.Tx.Input == "" {
		return p.Tx.Transaction
	}
	input, err := recordInput(p.Record, p.Tx.Input)
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := txCallFill(p.Tx.Transaction, p.Record.Contract, input)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

func rlpKey(i uint64) []byte { return rlp.AppendUint64(nil, i) }
