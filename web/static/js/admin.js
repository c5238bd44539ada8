// Hospital staff: the patient list with search, patient and practitioner
// registration (the node creates the identity and hands back its key file).

import { api } from './api.js';
import { h, mount, field, busy, flash, short, download } from './ui.js';
import { state } from './app.js';
import { patientName } from './fhir.js';

export async function patientsView() {
  const list = h('div', { id: 'patient-list', 'aria-live': 'polite' }, h('p', {}, 'Loading patients…'));
  const search = h('input', { type: 'search', id: 'patient-search', placeholder: 'name or 0x address' });
  const staff = state.me.role === 'admin' || state.me.role === 'practitioner';
  mount(
    h('h1', {}, 'Patients'),
    h('div', { class: 'grid2' },
      h('section', { 'aria-labelledby': 'list-h', class: 'card' },
        h('h2', { id: 'list-h' }, 'Patients of this hospital'),
        h('form', { role: 'search', onsubmit: (e) => e.preventDefault() }, field('Search', search)),
        list),
      staff ? registerPatientForm() : null));

  let rows = [];
  try {
    const ids = await api('GET', '/api/v1/patients');
    // Names live in the encrypted Patient records: read the first 50.
    rows = await Promise.all(ids.map(async (id, i) => {
      let name = '';
      if (i < 50) {
        try { name = patientName(await api('GET', '/fhir/Patient/' + id.address.toLowerCase())); } catch { name = ''; }
      }
      return { ...id, name };
    }));
  } catch (e) {
    list.replaceChildren(h('p', { class: 'error' }, e.message));
    return;
  }
  const render = () => {
    const q = search.value.trim().toLowerCase();
    const shown = rows.filter((r) => !q || r.name.toLowerCase().includes(q) || r.address.toLowerCase().includes(q));
    list.replaceChildren(
      h('p', { class: 'muted' }, `${shown.length} of ${rows.length} patients`),
      shown.length ? h('ul', { class: 'rows' }, shown.map((r) => h('li', {},
        h('a', { href: '#/chart/' + r.address.toLowerCase() }, r.name || '(name not readable)'), ' ',
        h('code', { title: r.address }, short(r.address)), r.active ? '' : h('span', { class: 'badge' }, 'inactive')))) : h('p', {}, 'No patient matches.'));
  };
  search.addEventListener('input', render);
  render();
}

function registerPatientForm() {
  const given = h('input', { id: 'pat-given', required: true, autocomplete: 'off' });
  const family = h('input', { id: 'pat-family', required: true, autocomplete: 'off' });
  const gender = h('select', { id: 'pat-gender' }, ['female', 'male', 'other', 'unknown'].map((g) => h('option', { value: g }, g)));
  const birth = h('input', { id: 'pat-birth', type: 'date', required: true });
  const pass = h('input', { id: 'pat-pass', type: 'password', required: true, minlength: 8, autocomplete: 'new-password' });
  const result = h('div', { id: 'pat-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'register-patient', 'aria-labelledby': 'reg-h' },
    h('h2', { id: 'reg-h' }, 'Register a patient'),
    field('Given name', given), field('Family name', family), field('Gender', gender), field('Birth date', birth),
    field('Key file passphrase', pass, 'At least 8 characters; the patient logs in with the key file and this passphrase.'),
    h('button', { type: 'submit' }, 'Register patient'), result);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(form, async () => {
      const resource = { resourceType: 'Patient', active: true, name: [{ use: 'official', family: family.value.trim(), given: [given.value.trim()] }], gender: gender.value, birthDate: birth.value };
      const res = await api('POST', '/api/v1/patients', { resource, passphrase: pass.value });
      showKey(result, res, 'patient');
      flash(`Patient ${given.value} ${family.value} registered: ${short(res.identity.address)}`);
      form.reset();
    });
  });
  return form;
}

/** showKey shows a new identity and offers its key file. */
function showKey(where, res, role) {
  const addr = res.identity.address.toLowerCase();
  const ks = JSON.stringify(res.keystore);
  where.replaceChildren(h('div', { class: 'ok-box' },
    h('p', {}, `New ${role}: `, h('code', { class: 'new-address' }, addr)),
    role === 'patient' ? h('p', {}, h('a', { href: '#/chart/' + addr }, 'Open chart')) : null,
    h('button', { type: 'button', onclick: () => download(`${role}-${addr}.json`, ks) }, 'Download key file'),
    h('details', {}, h('summary', {}, 'Key file (encrypted)'), h('pre', { class: 'keystore' }, ks))));
}

export async function practitionersView() {
  if (state.me.role !== 'admin') {
    mount(h('h1', {}, 'Practitioners'), h('p', {}, 'Only this hospital\'s admin registers practitioners.'));
    return;
  }
  const given = h('input', { id: 'pr-given', required: true });
  const family = h('input', { id: 'pr-family', required: true });
  const prefix = h('input', { id: 'pr-prefix', value: 'Dr.' });
  const pass = h('input', { id: 'pr-pass', type: 'password', required: true, minlength: 8, autocomplete: 'new-password' });
  const result = h('div', { id: 'pr-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'register-practitioner', 'aria-labelledby': 'pr-h' },
    h('h2', { id: 'pr-h' }, 'Register a practitioner'),
    field('Prefix', prefix), field('Given name', given), field('Family name', family),
    field('Key file passphrase', pass, 'At least 8 characters.'),
    h('button', { type: 'submit' }, 'Register practitioner'), result);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(form, async () => {
      const name = { use: 'official', family: family.value.trim(), given: [given.value.trim()] };
      if (prefix.value.trim()) name.prefix = [prefix.value.trim()];
      const res = await api('POST', '/api/v1/practitioners', { resource: { resourceType: 'Practitioner', active: true, name: [name] }, passphrase: pass.value });
      showKey(result, res, 'practitioner');
      flash(`Practitioner registered: ${short(res.identity.address)}`);
      form.reset();
    });
  });
  mount(h('h1', {}, 'Practitioners'), form);
}
