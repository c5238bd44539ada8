package fhir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of JSON objects and arrays that Parse
// accepts. Real FHIR resources stay well below it (a Bundle entry holding a
// Questionnaire-style structure reaches about 20); deeper input is refused
// before any recursive processing, so hostile input cannot exhaust the stack.
const MaxDepth = 64

// decode parses raw as one JSON value into the generic form the validator
// works on: map[string]any, []any, string, json.Number, bool and nil. It
// rejects invalid UTF-8, duplicate object keys (FHIR forbids them; most JSON
// libraries silently keep the last), nesting deeper than MaxDepth and
// trailing data. Failures are fatal structure issues.
func decode(raw []byte) (any, error) {
	if !utf8.Valid(raw) {
		return nil, fatal(CodeStructure, "", "input is not valid UTF-8")
	}
	if err := checkDepth(raw); err != nil {
		return nil, err
	}
	d := decoder{dec: json.NewDecoder(bytes.NewReader(raw))}
	d.dec.UseNumber()
	v, err := d.value()
	if err != nil {
		return nil, d.syntaxIssue(err)
	}
	if _, err := d.dec.Token(); err != io.EOF {
		return nil, fatal(CodeStructure, "", "invalid JSON: data after the top-level value at byte offset %d", d.dec.InputOffset())
	}
	return v, nil
}

// checkDepth scans raw once, without recursion, and fails if objects and
// arrays nest deeper than MaxDepth. Syntax is checked later by the decoder.
func checkDepth(raw []byte) error {
	depth, inString, escaped := 0, false, false
	for i, c := range raw {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth > MaxDepth {
				return fatal(CodeStructure, "", "JSON nests deeper than %d levels (at byte offset %d)", MaxDepth, i)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

// errDuplicate marks a duplicate object key; key holds the name.
type errDuplicate struct{ key string }

func (e *errDuplicate) Error() string { return fmt.Sprintf("duplicate element %q", e.key) }

type decoder struct {
	dec *json.Decoder
}

func (d *decoder) value() (any, error) {
	tok, err := d.dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			return d.object()
		case '[':
			return d.array()
		}
		return nil, fmt.Errorf("unexpected %q", rune(t))
	default:
		return t, nil
	}
}

func (d *decoder) object() (map[string]any, error) {
	obj := make(map[string]any)
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("object key is not a string")
		}
		if _, dup := obj[key]; dup {
			return nil, &errDuplicate{key: key}
		}
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		obj[key] = v
	}
	if _, err := d.dec.Token(); err != nil { // '}'
		return nil, err
	}
	return obj, nil
}

func (d *decoder) array() ([]any, error) {
	arr := []any{}
	for d.dec.More() {
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
	}
	if _, err := d.dec.Token(); err != nil { // ']'
		return nil, err
	}
	return arr, nil
}

func (d *decoder) syntaxIssue(err error) error {
	var dup *errDuplicate
	switch {
	case errors.As(err, &dup):
		// The key is an element name, not a value: safe to quote.
		return fatal(CodeStructure, "", "invalid JSON: duplicate element %q at byte offset %d", truncate(dup.key, 64), d.dec.InputOffset())
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return fatal(CodeStructure, "", "invalid JSON: unexpected end of input")
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fatal(CodeStructure, "", "invalid JSON: %v (at byte offset %d)", se, se.Offset)
	}
	return fatal(CodeStructure, "", "invalid JSON: %v (near byte offset %d)", err, d.dec.InputOffset())
}

// Canonical returns the canonical form of the JSON in raw: compact, object
// keys sorted (by byte order), numbers exactly as written (FHIR decimals
// keep their precision, so 1.50 stays 1.50), strings re-escaped the way
// encoding/json does without HTML escaping. The same resource always yields
// the same bytes whatever its original formatting, so the output is fit for
// hashing. Canonical does not validate; it fails only on input that decode
// refuses (see Parse).
func Canonical(raw []byte) ([]byte, error) {
	v, err := decode(raw)
	if err != nil {
		return nil, err
	}
	return canonical(v), nil
}

// canonical encodes a decoded value. encoding/json sorts map keys and writes
// json.Number verbatim, which is what makes the output canonical.
func canonical(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// decode only produces encodable values.
		panic("fhir: canonical encoding: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// truncate shortens s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
