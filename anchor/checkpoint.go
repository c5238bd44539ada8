package anchor

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// CheckpointHash is the hash AnchorRegistry chains a member's checkpoints
// with: keccak256(abi.encode(uint64 chainId, address member, uint64 start,
// uint64 end, bytes32 root, bytes32 endBlockHash, bytes32 prevCheckpointHash)).
func CheckpointHash(chainID uint64, member common.Address, start, end uint64, root, endHash, prev common.Hash) common.Hash {
	var buf [7 * 32]byte
	new(big.Int).SetUint64(chainID).FillBytes(buf[0:32])
	copy(buf[32+12:64], member[:])
	new(big.Int).SetUint64(start).FillBytes(buf[64:96])
	new(big.Int).SetUint64(end).FillBytes(buf[96:128])
	copy(buf[128:160], root[:])
	copy(buf[160:192], endHash[:])
	copy(buf[192:224], prev[:])
	return crypto.Keccak256Hash(buf[:])
}

// Build returns the root and end hash of a checkpoint over hashes, the
// block hashes of heights start, start+1, … of chainID.
func Build(chainID, start uint64, hashes []common.Hash) (root, endHash common.Hash, err error) {
	leaves := make([]common.Hash, len(hashes))
	for i, h := range hashes {
		leaves[i] = Leaf(chainID, start+uint64(i), h)
	}
	root, err = Root(leaves)
	if err != nil {
		return common.Hash{}, common.Hash{}, err
	}
	return root, hashes[len(hashes)-1], nil
}
