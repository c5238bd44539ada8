package fhir

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"mime"
	"strings"
)

// Attachment is a FHIR Attachment: content carried inline (Data) or by
// reference (URL). Attachments returned by (*Resource).Attachments have
// been validated: Data is the decoded bytes, and any size and hash the
// resource declared match them.
type Attachment struct {
	// Expression locates the attachment, e.g.
	// "DocumentReference.content[0].attachment".
	Expression  string
	ContentType string // MIME type, e.g. "application/pdf"; required with Data
	Language    string
	Data        []byte // decoded; nil if the content is only referenced
	URL         string
	Size        int64  // declared size in bytes, -1 if not declared
	Hash        []byte // declared SHA-1 of the data, nil if not declared
	Title       string
	Creation    string // FHIR dateTime as written, "" if absent
}

// checkAttachment checks one Attachment element at expr: att-1 (data needs
// a contentType), that contentType is a MIME type, that data and hash are
// base64, and that a declared size and SHA-1 hash match the data.
func (v *validation) checkAttachment(o map[string]any, expr string) {
	ct, hasCT := o["contentType"].(string)
	if hasCT {
		if _, _, err := mime.ParseMediaType(ct); err != nil {
			v.errorf(CodeValue, child(expr, "contentType"), "contentType is not a valid MIME type")
		}
	}
	s, hasData := o["data"].(string)
	if hasData && !hasCT {
		v.invariant("att-1", child(expr, "contentType"), "an attachment with data must have a contentType")
	}
	var data []byte
	dataOK := false
	if hasData {
		var err error
		data, err = decodeBase64(s)
		if err != nil {
			v.errorf(CodeValue, child(expr, "data"), "attachment data is not valid base64")
		} else {
			dataOK = true
		}
	}
	if n, ok := o["size"].(json.Number); ok && dataOK {
		if size, err := n.Int64(); err == nil && size != int64(len(data)) {
			v.errorf(CodeValue, child(expr, "size"), "size %d does not match the %d bytes of data", size, len(data))
		}
	}
	if h, ok := o["hash"].(string); ok {
		hash, err := decodeBase64(h)
		switch {
		case err != nil:
			v.errorf(CodeValue, child(expr, "hash"), "hash is not valid base64")
		case len(hash) != sha1.Size:
			v.errorf(CodeValue, child(expr, "hash"), "hash must be a SHA-1 digest (%d bytes), got %d bytes", sha1.Size, len(hash))
		case dataOK:
			sum := sha1.Sum(data)
			if !bytes.Equal(sum[:], hash) {
				v.errorf(CodeValue, child(expr, "hash"), "hash does not match the SHA-1 of the data")
			}
		}
	}
}

// decodeBase64 decodes standard, padded base64, ignoring the whitespace
// that XML-derived content sometimes carries, and refuses non-canonical
// encodings (stray bits in the last quantum).
func decodeBase64(s string) ([]byte, error) {
	if strings.ContainsAny(s, " \t\r\n") {
		s = strings.Map(func(r rune) rune {
			switch r {
			case ' ', '\t', '\r', '\n':
				return -1
			}
			return r
		}, s)
	}
	return base64.StdEncoding.Strict().DecodeString(s)
}

// attachmentFrom builds an Attachment from a validated Attachment element.
func attachmentFrom(o map[string]any, expr string) Attachment {
	a := Attachment{Expression: expr, Size: -1}
	a.ContentType, _ = o["contentType"].(string)
	a.Language, _ = o["language"].(string)
	a.URL, _ = o["url"].(string)
	a.Title, _ = o["title"].(string)
	a.Creation, _ = o["creation"].(string)
	if s, ok := o["data"].(string); ok {
		a.Data, _ = decodeBase64(s)
	}
	if n, ok := o["size"].(json.Number); ok {
		if size, err := n.Int64(); err == nil {
			a.Size = size
		}
	}
	if h, ok := o["hash"].(string); ok {
		a.Hash, _ = decodeBase64(h)
	}
	return a
}

// checkDocContent requires every DocumentReference attachment to carry its
// content, inline or by URL: dualchain stores documents, not empty shells.
func checkDocContent(v *validation, obj map[string]any, path string) {
	forEach(obj, path, []string{"content", "attachment"}, func(o map[string]any, expr string) {
		_, hasData := o["data"]
		_, hasURL := o["url"]
		if !hasData && !hasURL {
			v.errorf(CodeRequired, expr, "a document attachment must have data or a url")
		}
	})
}
