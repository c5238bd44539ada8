// The patient's own pages: records, who has access (grant, revoke), and
// the emergency-access and audit logs.

import { api, resources } from './api.js';
import { h, mount, field, busy, flash, short, when } from './ui.js';
import { state } from './app.js';
import { chartView } from './chart.js';
import { isoLocal } from './fhir.js';

const SCOPE = ['Observation', 'Condition', 'AllergyIntolerance', 'MedicationRequest', 'Procedure', 'Immunization', 'DiagnosticReport', 'DocumentReference', 'Encounter', 'Patient', 'Practitioner', 'Organization'];

export async function myRecordsView() {
  await chartView(state.me.address.toLowerCase(), true);
}

export async function accessView() {
  const list = h('div', { id: 'grants' }, h('p', {}, 'Loading…'));
  mount(h('h1', {}, 'Who has access'), h('div', { class: 'grid2' },
    h('section', { class: 'card', 'aria-labelledby': 'gr-h' }, h('h2', { id: 'gr-h' }, 'Grants'), list), grantForm(() => accessView())));
  const grants = await api('GET', '/api/v1/consent');
  if (!grants.length) { list.replaceChildren(h('p', {}, 'Nobody outside your care team has been granted access.')); return; }
  list.replaceChildren(h('table', { class: 'tbl' },
    h('caption', { class: 'sr-only' }, 'Consent grants'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Grantee'), h('th', { scope: 'col' }, 'Scope'), h('th', { scope: 'col' }, 'Expires'), h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Action')))),
    h('tbody', {}, grants.map((g) => {
      const revoke = h('button', { type: 'button', class: 'small danger revoke', dataset: { grantee: g.grantee.toLowerCase() } }, 'Revoke');
      revoke.addEventListener('click', async () => {
        if (!confirm(`Revoke ${g.grantee}'s access? Records written from now on are not sealed for them; what they already read cannot be taken back.`)) return;
        revoke.disabled = true;
        try {
          await api('DELETE', '/api/v1/consent/' + g.grantee);
          flash(`Access of ${short(g.grantee)} revoked.`);
          await accessView();
        } catch (e) {
          flash(e.message, 'error');
          revoke.disabled = false;
        }
      });
      return h('tr', { class: g.active ? 'active' : 'inactive', dataset: { grantee: g.grantee.toLowerCase() } },
        h('td', {}, h('code', { title: g.grantee }, short(g.grantee))),
        h('td', {}, (g.scope || []).join(', ') || 'all types'),
        h('td', {}, g.expiry ? when(g.expiry) : 'never'),
        h('td', {}, g.active ? 'active' : 'revoked / expired'),
        h('td', {}, g.active ? revoke : ''));
    }))));
}

function grantForm(done) {
  const grantee = h('input', { id: 'grant-grantee', required: true, placeholder: '0x…', spellcheck: 'false' });
  const boxes = SCOPE.map((t) => h('input', { type: 'checkbox', id: 'scope-' + t, value: t }));
  const expiry = h('input', { id: 'grant-expiry', type: 'datetime-local' });
  const who = h('small', { id: 'grant-who', class: 'muted', 'aria-live': 'polite' });
  grantee.addEventListener('change', async () => {
    const a = grantee.value.trim();
    if (!/^0x[0-9a-fA-F]{40}$/.test(a)) { who.textContent = a ? 'not an account address (0x and 40 hex digits)' : ''; return; }
    try {
      const id = await api('GET', '/api/v1/identities/' + a);
      who.textContent = `${id.role}${id.hospital && !/^0x0+$/.test(id.hospital) ? ' of hospital ' + short(id.hospital.toLowerCase()) : ''}${id.active ? '' : ' (inactive)'}`;
    } catch (e) {
      who.textContent = e.status === 404 ? 'no identity with this address on the working chain' : e.message;
    }
  });
  const form = h('form', { class: 'card', id: 'grant', 'aria-labelledby': 'g-h' },
    h('h2', { id: 'g-h' }, 'Grant access'),
    field('Practitioner or organization address', grantee), who,
    h('fieldset', {}, h('legend', {}, 'Record types (none ticked = all)'),
      h('div', { class: 'checks-grid' }, boxes.map((b) => h('label', { for: b.id, class: 'check' }, b, ' ', b.value)))),
    field('Expires', expiry, 'empty = until revoked; judged by the chain\'s clock'),
    h('button', { type: 'submit' }, 'Grant access'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(form, async () => {
      const body = { grantee: grantee.value.trim(), types: boxes.filter((b) => b.checked).map((b) => b.value), expiry: expiry.value ? isoLocal(expiry.value) : null };
      await api('POST', '/api/v1/consent', body);
      flash(`Access granted to ${short(body.grantee)}.`);
      await done();
    });
  });
  return form;
}

export async function logsView() {
  const self = state.me.role === 'patient';
  const at = location.hash;
  mount(h('h1', {}, self ? 'Emergency access and audit log' : 'Audit log'), h('p', {}, 'Loading…'));
  const emerg = self ? await api('GET', '/api/v1/emergency') : [];
  const audit = resources(await api('GET', '/api/v1/audit?limit=200')).sort((a, b) => String(b.recorded).localeCompare(String(a.recorded)));
  if (location.hash !== at) return; // the user went elsewhere meanwhile
  mount(h('h1', {}, self ? 'Emergency access and audit log' : 'Audit log'),
    self ? h('section', { class: 'card', 'aria-labelledby': 'e-h' }, h('h2', { id: 'e-h' }, `Emergency access (${emerg.length})`),
      emerg.length ? h('ul', { class: 'rows', id: 'emergency-log' }, emerg.map((e) => h('li', {},
        h('strong', {}, when(e.time)), ' by practitioner ', h('code', { title: e.practitioner }, short(e.practitioner)),
        ' of hospital ', h('code', { title: e.hospital }, short(e.hospital)), `, until ${when(e.expiresAt)}. Reason hash `,
        h('code', { title: e.reasonHash }, short(e.reasonHash))))) : h('p', {}, 'No emergency access to your records.')) : null,
    h('section', { class: 'card', 'aria-labelledby': 'a-h' }, h('h2', { id: 'a-h' }, `Audit events (${audit.length}, newest first)`),
      h('div', { class: 'scroll' }, h('table', { class: 'tbl', id: 'audit-log' },
        h('thead', {}, h('tr', {}, ['When', 'Action', 'Who', 'What', 'Outcome'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, audit.map((ev) => h('tr', {},
          h('td', {}, when(ev.recorded)),
          h('td', {}, ev.subtype && ev.subtype[0] ? ev.subtype[0].code || ev.subtype[0].display : ev.action),
          h('td', {}, h('code', {}, short(String(((ev.agent || [])[0] || {}).who?.identifier?.value || '').toLowerCase()))),
          h('td', {}, (ev.entity || []).map((x) => x.what?.reference ? 'patient ' + short(x.what.reference.replace('Patient/', '').toLowerCase()) : x.what?.identifier ? 'record ' + x.what.identifier.value : '').filter(Boolean).join(', ')),
          h('td', {}, ev.outcome === '0' ? 'success' : (ev.outcomeDesc || ev.outcome)))))))));
}
