package fhir

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

const xhtmlNS = "http://www.w3.org/1999/xhtml"

// narrativeElements are the XHTML elements txt-1 allows: the basic
// formatting elements of HTML 4.0 chapters 7–11 and 15, links and images.
// Anything else (script, style, iframe, object, form, …) is refused.
var narrativeElements = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`
		a abbr acronym address b bdo big blockquote br caption center cite code
		col colgroup dd del dfn div dl dt em font h1 h2 h3 h4 h5 h6 hr i img ins
		kbd li ol p pre q s samp small span strike strong sub sup table tbody td
		tfoot th thead tr tt u ul var`) {
		narrativeElements[e] = true
	}
}

// checkNarrative checks a Narrative element at expr: status is required,
// div must be one XHTML div element (txt-1) using only the basic formatting
// elements, no event attributes and no script URLs, and it must have some
// text or an image (txt-2). The narrative is shown to clinicians, so these
// checks also keep script out of the record.
func (v *validation) checkNarrative(text map[string]any, expr string) {
	if !has(text, "status") {
		v.required(child(expr, "status"))
	}
	div, ok := text["div"].(string)
	if !ok || div == "" {
		return // the schema or ele-1 reports it
	}
	divExpr := child(expr, "div")
	hasContent, err := scanXHTML(div)
	switch {
	case err != nil:
		v.invariant("txt-1", divExpr, "%s", err.Error())
	case !hasContent:
		v.invariant("txt-2", divExpr, "the narrative must have some non-whitespace content")
	}
}

// errNarrative is the base of the reasons scanXHTML gives.
var errNarrative = errors.New("narrative must be a single XHTML <div> with basic formatting only")

// scanXHTML parses div and reports whether it has text or an image.
func scanXHTML(div string) (hasContent bool, err error) {
	d := xml.NewDecoder(strings.NewReader(div))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return false, narrativeErr("it is not well-formed XML")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if roots > 1 || t.Name.Local != "div" {
					return false, narrativeErr("the root must be a single div element")
				}
				if t.Name.Space != xhtmlNS {
					return false, narrativeErr("the div must be in the XHTML namespace " + xhtmlNS)
				}
			}
			if t.Name.Space != xhtmlNS || !narrativeElements[t.Name.Local] {
				return false, narrativeErr("element <" + truncate(t.Name.Local, 32) + "> is not allowed")
			}
			if err := checkNarrativeAttrs(t.Attr); err != nil {
				return false, err
			}
			if t.Name.Local == "img" {
				hasContent = true
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if strings.TrimSpace(string(t)) != "" {
				if depth == 0 {
					return false, narrativeErr("text outside the div element")
				}
				hasContent = true
			}
		case xml.ProcInst, xml.Directive:
			return false, narrativeErr("processing instructions and directives are not allowed")
		}
	}
	if roots == 0 {
		return false, narrativeErr("the root must be a single div element")
	}
	return hasContent, nil
}

// checkNarrativeAttrs refuses event handler attributes and script URLs.
func checkNarrativeAttrs(attrs []xml.Attr) error {
	for _, a := range attrs {
		name := strings.ToLower(a.Name.Local)
		if strings.HasPrefix(name, "on") {
			return narrativeErr("event attribute " + truncate(name, 32) + " is not allowed")
		}
		switch name {
		case "href", "src", "cite", "longdesc", "background":
			val := strings.ToLower(strings.Join(strings.Fields(a.Value), ""))
			if strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:") ||
				strings.HasPrefix(val, "data:text/html") {
				return narrativeErr("attribute " + name + " has a script URL")
			}
		}
	}
	return nil
}

func narrativeErr(reason string) error {
	return errors.New(errNarrative.Error() + ": " + reason)
}
