// Package synth generates realistic synthetic FHIR R4 JSON: patients,
// practitioners, organizations, and the clinical record of a patient
// (an encounter, vital signs over time, conditions, allergies, medication
// requests, a procedure, immunizations, a chest X-ray report and the report
// as a PDF document), for dualchain's tests, demos and benchmarks.
//
// Output is deterministic: a Generator made with the same seed produces the
// same bytes for the same sequence of calls, so fixtures and benchmark
// inputs are reproducible without being checked in. Dates are relative to a
// fixed present (see Epoch), not the wall clock, for the same reason.
//
// Every resource passes fhir.Validate. The content is shaped like real data,
// so that what dualchain stores, indexes and encrypts has production size
// and structure: codes from the systems real records use (LOINC with UCUM
// units for vital signs, SNOMED CT for conditions, allergies and
// procedures, RxNorm for medications, CVX for vaccines), vital signs that
// drift plausibly between visits and fit the patient's sex and conditions,
// a valid PDF attachment with matching size and SHA-1 hash. Everything is
// fiction: names and addresses come from built-in lists, phone numbers from
// ranges reserved for fiction where the country has one, identifiers are
// random.
//
// Following dualchain's conventions, records carry neither id nor meta (the
// server assigns both) and refer to the patient, practitioner and
// organization the caller names in a Refs.
package synth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Epoch is the generator's "now": every generated date lies before it.
// It is fixed so that output does not depend on when it is generated.
var Epoch = time.Date(2025, time.June, 30, 12, 0, 0, 0, time.UTC)

// Refs names the resources a patient's records refer to, as FHIR
// references: "Patient/0xabc…", "Practitioner/0x…", "Organization/0x…".
// The patient reference may also be a "urn:uuid:…" inside a transaction.
type Refs struct{ Patient, Practitioner, Organization string }

// Generator produces synthetic resources. Its output depends only on the
// seed and the sequence of calls. A Generator is not safe for concurrent
// use; give each goroutine its own, seeded differently.
type Generator struct {
	r *rand.Rand
	// patients remembers the person behind each Patient generated with an
	// id, by reference, so that the records generated for that reference
	// fit the patient: the report PDF names them, the vitals suit their
	// sex, the dates their age. Records for other references draw a new
	// person.
	patients map[string]*person
}

// New returns a Generator seeded with seed. It uses a PCG source, which is
// fast, small and stable across Go releases (math/rand/v2 documents its
// output as fixed), so a seed means the same data everywhere.
func New(seed uint64) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), patients: make(map[string]*person)}
}

// person is who a Patient or Practitioner resource describes.
type person struct {
	given          []string
	family, gender string
	birth          time.Time
	loc            *locale
	city           city
}

func (p *person) name() string { return strings.Join(p.given, " ") + " " + p.family }

// person draws a new adult (18 to 90 years old) from a random locale.
func (g *Generator) person() *person {
	loc := &locales[g.r.IntN(len(locales))]
	p := &person{loc: loc, family: pick(g.r, loc.family), city: pick(g.r, loc.cities), gender: "female"}
	names := loc.female
	if g.r.IntN(2) == 0 {
		names, p.gender = loc.male, "male"
	}
	p.given = []string{pick(g.r, names)}
	if middle := pick(g.r, names); g.r.IntN(3) == 0 && middle != p.given[0] {
		p.given = append(p.given, middle)
	}
	p.birth = Epoch.AddDate(-18-g.r.IntN(72), 0, -g.r.IntN(365))
	return p
}

// Patient returns a Patient resource with a name, gender, birth date,
// medical record number, phone, home address, marital status, language and
// a narrative. id may be "" to leave the id out (a create, where the server
// assigns it). Records later generated for "Patient/<id>" describe this
// patient.
func (g *Generator) Patient(id string) []byte {
	p := g.person()
	if id != "" {
		g.patients["Patient/"+id] = p
	}
	return encode(g.patient(p, id))
}

func (g *Generator) patient(p *person, id string) obj {
	marital := pick(g.r, [][2]string{{"M", "Married"}, {"S", "Never Married"}, {"D", "Divorced"}, {"W", "Widowed"}})
	return obj{"resourceType", "Patient", "id", id,
		"text", obj{"status", "generated", "div", fmt.Sprintf(`<div xmlns="http://www.w3.org/1999/xhtml"><p>%s, %s, born %s</p></div>`,
			html.EscapeString(p.name()), p.gender, date(p.birth))},
		"identifier", []obj{{"use", "usual", "type", concept("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number"),
			"system", "urn:oid:2.16.840.1.113883.19.5", "value", fmt.Sprintf("MRN-%07d", g.r.IntN(10_000_000))}},
		"active", true, "name", []obj{{"use", "official", "family", p.family, "given", p.given}},
		"telecom", []obj{{"system", "phone", "value", g.digits(p.city.phone), "use", pick(g.r, []string{"home", "mobile"})}},
		"gender", p.gender, "birthDate", date(p.birth), "address", []obj{g.address(p.loc, p.city, "home")},
		"maritalStatus", concept("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", marital[0], marital[1]),
		"communication", []obj{{"language", concept("urn:ietf:bcp:47", p.loc.lang, p.loc.langName), "preferred", true}}}
}

// Practitioner returns a Practitioner resource: a physician with an NPI
// (valid check digit), work phone and email, and an MD qualification. id
// may be "" to leave it out.
func (g *Generator) Practitioner(id string) []byte {
	p := g.person()
	p.birth = Epoch.AddDate(-30-g.r.IntN(36), 0, -g.r.IntN(365))
	return encode(obj{"resourceType", "Practitioner", "id", id,
		"identifier", []obj{{"system", sysNPI, "value", g.npi()}},
		"active", true, "name", []obj{{"use", "official", "family", p.family, "given", p.given, "prefix", []string{"Dr."}}},
		"telecom", []obj{{"system", "phone", "value", g.digits(p.city.phone), "use", "work"},
			{"system", "email", "value", ascii(p.given[0])[:1] + "." + ascii(p.family) + "@clinic.example", "use", "work"}},
		"gender", p.gender,
		"qualification", []obj{{"code", concept("http://terminology.hl7.org/CodeSystem/v2-0360", "MD", "Doctor of Medicine"),
			"period", obj{"start", date(p.birth.AddDate(26+g.r.IntN(4), g.r.IntN(12), 0))}}}})
}

// Organization returns an Organization resource: a healthcare provider
// with an NPI, phone and work address. id may be "" to leave it out, name
// "" to draw one ("Basel University Hospital").
func (g *Generator) Organization(id, name string) []byte {
	loc := &locales[g.r.IntN(len(locales))]
	c, kind := pick(g.r, loc.cities), pick(g.r, orgKinds)
	if name == "" {
		name = c.name + " " + kind
	}
	return encode(obj{"resourceType", "Organization", "id", id,
		"identifier", []obj{{"system", sysNPI, "value", g.npi()}}, "active", true,
		"type", []obj{concept("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")},
		"name", name, "telecom", []obj{{"system", "phone", "value", g.digits(c.phone), "use", "work"}},
		"address", []obj{g.address(loc, c, "work")}})
}

func (g *Generator) address(loc *locale, c city, use string) obj {
	return obj{"use", use, "type", "physical", "line", []string{fmt.Sprintf(pick(g.r, loc.streets), 1+g.r.IntN(140))},
		"city", c.name, "state", c.state, "postalCode", c.postal, "country", loc.country}
}

// digits replaces each '#' in pattern with a random digit.
func (g *Generator) digits(pattern string) string {
	b := []byte(pattern)
	for i, c := range b {
		if c == '#' {
			b[i] = byte('0' + g.r.IntN(10))
		}
	}
	return string(b)
}

// npi returns a 10-digit National Provider Identifier whose last digit is
// the Luhn check digit over "80840" and the first nine, as the NPI
// standard defines (the prefix contributes the constant 24).
func (g *Generator) npi() string {
	d := []byte(fmt.Sprintf("%d%08d", 1+g.r.IntN(2), g.r.IntN(100_000_000)))
	sum := 24
	for i, c := range d {
		n := int(c - '0')
		if i%2 == 0 { // every other digit, counting from the rightmost of nine
			if n *= 2; n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return string(d) + strconv.Itoa((10-sum%10)%10)
}

// uuid returns a random (version 4) UUID drawn from the generator, so
// that bundles are deterministic too.
func (g *Generator) uuid() string {
	var b [16]byte
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// ascii lowercases s and keeps only the letters a to z, after spelling
// out the accented ones the name lists use: for email addresses.
func ascii(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, asciiFold.Replace(strings.ToLower(s)))
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// obj is a JSON object that keeps its members in the order written:
// alternating names and values. Members whose value is empty ("", nil, or
// an empty object or array) are left out, so optional elements can be
// written inline and FHIR's rule against empty elements (ele-1) holds.
// Keeping FHIR's element order makes the output read like real resources,
// which encoding/json's sorted maps would not.
type obj []any

// MarshalJSON writes the non-empty members in order.
func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i := 0; i+1 < len(o); i += 2 {
		v := reflect.ValueOf(o[i+1])
		if !v.IsValid() || (v.Kind() == reflect.String || v.Kind() == reflect.Slice) && v.Len() == 0 {
			continue
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(o[i].(string)) + ":")
		if err := encoder(&b).Encode(o[i+1]); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// encoder does not escape HTML, so that narratives stay readable.
func encoder(b *bytes.Buffer) *json.Encoder {
	e := json.NewEncoder(b)
	e.SetEscapeHTML(false)
	return e
}

func encode(o obj) []byte {
	var b bytes.Buffer
	if err := encoder(&b).Encode(o); err != nil {
		panic("synth: " + err.Error()) // only strings, numbers, bools and objs
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// decimal is a measured value written with a fixed number of decimal
// places: FHIR decimals keep their precision, so 37.0 °C says more than 37.
type decimal struct {
	value  float64
	places int
}

func (d decimal) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, d.value, 'f', d.places, 64), nil
}
