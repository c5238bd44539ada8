package proof

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/store"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethdb/memorydb"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/ethereum/go-ethereum/triedb"
)

// TxInclusion proves that a transaction and its receipt are in a block: the
// Merkle-Patricia paths from the header's transactionsRoot and receiptsRoot
// to the entries at Index (key rlp(Index), as in Ethereum's block tries).
type TxInclusion struct {
	Hash        common.Hash     `json:"hash"`
	Index       uint64          `json:"index"`
	Tx          hexutil.Bytes   `json:"transaction"`
	TxPath      []hexutil.Bytes `json:"transactionPath"`
	Receipt     hexutil.Bytes   `json:"receipt"`
	ReceiptPath []hexutil.Bytes `json:"receiptPath"`
	Successful  bool            `json:"successful"`
	From        common.Address  `json:"from"`
	To          *common.Address `json:"to,omitempty"`
	ReceiptLogs int             `json:"receiptLogs"`
}

// RecordEvent is the EMR contract's RecordAdded event for one record
// version, as it stands in the receipt's log at Log. ContentHash is
// SHA-256 of the record's stored form (emr.ContentHash), so a record's bytes
// can be checked against the proof.
type RecordEvent struct {
	Contract     common.Address `json:"contract"`
	Log          int            `json:"log"` // position in the receipt's logs
	ID           uint64         `json:"id"`
	Patient      common.Address `json:"patient"`
	Author       common.Address `json:"author"`
	ResourceType uint8          `json:"resourceType"`
	PrevID       uint64         `json:"prevId"`
	Version      uint32         `json:"version"`
	CID          hexutil.Bytes  `json:"cid"`
	ContentHash  common.Hash    `json:"contentHash"`
}

// checkInside checks what a tx or record proof says about the inside of the
// working block, with no network: the header hashes to the anchored block
// hash, the trie paths lead from its roots to the transaction and receipt,
// and the receipt's log is the record event.
func checkInside(p *Proof) error {
	if p.Kind == "block" {
		return nil
	}
	var h types.Header
	if err := rlp.DecodeBytes(p.Header, &h); err != nil {
		return fmt.Errorf("%w: header: %v", ErrInvalid, err)
	}
	if h.Hash() != p.Working.Hash || h.Number == nil || h.Number.Uint64() != p.Working.Number {
		return fmt.Errorf("%w: the header is not block %d (%s)", ErrInvalid, p.Working.Number, p.Working.Hash.TerminalString())
	}
	key := rlp.AppendUint64(nil, p.Tx.Index)
	txRaw, err := verifyPath(h.TxHash, key, p.Tx.TxPath)
	if err != nil || len(txRaw) == 0 {
		return fmt.Errorf("%w: transaction path does not lead from the block's transactionsRoot to the transaction at index %d", ErrInvalid, p.Tx.Index)
	}
	var tx types.Transaction
	if err := tx.UnmarshalBinary(txRaw); err != nil || tx.Hash() != p.Tx.Hash {
		return fmt.Errorf("%w: the transaction at index %d is not %s", ErrInvalid, p.Tx.Index, p.Tx.Hash.TerminalString())
	}
	if from, err := types.Sender(types.LatestSignerForChainID(tx.ChainId()), &tx); err != nil || from != p.Tx.From {
		return fmt.Errorf("%w: the transaction was not sent by %s", ErrInvalid, p.Tx.From)
	}
	if tx.To() == nil && p.Tx.To != nil || tx.To() != nil && (p.Tx.To == nil || *tx.To() != *p.Tx.To) {
		return fmt.Errorf("%w: the transaction's recipient differs from the proof's", ErrInvalid)
	}
	rcRaw, err := verifyPath(h.ReceiptHash, key, p.Tx.ReceiptPath)
	if err != nil || len(rcRaw) == 0 {
		return fmt.Errorf("%w: receipt path does not lead from the block's receiptsRoot to the receipt at index %d", ErrInvalid, p.Tx.Index)
	}
	var rc types.Receipt
	if err := rc.UnmarshalBinary(rcRaw); err != nil {
		return fmt.Errorf("%w: receipt: %v", ErrInvalid, err)
	}
	if (rc.Status == types.ReceiptStatusSuccessful) != p.Tx.Successful || len(rc.Logs) != p.Tx.ReceiptLogs {
		return fmt.Errorf("%w: the receipt (status %d, %d logs) differs from the proof's (successful %v, %d logs)", ErrInvalid, rc.Status, len(rc.Logs), p.Tx.Successful, p.Tx.ReceiptLogs)
	}
	if p.Kind != "record" {
		return nil
	}
	r := p.Record
	if !p.Tx.Successful || r.Log < 0 || r.Log >= len(rc.Logs) || rc.Logs[r.Log].Address != r.Contract {
		return fmt.Errorf("%w: the receipt has no log %d of contract %s", ErrInvalid, r.Log, r.Contract)
	}
	ev, err := bindings.NewEMR().UnpackRecordAddedEvent(rc.Logs[r.Log])
	if err != nil {
		return fmt.Errorf("%w: log %d is not a RecordAdded event: %v", ErrInvalid, r.Log, err)
	}
	if ev.Id != r.ID || ev.Patient != r.Patient || ev.Author != r.Author || ev.ResourceType != r.ResourceType ||
		ev.PrevId != r.PrevID || ev.Version != r.Version || !bytes.Equal(ev.Cid, r.CID) || ev.ContentHash != r.ContentHash {
		return fmt.Errorf("%w: the RecordAdded event differs from the proof's record", ErrInvalid)
	}
	return nil
}

// CheckContent checks a record's stored form against a record proof (its
// SHA-256 is the content hash the chain recorded). Use emr.ContentHash to
// get the stored form's hash from a record as the API serves it.
func (p *Proof) CheckContent(hash common.Hash) error {
	if p.Record == nil {
		return fmt.Errorf("%w: a %s proof says nothing about record content", ErrInvalid, p.Kind)
	}
	if hash != p.Record.ContentHash {
		return fmt.Errorf("%w: the record's content hashes to %s, the chain recorded %s", ErrInvalid, hash.TerminalString(), p.Record.ContentHash.TerminalString())
	}
	return nil
}

// verifyPath checks a Merkle-Patricia path given as its list of nodes.
func verifyPath(root common.Hash, key []byte, nodes []hexutil.Bytes) ([]byte, error) {
	if len(nodes) > 16 {
		return nil, errors.New("path too long")
	}
	db := memorydb.New()
	for _, n := range nodes {
		if err := db.Put(crypto.Keccak256(n), n); err != nil {
			return nil, err
		}
	}
	return trie.VerifyProof(root, key, db)
}

// nodeList collects the nodes trie.Prove writes.
type nodeList []hexutil.Bytes

func (l *nodeList) Put(_ []byte, value []byte) error {
	*l = append(*l, common.CopyBytes(value))
	return nil
}
func (l *nodeList) Delete([]byte) error { return errors.New("not supported") }

// path builds the trie of list (as a block's transactions or receipts trie)
// and returns its root and the path to entry i.
func path(list types.DerivableList, i uint64) (common.Hash, []hexutil.Bytes, error) {
	t := trie.NewEmpty(triedb.NewDatabase(rawdb.NewMemoryDatabase(), nil))
	var buf bytes.Buffer
	for j := range list.Len() {
		buf.Reset()
		list.EncodeIndex(j, &buf)
		if err := t.Update(rlp.AppendUint64(nil, uint64(j)), common.CopyBytes(buf.Bytes())); err != nil {
			return common.Hash{}, nil, err
		}
	}
	var nodes nodeList
	if err := t.Prove(rlp.AppendUint64(nil, i), &nodes); err != nil {
		return common.Hash{}, nil, err
	}
	return t.Hash(), nodes, nil
}

// Working is what building a tx or record proof needs of the working chain:
// the receipts of an archived block (checked against its receiptsRoot) and
// where a transaction was included.
type Working interface {
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*types.Receipt, error)
	BlockReceipts(ctx context.Context, blockNrOrHash rpc.BlockNumberOrHash) ([]*types.Receipt, error)
}

// Builder builds proofs from a node's database (archive and checkpoint
// mirror) and its working-chain endpoint.
type Builder struct {
	DB                  *store.DB
	Working             Working
	WorkingChainID      uint64
	VerificationChainID uint64
	Registry            common.Address
}

// ErrUnknownTx means the working chain does not know the transaction.
var ErrUnknownTx = errors.New("proof: unknown transaction")

// Block builds the proof that working block number is anchored.
func (b *Builder) Block(ctx context.Context, number uint64) (*Proof, error) {
	return BuildBlock(ctx, b.DB, b.WorkingChainID, number, b.VerificationChainID, b.Registry)
}

// Tx builds the proof that transaction hash is in an anchored block. The
// block comes from the archive (the history this node anchored), not from
// the endpoint; the endpoint's receipts must match the archived header.
func (b *Builder) Tx(ctx context.Context, hash common.Hash) (*Proof, error) {
	rc, err := b.Working.TransactionReceipt(ctx, hash)
	if errors.Is(err, ethereum.NotFound) {
		return nil, fmt.Errorf("%w %s on the working chain", ErrUnknownTx, hash)
	}
	if err != nil {
		return nil, fmt.Errorf("proof: receipt of %s: %w", hash, err)
	}
	number := rc.BlockNumber.Uint64()
	p, err := b.Block(ctx, number)
	if err != nil {
		return nil, err
	}
	if p.Working.Hash != rc.BlockHash {
		return nil, fmt.Errorf("%w: the working chain puts %s in block %s, the archive holds %s at height %d", ErrNotAnchored, hash.TerminalString(), rc.BlockHash.TerminalString(), p.Working.Hash.TerminalString(), number)
	}
	blk, err := b.DB.Block(ctx, number)
	if err != nil {
		return nil, fmt.Errorf("proof: archived block %d: %w", number, err)
	}
	rcs, err := b.Working.BlockReceipts(ctx, rpc.BlockNumberOrHashWithHash(rc.BlockHash, true))
	if err != nil {
		return nil, fmt.Errorf("proof: receipts of block %d: %w", number, err)
	}
	txs := blk.Transactions()
	i := uint64(rc.TransactionIndex)
	if int(i) >= len(txs) || txs[i].Hash() != hash || len(rcs) != len(txs) {
		return nil, fmt.Errorf("proof: archived block %d does not hold %s at index %d", number, hash.TerminalString(), i)
	}
	txRoot, txPath, err := path(txs, i)
	if err != nil {
		return nil, err
	}
	rcRoot, rcPath, err := path(types.Receipts(rcs), i)
	if err != nil {
		return nil, err
	}
	if txRoot != blk.TxHash() || rcRoot != blk.ReceiptHash() {
		return nil, fmt.Errorf("proof: block %d's tries do not match its header (archive or endpoint inconsistent)", number)
	}
	p.Kind = "tx"
	p.Header, err = rlp.EncodeToBytes(blk.Header())
	if err != nil {
		return nil, err
	}
	from, err := types.Sender(types.LatestSignerForChainID(txs[i].ChainId()), txs[i])
	if err != nil {
		return nil, err
	}
	p.Tx = &TxInclusion{
		Hash: hash, Index: i, TxPath: txPath, ReceiptPath: rcPath,
		Successful: rcs[i].Status == types.ReceiptStatusSuccessful, From: from, To: txs[i].To(), ReceiptLogs: len(rcs[i].Logs),
	}
	return p, nil
}

// ErrNoRecord means the transaction did not write the record.
var ErrNoRecord = errors.New("proof: the transaction wrote no such record")

// Record builds the proof that record version id was written, by
// transaction txHash, into an anchored block of the working chain.
func (b *Builder) Record(ctx context.Context, contract common.Address, id uint64, txHash common.Hash) (*Proof, error) {
	p, err := b.Tx(ctx, txHash)
	if err != nil {
		return nil, err
	}
	var h types.Header
	if err := rlp.DecodeBytes(p.Header, &h); err != nil {
		return nil, err
	}
	rcRaw, err := verifyPath(h.ReceiptHash, rlp.AppendUint64(nil, p.Tx.Index), p.Tx.ReceiptPath)
	if err != nil {
		return nil, err
	}
	var rc types.Receipt
	if err := rc.UnmarshalBinary(rcRaw); err != nil {
		return nil, err
	}
	emr := bindings.NewEMR()
	for i, l := range rc.Logs {
		if l.Address != contract {
			continue
		}
		ev, err := emr.UnpackRecordAddedEvent(l)
		if err != nil || ev.Id != id {
			continue
		}
		p.Kind = "record"
		p.Record = &RecordEvent{Contract: contract, Log: i, ID: id, Patient: ev.Patient, Author: ev.Author, ResourceType: ev.ResourceType,
			PrevID: ev.PrevId, Version: ev.Version, CID: ev.Cid, ContentHash: ev.ContentHash}
		return p, nil
	}
	return nil, fmt.Errorf("%w: %s did not write record %d", ErrNoRecord, txHash.TerminalString(), id)
}
