package anchor

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

func TestMerkleProofsRoundTrip(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 128, 129} {
		leaves := make([]common.Hash, n)
		for i := range leaves {
			leaves[i] = Leaf(1337, uint64(i+1), common.BigToHash(big.NewInt(int64(i*7+1))))
		}
		root, err := Root(leaves)
		if err != nil {
			t.Fatal(err)
		}
		for i := range leaves {
			proof, err := Proof(leaves, i)
			if err != nil {
				t.Fatal(err)
			}
			if !Verify(root, leaves[i], uint64(i), uint64(n), proof) {
				t.Fatalf("n=%d i=%d: valid proof rejected", n, i)
			}
			// A proof for one leaf does not prove another.
			other := Leaf(1337, 999999, common.Hash{})
			if Verify(root, other, uint64(i), uint64(n), proof) {
				t.Fatalf("n=%d i=%d: forged leaf accepted", n, i)
			}
			if n > 1 && Verify(root, leaves[i], uint64((i+1)%n), uint64(n), proof) && leaves[i] != leaves[(i+1)%n] {
				t.Fatalf("n=%d i=%d: proof accepted at the wrong index", n, i)
			}
		}
	}
}

func TestLeafBindsChainAndHeight(t *testing.T) {
	h := common.HexToHash("0xabc")
	if Leaf(1, 5, h) == Leaf(2, 5, h) || Leaf(1, 5, h) == Leaf(1, 6, h) {
		t.Fatal("leaf does not depend on chain id and height")
	}
}
