package anchor

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Leaf is the Merkle leaf of one block:
// keccak256(abi.encode(uint256 chainId, uint256 number, bytes32 blockHash)).
// Binding the chain id and height into the leaf means a proof for one chain
// or height can never be replayed for another.
func Leaf(chainID, number uint64, blockHash common.Hash) common.Hash {
	var buf [96]byte
	new(big.Int).SetUint64(chainID).FillBytes(buf[0:32])
	new(big.Int).SetUint64(number).FillBytes(buf[32:64])
	copy(buf[64:], blockHash[:])
	return crypto.Keccak256Hash(buf[:])
}

func parent(l, r common.Hash) common.Hash {
	return crypto.Keccak256Hash(l[:], r[:])
}

// Root returns the Merkle root of leaves. Levels pair nodes left to right;
// an odd last node is promoted unchanged (not duplicated, so no two leaf
// lists share a root by padding); a single leaf is its own root.
func Root(leaves []common.Hash) (common.Hash, error) {
	if len(leaves) == 0 {
		return common.Hash{}, errors.New("anchor: merkle root of no leaves")
	}
	level := append([]common.Hash(nil), leaves...)
	for len(level) > 1 {
		next := level[:0]
		for i := 0; i < len(level); i += 2 {
			if i+1 == len(level) {
				next = append(next, level[i])
			} else {
				next = append(next, parent(level[i], level[i+1]))
			}
		}
		level = next
	}
	return level[0], nil
}

// Proof returns the sibling path of leaf index in leaves, bottom-up,
// skipping the levels where the node is promoted without a sibling.
func Proof(leaves []common.Hash, index int) ([]common.Hash, error) {
	if index < 0 || index >= len(leaves) {
		return nil, fmt.Errorf("anchor: proof index %d out of range [0,%d)", index, len(leaves))
	}
	var proof []common.Hash
	level := append([]common.Hash(nil), leaves...)
	for len(level) > 1 {
		sib := index ^ 1
		if sib < len(level) {
			proof = append(proof, level[sib])
		}
		next := make([]common.Hash, 0, (len(level)+1)/2)
		for i := 0; i < len(level); i += 2 {
			if i+1 == len(level) {
				next = append(next, level[i])
			} else {
				next = append(next, parent(level[i], level[i+1]))
			}
		}
		level, index = next, index/2
	}
	return proof, nil
}

// Verify reports whether proof shows leaf at index among count leaves under
// root. It is the Go twin of AnchorRegistry.verifyLeaf.
func Verify(root, leaf common.Hash, index, count uint64, proof []common.Hash) bool {
	if count == 0 || index >= count {
		return false
	}
	node, used := leaf, 0
	for count > 1 {
		if index^1 < count {
			if used == len(proof) {
				return false
			}
			if index%2 == 0 {
				node = parent(node, proof[used])
			} else {
				node = parent(proof[used], node)
			}
			used++
		}
		index, count = index/2, (count+1)/2
	}
	return used == len(proof) && node == root
}
