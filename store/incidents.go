package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Incident is something the guard found wrong with the working chain, the
// anchors or this node's own data, with the evidence for it.
type Incident struct {
	ID       int64           `json:"id"`
	Kind     string          `json:"kind"`
	Key      string          `json:"key"` // distinguishes incidents of one kind
	Severity string          `json:"severity"`
	Summary  string          `json:"summary"`
	Evidence json.RawMessage `json:"evidence"`
	// SeenAt is when the node saw the data that shows the incident (for a
	// rewrite: when the rewritten head reached it); RaisedAt when the
	// guard raised it. Their difference is the detection latency.
	SeenAt     time.Time  `json:"seenAt"`
	RaisedAt   time.Time  `json:"raisedAt"`
	ResolvedAt *time.Time `json:"resolvedAt,omitempty"`
}

// RaiseIncident records inc unless an incident of the same kind and key is
// already open; it reports whether a new one was recorded (and sets its ID).
func (s *DB) RaiseIncident(ctx context.Context, inc *Incident) (bool, error) {
	res, err := s.w.ExecContext(ctx, `INSERT INTO incidents(kind, key, severity, summary, evidence, seen_at, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(kind, key) DO UPDATE SET severity = excluded.severity, summary = excluded.summary, evidence = excluded.evidence,
			seen_at = excluded.seen_at, raised_at = excluded.raised_at, resolved_at = NULL
		WHERE incidents.resolved_at IS NOT NULL`,
		inc.Kind, inc.Key, inc.Severity, inc.Summary, string(inc.Evidence), inc.SeenAt.UnixMilli(), inc.RaisedAt.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("store: raise incident: %w", err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		return false, nil
	}
	err = s.db.QueryRowContext(ctx, "SELECT id FROM incidents WHERE kind = ? AND key = ?", inc.Kind, inc.Key).Scan(&inc.ID)
	return true, err
}

// ResolveIncidents marks the open incidents of kind whose key is not in
// stillOpen as resolved, and returns them.
func (s *DB) ResolveIncidents(ctx context.Context, kind string, stillOpen map[string]bool) ([]Incident, error) {
	open, err := s.incidents(ctx, "WHERE kind = ? AND resolved_at IS NULL", kind)
	if err != nil {
		return nil, err
	}
	var done []Incident
	now := time.Now()
	for _, inc := range open {
		if stillOpen[inc.Key] {
			continue
		}
		if _, err := s.w.ExecContext(ctx, "UPDATE incidents SET resolved_at = ? WHERE id = ?", now.UnixMilli(), inc.ID); err != nil {
			return nil, fmt.Errorf("store: resolve incident: %w", err)
		}
		inc.ResolvedAt = &now
		done = append(done, inc)
	}
	return done, nil
}

// Incidents returns incidents, newest first: all, or only open ones.
func (s *DB) Incidents(ctx context.Context, openOnly bool) ([]Incident, error) {
	where := ""
	if openOnly {
		where = "WHERE resolved_at IS NULL"
	}
	return s.incidents(ctx, where+" ORDER BY id DESC")
}

func (s *DB) incidents(ctx context.Context, where string, args ...any) ([]Incident, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, kind, key, severity, summary, evidence, seen_at, raised_at, resolved_at FROM incidents "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: incidents: %w", err)
	}
	defer rows.Close()
	var out []Incident
	for rows.Next() {
		var inc Incident
		var ev string
		var seen, raised int64
		var resolved sql.NullInt64
		if err := rows.Scan(&inc.ID, &inc.Kind, &inc.Key, &inc.Severity, &inc.Summary, &ev, &seen, &raised, &resolved); err != nil {
			return nil, err
		}
		inc.Evidence = json.RawMessage(ev)
		inc.SeenAt, inc.RaisedAt = time.UnixMilli(seen), time.UnixMilli(raised)
		if resolved.Valid {
			t := time.UnixMilli(resolved.Int64)
			inc.ResolvedAt = &t
		}
		out = append(out, inc)
	}
	return out, rows.Err()
}
