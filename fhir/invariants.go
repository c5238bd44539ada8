package fhir

// The per-type FHIR R4 invariants that rules.go lists. Each is named by its
// key in the specification and reports at the element that breaks it.

const (
	conditionClinical   = "http://terminology.hl7.org/CodeSystem/condition-clinical"
	conditionVerStatus  = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
	allergyVerification = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
	codeEnteredInError  = "entered-in-error"
)

// has reports whether o has element name.
func has(o map[string]any, name string) bool {
	_, ok := o[name]
	return ok
}

// hasAny reports whether o has any of the elements.
func hasAny(o map[string]any, names ...string) bool {
	for _, n := range names {
		if has(o, n) {
			return true
		}
	}
	return false
}

// hasCoding reports whether the CodeableConcept cc has a coding with the
// given system and one of the codes.
func hasCoding(cc any, system string, codes ...string) bool {
	o, ok := cc.(map[string]any)
	if !ok {
		return false
	}
	codings, _ := o["coding"].([]any)
	for _, c := range codings {
		co, ok := c.(map[string]any)
		if !ok || co["system"] != system {
			continue
		}
		for _, code := range codes {
			if co["code"] == code {
				return true
			}
		}
	}
	return false
}

// hasChoice reports whether o has a value for choice element base[x].
func hasChoice(o map[string]any, base string) bool {
	for k := range o {
		if len(k) > len(base) && k[:len(base)] == base && k[len(base)] >= 'A' && k[len(base)] <= 'Z' {
			return true
		}
	}
	return false
}

// eachWithout reports, for every object at segs, the ones that have none of
// the names.
func eachWithout(v *validation, obj map[string]any, path string, segs []string, key, msg string, names ...string) {
	forEach(obj, path, segs, func(o map[string]any, expr string) {
		if !hasAny(o, names...) {
			v.invariant(key, expr, "%s", msg)
		}
	})
}

// pat-1: a contact has a name, telecom, address or organization.
func checkPat1(v *validation, obj map[string]any, path string) {
	eachWithout(v, obj, path, []string{"contact"}, "pat-1",
		"a contact must have a name, telecom, address or organization",
		"name", "telecom", "address", "organization")
}

// org-1: an organization has a name or an identifier.
func checkOrg1(v *validation, obj map[string]any, path string) {
	if !hasAny(obj, "name", "identifier") {
		v.invariant("org-1", path, "an organization must have a name or an identifier")
	}
}

// org-2: an organization's address is never of use "home".
func checkOrg2(v *validation, obj map[string]any, path string) {
	forEach(obj, path, []string{"address"}, func(o map[string]any, expr string) {
		if o["use"] == "home" {
			v.invariant("org-2", child(expr, "use"), "an organization's address cannot be of use 'home'")
		}
	})
}

// org-3: an organization's telecom is never of use "home".
func checkOrg3(v *validation, obj map[string]any, path string) {
	forEach(obj, path, []string{"telecom"}, func(o map[string]any, expr string) {
		if o["use"] == "home" {
			v.invariant("org-3", child(expr, "use"), "an organization's telecom cannot be of use 'home'")
		}
	})
}

// obs-3: a reference range has a low, a high or a text.
func checkObs3(v *validation, obj map[string]any, path string) {
	eachWithout(v, obj, path, []string{"referenceRange"}, "obs-3",
		"a reference range must have at least a low, a high or a text",
		"low", "high", "text")
}

// obs-6: dataAbsentReason only when there is no value, at the root and in
// each component.
func checkObs6(v *validation, obj map[string]any, path string) {
	check := func(o map[string]any, expr string) {
		if has(o, "dataAbsentReason") && hasChoice(o, "value") {
			v.invariant("obs-6", child(expr, "dataAbsentReason"), "dataAbsentReason must only be present if value[x] is not")
		}
	}
	check(obj, path)
	forEach(obj, path, []string{"component"}, check)
}

// obs-7: if a component has the same code as the observation, the
// observation itself carries no value.
func checkObs7(v *validation, obj map[string]any, path string) {
	if !hasChoice(obj, "value") {
		return
	}
	code, _ := obj["code"].(map[string]any)
	rootCodings, _ := code["coding"].([]any)
	forEach(obj, path, []string{"component", "code"}, func(o map[string]any, expr string) {
		codings, _ := o["coding"].([]any)
		for _, c := range codings {
			co, _ := c.(map[string]any)
			for _, rc := range rootCodings {
				ro, _ := rc.(map[string]any)
				if co != nil && ro != nil && co["system"] == ro["system"] && co["code"] == ro["code"] {
					v.invariant("obs-7", expr, "a component has the observation's own code, so the observation must not have a value")
					return
				}
			}
		}
	})
}

// con-1: a stage has a summary or an assessment.
func checkCon1(v *validation, obj map[string]any, path string) {
	eachWithout(v, obj, path, []string{"stage"}, "con-1",
		"a stage must have a summary or an assessment", "summary", "assessment")
}

// con-2: evidence has a code or a detail.
func checkCon2(v *validation, obj map[string]any, path string) {
	eachWithout(v, obj, path, []string{"evidence"}, "con-2",
		"evidence must have a code or a detail", "code", "detail")
}

// con-4: an abated condition is inactive, resolved or in remission.
func checkCon4(v *validation, obj map[string]any, path string) {
	if hasChoice(obj, "abatement") && !hasCoding(obj["clinicalStatus"], conditionClinical, "inactive", "resolved", "remission") {
		v.invariant("con-4", child(path, "clinicalStatus"), "if the condition is abated, clinicalStatus must be inactive, resolved or remission")
	}
}

// con-5: no clinicalStatus on a condition entered in error.
func checkCon5(v *validation, obj map[string]any, path string) {
	if has(obj, "clinicalStatus") && hasCoding(obj["verificationStatus"], conditionVerStatus, codeEnteredInError) {
		v.invariant("con-5", child(path, "clinicalStatus"), "clinicalStatus must not be present if verificationStatus is entered-in-error")
	}
}

// ait-1: clinicalStatus unless entered in error.
func checkAit1(v *validation, obj map[string]any, path string) {
	if !has(obj, "clinicalStatus") && !hasCoding(obj["verificationStatus"], allergyVerification, codeEnteredInError) {
		v.invariant("ait-1", child(path, "clinicalStatus"), "clinicalStatus must be present unless verificationStatus is entered-in-error")
	}
}

// ait-2: no clinicalStatus when entered in error.
func checkAit2(v *validation, obj map[string]any, path string) {
	if has(obj, "clinicalStatus") && hasCoding(obj["verificationStatus"], allergyVerification, codeEnteredInError) {
		v.invariant("ait-2", child(path, "clinicalStatus"), "clinicalStatus must not be present if verificationStatus is entered-in-error")
	}
}

// imm-1: education has a documentType or a reference.
func checkImm1(v *validation, obj map[string]any, path string) {
	eachWithout(v, obj, path, []string{"education"}, "imm-1",
		"education must have a documentType or a reference", "documentType", "reference")
}
