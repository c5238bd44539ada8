package fhir

import "strings"

// Resource is a parsed and validated FHIR R4 resource of one of the
// supported types. A Resource is immutable and safe for concurrent use;
// callers must not modify Raw.
type Resource struct {
	// ResourceType is the resource's type, e.g. "Observation".
	ResourceType string
	// ID is the logical id, or "" if the resource has none yet (a create).
	ID string
	// Raw is the resource in canonical JSON (see Canonical): the same
	// resource yields the same bytes however it was formatted.
	Raw []byte

	root map[string]any
}

// Parse parses raw as a FHIR R4 JSON resource and validates it: against the
// official FHIR R4 JSON schema, then against the required elements, choice
// elements and invariants the schema cannot express (see the package
// documentation). A Bundle's entries and any contained resources are
// validated too.
//
// If raw is not a valid resource of a supported type, Parse returns a
// *ValidationError (which wraps ErrInvalid) listing every issue found. Any
// other error means validation could not run at all, a bug: the embedded
// schema did not compile. Parse is safe for concurrent use; the first call
// compiles the schema, which takes a few hundred milliseconds.
func Parse(raw []byte) (*Resource, error) {
	rt, obj, err := validate(raw)
	if err != nil {
		return nil, err
	}
	return newResource(rt, obj), nil
}

// Validate reports whether raw is a valid resource of a supported type,
// returning the same errors as Parse. It is Parse without building the
// canonical form.
func Validate(raw []byte) error {
	_, _, err := validate(raw)
	return err
}

// validate decodes and validates raw, returning its type and decoded form.
func validate(raw []byte) (string, map[string]any, error) {
	doc, err := decode(raw)
	if err != nil {
		return "", nil, err
	}
	var v validation
	rt, obj := v.validateTop(doc)
	if v.internal != nil {
		return "", nil, v.internal
	}
	if err := v.err(); err != nil {
		return "", nil, err
	}
	return rt, obj, nil
}

func newResource(rt string, obj map[string]any) *Resource {
	id, _ := obj["id"].(string)
	return &Resource{ResourceType: rt, ID: id, Raw: canonical(obj), root: obj}
}

// PatientRef returns the reference to the patient the resource is about,
// exactly as the resource writes it: "Patient/<id>" for a Patient with an
// id; for Observation, Condition, Encounter, MedicationRequest, Procedure,
// DiagnosticReport and DocumentReference the subject, and for
// AllergyIntolerance and Immunization the patient, if that reference
// points to a Patient (a literal [base/]Patient/id, or any reference with
// type "Patient", such as a urn:uuid: inside a transaction). It returns ""
// when there is no such reference: a Practitioner, Organization or Bundle,
// a Patient without id, or a subject that is a Group, Device or Location.
func (r *Resource) PatientRef() string {
	if r.ResourceType == "Patient" {
		if r.ID == "" {
			return ""
		}
		return "Patient/" + r.ID
	}
	rules := rules[r.ResourceType]
	if rules == nil || rules.patient == "" {
		return ""
	}
	ref, ok := r.root[rules.patient].(map[string]any)
	if !ok {
		return ""
	}
	return patientReference(ref)
}

// Attachments returns the resource's attachments in document order, with
// their data decoded: DocumentReference.content.attachment,
// DiagnosticReport.presentedForm, Patient.photo and Practitioner.photo.
// It returns nil if there are none. The Data slices are fresh copies that the caller owns.
func (r *Resource) Attachments() []Attachment {
	rules := rules[r.ResourceType]
	if rules == nil {
		return nil
	}
	var out []Attachment
	for _, at := range rules.attachments {
		forEach(r.root, r.ResourceType, strings.Split(at, "."), func(o map[string]any, expr string) {
			out = append(out, attachmentFrom(o, expr))
		})
	}
	return out
}

// Entries returns the entries of a Bundle in order, each resource parsed
// (and already validated with the Bundle); nil for other types. Resource
// expressions inside an entry start at the entry's resource type, so an
// entry's Attachments are named "DocumentReference.content[0].attachment".
func (r *Resource) Entries() []Entry {
	if r.ResourceType != "Bundle" {
		return nil
	}
	items, _ := r.root["entry"].([]any)
	out := make([]Entry, 0, len(items))
	for _, item := range items {
		e, _ := item.(map[string]any)
		var entry Entry
		entry.FullURL, _ = e["fullUrl"].(string)
		if req, ok := e["request"].(map[string]any); ok {
			entry.Method, _ = req["method"].(string)
			entry.URL, _ = req["url"].(string)
		}
		if res, ok := e["resource"].(map[string]any); ok {
			rt, _ := res["resourceType"].(string)
			entry.Resource = newResource(rt, res)
		}
		out = append(out, entry)
	}
	return out
}
