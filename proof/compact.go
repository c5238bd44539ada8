package proof

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sync"

	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
)

// A version 3 proof carries each byte of the working block's data once.
// Whatever the checker can compute from what it already has is left out of
// the RLP the proof carries ("hollowed": the RLP item is replaced by the
// empty string 0x80) and put back before hashing. Nothing is trusted
// because it was left out: the rebuilt header must still hash to the
// anchored block hash, so a proof whose rebuilt parts differ from the real
// block fails exactly as a tampered proof of an earlier version did.

// emptyItem is the RLP empty string, which stands for a hollowed item.
var emptyItem = rlp.RawValue{0x80}

// rlpItems splits an RLP list into its raw items.
func rlpItems(b []byte) ([]rlp.RawValue, error) {
	content, rest, err := rlp.SplitList(b)
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		return nil, errors.New("trailing bytes after the list")
	}
	var items []rlp.RawValue
	for len(content) > 0 {
		_, _, r, err := rlp.Split(content)
		if err != nil {
			return nil, err
		}
		items = append(items, rlp.RawValue(content[:len(content)-len(r)]))
		content = r
	}
	return items, nil
}

// hollow returns list b with the items at idx replaced by the empty string.
func hollow(b []byte, idx ...int) ([]byte, error) {
	items, err := rlpItems(b)
	if err != nil {
		return nil, err
	}
	for _, i := range idx {
		if i >= len(items) {
			return nil, fmt.Errorf("list of %d items has no item %d", len(items), i)
		}
		items[i] = emptyItem
	}
	return rlp.EncodeToBytes(items)
}

// fill is the inverse of hollow: it returns list b with the items at idx,
// which must be hollow, replaced by vals (each RLP-encoded).
func fill(b []byte, idx []int, vals []rlp.RawValue) ([]byte, error) {
	items, err := rlpItems(b)
	if err != nil {
		return nil, err
	}
	for k, i := range idx {
		if i >= len(items) {
			return nil, fmt.Errorf("list of %d items has no item %d", len(items), i)
		}
		if !bytes.Equal(items[i], emptyItem) {
			return nil, fmt.Errorf("item %d is carried, but the checker rebuilds it", i)
		}
		items[i] = vals[k]
	}
	return rlp.EncodeToBytes(items)
}

func mustRLP(v any) rlp.RawValue {
	b, err := rlp.EncodeToBytes(v)
	if err != nil {
		panic(err) // only called with values that always encode
	}
	return b
}

// Header items the checker rebuilds: transactionsRoot and receiptsRoot (the
// hashes of the paths' root nodes), logsBloom (from the receipt and the
// carried bits) and number (working.number).
var headerHollow = []int{4, 5, 6, 8}

// headerConstants are header items whose usual value is a well-known
// constant (no uncles, no withdrawals, no execution requests, as on a
// post-merge dev or consortium chain). The builder hollows such an item
// when it holds the constant; the checker puts the constant back into any
// of these items that is hollow (a real hash is never the empty string).
var headerConstants = map[int]common.Hash{
	1:  types.EmptyUncleHash,
	16: types.EmptyWithdrawalsHash,
	20: types.EmptyRequestsHash,
}

// headerGasUsed is the position of gasUsed in a header. The builder
// hollows it when it equals the receipt's cumulativeGasUsed (the
// transaction is the block's last, as a transaction alone in its block
// is); the checker puts the receipt's back when it is hollow (a block
// that holds a transaction used gas, so its gasUsed is never the empty
// string), and refuses it carried when it is the receipt's.
const headerGasUsed = 10

// hollowHeader is a header's RLP as a proof carries it, for a receipt whose
// cumulativeGasUsed is cumGas.
func hollowHeader(raw []byte, cumGas uint64) ([]byte, error) {
	items, err := rlpItems(raw)
	if err != nil {
		return nil, err
	}
	if len(items) <= headerGasUsed {
		return nil, fmt.Errorf("header of %d items", len(items))
	}
	for _, i := range headerHollow {
		items[i] = emptyItem
	}
	for i, c := range headerConstants {
		if i < len(items) && bytes.Equal(items[i], mustRLP(c)) {
			items[i] = emptyItem
		}
	}
	if bytes.Equal(items[headerGasUsed], mustRLP(cumGas)) {
		items[headerGasUsed] = emptyItem
	}
	return rlp.EncodeToBytes(items)
}

// fillHeader is the inverse of hollowHeader, given the rebuilt items.
func fillHeader(carried []byte, txRoot, receiptRoot common.Hash, bloom types.Bloom, number, cumGas uint64) ([]byte, error) {
	raw, err := fill(carried, headerHollow, []rlp.RawValue{mustRLP(txRoot), mustRLP(receiptRoot), mustRLP(bloom), mustRLP(number)})
	if err != nil {
		return nil, err
	}
	items, err := rlpItems(raw)
	if err != nil {
		return nil, err
	}
	for i, c := range headerConstants {
		if i < len(items) && bytes.Equal(items[i], emptyItem) {
			items[i] = mustRLP(c)
		}
	}
	if len(items) > headerGasUsed {
		switch {
		case bytes.Equal(items[headerGasUsed], mustRLP(cumGas)):
			return nil, errors.New("gasUsed is carried, but it is the receipt's cumulativeGasUsed, which the checker puts back")
		case bytes.Equal(items[headerGasUsed], emptyItem):
			items[headerGasUsed] = mustRLP(cumGas)
		}
	}
	return rlp.EncodeToBytes(items)
}

// txCallItems are the positions of the recipient (to) and data (input)
// fields in the RLP list of each transaction type, or nil for types this
// package does not hollow.
func txCallItems(typ byte) []int {
	switch typ {
	case types.LegacyTxType:
		return []int{3, 5}
	case types.AccessListTxType:
		return []int{4, 6}
	case types.DynamicFeeTxType, types.BlobTxType, types.SetCodeTxType:
		return []int{5, 7}
	}
	return nil
}

// splitTyped splits a transaction's binary encoding into its type prefix
// (none for legacy transactions) and its RLP list.
func splitTyped(b []byte) (prefix, list []byte) {
	if len(b) > 0 && b[0] < 0x80 {
		return b[:1], b[1:]
	}
	return nil, b
}

// txCallHollow returns tx's binary encoding with its recipient and input
// left out.
func txCallHollow(tx *types.Transaction) ([]byte, error) {
	bin, err := tx.MarshalBinary()
	if err != nil {
		return nil, err
	}
	idx := txCallItems(tx.Type())
	if idx == nil {
		return nil, fmt.Errorf("transaction type %d", tx.Type())
	}
	prefix, list := splitTyped(bin)
	h, err := hollow(list, idx...)
	return append(append([]byte{}, prefix...), h...), err
}

// txCallFill puts the recipient and input back into a transaction encoded
// by txCallHollow.
func txCallFill(b []byte, to common.Address, input []byte) ([]byte, error) {
	prefix, list := splitTyped(b)
	typ := byte(types.LegacyTxType)
	if len(prefix) == 1 {
		typ = prefix[0]
	}
	idx := txCallItems(typ)
	if idx == nil {
		return nil, fmt.Errorf("transaction type %d", typ)
	}
	f, err := fill(list, idx, []rlp.RawValue{mustRLP(to), mustRLP(input)})
	return append(append([]byte{}, prefix...), f...), err
}

// The inputs a record proof can leave out of its transaction: the EMR
// calls whose arguments are all in the record event.
const (
	inputAddRecord   = "addRecord"
	inputAmendRecord = "amendRecord"
)

// recordInput is the calldata of the EMR call named by input that wrote r.
func recordInput(r *RecordEvent, input string) ([]byte, error) {
	emr := emrBinding()
	switch input {
	case inputAddRecord:
		return emr.PackAddRecord(r.Patient, r.ResourceType, r.CID, r.ContentHash), nil
	case inputAmendRecord:
		return emr.PackAmendRecord(r.PrevID, r.CID, r.ContentHash), nil
	}
	return nil, fmt.Errorf("unknown input %q (want %q or %q)", input, inputAddRecord, inputAmendRecord)
}

// The EMR binding and ABI, parsed once: parsing the JSON ABI costs more than
// everything else checkInside does.
var (
	emrABI     = sync.OnceValues(bindings.EMRMetaData.ParseABI)
	emrBinding = sync.OnceValue(bindings.NewEMR)
)

// recordLog is the EMR's RecordAdded log for r: the record fields are
// carried once, readable, and the log (topics and ABI data) is rebuilt from
// them.
func recordLog(r *RecordEvent) (*types.Log, error) {
	parsed, err := emrABI()
	if err != nil {
		return nil, err
	}
	ev, ok := parsed.Events["RecordAdded"]
	if !ok {
		return nil, errors.New("the EMR ABI has no RecordAdded event")
	}
	data, err := abi.Arguments(ev.Inputs.NonIndexed()).Pack(r.ResourceType, r.PrevID, r.Version, []byte(r.CID), [32]byte(r.ContentHash))
	if err != nil {
		return nil, err
	}
	return &types.Log{
		Address: r.Contract,
		Topics:  []common.Hash{ev.ID, common.BigToHash(new(big.Int).SetUint64(r.ID)), common.BytesToHash(r.Patient.Bytes()), common.BytesToHash(r.Author.Bytes())},
		Data:    data,
	}, nil
}

// BloomBits are positions of bits in a logs bloom, ascending, numbered as
// Ethereum's bloom functions number them (bit i of the 2048-bit big-endian
// number: byte 255-i/8, mask 1<<(i%8)). JSON carries them as base64 of
// their delta encoding: the first position, then each gap less one, as
// unsigned LEB128 varints (one byte for a gap of up to 128, two above), a
// byte or two per bit where a list of numbers takes five.
type BloomBits []uint16

// valid checks that b is ascending and within a bloom.
func (b BloomBits) valid() error {
	for i, v := range b {
		if v >= 8*types.BloomByteLength || i > 0 && v <= b[i-1] {
			return fmt.Errorf("bits must be ascending and below %d", 8*types.BloomByteLength)
		}
	}
	return nil
}

// encode is b's delta encoding; b must be valid.
func (b BloomBits) encode() []byte {
	var out []byte
	for i, v := range b {
		d := uint64(v)
		if i > 0 {
			d = uint64(v - b[i-1] - 1)
		}
		out = binary.AppendUvarint(out, d)
	}
	return out
}

// MarshalJSON encodes b as base64 of its delta encoding.
func (b BloomBits) MarshalJSON() ([]byte, error) {
	if err := b.valid(); err != nil {
		return nil, err
	}
	return json.Marshal(b.encode())
}

// UnmarshalJSON decodes base64 of a delta encoding, which must be the one
// MarshalJSON writes (no overlong varints, positions below 2048).
func (b *BloomBits) UnmarshalJSON(raw []byte) error {
	var in []byte
	if err := json.Unmarshal(raw, &in); err != nil {
		return err
	}
	var out BloomBits
	next := uint64(0)
	for rest := in; len(rest) > 0; {
		d, n := binary.Uvarint(rest)
		if n <= 0 || d >= 8*types.BloomByteLength || next+d >= 8*types.BloomByteLength {
			return errors.New("bloom bits: bad delta encoding or a bit beyond 2047")
		}
		out = append(out, uint16(next+d))
		next += d + 1
		rest = rest[n:]
	}
	if !bytes.Equal(out.encode(), in) {
		return errors.New("bloom bits: not the canonical delta encoding")
	}
	*b = out
	return nil
}

// bloomBits lists the set bits of b that are not set in base.
func bloomBits(b, base types.Bloom) BloomBits {
	var out BloomBits
	for i := range uint16(2048) {
		byt, mask := 255-i/8, byte(1)<<(i%8)
		if b[byt]&mask != 0 && base[byt]&mask == 0 {
			out = append(out, i)
		}
	}
	return out
}

// setBloomBits sets bits (from bloomBits) in b.
func setBloomBits(b *types.Bloom, bits BloomBits) {
	for _, i := range bits {
		b[255-i/8] |= byte(1) << (i % 8)
	}
}

// ZBytes are bytes that JSON carries as base64 of their zero-run encoding:
// each 0x00 byte is followed by the length (1-255) of the run of zeros it
// stands for. Transactions and logs are mostly ABI data, whose words are
// padded with zeros (an address has 12, a small integer 31); the encoding
// removes about a third of them (and the zero nonce and beacon root of a
// dev chain's header), and is a few lines to undo in any language.
type ZBytes []byte

// MarshalJSON encodes z as base64 of its zero-run encoding.
func (z ZBytes) MarshalJSON() ([]byte, error) {
	out := make([]byte, 0, len(z))
	for i := 0; i < len(z); {
		if z[i] != 0 {
			out = append(out, z[i])
			i++
			continue
		}
		n := 0
		for i < len(z) && z[i] == 0 && n < 255 {
			i, n = i+1, n+1
		}
		out = append(out, 0, byte(n))
	}
	return json.Marshal(out)
}

// UnmarshalJSON decodes base64 of a zero-run encoding.
func (z *ZBytes) UnmarshalJSON(raw []byte) error {
	var in []byte
	if err := json.Unmarshal(raw, &in); err != nil {
		return err
	}
	out := make([]byte, 0, 2*len(in))
	for i := 0; i < len(in); i++ {
		if in[i] != 0 {
			out = append(out, in[i])
			continue
		}
		if i+1 == len(in) || in[i+1] == 0 {
			return errors.New("zero-run encoding: a zero byte must be followed by its run length (1-255)")
		}
		out = append(out, make([]byte, in[i+1])...)
		i++
	}
	*z = out
	return nil
}
