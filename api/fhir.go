package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/dualchain/dualchain/emr"
	"github.com/dualchain/dualchain/fhir"
)

const fhirJSON = "application/fhir+json"

func (s *Server) fhirRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /fhir/metadata", s.capability)
	m.HandleFunc("POST /fhir", s.authed(s.transaction))
	m.HandleFunc("POST /fhir/{type}", s.authed(s.create))
	m.HandleFunc("GET /fhir/{type}", s.authed(s.search))
	m.HandleFunc("GET /fhir/{type}/{id}", s.authed(s.read))
	m.HandleFunc("PUT /fhir/{type}/{id}", s.authed(s.update))
	m.HandleFunc("GET /fhir/{type}/{id}/_history", s.authed(s.history))
	m.HandleFunc("GET /fhir/{type}/{id}/_history/{vid}", s.authed(s.vread))
	m.HandleFunc("GET /fhir/Patient/{id}/$everything", s.authed(s.everything))
}

// outcome writes an OperationOutcome with one issue.
func outcome(w http.ResponseWriter, status int, code fhir.IssueCode, diag string) {
	w.Header().Set("Content-Type", fhirJSON)
	w.WriteHeader(status)
	w.Write(fhir.OperationOutcome([]fhir.Issue{{Severity: fhir.SeverityError, Code: code, Diagnostics: diag}}))
}

// fhirFail writes err as an OperationOutcome; validation errors keep every issue.
func (s *Server) fhirFail(w http.ResponseWriter, err error) {
	st := statusOf(err)
	var ve *fhir.ValidationError
	if errors.As(err, &ve) {
		w.Header().Set("Content-Type", fhirJSON)
		w.WriteHeader(st)
		w.Write(ve.OperationOutcome())
		return
	}
	code := map[int]fhir.IssueCode{400: fhir.CodeInvalid, 403: fhir.CodeForbidden, 404: fhir.CodeNotFound, 409: fhir.CodeConflict, 413: fhir.IssueCode("too-long")}[st]
	if code == "" {
		code = fhir.CodeException
	}
	if st == 500 {
		s.log.Error("FHIR request failed", "err", err)
	}
	outcome(w, st, code, err.Error())
}

func writeResource(w http.ResponseWriter, status int, rec *emr.Record, body []byte) {
	w.Header().Set("Content-Type", fhirJSON)
	if rec != nil {
		w.Header().Set("ETag", fmt.Sprintf(`W/"%d"`, rec.Version))
		w.Header().Set("Last-Modified", rec.Time.Format(http.TimeFormat))
		w.Header().Set("X-Record-Id", strconv.FormatUint(rec.ID, 10))
		if status == 201 {
			w.Header().Set("Location", fmt.Sprintf("/fhir/%s/%s/_history/%d", rec.ResourceType, logicalID(rec), rec.Version))
		}
	}
	w.WriteHeader(status)
	w.Write(body)
}

func logicalID(rec *emr.Record) string {
	if rec.ResourceType == "Patient" {
		return strings.ToLower(rec.Patient.Hex())
	}
	return strconv.FormatUint(rec.LogicalID, 10)
}

// writeBundle writes a Bundle of the given type with the resources as entries.
func writeBundle(w http.ResponseWriter, typ string, resources []json.RawMessage, responses []map[string]any) {
	entries := make([]map[string]any, 0, len(resources))
	for i, r := range resources {
		e := map[string]any{"resource": r}
		if responses != nil {
			e["response"] = responses[i]
		}
		entries = append(entries, e)
	}
	b := map[string]any{"resourceType": "Bundle", "type": typ, "entry": entries}
	if typ == "searchset" {
		b["total"] = len(resources)
	}
	w.Header().Set("Content-Type", fhirJSON)
	w.WriteHeader(200)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(b)
}

// recordID resolves the {id} of a FHIR URL: a record's logical id, or for a
// Patient its account address.
func (s *Server) recordID(r *http.Request) (uint64, error) {
	typ, id := r.PathValue("type"), r.PathValue("id")
	if !fhir.IsSupported(typ) {
		return 0, fmt.Errorf("%w: resource type %q is not supported", emr.ErrNotFound, typ)
	}
	if typ == "Patient" {
		a, err := address(id)
		if err != nil {
			return 0, fmt.Errorf("%w: Patient ids are account addresses", emr.ErrNotFound)
		}
		return s.emr.PatientRecordID(r.Context(), a)
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: no %s/%s", emr.ErrNotFound, typ, id)
	}
	return n, nil
}

func (s *Server) checkType(r *http.Request, rec *emr.Record) error {
	if rec.ResourceType != r.PathValue("type") {
		return fmt.Errorf("%w: no %s/%s", emr.ErrNotFound, r.PathValue("type"), r.PathValue("id"))
	}
	return nil
}

func (s *Server) create(w http.ResponseWriter, r *http.Request, who common.Address) {
	b, err := body(w, r, s.emr.MaxRecordBytes())
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	if typ := r.PathValue("type"); !fhir.IsSupported(typ) {
		s.fhirFail(w, fmt.Errorf("%w: resource type %q is not supported", emr.ErrNotFound, typ))
		return
	}
	res, err := fhir.Parse(b)
	if err != nil {
		s.fhirFail(w, fmt.Errorf("%w: %w", emr.ErrInvalid, err))
		return
	}
	if res.ResourceType != r.PathValue("type") {
		s.fhirFail(w, fmt.Errorf("%w: resourceType %s does not match the URL's %s", emr.ErrInvalid, res.ResourceType, r.PathValue("type")))
		return
	}
	rec, err := s.emr.Create(r.Context(), who, b)
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	_, out, err := s.emr.Read(r.Context(), who, rec.LogicalID, rec.Version)
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	writeResource(w, 201, rec, out)
}

func (s *Server) update(w http.ResponseWriter, r *http.Request, who common.Address) {
	b, err := body(w, r, s.emr.MaxRecordBytes())
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	id, err := s.recordID(r)
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	rec, err := s.emr.Update(r.Context(), who, id, b)
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	_, out, err := s.emr.Read(r.Context(), who, rec.LogicalID, rec.Version)
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	writeResource(w, 200, rec, out)
}

func (s *Server) read(w http.ResponseWriter, r *http.Request, who common.Address) {
	id, err := s.recordID(r)
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	rec, out, err := s.emr.Read(r.Context(), who, id, 0)
	if err == nil {
		err = s.checkType(r, rec)
	}
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	writeResource(w, 200, rec, out)
}

func (s *Server) vread(w http.ResponseWriter, r *http.Request, who common.Address) {
	id, err := s.recordID(r)
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	v, err := strconv.ParseUint(r.PathValue("vid"), 10, 32)
	if err != nil || v == 0 {
		s.fhirFail(w, fmt.Errorf("%w: no version %q", emr.ErrNotFound, r.PathValue("vid")))
		return
	}
	rec, out, err := s.emr.Read(r.Context(), who, id, uint32(v))
	if err == nil {
		err = s.checkType(r, rec)
	}
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	writeResource(w, 200, rec, out)
}

func (s *Server) history(w http.ResponseWriter, r *http.Request, who common.Address) {
	id, err := s.recordID(r)
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	recs, bodies, err := s.emr.History(r.Context(), who, id)
	if err == nil && len(recs) > 0 {
		err = s.checkType(r, &recs[0])
	}
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	writeBundle(w, "history", raws(bodies), nil)
}

func raws(bodies [][]byte) []json.RawMessage {
	out := make([]json.RawMessage, len(bodies))
	for i, b := range bodies {
		out[i] = b
	}
	return out
}

// search supports ?patient=<ref or address> (required).
func (s *Server) search(w http.ResponseWriter, r *http.Request, who common.Address) {
	typ := r.PathValue("type")
	if !fhir.IsSupported(typ) {
		s.fhirFail(w, fmt.Errorf("%w: resource type %q is not supported", emr.ErrNotFound, typ))
		return
	}
	q := r.URL.Query().Get("patient")
	if q == "" {
		q = r.URL.Query().Get("subject")
	}
	q = strings.TrimPrefix(q, "Patient/")
	p, err := address(q)
	if err != nil {
		s.fhirFail(w, fmt.Errorf("%w: search needs ?patient=<account address>", emr.ErrInvalid))
		return
	}
	recs, bodies, err := s.emr.Search(r.Context(), who, p, typ)
	if err != nil && !errors.Is(err, emr.ErrForbidden) {
		s.fhirFail(w, err)
		return
	}
	_ = recs
	writeBundle(w, "searchset", raws(bodies), nil)
}

func (s *Server) everything(w http.ResponseWriter, r *http.Request, who common.Address) {
	p, err := address(r.PathValue("id"))
	if err != nil {
		s.fhirFail(w, fmt.Errorf("%w: Patient ids are account addresses", emr.ErrNotFound))
		return
	}
	_, bodies, err := s.emr.Everything(r.Context(), who, p)
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	writeBundle(w, "searchset", raws(bodies), nil)
}

// transaction imports a transaction Bundle of records for existing patients
// (references "Patient/0x…"), or with one new Patient entry (fullUrl
// urn:uuid:…) that the other entries reference: the patient is registered
// first. Entries are written in order; the response lists each outcome.
// Chain writes cannot be rolled back, so a failure stops the import and the
// response says which entries were written.
func (s *Server) transaction(w http.ResponseWriter, r *http.Request, who common.Address) {
	b, err := body(w, r, s.emr.MaxRecordBytes())
	if err != nil {
		s.fhirFail(w, err)
		return
	}
	bundle, err := fhir.Parse(b)
	if err != nil {
		s.fhirFail(w, fmt.Errorf("%w: %w", emr.ErrInvalid, err))
		return
	}
	if bundle.ResourceType != "Bundle" {
		s.fhirFail(w, fmt.Errorf("%w: POST /fhir takes a transaction Bundle", emr.ErrInvalid))
		return
	}
	urns := map[string]string{}
	var out []json.RawMessage
	var resp []map[string]any
	for i, e := range bundle.Entries() {
		if e.Resource == nil || e.Method != "POST" {
			s.fhirFail(w, fmt.Errorf("%w: entry %d: only POST entries are supported", emr.ErrInvalid, i))
			return
		}
		raw := e.Resource.Raw
		for urn, ref := range urns {
			raw = []byte(strings.ReplaceAll(string(raw), `"`+urn+`"`, `"`+ref+`"`))
		}
		var rec *emr.Record
		if e.Resource.ResourceType == "Patient" {
			var id *emr.Identity
			id, rec, err = s.emr.RegisterPatient(r.Context(), who, raw)
			if err == nil && e.FullURL != "" {
				urns[e.FullURL] = "Patient/" + strings.ToLower(id.Address.Hex())
			}
		} else {
			rec, err = s.emr.Create(r.Context(), who, raw)
		}
		if err != nil {
			s.fhirFail(w, fmt.Errorf("entry %d (%s) failed after %d entries were written: %w", i, e.Resource.ResourceType, len(out), err))
			return
		}
		_, body, err := s.emr.Read(r.Context(), who, rec.LogicalID, rec.Version)
		if err != nil {
			s.fhirFail(w, err)
			return
		}
		out = append(out, body)
		resp = append(resp, map[string]any{"status": "201 Created", "location": fmt.Sprintf("%s/%s/_history/%d", rec.ResourceType, logicalID(rec), rec.Version)})
	}
	writeBundle(w, "transaction-response", out, resp)
}

func (s *Server) capability(w http.ResponseWriter, r *http.Request) {
	var res []map[string]any
	for _, t := range fhir.SupportedTypes() {
		res = append(res, map[string]any{"type": t, "interaction": []map[string]string{{"code": "read"}, {"code": "vread"}, {"code": "history-instance"}, {"code": "create"}, {"code": "update"}, {"code": "search-type"}}})
	}
	writeJSON(w, 200, map[string]any{"resourceType": "CapabilityStatement", "status": "active", "kind": "instance", "fhirVersion": "4.0.1",
		"format": []string{"json"}, "date": "2026-11-24", "rest": []any{map[string]any{"mode": "server", "resource": res}}})
}
