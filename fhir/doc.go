// Package fhir parses and validates the FHIR R4 JSON resources that
// dualchain stores as medical records, and renders FHIR OperationOutcome
// resources for the ones it rejects.
//
// It accepts Patient, Practitioner, Organization, Encounter, Observation,
// Condition, AllergyIntolerance, MedicationRequest, Procedure, Immunization,
// DiagnosticReport and DocumentReference, and Bundles of type transaction,
// batch, collection or searchset whose entries are of those types.
// Resources may contain resources of those types, and Medication.
//
// # Validation
//
// Parse decodes the JSON with limits of its own: valid UTF-8, no duplicate
// keys, nesting at most MaxDepth deep, nothing after the value. The size
// limit is the caller's (the API layer's). It then validates in two steps:
//
//  1. Against the official HL7 FHIR R4 JSON schema, embedded from
//     schema/fhir.schema.json (see schema/README.md for its source, digest,
//     CC0 license and the small in-memory patches). The schema is strict:
//     an element FHIR does not define is an error ("structure"), as are
//     wrong JSON types, malformed primitives (dates, ids, codes …) and codes
//     outside the required value sets (status, intent, gender …).
//  2. Against what the schema cannot express, table-driven per type in
//     rules.go: required elements (Observation.status, Encounter.status,
//     MedicationRequest.intent, DocumentReference.content.attachment …),
//     choice elements (value[x], effective[x], occurrence[x] …: at most one
//     type, and one if required), Reference target types for the patient or
//     subject, Attachment checks (att-1, data must be base64, size and SHA-1
//     hash must match the data, contentType must be a MIME type), and FHIR
//     invariants: ele-1, ext-1, dom-2 to dom-5, ref-1, txt-1, txt-2 (the
//     narrative is one XHTML div with basic formatting only, no script),
//     pat-1, org-1 to org-3, obs-3, obs-6, obs-7, con-1, con-2, con-4,
//     con-5, ait-1, ait-2, imm-1, and bdl-1 to bdl-4, bdl-7 and bdl-8.
//     One rule is dualchain's own: a DocumentReference attachment must
//     carry its content, as data or a url.
//
// Each problem becomes an Issue with a FHIR issue type (required,
// structure, value, invariant, not-supported …) and a FHIRPath expression
// naming the element, such as "Observation.status" or
// "Bundle.entry[1].resource.code". Diagnostics name elements but quote no
// submitted value other than an unsupported resourceType or Bundle.type, so
// errors can be logged without leaking record contents.
// A *ValidationError carries all issues, wraps ErrInvalid, and renders them
// as an OperationOutcome.
//
// Terminology is not checked beyond the value sets the schema binds: a
// LOINC or SNOMED CT code is taken as written.
//
// # Concurrency
//
// All functions are safe for concurrent use. The schema is compiled once,
// on first use, and shared.
package fhir
