package fhir

import (
	"errors"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// place says where a resource sits, which decides the types it may have
// and the invariants that apply to it.
type place int

const (
	placeTop       place = iota // the submitted resource itself
	placeEntry                  // Bundle.entry.resource
	placeContained              // DomainResource.contained
)

// validation collects the issues of one call to Parse. It is not shared
// between goroutines.
type validation struct {
	issues
	// internal is set when validation could not run (the embedded schema
	// failed to compile); it is a bug, not the client's fault.
	internal error
}

// localRef is a reference to a contained resource ("#id") and where it was.
type localRef struct {
	target string // without the '#'; "" for a reference to the container
	expr   string
}

// validateTop validates the decoded top-level value.
func (v *validation) validateTop(doc any) (string, map[string]any) {
	obj, ok := doc.(map[string]any)
	if !ok {
		v.add(SeverityFatal, CodeStructure, "", "a FHIR resource must be a JSON object")
		return "", nil
	}
	rt, ok := obj["resourceType"].(string)
	switch {
	case !ok && obj["resourceType"] == nil:
		v.add(SeverityFatal, CodeRequired, "resourceType", "required element resourceType is missing")
		return "", nil
	case !ok:
		v.add(SeverityFatal, CodeStructure, "resourceType", "resourceType must be a string")
		return "", nil
	case !IsSupported(rt):
		v.add(SeverityFatal, CodeNotSupported, "resourceType", "resource type %q is not supported; supported types are %s",
			truncate(rt, 64), strings.Join(SupportedTypes(), ", "))
		return "", nil
	}
	v.validateResource(obj, rt, rt, placeTop)
	return rt, obj
}

// validateResource checks one resource of type rt, at expression path,
// including its contained resources and (for a Bundle) its entries.
func (v *validation) validateResource(obj map[string]any, rt, path string, where place) {
	r := rules[rt]
	sch, err := schemaFor(rt)
	if err != nil {
		v.internal = err
		return
	}
	if err := sch.Validate(obj); err != nil {
		var verr *jsonschema.ValidationError
		if !errors.As(err, &verr) {
			v.internal = fmt.Errorf("fhir: validate %s: %w", rt, err)
			return
		}
		schemaIssues(verr, path, &v.issues)
	}
	var refs []localRef
	v.walkElements(obj, path, rt, &refs)
	v.checkRules(r, obj, path)
	if rt == "Bundle" {
		v.checkBundle(obj, path)
	}
	if text, ok := obj["text"].(map[string]any); ok {
		v.checkNarrative(text, child(path, "text"))
	}
	if where == placeContained {
		v.checkContainedItself(obj, path)
		return
	}
	v.checkContained(obj, path, refs)
}

// nestedResource validates a resource embedded at path (a Bundle entry or
// a contained resource), or reports why it cannot. A missing or non-string
// resourceType is already reported by the schema of the container.
func (v *validation) nestedResource(item any, path string, where place) {
	obj, ok := item.(map[string]any)
	if !ok {
		return
	}
	rt, ok := obj["resourceType"].(string)
	if !ok {
		return
	}
	r, known := rules[rt]
	allowed := known && rt != "Bundle" && (where == placeContained || !r.containedOnly)
	if !allowed {
		what := "a Bundle entry"
		if where == placeContained {
			what = "a contained resource"
		}
		v.errorf(CodeNotSupported, child(path, "resourceType"), "resource type %q is not supported as %s", truncate(rt, 64), what)
		return
	}
	v.validateResource(obj, rt, path, where)
}

// checkContainedItself applies the invariants that hold for a resource
// because it is contained in another.
func (v *validation) checkContainedItself(obj map[string]any, path string) {
	if _, ok := obj["contained"]; ok {
		v.invariant("dom-2", child(path, "contained"), "a contained resource must not contain resources")
	}
	if meta, ok := obj["meta"].(map[string]any); ok {
		for _, k := range []string{"versionId", "lastUpdated"} {
			if _, ok := meta[k]; ok {
				v.invariant("dom-4", child(child(path, "meta"), k), "a contained resource must not have meta.versionId or meta.lastUpdated")
			}
		}
		if _, ok := meta["security"]; ok {
			v.invariant("dom-5", child(child(path, "meta"), "security"), "a contained resource must not have a security label")
		}
	}
	if _, ok := obj["id"]; !ok {
		v.required(child(path, "id"))
	}
}

// checkContained validates the resources contained in obj and the
// references between them and the container (dom-3, ref-1). refs holds the
// local references found in obj outside its contained resources.
func (v *validation) checkContained(obj map[string]any, path string, refs []localRef) {
	contained, _ := obj["contained"].([]any)
	ids := make(map[string]bool)
	for i, item := range contained {
		cp := index(child(path, "contained"), i)
		v.nestedResource(item, cp, placeContained)
		c, ok := item.(map[string]any)
		if !ok {
			continue
		}
		if id, ok := c["id"].(string); ok {
			if ids[id] {
				v.errorf(CodeInvalid, child(cp, "id"), "duplicate contained resource id")
			}
			ids[id] = true
		}
		collectRefs(c, cp, &refs)
	}
	referenced := make(map[string]bool)
	for _, r := range refs {
		referenced[r.target] = true
		if r.target != "" && !ids[r.target] {
			v.invariant("ref-1", r.expr, "local reference to a contained resource that does not exist")
		}
	}
	for i, item := range contained {
		c, ok := item.(map[string]any)
		if !ok {
			continue
		}
		id, _ := c["id"].(string)
		if id != "" && !referenced[id] && !refersToContainer(c) {
			v.invariant("dom-3", index(child(path, "contained"), i), "a contained resource must be referenced from elsewhere in the resource, or refer to it")
		}
	}
}

// refersToContainer reports whether a contained resource has a reference
// "#" back to the resource containing it.
func refersToContainer(c map[string]any) bool {
	var refs []localRef
	collectRefs(c, "", &refs)
	for _, r := range refs {
		if r.target == "" {
			return true
		}
	}
	return false
}

// collectRefs appends every local reference ("#…" in a Reference.reference)
// found under node.
func collectRefs(node any, path string, refs *[]localRef) {
	switch t := node.(type) {
	case map[string]any:
		for k, val := range t {
			if s, ok := val.(string); ok && k == "reference" && strings.HasPrefix(s, "#") {
				*refs = append(*refs, localRef{target: s[1:], expr: child(path, k)})
				continue
			}
			collectRefs(val, child(path, k), refs)
		}
	case []any:
		for i, item := range t {
			collectRefs(item, index(path, i), refs)
		}
	}
}

// walkElements visits every element of the resource obj, except its
// contained resources and a Bundle's entry resources (validated on their
// own), and applies the checks that hold for all elements: ele-1 (no empty
// objects, arrays or strings), Extension.url and ext-1. It collects local
// references into refs.
func (v *validation) walkElements(obj map[string]any, path, rt string, refs *[]localRef) {
	for k, val := range obj {
		switch {
		case k == "contained":
			if arr, ok := val.([]any); ok && len(arr) == 0 {
				v.invariant("ele-1", child(path, k), "empty array; omit the element instead")
			}
		case k == "entry" && rt == "Bundle":
			arr, ok := val.([]any)
			if !ok {
				continue
			}
			if len(arr) == 0 {
				v.invariant("ele-1", child(path, k), "empty array; omit the element instead")
			}
			for i, e := range arr {
				ep := index(child(path, k), i)
				if eo, ok := e.(map[string]any); ok {
					if len(eo) == 0 {
						v.invariant("ele-1", ep, "empty object; an element must have a value or children")
					}
					for ek, ev := range eo {
						if ek != "resource" {
							v.walk(ev, child(ep, ek), ek, refs)
						}
					}
					continue
				}
				v.walk(e, ep, k, refs)
			}
		default:
			v.walk(val, child(path, k), k, refs)
		}
	}
}

// emptyString is the ele-1 diagnostic for "", shared by the schema's
// pattern errors so that both report one issue.
const emptyString = "empty string; omit the element instead"

// walk applies the generic element checks to node, named name, at path.
func (v *validation) walk(node any, path, name string, refs *[]localRef) {
	switch t := node.(type) {
	case map[string]any:
		if len(t) == 0 {
			v.invariant("ele-1", path, "empty object; an element must have a value or children")
		}
		for k, val := range t {
			if s, ok := val.(string); ok && k == "reference" && strings.HasPrefix(s, "#") {
				*refs = append(*refs, localRef{target: s[1:], expr: child(path, k)})
			}
			v.walk(val, child(path, k), k, refs)
		}
	case []any:
		if len(t) == 0 {
			v.invariant("ele-1", path, "empty array; omit the element instead")
		}
		isExt := name == "extension" || name == "modifierExtension"
		for i, item := range t {
			ip := index(path, i)
			if o, ok := item.(map[string]any); ok && isExt {
				v.checkExtension(o, ip)
			}
			v.walk(item, ip, name, refs)
		}
	case string:
		if t == "" {
			v.invariant("ele-1", path, emptyString)
		}
	}
}

// checkExtension checks an Extension: url is required, and it has either a
// value or nested extensions, not both (ext-1).
func (v *validation) checkExtension(o map[string]any, path string) {
	if _, ok := o["url"]; !ok {
		v.required(child(path, "url"))
	}
	hasValue := false
	for k := range o {
		if strings.HasPrefix(k, "value") && len(k) > len("value") {
			hasValue = true
			break
		}
	}
	_, hasExt := o["extension"]
	if hasValue == hasExt {
		v.invariant("ext-1", path, "an extension must have either a value or nested extensions, not both and not neither")
	}
}
