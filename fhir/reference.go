package fhir

import (
	"slices"
	"strings"
)

// checkReferenceType checks a Reference element whose target types are
// constrained: a literal reference must be of the form [base/]Type/id
// (or a urn:uuid:/urn:oid: or "#id" reference), and its type, as well as
// Reference.type, must be one of types.
func (v *validation) checkReferenceType(o map[string]any, expr string, types []string) {
	if t, ok := o["type"].(string); ok && !slices.Contains(types, t) {
		v.errorf(CodeValue, child(expr, "type"), "reference type must be one of %s", strings.Join(types, ", "))
	}
	ref, ok := o["reference"].(string)
	if !ok || ref == "" {
		return
	}
	typ, _, kind := parseReference(ref)
	switch kind {
	case refMalformed:
		v.errorf(CodeValue, child(expr, "reference"), "reference must be a relative Type/id, an absolute URL ending in Type/id, a urn:uuid:/urn:oid: or a #local reference")
	case refLiteral:
		if !slices.Contains(types, typ) {
			v.errorf(CodeValue, child(expr, "reference"), "reference must point to one of %s", strings.Join(types, ", "))
		}
	}
}

// refKind classifies a literal reference.
type refKind int

const (
	refMalformed refKind = iota
	refLiteral           // [base/]Type/id[/_history/vid]
	refURN               // urn:uuid:… or urn:oid:…, resolved within a Bundle
	refLocal             // #id, a contained resource
)

// parseReference splits a literal reference into its resource type and id.
func parseReference(ref string) (typ, id string, kind refKind) {
	switch {
	case strings.HasPrefix(ref, "#"):
		return "", ref[1:], refLocal
	case strings.HasPrefix(ref, "urn:uuid:"), strings.HasPrefix(ref, "urn:oid:"):
		return "", "", refURN
	}
	if i := strings.Index(ref, "/_history/"); i >= 0 {
		ref = ref[:i]
	}
	segs := strings.Split(ref, "/")
	if len(segs) < 2 {
		return "", "", refMalformed
	}
	typ, id = segs[len(segs)-2], segs[len(segs)-1]
	if len(segs) > 2 && !strings.Contains(ref, "://") {
		return "", "", refMalformed
	}
	if !isResourceTypeName(typ) || !isID(id) {
		return "", "", refMalformed
	}
	return typ, id, refLiteral
}

// isResourceTypeName reports whether s looks like a FHIR resource type name.
func isResourceTypeName(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// isID reports whether s is a valid FHIR id: [A-Za-z0-9\-\.]{1,64}.
func isID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// patientReference returns the reference in Reference element o if it
// points to a Patient: a literal [base/]Patient/id, or any reference whose
// Reference.type is "Patient" (a urn:uuid: inside a transaction Bundle).
func patientReference(o map[string]any) string {
	ref, _ := o["reference"].(string)
	if ref == "" {
		return ""
	}
	if t, _ := o["type"].(string); t == "Patient" {
		return ref
	}
	if typ, _, kind := parseReference(ref); kind == refLiteral && typ == "Patient" {
		return ref
	}
	return ""
}
