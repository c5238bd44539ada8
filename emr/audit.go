package emr

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/dualchain/dualchain/anchor"
)

func outcome(err error) int {
	if err == nil {
		return 0
	}
	return 4
}

// auditEvent is the FHIR R4 AuditEvent the node keeps for every access.
func auditEvent(seq int64, at time.Time, action, subtype string, agent, patient common.Address, recordID uint64, outcome int, detail string) []byte {
	ev := map[string]any{
		"resourceType": "AuditEvent",
		"id":           strconv.FormatInt(seq, 10),
		"type":         map[string]any{"system": "http://terminology.hl7.org/CodeSystem/audit-event-type", "code": "rest", "display": "RESTful Operation"},
		"subtype":      []any{map[string]any{"system": "https://dualchain.dev/audit", "code": subtype}},
		"action":       action,
		"recorded":     at.UTC().Format(time.RFC3339Nano),
		"outcome":      strconv.Itoa(outcome),
		"outcomeDesc":  detail,
		"agent":        []any{map[string]any{"who": map[string]any{"identifier": map[string]any{"system": "urn:ethereum:address", "value": agent.Hex()}}, "requestor": true}},
		"source":       map[string]any{"observer": map[string]any{"display": "dualchain node"}},
	}
	var entities []any
	if patient != (common.Address{}) {
		entities = append(entities, map[string]any{"what": map[string]any{"reference": "Patient/" + patient.Hex()}})
	}
	if recordID != 0 {
		entities = append(entities, map[string]any{"what": map[string]any{"identifier": map[string]any{"system": "urn:dualchain:record", "value": strconv.FormatUint(recordID, 10)}}})
	}
	if entities != nil {
		ev["entity"] = entities
	}
	return encode(ev)
}

// audit appends one event to the node's audit trail. A failure to audit is
// logged loudly; the access it describes has already been decided.
func (s *Service) audit(ctx context.Context, agent common.Address, action, subtype string, patient common.Address, recordID uint64, outcome int, detail string) {
	if err := s.store.Write(ctx, s.auditEntry(ctx, agent, action, subtype, patient, recordID, outcome, detail)); err != nil {
		s.log.Error("audit trail write failed", "err", err)
	}
}

// auditEntry is the write that appends one event, for audit or to commit
// beside other writes (a record write's index rows: one fsync for both).
func (s *Service) auditEntry(ctx context.Context, agent common.Address, action, subtype string, patient common.Address, recordID uint64, outcome int, detail string) func(*sql.Tx) error {
	now := time.Now()
	var p, r any
	if patient != (common.Address{}) {
		p = patient.Bytes()
	}
	if recordID != 0 {
		r = recordID
	}
	// The sequence number is taken inside the write: writes run one after
	// another on the store's writer, so numbers are dense and unique.
	return func(tx *sql.Tx) error {
		var seq int64
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_events").Scan(&seq); err != nil {
			return err
		}
		ev := auditEvent(seq, now, action, subtype, agent, patient, recordID, outcome, detail)
		leaf := sha256.Sum256(ev)
		_, err := tx.ExecContext(ctx, "INSERT INTO audit_events(seq, time, action, subtype, agent, patient, record_id, outcome, detail, leaf) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			seq, now.UnixMilli(), action, subtype, agent.Bytes(), p, r, outcome, detail, leaf[:])
		return err
	}
}

func (s *Service) auditResult(ctx context.Context, agent common.Address, action, subtype string, patient common.Address, rec *Record, err error) {
	var id uint64
	if rec != nil {
		id = rec.ID
	}
	detail := subtype
	if err != nil {
		detail = err.Error()
	}
	s.audit(ctx, agent, action, subtype, patient, id, outcome(err), detail)
}

// AuditEvents returns the node's AuditEvents about patient (all when zero), oldest first.
func (s *Service) AuditEvents(ctx context.Context, patient common.Address, limit int) ([]json.RawMessage, error) {
	q := "SELECT seq, time, action, subtype, agent, patient, record_id, outcome, detail FROM audit_events"
	var args []any
	if patient != (common.Address{}) {
		q += " WHERE patient = ?"
		args = append(args, patient.Bytes())
	}
	q += " ORDER BY seq LIMIT ?"
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []json.RawMessage
	for rows.Next() {
		var seq, ms int64
		var action, subtype, detail string
		var agent, p []byte
		var rid *uint64
		var oc int
		if err := rows.Scan(&seq, &ms, &action, &subtype, &agent, &p, &rid, &oc, &detail); err != nil {
			return nil, err
		}
		var id uint64
		if rid != nil {
			id = *rid
		}
		out = append(out, auditEvent(seq, time.UnixMilli(ms), action, subtype, common.BytesToAddress(agent), common.BytesToAddress(p), id, oc, detail))
	}
	return out, rows.Err()
}

// CommitAudit commits the events since the last committed batch as one Merkle
// root on chain (EMR.commitAudit), so the node cannot rewrite its own trail
// unnoticed. It returns the number of events committed.
func (s *Service) CommitAudit(ctx context.Context) (int, error) {
	out, err := s.b.CallContract(ctx, callMsg(s.cfg.EMR, s.emrc.PackAuditLastSeq(s.hospital)), nil)
	if err != nil {
		return 0, err
	}
	last, err := s.emrc.UnpackAuditLastSeq(out)
	if err != nil {
		return 0, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT seq, leaf FROM audit_events WHERE seq > ? ORDER BY seq LIMIT 4096", last)
	if err != nil {
		return 0, err
	}
	var leaves []common.Hash
	var lastSeq uint64
	for rows.Next() {
		var seq uint64
		var leaf []byte
		if err := rows.Scan(&seq, &leaf); err != nil {
			rows.Close()
			return 0, err
		}
		if seq != last+uint64(len(leaves))+1 {
			break // a gap: commit the contiguous part only
		}
		leaves, lastSeq = append(leaves, common.BytesToHash(leaf)), seq
	}
	rows.Close()
	if len(leaves) == 0 {
		return 0, nil
	}
	root, err := anchor.Root(leaves)
	if err != nil {
		return 0, err
	}
	if _, err := s.transact(ctx, s.hospital, s.cfg.EMR, s.emrc.PackCommitAudit(root, last+1, lastSeq)); err != nil {
		return 0, fmt.Errorf("emr: commit audit %d..%d: %w", last+1, lastSeq, err)
	}
	return len(leaves), nil
}
