package fhir

import (
	"bytes"
	"encoding/json"
	"errors"
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
// rejects invalid UTF-8, nesting deeper than MaxDepth, trailing data and
// duplicate object keys (FHIR forbids them; most JSON libraries silently
// keep the last). Failures are fatal structure issues.
func decode(raw []byte) (any, error) {
	if !utf8.Valid(raw) {
		return nil, fatal(CodeStructure, "", "input is not valid UTF-8")
	}
	if err := checkDepth(raw); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		var se *json.SyntaxError
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return nil, fatal(CodeStructure, "", "invalid JSON: unexpected end of input")
		case errors.As(err, &se):
			return nil, fatal(CodeStructure, "", "invalid JSON: %v (at byte offset %d)", se, se.Offset)
		}
		return nil, fatal(CodeStructure, "", "invalid JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fatal(CodeStructure, "", "invalid JSON: data after the top-level value at byte offset %d", dec.InputOffset())
	}
	if key, off, dup := duplicateKey(raw); dup {
		// The key is an element name, not a value: safe to quote.
		return nil, fatal(CodeStructure, "", "invalid JSON: duplicate element %q at byte offset %d", truncate(key, 64), off)
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

// keySet holds the keys seen in one open object: a slice while small, a
// map once large, so that hostile objects with many keys stay linear.
type keySet struct {
	object bool // false for an array
	list   []string
	set    map[string]bool
}

// add records key and reports whether it was already there.
func (k *keySet) add(key string) bool {
	if k.set != nil {
		if k.set[key] {
			return true
		}
		k.set[key] = true
		return false
	}
	for _, seen := range k.list {
		if seen == key {
			return true
		}
	}
	k.list = append(k.list, key)
	if len(k.list) > 16 {
		k.set = make(map[string]bool, 2*len(k.list))
		for _, s := range k.list {
			k.set[s] = true
		}
	}
	return false
}

// duplicateKey scans syntactically valid JSON (depth already checked) for
// an object with the same key twice, and returns the first such key and
// its offset.
func duplicateKey(raw []byte) (key string, offset int, dup bool) {
	var stack [MaxDepth + 1]keySet
	depth := -1
	expectKey := false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '{', '[':
			depth++
			stack[depth] = keySet{object: c == '{'}
			expectKey = c == '{'
		case '}', ']':
			depth--
			expectKey = false
		case ',':
			expectKey = depth >= 0 && stack[depth].object
		case '"':
			end := stringEnd(raw, i)
			if expectKey {
				k := string(raw[i+1 : end])
				if bytes.IndexByte(raw[i+1:end], '\\') >= 0 {
					_ = json.Unmarshal(raw[i:end+1], &k) // valid JSON: cannot fail
				}
				if stack[depth].add(k) {
					return k, i, true
				}
				expectKey = false
			}
			i = end
		}
	}
	return "", 0, false
}

// stringEnd returns the index of the quote closing the string that starts
// at raw[start].
func stringEnd(raw []byte, start int) int {
	for i := start + 1; i < len(raw); i++ {
		switch raw[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(raw) - 1
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
