package proof

import (
	"bytes"
	"errors"
	"fmt"

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
