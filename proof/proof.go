// Package proof builds and checks active-verification proofs: JSON
// documents showing that a working-chain block is part of the history a
// consortium member anchored in the verification chain. A proof carries the
// block, its Merkle path to a checkpoint root, the checkpoint, and the
// verification-chain transaction that recorded it; checking it needs
// nothing but a verification-chain RPC endpoint (standard eth_* calls).
package proof

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/dualchain/dualchain/anchor"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// Version is the proof format version this package writes and reads.
const Version = 1

// Proof shows that a working-chain block is anchored (kind "block"), and
// optionally that a transaction is in that block ("tx") or that a record
// version was written by a transaction in it ("record"). The links, from the
// inside out: record event → receipt → block header → Merkle path →
// checkpoint → verification-chain transaction.
type Proof struct {
	Version int    `json:"version"`
	Kind    string `json:"kind"` // "block", "tx" or "record"
	Working struct {
		ChainID uint64      `json:"chainId"`
		Number  uint64      `json:"number"`
		Hash    common.Hash `json:"hash"`
	} `json:"working"`
	// Header is the RLP of the working block's header (tx and record
	// proofs): it hashes to Working.Hash and holds the transaction and
	// receipt trie roots that Tx's paths lead to.
	Header hexutil.Bytes `json:"header,omitempty"`
	Tx     *TxInclusion  `json:"tx,omitempty"`
	Record *RecordEvent  `json:"record,omitempty"`
	// Merkle is the path from the block's leaf to the checkpoint root; the
	// leaf index is Number-Start among End-Start+1 leaves.
	Merkle struct {
		Start    uint64        `json:"start"`
		End      uint64        `json:"end"`
		Siblings []common.Hash `json:"siblings"`
	} `json:"merkle"`
	Checkpoint struct {
		Member   common.Address `json:"member"`
		Index    uint64         `json:"index"`
		Root     common.Hash    `json:"root"`
		EndHash  common.Hash    `json:"endBlockHash"`
		PrevHash common.Hash    `json:"prevCheckpointHash"`
		Hash     common.Hash    `json:"checkpointHash"`
	} `json:"checkpoint"`
	Anchor struct {
		ChainID     uint64         `json:"chainId"`
		Registry    common.Address `json:"registry"`
		TxHash      common.Hash    `json:"tx"`
		BlockNumber uint64         `json:"blockNumber"`
		BlockHash   common.Hash    `json:"blockHash"`
		LogIndex    uint           `json:"logIndex"`
	} `json:"anchor"`
}

// ErrNotAnchored means no mirrored checkpoint covers the block with a root
// that matches this node's archive.
var ErrNotAnchored = errors.New("proof: block is not anchored yet")

// BuildBlock makes the proof for working-chain block number from the node
// database: the archived hashes of the covering checkpoint's range and the
// mirrored checkpoint event. It uses the first checkpoint (by verification
// block) whose root matches the archive, whoever submitted it.
func BuildBlock(ctx context.Context, db *store.DB, workingChainID, number, verificationChainID uint64, registry common.Address) (*Proof, error) {
	cov, err := db.MirrorCovering(ctx, workingChainID, number)
	if err != nil {
		return nil, err
	}
	for _, c := range cov {
		hashes, err := db.BlockHashes(ctx, c.Start, c.End)
		if err != nil {
			return nil, fmt.Errorf("proof: archive %d-%d: %w", c.Start, c.End, err)
		}
		leaves := make([]common.Hash, len(hashes))
		for i, h := range hashes {
			leaves[i] = anchor.Leaf(workingChainID, c.Start+uint64(i), h)
		}
		root, err := anchor.Root(leaves)
		if err != nil || root != c.Root {
			continue
		}
		path, err := anchor.Proof(leaves, int(number-c.Start))
		if err != nil {
			return nil, err
		}
		p := &Proof{Version: Version, Kind: "block"}
		p.Working.ChainID, p.Working.Number, p.Working.Hash = workingChainID, number, hashes[number-c.Start]
		p.Merkle.Start, p.Merkle.End, p.Merkle.Siblings = c.Start, c.End, path
		if p.Merkle.Siblings == nil {
			p.Merkle.Siblings = []common.Hash{}
		}
		p.Checkpoint.Member, p.Checkpoint.Index, p.Checkpoint.Root = c.Member, c.Index, c.Root
		p.Checkpoint.EndHash, p.Checkpoint.PrevHash, p.Checkpoint.Hash = c.EndHash, c.PrevHash, c.Hash
		p.Anchor.ChainID, p.Anchor.Registry, p.Anchor.TxHash = verificationChainID, registry, c.TxHash
		p.Anchor.BlockNumber, p.Anchor.BlockHash, p.Anchor.LogIndex = c.VBlock, c.VBlockHash, c.LogIndex
		return p, nil
	}
	if len(cov) > 0 {
		return nil, fmt.Errorf("%w: %d checkpoints cover block %d but none matches this node's archive", ErrNotAnchored, len(cov), number)
	}
	return nil, fmt.Errorf("%w: no checkpoint covers block %d", ErrNotAnchored, number)
}

// Parse decodes a proof, rejecting unknown fields and versions.
func Parse(raw []byte) (*Proof, error) {
	var p Proof
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("proof: not a dualchain proof: %w", err)
	}
	if p.Version != Version || (p.Kind != "block" && p.Kind != "tx" && p.Kind != "record") {
		return nil, fmt.Errorf("proof: unsupported version %d kind %q (this dualchain reads version %d, kinds block, tx and record)", p.Version, p.Kind, Version)
	}
	if p.Kind != "block" && (len(p.Header) == 0 || p.Tx == nil) {
		return nil, fmt.Errorf("%w: a %s proof needs the block header and the transaction's inclusion paths", ErrInvalid, p.Kind)
	}
	if p.Kind == "record" && p.Record == nil {
		return nil, fmt.Errorf("%w: a record proof needs the record event", ErrInvalid)
	}
	if p.Kind == "block" && (len(p.Header) > 0 || p.Tx != nil || p.Record != nil) {
		return nil, fmt.Errorf("%w: a block proof carries no header, transaction or record", ErrInvalid)
	}
	if p.Merkle.End < p.Merkle.Start || p.Working.Number < p.Merkle.Start || p.Working.Number > p.Merkle.End {
		return nil, fmt.Errorf("%w: block %d outside range %d-%d", ErrInvalid, p.Working.Number, p.Merkle.Start, p.Merkle.End)
	}
	if len(p.Merkle.Siblings) > 64 {
		return nil, fmt.Errorf("%w: %d Merkle siblings", ErrInvalid, len(p.Merkle.Siblings))
	}
	return &p, nil
}

// ErrInvalid means the proof does not hold.
var ErrInvalid = errors.New("proof: invalid")

// Chain is what checking a proof needs of the verification chain.
type Chain interface {
	ChainID(ctx context.Context) (*big.Int, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*types.Receipt, error)
}

// Result is what a valid proof establishes.
type Result struct {
	// Settled is true when the anchoring block is finalized.
	Settled bool `json:"settled"`
	// Confirmations is the anchoring block's depth below the head.
	Confirmations uint64 `json:"confirmations"`
}

// Check verifies p against the verification chain behind c: for tx and
// record proofs the header, trie paths and event (offline), then the Merkle
// path, the checkpoint hash, and the registry event in a canonical block.
func Check(ctx context.Context, p *Proof, c Chain) (*Result, error) {
	if err := checkInside(p); err != nil {
		return nil, err
	}
	leaf := anchor.Leaf(p.Working.ChainID, p.Working.Number, p.Working.Hash)
	count := p.Merkle.End - p.Merkle.Start + 1
	if !anchor.Verify(p.Checkpoint.Root, leaf, p.Working.Number-p.Merkle.Start, count, p.Merkle.Siblings) {
		return nil, fmt.Errorf("%w: the Merkle path does not lead from block %d (%s) to the checkpoint root", ErrInvalid, p.Working.Number, p.Working.Hash.TerminalString())
	}
	want := anchor.CheckpointHash(p.Working.ChainID, p.Checkpoint.Member, p.Merkle.Start, p.Merkle.End, p.Checkpoint.Root, p.Checkpoint.EndHash, p.Checkpoint.PrevHash)
	if want != p.Checkpoint.Hash {
		return nil, fmt.Errorf("%w: checkpoint fields do not hash to %s", ErrInvalid, p.Checkpoint.Hash.TerminalString())
	}
	id, err := c.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("proof: verification chain: %w", err)
	}
	if id.Uint64() != p.Anchor.ChainID {
		return nil, fmt.Errorf("%w: anchored on chain %d, but the endpoint serves chain %d", ErrInvalid, p.Anchor.ChainID, id)
	}
	r, err := c.TransactionReceipt(ctx, p.Anchor.TxHash)
	if errors.Is(err, ethereum.NotFound) {
		return nil, fmt.Errorf("%w: anchoring transaction %s is not on the verification chain", ErrInvalid, p.Anchor.TxHash.TerminalString())
	}
	if err != nil {
		return nil, fmt.Errorf("proof: receipt: %w", err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return nil, fmt.Errorf("%w: anchoring transaction failed", ErrInvalid)
	}
	h, err := c.HeaderByNumber(ctx, r.BlockNumber)
	if err != nil || h.Hash() != r.BlockHash {
		return nil, fmt.Errorf("%w: anchoring block %d is not canonical", ErrInvalid, r.BlockNumber)
	}
	if !matchesEvent(r, p) {
		return nil, fmt.Errorf("%w: no CheckpointSubmitted event of registry %s in transaction %s matches the proof", ErrInvalid, p.Anchor.Registry, p.Anchor.TxHash.TerminalString())
	}
	res := &Result{}
	if head, err := c.HeaderByNumber(ctx, nil); err == nil && head.Number.Cmp(r.BlockNumber) >= 0 {
		res.Confirmations = head.Number.Uint64() - r.BlockNumber.Uint64() + 1
	}
	if fin, err := c.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber))); err == nil {
		res.Settled = fin.Number.Cmp(r.BlockNumber) >= 0
	}
	return res, nil
}

func matchesEvent(r *types.Receipt, p *Proof) bool {
	reg := bindings.NewAnchorRegistry()
	for _, l := range r.Logs {
		if l.Address != p.Anchor.Registry || l.Index != p.Anchor.LogIndex {
			continue
		}
		ev, err := reg.UnpackCheckpointSubmittedEvent(l)
		if err != nil {
			return false
		}
		return ev.ChainId == p.Working.ChainID && ev.Member == p.Checkpoint.Member && ev.Index == p.Checkpoint.Index &&
			ev.Start == p.Merkle.Start && ev.End == p.Merkle.End && ev.Root == p.Checkpoint.Root &&
			ev.EndBlockHash == p.Checkpoint.EndHash && ev.PrevCheckpointHash == p.Checkpoint.PrevHash && ev.CheckpointHash == p.Checkpoint.Hash
	}
	return false
}
