package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dualchain/dualchain/synth"
)

// TestClient drives the EMR client commands against a real node started
// with "dualchain up": registration, records, consent, import and export.
func TestClient(t *testing.T) {
	dir := t.TempDir()
	p := startProc(t, nil, upArgs(filepath.Join(dir, "data"))...)
	var sum upSummary
	p.readJSON(t, 2*time.Minute, &sum)
	hospital := strings.ToLower(sum.Working.Sender.Hex())

	file := func(name string, b []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// run runs the client against the node and wants exit status 0.
	run := func(args ...string) (stdout, stderr string) {
		t.Helper()
		code, out, errs := runMain(t, append(args, "--api", sum.API)...)
		if code != 0 {
			t.Fatalf("dualchain %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
		}
		return out, errs
	}
	runJSON := func(v any, args ...string) {
		t.Helper()
		out, _ := run(append(args, "--json")...)
		if err := json.Unmarshal([]byte(out), v); err != nil {
			t.Fatalf("dualchain %s --json: stdout %q: %v", strings.Join(args, " "), out, err)
		}
	}
	type registered struct {
		Identity struct {
			Address string `json:"address"`
			Role    string `json:"role"`
		} `json:"identity"`
	}
	gen := synth.New(1)

	// The hospital admin (default dev key) registers a practitioner.
	pracKey := filepath.Join(dir, "practitioner.key")
	out, errs := run("practitioners", "add", file("practitioner.json", gen.Practitioner("")), "--passphrase", "practitioner secret", "--key-out", pracKey)
	if !strings.Contains(errs, "public dev hospital admin key") || !strings.Contains(out, "registered practitioner 0x") {
		t.Fatalf("practitioners add: stdout %q stderr %q", out, errs)
	}
	if st, err := os.Stat(pracKey); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("practitioner key file: %v, %v", st, err)
	}
	asPrac := []string{"--key", pracKey, "--key-passphrase", "practitioner secret"}
	var me struct{ Address, Role string }
	runJSON(&me, append([]string{"patients", "show", keyAddress(t, pracKey)}, asPrac...)...)
	if me.Role != "practitioner" {
		t.Fatalf("patients show practitioner: %+v", me)
	}
	prac := strings.ToLower(me.Address)

	// The practitioner registers a patient, whose key file is written.
	patKey := filepath.Join(dir, "patient.key")
	var pat registered
	runJSON(&pat, append([]string{"patients", "add", file("patient.json", gen.Patient("")), "--passphrase", "patient secret", "--key-out", patKey}, asPrac...)...)
	pid := strings.ToLower(pat.Identity.Address)
	if pat.Identity.Role != "patient" || keyAddress(t, patKey) != pid {
		t.Fatalf("patients add: %+v, key file for %s", pat, keyAddress(t, patKey))
	}
	out, _ = run("patients", "list")
	if !strings.Contains(strings.ToLower(out), pid) || !strings.Contains(out, "1 patients") {
		t.Fatalf("patients list:\n%s", out)
	}

	// Records: add, get, history, list.
	refs := synth.Refs{Patient: "Patient/" + pid, Practitioner: "Practitioner/" + prac, Organization: "Organization/" + hospital}
	obs, err := gen.Record("Observation", refs)
	if err != nil {
		t.Fatal(err)
	}
	var created map[string]any
	runJSON(&created, append([]string{"records", "add", file("observation.json", obs)}, asPrac...)...)
	obsRef := "Observation/" + created["id"].(string)
	if k := keyOf(t, obs); keyOf(t, mustJSON(t, created)) != k {
		t.Fatalf("records add returned %v", created)
	}
	var got map[string]any
	runJSON(&got, append([]string{"records", "get", obsRef, "--version", "1"}, asPrac...)...)
	if keyOf(t, mustJSON(t, got)) != keyOf(t, obs) {
		t.Fatalf("records get %s = %v", obsRef, got)
	}
	out, _ = run(append([]string{"records", "get", obsRef}, asPrac...)...)
	if !strings.Contains(out, "\n  \"resourceType\": \"Observation\"") {
		t.Fatalf("records get (pretty):\n%s", out)
	}
	out, _ = run(append([]string{"records", "history", obsRef}, asPrac...)...)
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], "1 ") {
		t.Fatalf("records history:\n%s", out)
	}
	var list struct {
		Entry []struct{ Resource json.RawMessage } `json:"entry"`
	}
	runJSON(&list, append([]string{"records", "list", "--patient", pid, "--type", "Observation"}, asPrac...)...)
	if len(list.Entry) != 1 || keyOf(t, list.Entry[0].Resource) != keyOf(t, obs) {
		t.Fatalf("records list --type Observation: %d entries", len(list.Entry))
	}
	out, _ = run(append([]string{"records", "list", "--patient", pid}, asPrac...)...)
	if !strings.Contains(out, obsRef) || !strings.Contains(out, "Patient/"+pid) || !strings.Contains(out, "2 records") {
		t.Fatalf("records list:\n%s", out)
	}

	// Consent, as the patient logged in with its key file.
	asPat := []string{"--key", patKey, "--key-passphrase", "patient secret"}
	var g struct {
		Grantee string   `json:"grantee"`
		Scope   []string `json:"scope"`
		Expiry  *time.Time
		Active  bool
	}
	runJSON(&g, append([]string{"grants", "add", "--grantee", prac, "--types", "Observation,Condition", "--expires", "24h", "--patient", pid}, asPat...)...)
	if !g.Active || len(g.Scope) != 2 || g.Expiry == nil || g.Expiry.Before(time.Now().Add(23*time.Hour)) {
		t.Fatalf("grants add: %+v", g)
	}
	var gs []struct {
		Grantee string
		Active  bool
	}
	runJSON(&gs, append([]string{"grants", "list"}, asPat...)...)
	if len(gs) != 1 || !strings.EqualFold(gs[0].Grantee, prac) || !gs[0].Active {
		t.Fatalf("grants list: %+v", gs)
	}
	out, _ = run(append([]string{"grants", "list", "--patient", pid}, asPrac...)...)
	if !strings.Contains(strings.ToLower(out), prac) || !strings.Contains(out, "Observation,Condition") {
		t.Fatalf("grants list as staff:\n%s", out)
	}
	out, _ = run(append([]string{"grants", "revoke", prac}, asPat...)...)
	if !strings.Contains(out, "revoked") {
		t.Fatalf("grants revoke: %q", out)
	}
	gs = nil
	runJSON(&gs, append([]string{"grants", "list"}, asPat...)...)
	for _, g := range gs {
		if g.Active {
			t.Fatalf("grant still active after revoke: %+v", gs)
		}
	}

	// Import a transaction Bundle (a new patient and their records),
	// resolved entry by entry by the client.
	tx := gen.TransactionBundle(synth.Refs{Practitioner: "Practitioner/" + prac, Organization: "Organization/" + hospital}, 1)
	var in struct {
		Entry []struct {
			FullURL  string          `json:"fullUrl"`
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(tx, &in); err != nil {
		t.Fatal(err)
	}
	keyDir := filepath.Join(dir, "keys")
	var imp importSummary
	runJSON(&imp, append([]string{"import", file("bundle.json", tx), "--passphrase", "imported secret", "--key-dir", keyDir}, asPrac...)...)
	if imp.Imported != len(in.Entry) || imp.Failed != 0 || imp.Total != len(in.Entry) || len(imp.Patients) != 1 || len(imp.KeyFiles) != 1 {
		t.Fatalf("import of %d entries: %+v", len(in.Entry), imp)
	}
	newPatient := imp.Refs[in.Entry[0].FullURL]
	if newPatient != imp.Patients[0] || !strings.HasPrefix(newPatient, "Patient/0x") || len(imp.Refs) != len(in.Entry) {
		t.Fatalf("import refs: %v", imp.Refs)
	}
	if keyAddress(t, imp.KeyFiles[0]) != strings.TrimPrefix(newPatient, "Patient/") {
		t.Fatalf("key file %s is not %s's", imp.KeyFiles[0], newPatient)
	}

	// NDJSON: a Patient with an id of its own, and records that refer to
	// it (Patient/nd-1) or to an existing patient.
	obs2, _ := gen.Record("Observation", refs)
	ndPatient := gen.Patient("nd-1")
	ndObs, _ := gen.Record("Condition", synth.Refs{Patient: "Patient/nd-1", Practitioner: refs.Practitioner, Organization: refs.Organization})
	nd := file("records.ndjson", []byte(string(ndPatient)+"\n\n"+string(ndObs)+"\n"+string(obs2)+"\n"))
	imp = importSummary{}
	runJSON(&imp, append([]string{"import", nd, "--passphrase", "imported secret"}, asPrac...)...)
	if imp.Imported != 3 || imp.Failed != 0 || len(imp.Patients) != 1 || imp.Refs["Patient/nd-1"] != imp.Patients[0] {
		t.Fatalf("NDJSON import: %+v", imp)
	}
	out, _ = run(append([]string{"records", "list", "--patient", imp.Patients[0], "--type", "Condition"}, asPrac...)...)
	if !strings.Contains(out, "1 records") {
		t.Fatalf("records of the NDJSON patient:\n%s", out)
	}

	// Export the imported patient: the same resources come back.
	exported := filepath.Join(dir, "export.json")
	run(append([]string{"export", "--patient", newPatient, "-o", exported}, asPrac...)...)
	b, err := os.ReadFile(exported)
	if err != nil {
		t.Fatal(err)
	}
	var ex struct {
		ResourceType string                               `json:"resourceType"`
		Entry        []struct{ Resource json.RawMessage } `json:"entry"`
	}
	if err := json.Unmarshal(b, &ex); err != nil || ex.ResourceType != "Bundle" || !strings.Contains(string(b), "\n  \"entry\"") {
		t.Fatalf("export: %v, %.200s", err, b)
	}
	if len(ex.Entry) != len(in.Entry) {
		t.Fatalf("exported %d resources, imported %d", len(ex.Entry), len(in.Entry))
	}
	have := map[string]int{}
	for _, e := range ex.Entry {
		have[keyOf(t, e.Resource)]++
	}
	for i, e := range in.Entry {
		k := keyOf(t, e.Resource)
		if have[k] == 0 {
			t.Fatalf("imported entry %d not exported: %s", i, k)
		}
		have[k]--
	}

	// Failures: one line, exit status 1 for the node's refusals.
	code, _, errs := runMain(t, append([]string{"records", "get", "Observation/999999", "--api", sum.API}, asPrac...)...)
	if code != 1 || !strings.Contains(errs, "404 Not Found") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Fatalf("unknown record: exit %d, stderr %q", code, errs)
	}
	bad := mustJSON(t, map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"resource": json.RawMessage(obs)},
		map[string]any{"resource": map[string]any{"resourceType": "Observation", "status": "final"}}}})
	code, _, errs = runMain(t, append([]string{"import", file("bad.json", bad), "--api", sum.API}, asPrac...)...)
	if code != 1 || !strings.Contains(errs, "bad.json entry 1 (Observation)") || !strings.Contains(errs, "1 of 2 entries were written") || !strings.Contains(errs, "400 Bad Request") {
		t.Fatalf("failing import: exit %d, stderr %q", code, errs)
	}
	code, _, errs = runMain(t, append([]string{"grants", "add", "--grantee", prac, "--api", sum.API}, asPrac...)...)
	if code != 1 || !strings.Contains(errs, "400 Bad Request") || !strings.Contains(errs, "NotPatient") {
		t.Fatalf("practitioner granting consent: exit %d, stderr %q", code, errs)
	}
}

// TestClientUsage checks wrong invocations of the client commands: exit
// status 2 and one line saying what to do, without contacting a node.
func TestClientUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"patients", "add"}, "needs FILE"},
		{[]string{"patients", "add", "a.json", "b.json"}, "needs FILE"},
		{[]string{"records", "get", "Observation"}, "is not TYPE/ID"},
		{[]string{"records", "list"}, "needs --patient"},
		{[]string{"records", "get", "Observation/1", "--nope"}, "flag provided but not defined"},
		{[]string{"grants", "add"}, "needs --grantee"},
		{[]string{"grants", "revoke", "nobody"}, "is not an account address"},
		{[]string{"import"}, "needs FILE..."},
		{[]string{"export", "--patient", "0x12"}, "is not an account address"},
		{[]string{"patients", "list", "--api", "localhost:1"}, "is not an http(s) URL"},
	} {
		code, _, errs := runMain(t, append(tc.args, "--key", writeHexKey(t))...)
		if code != 2 || !strings.Contains(errs, tc.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("dualchain %s: exit %d, stderr %q; want 2 and %q", strings.Join(tc.args, " "), code, errs, tc.want)
		}
	}
	// --help after the arguments shows the command's help.
	if code, out, _ := runMain(t, "records", "get", "Observation/1", "--help"); code != 0 || !strings.Contains(out, "dualchain records get [command options] TYPE/ID") {
		t.Errorf("help after arguments: exit %d, stdout %q", code, out)
	}
	// A node that is not there: exit 1 with advice.
	code, _, errs := runMain(t, "patients", "list", "--api", "http://127.0.0.1:1", "--key", writeHexKey(t))
	if code != 1 || !strings.Contains(errs, "cannot reach the dualchain API") {
		t.Errorf("no node: exit %d, stderr %q", code, errs)
	}
}

func writeHexKey(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "key.hex")
	os.WriteFile(path, []byte("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318\n"), 0o600)
	return path
}

// keyAddress is the lowercase address in a keystore file.
func keyAddress(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ks struct{ Address string }
	if err := json.Unmarshal(b, &ks); err != nil || ks.Address == "" {
		t.Fatalf("%s is not a keystore file: %v", path, err)
	}
	return "0x" + strings.ToLower(strings.TrimPrefix(ks.Address, "0x"))
}

// keyOf identifies a resource by its type and clinical content: what it is
// (code, name) and what was measured, ignoring ids and references.
func keyOf(t *testing.T, raw []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("not JSON: %.200s", raw)
	}
	k := map[string]any{}
	for _, f := range []string{"resourceType", "code", "vaccineCode", "medicationCodeableConcept", "valueQuantity", "component", "name", "birthDate", "type"} {
		if v, ok := m[f]; ok {
			k[f] = v
		}
	}
	js, _ := json.Marshal(k)
	return string(js)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
