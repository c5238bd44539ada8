// Reading and writing the FHIR resources the UI shows and its forms create.

/** text of a CodeableConcept. */
export function cc(c) {
  if (!c) return '';
  if (c.text) return c.text;
  const cd = (c.coding || [])[0] || {};
  return cd.display || cd.code || '';
}

/** patientName is "Given Family" of a Patient or Practitioner. */
export function patientName(r) {
  const n = (r && r.name && r.name[0]) || {};
  return [...(n.prefix || []), ...(n.given || []), n.family].filter(Boolean).join(' ') || n.text || '';
}

/** when a resource happened (its clinically relevant date). */
export function dateOf(r) {
  return r.effectiveDateTime || r.onsetDateTime || r.recordedDate || r.authoredOn || r.occurrenceDateTime ||
    r.performedDateTime || r.issued || r.date || (r.period && r.period.start) || (r.meta && r.meta.lastUpdated) || '';
}

function qty(q) {
  return q ? `${q.value}${q.unit ? ' ' + q.unit : ''}` : '';
}

/** summary is one line about a resource. */
export function summary(r) {
  switch (r.resourceType) {
    case 'Patient': return `${patientName(r)}, ${r.gender || ''}, born ${r.birthDate || '?'}`;
    case 'Observation': {
      if (r.valueQuantity) return `${cc(r.code)}: ${qty(r.valueQuantity)}`;
      if (r.component) return `${cc(r.code)}: ${r.component.map((c) => qty(c.valueQuantity)).join(' / ')}`;
      return `${cc(r.code)}: ${r.valueString || cc(r.valueCodeableConcept) || ''}`;
    }
    case 'Condition': return `${cc(r.code)} (${cc(r.clinicalStatus) || 'status unknown'})`;
    case 'AllergyIntolerance': return `${cc(r.code)}${r.criticality ? ', criticality ' + r.criticality : ''}${r.reaction ? ': ' + r.reaction.map((x) => (x.manifestation || []).map(cc).join(', ')).join('; ') : ''}`;
    case 'MedicationRequest': return `${cc(r.medicationCodeableConcept) || (r.medicationReference && r.medicationReference.display) || 'medication'}${r.dosageInstruction ? ' — ' + r.dosageInstruction.map((d) => d.text).filter(Boolean).join('; ') : ''} (${r.status})`;
    case 'DocumentReference': return `${r.description || cc(r.type) || 'document'} (${((r.content || [])[0] || {}).attachment?.contentType || 'attachment'})`;
    case 'Encounter': return `${cc((r.type || [])[0]) || (r.class && (r.class.display || r.class.code)) || 'encounter'} (${r.status})`;
    case 'Procedure': return `${cc(r.code)} (${r.status})`;
    case 'Immunization': return `${cc(r.vaccineCode)} (${r.status})`;
    case 'DiagnosticReport': return `${cc(r.code)}${r.conclusion ? ': ' + r.conclusion : ''}`;
    default: return r.resourceType;
  }
}

/** vitalPoints extracts numeric observations as {series, t, v, unit}. */
export function vitalPoints(observations) {
  const pts = [];
  for (const o of observations) {
    const t = Date.parse(dateOf(o));
    if (isNaN(t)) continue;
    if (o.valueQuantity && typeof o.valueQuantity.value === 'number') pts.push({ series: cc(o.code), t, v: o.valueQuantity.value, unit: o.valueQuantity.unit || '' });
    for (const c of o.component || []) {
      if (c.valueQuantity && typeof c.valueQuantity.value === 'number') pts.push({ series: cc(c.code), t, v: c.valueQuantity.value, unit: c.valueQuantity.unit || '' });
    }
  }
  return pts;
}

/** Vital signs the Observation form offers (LOINC, UCUM). */
export const VITALS = [
  { code: '8867-4', display: 'Heart rate', unit: '/min', ucum: '/min' },
  { code: '8480-6', display: 'Systolic blood pressure', unit: 'mmHg', ucum: 'mm[Hg]' },
  { code: '8462-4', display: 'Diastolic blood pressure', unit: 'mmHg', ucum: 'mm[Hg]' },
  { code: '8310-5', display: 'Body temperature', unit: '°C', ucum: 'Cel' },
  { code: '29463-7', display: 'Body weight', unit: 'kg', ucum: 'kg' },
  { code: '9279-1', display: 'Respiratory rate', unit: '/min', ucum: '/min' },
  { code: '59408-5', display: 'Oxygen saturation', unit: '%', ucum: '%' },
];

/** isoLocal turns a datetime-local value into an RFC 3339 time. */
export function isoLocal(v) {
  const d = v ? new Date(v) : new Date();
  if (isNaN(d)) throw new Error('invalid date and time');
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** build makes a FHIR resource of type from a form's values. */
export function build(type, patient, author, f) {
  const subject = { reference: 'Patient/' + patient };
  const me = author ? { reference: 'Practitioner/' + author } : undefined;
  switch (type) {
    case 'Observation': {
      const v = VITALS.find((x) => x.code === f.vital);
      const value = Number(f.value);
      if (!v) throw new Error('choose a vital sign');
      if (f.value === '' || !isFinite(value)) throw new Error('the value must be a number');
      return { resourceType: 'Observation', status: 'final',
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }] }],
        code: { coding: [{ system: 'http://loinc.org', code: v.code, display: v.display }] }, subject,
        effectiveDateTime: isoLocal(f.when), performer: me && [me],
        valueQuantity: { value, unit: v.unit, system: 'http://unitsofmeasure.org', code: v.ucum } };
    }
    case 'Condition':
      need(f.text, 'the condition');
      return { resourceType: 'Condition',
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: f.status || 'active' }] },
        verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
        code: { text: f.text.trim() }, subject, onsetDateTime: isoLocal(f.when), recordedDate: isoLocal(''), recorder: me };
    case 'AllergyIntolerance':
      need(f.text, 'the substance');
      return { resourceType: 'AllergyIntolerance',
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
        verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] },
        type: 'allergy', criticality: f.criticality || 'low', code: { text: f.text.trim() }, patient: subject,
        recordedDate: isoLocal(f.when), recorder: me,
        reaction: f.reaction ? [{ manifestation: [{ text: f.reaction.trim() }] }] : undefined };
    case 'MedicationRequest':
      need(f.text, 'the medication');
      return { resourceType: 'MedicationRequest', status: 'active', intent: 'order',
        medicationCodeableConcept: { text: f.text.trim() }, subject, authoredOn: isoLocal(f.when), requester: me,
        dosageInstruction: f.dosage ? [{ text: f.dosage.trim() }] : undefined };
    case 'DocumentReference':
      need(f.title, 'the title');
      if (!f.file) throw new Error('choose a file to attach (PDF or image)');
      return { resourceType: 'DocumentReference', status: 'current', docStatus: 'final',
        type: { text: f.title.trim() }, subject, date: isoLocal(f.when), author: me && [me], description: f.title.trim(),
        content: [{ attachment: { contentType: f.file.type, data: f.file.data, title: f.file.name, size: f.file.size, creation: isoLocal('') } }] };
  }
  throw new Error('unsupported record type ' + type);
}

function need(v, what) {
  if (!v || !String(v).trim()) throw new Error('enter ' + what);
}
