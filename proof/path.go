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
// to the leaf, as trie.Prove gives them, less what the checker computes:
// the leaf itself (its key is what remains of the entry's key below the
// nodes above it, its value the transaction or receipt, carried once), and
// in each node its reference to the next node on the path, which is that
// node's Keccak-256 hash (nodes of 32 bytes or more are referred to by
// hash, smaller ones are embedded and never listed apart; a leaf holding a
// transaction or receipt is never that small). The checker rebuilds the
// path from the bottom up: the leaf, then in each node above it the hash of
// the node below. The root's hash is left out of the header
// (transactionsRoot, receiptsRoot) the same way. The path of a block's only
// transaction is the leaf alone, so it carries no node at all.

// keyNibbles is key as the trie walks it, four bits at a time.
func keyNibbles(key []byte) []byte {
	out := make([]byte, 0, 2*len(key))
	for _, b := range key {
		out = append(out, b>>4, b&15)
	}
	return out
}

// pathSlots walks the nodes above a path's leaf (hollowed or not: it reads
// only their shape) along key. It returns, for each node, the position of
// its item that refers to the next node (in a branch node, 17 items, the
// key's nibble at that depth; in an extension node, 2 items, its second
// item), and the nibbles of key left for the leaf.
func pathSlots(nodes [][]byte, key []byte) (slots []int, rest []byte, err error) {
	nib := keyNibbles(key)
	pos := 0
	slots = make([]int, 0, len(nodes))
	for i, n := range nodes {
		items, err := rlpItems(n)
		if err != nil {
			return nil, nil, fmt.Errorf("node %d: %v", i, err)
		}
		switch len(items) {
		case 17:
			if pos >= len(nib) {
				return nil, nil, fmt.Errorf("node %d: the key ends above the leaf", i)
			}
			slots = append(slots, int(nib[pos]))
			pos++
		case 2:
			var compact []byte
			if err := rlp.DecodeBytes(items[0], &compact); err != nil || len(compact) == 0 {
				return nil, nil, fmt.Errorf("node %d: bad key", i)
			}
			flag := compact[0] >> 4
			if flag > 1 {
				return nil, nil, fmt.Errorf("node %d is a leaf, which the checker rebuilds", i)
			}
			part := keyNibbles(compact[1:])
			if flag == 1 {
				part = append([]byte{compact[0] & 15}, part...)
			} else if compact[0]&15 != 0 {
				return nil, nil, fmt.Errorf("node %d: bad key", i)
			}
			if !bytes.HasPrefix(nib[pos:], part) {
				return nil, nil, fmt.Errorf("node %d: the key leaves the path", i)
			}
			pos += len(part)
			slots = append(slots, 1)
		default:
			return nil, nil, fmt.Errorf("node %d: a list of %d items is no trie node", i, len(items))
		}
	}
	return slots, nib[pos:], nil
}

// leaf is the leaf node holding value under the key nibbles rest: the
// hex-prefix encoding of rest with the leaf flag, and value.
func leaf(rest, value []byte) []byte {
	compact := []byte{0x20}
	if len(rest)%2 == 1 {
		compact[0] |= 0x10 | rest[0]
		rest = rest[1:]
	}
	for i := 0; i < len(rest); i += 2 {
		compact = append(compact, rest[i]<<4|rest[i+1])
	}
	return mustRLP([][]byte{compact, value})
}

// pathHollow is a trie path (from trie.Prove, root first) to key as a
// proof carries it: without its leaf, which must be the leaf of value
// under the rest of key, and with the reference to each next node, which
// must be that node's hash, left out.
func pathHollow(nodes [][]byte, key, value []byte) ([][]byte, error) {
	if len(nodes) == 0 {
		return nil, errors.New("empty path")
	}
	above := nodes[:len(nodes)-1]
	slots, rest, err := pathSlots(above, key)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(nodes[len(nodes)-1], leaf(rest, value)) {
		return nil, errors.New("the path's last node is not the leaf of the value")
	}
	out := make([][]byte, len(above))
	for i, slot := range slots {
		items, err := rlpItems(nodes[i])
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(items[slot], mustRLP(crypto.Keccak256(nodes[i+1]))) {
			return nil, fmt.Errorf("node %d does not refer to node %d by its hash", i, i+1)
		}
		if out[i], err = hollow(nodes[i], slot); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// pathFill is the inverse of pathHollow: it rebuilds the leaf of value and
// then, from the bottom up, puts the hash of each node into the node above
// it. Every reference it fills must be hollow in the proof.
func pathFill(nodes [][]byte, key, value []byte) ([][]byte, error) {
	if len(nodes) >= maxPath {
		return nil, errors.New("path too long")
	}
	slots, rest, err := pathSlots(nodes, key)
	if err != nil {
		return nil, err
	}
	out := append(append([][]byte{}, nodes...), leaf(rest, value))
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
// (and the leaf's value, which is not carried). A proof whose receipt path has the shape of its
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
