package proof

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

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
// The transaction and the receipt are carried once; the paths' leaves are
// rebuilt from them.
type TxInclusion struct {
	Index uint64 `json:"index"`
	// Transaction is the transaction's binary (consensus) encoding. In a
	// record proof whose transaction called the EMR with nothing but the
	// record's fields, its recipient and input are left out (Input names
	// the call) and rebuilt: the recipient is record.contract, the input
	// the call with the record's fields.
	Transaction ZBytes `json:"transaction"`
	Input       string `json:"input,omitempty"`
	// TxPath is the transactions-trie path, root first, without its leaf
	// (rebuilt from Index and the transaction) and with each node's
	// reference to the next node (that node's hash) left out (path.go):
	// empty for a block's only transaction.
	TxPath [][]byte `json:"transactionPath"`
	// Receipt is the receipt less what the checker computes (type, bloom).
	Receipt Receipt `json:"receipt"`
	// ReceiptPath is the receipts-trie path, as TxPath. It is left out
	// (nil) when it has the shape of TxPath, as it has in a block whose
	// trie nodes all refer to their children by hash: ReceiptSiblings then
	// carries the hashes of its off-path children, and the checker
	// rebuilds it from TxPath (path.go).
	ReceiptPath     [][]byte `json:"receiptPath,omitempty"`
	ReceiptSiblings Siblings `json:"receiptSiblings,omitempty"`

	// Hash, From and To are derived from the transaction by Check.
	Hash common.Hash     `json:"-"`
	From common.Address  `json:"-"`
	To   *common.Address `json:"-"`
}

// Receipt is a transaction's receipt as a proof carries it: its type is the
// transaction's, and its bloom is a function of its logs (types.CreateBloom),
// so neither is carried.
type Receipt struct {
	Successful        bool   `json:"successful"`
	CumulativeGasUsed uint64 `json:"cumulativeGasUsed"`
	// Logs are the RLP encodings of the receipt's logs; in a record proof
	// the record's own log (RecordEvent.Log) is empty and rebuilt from the
	// record's fields.
	Logs []ZBytes `json:"logs"`
}

// Header is a working block's header as a proof carries it: its RLP with
// transactionsRoot, receiptsRoot, logsBloom and number hollowed (the RLP
// empty string in their place), and so are sha3Uncles, withdrawalsRoot and
// requestsHash when they hold their empty-set constants, and gasUsed when
// it is the receipt's cumulativeGasUsed (the block's last transaction).
// The checker puts back the hashes of the paths' root nodes,
// working.number, the constants, the receipt's cumulativeGasUsed, and the
// bloom: the receipt's own bloom together with BloomBits, or Bloom whole
// when that is shorter (a block with many logs).
type Header struct {
	// RLP is zero-run encoded in JSON: a header's fixed-size fields are
	// often zero (the nonce and, on dev chains, the beacon root).
	RLP ZBytes `json:"rlp"`
	// BloomBits are the set bits of the header's logsBloom that the
	// receipt's bloom does not set.
	BloomBits BloomBits `json:"bloomBits,omitempty"`
	Bloom     []byte    `json:"bloom,omitempty"`
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
// working block, with no network: it rebuilds the transaction (its input
// from the record), the receipt (the record's log from the record, the
// bloom from the logs), the paths' leaves and the header (roots from the
// paths, bloom, number), and requires the paths to be consistent and the
// header to hash to the anchored block hash. It fills p.Tx's derived fields.
func checkInside(p *Proof) error {
	if err := p.checkShape(); err != nil {
		return err
	}
	if p.Kind == "block" {
		return nil
	}
	t := p.Tx
	key := rlp.AppendUint64(nil, t.Index)

	// Transaction.
	txRaw := t.Transaction
	if t.Input != "" {
		input, err := recordInput(p.Record, t.Input)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		if txRaw, err = txCallFill(txRaw, p.Record.Contract, input); err != nil {
			return fmt.Errorf("%w: transaction: %v", ErrInvalid, err)
		}
	}
	var tx types.Transaction
	if err := tx.UnmarshalBinary(txRaw); err != nil {
		return fmt.Errorf("%w: transaction: %v", ErrInvalid, err)
	}
	txNodes, err := pathFill(t.TxPath, key, txRaw)
	if err != nil {
		return fmt.Errorf("%w: transaction path: %v", ErrInvalid, err)
	}
	txRoot := crypto.Keccak256Hash(txNodes[0])
	if v, err := verifyPath(txRoot, key, txNodes); err != nil || !bytes.Equal(v, txRaw) {
		return fmt.Errorf("%w: the transaction path does not lead to the transaction at index %d", ErrInvalid, t.Index)
	}

	// Receipt.
	rc := &types.Receipt{Type: tx.Type(), CumulativeGasUsed: t.Receipt.CumulativeGasUsed, Status: types.ReceiptStatusFailed}
	if t.Receipt.Successful {
		rc.Status = types.ReceiptStatusSuccessful
	}
	for i, raw := range t.Receipt.Logs {
		var l *types.Log
		if p.Record != nil && i == p.Record.Log {
			if l, err = recordLog(p.Record); err != nil {
				return fmt.Errorf("%w: record event: %v", ErrInvalid, err)
			}
		} else {
			l = new(types.Log)
			if err := rlp.DecodeBytes(raw, l); err != nil {
				return fmt.Errorf("%w: receipt log %d: %v", ErrInvalid, i, err)
			}
		}
		rc.Logs = append(rc.Logs, l)
	}
	rc.Bloom = types.CreateBloom(rc)
	rcRaw, err := rc.MarshalBinary()
	if err != nil {
		return fmt.Errorf("%w: receipt: %v", ErrInvalid, err)
	}
	rcPath := t.ReceiptPath
	if len(rcPath) == 0 {
		slots, _, err := pathSlots(t.TxPath, key)
		if err != nil {
			return fmt.Errorf("%w: transaction path: %v", ErrInvalid, err)
		}
		if rcPath, err = sameShape(t.TxPath, slots, t.ReceiptSiblings); err != nil {
			return fmt.Errorf("%w: receipt path (the transaction path's shape): %v", ErrInvalid, err)
		}
	}
	rcNodes, err := pathFill(rcPath, key, rcRaw)
	if err != nil {
		return fmt.Errorf("%w: receipt path: %v", ErrInvalid, err)
	}
	rcRoot := crypto.Keccak256Hash(rcNodes[0])
	if v, err := verifyPath(rcRoot, key, rcNodes); err != nil || !bytes.Equal(v, rcRaw) {
		return fmt.Errorf("%w: the receipt path does not lead to the receipt at index %d", ErrInvalid, t.Index)
	}

	// Header.
	bloom := rc.Bloom
	if len(p.Header.Bloom) > 0 {
		bloom = types.BytesToBloom(p.Header.Bloom)
	}
	for _, b := range p.Header.BloomBits {
		if bloom[255-b/8]&(1<<(b%8)) != 0 {
			return fmt.Errorf("%w: header bloom bit %d is set by the receipt's own logs, so the proof must not carry it", ErrInvalid, b)
		}
	}
	setBloomBits(&bloom, p.Header.BloomBits)
	hraw, err := fillHeader(p.Header.RLP, txRoot, rcRoot, bloom, p.Working.Number, t.Receipt.CumulativeGasUsed)
	if err != nil {
		return fmt.Errorf("%w: header: %v", ErrInvalid, err)
	}
	var h types.Header
	if err := rlp.DecodeBytes(hraw, &h); err != nil {
		return fmt.Errorf("%w: header: %v", ErrInvalid, err)
	}
	if h.Hash() != p.Working.Hash {
		return fmt.Errorf("%w: the header rebuilt from the proof (its transaction, receipt, paths and bloom) does not hash to block %d (%s)", ErrInvalid, p.Working.Number, p.Working.Hash.TerminalString())
	}

	// What the transaction says.
	from, err := types.Sender(types.LatestSignerForChainID(tx.ChainId()), &tx)
	if err != nil {
		return fmt.Errorf("%w: transaction signature: %v", ErrInvalid, err)
	}
	t.Hash, t.From, t.To = tx.Hash(), from, tx.To()
	if p.Kind == "record" && !t.Receipt.Successful {
		return fmt.Errorf("%w: the transaction that wrote the record failed", ErrInvalid)
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
func verifyPath(root common.Hash, key []byte, nodes [][]byte) ([]byte, error) {
	if len(nodes) > maxPath {
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
type nodeList [][]byte

func (l *nodeList) Put(_ []byte, value []byte) error {
	*l = append(*l, common.CopyBytes(value))
	return nil
}
func (l *nodeList) Delete([]byte) error { return errors.New("not supported") }

// path builds the trie of list (as a block's transactions or receipts trie)
// and returns its root and the path to entry i.
func path(list types.DerivableList, i uint64) (common.Hash, [][]byte, error) {
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
	p, _, err := b.tx(ctx, hash)
	return p, err
}

// tx builds a tx proof and returns it with the transaction's receipt.
func (b *Builder) tx(ctx context.Context, hash common.Hash) (*Proof, *types.Receipt, error) {
	rc, err := b.Working.TransactionReceipt(ctx, hash)
	if errors.Is(err, ethereum.NotFound) {
		return nil, nil, fmt.Errorf("%w %s on the working chain", ErrUnknownTx, hash)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("proof: receipt of %s: %w", hash, err)
	}
	number := rc.BlockNumber.Uint64()
	p, err := b.Block(ctx, number)
	if err != nil {
		return nil, nil, err
	}
	if p.Working.Hash != rc.BlockHash {
		return nil, nil, fmt.Errorf("%w: the working chain puts %s in block %s, the archive holds %s at height %d", ErrNotAnchored, hash.TerminalString(), rc.BlockHash.TerminalString(), p.Working.Hash.TerminalString(), number)
	}
	blk, err := b.DB.Block(ctx, number)
	if err != nil {
		return nil, nil, fmt.Errorf("proof: archived block %d: %w", number, err)
	}
	rcs, err := b.Working.BlockReceipts(ctx, rpc.BlockNumberOrHashWithHash(rc.BlockHash, true))
	if err != nil {
		return nil, nil, fmt.Errorf("proof: receipts of block %d: %w", number, err)
	}
	txs := blk.Transactions()
	i := uint64(rc.TransactionIndex)
	if int(i) >= len(txs) || txs[i].Hash() != hash || len(rcs) != len(txs) {
		return nil, nil, fmt.Errorf("proof: archived block %d does not hold %s at index %d", number, hash.TerminalString(), i)
	}
	txRoot, txPath, err := path(txs, i)
	if err != nil {
		return nil, nil, fmt.Errorf("proof: transactions trie of block %d: %w", number, err)
	}
	rcRoot, rcPath, err := path(types.Receipts(rcs), i)
	if err != nil {
		return nil, nil, fmt.Errorf("proof: receipts trie of block %d: %w", number, err)
	}
	if txRoot != blk.TxHash() || rcRoot != blk.ReceiptHash() {
		return nil, nil, fmt.Errorf("proof: block %d's tries do not match its header (archive or endpoint inconsistent)", number)
	}
	r := rcs[i]
	if len(r.PostState) != 0 {
		return nil, nil, fmt.Errorf("proof: block %d has pre-Byzantium receipts (a state root, not a status), which proofs do not carry", number)
	}
	t := &TxInclusion{Index: i, Receipt: Receipt{Successful: r.Status == types.ReceiptStatusSuccessful, CumulativeGasUsed: r.CumulativeGasUsed, Logs: []ZBytes{}}}
	if t.Transaction, err = txs[i].MarshalBinary(); err != nil {
		return nil, nil, fmt.Errorf("proof: transaction %s: %w", hash.TerminalString(), err)
	}
	key := rlp.AppendUint64(nil, i)
	if t.TxPath, err = pathHollow(txPath, key, t.Transaction); err != nil {
		return nil, nil, fmt.Errorf("proof: transaction path: %w", err)
	}
	rcRaw, err := r.MarshalBinary()
	if err != nil {
		return nil, nil, fmt.Errorf("proof: receipt of %s: %w", hash.TerminalString(), err)
	}
	if t.ReceiptPath, err = pathHollow(rcPath, key, rcRaw); err != nil {
		return nil, nil, fmt.Errorf("proof: receipt path: %w", err)
	}
	// The receipt path as its off-path hashes, if it has the transaction
	// path's shape.
	if slots, _, err := pathSlots(t.TxPath, key); err == nil {
		if sib, err := offPath(t.ReceiptPath, slots); err == nil {
			if same, err := sameShape(t.TxPath, slots, sib); err == nil && slices.EqualFunc(same, t.ReceiptPath, bytes.Equal) {
				t.ReceiptPath, t.ReceiptSiblings = nil, sib
			}
		}
	}
	for _, l := range r.Logs {
		raw, err := rlp.EncodeToBytes(l)
		if err != nil {
			return nil, nil, fmt.Errorf("proof: receipt log: %w", err)
		}
		t.Receipt.Logs = append(t.Receipt.Logs, raw)
	}
	hraw, err := rlp.EncodeToBytes(blk.Header())
	if err != nil {
		return nil, nil, fmt.Errorf("proof: header of block %d: %w", number, err)
	}
	h := &Header{}
	if h.RLP, err = hollowHeader(hraw, r.CumulativeGasUsed); err != nil {
		return nil, nil, fmt.Errorf("proof: header of block %d: %w", number, err)
	}
	// The header's bloom as the bits this receipt does not explain, or
	// whole when their encoding would be longer than the bloom's.
	h.BloomBits = bloomBits(blk.Bloom(), types.CreateBloom(r))
	if len(h.BloomBits.encode()) > types.BloomByteLength {
		h.BloomBits, h.Bloom = nil, blk.Bloom().Bytes()
	}
	p.Kind, p.Tx, p.Header = "tx", t, h
	if err := checkInside(p); err != nil {
		return nil, nil, fmt.Errorf("proof: the proof built for %s does not check: %w", hash.TerminalString(), err)
	}
	return p, r, nil
}

// ErrNoRecord means the transaction did not write the record.
var ErrNoRecord = errors.New("proof: the transaction wrote no such record")

// Record builds the proof that record version id was written, by
// transaction txHash, into an anchored block of the working chain.
func (b *Builder) Record(ctx context.Context, contract common.Address, id uint64, txHash common.Hash) (*Proof, error) {
	p, rc, err := b.tx(ctx, txHash)
	if err != nil {
		return nil, err
	}
	emr := emrBinding()
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
		p.Tx.Receipt.Logs[i] = []byte{}
		// The input is left out when it is exactly the EMR call that the
		// record's fields describe.
		var tx types.Transaction
		if err := tx.UnmarshalBinary(p.Tx.Transaction); err != nil {
			return nil, fmt.Errorf("proof: transaction %s: %w", txHash.TerminalString(), err)
		}
		for _, in := range []string{inputAddRecord, inputAmendRecord} {
			if want, err := recordInput(p.Record, in); err == nil && bytes.Equal(want, tx.Data()) {
				if tx.To() == nil || *tx.To() != contract {
					break
				}
				if p.Tx.Transaction, err = txCallHollow(&tx); err != nil {
					return nil, fmt.Errorf("proof: transaction %s: %w", txHash.TerminalString(), err)
				}
				p.Tx.Input = in
				break
			}
		}
		if err := checkInside(p); err != nil {
			return nil, fmt.Errorf("proof: the proof built for record %d does not check: %w", id, err)
		}
		return p, nil
	}
	return nil, fmt.Errorf("%w: %s did not write record %d", ErrNoRecord, txHash.TerminalString(), id)
}
