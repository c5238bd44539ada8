package fhir

import (
	"bytes"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
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
}

// schemaFor returns the compiled schema for resourceType, compiling all of
// them on the first call.
func schemaFor(resourceType string) (*jsonschema.Schema, error) {
	compiled.once.Do(func() {
		compiled.types, compiled.err = compileSchemas()
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

func compileSchemas() (map[string]*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("fhir: parse embedded schema: %w", err)
	}
	if err := patchSchema(doc); err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft6)
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("fhir: add schema: %w", err)
	}
	out := make(map[string]*jsonschema.Schema)
	for t := range schemaTypes() {
		sch, err := c.Compile(schemaURL + "#/definitions/" + t)
		if err != nil {
			return nil, fmt.Errorf("fhir: compile schema of %s: %w", t, err)
		}
		out[t] = sch
	}
	return out, nil
}

// schemaTypes lists every resource type that needs a compiled schema.
func schemaTypes() map[string]bool {
	m := make(map[string]bool)
	for t := range rules {
		m[t] = true
	}
	return m
}

// patchSchema applies the in-memory changes described in schema/README.md:
// embedded resources become opaque objects (validated one by one by this
// package), and integer types get real integer bounds.
func patchSchema(doc any) error {
	root, ok := doc.(map[string]any)
	if !ok {
		return fmt.Errorf("fhir: embedded schema is not an object")
	}
	defs, ok := root["definitions"].(map[string]any)
	if !ok {
		return fmt.Errorf("fhir: embedded schema has no definitions")
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
	bounds := map[string][2]int64{
		"integer":     {-2147483648, 2147483647},
		"positiveInt": {1, 2147483647},
		"unsignedInt": {0, 2147483647},
	}
	for name, b := range bounds {
		def, ok := defs[name].(map[string]any)
		if !ok {
			return fmt.Errorf("fhir: embedded schema has no %s definition", name)
		}
		def["type"] = "integer"
		def["minimum"] = b[0]
		def["maximum"] = b[1]
		delete(def, "pattern")
	}
	return nil
}

// english renders error kinds this file has no message of its own for.
var english = message.NewPrinter(language.English)

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
	typ := fhirType(verr.SchemaURL)
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
		out.errorf(CodeStructure, at, "wrong JSON type: got %s, want %s", k.Got, strings.Join(k.Want, " or "))
	case *kind.Enum:
		out.errorf(CodeValue, at, "value is not one of the allowed codes (%s)", enumList(k.Want))
	case *kind.Const:
		out.errorf(CodeValue, at, "value must be %v", k.Want)
	case *kind.Pattern:
		out.errorf(CodeValue, at, "value is not a valid FHIR %s", typ)
	case *kind.Minimum, *kind.Maximum:
		out.errorf(CodeValue, at, "value is out of range for FHIR %s", typ)
	case *kind.FalseSchema:
		out.errorf(CodeStructure, at, "element is not allowed here")
	default:
		out.errorf(CodeInvalid, at, "%s", verr.ErrorKind.LocalizedString(english))
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

// fhirType extracts the definition name from a schema location such as
// "http://hl7.org/fhir/json-schema/4.0#/definitions/dateTime/pattern".
func fhirType(loc string) string {
	_, frag, ok := strings.Cut(loc, "#/definitions/")
	if !ok {
		return "value"
	}
	name, _, _ := strings.Cut(frag, "/")
	return name
}

// enumList formats allowed enum values; they come from the schema, not
// from the instance.
func enumList(want []any) string {
	s := make([]string, 0, len(want))
	for _, w := range want {
		s = append(s, fmt.Sprint(w))
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
}
