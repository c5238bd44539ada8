package synth

import (
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"time"
)

// RecordTypes are the record types Records produces and Record accepts,
// in the order Records emits them.
var RecordTypes = []string{
	"Encounter", "Observation", "Condition", "AllergyIntolerance", "MedicationRequest",
	"Procedure", "Immunization", "DiagnosticReport", "DocumentReference",
}

// Records returns the medical record of one patient, one resource per
// element, each a separate create (no id, no meta): an Encounter (the
// latest visit) first, then vital signs from n visits (n < 1 counts as 1)
// spread over up to five years, oldest first (blood pressure panel, heart
// rate, respiratory rate, body temperature, SpO2, weight and BMI at each
// visit, height at the first: 7n+1 Observations), then one to three
// chronic Conditions and maybe a resolved acute one, one or two
// AllergyIntolerances, a MedicationRequest per chronic condition, a
// Procedure, one or two Immunizations, a chest X-ray DiagnosticReport and
// the report as a PDF DocumentReference. If refs.Patient names a Patient
// this generator made, the records describe that patient.
func (g *Generator) Records(refs Refs, n int) [][]byte {
	var out [][]byte
	for _, o := range g.chart(refs).records(n) {
		out = append(out, encode(o))
	}
	return out
}

// Record returns one resource of the named record type (see RecordTypes)
// for the patient in refs, drawn as Records would draw it.
func (g *Generator) Record(resourceType string, refs Refs) ([]byte, error) {
	build, ok := recordOf[resourceType]
	if !ok {
		return nil, fmt.Errorf("synth: %q is not a record type (want one of %s)", resourceType, strings.Join(RecordTypes, ", "))
	}
	return encode(build(g.chart(refs))), nil
}

var recordOf = map[string]func(c *chart) obj{
	"Encounter":          (*chart).encounter,
	"Observation":        func(c *chart) obj { return pick(c.g.r, c.vitals(1)) },
	"Condition":          func(c *chart) obj { return c.condition(c.conds[0].code, c.conds[0].display, false) },
	"AllergyIntolerance": func(c *chart) obj { return c.allergy(pick(c.g.r, allergens)) },
	"MedicationRequest":  func(c *chart) obj { return c.medication(c.conds[0]) },
	"Procedure":          (*chart).procedure,
	"Immunization":       func(c *chart) obj { return c.immunization(pick(c.g.r, vaccines)) },
	"DiagnosticReport":   (*chart).imaging,
	"DocumentReference":  func(c *chart) obj { return c.document(PDF(c.report())) },
}

// TransactionBundle returns a transaction Bundle that creates a new
// Patient and its records (as Records(refs, n) would) in one request: the
// Patient's entry has fullUrl "urn:uuid:<uuid>", and the records refer to
// it by that URN (with type "Patient"), which the server resolves to the
// id it assigns. refs.Patient is ignored. Every entry is a POST to its
// type and has a urn:uuid fullUrl of its own; the uuids come from the
// generator, so the Bundle is deterministic too.
func (g *Generator) TransactionBundle(refs Refs, n int) []byte {
	p := g.person()
	refs.Patient = "urn:uuid:" + g.uuid()
	resources := append([]obj{g.patient(p, "")}, g.chartFor(p, refs).records(n)...)
	entries := make([]obj, len(resources))
	for i, res := range resources {
		full := refs.Patient
		if i > 0 {
			full = "urn:uuid:" + g.uuid()
		}
		entries[i] = obj{"fullUrl", full, "resource", res, "request", obj{"method", "POST", "url", res[1]}}
	}
	return encode(obj{"resourceType", "Bundle", "type", "transaction", "entry", entries})
}

// DocumentWithAttachment returns a DocumentReference (a chest X-ray
// report) whose PDF attachment has exactly size bytes, or is the minimal
// PDF if that is larger. The padding is random, so that large documents do
// not deduplicate in content-addressed storage, as real ones would not.
func (g *Generator) DocumentWithAttachment(refs Refs, size int) []byte {
	c := g.chart(refs)
	return encode(c.document(g.pad(PDF(c.report()), size)))
}

// chart is what one patient's records share: who, when, what they have.
type chart struct {
	g       *Generator
	p       *person
	refs    Refs
	at, end time.Time  // the encounter (the latest visit), in the patient's zone
	conds   []disorder // chronic conditions, each with its medication
	xray    [2]string  // chest X-ray findings and impression, taken at at+15m
}

func (g *Generator) chart(refs Refs) *chart {
	p := g.patients[refs.Patient]
	if p == nil {
		p = g.person()
	}
	return g.chartFor(p, refs)
}

func (g *Generator) chartFor(p *person, refs Refs) *chart {
	c := &chart{g: g, p: p, refs: refs, xray: pick(g.r, xrayReadings)}
	c.at = c.clock(Epoch.AddDate(0, 0, -1-g.r.IntN(60)))
	c.end = c.at.Add(time.Duration(30+g.r.IntN(40)) * time.Minute)
	for _, i := range g.r.Perm(len(disorders))[:1+g.r.IntN(3)] {
		c.conds = append(c.conds, disorders[i])
	}
	return c
}

// clock returns day at a time during clinic hours in the patient's zone.
func (c *chart) clock(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, 8+c.g.r.IntN(9), 5*c.g.r.IntN(12), 0, 0, c.p.loc.tz)
}

// past returns a time 30 days to 10 years before the encounter: when an
// earlier diagnosis, procedure or vaccination happened.
func (c *chart) past() time.Time { return c.clock(c.at.AddDate(0, 0, -30-c.g.r.IntN(3650))) }

func (c *chart) has(snomed string) bool {
	return slices.ContainsFunc(c.conds, func(d disorder) bool { return d.code == snomed })
}

// subject references the patient; a urn:uuid: reference says its type, so
// that the server knows it is the patient before resolving it.
func (c *chart) subject() obj {
	if strings.HasPrefix(c.refs.Patient, "urn:") {
		return obj{"reference", c.refs.Patient, "type", "Patient"}
	}
	return ref(c.refs.Patient)
}

func (c *chart) records(n int) []obj {
	r := c.g.r
	out := append([]obj{c.encounter()}, c.vitals(n)...)
	for _, d := range c.conds {
		out = append(out, c.condition(d.code, d.display, false))
	}
	if r.IntN(2) == 0 {
		a := pick(r, acute)
		out = append(out, c.condition(a[0], a[1], true))
	}
	for _, i := range r.Perm(len(allergens))[:1+r.IntN(2)] {
		out = append(out, c.allergy(allergens[i]))
	}
	for _, d := range c.conds {
		out = append(out, c.medication(d))
	}
	out = append(out, c.procedure())
	for _, i := range r.Perm(len(vaccines))[:1+r.IntN(2)] {
		out = append(out, c.immunization(vaccines[i]))
	}
	return append(out, c.imaging(), c.document(PDF(c.report())))
}

func (c *chart) encounter() obj {
	typ, reason := concept(sysSNOMED, "185349003", "Encounter for check up"), obj(nil)
	if c.g.r.IntN(2) == 0 {
		typ, reason = concept(sysSNOMED, "390906007", "Follow-up encounter"), concept(sysSNOMED, c.conds[0].code, c.conds[0].display)
	}
	return obj{"resourceType", "Encounter", "status", "finished",
		"class", obj{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code", "AMB", "display", "ambulatory"},
		"type", []obj{typ}, "subject", c.subject(),
		"participant", []obj{{"type", []obj{concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "PPRF", "primary performer")},
			"individual", ref(c.refs.Practitioner)}},
		"period", obj{"start", dt(c.at), "end", dt(c.end)},
		"reasonCode", list(reason), "serviceProvider", ref(c.refs.Organization)}
}

// vitals returns the vital signs of n visits, the last at the encounter.
// Each patient gets a baseline from sex, age and conditions (hypertension
// raises blood pressure, diabetes weight, atrial fibrillation heart rate,
// asthma lowers SpO2); weight then follows a trend plus noise and blood
// pressure a random walk, so that a series looks like one person's.
func (c *chart) vitals(n int) []obj {
	r, n := c.g.r, max(n, 1)
	norm := func(mean, sd float64) float64 { return mean + sd*r.NormFloat64() }
	height, bmi := norm(164, 6.5), min(max(norm(25.5, 3.5), 18.5), 38)
	if c.p.gender == "male" {
		height = norm(177, 7)
	}
	sbp, hr, spo2 := norm(106+0.4*float64(c.at.Year()-c.p.birth.Year()), 7), norm(71, 6), norm(97.6, 0.6)
	for _, x := range []struct {
		code string
		v    *float64
		d    float64
	}{{snomedDiabetes, &bmi, 4}, {snomedHypertension, &sbp, 16}, {snomedAFib, &hr, 12}, {snomedAsthma, &spo2, -1}} {
		if c.has(x.code) {
			*x.v += x.d
		}
	}
	weight, trend := bmi*height*height/1e4, norm(0, 0.4)

	// Visit times, newest first: a month to three apart, closer when there
	// are many, so that all fit in five years.
	gap := min(max(5*365*24/n, 1), 90*24) // hours
	times := []time.Time{c.at.Add(10 * time.Minute)}
	for i := 1; i < n; i++ {
		t := times[i-1].Add(-time.Duration(max(1, gap/3+r.IntN(gap-gap/3+1))) * time.Hour)
		if gap >= 72 {
			t = c.clock(t)
		}
		times = append(times, t)
	}
	slices.Reverse(times)

	var out []obj
	for i, t := range times {
		if i == 0 {
			out = append(out, c.vital(bodyHeight, t, height))
		} else {
			weight += trend + norm(0, 0.5)
			sbp += norm(0, 2)
		}
		s := norm(sbp, 5)
		out = append(out,
			c.observation(code(bpPanel), t, "component", []obj{
				{"code", code(systolic), "valueQuantity", systolic.quantity(s)},
				{"code", code(diastolic), "valueQuantity", diastolic.quantity(norm(0.62*s, 4))},
			}),
			c.vital(heartRate, t, norm(hr, 5)),
			c.vital(respRate, t, min(max(norm(15, 1.5), 10), 24)),
			c.vital(bodyTemp, t, norm(36.8, 0.25)),
			c.vital(oxygenSat, t, min(norm(spo2, 0.7), 100)),
			c.vital(bodyWeight, t, weight),
			c.vital(bodyMassIdx, t, weight*1e4/(height*height)))
	}
	return out
}

func (c *chart) vital(v vital, t time.Time, x float64) obj {
	return c.observation(code(v), t, "valueQuantity", v.quantity(x))
}

func (c *chart) observation(code obj, t time.Time, value ...any) obj {
	return append(obj{"resourceType", "Observation", "status", "final",
		"category", []obj{concept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")},
		"code", code, "subject", c.subject(), "effectiveDateTime", dt(t), "performer", []obj{ref(c.refs.Practitioner)},
	}, value...)
}

func code(v vital) obj { return concept(sysLOINC, v.code, v.display) }

func (v vital) quantity(x float64) obj {
	return obj{"value", decimal{x, v.decimals}, "unit", v.unit, "system", sysUCUM, "code", v.ucum}
}

// condition is a chronic condition on the problem list, or a resolved
// acute one diagnosed at an earlier visit (con-4: abated means resolved).
func (c *chart) condition(snomed, display string, resolved bool) obj {
	status, cat, catDisplay, onset, abated := "active", "problem-list-item", "Problem List Item", c.past(), ""
	if resolved {
		status, cat, catDisplay = "resolved", "encounter-diagnosis", "Encounter Diagnosis"
		abated = date(onset.AddDate(0, 0, 7+c.g.r.IntN(14)))
	}
	return obj{"resourceType", "Condition",
		"clinicalStatus", concept("http://terminology.hl7.org/CodeSystem/condition-clinical", status, ""),
		"verificationStatus", concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", ""),
		"category", []obj{concept("http://terminology.hl7.org/CodeSystem/condition-category", cat, catDisplay)},
		"code", concept(sysSNOMED, snomed, display), "subject", c.subject(),
		"onsetDateTime", dt(onset), "abatementDateTime", abated, "recordedDate", dt(onset),
		"recorder", ref(c.refs.Practitioner), "asserter", ref(c.refs.Practitioner)}
}

func (c *chart) allergy(a allergen) obj {
	return obj{"resourceType", "AllergyIntolerance",
		"clinicalStatus", concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active"),
		"verificationStatus", concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed", "Confirmed"),
		"type", "allergy", "category", []string{a.category}, "criticality", a.criticality,
		"code", concept(sysSNOMED, a.code, a.display), "patient", c.subject(),
		"recordedDate", dt(c.past()), "recorder", ref(c.refs.Practitioner),
		"reaction", []obj{{"manifestation", []obj{concept(sysSNOMED, a.reaction, a.reactionDisplay)}, "severity", a.severity}}}
}

// medication prescribes the drug for d, (re)issued at the encounter.
func (c *chart) medication(d disorder) obj {
	m := d.drug
	var asNeeded any // omitted unless true
	if m.asNeeded {
		asNeeded = true
	}
	return obj{"resourceType", "MedicationRequest", "status", "active", "intent", "order",
		"category", []obj{concept("http://terminology.hl7.org/CodeSystem/medicationrequest-category", "outpatient", "Outpatient")},
		"medicationCodeableConcept", concept(sysRxNorm, m.rxnorm, m.display), "subject", c.subject(),
		"authoredOn", dt(c.at.Add(20 * time.Minute)), "requester", ref(c.refs.Practitioner),
		"reasonCode", []obj{concept(sysSNOMED, d.code, d.display)},
		"dosageInstruction", []obj{{"text", m.text,
			"timing", obj{"repeat", obj{"frequency", m.freq, "period", m.period, "periodUnit", m.periodUnit}},
			"asNeededBoolean", asNeeded,
			"doseAndRate", []obj{{"doseQuantity", obj{"value", m.dose, "unit", m.unit, "system", sysUCUM, "code", m.ucum}}}}},
		"dispenseRequest", obj{"numberOfRepeatsAllowed", 3, "quantity", obj{"value", m.supply, "unit", m.form}},
		"substitution", obj{"allowedBoolean", true}}
}

func (c *chart) procedure() obj {
	s, start := pick(c.g.r, surgeries), c.past()
	return obj{"resourceType", "Procedure", "status", "completed",
		"code", concept(sysSNOMED, s.code, s.display), "subject", c.subject(),
		"performedPeriod", obj{"start", dt(start), "end", dt(start.Add(time.Duration(s.minutes) * time.Minute))},
		"performer", []obj{{"actor", ref(c.refs.Practitioner)}},
		"bodySite", []obj{concept(sysSNOMED, s.site, s.siteDisplay)}}
}

func (c *chart) immunization(v vaccine) obj {
	r := c.g.r
	arm := pick(r, [][2]string{{"LA", "left arm"}, {"RA", "right arm"}})
	return obj{"resourceType", "Immunization", "status", "completed",
		"vaccineCode", concept("http://hl7.org/fhir/sid/cvx", v.code, v.display), "patient", c.subject(),
		"occurrenceDateTime", dt(c.past()), "primarySource", true,
		"lotNumber", fmt.Sprintf("%c%c%04d", 'A'+r.IntN(26), 'A'+r.IntN(26), r.IntN(10000)),
		"site", concept("http://terminology.hl7.org/CodeSystem/v3-ActSite", arm[0], arm[1]),
		"route", concept("http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration", "IM", "Injection, intramuscular"),
		"doseQuantity", obj{"value", v.mL, "unit", "mL", "system", sysUCUM, "code", "mL"},
		"performer", []obj{{"actor", ref(c.refs.Practitioner)}},
		"protocolApplied", []obj{{"doseNumberPositiveInt", 1}}}
}

// imaging is the chest X-ray taken during the encounter, performed by the
// organization and read by the practitioner.
func (c *chart) imaging() obj {
	return obj{"resourceType", "DiagnosticReport", "status", "final",
		"category", []obj{concept("http://terminology.hl7.org/CodeSystem/v2-0074", "RAD", "Radiology")},
		"code", concept(sysLOINC, "36643-5", "XR Chest 2 Views"), "subject", c.subject(),
		"effectiveDateTime", dt(c.at.Add(15 * time.Minute)), "issued", dt(c.end.Add(time.Hour)),
		"performer", []obj{ref(c.refs.Organization)}, "resultsInterpreter", []obj{ref(c.refs.Practitioner)},
		"conclusion", c.xray[1]}
}

// report is the text of the chest X-ray report that the PDF shows.
func (c *chart) report() string {
	return fmt.Sprintf("Chest X-ray report for %s\nDate of birth: %s   Exam date: %s\n"+
		"Exam: XR Chest 2 Views (LOINC 36643-5)\nFindings: %s\nImpression: %s",
		c.p.name(), date(c.p.birth), date(c.at), c.xray[0], c.xray[1])
}

// document is the X-ray report as a PDF DocumentReference. Its size and
// hash (the base64 SHA-1 that FHIR defines Attachment.hash as) match the
// data, which the fhir package checks.
func (c *chart) document(pdf []byte) obj {
	sum, when := sha1.Sum(pdf), dt(c.end.Add(time.Hour))
	return obj{"resourceType", "DocumentReference", "status", "current", "docStatus", "final",
		"type", concept(sysLOINC, "18748-4", "Diagnostic imaging study"),
		"category", []obj{concept("http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category", "clinical-note", "Clinical Note")},
		"subject", c.subject(), "date", when, "author", []obj{ref(c.refs.Practitioner)},
		"custodian", ref(c.refs.Organization), "description", "Chest X-ray report",
		"content", []obj{{"attachment", obj{"contentType", "application/pdf", "language", "en",
			"data", base64.StdEncoding.EncodeToString(pdf), "size", len(pdf),
			"hash", base64.StdEncoding.EncodeToString(sum[:]), "title", "Chest X-ray report", "creation", when}}},
		"context", obj{"period", obj{"start", dt(c.at), "end", dt(c.end)}}}
}

// concept is a CodeableConcept with one coding (an empty display is left
// out).
func concept(system, code, display string) obj {
	return obj{"coding", []obj{{"system", system, "code", code, "display", display}}}
}

func ref(reference string) obj { return obj{"reference", reference} }

// list is a one-element array, or nothing if o is empty.
func list(o obj) []obj {
	if len(o) == 0 {
		return nil
	}
	return []obj{o}
}

func dt(t time.Time) string   { return t.Format("2006-01-02T15:04:05-07:00") }
func date(t time.Time) string { return t.Format("2006-01-02") }
