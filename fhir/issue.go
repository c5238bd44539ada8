package fhir

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrInvalid is what every *ValidationError wraps, so callers that only need
// to know "the client sent a bad resource" can test errors.Is(err, ErrInvalid).
var ErrInvalid = errors.New("fhir: invalid resource")

// Severity is a FHIR OperationOutcome issue severity
// (http://hl7.org/fhir/R4/valueset-issue-severity.html).
type Severity string

// The severities this package reports. Fatal means checking stopped at that
// issue (the input was not JSON, too deep, or of an unsupported type); Error
// means the resource is invalid but checking went on; Information only
// annotates (e.g. that further issues were left out).
const (
	SeverityFatal       Severity = "fatal"
	SeverityError       Severity = "error"
	SeverityWarning     Severity = "warning"
	SeverityInformation Severity = "information"
)

// IssueCode is a FHIR OperationOutcome issue type
// (http://hl7.org/fhir/R4/valueset-issue-type.html).
type IssueCode string

// The issue types this package reports.
const (
	// CodeInvalid is the generic "content is invalid".
	CodeInvalid IssueCode = "invalid"
	// CodeStructure: not JSON, too deeply nested, duplicate or unknown
	// element, or an element of the wrong JSON type (object, array, …).
	CodeStructure IssueCode = "structure"
	// CodeRequired: a required element is missing.
	CodeRequired IssueCode = "required"
	// CodeValue: an element's value is malformed or not allowed (a date
	// that is not a FHIR date, a code outside its value set, bad base64).
	CodeValue IssueCode = "value"
	// CodeInvariant: a FHIR invariant (obs-6, dom-3, bdl-3, …) failed;
	// the diagnostics start with the invariant's key.
	CodeInvariant IssueCode = "invariant"
	// CodeNotSupported: a resource type, or a Bundle type, that this
	// package does not accept.
	CodeNotSupported IssueCode = "not-supported"
	// CodeTooCostly: more issues were found than are reported.
	CodeTooCostly IssueCode = "too-costly"
	// CodeProcessing, CodeNotFound, CodeForbidden and CodeConflict are
	// not produced by this package; they are here for callers that render
	// their own errors with OperationOutcome.
	CodeProcessing IssueCode = "processing"
	CodeNotFound   IssueCode = "not-found"
	CodeForbidden  IssueCode = "forbidden"
	CodeConflict   IssueCode = "conflict"
	CodeException  IssueCode = "exception"
	// CodeInformational marks the "all OK" issue of a successful outcome.
	CodeInformational IssueCode = "informational"
)

// Issue is one problem found in a resource.
type Issue struct {
	Severity Severity
	Code     IssueCode
	// Diagnostics is a human-readable explanation. It names elements but
	// quotes no submitted value other than an unsupported resourceType or
	// Bundle.type, so it may be logged without leaking record contents.
	Diagnostics string
	// Expression names the offending element in FHIRPath form, e.g.
	// "Observation.status" or "Bundle.entry[1].resource.code". It is empty
	// when the input could not be parsed at all.
	Expression string
}

// String formats the issue as "expression: code: diagnostics".
func (i Issue) String() string {
	if i.Expression == "" {
		return fmt.Sprintf("%s: %s", i.Code, i.Diagnostics)
	}
	return fmt.Sprintf("%s: %s: %s", i.Expression, i.Code, i.Diagnostics)
}

// ValidationError reports why a resource was rejected. It holds at least one
// issue of severity error or fatal; issues are sorted by expression (array
// indexes numerically), without duplicates, and capped at 100 plus a final
// too-costly note. It wraps ErrInvalid.
type ValidationError struct {
	Issues []Issue
}

// Error summarises the first issue and how many more there are.
func (e *ValidationError) Error() string {
	if len(e.Issues) == 0 {
		return ErrInvalid.Error()
	}
	var b strings.Builder
	b.WriteString("fhir: invalid resource: ")
	b.WriteString(e.Issues[0].String())
	if n := len(e.Issues) - 1; n > 0 {
		fmt.Fprintf(&b, " (and %d more)", n)
	}
	return b.String()
}

// Unwrap returns ErrInvalid.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// OperationOutcome renders the issues as a FHIR R4 OperationOutcome resource
// in compact JSON.
func (e *ValidationError) OperationOutcome() []byte {
	return OperationOutcome(e.Issues)
}

// OperationOutcome renders issues as a FHIR R4 OperationOutcome resource in
// compact JSON with a stable key order. An empty list renders the single
// informational issue "all OK", as FHIR asks for a successful outcome.
func OperationOutcome(issues []Issue) []byte {
	type ooIssue struct {
		Severity    Severity  `json:"severity"`
		Code        IssueCode `json:"code"`
		Diagnostics string    `json:"diagnostics,omitempty"`
		Expression  []string  `json:"expression,omitempty"`
	}
	type outcome struct {
		ResourceType string    `json:"resourceType"`
		Issue        []ooIssue `json:"issue"`
	}
	oo := outcome{ResourceType: "OperationOutcome"}
	for _, is := range issues {
		o := ooIssue{Severity: is.Severity, Code: is.Code, Diagnostics: is.Diagnostics}
		if is.Expression != "" {
			o.Expression = []string{is.Expression}
		}
		oo.Issue = append(oo.Issue, o)
	}
	if len(oo.Issue) == 0 {
		oo.Issue = []ooIssue{{Severity: SeverityInformation, Code: CodeInformational, Diagnostics: "all OK"}}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(oo); err != nil {
		// Only strings and slices of strings: encoding cannot fail.
		panic("fhir: encode OperationOutcome: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// maxIssues bounds how many issues one validation reports; past it a single
// too-costly issue says that more were found.
const maxIssues = 100

// issues collects the issues of one validation.
type issues struct {
	list []Issue
}

func (s *issues) add(sev Severity, code IssueCode, expr, format string, args ...any) {
	s.list = append(s.list, Issue{Severity: sev, Code: code, Expression: expr, Diagnostics: fmt.Sprintf(format, args...)})
}

// errorf adds an issue of severity error.
func (s *issues) errorf(code IssueCode, expr, format string, args ...any) {
	s.add(SeverityError, code, expr, format, args...)
}

// invariant adds an error for the FHIR invariant key.
func (s *issues) invariant(key, expr, format string, args ...any) {
	s.add(SeverityError, CodeInvariant, expr, key+": "+format, args...)
}

// required adds a "required element missing" error for expr.
func (s *issues) required(expr string) {
	s.add(SeverityError, CodeRequired, expr, "required element %s is missing", lastSegment(expr))
}

// err returns the collected issues as a *ValidationError, or nil if there
// are none of severity error or fatal. The issues come sorted by expression
// (array indexes compared as numbers), without duplicates, at most
// maxIssues of them plus a too-costly note if more were found.
func (s *issues) err() error {
	failed := false
	for _, is := range s.list {
		if is.Severity == SeverityError || is.Severity == SeverityFatal {
			failed = true
			break
		}
	}
	if !failed {
		return nil
	}
	list := slices.Clone(s.list)
	slices.SortStableFunc(list, func(a, b Issue) int { return compareExpr(a.Expression, b.Expression) })
	list = dedupe(list)
	if n := len(list) - maxIssues; n > 0 {
		list = append(list[:maxIssues:maxIssues], Issue{
			Severity:    SeverityInformation,
			Code:        CodeTooCostly,
			Diagnostics: fmt.Sprintf("%d further issues were not reported", n),
		})
	}
	return &ValidationError{Issues: list}
}

// dedupe drops repeated issues, keeping the first.
func dedupe(list []Issue) []Issue {
	seen := make(map[Issue]bool, len(list))
	out := list[:0]
	for _, is := range list {
		if !seen[is] {
			seen[is] = true
			out = append(out, is)
		}
	}
	return out
}

// compareExpr orders FHIRPath expressions as they appear in a document:
// runs of digits compare as numbers, so entry[2] sorts before entry[10].
func compareExpr(a, b string) int {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			na, nb := digitRun(a), digitRun(b)
			// Without leading zeros, the longer run is the larger number.
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[len(na):], b[len(nb):]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitRun(s string) string {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i]
}

// fatal returns a *ValidationError with the single fatal issue.
func fatal(code IssueCode, expr, format string, args ...any) error {
	return &ValidationError{Issues: []Issue{{
		Severity:    SeverityFatal,
		Code:        code,
		Expression:  expr,
		Diagnostics: fmt.Sprintf(format, args...),
	}}}
}

// lastSegment returns the last dotted segment of a FHIRPath expression
// without any index: "Bundle.entry[1].request" → "request".
func lastSegment(expr string) string {
	if i := strings.LastIndexByte(expr, '.'); i >= 0 {
		expr = expr[i+1:]
	}
	if i := strings.IndexByte(expr, '['); i >= 0 {
		expr = expr[:i]
	}
	return expr
}

// child returns the expression of element name inside path.
func child(path, name string) string { return path + "." + name }

// index returns the expression of item i of the array at path.
func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }
