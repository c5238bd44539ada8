package fhir

import (
	"bytes"
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// schemaJSON is the HL7 FHIR R4 JSON schema, unmodified; schema/README.md
// says where it comes from.
//
//go:embed schema/fhir.schema.json
var schemaJSON []byte

// schemaSHA256 pins schemaJSON (TestSchemaPinned).
const schemaSHA256 = "15b9548af6412c44faaa411456e0652542de286fd1c58ef882b09bdc8947909d"

// schemaURL is the schema's own id; compiled locations hang off it.
const schemaURL = "http://hl7.org/fhir/json-schema/4.0"

// compiled holds one compiled schema per resource type this package
// validates (the supported types, plus the ones only allowed as contained
// resources). It is built once, on first use, and read-only afterwards, so
// it is safe for concurrent use.
var compiled struct {
	once  sync.Once
	types map[string]*jsonschema.Schema
	err   error
	// patternNames maps a primitive's pattern to its FHIR type name(s).
	patternNames map[string]string
}

// schemaFor returns the compiled schema for resourceType, compiling all of
// them on the first call.
func schemaFor(resourceType string) (*jsonschema.Schema, error) {
	compiled.once.Do(func() {
		compiled.types, compiled.patternNames, compiled.err = compileSchemas()
	})
	if compiled.err != nil {
		return nil, compiled.err
	}
	sch, ok := compiled.types[resourceType]
	if !ok {
		return nil, fmt.Errorf("fhir: no schema compiled for %s", resourceType)
	}
	return sch, nil
}

// compileSchemas parses and patches the embedded schema and compiles it
// for every type in schemaTypes. It also returns the primitive type names
// by pattern (see patchSchema).
func compileSchemas() (map[string]*jsonschema.Schema, map[string]string, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, nil, fmt.Errorf("fhir: parse embedded schema: %w", err)
	}
	patterns, err := patchSchema(doc)
	if err != nil {
		return nil, nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft6)
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, nil, fmt.Errorf("fhir: add schema: %w", err)
	}
	out := make(map[string]*jsonschema.Schema)
	for t := range schemaTypes() {
		sch, err := c.Compile(schemaURL + "#/definitions/" + t)
		if err != nil {
			return nil, nil, fmt.Errorf("fhir: compile schema of %s: %w", t, err)
		}
		out[t] = sch
	}
	return out, patterns, nil
}

// schemaTypes lists every resource type that needs a compiled schema: the
// ones in the rules table, and OperationOutcome, so that tests can check
// what this package renders.
func schemaTypes() map[string]bool {
	m := map[string]bool{"OperationOutcome": true}
	for t := range rules {
		m[t] = true
	}
	return m
}

// Integer primitive patterns of the upstream schema. Their definitions, and
// the copies inlined in choice elements (valueInteger, …), are declared as
// JSON numbers, for which a pattern means nothing.
var integerBounds = map[string][2]int64{
	`^-?([0]|([1-9][0-9]*))$`: {-2147483648, 2147483647}, // integer
	`^[1-9][0-9]*$`:           {1, 2147483647},           // positiveInt
	`^[0]|([1-9][0-9]*)$`:     {0, 2147483647},           // unsignedInt
}

// patchSchema applies the in-memory changes described in schema/README.md:
// embedded resources become opaque objects (validated one by one by this
// package), and integer types get real integer bounds. It returns the FHIR
// primitive type names by pattern, for error messages.
func patchSchema(doc any) (map[string]string, error) {
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("fhir: embedded schema is not an object")
	}
	defs, ok := root["definitions"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("fhir: embedded schema has no definitions")
	}
	if _, ok := defs["ResourceList"]; !ok {
		return nil, fmt.Errorf("fhir: embedded schema has no ResourceList definition")
	}
	// The root's discriminator/oneOf would make the compiler resolve every
	// resource type; nothing here compiles the root.
	delete(root, "oneOf")
	delete(root, "discriminator")
	defs["ResourceList"] = map[string]any{
		"type":     "object",
		"required": []any{"resourceType"},
		"properties": map[string]any{
			"resourceType": map[string]any{"type": "string"},
		},
	}
	names := make(map[string][]string)
	for name, def := range defs {
		if d, ok := def.(map[string]any); ok {
			if p, ok := d["pattern"].(string); ok && d["type"] == "string" {
				names[p] = append(names[p], name)
			}
			patchIntegers(d)
		}
	}
	// Inlined primitives are named only after every named primitive type is
	// known: map order must not decide a pattern's name.
	for _, dname := range slices.Sorted(maps.Keys(defs)) {
		props, _ := defs[dname].(map[string]any)["properties"].(map[string]any)
		for _, pname := range slices.Sorted(maps.Keys(props)) {
			p, ok := props[pname].(map[string]any)
			if !ok {
				continue
			}
			patchIntegers(p)
			// An inlined primitive of a choice element: valueBase64Binary.
			if pat, ok := p["pattern"].(string); ok && p["type"] == "string" && len(names[pat]) == 0 {
				if i := strings.IndexFunc(pname, func(r rune) bool { return r >= 'A' && r <= 'Z' }); i > 0 {
					names[pat] = []string{strings.ToLower(pname[i:i+1]) + pname[i+1:]}
				}
			}
		}
	}
	patternNames := make(map[string]string, len(names))
	for p, ns := range names {
		slices.Sort(ns)
		patternNames[p] = strings.Join(slices.Compact(ns), " or ")
	}
	return patternNames, nil
}

// patchIntegers turns a number schema with an integer pattern into an
// integer schema with the R4 bounds.
func patchIntegers(s map[string]any) {
	p, _ := s["pattern"].(string)
	b, ok := integerBounds[p]
	if !ok || s["type"] != "number" {
		return
	}
	s["type"] = "integer"
	s["minimum"] = b[0]
	s["maximum"] = b[1]
	delete(s, "pattern")
}

// schemaIssues turns a jsonschema validation error for the resource at path
// into issues: one per leaf error, located by FHIRPath expression.
func schemaIssues(verr *jsonschema.ValidationError, path string, out *issues) {
	if len(verr.Causes) > 0 {
		for _, c := range verr.Causes {
			schemaIssues(c, path, out)
		}
		return
	}
	at := instancePath(path, verr.InstanceLocation)
	switch k := verr.ErrorKind.(type) {
	case *kind.Required:
		for _, m := range k.Missing {
			out.required(child(at, m))
		}
	case *kind.AdditionalProperties:
		for _, p := range k.Properties {
			out.errorf(CodeStructure, child(at, p), "unknown element %q", truncate(p, 64))
		}
	case *kind.Type:
		if k.Got == "number" && slices.Equal(k.Want, []string{"integer"}) {
			out.errorf(CodeValue, at, "value must be a whole number")
			break
		}
		out.errorf(CodeStructure, at, "wrong JSON type: got %s, want %s", k.Got, strings.Join(k.Want, " or "))
	case *kind.Enum:
		out.errorf(CodeValue, at, "value is not one of the allowed codes (%s)", enumList(k.Want))
	case *kind.Const:
		out.errorf(CodeValue, at, "value must be %v", k.Want)
	case *kind.Pattern:
		if k.Got == "" {
			out.invariant("ele-1", at, emptyString)
			break
		}
		typ := compiled.patternNames[k.Want]
		if typ == "" {
			typ = "value of this element"
		}
		out.errorf(CodeValue, at, "value is not a valid FHIR %s", typ)
	case *kind.Minimum, *kind.Maximum:
		out.errorf(CodeValue, at, "value is out of range for this integer type")
	case *kind.FalseSchema:
		out.errorf(CodeStructure, at, "element is not allowed here")
	default:
		out.errorf(CodeInvalid, at, "value fails the schema's %q rule", strings.Join(verr.ErrorKind.KeywordPath(), "/"))
	}
}

// instancePath appends a jsonschema instance location to a FHIRPath
// expression: ["name","0","given"] → path.name[0].given. FHIR element names
// never start with a digit, so numeric tokens are array indexes.
func instancePath(path string, loc []string) string {
	var b strings.Builder
	b.WriteString(path)
	for _, tok := range loc {
		if tok != "" && tok[0] >= '0' && tok[0] <= '9' {
			b.WriteByte('[')
			b.WriteString(tok)
			b.WriteByte(']')
			continue
		}
		b.WriteByte('.')
		b.WriteString(tok)
	}
	return b.String()
}

// enumList formats allowed enum values in schema order; they come from the
// schema, not from the instance.
func enumList(want []any) string {
	s := make([]string, 0, len(want))
	for _, w := range want {
		s = append(s, fmt.Sprint(w))
	}
	return strings.Join(s, ", ")
}
