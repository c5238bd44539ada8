package proof

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
)

// A trie path in a version 3 proof is the list of nodes from the root down
// to the leaf, as trie.Prove gives them, with what the checker computes
// left out: the leaf's value (the transaction or receipt, carried once) and,
// in each node above the leaf, the reference to the next node on the path,
// which is the Keccak-256 hash of that node (nodes of 32 bytes or more are
// referred to by hash; smaller ones are embedded and never listed apart).
// The checker fills the path from the bottom up: the leaf's value, then in
// each node the hash of the filled node below it. The root's hash is left
// out of the header (transactionsRoot, receiptsRoot) the same way.

// keyNibbles is key as the trie walks it, four bits at a time.
func keyNibbles(key []byte) []byte {
	out := make([]byte, 0, 2*len(key))
	for _, b := range key {
		out = append(out, b>>4, b&15)
	}
	return out
}

// pathSlots returns, for each node of a path but the last, the position of
// its item that refers to the next node: in a branch node (17 items) the
// key's nibble at that depth, in an extension node (2 items) its second
// item. It reads only the nodes' shape, so it works on hollowed nodes too.
func pathSlots(nodes [][]byte, key []byte) ([]int, error) {
	nib := keyNibbles(key)
	pos := 0
	slots := make([]int, 0, len(nodes))
	for i := 0; i+1 < len(nodes); i++ {
		items, err := rlpItems(nodes[i])
		if err != nil {
			return nil, fmt.Errorf("node %d: %v", i, err)
		}
		switch len(items) {
		case 17:
			if pos >= len(nib) {
				return nil, fmt.Errorf("node %d: the key ends above the leaf", i)
			}
			slots = append(slots, int(nib[pos]))
			pos++
		case 2:
			var compact []byte
			if err := rlp.DecodeBytes(items[0], &compact); err != nil || len(compact) == 0 {
				return nil, fmt.Errorf("node %d: bad key", i)
			}
			flag := compact[0] >> 4
			if flag > 1 {
				return nil, fmt.Errorf("node %d: a leaf above the end of the path", i)
			}
			part := keyNibbles(compact[1:])
			if flag == 1 {
				part = append([]byte{compact[0] & 15}, part...)
			} else if compact[0]&15 != 0 {
				return nil, fmt.Errorf("node %d: bad key", i)
			}
			if !bytes.HasPrefix(nib[pos:], part) {
				return nil, fmt.Errorf("node %d: the key leaves the path", i)
			}
			pos += len(part)
			slots = append(slots, 1)
		default:
			return nil, fmt.Errorf("node %d: a list of %d items is no trie node", i, len(items))
		}
	}
	return slots, nil
}

// pathHollow is a trie path (from trie.Prove, root first) to key as a
// proof carries it: the leaf's value, which must be value, and the
// reference to each next node, which must be that node's hash, left out.
func pathHollow(nodes [][]byte, key, value []byte) ([][]byte, error) {
	slots, err := pathSlots(nodes, key)
	if err != nil {
		return nil, err
	}
	out, err := leafHollow(nodes, value)
	if err != nil {
		return nil, err
	}
	for i, slot := range slots {
		items, err := rlpItems(out[i])
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(items[slot], mustRLP(crypto.Keccak256(nodes[i+1]))) {
			return nil, fmt.Errorf("node %d does not refer to node %d by its hash", i, i+1)
		}
		if out[i], err = hollow(out[i], slot); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// pathFill is the inverse of pathHollow: it puts value into the leaf and
// then, from the bottom up, the hash of each filled node into the node
// above it. Every reference it fills must be hollow in the proof.
func pathFill(nodes [][]byte, key, value []byte) ([][]byte, error) {
	if len(nodes) == 0 || len(nodes) > maxPath {
		return nil, errors.New("empty or too long path")
	}
	slots, err := pathSlots(nodes, key)
	if err != nil {
		return nil, err
	}
	out, err := leafFill(nodes, value)
	if err != nil {
		return nil, err
	}
	for i := len(slots) - 1; i >= 0; i-- {
		if out[i], err = fill(out[i], []int{slots[i]}, []rlp.RawValue{mustRLP(crypto.Keccak256(out[i+1]))}); err != nil {
			return nil, fmt.Errorf("node %d: %w", i, err)
		}
	}
	return out, nil
}

// The receipts trie of a block has the same keys as its transactions trie
// (rlp(index) for each transaction), so a path to the same index has the
// same shape in both: the same kinds of nodes, extension and leaf keys and
// occupied branch slots. Only the hashes of the off-path children differ
// (and the leaf's value). A proof whose receipt path has the shape of its
// transaction path carries only those hashes (TxInclusion.ReceiptSiblings).

// offPath lists the hashes the nodes of a path (as a proof carries it)
// refer to off the path: each branch node's children but the on-path one
// (slots, from pathSlots), in order. It fails if a child is embedded
// rather than referred to by hash.
func offPath(nodes [][]byte, slots []int) (Siblings, error) {
	var out Siblings
	for i, slot := range slots {
		items, err := rlpItems(nodes[i])
		if err != nil {
			return nil, err
		}
		if len(items) != 17 {
			continue
		}
		for j, it := range items[:16] {
			if j == slot || bytes.Equal(it, emptyItem) {
				continue
			}
			var h []byte
			if err := rlp.DecodeBytes(it, &h); err != nil || len(h) != common.HashLength {
				return nil, fmt.Errorf("node %d: child %d is embedded, not a hash", i, j)
			}
			out = append(out, common.BytesToHash(h))
		}
	}
	return out, nil
}

// sameShape is the path, as a proof carries it, that has the shape of
// path shape (its slots from pathSlots) and the off-path hashes hashes
// (from offPath): the inverse of offPath for the other trie. All of hashes
// must be used.
func sameShape(shape [][]byte, slots []int, hashes Siblings) ([][]byte, error) {
	out := append([][]byte{}, shape...)
	k := 0
	for i, slot := range slots {
		items, err := rlpItems(shape[i])
		if err != nil {
			return nil, err
		}
		if len(items) != 17 {
			continue
		}
		if !bytes.Equal(items[16], emptyItem) {
			return nil, fmt.Errorf("node %d: a branch node with a value", i)
		}
		for j := range 16 {
			if j == slot || bytes.Equal(items[j], emptyItem) {
				continue
			}
			if len(items[j]) != 1+common.HashLength || items[j][0] != 0x80+common.HashLength {
				return nil, fmt.Errorf("node %d: child %d is embedded, not a hash", i, j)
			}
			if k == len(hashes) {
				return nil, errors.New("too few off-path hashes")
			}
			items[j] = mustRLP(hashes[k])
			k++
		}
		if out[i], err = rlp.EncodeToBytes(items); err != nil {
			return nil, err
		}
	}
	if k != len(hashes) {
		return nil, fmt.Errorf("%d off-path hashes, the path has %d", len(hashes), k)
	}
	return out, nil
}
