package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
)

// ReorgRecord is a reorg as the archive recorded it.
type ReorgRecord struct {
	ID         int64
	ForkNumber uint64
	OldHead    common.Hash
	NewHead    common.Hash
	Depth      int
	SeenAt     time.Time
}

// Reorgs returns the recorded reorgs, newest first.
func (s *DB) Reorgs(ctx context.Context) ([]ReorgRecord, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, fork_number, old_head, new_head, depth, seen_at FROM reorgs ORDER BY id DESC")
	if err != nil {
		return nil, fmt.Errorf("store: reorgs: %w", err)
	}
	defer rows.Close()
	var out []ReorgRecord
	for rows.Next() {
		var r ReorgRecord
		var old, nw []byte
		var seen int64
		if err := rows.Scan(&r.ID, &r.ForkNumber, &old, &nw, &r.Depth, &seen); err != nil {
			return nil, err
		}
		r.OldHead, r.NewHead, r.SeenAt = common.BytesToHash(old), common.BytesToHash(nw), time.UnixMilli(seen)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReplacedBlock returns a block a reorg removed, by hash.
func (s *DB) ReplacedBlock(ctx context.Context, hash common.Hash) (*types.Block, error) {
	var body []byte
	err := s.db.QueryRowContext(ctx, "SELECT body FROM replaced_blocks WHERE hash = ?", hash.Bytes()).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: replaced block %s", ErrNotFound, hash.TerminalString())
	}
	if err != nil {
		return nil, err
	}
	return decodeBlock(body)
}

// DamagedBlocks returns the heights whose archived hash is not the hash of
// the archived block itself (the row was edited), lowest first.
func (s *DB) DamagedBlocks(ctx context.Context) ([]uint64, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT number, hash, body FROM blocks ORDER BY number")
	if err != nil {
		return nil, fmt.Errorf("store: scan archive: %w", err)
	}
	defer rows.Close()
	var out []uint64
	for rows.Next() {
		var n uint64
		var h, body []byte
		if err := rows.Scan(&n, &h, &body); err != nil {
			return nil, err
		}
		b, err := decodeBlock(body)
		if err != nil || b.Hash() != common.BytesToHash(h) || b.NumberU64() != n {
			out = append(out, n)
		}
	}
	return out, rows.Err()
}

// RepairBlock replaces the archived row at b's height with b, which the
// caller took from the working chain and checked against the anchors.
func (s *DB) RepairBlock(ctx context.Context, b *types.Block) error {
	body, err := rlp.EncodeToBytes(b)
	if err != nil {
		return err
	}
	res, err := s.w.ExecContext(ctx, "UPDATE blocks SET hash = ?, parent_hash = ?, time = ?, tx_count = ?, body = ? WHERE number = ?",
		b.Hash().Bytes(), b.ParentHash().Bytes(), b.Time(), len(b.Transactions()), body, b.NumberU64())
	if err != nil {
		return fmt.Errorf("store: repair block %d: %w", b.NumberU64(), err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: block %d is not archived", ErrNotFound, b.NumberU64())
	}
	return nil
}
