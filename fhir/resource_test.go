package fhir

import (
	"bytes"
	"crypto/sha1"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// mustParse parses a testdata file that must be valid.
func mustParse(tb testing.TB, name string) *Resource {
	tb.Helper()
	r, err := Parse(readFile(tb, name))
	if err != nil {
		tb.Fatalf("Parse(%s): %v", name, err)
	}
	return r
}

func TestPatientRef(t *testing.T) {
	tests := []struct {
		file string
		want string
	}{
		{"valid/patient.json", "Patient/pat-1001"},
		{"valid/observation-heart-rate.json", "Patient/pat-1001"},
		{"valid/condition.json", "Patient/pat-1001"},
		{"valid/encounter.json", "Patient/pat-1001"},
		{"valid/allergyintolerance.json", "Patient/pat-1001"},
		{"valid/medicationrequest.json", "Patient/pat-1001"},
		{"valid/procedure.json", "Patient/pat-1001"},
		{"valid/immunization.json", "Patient/pat-1001"},
		{"valid/diagnosticreport.json", "Patient/pat-1001"},
		{"valid/documentreference.json", "Patient/pat-1001"},
		{"valid/practitioner.json", ""},
		{"valid/organization.json", ""},
		{"valid/bundle-transaction.json", ""},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			if got := mustParse(t, tt.file).PatientRef(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	inline := []struct {
		name, raw, want string
	}{
		{"group subject", `{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Group/g1"}}`, ""},
		{"no subject", `{"resourceType":"Observation","status":"final","code":{"text":"x"}}`, ""},
		{"patient without id", `{"resourceType":"Patient"}`, ""},
		{"absolute", `{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"https://emr.example/fhir/Patient/9"}}`, "https://emr.example/fhir/Patient/9"},
	}
	for _, tt := range inline {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse([]byte(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			if got := r.PatientRef(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAttachments(t *testing.T) {
	pdf := readFile(t, "discharge-summary.pdf")
	got := mustParse(t, "valid/documentreference.json").Attachments()
	if len(got) != 1 {
		t.Fatalf("got %d attachments, want 1", len(got))
	}
	a := got[0]
	sum := sha1.Sum(pdf)
	if !bytes.Equal(a.Data, pdf) || a.ContentType != "application/pdf" || a.Size != int64(len(pdf)) ||
		!bytes.Equal(a.Hash, sum[:]) || a.Title != "Discharge summary" ||
		a.Expression != "DocumentReference.content[0].attachment" {
		t.Errorf("got %+v", a)
	}

	byURL := mustParse(t, "valid/documentreference-url.json").Attachments()
	if len(byURL) != 1 || byURL[0].Data != nil || byURL[0].URL == "" || byURL[0].Size != -1 {
		t.Errorf("got %+v, want one attachment by URL without data or size", byURL)
	}
	if got := mustParse(t, "valid/condition.json").Attachments(); got != nil {
		t.Errorf("Condition: got %+v, want nil", got)
	}
}

func TestEntries(t *testing.T) {
	b := mustParse(t, "valid/bundle-transaction.json")
	entries := b.Entries()
	if len(entries) != 3 {
		t.Fatalf("got %d entries, want 3", len(entries))
	}
	want := []struct{ method, url, typ string }{
		{"POST", "Patient", "Patient"},
		{"POST", "Observation", "Observation"},
		{"DELETE", "Observation/obs-old-3", ""},
	}
	for i, w := range want {
		e := entries[i]
		typ := ""
		if e.Resource != nil {
			typ = e.Resource.ResourceType
		}
		if e.Method != w.method || e.URL != w.url || typ != w.typ {
			t.Errorf("entry %d: got %s %s %q, want %s %s %q", i, e.Method, e.URL, typ, w.method, w.url, w.typ)
		}
	}
	obs := entries[1].Resource
	if got, want := obs.PatientRef(), entries[0].FullURL; got != want {
		t.Errorf("observation PatientRef: got %q, want the patient's fullUrl %q", got, want)
	}
	if r, err := Parse(obs.Raw); err != nil || r.ResourceType != "Observation" {
		t.Errorf("entry Raw does not parse on its own: %v", err)
	}
	if got := mustParse(t, "valid/patient.json").Entries(); got != nil {
		t.Errorf("Patient.Entries: got %v, want nil", got)
	}
}

func TestCanonical(t *testing.T) {
	a := []byte(`{"resourceType": "Observation",
	  "valueQuantity": {"value": 1.50, "unit": "mg/dL"},
	  "note": [{"text": "<b>&</b> é"}], "status": "final", "code": {"text": "x"}}`)
	b := []byte(`{"code":{"text":"x"},"status":"final","note":[{"text":"<b>&</b> \u00e9"}],"valueQuantity":{"unit":"mg/dL","value":1.50},"resourceType":"Observation"}`)
	want := `{"code":{"text":"x"},"note":[{"text":"<b>&</b> é"}],"resourceType":"Observation","status":"final","valueQuantity":{"unit":"mg/dL","value":1.50}}`
	for _, raw := range [][]byte{a, b} {
		got, err := Canonical(raw)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
	r, err := Parse(a)
	if err != nil {
		t.Fatal(err)
	}
	if string(r.Raw) != want {
		t.Errorf("Resource.Raw: got %s, want %s", r.Raw, want)
	}
}

func TestOperationOutcomeGolden(t *testing.T) {
	tests := []struct {
		input, golden string
	}{
		{"invalid/bundle-entry-no-code.json", "outcome-bundle.golden.json"},
		{"invalid/observation-many-issues.json", "outcome-observation.golden.json"},
		{"invalid/not-json.json", "outcome-not-json.golden.json"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			err := Validate(readFile(t, tt.input))
			verr, ok := err.(*ValidationError)
			if !ok {
				t.Fatalf("got %v, want *ValidationError", err)
			}
			out := verr.OperationOutcome()
			checkOutcome(t, out)
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, out, "", "  "); err != nil {
				t.Fatal(err)
			}
			pretty.WriteByte('\n')
			path := filepath.Join("testdata", tt.golden)
			if *update {
				if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./fhir -run TestOperationOutcomeGolden -update)", err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("OperationOutcome differs from %s (rerun with -update if intended):\ngot:\n%s", path, pretty.Bytes())
			}
		})
	}
}

func TestOperationOutcomeAllOK(t *testing.T) {
	out := OperationOutcome(nil)
	checkOutcome(t, out)
	want := `{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"informational","diagnostics":"all OK"}]}`
	if string(out) != want {
		t.Errorf("got %s, want %s", out, want)
	}
}

// checkOutcome validates a rendered OperationOutcome against the FHIR
// schema: what this package produces must itself be valid FHIR.
func checkOutcome(tb testing.TB, out []byte) {
	tb.Helper()
	doc, err := decode(out)
	if err != nil {
		tb.Fatalf("OperationOutcome is not JSON: %v", err)
	}
	sch, err := schemaFor("OperationOutcome")
	if err != nil {
		tb.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		tb.Errorf("OperationOutcome is not valid FHIR: %v\n%s", err, out)
	}
}
