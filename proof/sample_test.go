package proof

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// samples are real proofs, written by TestRecordProof with -update, whose
// inside (everything but the verification-chain lookups) checks offline.
var samples = []string{"record-proof.json", "tx-proof.json"}

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
		blobs := map[string][]byte{"header": p.Header.RLP, "transaction": p.Tx.Transaction, "transaction leaf": p.Tx.TxPath[len(p.Tx.TxPath)-1], "receipt leaf": p.Tx.ReceiptPath[len(p.Tx.ReceiptPath)-1]}
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
