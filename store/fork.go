package store

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// ArchivedBlocks returns the archived canonical blocks from..to (inclusive,
// in order), decoded, with the hash the archive recorded for each: a hard
// fork re-imports them and checks that every one still hashes to it.
// ErrNotFound if any height is missing.
func (s *DB) ArchivedBlocks(ctx context.Context, from, to uint64) ([]*types.Block, []common.Hash, error) {
	if to < from {
		return nil, nil, nil
	}
	rows, err := s.db.QueryContext(ctx, "SELECT number, hash, body FROM blocks WHERE number BETWEEN ? AND ? ORDER BY number", from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("store: archived blocks %d-%d: %w", from, to, err)
	}
	defer rows.Close()
	blocks := make([]*types.Block, 0, to-from+1)
	hashes := make([]common.Hash, 0, to-from+1)
	for rows.Next() {
		var n uint64
		var hash, body []byte
		if err := rows.Scan(&n, &hash, &body); err != nil {
			return nil, nil, err
		}
		if want := from + uint64(len(blocks)); n != want {
			return nil, nil, fmt.Errorf("%w: block %d", ErrNotFound, want)
		}
		b, err := decodeBlock(body)
		if err != nil {
			return nil, nil, fmt.Errorf("store: archived block %d: %w", n, err)
		}
		blocks, hashes = append(blocks, b), append(hashes, common.BytesToHash(hash))
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if uint64(len(blocks)) != to-from+1 {
		return nil, nil, fmt.Errorf("%w: block %d", ErrNotFound, from+uint64(len(blocks)))
	}
	return blocks, hashes, nil
}

// RewindEMRCursor moves the EMR index's cursor back to block (whose hash
// is hash) if it is beyond it. The index's next sync rescans from there and
// replaces what it knew of every block above, as after a reorg: a hard fork
// changes the archive while the node (and its index follower) is stopped,
// and the successor's blocks above the fork may be more than the index's
// own 256-block rewind away.
func (s *DB) RewindEMRCursor(ctx context.Context, block uint64, hash common.Hash) error {
	if _, err := s.w.ExecContext(ctx, "UPDATE emr_cursor SET block = ?, hash = ? WHERE id = 1 AND block > ?", block, hash.Bytes(), block); err != nil {
		return fmt.Errorf("store: rewind the EMR cursor to %d: %w", block, err)
	}
	return nil
}
