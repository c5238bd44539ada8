package synth

import (
	"bytes"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dualchain/dualchain/fhir"
)

var testRefs = Refs{
	Patient:      "Patient/0xa11ce",
	Practitioner: "Practitioner/0xd0c",
	Organization: "Organization/0x0a9",
}

// everything calls every function of g once or more and returns the
// outputs in order.
func everything(t *testing.T, g *Generator) [][]byte {
	t.Helper()
	out := [][]byte{
		g.Patient("0xa11ce"), g.Patient(""), g.Practitioner("0xd0c"), g.Practitioner(""),
		g.Organization("0x0a9", "Kantonsspital St. Gallen"), g.Organization("", ""),
	}
	out = append(out, g.Records(testRefs, 1)...)
	out = append(out, g.Records(testRefs, 4)...)
	for _, typ := range RecordTypes {
		raw, err := g.Record(typ, testRefs)
		if err != nil {
			t.Fatalf("Record(%s): %v", typ, err)
		}
		out = append(out, raw)
	}
	return append(out,
		g.TransactionBundle(testRefs, 2),
		g.DocumentWithAttachment(testRefs, 0),
		g.DocumentWithAttachment(testRefs, 4096))
}

func mustParse(t *testing.T, raw []byte) *fhir.Resource {
	t.Helper()
	r, err := fhir.Parse(raw)
	if err != nil {
		t.Fatalf("invalid resource: %v\n%s", err, raw)
	}
	return r
}

func TestEverythingValid(t *testing.T) {
	for seed := range uint64(30) {
		outs := everything(t, New(seed))
		for _, raw := range outs {
			if err := fhir.Validate(raw); err != nil {
				t.Fatalf("seed %d: %v\n%s", seed, err, raw)
			}
		}
	}
	g := New(7)
	for _, n := range []int{-1, 0, 1, 3, 50, 2000} {
		for _, raw := range g.Records(testRefs, n) {
			if err := fhir.Validate(raw); err != nil {
				t.Fatalf("Records(n=%d): %v\n%s", n, err, raw)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b, c := everything(t, New(42)), everything(t, New(42)), everything(t, New(43))
	if len(a) != len(b) {
		t.Fatalf("same seed: %d outputs, then %d", len(a), len(b))
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Fatalf("same seed, output %d differs:\n%s\n%s", i, a[i], b[i])
		}
	}
	if slices.EqualFunc(a, c, bytes.Equal) {
		t.Fatal("seeds 42 and 43 produce identical output")
	}
	if bytes.Equal(a[0], c[0]) {
		t.Error("seeds 42 and 43 produce the same patient")
	}
}

// references returns every Reference.reference in the JSON document.
func references(t *testing.T, raw []byte) []string {
	t.Helper()
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "reference" {
					refs = append(refs, s)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	return refs
}

func TestRecords(t *testing.T) {
	g := New(1)
	patient := mustParse(t, g.Patient("0xa11ce"))
	const n = 6
	recs := g.Records(testRefs, n)
	counts := make(map[string]int)
	var types []string
	var refs []string
	var dates []string
	for i, raw := range recs {
		r := mustParse(t, raw)
		counts[r.ResourceType]++
		if i == 0 || types[len(types)-1] != r.ResourceType {
			types = append(types, r.ResourceType)
		}
		if r.ID != "" || bytes.Contains(raw, []byte(`"meta"`)) {
			t.Errorf("record %d (%s) has an id or meta", i, r.ResourceType)
		}
		if got := r.PatientRef(); got != testRefs.Patient {
			t.Errorf("record %d (%s): patient %q, want %q", i, r.ResourceType, got, testRefs.Patient)
		}
		refs = append(refs, references(t, raw)...)
		if r.ResourceType == "Observation" {
			var obs struct{ EffectiveDateTime string }
			_ = json.Unmarshal(raw, &obs)
			dates = append(dates, obs.EffectiveDateTime)
		}
	}
	if !slices.Equal(types, RecordTypes) {
		t.Errorf("types in order %v, want %v", types, RecordTypes)
	}
	if counts["Encounter"] != 1 || counts["Observation"] != 7*n+1 {
		t.Errorf("got %d encounters and %d observations, want 1 and %d", counts["Encounter"], counts["Observation"], 7*n+1)
	}
	for _, ref := range refs {
		if ref != testRefs.Patient && ref != testRefs.Practitioner && ref != testRefs.Organization {
			t.Errorf("reference %q is none of the given refs", ref)
		}
	}
	for _, want := range []string{testRefs.Practitioner, testRefs.Organization} {
		if !slices.Contains(refs, want) {
			t.Errorf("no record references %s", want)
		}
	}
	if !slices.IsSorted(dates) || len(slices.Compact(slices.Clone(dates))) != n || dates[len(dates)-1][:7] == dates[0][:7] {
		t.Errorf("vitals are not spread over %d visits in different months: %v", n, slices.Compact(dates))
	}

	// The records describe the generated patient: the report names them.
	doc := mustParse(t, recs[len(recs)-1])
	var p struct {
		Name []struct {
			Family string
			Given  []string
		}
	}
	_ = json.Unmarshal(patient.Raw, &p)
	name := strings.Join(p.Name[0].Given, " ") + " " + p.Name[0].Family
	if att := doc.Attachments(); len(att) != 1 || !bytes.Contains(att[0].Data, []byte("Chest X-ray report for "+pdfString(name))) {
		t.Errorf("the report PDF does not name the patient %q", name)
	}
}

func TestVitalCodes(t *testing.T) {
	want := []string{"85354-9", "8480-6", "8462-4", "8867-4", "8310-5", "29463-7", "8302-2", "59408-5", "9279-1"}
	all := bytes.Join(New(3).Records(testRefs, 2), nil)
	for _, code := range want {
		if !bytes.Contains(all, []byte(`"system":"http://loinc.org","code":"`+code+`"`)) {
			t.Errorf("no LOINC %s in the vitals", code)
		}
	}
	for _, s := range []string{`"code":"vital-signs"`, `"code":"mm[Hg]"`, `"code":"Cel"`, sysRxNorm, "http://hl7.org/fhir/sid/cvx", `"36643-5"`, `"conclusion":`} {
		if !bytes.Contains(all, []byte(s)) {
			t.Errorf("records lack %s", s)
		}
	}
}

func TestRecordUnknownType(t *testing.T) {
	for _, typ := range []string{"Patient", "Bundle", "observation", ""} {
		if _, err := New(1).Record(typ, testRefs); err == nil {
			t.Errorf("Record(%q) succeeded", typ)
		}
	}
}

// checkPDF checks the structure of a PDF produced by this package: header,
// trailer, every xref offset pointing at its object, the stream length.
func checkPDF(t *testing.T, pdf []byte) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(pdf, "\r\n"), []byte("%%EOF")) {
		t.Fatalf("not framed by %%PDF- and %%%%EOF: %q … %q", pdf[:min(16, len(pdf))], pdf[max(0, len(pdf)-16):])
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no startxref")
	}
	start, _ := strconv.Atoi(string(m[1]))
	xref := pdf[start:]
	h := regexp.MustCompile(`^xref\n0 (\d+)\n`).FindSubmatch(xref)
	if h == nil {
		t.Fatalf("startxref %d does not point at an xref table", start)
	}
	count, _ := strconv.Atoi(string(h[1]))
	entries := xref[len(h[0]):]
	if count < 2 || len(entries) < 20*count {
		t.Fatalf("xref table of %d entries is truncated", count)
	}
	if string(entries[:20]) != "0000000000 65535 f \n" {
		t.Errorf("entry 0 is %q", entries[:20])
	}
	for i := 1; i < count; i++ {
		e := entries[20*i : 20*i+20]
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || string(e[10:]) != " 00000 n \n" {
			t.Fatalf("malformed xref entry %d: %q", i, e)
		}
		if want := fmt.Sprintf("%d 0 obj\n", i); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Errorf("xref entry %d points at %q, want %q", i, pdf[off:min(off+10, len(pdf))], want)
		}
	}
	s := regexp.MustCompile(`/Length (\d+) >>\nstream\n`).FindSubmatchIndex(pdf)
	if s == nil {
		t.Fatal("no content stream")
	}
	length, _ := strconv.Atoi(string(pdf[s[2]:s[3]]))
	if !bytes.HasPrefix(pdf[s[1]+length:], []byte("\nendstream")) {
		t.Errorf("stream /Length %d is wrong", length)
	}
}

func TestPDF(t *testing.T) {
	for _, text := range []string{"Chest X-ray report for Zoë O'Brien (Zürich)\nImpression: clear \\ fine", "", "x"} {
		pdf := PDF(text)
		checkPDF(t, pdf)
		if !bytes.Contains(pdf, []byte("/BaseFont /Helvetica")) {
			t.Error("no font")
		}
	}
	pdf := PDF("Report for Zoë (Zürich)\nline two: Yılmaz ☃")
	if !bytes.Contains(pdf, []byte(`(Report for Zo\353 \(Z\374rich\)) Tj`)) || !bytes.Contains(pdf, []byte("T*\n(line two: Yilmaz ?) Tj")) {
		t.Errorf("text not encoded as expected:\n%s", pdf)
	}
	if !bytes.Equal(PDF("same"), PDF("same")) {
		t.Error("PDF is not deterministic")
	}
}

func TestDocumentWithAttachment(t *testing.T) {
	g := New(9)
	for _, size := range []int{1 << 20, 1<<20 + 1, 5000, 1081, 1} {
		r := mustParse(t, g.DocumentWithAttachment(testRefs, size))
		atts := r.Attachments()
		if len(atts) != 1 {
			t.Fatalf("%d attachments, want 1", len(atts))
		}
		a := atts[0]
		// Exactly size bytes, or more if the unpadded report is larger.
		unpadded := bytes.Contains(a.Data, []byte(">>\nstartxref"))
		if got := len(a.Data); got != size && (got < size || !unpadded) {
			t.Errorf("size %d: got %d bytes", size, got)
		}
		sum := sha1.Sum(a.Data)
		if a.ContentType != "application/pdf" || a.Size != int64(len(a.Data)) || !bytes.Equal(a.Hash, sum[:]) {
			t.Errorf("size %d: contentType %q, size %d, hash %x for %d bytes with SHA-1 %x",
				size, a.ContentType, a.Size, a.Hash, len(a.Data), sum)
		}
		checkPDF(t, a.Data)
	}
	a := mustParse(t, New(1).DocumentWithAttachment(testRefs, 1<<20)).Attachments()[0]
	b := mustParse(t, New(2).DocumentWithAttachment(testRefs, 1<<20)).Attachments()[0]
	if len(a.Data) != 1<<20 || bytes.Equal(a.Hash, b.Hash) {
		t.Error("1 MiB attachments of different seeds are not distinct 1 MiB PDFs")
	}
}

func TestTransactionBundle(t *testing.T) {
	raw := New(5).TransactionBundle(testRefs, 2)
	b := mustParse(t, raw)
	var doc struct{ Type string }
	_ = json.Unmarshal(raw, &doc)
	entries := b.Entries()
	if doc.Type != "transaction" || len(entries) < 1+len(RecordTypes) {
		t.Fatalf("type %q with %d entries", doc.Type, len(entries))
	}
	uuid := regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	patient := entries[0]
	if patient.Resource.ResourceType != "Patient" || patient.Resource.ID != "" || !uuid.MatchString(patient.FullURL) {
		t.Fatalf("first entry: %s %q id %q", patient.Resource.ResourceType, patient.FullURL, patient.Resource.ID)
	}
	seen := make(map[string]bool)
	types := make(map[string]bool)
	for i, e := range entries {
		if !uuid.MatchString(e.FullURL) || seen[e.FullURL] {
			t.Errorf("entry %d: fullUrl %q is not a fresh urn:uuid", i, e.FullURL)
		}
		seen[e.FullURL] = true
		if e.Method != "POST" || e.URL != e.Resource.ResourceType {
			t.Errorf("entry %d: request %s %s for a %s", i, e.Method, e.URL, e.Resource.ResourceType)
		}
		if got := e.Resource.PatientRef(); i > 0 && got != patient.FullURL {
			t.Errorf("entry %d (%s) references patient %q, want %q", i, e.Resource.ResourceType, got, patient.FullURL)
		}
		types[e.Resource.ResourceType] = true
	}
	for _, typ := range RecordTypes {
		if !types[typ] {
			t.Errorf("no %s in the bundle", typ)
		}
	}
	if bytes.Contains(raw, []byte(testRefs.Patient)) {
		t.Error("the bundle references refs.Patient")
	}
}

func TestNPI(t *testing.T) {
	g := New(1)
	for range 100 {
		n := g.npi()
		sum := 24
		for i := len(n) - 1; i >= 0; i-- {
			d := int(n[i] - '0')
			if (len(n)-1-i)%2 == 1 {
				if d *= 2; d > 9 {
					d -= 9
				}
			}
			sum += d
		}
		if len(n) != 10 || sum%10 != 0 {
			t.Fatalf("NPI %s fails the Luhn check", n)
		}
	}
}

func BenchmarkRecords(b *testing.B) {
	g := New(1)
	for b.Loop() {
		g.Records(testRefs, 4)
	}
}

func BenchmarkDocumentWithAttachment1MiB(b *testing.B) {
	g := New(1)
	for b.Loop() {
		g.DocumentWithAttachment(testRefs, 1<<20)
	}
}
