package emr

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ipfs/go-cid"
)

// syncSpan is the most blocks one eth_getLogs call covers.
const syncSpan = 2000

// rewind is how far the index steps back when its cursor block was replaced
// by a reorg; the replaced range is rescanned (its rows dropped first).
const rewind = 256

// Sync brings the index up to the working chain's head: it scans the Identity
// and EMR events block range by block range, replacing what it knew of each
// range, so a reorg that replaced blocks is handled by scanning them again.
func (s *Service) Sync(ctx context.Context) error {
	s.syncRun.Lock()
	defer s.syncRun.Unlock()
	return s.syncLocked(ctx, nil)
}

// syncLocked is Sync with s.syncRun held; progress, if set, hears the last
// block indexed and the head after every range.
func (s *Service) syncLocked(ctx context.Context, progress func(done, head uint64)) error {
	head, err := s.b.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("emr: sync: head: %w", err)
	}
	from, err := s.cursorStart(ctx, head.Number.Uint64())
	if err != nil {
		return err
	}
	for from <= head.Number.Uint64() {
		to := min(from+syncSpan-1, head.Number.Uint64())
		if err := s.syncRange(ctx, from, to, to == head.Number.Uint64()); err != nil {
			return err
		}
		if progress != nil {
			progress(to, head.Number.Uint64())
		}
		from = to + 1
	}
	return nil
}

// cursorStart is the first block the next sync must scan. When the block
// it last indexed is no longer canonical (a reorg, or a chain now shorter
// than it), it steps back rewind blocks (never above head); the rescan then
// replaces what the index knew range by range, each in one transaction, so
// readers never see a range half gone.
func (s *Service) cursorStart(ctx context.Context, head uint64) (uint64, error) {
	var block uint64
	var hash []byte
	err := s.db.QueryRowContext(ctx, "SELECT block, hash FROM emr_cursor WHERE id = 1").Scan(&block, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("emr: read cursor: %w", err)
	}
	if block <= head {
		h, err := s.b.HeaderByNumber(ctx, new(big.Int).SetUint64(block))
		if err == nil && h.Hash() == common.BytesToHash(hash) {
			return block + 1, nil
		}
	}
	back := min(block-min(block, rewind), head)
	s.log.Warn("EMR index: the block it last indexed was replaced (reorg); rescanning", "block", block, "from", back)
	return back, nil
}

// syncRange indexes blocks from..to, replacing what the index knew of them;
// the last range of a sync also forgets anything above the head (a chain
// that got shorter).
//
// The reads from the chain happen before s.syncMu, which only covers the
// database transaction: record writes (applyReceipt) wait for that alone.
// Rows above to may be theirs, from blocks that came after this sync read
// its head; so the last range drops only what lies above the head as it is
// under the lock, and leaves to..head to the next sync.
func (s *Service) syncRange(ctx context.Context, from, to uint64, last bool) error {
	logs, err := s.b.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from),
		ToBlock:   new(big.Int).SetUint64(to),
		Addresses: []common.Address{s.cfg.Identity, s.cfg.EMR},
	})
	if err != nil {
		return fmt.Errorf("emr: sync logs %d..%d: %w", from, to, err)
	}
	end, err := s.b.HeaderByNumber(ctx, new(big.Int).SetUint64(to))
	if err != nil {
		return fmt.Errorf("emr: sync: header %d: %w", to, err)
	}
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	above := uint64(math.MaxInt64) // first block of the stale rows above
	if last {
		head, err := s.b.BlockNumber(ctx)
		if err != nil {
			return fmt.Errorf("emr: sync: head: %w", err)
		}
		above = max(to, head) + 1
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("emr: sync: %w", err)
	}
	defer tx.Rollback()
	if err := dropRange(ctx, tx, from, to); err != nil {
		return err
	}
	if above < math.MaxInt64 {
		if err := dropRange(ctx, tx, above, math.MaxInt64); err != nil {
			return err
		}
	}
	var profiles []common.Hash
	for i := range logs {
		p, err := s.applyLog(ctx, tx, &logs[i])
		if err != nil {
			return fmt.Errorf("emr: index log %d of tx %s: %w", logs[i].Index, logs[i].TxHash, err)
		}
		if p != (common.Hash{}) {
			profiles = append(profiles, p)
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO emr_cursor(id, block, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET block = excluded.block, hash = excluded.hash",
		to, end.Hash().Bytes()); err != nil {
		return fmt.Errorf("emr: sync: cursor: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("emr: sync: commit: %w", err)
	}
	for _, p := range profiles {
		s.learnProfile(ctx, p)
	}
	return nil
}

// Rewind makes the index forget everything above block fork (whose hash is
// forkHash), so that the next Sync rescans from there: the archive calls it
// on a reorg, which may be deeper than the index's own 256-block rewind
// (a rewrite of anchored history, or its restore).
func (s *Service) Rewind(ctx context.Context, fork uint64, forkHash common.Hash) error {
	s.syncRun.Lock()
	defer s.syncRun.Unlock()
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	var cur uint64
	err := s.db.QueryRowContext(ctx, "SELECT block FROM emr_cursor WHERE id = 1").Scan(&cur)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && cur <= fork) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("emr: rewind: %w", err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := dropRange(ctx, tx, fork+1, math.MaxInt64); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE emr_cursor SET block = ?, hash = ? WHERE id = 1", fork, forkHash.Bytes()); err != nil {
		return fmt.Errorf("emr: rewind: %w", err)
	}
	s.log.Warn("EMR index rewound for a working-chain reorg", "fork", fork, "from", cur)
	return tx.Commit()
}

// dropRange forgets what the index learned from blocks from..to.
func dropRange(ctx context.Context, tx *sql.Tx, from, to uint64) error {
	for _, q := range []string{
		"DELETE FROM identities WHERE block BETWEEN ?1 AND ?2",
		"UPDATE identities SET deactivated = NULL WHERE deactivated BETWEEN ?1 AND ?2",
		"DELETE FROM records WHERE block BETWEEN ?1 AND ?2",
		"DELETE FROM consent_events WHERE block BETWEEN ?1 AND ?2",
		"DELETE FROM key_shares WHERE block BETWEEN ?1 AND ?2",
		"DELETE FROM emergency_events WHERE block BETWEEN ?1 AND ?2",
		"DELETE FROM audit_batches WHERE block BETWEEN ?1 AND ?2",
	} {
		if _, err := tx.ExecContext(ctx, q, from, to); err != nil {
			return fmt.Errorf("emr: drop range: %w", err)
		}
	}
	return nil
}

// execer is what applyLog needs: a transaction or the database.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// applyLog records one event; it is idempotent, so the logs of a receipt can
// be applied at once (read-your-writes) and again by Sync. It returns the
// metaHash of a newly registered identity, whose profile may carry a public key.
func (s *Service) applyLog(ctx context.Context, db execer, l *types.Log) (common.Hash, error) {
	if len(l.Topics) == 0 || l.Removed {
		return common.Hash{}, nil
	}
	t := time.Unix(int64(l.BlockTimestamp), 0).UTC()
	ts := t.Unix()
	switch {
	case l.Address == s.cfg.Identity && l.Topics[0] == s.idABI.Events["IdentityRegistered"].ID:
		ev, err := s.idc.UnpackIdentityRegisteredEvent(l)
		if err != nil {
			return common.Hash{}, err
		}
		_, err = db.ExecContext(ctx, `INSERT INTO identities(address, role, hospital, meta_hash, block) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT(address) DO UPDATE SET role = excluded.role, hospital = excluded.hospital, meta_hash = excluded.meta_hash, block = excluded.block`,
			ev.Who.Bytes(), ev.Role, ev.Hospital.Bytes(), ev.MetaHash[:], l.BlockNumber)
		return ev.MetaHash, err
	case l.Address == s.cfg.Identity && l.Topics[0] == s.idABI.Events["IdentityDeactivated"].ID:
		ev, err := s.idc.UnpackIdentityDeactivatedEvent(l)
		if err != nil {
			return common.Hash{}, err
		}
		_, err = db.ExecContext(ctx, "UPDATE identities SET deactivated = ? WHERE address = ?", l.BlockNumber, ev.Who.Bytes())
		return common.Hash{}, err
	case l.Address == s.cfg.Identity && l.Topics[0] == s.idABI.Events["MemberRemoved"].ID:
		ev, err := s.idc.UnpackMemberRemovedEvent(l)
		if err != nil {
			return common.Hash{}, err
		}
		_, err = db.ExecContext(ctx, "UPDATE identities SET deactivated = ? WHERE address = ?", l.BlockNumber, ev.Admin.Bytes())
		return common.Hash{}, err
	case l.Address != s.cfg.EMR:
		return common.Hash{}, nil
	case l.Topics[0] == s.emrABI.Events["RecordAdded"].ID:
		ev, err := s.emrc.UnpackRecordAddedEvent(l)
		if err != nil {
			return common.Hash{}, err
		}
		c, err := cid.Cast(ev.Cid)
		if err != nil {
			// Someone wrote a pointer that is not a CID: index it as such so
			// reads fail clearly instead of the index skipping a version.
			s.log.Warn("record with an invalid CID on chain", "id", ev.Id, "err", err)
		}
		root := ev.Id
		if ev.PrevId != 0 {
			if err := db.QueryRowContext(ctx, "SELECT root_id FROM records WHERE id = ?", ev.PrevId).Scan(&root); err != nil {
				return common.Hash{}, fmt.Errorf("previous version %d: %w", ev.PrevId, err)
			}
		}
		cidText := ""
		if c.Defined() {
			cidText = c.String()
		}
		_, err = db.ExecContext(ctx, `INSERT OR REPLACE INTO records(id, patient, author, type, version, prev_id, root_id, cid, content_hash, block, block_hash, tx_hash, log_index, time)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ev.Id, ev.Patient.Bytes(), ev.Author.Bytes(), ev.ResourceType, ev.Version, ev.PrevId, root, cidText, ev.ContentHash[:],
			l.BlockNumber, l.BlockHash.Bytes(), l.TxHash.Bytes(), l.Index, ts)
		return common.Hash{}, err
	case l.Topics[0] == s.emrABI.Events["ConsentGranted"].ID:
		ev, err := s.emrc.UnpackConsentGrantedEvent(l)
		if err != nil {
			return common.Hash{}, err
		}
		_, err = db.ExecContext(ctx, "INSERT OR REPLACE INTO consent_events VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
			l.BlockNumber, l.Index, ev.Patient.Bytes(), ev.Grantee.Bytes(), ev.Scope, ev.Expiry, ts)
		return common.Hash{}, err
	case l.Topics[0] == s.emrABI.Events["ConsentRevoked"].ID:
		ev, err := s.emrc.UnpackConsentRevokedEvent(l)
		if err != nil {
			return common.Hash{}, err
		}
		_, err = db.ExecContext(ctx, "INSERT OR REPLACE INTO consent_events VALUES (?, ?, ?, ?, 2, 0, 0, ?)",
			l.BlockNumber, l.Index, ev.Patient.Bytes(), ev.Grantee.Bytes(), ts)
		return common.Hash{}, err
	case l.Topics[0] == s.emrABI.Events["KeysShared"].ID:
		ev, err := s.emrc.UnpackKeysSharedEvent(l)
		if err != nil {
			return common.Hash{}, err
		}
		c, err := cid.Cast(ev.Cid)
		if err != nil {
			s.log.Warn("key share with an invalid CID on chain", "tx", l.TxHash, "err", err)
			return common.Hash{}, nil
		}
		_, err = db.ExecContext(ctx, "INSERT OR REPLACE INTO key_shares VALUES (?, ?, ?, ?, ?, ?)",
			l.BlockNumber, l.Index, ev.Patient.Bytes(), ev.Grantee.Bytes(), ev.By.Bytes(), c.String())
		return common.Hash{}, err
	case l.Topics[0] == s.emrABI.Events["EmergencyAccessed"].ID:
		ev, err := s.emrc.UnpackEmergencyAccessedEvent(l)
		if err != nil {
			return common.Hash{}, err
		}
		_, err = db.ExecContext(ctx, "INSERT OR REPLACE INTO emergency_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			l.BlockNumber, l.Index, ev.Patient.Bytes(), ev.Practitioner.Bytes(), ev.Hospital.Bytes(), ev.ReasonHash[:], ev.ExpiresAt, l.TxHash.Bytes(), ts)
		return common.Hash{}, err
	case l.Topics[0] == s.emrABI.Events["AuditCommitted"].ID:
		ev, err := s.emrc.UnpackAuditCommittedEvent(l)
		if err != nil {
			return common.Hash{}, err
		}
		_, err = db.ExecContext(ctx, "INSERT OR REPLACE INTO audit_batches VALUES (?, ?, ?, ?, ?, ?, ?)",
			ev.Member.Bytes(), ev.BatchIndex, ev.FirstSeq, ev.LastSeq, ev.BatchRoot[:], l.BlockNumber, l.TxHash.Bytes())
		return common.Hash{}, err
	}
	return common.Hash{}, nil
}

// applyReceipt indexes a receipt's events right away, so that a write is
// readable as soon as it is acknowledged. also are written in the same
// commit (a record write's audit event); their failure is logged, and does
// not undo the index rows.
func (s *Service) applyReceipt(ctx context.Context, r *types.Receipt, also ...func(*sql.Tx) error) error {
	// Logs carry their block's time (geth fills blockTimestamp); only an
	// endpoint that does not needs the header. Either way this happens
	// before the lock: a header read under it serialized every concurrent
	// record write behind one RPC each.
	var ts uint64
	for _, l := range r.Logs {
		ts = max(ts, l.BlockTimestamp)
	}
	if ts == 0 && len(r.Logs) > 0 {
		h, err := s.b.HeaderByNumber(ctx, r.BlockNumber)
		if err != nil {
			return fmt.Errorf("emr: header of block %d: %w", r.BlockNumber, err)
		}
		ts = h.Time
	}
	// Beside other record writes, but not across a sync's transaction: one
	// that commits after this reads the head under the lock, at or above the
	// receipt's block, so it never drops these rows as stale (see syncRange).
	s.syncMu.RLock()
	defer s.syncMu.RUnlock()
	var profiles []common.Hash
	err := s.store.Write(ctx, func(tx *sql.Tx) error {
		profiles = profiles[:0]
		for _, l := range r.Logs {
			l.BlockTimestamp = ts
			p, err := s.applyLog(ctx, tx, l)
			if err != nil {
				return fmt.Errorf("emr: index receipt %s: %w", r.TxHash, err)
			}
			if p != (common.Hash{}) {
				profiles = append(profiles, p)
			}
		}
		for _, f := range also {
			if err := f(tx); err != nil {
				s.log.Error("audit trail write failed", "err", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range profiles {
		s.learnProfile(ctx, p)
	}
	return nil
}

// Reindex drops the index and rebuilds it from the chain (and, for public
// keys, from the identity profiles in IPFS), telling progress (if set) how
// far it got. The node's own audit trail is not part of the index and is
// kept. Readers see an empty index until it is done: run it with the API
// stopped ("dualchain reindex").
func (s *Service) Reindex(ctx context.Context, progress func(done, head uint64)) error {
	s.syncRun.Lock()
	defer s.syncRun.Unlock()
	if err := s.clearIndex(ctx); err != nil {
		return err
	}
	return s.syncLocked(ctx, progress)
}

// clearIndex empties the index tables in one transaction.
func (s *Service) clearIndex(ctx context.Context) error {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range []string{"identities", "records", "consent_events", "key_shares", "emergency_events", "audit_batches", "emr_cursor"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return fmt.Errorf("emr: reindex: %w", err)
		}
	}
	return tx.Commit()
}

// IndexCounts is what the index holds, for reports.
type IndexCounts struct {
	Identities int `json:"identities"`
	Records    int `json:"records"`
	Grants     int `json:"consentEvents"`
	KeyShares  int `json:"keyShares"`
}

// Counts returns the number of rows of the main index tables.
func (s *Service) Counts(ctx context.Context) (*IndexCounts, error) {
	c := &IndexCounts{}
	for _, q := range []struct {
		table string
		n     *int
	}{{"identities", &c.Identities}, {"records", &c.Records}, {"consent_events", &c.Grants}, {"key_shares", &c.KeyShares}} {
		if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+q.table).Scan(q.n); err != nil {
			return nil, fmt.Errorf("emr: count %s: %w", q.table, err)
		}
	}
	return c, nil
}

// Follow keeps the index in sync until ctx ends, releases keys for
// emergency accesses to this hospital's patients, and commits the audit
// trail on chain every auditEvery.
func (s *Service) Follow(ctx context.Context, every, auditEvery time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	lastAudit := time.Now()
	for {
		if err := s.Sync(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("EMR index sync failed; retrying", "err", err)
		} else {
			s.RespondEmergencies(ctx)
		}
		if auditEvery > 0 && time.Since(lastAudit) >= auditEvery {
			lastAudit = time.Now()
			if n, err := s.CommitAudit(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("audit commit failed; will retry", "err", err)
			} else if n > 0 {
				s.log.Info("audit batch committed on chain", "events", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
