package fhir

import (
	"slices"
	"strings"
)

// Entry is one entry of a Bundle.
type Entry struct {
	// FullURL is Bundle.entry.fullUrl, e.g. "urn:uuid:…" for a resource
	// that a transaction creates and other entries reference.
	FullURL string
	// Method and URL are Bundle.entry.request.method and .url (transaction
	// and batch bundles only).
	Method string
	URL    string
	// Resource is the entry's resource, or nil (a GET, HEAD or DELETE
	// request carries none).
	Resource *Resource
}

// checkBundle checks what the Bundle's schema cannot: a supported type,
// the bdl invariants that apply to transaction, batch, collection and
// searchset bundles, and each entry's resource on its own.
func (v *validation) checkBundle(obj map[string]any, path string) {
	typ, _ := obj["type"].(string)
	if typ != "" && !slices.Contains(bundleTypes, typ) {
		v.errorf(CodeNotSupported, child(path, "type"), "Bundle type %q is not supported; supported types are %s",
			truncate(typ, 32), strings.Join(bundleTypes, ", "))
	}
	if has(obj, "total") && typ != "searchset" {
		v.invariant("bdl-1", child(path, "total"), "total is only allowed in a searchset or history bundle")
	}
	entries, _ := obj["entry"].([]any)
	seen := make(map[string]int)
	for i, item := range entries {
		e, ok := item.(map[string]any)
		if !ok {
			continue
		}
		v.checkEntry(e, i, index(child(path, "entry"), i), typ, seen)
	}
}

// checkEntry checks entry i, at expr, of a bundle of type typ. seen maps
// fullUrl (plus versionId) to the first entry that used it (bdl-7).
func (v *validation) checkEntry(e map[string]any, i int, expr, typ string, seen map[string]int) {
	isTx := typ == "transaction" || typ == "batch"
	if has(e, "search") && typ != "searchset" {
		v.invariant("bdl-2", child(expr, "search"), "entry.search is only allowed in a searchset")
	}
	req, hasReq := e["request"].(map[string]any)
	switch {
	case isTx && !has(e, "request"):
		v.invariant("bdl-3", child(expr, "request"), "entry.request is required in a %s bundle", typ)
	case !isTx && has(e, "request") && typ != "":
		v.invariant("bdl-3", child(expr, "request"), "entry.request is only allowed in a batch or transaction bundle")
	}
	if has(e, "response") {
		v.invariant("bdl-4", child(expr, "response"), "entry.response is only allowed in response and history bundles")
	}
	method, _ := req["method"].(string)
	res, hasRes := e["resource"]
	switch {
	case hasRes:
		v.nestedResource(res, child(expr, "resource"), placeEntry)
	case isTx && hasReq && method != "POST" && method != "PUT":
		// GET, HEAD and DELETE carry no resource; a missing or invalid
		// method is reported on its own.
	case typ != "":
		v.required(child(expr, "resource"))
	}
	if full, ok := e["fullUrl"].(string); ok {
		if strings.Contains(full, "/_history/") {
			v.invariant("bdl-8", child(expr, "fullUrl"), "fullUrl cannot be a version-specific reference")
		}
		key := full + "\x00" + versionID(res)
		if first, dup := seen[key]; dup {
			v.invariant("bdl-7", child(expr, "fullUrl"), "fullUrl is the same as in entry[%d]; it must be unique unless the versionIds differ", first)
		} else {
			seen[key] = i
		}
	}
}

// versionID returns resource.meta.versionId, or "".
func versionID(res any) string {
	o, _ := res.(map[string]any)
	meta, _ := o["meta"].(map[string]any)
	id, _ := meta["versionId"].(string)
	return id
}
