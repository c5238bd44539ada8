package proof

import (
	"encoding/json"
	"math/rand"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// TestBloomBits round-trips header bloom bits through JSON and logs their
// size against version 2's list of numbers and the whole bloom, for the
// bits of 1 to 100 other RecordAdded logs (each sets up to 15 bits: its
// address and four topics; here random ids, patients and authors).
func TestBloomBits(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	emr := common.Address{1}
	for _, logs := range []int{1, 2, 5, 10, 20, 50, 100} {
		var b types.Bloom
		for range logs {
			b.Add(emr[:])
			for range 4 {
				var topic common.Hash
				r.Read(topic[:])
				b.Add(topic[:])
			}
		}
		bits := bloomBits(b, types.Bloom{})
		raw, err := json.Marshal(bits)
		if err != nil {
			t.Fatal(err)
		}
		var back BloomBits
		if err := json.Unmarshal(raw, &back); err != nil || !slices.Equal(back, bits) {
			t.Fatalf("%d logs: round trip gave %v, %v", logs, back, err)
		}
		list, _ := json.Marshal([]uint16(bits))
		whole, _ := json.Marshal(b.Bytes())
		t.Logf("%3d other logs, %4d bits: %4d bytes (version 2: %4d as numbers; the whole bloom: %d)", logs, len(bits), len(raw), len(list), len(whole))
	}
}
