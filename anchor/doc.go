// Package anchor builds the checkpoints that dualchain nodes write into the
// verification chain: a binary Merkle root over the working chain's block
// hashes for a range of heights, chained per member by the hash of the
// previous checkpoint (DESIGN §4). The tree here and the AnchorRegistry
// contract's verifyLeaf must agree bit for bit; the contract tests check
// proofs built here against the deployed contract.
package anchor
