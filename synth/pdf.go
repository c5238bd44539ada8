package synth

import (
	"bytes"
	"fmt"
	"strings"
)

// PDF returns a minimal but valid one-page PDF 1.4 document (US Letter)
// showing text in Helvetica, one line per "\n"-separated line. Its xref
// table gives each object's true byte offset and the content stream its
// true length, so strict readers open it without repair. The font uses
// WinAnsiEncoding: characters outside Latin-1 print as '?'.
//
// Documents are generated rather than embedded so that each patient's
// report names the patient and differs in content and hash.
func PDF(text string) []byte {
	var content bytes.Buffer
	content.WriteString("BT\n/F1 11 Tf\n15 TL\n72 720 Td\n")
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			content.WriteString("T*\n")
		}
		content.WriteString("(" + pdfString(line) + ") Tj\n")
	}
	content.WriteString("ET")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.Bytes()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n") // the binary comment marks the file as binary
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off) // 20 bytes per entry, as the format requires
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// pdfString escapes s for a PDF literal string in WinAnsiEncoding: the
// delimiters and backslash are escaped, Latin-1 letters written as octal
// escapes, other letters of the name lists spelled without their accent,
// and anything else replaced by '?'.
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= ' ' && r < 0x7f:
			b.WriteRune(r)
		case r >= 0xa0 && r <= 0xff:
			fmt.Fprintf(&b, "\\%03o", r)
		case r == '\t':
			b.WriteByte(' ')
		case asciiFold.Replace(string(r)) != string(r): // ş, ı: close enough
			b.WriteString(asciiFold.Replace(string(r)))
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// pad grows pdf to exactly size bytes with comment lines of random hex
// digits, inserted after the trailer dictionary, before "startxref". There
// they shift no object, so the xref offsets and startxref stay right and
// the file stays a valid PDF that still ends in %%EOF. A pdf of size bytes
// or more is returned as is.
func (g *Generator) pad(pdf []byte, size int) []byte {
	need := size - len(pdf)
	if need <= 0 {
		return pdf
	}
	const hex = "0123456789abcdef"
	at := bytes.LastIndex(pdf, []byte("startxref"))
	out := make([]byte, 0, size)
	out = append(out, pdf[:at]...)
	for need > 0 {
		n := min(need, 80) // a line of n bytes: '%', n-2 digits, '\n'
		if n > 1 {
			out = append(out, '%')
			for range n - 2 {
				out = append(out, hex[g.r.IntN(16)])
			}
		}
		out = append(out, '\n')
		need -= n
	}
	return append(out, pdf[at:]...)
}
