package fhir

import (
	"slices"
	"strings"
)

// typeRules is what this package checks for one resource type beyond the
// JSON schema. The schema knows element names, JSON types, primitive
// formats and code lists, but it marks few elements required (a primitive
// may legally carry only an extension, so the schema cannot require its
// value), cannot say that only one type of a choice element may be present,
// and cannot express invariants.
type typeRules struct {
	// required lists elements of minimum cardinality 1 as dotted paths from
	// the resource root ("status", "content.attachment"); every segment but
	// the last may repeat. A primitive counts only with a value: an element
	// that carries only an extension ("_status") does not satisfy it.
	required []string
	// choices lists choice elements (value[x]) by dotted path and base name.
	choices []choice
	// attachments lists where Attachment elements occur, as dotted paths to
	// the attachment itself.
	attachments []string
	// references lists Reference elements whose target type is constrained
	// (dotted path → allowed target types).
	references map[string][]string
	// patient names the element that references the patient the record is
	// about ("subject", "patient"), or "" if there is none.
	patient string
	// invariants are the type's invariants that go beyond the above, each
	// named check<Key> after its key in the specification.
	invariants []invariantFunc
	// containedOnly marks types accepted only as contained resources.
	containedOnly bool
}

// choice is a choice element: at most one of its types may be present
// (valueQuantity, valueString, …), and if required, one must be.
type choice struct {
	path     string // dotted path to the element, ending in its base name
	required bool
}

// invariantFunc checks one FHIR constraint in Go. It receives the
// resource's root object and its expression and reports what fails.
type invariantFunc func(v *validation, obj map[string]any, path string)

// bundleTypes are the Bundle.type values this package accepts.
var bundleTypes = []string{"transaction", "batch", "collection", "searchset"}

// rules holds the checks per resource type, and defines which types this
// package handles: all of them may stand alone or sit in a Bundle, except
// the containedOnly ones and Bundle itself (which may not nest).
var rules = map[string]*typeRules{
	"Patient": {
		required:    []string{"link.other", "link.type", "communication.language"},
		choices:     []choice{{path: "deceased"}, {path: "multipleBirth"}},
		attachments: []string{"photo"},
		references: map[string][]string{
			"link.other": {"Patient", "RelatedPerson"},
		},
		invariants: []invariantFunc{checkPat1},
	},
	"Practitioner": {
		required:    []string{"qualification.code"},
		attachments: []string{"photo"},
	},
	"Organization": {
		invariants: []invariantFunc{checkOrg1, checkOrg2, checkOrg3},
	},
	"Encounter": {
		required: []string{
			"status", "class", "statusHistory.status", "statusHistory.period",
			"classHistory.class", "classHistory.period", "diagnosis.condition",
			"location.location",
		},
		patient:    "subject",
		references: map[string][]string{"subject": {"Patient", "Group"}},
	},
	"Observation": {
		required: []string{"status", "code", "component.code"},
		choices: []choice{
			{path: "value"}, {path: "effective"}, {path: "component.value"},
		},
		patient: "subject",
		references: map[string][]string{
			"subject": {"Patient", "Group", "Device", "Location"},
		},
		invariants: []invariantFunc{checkObs3, checkObs6, checkObs7},
	},
	"Condition": {
		required: []string{"subject"},
		choices:  []choice{{path: "onset"}, {path: "abatement"}},
		patient:  "subject",
		references: map[string][]string{
			"subject": {"Patient", "Group"},
		},
		invariants: []invariantFunc{
			checkCon1, checkCon2, checkCon4, checkCon5,
		},
	},
	"AllergyIntolerance": {
		required:   []string{"patient", "reaction.manifestation"},
		choices:    []choice{{path: "onset"}},
		patient:    "patient",
		references: map[string][]string{"patient": {"Patient"}},
		invariants: []invariantFunc{checkAit1, checkAit2},
	},
	"MedicationRequest": {
		required: []string{"status", "intent", "subject"},
		choices: []choice{
			{path: "medication", required: true}, {path: "reported"},
			{path: "substitution.allowed", required: true},
		},
		patient:    "subject",
		references: map[string][]string{"subject": {"Patient", "Group"}},
	},
	"Procedure": {
		required: []string{"status", "subject", "performer.actor", "focalDevice.manipulated"},
		choices:  []choice{{path: "performed"}},
		patient:  "subject",
		references: map[string][]string{
			"subject": {"Patient", "Group"},
		},
	},
	"Immunization": {
		required: []string{"status", "vaccineCode", "patient", "performer.actor"},
		choices: []choice{
			{path: "occurrence", required: true},
			{path: "protocolApplied.doseNumber", required: true},
			{path: "protocolApplied.seriesDoses"},
		},
		patient:    "patient",
		references: map[string][]string{"patient": {"Patient"}},
		invariants: []invariantFunc{checkImm1},
	},
	"DiagnosticReport": {
		required:    []string{"status", "code", "media.link"},
		choices:     []choice{{path: "effective"}},
		attachments: []string{"presentedForm"},
		patient:     "subject",
		references: map[string][]string{
			"subject": {"Patient", "Group", "Device", "Location"},
		},
	},
	"DocumentReference": {
		required: []string{
			"status", "content", "content.attachment",
			"relatesTo.code", "relatesTo.target",
		},
		attachments: []string{"content.attachment"},
		patient:     "subject",
		references: map[string][]string{
			"subject": {"Patient", "Practitioner", "Group", "Device"},
		},
		invariants: []invariantFunc{checkDocContent},
	},
	"Bundle": {
		required: []string{
			"type", "link.relation", "link.url", "entry.request.method",
			"entry.request.url", "entry.response.status",
		},
		// Entries and the bdl invariants: checkBundle, called by
		// validateResource (a table entry would be an initialization cycle).
	},
	// Medication is accepted only as a contained resource, the usual way a
	// MedicationRequest carries a medication that has no code of its own.
	"Medication": {
		choices:       []choice{{path: "ingredient.item", required: true}},
		containedOnly: true,
	},
}

// SupportedTypes returns the resource types Parse accepts, sorted.
func SupportedTypes() []string {
	var ts []string
	for t, r := range rules {
		if !r.containedOnly {
			ts = append(ts, t)
		}
	}
	slices.Sort(ts)
	return ts
}

// IsSupported reports whether Parse accepts resources of type t.
func IsSupported(t string) bool {
	r, ok := rules[t]
	return ok && !r.containedOnly
}

// checkRules applies the table entry of one resource type.
func (v *validation) checkRules(r *typeRules, obj map[string]any, path string) {
	for _, req := range r.required {
		parent, name := splitPath(req)
		forEach(obj, path, parent, func(o map[string]any, expr string) {
			if _, ok := o[name]; !ok {
				v.required(child(expr, name))
			}
		})
	}
	for _, ch := range r.choices {
		parent, base := splitPath(ch.path)
		forEach(obj, path, parent, func(o map[string]any, expr string) {
			v.checkChoice(o, expr, base, ch.required)
		})
	}
	for _, at := range r.attachments {
		forEach(obj, path, strings.Split(at, "."), func(o map[string]any, expr string) {
			v.checkAttachment(o, expr)
		})
	}
	for ref, types := range r.references {
		forEach(obj, path, strings.Split(ref, "."), func(o map[string]any, expr string) {
			v.checkReferenceType(o, expr, types)
		})
	}
	for _, inv := range r.invariants {
		inv(v, obj, path)
	}
}

// checkChoice checks the choice element base[x] in o: at most one type, and
// one if required. An element that carries only an extension (_valueString)
// counts as present for "at most one", not for "required".
func (v *validation) checkChoice(o map[string]any, expr, base string, required bool) {
	var types []string
	hasValue := false
	for k := range o {
		isExt := strings.HasPrefix(k, "_")
		name := strings.TrimPrefix(k, "_")
		if len(name) <= len(base) || !strings.HasPrefix(name, base) {
			continue
		}
		if c := name[len(base)]; c < 'A' || c > 'Z' {
			continue
		}
		if !isExt {
			hasValue = true
		}
		if !slices.Contains(types, name) {
			types = append(types, name)
		}
	}
	switch {
	case len(types) > 1:
		slices.Sort(types)
		v.errorf(CodeStructure, child(expr, base+"[x]"), "choice element %s[x] has more than one type (%s); only one is allowed", base, strings.Join(types, ", "))
	case required && !hasValue:
		v.required(child(expr, base+"[x]"))
	}
}

// splitPath splits a dotted path into its parent segments and last name.
func splitPath(p string) ([]string, string) {
	segs := strings.Split(p, ".")
	return segs[:len(segs)-1], segs[len(segs)-1]
}

// forEach calls fn for every object reached from v by following segs,
// descending into arrays, with the object's FHIRPath expression. Elements
// of the wrong JSON type are skipped: the schema reports them.
func forEach(v any, expr string, segs []string, fn func(o map[string]any, expr string)) {
	switch t := v.(type) {
	case map[string]any:
		if len(segs) == 0 {
			fn(t, expr)
			return
		}
		if next, ok := t[segs[0]]; ok {
			forEach(next, child(expr, segs[0]), segs[1:], fn)
		}
	case []any:
		for i, item := range t {
			forEach(item, index(expr, i), segs, fn)
		}
	}
}
