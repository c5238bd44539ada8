// The patient chart: demographics, allergies/conditions/medications at a
// glance, vitals over time, the records timeline, forms to add records and
// emergency ("break-glass") access.

import { api, resources } from './api.js';
import { h, mount, field, busy, flash, short, when } from './ui.js';
import { state } from './app.js';
import { summary, patientName, vitalPoints, build, VITALS, cc } from './fhir.js';
import { vitalsCharts } from './vitals.js';
import { timeline } from './records.js';

export async function openPatientView() {
  const addr = h('input', { id: 'open-address', required: true, placeholder: '0x…', spellcheck: 'false', pattern: '0x[0-9a-fA-F]{40}' });
  const form = h('form', { class: 'card', id: 'open-patient' }, h('h2', {}, 'Patient by account address'),
    h('p', {}, 'Patients of other hospitals, or self-registered ones, who granted you access.'),
    field('Patient address', addr), h('button', { type: 'submit' }, 'Open chart'));
  form.addEventListener('submit', (e) => { e.preventDefault(); location.hash = '#/chart/' + addr.value.trim().toLowerCase(); });
  mount(h('h1', {}, 'Open a chart'), form);
}

/** chartView shows patient's chart (the logged-in patient's own with self). */
export async function chartView(patient, self = false) {
  if (!/^0x[0-9a-fA-F]{40}$/.test(patient || '')) throw new Error('not a patient address: ' + patient);
  mount(h('h1', {}, self ? 'My records' : 'Patient chart'), h('p', {}, 'Loading the chart…'));
  const at = location.hash;
  let all;
  try {
    all = resources(await api('GET', `/fhir/Patient/${patient}/$everything`));
    if (location.hash !== at) return; // the user went elsewhere meanwhile
  } catch (e) {
    if (location.hash !== at) return;
    if (e.status === 403 && state.me.role === 'practitioner') {
      mount(h('h1', {}, 'Patient chart'), h('p', { class: 'error', id: 'no-access' }, e.message), emergencyForm(patient));
      return;
    }
    throw e;
  }
  const pat = all.find((r) => r.resourceType === 'Patient');
  const of = (t) => all.filter((r) => r.resourceType === t);
  const glance = (title, id, list, fmt) => h('section', { class: 'card glance', 'aria-labelledby': id },
    h('h3', { id }, `${title} (${list.length})`),
    list.length ? h('ul', {}, list.map((r) => h('li', {}, fmt(r)))) : h('p', { class: 'muted' }, 'None recorded.'));
  const writer = state.me.role === 'practitioner' || (self && state.me.role === 'patient');
  mount(
    h('h1', {}, self ? 'My records' : (pat ? patientName(pat) : 'Patient') + ' — chart'),
    h('p', { class: 'demo' }, pat ? summary(pat) : '(demographics not readable)', ' · ', h('code', { id: 'chart-address' }, patient)),
    h('div', { class: 'grid3' },
      glance('Allergies', 'g-allergy', of('AllergyIntolerance'), (r) => [h('strong', {}, cc(r.code)), r.criticality ? ` (${r.criticality})` : '']),
      glance('Conditions', 'g-cond', of('Condition'), (r) => [h('strong', {}, cc(r.code)), ` — ${cc(r.clinicalStatus)}`]),
      glance('Medications', 'g-med', of('MedicationRequest'), (r) => summary(r))),
    h('section', { class: 'card', 'aria-labelledby': 'v-h' }, h('h2', { id: 'v-h' }, 'Vital signs'), vitalsCharts(vitalPoints(of('Observation')))),
    h('div', { class: 'grid2 wide-left' },
      timeline(all),
      h('div', {}, writer ? addRecordForm(patient) : null, !self && state.me.role === 'practitioner' ? emergencyForm(patient) : null)));
}

const TYPES = ['Observation', 'Condition', 'AllergyIntolerance', 'MedicationRequest', 'DocumentReference'];

function addRecordForm(patient) {
  const type = h('select', { id: 'rec-type' }, TYPES.map((t) => h('option', { value: t }, { Observation: 'Vital sign (Observation)', Condition: 'Condition', AllergyIntolerance: 'Allergy', MedicationRequest: 'Medication', DocumentReference: 'Document with attachment' }[t])));
  const fields = h('div', { id: 'rec-fields' });
  const form = h('form', { class: 'card', id: 'add-record', 'aria-labelledby': 'add-h' },
    h('h2', { id: 'add-h' }, 'Add a record'), field('Type', type), fields, h('button', { type: 'submit' }, 'Save record'));
  const c = {};
  const render = () => {
    for (const k of Object.keys(c)) delete c[k];
    const t = type.value;
    const parts = [];
    const text = (id, label, hint) => { c[id] = h('input', { id: 'rec-' + id, autocomplete: 'off' }); parts.push(field(label, c[id], hint)); };
    if (t === 'Observation') {
      c.vital = h('select', { id: 'rec-vital' }, VITALS.map((v) => h('option', { value: v.code }, `${v.display} (${v.unit})`)));
      c.value = h('input', { id: 'rec-value', type: 'number', step: 'any', required: true, inputmode: 'decimal' });
      parts.push(field('Vital sign', c.vital), field('Value', c.value));
    }
    if (t === 'Condition') {
      text('text', 'Condition');
      c.status = h('select', { id: 'rec-status' }, ['active', 'recurrence', 'remission', 'resolved'].map((s) => h('option', { value: s }, s)));
      parts.push(field('Clinical status', c.status));
    }
    if (t === 'AllergyIntolerance') {
      text('text', 'Substance');
      text('reaction', 'Reaction', 'optional');
      c.criticality = h('select', { id: 'rec-criticality' }, ['low', 'high', 'unable-to-assess'].map((s) => h('option', { value: s }, s)));
      parts.push(field('Criticality', c.criticality));
    }
    if (t === 'MedicationRequest') { text('text', 'Medication'); text('dosage', 'Dosage', 'e.g. 5 mg twice daily'); }
    if (t === 'DocumentReference') {
      text('title', 'Title');
      c.file = h('input', { id: 'rec-file', type: 'file', accept: 'application/pdf,image/*' });
      parts.push(field('Attachment (PDF or image)', c.file, 'Stored encrypted in IPFS inside the record; at most the node\'s record size limit.'));
    }
    c.when = h('input', { id: 'rec-when', type: 'datetime-local' });
    parts.push(field('When', c.when, 'empty = now'));
    fields.replaceChildren(...parts);
  };
  type.addEventListener('change', render);
  render();
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(form, async () => {
      const f = {};
      for (const [k, el] of Object.entries(c)) f[k] = el.type === 'file' ? await readFile(el.files[0]) : el.value;
      const author = state.me.role === 'practitioner' ? state.me.address.toLowerCase() : undefined;
      const r = build(type.value, patient, author, f);
      const created = await api('POST', '/fhir/' + type.value, r);
      flash(`${type.value} ${created.id} saved on the working chain.`);
      await chartView(patient, state.me.role === 'patient');
    });
  });
  return form;
}

async function readFile(file) {
  if (!file) return null;
  const buf = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return { name: file.name, type: file.type || 'application/octet-stream', size: buf.length, data: btoa(bin) };
}

function emergencyForm(patient) {
  const reason = h('textarea', { id: 'em-reason', required: true, rows: 2 });
  const minutes = h('input', { id: 'em-minutes', type: 'number', min: 1, max: 1440, value: 60 });
  const form = h('form', { class: 'card warn', id: 'emergency', 'aria-labelledby': 'em-h' },
    h('h2', { id: 'em-h' }, 'Emergency access'),
    h('p', {}, 'Break-glass access is recorded on the working chain with a hash of your reason, shown to the patient, and logged loudly. Use it only when the patient cannot consent.'),
    field('Reason', reason), field('Duration (minutes)', minutes),
    h('button', { type: 'submit', class: 'danger' }, 'Request emergency access'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(form, async () => {
      if (!reason.value.trim()) throw new Error('give the reason for emergency access');
      const e = await api('POST', '/api/v1/emergency', { patient, reason: reason.value.trim(), durationSeconds: Math.round(Number(minutes.value) * 60) });
      flash(`Emergency access until ${when(e.expiresAt)} (tx ${short(e.txHash)}). The patient's hospital releases the record keys.`);
      // Keys are released by the custodian node on seeing the event: give it a moment.
      setTimeout(() => chartView(patient), 1500);
    });
  });
  return form;
}
