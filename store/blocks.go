package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
)

// ArchivedHead is the highest block in the archive.
type ArchivedHead struct {
	Number uint64
	Hash   common.Hash
}

// Reorg describes a change of canonical history applied to the archive.
type Reorg struct {
	ForkNumber uint64        // last block both histories share
	OldHead    common.Hash   // archive head before
	NewHead    common.Hash   // archive head after
	Replaced   []common.Hash // removed blocks, lowest first
}

// Depth is the number of blocks the reorg removed.
func (r *Reorg) Depth() int { return len(r.Replaced) }

// ErrNotContiguous means blocks handed to ApplyBlocks do not link to the
// archive at the stated fork point or to each other.
var ErrNotContiguous = errors.New("store: blocks do not link to the archive")

// Head returns the highest archived block, or ErrNotFound when the archive
// is empty.
func (s *DB) Head(ctx context.Context) (ArchivedHead, error) {
	var h ArchivedHead
	var hash []byte
	err := s.db.QueryRowContext(ctx, "SELECT number, hash FROM blocks ORDER BY number DESC LIMIT 1").Scan(&h.Number, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return h, ErrNotFound
	}
	if err != nil {
		return h, fmt.Errorf("store: head: %w", err)
	}
	h.Hash = common.BytesToHash(hash)
	return h, nil
}

// BlockHash returns the archived canonical hash at number.
func (s *DB) BlockHash(ctx context.Context, number uint64) (common.Hash, error) {
	var hash []byte
	err := s.db.QueryRowContext(ctx, "SELECT hash FROM blocks WHERE number = ?", number).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return common.Hash{}, fmt.Errorf("%w: block %d", ErrNotFound, number)
	}
	if err != nil {
		return common.Hash{}, fmt.Errorf("store: block hash %d: %w", number, err)
	}
	return common.BytesToHash(hash), nil
}

// BlockHashes returns the archived hashes of from..to inclusive, in order;
// ErrNotFound if any is missing.
func (s *DB) BlockHashes(ctx context.Context, from, to uint64) ([]common.Hash, error) {
	if to < from {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, "SELECT number, hash FROM blocks WHERE number BETWEEN ? AND ? ORDER BY number", from, to)
	if err != nil {
		return nil, fmt.Errorf("store: block hashes %d-%d: %w", from, to, err)
	}
	defer rows.Close()
	out := make([]common.Hash, 0, to-from+1)
	for rows.Next() {
		var n uint64
		var hash []byte
		if err := rows.Scan(&n, &hash); err != nil {
			return nil, err
		}
		if n != from+uint64(len(out)) {
			return nil, fmt.Errorf("%w: block %d", ErrNotFound, from+uint64(len(out)))
		}
		out = append(out, common.BytesToHash(hash))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if uint64(len(out)) != to-from+1 {
		return nil, fmt.Errorf("%w: block %d", ErrNotFound, from+uint64(len(out)))
	}
	return out, nil
}

// Block returns the archived canonical block at number, decoded.
func (s *DB) Block(ctx context.Context, number uint64) (*types.Block, error) {
	var body []byte
	err := s.db.QueryRowContext(ctx, "SELECT body FROM blocks WHERE number = ?", number).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: block %d", ErrNotFound, number)
	}
	if err != nil {
		return nil, fmt.Errorf("store: block %d: %w", number, err)
	}
	return decodeBlock(body)
}

func decodeBlock(body []byte) (*types.Block, error) {
	b := new(types.Block)
	if err := rlp.DecodeBytes(body, b); err != nil {
		return nil, fmt.Errorf("store: decode archived block: %w", err)
	}
	return b, nil
}

// ReplacedBlock is a block a reorg removed from the canonical chain.
type ReplacedBlock struct {
	Block      *types.Block
	ReplacedBy common.Hash // zero if the new history is shorter
	ReplacedAt time.Time
}

// ReplacedAt returns the blocks once canonical at number and removed since.
func (s *DB) ReplacedAt(ctx context.Context, number uint64) ([]ReplacedBlock, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT body, replaced_by, replaced_at FROM replaced_blocks WHERE number = ? ORDER BY replaced_at", number)
	if err != nil {
		return nil, fmt.Errorf("store: replaced blocks at %d: %w", number, err)
	}
	defer rows.Close()
	var out []ReplacedBlock
	for rows.Next() {
		var body, by []byte
		var at int64
		if err := rows.Scan(&body, &by, &at); err != nil {
			return nil, err
		}
		b, err := decodeBlock(body)
		if err != nil {
			return nil, err
		}
		out = append(out, ReplacedBlock{Block: b, ReplacedBy: common.BytesToHash(by), ReplacedAt: time.UnixMilli(at)})
	}
	return out, rows.Err()
}

// ApplyBlocks makes blocks the archive's canonical history after height
// fork: blocks[0] must be the child of the archived block at fork (or the
// genesis block when the archive is empty and fork is ignored), and each
// block the child of the one before. Archived blocks above fork are moved to
// the replaced blocks and a reorg is returned; when none are, the result is
// nil. Everything happens in one transaction.
func (s *DB) ApplyBlocks(ctx context.Context, fork uint64, blocks []*types.Block) (*Reorg, error) {
	for i := 1; i < len(blocks); i++ {
		if blocks[i].ParentHash() != blocks[i-1].Hash() || blocks[i].NumberU64() != blocks[i-1].NumberU64()+1 {
			return nil, fmt.Errorf("%w: block %d does not follow block %d", ErrNotContiguous, blocks[i].NumberU64(), blocks[i-1].NumberU64())
		}
	}
	// In the group commit: a block's archive row shares its fsync with the
	// record writes of the moment instead of queueing beside them.
	var reorg *Reorg
	err := s.Write(ctx, func(tx *sql.Tx) error {
		var err error
		reorg, err = applyBlocks(ctx, tx, fork, blocks)
		return err
	})
	if err != nil {
		return nil, err
	}
	return reorg, nil
}

func applyBlocks(ctx context.Context, tx *sql.Tx, fork uint64, blocks []*types.Block) (*Reorg, error) {
	var head sql.NullInt64
	var headHash []byte
	if err := tx.QueryRowContext(ctx, "SELECT number, hash FROM blocks ORDER BY number DESC LIMIT 1").Scan(&head, &headHash); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: head: %w", err)
	}
	if len(blocks) == 0 {
		// A shorter competing history: only the removal below applies.
		if !head.Valid || uint64(head.Int64) <= fork {
			return nil, nil
		}
	} else if first := blocks[0]; !head.Valid {
		if first.NumberU64() != 0 && first.NumberU64() != fork+1 {
			return nil, fmt.Errorf("%w: empty archive starts at %d, got block %d", ErrNotContiguous, fork+1, first.NumberU64())
		}
	} else {
		if first.NumberU64() != fork+1 {
			return nil, fmt.Errorf("%w: fork %d but first block %d", ErrNotContiguous, fork, first.NumberU64())
		}
		var parent []byte
		err := tx.QueryRowContext(ctx, "SELECT hash FROM blocks WHERE number = ?", fork).Scan(&parent)
		if err != nil {
			return nil, fmt.Errorf("%w: no archived block at fork %d", ErrNotContiguous, fork)
		}
		if !bytes.Equal(parent, first.ParentHash().Bytes()) {
			return nil, fmt.Errorf("%w: block %d's parent %s is not the archived %x", ErrNotContiguous, first.NumberU64(), first.ParentHash().TerminalString(), parent[:4])
		}
	}

	now := time.Now().UnixMilli()
	var reorg *Reorg
	if head.Valid && uint64(head.Int64) > fork {
		reorg = &Reorg{ForkNumber: fork, OldHead: common.BytesToHash(headHash)}
		if len(blocks) > 0 {
			reorg.NewHead = blocks[len(blocks)-1].Hash()
		} else if err := tx.QueryRowContext(ctx, "SELECT hash FROM blocks WHERE number = ?", fork).Scan(&headHash); err == nil {
			reorg.NewHead = common.BytesToHash(headHash)
		}
		rows, err := tx.QueryContext(ctx, "SELECT number, hash, parent_hash, body FROM blocks WHERE number > ? ORDER BY number", fork)
		if err != nil {
			return nil, err
		}
		type old struct {
			n                  uint64
			hash, parent, body []byte
		}
		var olds []old
		for rows.Next() {
			var o old
			if err := rows.Scan(&o.n, &o.hash, &o.parent, &o.body); err != nil {
				rows.Close()
				return nil, err
			}
			olds = append(olds, o)
		}
		rows.Close()
		for _, o := range olds {
			var by common.Hash
			if idx := o.n - (fork + 1); idx < uint64(len(blocks)) {
				by = blocks[idx].Hash()
			}
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO replaced_blocks(hash, number, parent_hash, body, replaced_by, replaced_at) VALUES (?,?,?,?,?,?)",
				o.hash, o.n, o.parent, o.body, by.Bytes(), now); err != nil {
				return nil, fmt.Errorf("store: keep replaced block %d: %w", o.n, err)
			}
			reorg.Replaced = append(reorg.Replaced, common.BytesToHash(o.hash))
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM blocks WHERE number > ?", fork); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO reorgs(fork_number, old_head, new_head, depth, seen_at) VALUES (?,?,?,?,?)",
			fork, reorg.OldHead.Bytes(), reorg.NewHead.Bytes(), len(reorg.Replaced), now); err != nil {
			return nil, err
		}
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO blocks(number, hash, parent_hash, time, tx_count, body, archived_at) VALUES (?,?,?,?,?,?,?)")
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	for _, b := range blocks {
		body, err := rlp.EncodeToBytes(b)
		if err != nil {
			return nil, fmt.Errorf("store: encode block %d: %w", b.NumberU64(), err)
		}
		if _, err := stmt.ExecContext(ctx, b.NumberU64(), b.Hash().Bytes(), b.ParentHash().Bytes(), b.Time(), len(b.Transactions()), body, now); err != nil {
			return nil, fmt.Errorf("store: archive block %d: %w", b.NumberU64(), err)
		}
	}
	return reorg, nil
}
