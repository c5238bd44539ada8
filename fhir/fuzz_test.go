package fhir

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzValidate feeds arbitrary bytes to Parse. It must never panic, must
// only fail with a *ValidationError whose OperationOutcome is JSON, and
// what it accepts must parse again to the same canonical bytes. The seed
// corpus is in testdata/fuzz/FuzzValidate; run longer with
// go test ./fhir -run '^$' -fuzz FuzzValidate -fuzztime 1m.
func FuzzValidate(f *testing.F) {
	f.Add([]byte(`{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1.50}}`))
	f.Add([]byte(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient"}}]}`))
	f.Add([]byte(`[[[[[[[[[[]]]]]]]]]]`))
	f.Add([]byte(`{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := Parse(raw)
		if err != nil {
			var verr *ValidationError
			if !errors.As(err, &verr) || len(verr.Issues) == 0 {
				t.Fatalf("got error %v (%T), want a *ValidationError with issues", err, err)
			}
			if !json.Valid(verr.OperationOutcome()) {
				t.Fatalf("OperationOutcome is not JSON: %s", verr.OperationOutcome())
			}
			return
		}
		again, err := Parse(r.Raw)
		if err != nil {
			t.Fatalf("canonical form of a valid resource is invalid: %v\n%s", err, r.Raw)
		}
		if string(again.Raw) != string(r.Raw) {
			t.Fatalf("canonical form is not stable:\n%s\n%s", r.Raw, again.Raw)
		}
		_ = r.PatientRef()
		_ = r.Attachments()
		_ = r.Entries()
	})
}

func BenchmarkValidateObservation(b *testing.B) {
	for _, name := range []string{"observation-heart-rate.json", "observation-blood-pressure.json"} {
		raw := readFile(b, "valid/"+name)
		if err := Validate(raw); err != nil { // compiles the schema
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if err := Validate(raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkValidateInvalidObservation(b *testing.B) {
	raw := readFile(b, "invalid/observation-many-issues.json")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Validate(raw); err == nil {
			b.Fatal("accepted an invalid resource")
		}
	}
}

func BenchmarkParseDocumentReference(b *testing.B) {
	raw := readFile(b, "valid/documentreference.json")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseBundle(b *testing.B) {
	raw := readFile(b, "valid/bundle-searchset.json")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompileSchema measures the one-time cost of the first Parse.
func BenchmarkCompileSchema(b *testing.B) {
	for b.Loop() {
		if _, _, err := compileSchemas(); err != nil {
			b.Fatal(err)
		}
	}
}
