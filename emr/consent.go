package emr

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ipfs/go-cid"

	"github.com/dualchain/dualchain/vault"
)

func callMsg(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}

// keyShare is the IPFS object a KeysShared event points at: the keys of a
// patient's earlier records, each wrapped for one grantee.
type keyShare struct {
	Patient common.Address            `json:"patient"`
	Grantee common.Address            `json:"grantee"`
	Keys    map[uint64]vault.Envelope `json:"keys"` // record (version) id => wrapped key
}

// Grant records patient's consent for grantee (a practitioner or a member
// hospital) to the given resource types (all when empty) until expiry (zero:
// none), then shares the keys of the patient's existing records in scope.
func (s *Service) Grant(ctx context.Context, patient, grantee common.Address, types []string, expiry time.Time) (*Grant, error) {
	scope, err := Scope(types...)
	if err != nil {
		return nil, err
	}
	var exp uint64
	if !expiry.IsZero() {
		if !expiry.After(time.Now()) {
			return nil, fmt.Errorf("%w: expiry %s is not in the future", ErrInvalid, expiry.Format(time.RFC3339))
		}
		exp = uint64(expiry.Unix())
	}
	if s.staffHospital(ctx, grantee) == (common.Address{}) {
		return nil, fmt.Errorf("%w: grantee %s is not an active practitioner or member hospital", ErrInvalid, grantee)
	}
	_, err = s.transact(ctx, patient, s.cfg.EMR, s.emrc.PackGrant(grantee, scope, exp))
	s.audit(ctx, patient, "U", "grant", patient, 0, outcome(err), fmt.Sprintf("grant %s scope %v", grantee, ScopeTypes(scope)))
	if err != nil {
		return nil, err
	}
	if err := s.shareKeys(ctx, patient, patient, patient, grantee, ScopeTypes(scope)); err != nil {
		return nil, fmt.Errorf("emr: consent recorded, but sharing the keys of earlier records failed (retry the grant): %w", err)
	}
	return s.grant(ctx, patient, grantee)
}

// Revoke ends patient's consent for grantee. Versions written afterwards are
// not sealed for the grantee; what it already read cannot be taken back.
func (s *Service) Revoke(ctx context.Context, patient, grantee common.Address) error {
	_, err := s.transact(ctx, patient, s.cfg.EMR, s.emrc.PackRevoke(grantee))
	s.audit(ctx, patient, "U", "revoke", patient, 0, outcome(err), "revoke "+grantee.Hex())
	return err
}

// Emergency opens break-glass access for a practitioner to patient's records
// for duration, with a reason that is hashed on chain and kept in the audit
// trail. The patient's custodian hospital shares the keys when it sees it.
func (s *Service) Emergency(ctx context.Context, practitioner, patient common.Address, reason string, duration time.Duration) (*Emergency, error) {
	if reason == "" {
		return nil, fmt.Errorf("%w: an emergency access needs a reason", ErrInvalid)
	}
	if duration <= 0 || duration > 24*time.Hour {
		return nil, fmt.Errorf("%w: duration must be between 1s and 24h", ErrInvalid)
	}
	r, err := s.transact(ctx, practitioner, s.cfg.EMR, s.emrc.PackEmergencyAccess(patient, sha256.Sum256([]byte(reason)), uint64(duration.Seconds())))
	s.audit(ctx, practitioner, "E", "emergency", patient, 0, outcome(err), "break-glass: "+reason)
	if err != nil {
		return nil, err
	}
	s.RespondEmergencies(ctx)
	list, err := s.Emergencies(ctx, patient)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].TxHash == r.TxHash {
			return &list[i], nil
		}
	}
	return nil, fmt.Errorf("emr: emergency access %s not indexed", r.TxHash)
}

// shareKeys publishes, for grantee, the keys of patient's records of the given
// types that holder's key (held by this node: the patient's own, or the
// custodian hospital's) can open; by sends the transaction.
func (s *Service) shareKeys(ctx context.Context, by, holder, patient, grantee common.Address, types []string) error {
	pub, err := s.pubkey(ctx, grantee)
	if err != nil {
		return err
	}
	priv, err := s.cfg.Keyring.Key(holder)
	if err != nil {
		return err
	}
	recs, err := s.query(ctx, "WHERE patient = ? ORDER BY id", patient.Bytes())
	if err != nil {
		return err
	}
	share := keyShare{Patient: patient, Grantee: grantee, Keys: map[uint64]vault.Envelope{}}
	for _, r := range recs {
		if !covers(types, r.ResourceType) {
			continue
		}
		c, err := cid.Decode(r.CID)
		if err != nil {
			continue
		}
		blob, err := s.cfg.Blobs.Get(ctx, c)
		if err != nil {
			return fmt.Errorf("fetch record %d: %w", r.ID, err)
		}
		sealed, err := vault.Parse(blob)
		if err != nil {
			continue
		}
		key, err := sealed.Key(priv)
		if err != nil {
			continue
		}
		env, err := vault.Wrap(key, vault.Recipient{Address: grantee, Public: pub})
		if err != nil {
			return err
		}
		share.Keys[r.ID] = env
	}
	if len(share.Keys) == 0 {
		return nil
	}
	obj, _ := json.Marshal(share)
	c, err := s.cfg.Blobs.Add(ctx, obj)
	if err != nil {
		return err
	}
	_, err = s.transact(ctx, by, s.cfg.EMR, s.emrc.PackShareKeys(share.Patient, grantee, c.Bytes()))
	return err
}

// sharedKey unwraps the key of rec from a key share published for holder.
func (s *Service) sharedKey(ctx context.Context, rec *Record, holder common.Address) ([]byte, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT cid FROM key_shares WHERE grantee = ? AND patient = ? ORDER BY block DESC, log_index DESC", holder.Bytes(), rec.Patient.Bytes())
	if err != nil {
		return nil, err
	}
	var cids []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err == nil {
			cids = append(cids, c)
		}
	}
	rows.Close()
	priv, err := s.cfg.Keyring.Key(holder)
	if err != nil {
		return nil, err
	}
	for _, cs := range cids {
		c, err := cid.Decode(cs)
		if err != nil {
			continue
		}
		obj, err := s.cfg.Blobs.Get(ctx, c)
		if err != nil {
			continue
		}
		var share keyShare
		if json.Unmarshal(obj, &share) != nil || share.Grantee != holder || share.Patient != rec.Patient {
			continue
		}
		if env, ok := share.Keys[rec.ID]; ok && env.To == holder {
			return vault.Unwrap(env, priv)
		}
	}
	return nil, fmt.Errorf("%w: no key share for record %d", ErrForbidden, rec.ID)
}

// RespondEmergencies shares keys for active emergency accesses to patients in
// this node's custody (registered by its hospital) that have no share yet.
func (s *Service) RespondEmergencies(ctx context.Context) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.patient, e.practitioner, e.block FROM emergency_events e JOIN identities i ON i.address = e.patient
		WHERE i.hospital = ? AND e.expires_at > ? AND NOT EXISTS (SELECT 1 FROM key_shares k WHERE k.patient = e.patient AND k.grantee = e.practitioner AND k.block >= e.block)`,
		s.hospital.Bytes(), time.Now().Unix())
	if err != nil {
		s.log.Warn("emergency check failed", "err", err)
		return
	}
	type pending struct{ patient, practitioner common.Address }
	var todo []pending
	for rows.Next() {
		var p, pr []byte
		var b uint64
		if rows.Scan(&p, &pr, &b) == nil {
			todo = append(todo, pending{common.BytesToAddress(p), common.BytesToAddress(pr)})
		}
	}
	rows.Close()
	for _, t := range todo {
		err := s.shareKeys(ctx, s.hospital, s.hospital, t.patient, t.practitioner, ScopeTypes(0x1FFE))
		s.audit(ctx, s.hospital, "E", "emergency-keys", t.patient, 0, outcome(err), "keys released to "+t.practitioner.Hex()+" for break-glass access")
		if err != nil {
			s.log.Warn("could not release keys for an emergency access", "patient", t.patient, "practitioner", t.practitioner, "err", err)
		} else {
			s.log.Warn("EMERGENCY ACCESS: keys released", "patient", t.patient, "practitioner", t.practitioner)
		}
	}
}

// Grants lists patient's consents, current state per grantee.
func (s *Service) Grants(ctx context.Context, patient common.Address) ([]Grant, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT grantee, kind, scope, expiry, time FROM consent_events c WHERE patient = ?
		AND NOT EXISTS (SELECT 1 FROM consent_events n WHERE n.patient = c.patient AND n.grantee = c.grantee AND (n.block > c.block OR (n.block = c.block AND n.log_index > c.log_index)))
		ORDER BY block, log_index`, patient.Bytes())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Grant
	for rows.Next() {
		var g []byte
		var kind int
		var scope uint32
		var exp, ts int64
		if err := rows.Scan(&g, &kind, &scope, &exp, &ts); err != nil {
			return nil, err
		}
		gr := Grant{Patient: patient, Grantee: common.BytesToAddress(g), Scope: ScopeTypes(scope), Active: kind == 1, Since: time.Unix(ts, 0).UTC()}
		if exp != 0 {
			t := time.Unix(exp, 0).UTC()
			gr.Expiry = &t
			if !t.After(time.Now()) {
				gr.Active = false
			}
		}
		out = append(out, gr)
	}
	return out, rows.Err()
}

func (s *Service) grant(ctx context.Context, patient, grantee common.Address) (*Grant, error) {
	gs, err := s.Grants(ctx, patient)
	if err != nil {
		return nil, err
	}
	for i := range gs {
		if gs[i].Grantee == grantee {
			return &gs[i], nil
		}
	}
	return nil, fmt.Errorf("%w: no grant", ErrNotFound)
}

// Emergencies lists the break-glass accesses to patient's records.
func (s *Service) Emergencies(ctx context.Context, patient common.Address) ([]Emergency, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT practitioner, hospital, reason_hash, expires_at, tx_hash, time FROM emergency_events WHERE patient = ? ORDER BY block, log_index", patient.Bytes())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Emergency
	for rows.Next() {
		var pr, h, rh, tx []byte
		var exp, ts int64
		if err := rows.Scan(&pr, &h, &rh, &exp, &tx, &ts); err != nil {
			return nil, err
		}
		out = append(out, Emergency{Patient: patient, Practitioner: common.BytesToAddress(pr), Hospital: common.BytesToAddress(h),
			ReasonHash: common.BytesToHash(rh), ExpiresAt: time.Unix(exp, 0).UTC(), TxHash: common.BytesToHash(tx), Time: time.Unix(ts, 0).UTC()})
	}
	return out, rows.Err()
}
