package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// CheckpointState is where a checkpoint's submission stands.
type CheckpointState string

// The states, in order. A reorg of the verification chain can move a
// checkpoint from included back to sent; nothing leaves settled.
const (
	StateBuilding CheckpointState = "building" // signed, persisted, maybe not yet sent
	StateSent     CheckpointState = "sent"     // accepted by the verification node
	StateIncluded CheckpointState = "included" // in a verification-chain block
	StateSettled  CheckpointState = "settled"  // in a finalized (or deep enough) block
)

// Checkpoint is one of this node's checkpoints and its submission.
type Checkpoint struct {
	Index         uint64
	ChainID       uint64
	Start, End    uint64
	Root          common.Hash
	EndHash       common.Hash
	PrevHash      common.Hash
	Hash          common.Hash // keccak of the checkpoint as the registry computes it
	State         CheckpointState
	Nonce         uint64
	RawTx         []byte
	TxHashes      []common.Hash
	FeeCap        *big.Int
	SentAt        time.Time
	IncludedTx    common.Hash
	IncludedBlock uint64
	IncludedHash  common.Hash
	GasUsed       uint64
	SettledAt     time.Time
	CreatedAt     time.Time
}

const checkpointCols = `idx, chain_id, start, end, root, end_hash, prev_hash, cp_hash, state, nonce, raw_tx, tx_hashes, fee_cap,
	sent_at, included_tx, included_block, included_hash, gas_used, settled_at, created_at`

// InsertCheckpoint records a new checkpoint (the intent, state building)
// before its transaction is sent.
func (s *DB) InsertCheckpoint(ctx context.Context, c *Checkpoint) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO checkpoints(`+checkpointCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, checkpointArgs(c)...)
	if err != nil {
		return fmt.Errorf("store: insert checkpoint %d: %w", c.Index, err)
	}
	return nil
}

// UpdateCheckpoint writes c's mutable fields back.
func (s *DB) UpdateCheckpoint(ctx context.Context, c *Checkpoint) error {
	args := checkpointArgs(c)
	_, err := s.w.ExecContext(ctx, `UPDATE checkpoints SET state=?, raw_tx=?, tx_hashes=?, fee_cap=?, sent_at=?, included_tx=?,
		included_block=?, included_hash=?, gas_used=?, settled_at=? WHERE idx=?`,
		args[8], args[10], args[11], args[12], args[13], args[14], args[15], args[16], args[17], args[18], c.Index)
	if err != nil {
		return fmt.Errorf("store: update checkpoint %d: %w", c.Index, err)
	}
	return nil
}

func checkpointArgs(c *Checkpoint) []any {
	hashes := make([]string, len(c.TxHashes))
	for i, h := range c.TxHashes {
		hashes[i] = h.Hex()
	}
	fee := "0"
	if c.FeeCap != nil {
		fee = c.FeeCap.String()
	}
	var settled any
	if !c.SettledAt.IsZero() {
		settled = c.SettledAt.UnixMilli()
	}
	var incTx, incHash any
	var incBlock, gas any
	if c.IncludedTx != (common.Hash{}) {
		incTx, incHash, incBlock, gas = c.IncludedTx.Bytes(), c.IncludedHash.Bytes(), c.IncludedBlock, c.GasUsed
	}
	created := c.CreatedAt
	if created.IsZero() {
		created = time.Now()
	}
	var sent int64
	if !c.SentAt.IsZero() {
		sent = c.SentAt.UnixMilli()
	}
	return []any{c.Index, c.ChainID, c.Start, c.End, c.Root.Bytes(), c.EndHash.Bytes(), c.PrevHash.Bytes(), c.Hash.Bytes(),
		string(c.State), c.Nonce, c.RawTx, strings.Join(hashes, ","), fee, sent, incTx, incBlock, incHash, gas, settled, created.UnixMilli()}
}

// Checkpoints returns this node's checkpoints with index ≥ from, in order.
func (s *DB) Checkpoints(ctx context.Context, from uint64) ([]*Checkpoint, error) {
	return s.queryCheckpoints(ctx, "SELECT "+checkpointCols+" FROM checkpoints WHERE idx >= ? ORDER BY idx", from)
}

// UnsettledCheckpoints returns the checkpoints not yet settled, in order.
func (s *DB) UnsettledCheckpoints(ctx context.Context) ([]*Checkpoint, error) {
	return s.queryCheckpoints(ctx, "SELECT "+checkpointCols+" FROM checkpoints WHERE state != 'settled' ORDER BY idx")
}

// LastCheckpoint returns the newest checkpoint, or ErrNotFound.
func (s *DB) LastCheckpoint(ctx context.Context) (*Checkpoint, error) {
	cs, err := s.queryCheckpoints(ctx, "SELECT "+checkpointCols+" FROM checkpoints ORDER BY idx DESC LIMIT 1")
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, ErrNotFound
	}
	return cs[0], nil
}

func (s *DB) queryCheckpoints(ctx context.Context, q string, args ...any) ([]*Checkpoint, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: checkpoints: %w", err)
	}
	defer rows.Close()
	var out []*Checkpoint
	for rows.Next() {
		var (
			c                                    Checkpoint
			root, endHash, prev, cp, incTx, incH []byte
			state, hashes, fee                   string
			sent, created                        int64
			incBlock, gas, settled               sql.NullInt64
		)
		if err := rows.Scan(&c.Index, &c.ChainID, &c.Start, &c.End, &root, &endHash, &prev, &cp, &state, &c.Nonce, &c.RawTx,
			&hashes, &fee, &sent, &incTx, &incBlock, &incH, &gas, &settled, &created); err != nil {
			return nil, err
		}
		c.Root, c.EndHash, c.PrevHash, c.Hash = common.BytesToHash(root), common.BytesToHash(endHash), common.BytesToHash(prev), common.BytesToHash(cp)
		c.State = CheckpointState(state)
		for _, h := range strings.Split(hashes, ",") {
			if h != "" {
				c.TxHashes = append(c.TxHashes, common.HexToHash(h))
			}
		}
		var ok bool
		if c.FeeCap, ok = new(big.Int).SetString(fee, 10); !ok {
			return nil, errors.New("store: corrupt checkpoint fee cap")
		}
		if sent != 0 {
			c.SentAt = time.UnixMilli(sent)
		}
		if incTx != nil {
			c.IncludedTx, c.IncludedHash = common.BytesToHash(incTx), common.BytesToHash(incH)
			c.IncludedBlock, c.GasUsed = uint64(incBlock.Int64), uint64(gas.Int64)
		}
		if settled.Valid {
			c.SettledAt = time.UnixMilli(settled.Int64)
		}
		c.CreatedAt = time.UnixMilli(created)
		out = append(out, &c)
	}
	return out, rows.Err()
}

// AnchorStatus summarizes this node's anchoring.
type AnchorStatus struct {
	ArchivedHead    uint64                  `json:"archivedHead"`
	Checkpoints     int                     `json:"checkpoints"`
	ByState         map[CheckpointState]int `json:"byState"`
	LastAnchoredEnd *uint64                 `json:"lastAnchoredEnd,omitempty"` // highest end included or settled
	LastSettledEnd  *uint64                 `json:"lastSettledEnd,omitempty"`
	GasSpent        uint64                  `json:"gasSpent"`
	Reorgs          int                     `json:"reorgs"`
	// LastSettledAt is when the newest settlement was seen; zero if none.
	LastSettledAt time.Time `json:"lastSettledAt,omitzero"`
}

// AnchorStatus returns the summary for status displays and metrics.
func (s *DB) AnchorStatus(ctx context.Context) (*AnchorStatus, error) {
	st := &AnchorStatus{ByState: map[CheckpointState]int{}}
	if h, err := s.Head(ctx); err == nil {
		st.ArchivedHead = h.Number
	} else if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT state, COUNT(*), MAX(end), COALESCE(SUM(gas_used), 0) FROM checkpoints GROUP BY state")
	if err != nil {
		return nil, fmt.Errorf("store: anchor status: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n int
		var maxEnd, gas uint64
		if err := rows.Scan(&state, &n, &maxEnd, &gas); err != nil {
			return nil, err
		}
		cs := CheckpointState(state)
		st.ByState[cs] = n
		st.Checkpoints += n
		st.GasSpent += gas
		if cs == StateIncluded || cs == StateSettled {
			if st.LastAnchoredEnd == nil || maxEnd > *st.LastAnchoredEnd {
				v := maxEnd
				st.LastAnchoredEnd = &v
			}
		}
		if cs == StateSettled {
			v := maxEnd
			st.LastSettledEnd = &v
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM reorgs").Scan(&st.Reorgs); err != nil {
		return nil, err
	}
	var settledAt sql.NullInt64
	if err := s.db.QueryRowContext(ctx, "SELECT MAX(settled_at) FROM checkpoints").Scan(&settledAt); err != nil {
		return nil, err
	}
	if settledAt.Valid {
		st.LastSettledAt = time.UnixMilli(settledAt.Int64)
	}
	return st, nil
}
