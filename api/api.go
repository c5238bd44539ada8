// Package api serves the EMR over HTTP: FHIR REST under /fhir, identities,
// consent and audit under /api/v1, login by signed challenge, an OpenAPI
// document and /healthz. FHIR errors are OperationOutcomes; the others are
// RFC 9457 problem details.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/dualchain/dualchain/emr"
	"github.com/dualchain/dualchain/fhir"
	"github.com/dualchain/dualchain/proof"
	"github.com/dualchain/dualchain/store"
)

// Config configures the handler.
type Config struct {
	EMR     *emr.Service
	ChainID uint64
	// Domain appears in login challenges (the host users see); default "dualchain.local".
	Domain string
	// TokenTTL is how long a login lasts; default 12 h.
	TokenTTL time.Duration
	// Gateway, if set, is mounted at /ipfs/.
	Gateway http.Handler
	// Status, if set, answers GET /api/v1/status (the dual-chain status).
	Status func(ctx context.Context) (any, error)
	// Attack, if set (dev mode only), runs the attack simulator for
	// POST /api/v1/dev/attacks, as this hospital's admin.
	Attack func(ctx context.Context, request []byte) (any, error)
	// Restore, if set, restores the working chain from this node's archive
	// for POST /api/v1/admin/restore, as this hospital's admin.
	Restore func(ctx context.Context) (any, error)
	// Incidents, if set, answers GET /api/v1/incidents.
	Incidents func(ctx context.Context, openOnly bool) (any, error)
	// Proofs, if set, answers the proof endpoints (dual-chain mode).
	Proofs *proof.Builder
	// BlockStatus, if set, tells a record's verification state
	// (unanchored, anchored, settled, conflicting) from its block.
	BlockStatus func(ctx context.Context, number uint64) (string, error)
	Logger      *slog.Logger
}

// Server is the HTTP API.
type Server struct {
	cfg  Config
	emr  *emr.Service
	auth *sessions
	log  *slog.Logger
	mux  *http.ServeMux
}

// New returns the API handler.
func New(cfg Config) *Server {
	if cfg.Domain == "" {
		cfg.Domain = "dualchain.local"
	}
	if cfg.TokenTTL == 0 {
		cfg.TokenTTL = 12 * time.Hour
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{cfg: cfg, emr: cfg.EMR, auth: newSessions(cfg.Domain, cfg.ChainID, cfg.TokenTTL), log: cfg.Logger.With("component", "api"), mux: http.NewServeMux()}
	m := s.mux
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]string{"status": "ok"}) })
	m.HandleFunc("GET /openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPI)
	})
	if cfg.Gateway != nil {
		m.Handle("GET /ipfs/", cfg.Gateway)
		m.Handle("HEAD /ipfs/", cfg.Gateway)
	}
	m.HandleFunc("GET /api/v1/auth/challenge", s.challenge)
	m.HandleFunc("POST /api/v1/auth/login", s.login)
	m.HandleFunc("GET /api/v1/me", s.authed(s.me))
	m.HandleFunc("POST /api/v1/practitioners", s.authed(s.registerPractitioner))
	m.HandleFunc("POST /api/v1/auditors", s.authed(s.registerAuditor))
	m.HandleFunc("POST /api/v1/patients", s.registerPatient)
	m.HandleFunc("GET /api/v1/patients", s.authed(s.listPatients))
	m.HandleFunc("GET /api/v1/identities/{address}", s.authed(s.identity))
	m.HandleFunc("POST /api/v1/consent", s.authed(s.grant))
	m.HandleFunc("DELETE /api/v1/consent/{grantee}", s.authed(s.revoke))
	m.HandleFunc("GET /api/v1/consent", s.authed(s.grants))
	m.HandleFunc("POST /api/v1/emergency", s.authed(s.emergency))
	m.HandleFunc("GET /api/v1/emergency", s.authed(s.emergencies))
	m.HandleFunc("GET /api/v1/audit", s.authed(s.auditTrail))
	m.HandleFunc("GET /api/v1/records/{id}", s.authed(s.recordInfo))
	m.HandleFunc("GET /api/v1/records/{id}/proof", s.authed(s.recordProof))
	m.HandleFunc("GET /api/v1/incidents", s.incidents)
	if cfg.Attack != nil {
		m.HandleFunc("POST /api/v1/dev/attacks", s.authed(s.attack))
	}
	if cfg.Restore != nil {
		m.HandleFunc("POST /api/v1/admin/restore", s.authed(s.restore))
	}
	m.HandleFunc("GET /api/v1/proofs/tx/{hash}", s.authed(s.txProof))
	m.HandleFunc("GET /api/v1/proofs/block/{number}", s.authed(s.blockProof))
	if cfg.Status != nil {
		m.HandleFunc("GET /api/v1/status", func(w http.ResponseWriter, r *http.Request) {
			st, err := cfg.Status(r.Context())
			if err != nil {
				problem(w, 503, "status unavailable", err.Error())
				return
			}
			writeJSON(w, 200, st)
		})
	}
	s.fhirRoutes(m)
	return s
}

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	s.mux.ServeHTTP(w, r)
	s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "took", time.Since(start))
}

// ---- helpers ----

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// problem writes RFC 9457 problem details.
func problem(w http.ResponseWriter, status int, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"type": "about:blank", "title": title, "status": status, "detail": detail})
}

// statusOf maps service errors to HTTP statuses.
func statusOf(err error) int {
	switch {
	case errors.Is(err, emr.ErrInvalid), errors.Is(err, fhir.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, emr.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, emr.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, emr.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, errTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, emr.ErrCorrupt):
		return http.StatusBadGateway
	}
	return http.StatusInternalServerError
}

func (s *Server) fail(w http.ResponseWriter, err error) {
	st := statusOf(err)
	if st == 500 {
		s.log.Error("request failed", "err", err)
	}
	problem(w, st, http.StatusText(st), err.Error())
}

var errTooLarge = errors.New("request body too large")

// body reads a request body of at most limit bytes.
func body(w http.ResponseWriter, r *http.Request, limit int) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, int64(limit)))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, fmt.Errorf("%w: over the %d-byte limit", errTooLarge, limit)
	}
	return b, err
}

func (s *Server) authed(h func(http.ResponseWriter, *http.Request, common.Address)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		who, ok := s.auth.who(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="dualchain"`)
			if strings.HasPrefix(r.URL.Path, "/fhir") {
				outcome(w, 401, "login", "log in first: GET /api/v1/auth/challenge, sign it, POST /api/v1/auth/login, then send Authorization: Bearer <token>")
				return
			}
			problem(w, 401, "Unauthorized", "log in first: GET /api/v1/auth/challenge, sign it, POST /api/v1/auth/login, then send Authorization: Bearer <token>")
			return
		}
		h(w, r, who)
	}
}

func address(s string) (common.Address, error) {
	if !common.IsHexAddress(s) {
		return common.Address{}, fmt.Errorf("%w: %q is not an account address", emr.ErrInvalid, s)
	}
	return common.HexToAddress(s), nil
}

// ---- auth ----

func (s *Server) challenge(w http.ResponseWriter, r *http.Request) {
	a, err := address(r.URL.Query().Get("address"))
	if err != nil {
		problem(w, 400, "Bad Request", "give ?address=0x… (the account that will sign)")
		return
	}
	uri := "http://" + r.Host
	msg, nonce, exp := s.auth.challenge(a, uri)
	writeJSON(w, 200, map[string]any{"message": msg, "nonce": nonce, "expiresAt": exp})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req struct{ Message, Signature string }
	b, err := body(w, r, 1<<16)
	if err == nil {
		err = json.Unmarshal(b, &req)
	}
	if err != nil {
		problem(w, 400, "Bad Request", "body must be JSON {\"message\": …, \"signature\": \"0x…\"}")
		return
	}
	tok, who, exp, err := s.auth.login(req.Message, req.Signature)
	if err != nil {
		problem(w, 401, "Unauthorized", err.Error())
		return
	}
	writeJSON(w, 200, map[string]any{"token": tok, "address": who, "expiresAt": exp})
}

func (s *Server) me(w http.ResponseWriter, r *http.Request, who common.Address) {
	id, err := s.emr.Identity(r.Context(), who)
	if err != nil {
		writeJSON(w, 200, map[string]any{"address": who, "role": "none"})
		return
	}
	writeJSON(w, 200, id)
}

// ---- identities ----

type registration struct {
	Resource   json.RawMessage `json:"resource"`
	Passphrase string          `json:"passphrase"` // encrypts the returned key file
}

func (s *Server) readRegistration(w http.ResponseWriter, r *http.Request) (*registration, error) {
	b, err := body(w, r, s.emr.MaxRecordBytes())
	if err != nil {
		return nil, err
	}
	var reg registration
	if err := json.Unmarshal(b, &reg); err != nil {
		return nil, fmt.Errorf("%w: body must be JSON {\"resource\": <FHIR resource>, \"passphrase\": …}: %v", emr.ErrInvalid, err)
	}
	if len(reg.Passphrase) < 8 {
		return nil, fmt.Errorf("%w: passphrase (for the key file handed back) must have at least 8 characters", emr.ErrInvalid)
	}
	return &reg, nil
}

func (s *Server) requireAdmin(who common.Address) error {
	if who != s.emr.Hospital() {
		return fmt.Errorf("%w: only this hospital's admin (%s) may do this", emr.ErrForbidden, s.emr.Hospital())
	}
	return nil
}

func (s *Server) registered(w http.ResponseWriter, id *emr.Identity, passphrase string, extra map[string]any) {
	key, err := s.emr.ExportKey(id.Address, passphrase)
	if err != nil {
		s.fail(w, err)
		return
	}
	out := map[string]any{"identity": id, "keystore": json.RawMessage(key)}
	for k, v := range extra {
		out[k] = v
	}
	writeJSON(w, 201, out)
}

func (s *Server) registerPractitioner(w http.ResponseWriter, r *http.Request, who common.Address) {
	if err := s.requireAdmin(who); err != nil {
		s.fail(w, err)
		return
	}
	reg, err := s.readRegistration(w, r)
	if err != nil {
		s.fail(w, err)
		return
	}
	res, err := fhir.Parse(reg.Resource)
	if err == nil && res.ResourceType != "Practitioner" {
		err = fmt.Errorf("%w: expected a Practitioner resource, got %s", emr.ErrInvalid, res.ResourceType)
	}
	if err != nil {
		s.fail(w, fmt.Errorf("%w: %w", emr.ErrInvalid, err))
		return
	}
	id, err := s.emr.RegisterPractitioner(r.Context(), res.Raw)
	if err != nil {
		s.fail(w, err)
		return
	}
	s.registered(w, id, reg.Passphrase, nil)
}

func (s *Server) registerAuditor(w http.ResponseWriter, r *http.Request, who common.Address) {
	if err := s.requireAdmin(who); err != nil {
		s.fail(w, err)
		return
	}
	var req struct{ Passphrase string }
	b, _ := body(w, r, 1<<16)
	_ = json.Unmarshal(b, &req)
	if len(req.Passphrase) < 8 {
		s.fail(w, fmt.Errorf("%w: passphrase must have at least 8 characters", emr.ErrInvalid))
		return
	}
	id, err := s.emr.RegisterAuditor(r.Context())
	if err != nil {
		s.fail(w, err)
		return
	}
	s.registered(w, id, req.Passphrase, nil)
}

// registerPatient registers a patient: by the logged-in staff member, or,
// without a login, the patient registering themself.
func (s *Server) registerPatient(w http.ResponseWriter, r *http.Request) {
	by, _ := s.auth.who(r)
	reg, err := s.readRegistration(w, r)
	if err != nil {
		s.fail(w, err)
		return
	}
	id, rec, err := s.emr.RegisterPatient(r.Context(), by, reg.Resource)
	if err != nil {
		s.fail(w, err)
		return
	}
	s.registered(w, id, reg.Passphrase, map[string]any{"patientRecord": rec})
}

func (s *Server) listPatients(w http.ResponseWriter, r *http.Request, who common.Address) {
	ids, err := s.emr.Identities(r.Context(), s.emr.Hospital(), "patient")
	if err != nil {
		s.fail(w, err)
		return
	}
	me, err := s.emr.Identity(r.Context(), who)
	if err != nil || (me.Address != s.emr.Hospital() && me.Hospital != s.emr.Hospital()) || me.Role == "patient" {
		s.fail(w, fmt.Errorf("%w: only this hospital's staff list its patients", emr.ErrForbidden))
		return
	}
	if ids == nil {
		ids = []emr.Identity{}
	}
	writeJSON(w, 200, ids)
}

func (s *Server) identity(w http.ResponseWriter, r *http.Request, _ common.Address) {
	a, err := address(r.PathValue("address"))
	if err != nil {
		s.fail(w, err)
		return
	}
	id, err := s.emr.Identity(r.Context(), a)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, 200, id)
}

// ---- consent, emergency, audit ----

func (s *Server) grant(w http.ResponseWriter, r *http.Request, who common.Address) {
	var req struct {
		Grantee string     `json:"grantee"`
		Types   []string   `json:"types"`
		Expiry  *time.Time `json:"expiry"`
	}
	b, err := body(w, r, 1<<16)
	if err == nil {
		err = json.Unmarshal(b, &req)
	}
	if err != nil {
		s.fail(w, fmt.Errorf("%w: body must be JSON {\"grantee\": \"0x…\", \"types\": [\"Observation\", …], \"expiry\": RFC 3339 time or null}", emr.ErrInvalid))
		return
	}
	g, err := address(req.Grantee)
	if err != nil {
		s.fail(w, err)
		return
	}
	var exp time.Time
	if req.Expiry != nil {
		exp = *req.Expiry
	}
	gr, err := s.emr.Grant(r.Context(), who, g, req.Types, exp)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, 201, gr)
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request, who common.Address) {
	g, err := address(r.PathValue("grantee"))
	if err != nil {
		s.fail(w, err)
		return
	}
	if err := s.emr.Revoke(r.Context(), who, g); err != nil {
		s.fail(w, err)
		return
	}
	w.WriteHeader(204)
}

// patientParam is ?patient= (default: the caller). Only the patient, staff
// of its hospital and auditors may look at its consents and audit trail.
func (s *Server) patientParam(r *http.Request, who common.Address) (common.Address, error) {
	p := who
	if q := r.URL.Query().Get("patient"); q != "" {
		var err error
		if p, err = address(q); err != nil {
			return p, err
		}
	}
	if p == who {
		return p, nil
	}
	me, err := s.emr.Identity(r.Context(), who)
	pat, err2 := s.emr.Identity(r.Context(), p)
	if err2 != nil {
		return p, err2
	}
	if err != nil || !me.Active {
		return p, fmt.Errorf("%w: %s is not an active identity", emr.ErrForbidden, who)
	}
	if me.Role == "auditor" || (me.Role == "admin" && pat.Hospital == who) || (me.Role == "practitioner" && me.Hospital == pat.Hospital) {
		return p, nil
	}
	return p, fmt.Errorf("%w: %s may not see patient %s's consents or audit trail", emr.ErrForbidden, who, p)
}

func (s *Server) grants(w http.ResponseWriter, r *http.Request, who common.Address) {
	p, err := s.patientParam(r, who)
	if err != nil {
		s.fail(w, err)
		return
	}
	gs, err := s.emr.Grants(r.Context(), p)
	if err != nil {
		s.fail(w, err)
		return
	}
	if gs == nil {
		gs = []emr.Grant{}
	}
	writeJSON(w, 200, gs)
}

func (s *Server) emergency(w http.ResponseWriter, r *http.Request, who common.Address) {
	var req struct {
		Patient         string `json:"patient"`
		Reason          string `json:"reason"`
		DurationSeconds int64  `json:"durationSeconds"`
	}
	b, err := body(w, r, 1<<16)
	if err == nil {
		err = json.Unmarshal(b, &req)
	}
	if err != nil {
		s.fail(w, fmt.Errorf("%w: body must be JSON {\"patient\": \"0x…\", \"reason\": …, \"durationSeconds\": …}", emr.ErrInvalid))
		return
	}
	p, err := address(req.Patient)
	if err != nil {
		s.fail(w, err)
		return
	}
	if req.DurationSeconds == 0 {
		req.DurationSeconds = 3600
	}
	e, err := s.emr.Emergency(r.Context(), who, p, req.Reason, time.Duration(req.DurationSeconds)*time.Second)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, 201, e)
}

func (s *Server) emergencies(w http.ResponseWriter, r *http.Request, who common.Address) {
	p, err := s.patientParam(r, who)
	if err != nil {
		s.fail(w, err)
		return
	}
	es, err := s.emr.Emergencies(r.Context(), p)
	if err != nil {
		s.fail(w, err)
		return
	}
	if es == nil {
		es = []emr.Emergency{}
	}
	writeJSON(w, 200, es)
}

func (s *Server) auditTrail(w http.ResponseWriter, r *http.Request, who common.Address) {
	p, err := s.patientParam(r, who)
	if err != nil {
		s.fail(w, err)
		return
	}
	if r.URL.Query().Get("patient") == "" {
		if me, err := s.emr.Identity(r.Context(), who); err == nil && (me.Role == "auditor" || who == s.emr.Hospital()) {
			p = common.Address{}
		}
	}
	limit := 1000
	if l, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && l > 0 {
		limit = min(l, 10000)
	}
	evs, err := s.emr.AuditEvents(r.Context(), p, limit)
	if err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/fhir+json")
	writeBundle(w, "searchset", evs, nil)
}

func (s *Server) recordInfo(w http.ResponseWriter, r *http.Request, who common.Address) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, fmt.Errorf("%w: record id must be a number", emr.ErrInvalid))
		return
	}
	rec, err := s.emr.Record(r.Context(), id)
	if err != nil {
		s.fail(w, err)
		return
	}
	out := struct {
		*emr.Record
		Verification string `json:"verification,omitempty"`
	}{Record: rec}
	if s.cfg.BlockStatus != nil {
		if out.Verification, err = s.cfg.BlockStatus(r.Context(), rec.Block); err != nil {
			s.log.Warn("block status", "block", rec.Block, "err", err)
			out.Verification = ""
		}
	}
	writeJSON(w, 200, out)
}

// incidents lists the guard's incidents, newest first (?open=true: only
// unresolved). Public like /api/v1/status: they concern the chain, not
// patients.
func (s *Server) incidents(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Incidents == nil {
		problem(w, http.StatusNotImplemented, "Not Implemented", "this node keeps no incidents")
		return
	}
	out, err := s.cfg.Incidents(r.Context(), r.URL.Query().Get("open") == "true")
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, 200, out)
}

// attack runs the dev attack simulator.
func (s *Server) attack(w http.ResponseWriter, r *http.Request, who common.Address) {
	if err := s.requireAdmin(who); err != nil {
		s.fail(w, err)
		return
	}
	b, err := body(w, r, 1<<16)
	if err != nil {
		s.fail(w, err)
		return
	}
	out, err := s.cfg.Attack(r.Context(), b)
	if err != nil {
		problem(w, http.StatusBadRequest, "Attack Not Done", err.Error())
		return
	}
	s.log.Warn("attack simulated on request", "by", who)
	writeJSON(w, 200, out)
}

// restore runs the restore response.
func (s *Server) restore(w http.ResponseWriter, r *http.Request, who common.Address) {
	if err := s.requireAdmin(who); err != nil {
		s.fail(w, err)
		return
	}
	out, err := s.cfg.Restore(r.Context())
	if err != nil {
		problem(w, http.StatusConflict, "Not Restored", err.Error())
		return
	}
	s.log.Warn("restore run on request", "by", who)
	writeJSON(w, 200, out)
}

// errNoProofs answers proof requests in single-chain mode.
var errNoProofs = errors.New("this node runs without a verification chain (single-chain mode): nothing is anchored, so there are no proofs")

func (s *Server) proofFail(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, errNoProofs):
		problem(w, http.StatusNotImplemented, "Not Implemented", err.Error())
	case errors.Is(err, proof.ErrNotAnchored):
		problem(w, http.StatusConflict, "Not Anchored Yet", err.Error()+"; retry after the next checkpoint")
	case errors.Is(err, proof.ErrUnknownTx), errors.Is(err, proof.ErrNoRecord), errors.Is(err, store.ErrNotFound):
		problem(w, http.StatusNotFound, "Not Found", err.Error())
	default:
		s.fail(w, err)
	}
}

func (s *Server) recordProof(w http.ResponseWriter, r *http.Request, _ common.Address) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, fmt.Errorf("%w: record id must be a number", emr.ErrInvalid))
		return
	}
	if s.cfg.Proofs == nil {
		s.proofFail(w, errNoProofs)
		return
	}
	rec, err := s.emr.Record(r.Context(), id)
	if err != nil {
		s.fail(w, err)
		return
	}
	p, err := s.cfg.Proofs.Record(r.Context(), s.emr.Contract(), id, rec.TxHash)
	if err != nil {
		s.proofFail(w, err)
		return
	}
	writeJSON(w, 200, p)
}

func (s *Server) txProof(w http.ResponseWriter, r *http.Request, _ common.Address) {
	h := r.PathValue("hash")
	if len(h) != 66 || !strings.HasPrefix(h, "0x") {
		s.fail(w, fmt.Errorf("%w: transaction hash must be 0x and 64 hex digits", emr.ErrInvalid))
		return
	}
	if s.cfg.Proofs == nil {
		s.proofFail(w, errNoProofs)
		return
	}
	p, err := s.cfg.Proofs.Tx(r.Context(), common.HexToHash(h))
	if err != nil {
		s.proofFail(w, err)
		return
	}
	writeJSON(w, 200, p)
}

func (s *Server) blockProof(w http.ResponseWriter, r *http.Request, _ common.Address) {
	n, err := strconv.ParseUint(r.PathValue("number"), 10, 64)
	if err != nil {
		s.fail(w, fmt.Errorf("%w: block number must be a number", emr.ErrInvalid))
		return
	}
	if s.cfg.Proofs == nil {
		s.proofFail(w, errNoProofs)
		return
	}
	p, err := s.cfg.Proofs.Block(r.Context(), n)
	if err != nil {
		s.proofFail(w, err)
		return
	}
	writeJSON(w, 200, p)
}
