package fhir

import (
	"slices"
	"testing"
)

// Minimal valid resources, open at the end so that a case can add elements:
// obs + `,"valueString":"x"}`.
const (
	obs     = `{"resourceType":"Observation","status":"final","code":{"text":"x"}`
	pat     = `{"resourceType":"Patient"`
	cond    = `{"resourceType":"Condition","subject":{"reference":"Patient/1"}`
	allergy = `{"resourceType":"AllergyIntolerance","patient":{"reference":"Patient/1"}`
	active  = `"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]}`
	imm     = `{"resourceType":"Immunization","status":"completed","vaccineCode":{"text":"flu"},"patient":{"reference":"Patient/1"},"occurrenceString":"2023"`
	medReq  = `{"resourceType":"MedicationRequest","status":"active","intent":"order","subject":{"reference":"Patient/1"}`
	bundle  = `{"resourceType":"Bundle"`
	xhtml   = `xmlns=\"http://www.w3.org/1999/xhtml\"`
	entry   = `{"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"}}`
)

func TestRules(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want []string // "code expression", all issues in order; nil means valid
	}{
		// The schema, as the package patches it.
		{"unknown nested element", `{"resourceType":"Observation","status":"final","code":{"text":"x","colour":"red"}}`, []string{"structure Observation.code.colour"}},
		{"unknown primitive extension element", obs + `,"_colour":{"id":"a"}}`, []string{"structure Observation._colour"}},
		{"object for array", obs + `,"category":{"text":"x"}}`, []string{"structure Observation.category"}},
		{"decimal for integer", obs + `,"valueInteger":1.5}`, []string{"value Observation.valueInteger"}},
		{"integer out of range", obs + `,"valueInteger":2147483648}`, []string{"value Observation.valueInteger"}},
		{"zero positiveInt", imm + `,"protocolApplied":[{"doseNumberPositiveInt":0}]}`, []string{"value Immunization.protocolApplied[0].doseNumberPositiveInt"}},
		{"bad date", pat + `,"birthDate":"1978-02-30T"}`, []string{"value Patient.birthDate"}},
		{"bad code", pat + `,"gender":"f"}`, []string{"value Patient.gender"}},
		{"bad id", pat + `,"id":"has space"}`, []string{"value Patient.id"}},
		{"extension only status", `{"resourceType":"Observation","_status":{"extension":[{"url":"http://x","valueString":"y"}]},"code":{"text":"x"}}`, []string{"required Observation.status"}},

		// ele-1 and extensions.
		{"empty object", obs + `,"valueQuantity":{}}`, []string{"invariant Observation.valueQuantity"}},
		{"empty array", obs + `,"category":[]}`, []string{"invariant Observation.category"}},
		{"empty string", obs + `,"issued":""}`, []string{"invariant Observation.issued"}},
		{"empty string in array", pat + `,"name":[{"given":["Ann",""]}]}`, []string{"invariant Patient.name[0].given[1]"}},
		{"extension without url", obs + `,"extension":[{"valueString":"x"}]}`, []string{"required Observation.extension[0].url"}},
		{"extension without value", obs + `,"extension":[{"url":"http://x"}]}`, []string{"invariant Observation.extension[0]"}},
		{"extension with both", obs + `,"modifierExtension":[{"url":"http://x","valueString":"a","extension":[{"url":"y","valueString":"b"}]}]}`, []string{"invariant Observation.modifierExtension[0]"}},
		{"nested extension ok", obs + `,"extension":[{"url":"http://x","extension":[{"url":"y","valueString":"b"}]}]}`, nil},

		// Choice elements.
		{"two values", obs + `,"valueString":"a","valueBoolean":true}`, []string{"structure Observation.value[x]"}},
		{"value and primitive extension of another", obs + `,"valueString":"a","_valueBoolean":{"id":"b"}}`, []string{"structure Observation.value[x]"}},
		{"component two values", obs + `,"component":[{"code":{"text":"c"},"valueString":"a","valueInteger":1}]}`, []string{"structure Observation.component[0].value[x]"}},
		{"deceased twice", pat + `,"deceasedBoolean":true,"deceasedDateTime":"2020"}`, []string{"structure Patient.deceased[x]"}},
		{"required choice", medReq + `}`, []string{"required MedicationRequest.medication[x]"}},
		{"substitution.allowed", medReq + `,"medicationReference":{"reference":"Medication/1"},"substitution":{"reason":{"text":"r"}}}`, []string{"required MedicationRequest.substitution.allowed[x]"}},

		// Nested required elements.
		{"component code", obs + `,"component":[{"valueString":"a"}]}`, []string{"required Observation.component[0].code"}},
		{"patient link type", pat + `,"link":[{"other":{"reference":"Patient/2"}}]}`, []string{"required Patient.link[0].type"}},
		{"dose number", imm + `,"protocolApplied":[{"series":"s"}]}`, []string{"required Immunization.protocolApplied[0].doseNumber[x]"}},
		{"performer actor", `{"resourceType":"Procedure","status":"completed","subject":{"reference":"Patient/1"},"performer":[{"function":{"text":"f"}}]}`, []string{"required Procedure.performer[0].actor"}},
		{"report media link", `{"resourceType":"DiagnosticReport","status":"final","code":{"text":"x"},"media":[{"comment":"c"}]}`, []string{"required DiagnosticReport.media[0].link"}},
		{"status history period", `{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"},"statusHistory":[{"status":"arrived"}]}`, []string{"required Encounter.statusHistory[0].period"}},
		{"reaction manifestation", allergy + `,` + active + `,"reaction":[{"severity":"mild"}]}`, []string{"required AllergyIntolerance.reaction[0].manifestation"}},

		// References.
		{"subject of wrong type", obs + `,"subject":{"reference":"Practitioner/1"}}`, []string{"value Observation.subject.reference"}},
		{"absolute subject ok", obs + `,"subject":{"reference":"https://emr.example/fhir/Patient/1/_history/2"}}`, nil},
		{"malformed subject", obs + `,"subject":{"reference":"patient 1"}}`, []string{"value Observation.subject.reference"}},
		{"relative path too long", obs + `,"subject":{"reference":"fhir/Patient/1"}}`, []string{"value Observation.subject.reference"}},
		{"subject type", obs + `,"subject":{"reference":"urn:uuid:2f7c4c1e-9a9b-4d55-8a55-3f0a2b8d1c10","type":"Practitioner"}}`, []string{"value Observation.subject.type"}},
		{"ref-1", obs + `,"hasMember":[{"reference":"#nope"}]}`, []string{"invariant Observation.hasMember[0].reference"}},

		// Contained resources.
		{"dom-2", obs + `,"contained":[{"resourceType":"Patient","id":"p","contained":[{"resourceType":"Patient","id":"q"}]}],"subject":{"reference":"#p"}}`, []string{"invariant Observation.contained[0].contained"}},
		{"dom-3 refers to container", obs + `,"contained":[{"resourceType":"Patient","id":"p","link":[{"other":{"reference":"#"},"type":"seealso"}]}]}`, nil},
		{"dom-4", obs + `,"contained":[{"resourceType":"Patient","id":"p","meta":{"versionId":"1"}}],"subject":{"reference":"#p"}}`, []string{"invariant Observation.contained[0].meta.versionId"}},
		{"dom-5", obs + `,"contained":[{"resourceType":"Patient","id":"p","meta":{"security":[{"code":"R"}]}}],"subject":{"reference":"#p"}}`, []string{"invariant Observation.contained[0].meta.security"}},
		{"contained without id", obs + `,"contained":[{"resourceType":"Patient"}]}`, []string{"required Observation.contained[0].id"}},
		{"contained ids unique", obs + `,"contained":[{"resourceType":"Patient","id":"p"},{"resourceType":"Patient","id":"p"}],"subject":{"reference":"#p"}}`, []string{"invalid Observation.contained[1].id"}},
		{"contained Bundle", obs + `,"contained":[{"resourceType":"Bundle","id":"b","type":"collection"}],"derivedFrom":[{"reference":"#b"}]}`, []string{"not-supported Observation.contained[0].resourceType"}},
		{"contained Medication", medReq + `,"contained":[{"resourceType":"Medication","id":"m","ingredient":[{"strength":{"numerator":{"value":1}}}]}],"medicationReference":{"reference":"#m"}}`, []string{"required MedicationRequest.contained[0].ingredient[0].item[x]"}},
		{"Medication alone", `{"resourceType":"Medication","code":{"text":"x"}}`, []string{"not-supported resourceType"}},

		// Attachments outside DocumentReference.
		{"att-1", pat + `,"photo":[{"data":"aGVsbG8="}]}`, []string{"invariant Patient.photo[0].contentType"}},
		{"contentType not MIME", `{"resourceType":"DiagnosticReport","status":"final","code":{"text":"x"},"presentedForm":[{"contentType":"pdf file","url":"http://x/a.pdf"}]}`, []string{"value DiagnosticReport.presentedForm[0].contentType"}},
		{"hash not SHA-1", `{"resourceType":"Practitioner","photo":[{"contentType":"text/plain","data":"aGVsbG8=","hash":"aGVsbG8="}]}`, []string{"value Practitioner.photo[0].hash"}},
		{"non-canonical base64", pat + `,"photo":[{"contentType":"image/png","data":"aGVsbG9="}]}`, []string{"value Patient.photo[0].data"}},
		{"wrapped base64 ok", pat + `,"photo":[{"contentType":"image/png","data":"aGVs\nbG8="}]}`, nil},

		// Narrative.
		{"narrative ok", pat + `,"text":{"status":"generated","div":"<div ` + xhtml + `><a href=\"https://x\">Ann</a>&nbsp;</div>"}}`, nil},
		{"narrative status", pat + `,"text":{"div":"<div ` + xhtml + `>Ann</div>"}}`, []string{"required Patient.text.status"}},
		{"txt-1 namespace", pat + `,"text":{"status":"generated","div":"<div>Ann</div>"}}`, []string{"invariant Patient.text.div"}},
		{"txt-1 not XML", pat + `,"text":{"status":"generated","div":"<div ` + xhtml + `><p>Ann</div>"}}`, []string{"invariant Patient.text.div"}},
		{"txt-1 event attribute", pat + `,"text":{"status":"generated","div":"<div ` + xhtml + `><img src=\"x.png\" onerror=\"alert(1)\"/></div>"}}`, []string{"invariant Patient.text.div"}},
		{"txt-1 script URL", pat + `,"text":{"status":"generated","div":"<div ` + xhtml + `><a href=\" JavaScript:alert(1)\">x</a></div>"}}`, []string{"invariant Patient.text.div"}},
		{"txt-1 two roots", pat + `,"text":{"status":"generated","div":"<div ` + xhtml + `>a</div><div ` + xhtml + `>b</div>"}}`, []string{"invariant Patient.text.div"}},
		{"txt-2", pat + `,"text":{"status":"generated","div":"<div ` + xhtml + `> <p/> </div>"}}`, []string{"invariant Patient.text.div"}},

		// Invariants per type.
		{"pat-1", pat + `,"contact":[{"gender":"male"}]}`, []string{"invariant Patient.contact[0]"}},
		{"org-1", `{"resourceType":"Organization","active":true}`, []string{"invariant Organization"}},
		{"org-2", `{"resourceType":"Organization","name":"H","address":[{"use":"home","city":"Bern"}]}`, []string{"invariant Organization.address[0].use"}},
		{"org-3", `{"resourceType":"Organization","name":"H","telecom":[{"use":"home","value":"1"}]}`, []string{"invariant Organization.telecom[0].use"}},
		{"obs-3", obs + `,"referenceRange":[{"appliesTo":[{"text":"adults"}]}]}`, []string{"invariant Observation.referenceRange[0]"}},
		{"obs-6 component", obs + `,"component":[{"code":{"text":"c"},"valueString":"a","dataAbsentReason":{"text":"x"}}]}`, []string{"invariant Observation.component[0].dataAbsentReason"}},
		{"obs-7", `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"valueString":"x","component":[{"code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"valueString":"y"}]}`, []string{"invariant Observation.component[0].code"}},
		{"con-1", cond + `,"stage":[{"type":{"text":"t"}}]}`, []string{"invariant Condition.stage[0]"}},
		{"con-2", cond + `,"evidence":[{"id":"e"}]}`, []string{"invariant Condition.evidence[0]"}},
		{"con-4", cond + `,"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"abatementString":"2020"}`, []string{"invariant Condition.clinicalStatus"}},
		{"con-4 ok", cond + `,"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"resolved"}]},"abatementString":"2020"}`, nil},
		{"con-5", cond + `,"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"entered-in-error"}]}}`, []string{"invariant Condition.clinicalStatus"}},
		{"ait-1", allergy + `}`, []string{"invariant AllergyIntolerance.clinicalStatus"}},
		{"ait-2", allergy + `,` + active + `,"verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification","code":"entered-in-error"}]}}`, []string{"invariant AllergyIntolerance.clinicalStatus"}},
		{"imm-1", imm + `,"education":[{"presentationDate":"2023-10-20"}]}`, []string{"invariant Immunization.education[0]"}},

		// Bundles.
		{"bdl-1", bundle + `,"type":"collection","total":1}`, []string{"invariant Bundle.total"}},
		{"bdl-2", bundle + `,"type":"collection","entry":[` + entry + `,"search":{"mode":"match"}}]}`, []string{"invariant Bundle.entry[0].search"}},
		{"bdl-3", bundle + `,"type":"collection","entry":[` + entry + `,"request":{"method":"POST","url":"Observation"}}]}`, []string{"invariant Bundle.entry[0].request"}},
		{"bdl-4", bundle + `,"type":"batch","entry":[` + entry + `,"request":{"method":"POST","url":"Observation"},"response":{"status":"201"}}]}`, []string{"invariant Bundle.entry[0].response"}},
		{"bdl-7", bundle + `,"type":"collection","entry":[` + entry + `,"fullUrl":"urn:uuid:1"},` + entry + `,"fullUrl":"urn:uuid:1"}]}`, []string{"invariant Bundle.entry[1].fullUrl"}},
		{"bdl-8", bundle + `,"type":"collection","entry":[` + entry + `,"fullUrl":"https://x/Observation/1/_history/2"}]}`, []string{"invariant Bundle.entry[0].fullUrl"}},
		{"nested bundle", bundle + `,"type":"collection","entry":[{"resource":{"resourceType":"Bundle","type":"collection"}}]}`, []string{"not-supported Bundle.entry[0].resource.resourceType"}},
		{"POST without resource", bundle + `,"type":"transaction","entry":[{"request":{"method":"POST","url":"Observation"}}]}`, []string{"required Bundle.entry[0].resource"}},
		{"collection without resource", bundle + `,"type":"collection","entry":[{"fullUrl":"urn:uuid:1"}]}`, []string{"required Bundle.entry[0].resource"}},
		{"resource not an object", bundle + `,"type":"collection","entry":[{"resource":"Observation/1"}]}`, []string{"structure Bundle.entry[0].resource"}},
		{"resource without type", bundle + `,"type":"collection","entry":[{"resource":{"id":"1"}}]}`, []string{"required Bundle.entry[0].resource.resourceType"}},
		{"bad method", bundle + `,"type":"batch","entry":[{"request":{"method":"FETCH","url":"Patient/1"}}]}`, []string{"value Bundle.entry[0].request.method"}},
		{"entry scopes contained", bundle + `,"type":"collection","entry":[{"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},"contained":[{"resourceType":"Patient","id":"p"}]}}]}`, []string{"invariant Bundle.entry[0].resource.contained[0]"}},
		{"empty entry", bundle + `,"type":"collection","entry":[{}]}`, []string{"invariant Bundle.entry[0]", "required Bundle.entry[0].resource"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate([]byte(tt.raw))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("got %v, want valid", err)
				}
				return
			}
			if got := issueKeys(t, err); !slices.Equal(got, tt.want) {
				t.Errorf("got issues %q, want %q\n%v", got, tt.want, err)
			}
		})
	}
}
