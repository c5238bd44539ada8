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
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// Version is the proof format version this package writes and reads.
// Version 3 (this one) carries each byte of the working block's data once,
// blobs in base64, and leaves out everything the checker derives: besides
// what version 2 left out, the checkpoint fields the registry event
// carries, the trie paths' leaves and on-path child hashes, the receipt
// path's shape (the transaction path's) and the header's gasUsed of a
// block's last transaction; bloom bits are delta varints, Merkle siblings
// one string (docs/anchoring.md). Versions 1 and 2 are no longer read.
const Version = 3

// Proof shows that a working-chain block is anchored (kind "block"), and
// optionally that a transaction is in that block ("tx") or that a record
// version was written by a transaction in it ("record"). The links, from the
// inside out: record event → receipt → block header → Merkle path →
// checkpoint → verification-chain transaction. docs/anchoring.md describes
// each field and its byte budget.
//
// Identifying values (hashes, addresses, ids) are hex or numbers, so a
// human can read what the proof is about; opaque blobs (RLP, trie nodes,
// Merkle siblings) are base64, a third shorter than hex.
type Proof struct {
	Version int    `json:"version"`
	Kind    string `json:"kind"` // "block", "tx" or "record"
	// Record is the record version (record proofs).
	Record  *RecordEvent `json:"record,omitempty"`
	Working struct {
		ChainID uint64      `json:"chainId"`
		Number  uint64      `json:"number"`
		Hash    common.Hash `json:"hash"`
	} `json:"working"`
	// Tx is the transaction and its receipt with their trie paths (tx and
	// record proofs).
	Tx *TxInclusion `json:"tx,omitempty"`
	// Header is the working block's header, less what the checker
	// rebuilds (tx and record proofs).
	Header *Header `json:"header,omitempty"`
	// Merkle is the path from the block's leaf to the checkpoint root; the
	// leaf index is Number-Start among End-Start+1 leaves.
	Merkle struct {
		Start    uint64   `json:"start"`
		End      uint64   `json:"end"`
		Siblings Siblings `json:"siblings"`
	} `json:"merkle"`
	// Checkpoint names the anchored checkpoint; with Merkle.Start and
	// Merkle.End it must match the registry event. The rest of the
	// checkpoint (root, end block hash, previous checkpoint hash, hash) is
	// not carried: the event carries it, the Merkle path must lead to its
	// root, and Check reports it (Result.Checkpoint).
	Checkpoint struct {
		Member common.Address `json:"member"`
		Index  uint64         `json:"index"`
	} `json:"checkpoint"`
	// Anchor names the verification-chain transaction that submitted the
	// checkpoint; the checker fetches its receipt (and so its block).
	Anchor struct {
		ChainID  uint64         `json:"chainId"`
		Registry common.Address `json:"registry"`
		TxHash   common.Hash    `json:"tx"`
		LogIndex uint           `json:"logIndex"`
	} `json:"anchor"`
}

// Siblings are the hashes of a Merkle path, in JSON one base64 string of
// the hashes one after the other: they mean nothing to a reader, and
// base64 is a third shorter than hex.
type Siblings []common.Hash

// MarshalJSON encodes s as base64 of its hashes concatenated.
func (s Siblings) MarshalJSON() ([]byte, error) {
	out := make([]byte, 0, len(s)*common.HashLength)
	for i := range s {
		out = append(out, s[i][:]...)
	}
	return json.Marshal(out)
}

// UnmarshalJSON decodes base64 of whole 32-byte hashes.
func (s *Siblings) UnmarshalJSON(raw []byte) error {
	var in []byte
	if err := json.Unmarshal(raw, &in); err != nil {
		return err
	}
	if len(in)%common.HashLength != 0 {
		return fmt.Errorf("siblings: %d bytes, not a whole number of %d-byte hashes", len(in), common.HashLength)
	}
	out := make(Siblings, len(in)/common.HashLength)
	for i := range out {
		out[i] = common.BytesToHash(in[i*common.HashLength : (i+1)*common.HashLength])
	}
	*s = out
	return nil
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
			p.Merkle.Siblings = Siblings{}
		}
		p.Checkpoint.Member, p.Checkpoint.Index = c.Member, c.Index
		if anchor.CheckpointHash(workingChainID, c.Member, c.Start, c.End, c.Root, c.EndHash, c.PrevHash) != c.Hash {
			continue // a mirrored checkpoint whose fields do not hash to its hash proves nothing
		}
		p.Anchor.ChainID, p.Anchor.Registry, p.Anchor.TxHash, p.Anchor.LogIndex = verificationChainID, registry, c.TxHash, c.LogIndex
		return p, nil
	}
	if len(cov) > 0 {
		return nil, fmt.Errorf("%w: %d checkpoints cover block %d but none matches this node's archive", ErrNotAnchored, len(cov), number)
	}
	return nil, fmt.Errorf("%w: no checkpoint covers block %d", ErrNotAnchored, number)
}

// Parse decodes a proof, rejecting unknown fields and versions and proofs
// whose shape is wrong for their kind. It checks nothing against a chain.
func Parse(raw []byte) (*Proof, error) {
	var head struct {
		Version int    `json:"version"`
		Kind    string `json:"kind"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("proof: not a dualchain proof: %w", err)
	}
	if head.Version != Version || (head.Kind != "block" && head.Kind != "tx" && head.Kind != "record") {
		return nil, fmt.Errorf("proof: unsupported version %d kind %q (this dualchain reads version %d, kinds block, tx and record; build a new proof with 'dualchain verify')", head.Version, head.Kind, Version)
	}
	var p Proof
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("proof: not a dualchain proof: %w", err)
	}
	if err := p.checkShape(); err != nil {
		return nil, err
	}
	return &p, nil
}

// checkShape checks what Parse can check without hashing: the parts each
// kind needs, and bounds on every list an attacker could make long.
func (p *Proof) checkShape() error {
	if p.Kind != "block" && (p.Header == nil || len(p.Header.RLP) == 0 || p.Tx == nil) {
		return fmt.Errorf("%w: a %s proof needs the block header and the transaction's inclusion paths", ErrInvalid, p.Kind)
	}
	if p.Kind == "record" && p.Record == nil {
		return fmt.Errorf("%w: a record proof needs the record event", ErrInvalid)
	}
	if p.Kind == "block" && (p.Header != nil || p.Tx != nil || p.Record != nil) {
		return fmt.Errorf("%w: a block proof carries no header, transaction or record", ErrInvalid)
	}
	if p.Kind == "tx" && p.Record != nil {
		return fmt.Errorf("%w: a tx proof carries no record", ErrInvalid)
	}
	if p.Merkle.End < p.Merkle.Start || p.Working.Number < p.Merkle.Start || p.Working.Number > p.Merkle.End {
		return fmt.Errorf("%w: block %d outside range %d-%d", ErrInvalid, p.Working.Number, p.Merkle.Start, p.Merkle.End)
	}
	if len(p.Merkle.Siblings) > 64 {
		return fmt.Errorf("%w: %d Merkle siblings", ErrInvalid, len(p.Merkle.Siblings))
	}
	if p.Kind == "block" {
		return nil
	}
	h, t := p.Header, p.Tx
	if len(h.Bloom) != 0 && (len(h.Bloom) != types.BloomByteLength || len(h.BloomBits) != 0) {
		return fmt.Errorf("%w: header bloom: %d bytes and %d bits (want %d bytes or a list of bits, not both)", ErrInvalid, len(h.Bloom), len(h.BloomBits), types.BloomByteLength)
	}
	if err := h.BloomBits.valid(); err != nil {
		return fmt.Errorf("%w: header bloom bits: %v", ErrInvalid, err)
	}
	if len(t.TxPath) >= maxPath || len(t.ReceiptPath) >= maxPath {
		return fmt.Errorf("%w: trie paths of %d and %d nodes above the leaf (want fewer than %d)", ErrInvalid, len(t.TxPath), len(t.ReceiptPath), maxPath)
	}
	if len(t.ReceiptPath) > 0 && len(t.ReceiptSiblings) > 0 || len(t.ReceiptSiblings) > 16*maxPath {
		return fmt.Errorf("%w: a receipt path and %d receipt siblings (want the path, or siblings for the transaction path's shape)", ErrInvalid, len(t.ReceiptSiblings))
	}
	if len(t.Receipt.Logs) > maxLogs {
		return fmt.Errorf("%w: %d receipt logs", ErrInvalid, len(t.Receipt.Logs))
	}
	for i, l := range t.Receipt.Logs {
		// Exactly the record's log is left out (rebuilt from the record).
		if (len(l) == 0) != (p.Record != nil && i == p.Record.Log) {
			return fmt.Errorf("%w: receipt log %d: only the record's own log (record.log) is left out", ErrInvalid, i)
		}
	}
	if p.Record != nil && (p.Record.Log < 0 || p.Record.Log >= len(t.Receipt.Logs)) {
		return fmt.Errorf("%w: the receipt has no log %d", ErrInvalid, p.Record.Log)
	}
	if t.Input != "" && (p.Kind != "record" || t.Input != inputAddRecord && t.Input != inputAmendRecord) {
		return fmt.Errorf("%w: input %q (a record proof may name %q or %q)", ErrInvalid, t.Input, inputAddRecord, inputAmendRecord)
	}
	return nil
}

// Bounds on a proof's lists: a block's tries are at most a few levels deep,
// and a transaction has far fewer logs than this.
const (
	maxPath = 16
	maxLogs = 1024
)

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
	// AnchorBlock is the verification-chain block holding the anchoring
	// transaction (not carried in the proof: its receipt says where it is).
	AnchorBlock uint64 `json:"anchorBlock"`
	// Checkpoint is the anchored checkpoint as the registry event carries
	// it (the proof carries only its member, index and range).
	Checkpoint Checkpoint `json:"checkpoint"`
}

// Checkpoint is a checkpoint as the registry's CheckpointSubmitted event
// carries it.
type Checkpoint struct {
	Member             common.Address `json:"member"`
	Index              uint64         `json:"index"`
	Start              uint64         `json:"start"`
	End                uint64         `json:"end"`
	Root               common.Hash    `json:"root"`
	EndBlockHash       common.Hash    `json:"endBlockHash"`
	PrevCheckpointHash common.Hash    `json:"prevCheckpointHash"`
	Hash               common.Hash    `json:"hash"`
}

// Check verifies p against the verification chain behind c: for tx and
// record proofs the header, trie paths and event (offline), then the
// registry event in a canonical block, matching the proof's checkpoint
// member, index and range, whose root the Merkle path must lead to and
// whose fields must hash to its checkpoint hash. For tx and record proofs
// it fills p.Tx's derived fields (Hash, From, To).
func Check(ctx context.Context, p *Proof, c Chain) (*Result, error) {
	if err := checkInside(p); err != nil {
		return nil, err
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
	ev := matchingEvent(r, p)
	if ev == nil {
		return nil, fmt.Errorf("%w: no CheckpointSubmitted event of registry %s in transaction %s matches the proof", ErrInvalid, p.Anchor.Registry, p.Anchor.TxHash.TerminalString())
	}
	leaf := anchor.Leaf(p.Working.ChainID, p.Working.Number, p.Working.Hash)
	count := p.Merkle.End - p.Merkle.Start + 1
	if !anchor.Verify(ev.Root, leaf, p.Working.Number-p.Merkle.Start, count, p.Merkle.Siblings) {
		return nil, fmt.Errorf("%w: the Merkle path does not lead from block %d (%s) to the anchored checkpoint root", ErrInvalid, p.Working.Number, p.Working.Hash.TerminalString())
	}
	if ev.CheckpointHash != anchor.CheckpointHash(ev.ChainId, ev.Member, ev.Start, ev.End, ev.Root, ev.EndBlockHash, ev.PrevCheckpointHash) {
		return nil, fmt.Errorf("%w: the registry event's checkpoint fields do not hash to its checkpoint hash", ErrInvalid)
	}
	res := &Result{AnchorBlock: r.BlockNumber.Uint64(), Checkpoint: Checkpoint{Member: ev.Member, Index: ev.Index, Start: ev.Start, End: ev.End,
		Root: ev.Root, EndBlockHash: ev.EndBlockHash, PrevCheckpointHash: ev.PrevCheckpointHash, Hash: ev.CheckpointHash}}
	if head, err := c.HeaderByNumber(ctx, nil); err == nil && head.Number.Cmp(r.BlockNumber) >= 0 {
		res.Confirmations = head.Number.Uint64() - r.BlockNumber.Uint64() + 1
	}
	if fin, err := c.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber))); err == nil {
		res.Settled = fin.Number.Cmp(r.BlockNumber) >= 0
	}
	return res, nil
}

// matchingEvent is the registry's CheckpointSubmitted event at the proof's
// log index in r, if it carries the proof's chain, member, index and range,
// else nil. Its root and hash are checked by the caller (the proof does not
// carry them, nor the end block and previous checkpoint hashes).
func matchingEvent(r *types.Receipt, p *Proof) *bindings.AnchorRegistryCheckpointSubmitted {
	reg := bindings.NewAnchorRegistry()
	for _, l := range r.Logs {
		if l.Address != p.Anchor.Registry || l.Index != p.Anchor.LogIndex {
			continue
		}
		ev, err := reg.UnpackCheckpointSubmittedEvent(l)
		if err != nil || ev.ChainId != p.Working.ChainID || ev.Member != p.Checkpoint.Member || ev.Index != p.Checkpoint.Index ||
			ev.Start != p.Merkle.Start || ev.End != p.Merkle.End {
			return nil
		}
		return ev
	}
	return nil
}

// Encode writes p as 'dualchain verify' writes it: compact JSON with each
// top-level section on its own line, so that the file stays within the size
// budget and a reader still finds the record, block, checkpoint and anchor
// at a glance.
func Encode(p *Proof) ([]byte, error) {
	raw, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	// The top level's members one by one, each value as Marshal made it
	// (compact).
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil { // {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for i := 0; dec.More(); i++ {
		key, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, err
		}
		name, err := json.Marshal(key)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			out.WriteByte(',')
		}
		out.WriteString("\n  ")
		out.Write(name)
		out.WriteByte(':')
		out.Write(value)
	}
	out.WriteString("\n}")
	out.WriteByte('\n')
	return out.Bytes(), nil
}
