package api_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ipfs/go-cid"

	"github.com/dualchain/dualchain/api"
	"github.com/dualchain/dualchain/deploy"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/emr"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/ipfs"
	"github.com/dualchain/dualchain/vault"
)

// hospital is one node: IPFS, EMR service and HTTP API.
type hospital struct {
	t    *testing.T
	key  *ecdsa.PrivateKey
	ipfs *ipfs.Node
	emr  *emr.Service
	srv  *httptest.Server
}

const maxRecord = 256 << 10

// startConsortium deploys the working contracts with n founding hospitals on
// one embedded chain and starts a node for each, IPFS peers of each other.
func startConsortium(t *testing.T, n int) (*devchain.Chain, []*hospital) {
	ctx := testenv.Context(t, 5*time.Minute)
	c := testenv.StartChain(t, 1337, "")
	deployer := testenv.Sender(t, c, 0)
	var founders []common.Address
	var names []string
	for i := range n {
		founders = append(founders, c.Accounts()[i].Address)
		names = append(names, fmt.Sprintf("Hospital %d", i))
	}
	addrs := map[string]common.Address{}
	for _, ct := range deploy.WorkingContracts(founders, names) {
		code, err := ct.InitCode(addrs)
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := deployer.Deploy(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		addrs[ct.Name] = a
	}
	var hs []*hospital
	for i := range n {
		dir := t.TempDir()
		var boot []string
		if i > 0 {
			boot = hs[0].ipfs.Addrs()
		}
		node, err := ipfs.Open(ctx, ipfs.Config{Dir: filepath.Join(dir, "ipfs"), Bootstrap: boot, Logger: testenv.Logger(t)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { node.Close() })
		kr, err := vault.OpenKeyring(filepath.Join(dir, "keys"), "test passphrase", vault.Light)
		if err != nil {
			t.Fatal(err)
		}
		svc, err := emr.New(ctx, emr.Config{
			Backend: c.Client(), Identity: addrs[deploy.IdentityName], EMR: addrs[deploy.EMRName],
			Hospital: c.Accounts()[i].Key, Keyring: kr, Blobs: node, DB: testenv.OpenStore(t),
			Logger: testenv.Logger(t), MaxRecordBytes: maxRecord,
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(api.New(api.Config{EMR: svc, ChainID: 1337, Gateway: node.GatewayHandler(2 * time.Second), Logger: testenv.Logger(t)}))
		t.Cleanup(srv.Close)
		hs = append(hs, &hospital{t: t, key: c.Accounts()[i].Key, ipfs: node, emr: svc, srv: srv})
	}
	return c, hs
}

// do sends a request and decodes a JSON answer into out (if not nil).
func (h *hospital) do(method, path, token string, body any, out any) (int, []byte) {
	h.t.Helper()
	status, _, raw := testenv.Request(h.t, method, h.srv.URL+path, token, body)
	if out != nil && status < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			h.t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
		}
	}
	return status, raw
}

func (h *hospital) must(status int, method, path, token string, body any, out any) []byte {
	h.t.Helper()
	got, raw := h.do(method, path, token, body, out)
	if got != status {
		h.t.Fatalf("%s %s = %d, want %d: %s", method, path, got, status, raw)
	}
	return raw
}

// login signs in with key and returns the bearer token.
func (h *hospital) login(key *ecdsa.PrivateKey) string {
	h.t.Helper()
	var ch struct{ Message string }
	h.must(200, "GET", "/api/v1/auth/challenge?address="+crypto.PubkeyToAddress(key.PublicKey).Hex(), "", nil, &ch)
	sig, err := api.SignChallenge(ch.Message, func(hash []byte) ([]byte, error) { return crypto.Sign(hash, key) })
	if err != nil {
		h.t.Fatal(err)
	}
	var res struct{ Token string }
	h.must(200, "POST", "/api/v1/auth/login", "", map[string]string{"message": ch.Message, "signature": sig}, &res)
	return res.Token
}

type registered struct {
	Identity emr.Identity    `json:"identity"`
	Keystore json.RawMessage `json:"keystore"`
}

// register calls a registration endpoint and returns the new identity's key.
func (h *hospital) register(path, token string, resource []byte) (common.Address, *ecdsa.PrivateKey) {
	h.t.Helper()
	var r registered
	h.must(201, "POST", path, token, map[string]any{"resource": json.RawMessage(resource), "passphrase": "owner secret"}, &r)
	k, err := keystore.DecryptKey(r.Keystore, "owner secret")
	if err != nil {
		h.t.Fatal(err)
	}
	if k.Address != r.Identity.Address {
		h.t.Fatalf("key file for %s holds %s", r.Identity.Address, k.Address)
	}
	return r.Identity.Address, k.PrivateKey
}

func example(t *testing.T, name string, patient common.Address) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "fhir", "testdata", "valid", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.ReplaceAll(string(b), "Patient/pat-1001", "Patient/"+strings.ToLower(patient.Hex())))
}

// same reports whether two resources are equal apart from id and meta.
func same(t *testing.T, a, b []byte) bool {
	t.Helper()
	norm := func(x []byte) string {
		var m map[string]any
		if err := json.Unmarshal(x, &m); err != nil {
			t.Fatalf("not JSON: %q", x)
		}
		delete(m, "id")
		delete(m, "meta")
		js, _ := json.Marshal(m)
		return string(js)
	}
	return norm(a) == norm(b)
}

type bundle struct {
	Type  string `json:"type"`
	Entry []struct {
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
}

var recordTypes = []string{"encounter", "observation-heart-rate", "observation-blood-pressure", "condition", "allergyintolerance",
	"medicationrequest", "procedure", "immunization", "diagnosticreport", "documentreference"}

func TestEMROverHTTP(t *testing.T) {
	c, hs := startConsortium(t, 2)
	a, b := hs[0], hs[1]
	ctx := testenv.Context(t, 5*time.Minute)
	adminA := a.login(a.key)
	adminB := b.login(b.key)

	pracA, pracAKey := a.register("/api/v1/practitioners", adminA, example(t, "practitioner", common.Address{}))
	pracB, pracBKey := b.register("/api/v1/practitioners", adminB, example(t, "practitioner", common.Address{}))
	tokA, tokB := a.login(pracAKey), b.login(pracBKey)
	patient, patientKey := a.register("/api/v1/patients", tokA, example(t, "patient", common.Address{}))
	tokP := a.login(patientKey)
	pid := strings.ToLower(patient.Hex())

	// The patient's demographics are its first record.
	var pat json.RawMessage
	a.must(200, "GET", "/fhir/Patient/"+pid, tokP, nil, &pat)
	if !same(t, pat, example(t, "patient", common.Address{})) {
		t.Fatalf("Patient read back differs: %s", pat)
	}

	// Records of every type, read back identical.
	ids := map[string]string{}
	for _, name := range recordTypes {
		in := example(t, name, patient)
		var out map[string]any
		a.must(201, "POST", "/fhir/"+resourceType(t, in), tokA, in, &out)
		ids[name] = out["id"].(string)
		var back json.RawMessage
		a.must(200, "GET", fmt.Sprintf("/fhir/%s/%s", resourceType(t, in), ids[name]), tokA, nil, &back)
		if !same(t, back, in) {
			t.Fatalf("%s read back differs:\n got %s\nwant %s", name, back, in)
		}
	}
	obsPath := "/fhir/Observation/" + ids["observation-heart-rate"]

	// Versions and history.
	v2 := []byte(strings.Replace(string(example(t, "observation-heart-rate", patient)), `"final"`, `"amended"`, 1))
	var upd map[string]any
	a.must(200, "PUT", obsPath, tokA, v2, &upd)
	if upd["meta"].(map[string]any)["versionId"] != "2" {
		t.Fatalf("update meta %v", upd["meta"])
	}
	var hist bundle
	a.must(200, "GET", obsPath+"/_history", tokA, nil, &hist)
	if len(hist.Entry) != 2 || !same(t, hist.Entry[0].Resource, v2) || !same(t, hist.Entry[1].Resource, example(t, "observation-heart-rate", patient)) {
		t.Fatalf("history: %d entries", len(hist.Entry))
	}
	var v1 json.RawMessage
	a.must(200, "GET", obsPath+"/_history/1", tokA, nil, &v1)
	if !same(t, v1, example(t, "observation-heart-rate", patient)) {
		t.Fatal("vread 1 differs")
	}

	// Another hospital's practitioner: no consent, no access (and nothing decrypted).
	syncAll(t, ctx, hs)
	if st, raw := b.do("GET", obsPath, tokB, nil, nil); st != 403 || strings.Contains(string(raw), "heart") {
		t.Fatalf("read without consent = %d %s", st, raw)
	}
	// Nor may it write: refused before anything is sent, and the
	// ciphertext stored meanwhile is discarded.
	before, err := b.emr.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pinsBefore, err := b.ipfs.Pins(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st, raw := b.do("POST", "/fhir/Observation", tokB, example(t, "observation-heart-rate", patient), nil); st != 403 {
		t.Fatalf("write without consent = %d %s", st, raw)
	}
	if after, err := b.emr.Counts(ctx); err != nil || after.Records != before.Records {
		t.Fatalf("records %d → %+v (%v)", before.Records, after, err)
	}
	if n, err := c.Client().NonceAt(ctx, pracB, nil); err != nil || n != 0 {
		t.Fatalf("the refused practitioner sent %d transactions (%v)", n, err)
	}
	if pins, err := b.ipfs.Pins(ctx); err != nil || len(pins) != len(pinsBefore) {
		t.Fatalf("pins %d → %d after a refused write (%v)", len(pinsBefore), len(pins), err)
	}

	// Grant → the grantee reads at its own node (content fetched over bitswap).
	var g emr.Grant
	a.must(201, "POST", "/api/v1/consent", tokP, map[string]any{"grantee": pracB, "types": []string{"Observation", "Condition"}}, &g)
	if !g.Active || len(g.Scope) != 2 {
		t.Fatalf("grant = %+v", g)
	}
	syncAll(t, ctx, hs)
	var readB json.RawMessage
	b.must(200, "GET", obsPath, tokB, nil, &readB)
	if !same(t, readB, v2) {
		t.Fatal("grantee read differs")
	}
	b.must(403, "GET", "/fhir/Procedure/"+ids["procedure"], tokB, nil, nil) // out of scope
	// A version written after the grant is sealed for the grantee directly.
	var cond map[string]any
	a.must(201, "POST", "/fhir/Condition", tokA, example(t, "condition", patient), &cond)
	syncAll(t, ctx, hs)
	b.must(200, "GET", fmt.Sprintf("/fhir/Condition/%s", cond["id"]), tokB, nil, nil)

	// Revoke → new versions are unreadable to the grantee.
	a.must(204, "DELETE", "/api/v1/consent/"+pracB.Hex(), tokP, nil, nil)
	v3 := []byte(strings.Replace(string(v2), `"amended"`, `"corrected"`, 1))
	a.must(200, "PUT", obsPath, tokA, v3, nil)
	syncAll(t, ctx, hs)
	if st, raw := b.do("GET", obsPath, tokB, nil, nil); st != 403 || strings.Contains(string(raw), "corrected") {
		t.Fatalf("read after revoke = %d %s", st, raw)
	}

	// An expired grant is refused.
	// Access is judged at the chain's time, which on a dev chain runs ahead
	// of the wall clock (each block at least a second after its parent).
	head, err := c.Client().HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	a.must(201, "POST", "/api/v1/consent", tokP, map[string]any{"grantee": pracB, "types": []string{"Observation"}, "expiry": time.Unix(int64(head.Time)+4, 0)}, nil)
	syncAll(t, ctx, hs)
	b.must(200, "GET", obsPath, tokB, nil, nil)
	for range 5 {
		c.Commit()
	}
	if st, _ := b.do("GET", obsPath, tokB, nil, nil); st != 403 {
		t.Fatalf("read with an expired grant = %d, want 403", st)
	}
	a.must(400, "POST", "/api/v1/consent", tokP, map[string]any{"grantee": pracB, "expiry": time.Now().Add(-time.Hour)}, nil)

	// Emergency access: logged, keys released by the patient's hospital, visible to the patient.
	b.must(400, "POST", "/api/v1/emergency", tokB, map[string]any{"patient": patient}, nil)
	var em emr.Emergency
	b.must(201, "POST", "/api/v1/emergency", tokB, map[string]any{"patient": patient, "reason": "unconscious in ER", "durationSeconds": 600}, &em)
	testenv.WaitFor(t, 30*time.Second, func() error {
		syncAll(t, ctx, hs)
		a.emr.RespondEmergencies(ctx)
		syncAll(t, ctx, hs)
		if st, raw := b.do("GET", "/fhir/Procedure/"+ids["procedure"], tokB, nil, nil); st != 200 {
			return fmt.Errorf("emergency read = %d %s", st, raw)
		}
		return nil
	})
	var ems []emr.Emergency
	a.must(200, "GET", "/api/v1/emergency", tokP, nil, &ems)
	if len(ems) != 1 || ems[0].Practitioner != pracB || ems[0].ExpiresAt.Before(time.Now()) {
		t.Fatalf("patient sees emergencies %+v", ems)
	}
	var audit bundle
	a.must(200, "GET", "/api/v1/audit", tokP, nil, &audit)
	if js, _ := json.Marshal(audit); !strings.Contains(string(js), "emergency") || len(audit.Entry) < 10 {
		t.Fatalf("audit trail (%d events) lacks the emergency", len(audit.Entry))
	}
	if n, err := a.emr.CommitAudit(ctx); err != nil || n == 0 {
		t.Fatalf("audit commit: %d events, %v", n, err)
	}

	// $everything: the Patient and the latest version of every record.
	var all bundle
	a.must(200, "GET", "/fhir/Patient/"+pid+"/$everything", tokP, nil, &all)
	if want := 1 + len(recordTypes) + 1; len(all.Entry) != want {
		t.Fatalf("$everything: %d entries, want %d", len(all.Entry), want)
	}
	var search bundle
	a.must(200, "GET", "/fhir/Observation?patient="+pid, tokA, nil, &search)
	if len(search.Entry) != 2 {
		t.Fatalf("search Observation: %d entries, want 2", len(search.Entry))
	}

	// Bundle round trip: import a transaction with a new patient, export with $everything.
	tx := transactionBundle(t)
	var txres bundle
	a.must(200, "POST", "/fhir", tokA, tx, &txres)
	var newPatient map[string]any
	json.Unmarshal(txres.Entry[0].Resource, &newPatient)
	var exported bundle
	a.must(200, "GET", fmt.Sprintf("/fhir/Patient/%s/$everything", newPatient["id"]), tokA, nil, &exported)
	if len(exported.Entry) != len(txres.Entry) {
		t.Fatalf("exported %d resources, imported %d", len(exported.Entry), len(txres.Entry))
	}
	for _, e := range txres.Entry {
		found := false
		for _, x := range exported.Entry {
			found = found || same(t, e.Resource, x.Resource)
		}
		if !found {
			t.Fatalf("imported resource not exported: %s", e.Resource)
		}
	}

	// Reindex: the index rebuilt from the chain serves the same reads.
	if err := a.emr.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var again json.RawMessage
	a.must(200, "GET", obsPath, tokA, nil, &again)
	if !same(t, again, v3) {
		t.Fatal("read after reindex differs")
	}

	t.Run("bad input", func(t *testing.T) {
		obs := example(t, "observation-heart-rate", patient)
		for _, tc := range []struct {
			name, method, path string
			body               []byte
			status             int
			expect             string
		}{
			{"invalid JSON", "POST", "/fhir/Observation", []byte(`{"resourceType": "Observation",`), 400, "OperationOutcome"},
			{"wrong resourceType", "POST", "/fhir/Observation", example(t, "condition", patient), 400, "does not match"},
			{"missing required element", "POST", "/fhir/Observation", []byte(strings.Replace(string(obs), `"status": "final",`, "", 1)), 400, "Observation.status"},
			{"oversized upload", "POST", "/fhir/Observation", bytes.Repeat([]byte(" "), maxRecord+1), 413, "limit"},
			{"unknown id", "GET", "/fhir/Observation/999999", nil, 404, "OperationOutcome"},
			{"unknown type", "GET", "/fhir/Spaceship/1", nil, 404, "not supported"},
			{"unknown patient", "GET", "/fhir/Patient/0x0000000000000000000000000000000000000001/$everything", nil, 404, ""},
		} {
			st, raw := a.do(tc.method, tc.path, tokA, tc.body, nil)
			if st != tc.status || !strings.Contains(string(raw), tc.expect) {
				t.Errorf("%s: %d %s, want %d containing %q", tc.name, st, raw, tc.status, tc.expect)
			}
		}
		if st, _ := a.do("GET", obsPath, "", nil, nil); st != 401 {
			t.Errorf("no login: %d", st)
		}
		// Bad login signature: signed by another key.
		var ch struct{ Message string }
		a.must(200, "GET", "/api/v1/auth/challenge?address="+pracA.Hex(), "", nil, &ch)
		sig, _ := api.SignChallenge(ch.Message, func(h []byte) ([]byte, error) { return crypto.Sign(h, pracBKey) })
		if st, raw := a.do("POST", "/api/v1/auth/login", "", map[string]string{"message": ch.Message, "signature": sig}, nil); st != 401 {
			t.Errorf("bad signature login: %d %s", st, raw)
		}
		// A practitioner registered by a non-admin: refused.
		if st, _ := a.do("POST", "/api/v1/practitioners", tokA, map[string]any{"resource": json.RawMessage(example(t, "practitioner", common.Address{})), "passphrase": "owner secret"}, nil); st != 403 {
			t.Errorf("practitioner registering a practitioner: %d", st)
		}
		// IPFS content that does not match its CID: error, never returned.
		rec, err := a.emr.Record(ctx, mustUint(t, ids["allergyintolerance"]))
		if err != nil {
			t.Fatal(err)
		}
		cc, _ := cid.Decode(rec.CID)
		if err := a.ipfs.CorruptBlockForTest(ctx, cc, []byte("tampered")); err != nil {
			t.Fatal(err)
		}
		if st, raw := a.do("GET", "/fhir/AllergyIntolerance/"+ids["allergyintolerance"], tokA, nil, nil); st < 500 || strings.Contains(string(raw), "Penicillin") {
			t.Errorf("tampered record read: %d %s", st, raw)
		}
	})
}

func mustUint(t *testing.T, s string) uint64 {
	var n uint64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func resourceType(t *testing.T, raw []byte) string {
	var m struct{ ResourceType string }
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m.ResourceType
}

func syncAll(t *testing.T, ctx context.Context, hs []*hospital) {
	t.Helper()
	for _, h := range hs {
		if err := h.emr.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// transactionBundle is a transaction with a new Patient and records that
// reference it by its urn:uuid.
func transactionBundle(t *testing.T) []byte {
	urn := "urn:uuid:5f1c0e0a-6f43-4d1e-9a34-3b8d0f6a9c01"
	entries := []map[string]any{{"fullUrl": urn, "resource": json.RawMessage(example(t, "patient", common.Address{})), "request": map[string]string{"method": "POST", "url": "Patient"}}}
	for _, name := range []string{"observation-glucose", "condition", "immunization"} {
		raw := strings.ReplaceAll(string(example(t, name, common.Address{})), "Patient/0x0000000000000000000000000000000000000000", urn)
		entries = append(entries, map[string]any{"resource": json.RawMessage(raw), "request": map[string]string{"method": "POST", "url": resourceType(t, []byte(raw))}})
	}
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "transaction", "entry": entries})
	return b
}
