package fhir

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readFile reads a testdata file.
func readFile(tb testing.TB, name string) []byte {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// issueKeys summarises a validation error as "code expression" strings.
func issueKeys(tb testing.TB, err error) []string {
	tb.Helper()
	var verr *ValidationError
	if !errors.As(err, &verr) {
		tb.Fatalf("got error %v (%T), want *ValidationError", err, err)
	}
	if !errors.Is(err, ErrInvalid) {
		tb.Errorf("errors.Is(%v, ErrInvalid) = false, want true", err)
	}
	var keys []string
	for _, is := range verr.Issues {
		keys = append(keys, string(is.Code)+" "+is.Expression)
	}
	return keys
}

func TestValidExamples(t *testing.T) {
	files, err := filepath.Glob("testdata/valid/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no valid examples: %v", err)
	}
	seen := make(map[string]bool)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw := readFile(t, filepath.Join("valid", filepath.Base(f)))
			r, err := Parse(raw)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			seen[r.ResourceType] = true
			var doc struct {
				ResourceType string `json:"resourceType"`
				ID           string `json:"id"`
			}
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			if r.ResourceType != doc.ResourceType || r.ID != doc.ID {
				t.Errorf("got type %q id %q, want %q %q", r.ResourceType, r.ID, doc.ResourceType, doc.ID)
			}
			again, err := Parse(r.Raw)
			if err != nil {
				t.Fatalf("Parse(Raw): %v", err)
			}
			if string(again.Raw) != string(r.Raw) {
				t.Errorf("Raw is not stable under re-parsing:\n%s\n%s", r.Raw, again.Raw)
			}
		})
	}
	for _, typ := range SupportedTypes() {
		if !seen[typ] {
			t.Errorf("no valid example of %s in testdata/valid", typ)
		}
	}
}

func TestInvalidExamples(t *testing.T) {
	tests := []struct {
		file string
		want []string // "code expression", all issues in order
	}{
		{"observation-no-status.json", []string{"required Observation.status"}},
		{"observation-many-issues.json", []string{
			"invariant Observation.dataAbsentReason",
			"value Observation.effectiveDateTime",
			"required Observation.extension[0].url",
			"invariant Observation.hasMember[0].reference",
			"structure Observation.heartRate",
			"invariant Observation.interpretation",
			"invariant Observation.note[0].text",
			"required Observation.status",
			"value Observation.subject.reference",
			"structure Observation.value[x]",
		}},
		{"observation-no-code.json", []string{"required Observation.code"}},
		{"observation-value-and-absent-reason.json", []string{"invariant Observation.dataAbsentReason"}},
		{"observation-two-value-types.json", []string{"structure Observation.value[x]"}},
		{"observation-unknown-element.json", []string{"structure Observation.heartRate"}},
		{"observation-bad-datetime.json", []string{"value Observation.effectiveDateTime"}},
		{"observation-bad-status.json", []string{"value Observation.status"}},
		{"condition-no-subject.json", []string{"required Condition.subject"}},
		{"encounter-no-class.json", []string{"required Encounter.class"}},
		{"encounter-no-status.json", []string{"required Encounter.status"}},
		{"allergyintolerance-no-patient.json", []string{"required AllergyIntolerance.patient"}},
		{"medicationrequest-no-medication.json", []string{"required MedicationRequest.medication[x]"}},
		{"medicationrequest-no-intent.json", []string{"required MedicationRequest.intent"}},
		{"procedure-no-status.json", []string{"required Procedure.status"}},
		{"immunization-no-occurrence.json", []string{"required Immunization.occurrence[x]"}},
		{"diagnosticreport-no-code.json", []string{"required DiagnosticReport.code"}},
		{"documentreference-bad-base64.json", []string{"value DocumentReference.content[0].attachment.data"}},
		{"documentreference-hash-mismatch.json", []string{"value DocumentReference.content[0].attachment.hash"}},
		{"documentreference-size-mismatch.json", []string{"value DocumentReference.content[0].attachment.size"}},
		{"documentreference-no-content-type.json", []string{"invariant DocumentReference.content[0].attachment.contentType"}},
		{"documentreference-no-attachment.json", []string{"required DocumentReference.content[0].attachment"}},
		{"documentreference-empty-attachment.json", []string{"required DocumentReference.content[0].attachment"}},
		{"bundle-entry-no-code.json", []string{"required Bundle.entry[1].resource.code"}},
		{"bundle-unsupported-entry.json", []string{"not-supported Bundle.entry[0].resource.resourceType"}},
		{"bundle-no-type.json", []string{"required Bundle.type"}},
		{"bundle-history.json", []string{"not-supported Bundle.type"}},
		{"bundle-transaction-no-request.json", []string{"invariant Bundle.entry[1].request"}},
		{"patient-script-in-narrative.json", []string{"invariant Patient.text.div"}},
		{"patient-unreferenced-contained.json", []string{"invariant Patient.contained[0]"}},
		{"unsupported-type.json", []string{"not-supported resourceType"}},
		{"no-resource-type.json", []string{"required resourceType"}},
		{"not-json.json", []string{"structure "}},
		{"duplicate-key.json", []string{"structure "}},
	}
	files, _ := filepath.Glob("testdata/invalid/*.json")
	if len(files) != len(tests) {
		t.Errorf("testdata/invalid has %d files, the table %d", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			err := Validate(readFile(t, filepath.Join("invalid", tt.file)))
			if got := issueKeys(t, err); !slices.Equal(got, tt.want) {
				t.Errorf("got issues %q, want %q\n%v", got, tt.want, err)
			}
		})
	}
}

func TestUnsupportedTypeIsFatal(t *testing.T) {
	err := Validate(readFile(t, "invalid/unsupported-type.json"))
	var verr *ValidationError
	if !errors.As(err, &verr) || verr.Issues[0].Severity != SeverityFatal {
		t.Fatalf("got %v, want one fatal issue", err)
	}
	if d := verr.Issues[0].Diagnostics; !strings.Contains(d, `"Basic"`) || !strings.Contains(d, "Observation") {
		t.Errorf("diagnostics %q should name the type and the supported ones", d)
	}
}

func TestDeepNesting(t *testing.T) {
	// Each level of extension nests two JSON levels (array and object)
	// below the resource object.
	tests := []struct {
		name   string
		levels int
		ok     bool
	}{
		{"at the limit", (MaxDepth - 1) / 2, true},
		{"over the limit", (MaxDepth-1)/2 + 1, false},
		{"hostile", 100000, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Nested extensions: the only way FHIR nests without bound.
			var b strings.Builder
			b.WriteString(`{"resourceType":"Patient"`)
			for range tt.levels - 1 {
				b.WriteString(`,"extension":[{"url":"http://example.org/x"`)
			}
			b.WriteString(`,"extension":[{"url":"http://example.org/x","valueString":"leaf"}]`)
			for range tt.levels - 1 {
				b.WriteString(`}]`)
			}
			b.WriteString(`}`)
			_, err := Canonical([]byte(b.String()))
			if got := err == nil; got != tt.ok {
				t.Fatalf("Canonical: got err %v, want ok=%v", err, tt.ok)
			}
			if tt.ok {
				return
			}
			if got := issueKeys(t, Validate([]byte(b.String()))); !slices.Equal(got, []string{"structure "}) {
				t.Errorf("got %q, want one structure issue", got)
			}
		})
	}
}

func TestIssueLimit(t *testing.T) {
	entry := `{"resource":{"resourceType":"Observation","code":{"text":"x"}}}`
	raw := `{"resourceType":"Bundle","type":"collection","entry":[` +
		strings.Repeat(entry+",", 149) + entry + `]}`
	var verr *ValidationError
	if !errors.As(Validate([]byte(raw)), &verr) {
		t.Fatal("want a *ValidationError")
	}
	if got, want := len(verr.Issues), maxIssues+1; got != want {
		t.Fatalf("got %d issues, want %d", got, want)
	}
	last := verr.Issues[maxIssues]
	if last.Code != CodeTooCostly || !strings.Contains(last.Diagnostics, "50 further") {
		t.Errorf("got last issue %v, want too-costly with 50 further", last)
	}
	// Issues are sorted with numeric indexes: entry[9] before entry[10].
	if got := verr.Issues[10].Expression; got != "Bundle.entry[10].resource.status" {
		t.Errorf("got Issues[10] at %q, want Bundle.entry[10].resource.status", got)
	}
}

func TestErrorString(t *testing.T) {
	err := Validate(readFile(t, "invalid/observation-no-status.json"))
	want := "fhir: invalid resource: Observation.status: required: required element status is missing"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestDiagnosticsDoNotQuoteValues(t *testing.T) {
	const secret = "HIV-positive-secret"
	raw := `{"resourceType":"Observation","status":"` + secret + `","code":{"text":"x"},` +
		`"effectiveDateTime":"` + secret + `","valueInteger":"` + secret + `",` +
		`"subject":{"reference":"` + secret + `"}}`
	err := Validate([]byte(raw))
	if err == nil {
		t.Fatal("want an error")
	}
	if out := string(err.(*ValidationError).OperationOutcome()); strings.Contains(out, secret) {
		t.Errorf("OperationOutcome quotes a submitted value: %s", out)
	}
}

func TestSupportedTypes(t *testing.T) {
	want := []string{
		"AllergyIntolerance", "Bundle", "Condition", "DiagnosticReport", "DocumentReference",
		"Encounter", "Immunization", "MedicationRequest", "Observation", "Organization",
		"Patient", "Practitioner", "Procedure",
	}
	if got := SupportedTypes(); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if IsSupported("Medication") {
		t.Error("Medication is accepted only as a contained resource")
	}
}

func TestSchemaPinned(t *testing.T) {
	sum := sha256.Sum256(schemaJSON)
	if got := hex.EncodeToString(sum[:]); got != schemaSHA256 {
		t.Errorf("schema/fhir.schema.json has sha256 %s, want %s (see schema/README.md)", got, schemaSHA256)
	}
}

func TestConcurrentValidate(t *testing.T) {
	raw := readFile(t, "valid/observation-blood-pressure.json")
	bad := readFile(t, "invalid/observation-no-status.json")
	t.Run("group", func(t *testing.T) {
		for i := range 8 {
			t.Run("", func(t *testing.T) {
				t.Parallel()
				for range 20 {
					if err := Validate(raw); err != nil {
						t.Errorf("worker %d: %v", i, err)
					}
					if err := Validate(bad); err == nil {
						t.Errorf("worker %d: invalid resource accepted", i)
					}
				}
			})
		}
	})
}
