// Package attack is the attack simulator: it really does to a running dev
// node what an attacker would, so that detection and response can be seen
// and measured. In dev mode the working chain is one in-process geth, so a
// "majority" rewrite reorganizes it onto an alternative history built from
// an earlier block; in consortium mode (its own issue) colluding validators
// do it instead.
package attack

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/emr"
	"github.com/dualchain/dualchain/store"
	"github.com/dualchain/dualchain/vault"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Target is a running dev node.
type Target struct {
	Chain *devchain.Chain // the in-process working chain
	DB    *store.DB
	Keys  *vault.Keyring // node-managed identities: the victims' keys in dev mode
	EMR   *emr.Service
	// Anchoring, if set, allows the false-checkpoint attack.
	Anchoring *Anchoring
	// Blocks, if set, allows the IPFS tampering attack: this node's IPFS
	// block store.
	Blocks BlockTamperer

	haltMu sync.Mutex  // protects resume
	resume *time.Timer // ends a timed Halt
}

// Rewrite describes a rewrite of recent history.
type Rewrite struct {
	// Depth is how many blocks below the head are replaced (at least 1).
	Depth uint64 `json:"depth"`
	// Record, if set, is a record version whose transaction is deleted or
	// altered; the rewrite then starts at or below its block.
	Record uint64 `json:"record,omitempty"`
	// Mode is "alter" (the record's transaction is replaced by one writing
	// another content hash) or "delete" (by a plain transfer); default alter.
	Mode string `json:"mode,omitempty"`
}

// Result says what an attack did.
type Result struct {
	Kind       string         `json:"kind"`
	ForkNumber uint64         `json:"forkNumber"`
	OldHead    common.Hash    `json:"oldHead"`
	NewHead    common.Hash    `json:"newHead"`
	Replaced   uint64         `json:"replaced"`
	Record     uint64         `json:"record,omitempty"`
	Original   common.Hash    `json:"originalTx,omitempty"`
	Substitute common.Hash    `json:"substituteTx,omitempty"`
	Tx         common.Hash    `json:"tx,omitempty"`     // false-checkpoint: the lying member's transaction
	Member     common.Address `json:"member,omitempty"` // false-checkpoint: the lying member
	Start      uint64         `json:"start,omitempty"`
	End        uint64         `json:"end,omitempty"`
	// Until is when a timed halt ends by itself.
	Until *time.Time `json:"until,omitempty"`
	// CIDs are the IPFS blocks a tamper-ipfs attack corrupted.
	CIDs []string  `json:"cids,omitempty"`
	At   time.Time `json:"at"`
}

// ErrBadAttack means the attack cannot be done as asked.
var ErrBadAttack = errors.New("attack: not possible")

// Rewrite reorganizes the working chain onto an alternative history from
// Depth blocks below the head (or from the record's block).
func (t *Target) Rewrite(ctx context.Context, r Rewrite) (*Result, error) {
	client := t.Chain.Client()
	head, err := client.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	n := head.Number.Uint64()
	from := n + 1 - max(r.Depth, 1) // first replaced height
	var txs []*types.Transaction
	res := &Result{Kind: "rewrite", OldHead: head.Hash()}
	if r.Record != 0 {
		rec, err := t.EMR.Record(ctx, r.Record)
		if err != nil {
			return nil, fmt.Errorf("%w: record %d: %v", ErrBadAttack, r.Record, err)
		}
		sub, err := t.substitute(ctx, rec, r.Mode)
		if err != nil {
			return nil, err
		}
		txs = append(txs, sub)
		from = min(from, rec.Block)
		res.Record, res.Original, res.Substitute = r.Record, rec.TxHash, sub.Hash()
	}
	if from == 0 || from > n {
		return nil, fmt.Errorf("%w: cannot rewrite from block %d of a chain at %d", ErrBadAttack, from, n)
	}
	parent, err := client.HeaderByNumber(ctx, new(big.Int).SetUint64(from-1))
	if err != nil {
		return nil, err
	}
	newHead, err := t.Chain.Rewrite(parent.Hash(), txs)
	if err != nil {
		return nil, err
	}
	res.ForkNumber, res.NewHead, res.Replaced, res.At = from-1, newHead, n-from+1, time.Now()
	return res, nil
}

// substitute builds the transaction that displaces rec's: same sender,
// same nonce, higher fees. A real majority just leaves the original out;
// the dev pool would put it back, so the simulator takes its nonce.
func (t *Target) substitute(ctx context.Context, rec *emr.Record, mode string) (*types.Transaction, error) {
	client := t.Chain.Client()
	orig, _, err := client.TransactionByHash(ctx, rec.TxHash)
	if err != nil {
		return nil, fmt.Errorf("%w: transaction of record %d: %v", ErrBadAttack, rec.ID, err)
	}
	signer := types.LatestSignerForChainID(orig.ChainId())
	from, err := types.Sender(signer, orig)
	if err != nil {
		return nil, err
	}
	key, err := t.Keys.Key(from)
	if err != nil {
		return nil, fmt.Errorf("%w: the record's author %s is not an identity this node holds: %v", ErrBadAttack, from, err)
	}
	to, data := orig.To(), orig.Data()
	switch mode {
	case "", "alter":
		data, err = alterContentHash(data)
		if err != nil {
			return nil, err
		}
	case "delete":
		to, data = &from, nil
	default:
		return nil, fmt.Errorf("%w: mode %q (want alter or delete)", ErrBadAttack, mode)
	}
	bump := func(v *big.Int) *big.Int {
		return new(big.Int).Add(new(big.Int).Mul(v, big.NewInt(2)), big.NewInt(1e9))
	}
	return types.SignNewTx(key, signer, &types.DynamicFeeTx{
		ChainID: orig.ChainId(), Nonce: orig.Nonce(), GasTipCap: bump(orig.GasTipCap()), GasFeeCap: bump(orig.GasFeeCap()),
		Gas: orig.Gas() + 21000, To: to, Data: data,
	})
}

// alterContentHash rewrites the contentHash argument of an addRecord or
// amendRecord call: the record's pointer stays, the hash it must match
// changes, so the content no longer verifies.
func alterContentHash(data []byte) ([]byte, error) {
	a := bindings.NewEMR().GetABI()
	if len(data) < 4 {
		return nil, fmt.Errorf("%w: not a contract call", ErrBadAttack)
	}
	m, err := a.MethodById(data[:4])
	if err != nil || (m.Name != "addRecord" && m.Name != "amendRecord") {
		return nil, fmt.Errorf("%w: the record's transaction is not addRecord or amendRecord", ErrBadAttack)
	}
	args, err := m.Inputs.Unpack(data[4:])
	if err != nil {
		return nil, err
	}
	var h [32]byte
	rand.Read(h[:])
	args[len(args)-1] = h
	packed, err := m.Inputs.Pack(args...)
	if err != nil {
		return nil, err
	}
	return append(common.CopyBytes(data[:4]), packed...), nil
}

// TamperArchive overwrites the hash of archived block number in this
// node's database, as an intruder or a disk fault could.
func (t *Target) TamperArchive(ctx context.Context, number uint64) (*Result, error) {
	var h common.Hash
	rand.Read(h[:])
	res, err := t.DB.SQL().ExecContext(ctx, "UPDATE blocks SET hash = ? WHERE number = ?", h.Bytes(), number)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, fmt.Errorf("%w: block %d is not archived", ErrBadAttack, number)
	}
	return &Result{Kind: "tamper-archive", ForkNumber: number, NewHead: h, At: time.Now()}, nil
}

// Anchoring is what the false-checkpoint attack needs of the verification
// chain: this node's member account, and another account that the node
// votes in as a member and that then anchors a root the working chain never
// had (in dev mode one of the prefunded accounts).
type Anchoring struct {
	Node           *chain.Sender
	Liar           *chain.Sender
	Registry       common.Address
	WorkingChainID uint64
}

// FalseCheckpoint makes Anchoring.Liar a member (this node's vote is a
// majority while it is the only member) and has it anchor the range this
// node anchored last, with a random root.
func (t *Target) FalseCheckpoint(ctx context.Context) (*Result, error) {
	return t.FalseCheckpointBlocks(ctx, 0)
}

// FalseCheckpointBlocks is FalseCheckpoint anchoring at most blocks
// heights (0: all this node anchored beyond the liar's last checkpoint). A
// liar anchoring short ranges can lie many times over one range this node
// anchored, without waiting for the node's next checkpoint each time (the
// attack bench repeats the attack so).
func (t *Target) FalseCheckpointBlocks(ctx context.Context, blocks uint64) (*Result, error) {
	a := t.Anchoring
	if a == nil {
		return nil, fmt.Errorf("%w: this node has no embedded verification chain to lie on", ErrBadAttack)
	}
	reg := bindings.NewAnchorRegistry()
	wid, liar := a.WorkingChainID, a.Liar.From()
	member, err := chain.Call(ctx, a.Node, a.Registry, reg.PackIsMember(wid, liar), reg.UnpackIsMember)
	if err != nil {
		return nil, err
	}
	if !member {
		if _, err := a.Node.Transact(ctx, a.Registry, reg.PackVoteMember(wid, liar, true)); err != nil {
			return nil, fmt.Errorf("attack: vote %s in: %w", liar, err)
		}
		if member, err = chain.Call(ctx, a.Node, a.Registry, reg.PackIsMember(wid, liar), reg.UnpackIsMember); err != nil {
			return nil, err
		}
		if !member {
			return nil, fmt.Errorf("%w: this node's vote is not a majority of the registry's members", ErrBadAttack)
		}
	}
	st, err := chain.Call(ctx, a.Node, a.Registry, reg.PackMemberState(wid, liar), reg.UnpackMemberState)
	if err != nil {
		return nil, err
	}
	info, err := chain.Call(ctx, a.Node, a.Registry, reg.PackChainInfo(wid), reg.UnpackChainInfo)
	if err != nil {
		return nil, err
	}
	start := info.StartHeight
	if st.Count > 0 {
		start = st.LastEnd + 1
	}
	heights, err := t.DB.MirrorMemberHeights(ctx, wid)
	if err != nil {
		return nil, err
	}
	end, ok := heights[a.Node.From()]
	if !ok || end < start {
		return nil, fmt.Errorf("%w: this node has anchored nothing beyond height %d yet; wait for its next checkpoint", ErrBadAttack, start)
	}
	if blocks > 0 {
		end = min(end, start+blocks-1)
	}
	prev, err := chain.Call(ctx, a.Node, a.Registry, reg.PackLastCheckpointHash(wid, liar), reg.UnpackLastCheckpointHash)
	if err != nil {
		return nil, err
	}
	var root, endHash [32]byte
	rand.Read(root[:])
	rand.Read(endHash[:])
	r, err := a.Liar.Transact(ctx, a.Registry, reg.PackSubmitCheckpoint(wid, start, end, root, endHash, prev))
	if err != nil {
		return nil, fmt.Errorf("attack: false checkpoint: %w", err)
	}
	return &Result{Kind: "false-checkpoint", Member: liar, Start: start, End: end, Tx: r.TxHash, At: time.Now()}, nil
}
