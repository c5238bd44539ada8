package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
)

// MirrorCheckpoint is one member's checkpoint as the registry recorded it.
type MirrorCheckpoint struct {
	ChainID    uint64
	Member     common.Address
	Index      uint64
	Start, End uint64
	Root       common.Hash
	EndHash    common.Hash
	PrevHash   common.Hash
	Hash       common.Hash
	TxHash     common.Hash
	LogIndex   uint
	VBlock     uint64      // verification-chain block of the event
	VBlockHash common.Hash // and its hash
}

// MirrorCursor returns the last verification block the mirror scanned, or
// ErrNotFound before the first scan.
func (s *DB) MirrorCursor(ctx context.Context) (uint64, common.Hash, error) {
	var n uint64
	var h []byte
	err := s.db.QueryRowContext(ctx, "SELECT block, hash FROM mirror_cursor WHERE id = 1").Scan(&n, &h)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, common.Hash{}, ErrNotFound
	}
	if err != nil {
		return 0, common.Hash{}, fmt.Errorf("store: mirror cursor: %w", err)
	}
	return n, common.BytesToHash(h), nil
}

// ApplyMirror replaces everything mirrored from verification block from
// on with cps (a rescan of from..to) and moves the cursor to to, in one
// transaction; rows from blocks a reorg removed disappear with it.
func (s *DB) ApplyMirror(ctx context.Context, from uint64, cps []MirrorCheckpoint, to uint64, toHash common.Hash) error {
	return s.Write(ctx, func(tx *sql.Tx) error { return applyMirror(ctx, tx, from, cps, to, toHash) })
}

func applyMirror(ctx context.Context, tx *sql.Tx, from uint64, cps []MirrorCheckpoint, to uint64, toHash common.Hash) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM mirror_checkpoints WHERE vblock >= ?", from); err != nil {
		return fmt.Errorf("store: mirror rewind: %w", err)
	}
	for _, c := range cps {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO mirror_checkpoints(chain_id, member, idx, start, end, root, end_hash, prev_hash, cp_hash,
			tx_hash, log_index, vblock, vblock_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			c.ChainID, c.Member.Bytes(), c.Index, c.Start, c.End, c.Root.Bytes(), c.EndHash.Bytes(), c.PrevHash.Bytes(), c.Hash.Bytes(),
			c.TxHash.Bytes(), c.LogIndex, c.VBlock, c.VBlockHash.Bytes()); err != nil {
			return fmt.Errorf("store: mirror checkpoint: %w", err)
		}
	}
	_, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO mirror_cursor(id, block, hash) VALUES (1, ?, ?)", to, toHash.Bytes())
	return err
}

// MirrorCheckpoints returns every mirrored checkpoint of chainID, by range.
func (s *DB) MirrorCheckpoints(ctx context.Context, chainID uint64) ([]MirrorCheckpoint, error) {
	return s.queryMirror(ctx, `WHERE chain_id = ? ORDER BY start, end, vblock, log_index`, chainID)
}

// MirrorCovering returns the mirrored checkpoints of chainID whose range
// contains height, oldest verification block first.
func (s *DB) MirrorCovering(ctx context.Context, chainID, height uint64) ([]MirrorCheckpoint, error) {
	return s.queryMirror(ctx, `WHERE chain_id = ? AND start <= ? AND end >= ? ORDER BY vblock, log_index`, chainID, height, height)
}

func (s *DB) queryMirror(ctx context.Context, where string, args ...any) ([]MirrorCheckpoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT chain_id, member, idx, start, end, root, end_hash, prev_hash, cp_hash, tx_hash, log_index, vblock, vblock_hash
		FROM mirror_checkpoints `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: mirror: %w", err)
	}
	defer rows.Close()
	var out []MirrorCheckpoint
	for rows.Next() {
		var c MirrorCheckpoint
		var member, root, endHash, prev, cp, txh, vbh []byte
		if err := rows.Scan(&c.ChainID, &member, &c.Index, &c.Start, &c.End, &root, &endHash, &prev, &cp, &txh, &c.LogIndex, &c.VBlock, &vbh); err != nil {
			return nil, err
		}
		c.Member, c.Root, c.EndHash, c.PrevHash = common.BytesToAddress(member), common.BytesToHash(root), common.BytesToHash(endHash), common.BytesToHash(prev)
		c.Hash, c.TxHash, c.VBlockHash = common.BytesToHash(cp), common.BytesToHash(txh), common.BytesToHash(vbh)
		out = append(out, c)
	}
	return out, rows.Err()
}

// MirrorMemberHeights returns, per member, the highest end height it
// anchored for chainID.
func (s *DB) MirrorMemberHeights(ctx context.Context, chainID uint64) (map[common.Address]uint64, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT member, MAX(end) FROM mirror_checkpoints WHERE chain_id = ? GROUP BY member", chainID)
	if err != nil {
		return nil, fmt.Errorf("store: member heights: %w", err)
	}
	defer rows.Close()
	out := map[common.Address]uint64{}
	for rows.Next() {
		var m []byte
		var end uint64
		if err := rows.Scan(&m, &end); err != nil {
			return nil, err
		}
		out[common.BytesToAddress(m)] = end
	}
	return out, rows.Err()
}

// MemberHeights is how far one member's checkpoints reach.
type MemberHeights struct {
	Anchored uint64  `json:"anchored"`          // highest end height mirrored
	Settled  *uint64 `json:"settled,omitempty"` // highest end in a final verification block
}

// MirrorMemberStatus returns, per member, the highest end height it anchored
// for chainID and the highest one in a verification block at or below
// finalVBlock.
func (s *DB) MirrorMemberStatus(ctx context.Context, chainID, finalVBlock uint64) (map[common.Address]MemberHeights, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT member, MAX(end), MAX(CASE WHEN vblock <= ? THEN end END) FROM mirror_checkpoints WHERE chain_id = ? GROUP BY member", finalVBlock, chainID)
	if err != nil {
		return nil, fmt.Errorf("store: member status: %w", err)
	}
	defer rows.Close()
	out := map[common.Address]MemberHeights{}
	for rows.Next() {
		var m []byte
		var h MemberHeights
		var settled sql.NullInt64
		if err := rows.Scan(&m, &h.Anchored, &settled); err != nil {
			return nil, err
		}
		if settled.Valid {
			v := uint64(settled.Int64)
			h.Settled = &v
		}
		out[common.BytesToAddress(m)] = h
	}
	return out, rows.Err()
}
