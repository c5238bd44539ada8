// The dual-chain dashboard: working-chain head, every member's checkpoints
// (anchored and settled heights), incidents with their evidence, and, on a
// dev node, the attack simulator and restore.

import { api } from './api.js';
import { h, mount, field, busy, flash, when, short } from './ui.js';
import { state } from './app.js';

let timer;

export async function dashboardView() {
  clearInterval(timer);
  const statusBox = h('div', { id: 'status', 'aria-live': 'off' }, h('p', {}, 'Loading…'));
  const incBox = h('div', { id: 'incidents' }, h('p', {}, 'Loading…'));
  const admin = state.me && state.me.role === 'admin';
  mount(
    h('h1', {}, 'Dual chain'),
    h('p', { class: 'muted' }, 'Refreshes every 3 s. The working chain carries the EMR; each member anchors checkpoints of its block hashes into the verification chain.'),
    h('div', { class: 'grid2' },
      h('section', { class: 'card', 'aria-labelledby': 's-h' }, h('h2', { id: 's-h' }, 'Chains and checkpoints'), statusBox),
      h('div', {}, admin && (state.config.attacks || state.config.restore) ? attackPanel(refresh) : state.config.attacks ? h('section', { class: 'card' }, h('h2', {}, 'Attack simulator'), h('p', {}, 'Log in as this hospital\'s admin to run simulated attacks and restore.')) : null)),
    h('section', { class: 'card', 'aria-labelledby': 'i-h' }, h('h2', { id: 'i-h' }, 'Incidents'), incBox));
  const seen = new Set();
  let lastIncidents = '';
  async function refresh() {
    if (!document.body.contains(statusBox)) { clearInterval(timer); return; }
    try {
      statusBox.replaceChildren(renderStatus(await api('GET', '/api/v1/status', undefined, { anonymous: !state.me })));
    } catch (e) {
      statusBox.replaceChildren(h('p', { class: 'error' }, e.message));
    }
    try {
      const incs = await api('GET', '/api/v1/incidents', undefined, { anonymous: !state.me });
      // Re-render only on a change: keeps opened evidence and its scroll still.
      const key = JSON.stringify(incs);
      if (key !== lastIncidents) {
        lastIncidents = key;
        const open = new Set([...incBox.querySelectorAll('details[open]')].map((d) => d.dataset.id));
        incBox.replaceChildren(renderIncidents(incs, open));
      }
      for (const i of incs) {
        if (!i.resolvedAt && !seen.has(i.id) && seen.size) flash(`New incident: ${i.summary}`, 'error');
        seen.add(i.id);
      }
      if (!incs.length) seen.add(-1);
    } catch (e) {
      incBox.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  }
  await refresh();
  timer = setInterval(refresh, 3000);
}

function renderStatus(st) {
  const dl = (pairs) => h('dl', { class: 'kv' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  const states = Object.entries(st.byState || {}).map(([k, v]) => `${v} ${k}`).join(', ') || 'none yet';
  const members = Object.entries(st.members || {});
  return h('div', {},
    dl([
      ['Working chain', `id ${st.workingChainId ?? '?'}, head ${st.archivedHead}`],
      ['Verification chain', !state.config.dualChain ? 'none (single-chain mode)' : st.verificationFinalized !== undefined ? `finalized up to block ${st.verificationFinalized}` : h('span', { class: 'error' }, 'not reachable')],
      ['This node\'s checkpoints', `${st.checkpoints} (${states})`],
      ['Last anchored / settled end', `${st.lastAnchoredEnd ?? '—'} / ${st.lastSettledEnd ?? '—'}`],
      ['Checkpoints verified / mismatched', `${st.checkpointsVerified ?? 0} / ${st.checkpointMismatches ?? 0}`],
      ['Anchoring', st.anchoringStalled ? h('span', { class: 'error' }, 'stalled') : 'healthy'],
      ['Last settlement seen', st.lastSettledAt ? when(st.lastSettledAt) : '—'],
      ['Gas spent anchoring', (st.gasSpent || 0).toLocaleString()],
      ['Reorgs seen', st.reorgs ?? 0],
    ]),
    h('h3', {}, 'Members'),
    members.length ? h('table', { class: 'tbl', id: 'members' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Member'), h('th', { scope: 'col' }, 'Anchored up to'), h('th', { scope: 'col' }, 'Settled up to'))),
      h('tbody', {}, members.map(([m, x]) => h('tr', {}, h('td', {}, h('code', { title: m }, short(m))), h('td', {}, x.anchored), h('td', {}, x.settled ?? '—'))))) : h('p', { class: 'muted' }, 'No checkpoints mirrored yet.'));
}

function renderIncidents(incs, open) {
  if (!incs.length) return h('p', { class: 'ok' }, 'No incidents: the working chain agrees with every checkpoint.');
  return h('ul', { class: 'incidents' }, incs.map((i) => h('li', { class: 'incident sev-' + i.severity + (i.resolvedAt ? ' resolved' : ''), dataset: { kind: i.kind } },
    h('div', {}, h('span', { class: 'badge sev' }, i.severity), ' ', h('strong', { class: 'kind' }, i.kind), ' ', i.resolvedAt ? h('span', { class: 'badge ok' }, 'resolved ' + when(i.resolvedAt)) : h('span', { class: 'badge open' }, 'open')),
    h('p', {}, i.summary),
    h('p', { class: 'muted' }, `raised ${when(i.raisedAt)}, ${Math.max(0, Date.parse(i.raisedAt) - Date.parse(i.seenAt))} ms after the node saw the data`),
    h('details', { dataset: { id: String(i.id) }, open: open.has(String(i.id)) }, h('summary', {}, 'Evidence'), h('pre', { class: 'evidence' }, JSON.stringify(i.evidence, null, 2))))));
}

function attackPanel(refresh) {
  const kind = h('select', { id: 'attack-kind' },
    h('option', { value: 'rewrite-record' }, 'Rewrite history: alter a record'),
    h('option', { value: 'rewrite-depth' }, 'Rewrite the last N blocks'),
    h('option', { value: 'tamper-archive' }, 'Tamper with this node\'s archive'),
    h('option', { value: 'tamper-ipfs' }, 'Tamper with a record\'s content in IPFS'),
    h('option', { value: 'false-checkpoint' }, 'False checkpoint by another member'),
    h('option', { value: 'halt' }, 'Halt the working chain'),
    h('option', { value: 'resume' }, 'Resume the working chain'));
  const record = h('input', { id: 'attack-record', type: 'number', min: 1, placeholder: 'record version id' });
  const mode = h('select', { id: 'attack-mode' }, h('option', { value: 'alter' }, 'alter'), h('option', { value: 'delete' }, 'delete'));
  const depth = h('input', { id: 'attack-depth', type: 'number', min: 1, value: 3 });
  const block = h('input', { id: 'attack-block', type: 'number', min: 0, value: 2 });
  const ipfsRecord = h('input', { id: 'attack-ipfs-record', type: 'number', min: 1, placeholder: 'record version id' });
  const haltFor = h('input', { id: 'attack-for', placeholder: 'e.g. 30s; empty = until resumed' });
  const parts = { 'rewrite-record': [field('Record id', record, 'a record version id: charts show it next to each record\'s state'), field('Mode', mode)], 'rewrite-depth': [field('Depth (blocks)', depth)], 'tamper-archive': [field('Block', block)], 'tamper-ipfs': [field('Record id', ipfsRecord)], 'false-checkpoint': [], halt: [field('For', haltFor)], resume: [] };
  const box = h('div', {});
  const show = () => box.replaceChildren(...parts[kind.value]);
  kind.addEventListener('change', show);
  show();
  const out = h('pre', { id: 'attack-result', class: 'evidence', hidden: true });
  const sim = state.config.attacks;
  const form = h('form', { class: 'card warn', id: 'attack', 'aria-labelledby': 'at-h' },
    h('h2', { id: 'at-h' }, sim ? 'Attack simulator (dev)' : 'Restore'),
    sim ? h('p', {}, 'This node attacks itself as an attacker would, to show detection and restore. Dev mode only.')
      : h('p', {}, 'Repair this node from the anchored history after an incident (its archive and data; on a dev chain, the chain itself).'),
    sim ? [field('Attack', kind), box] : null,
    h('div', { class: 'row' }, sim ? h('button', { type: 'submit', class: 'danger' }, 'Run attack') : null,
      state.config.restore ? h('button', { type: 'button', id: 'restore' }, 'Restore working chain') : null),
    out);
  const show_ = (title, res) => { out.hidden = false; out.textContent = title + '\n' + JSON.stringify(res, null, 2); };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(form, async () => {
      const k = kind.value;
      let body;
      if (k === 'rewrite-record') {
        if (!record.value) throw new Error('give the id of the record to alter');
        body = { kind: 'rewrite', record: Number(record.value), mode: mode.value, depth: 1 };
      } else if (k === 'rewrite-depth') body = { kind: 'rewrite', depth: Number(depth.value) };
      else if (k === 'tamper-archive') body = { kind: 'tamper-archive', block: Number(block.value) };
      else if (k === 'tamper-ipfs') {
        if (!ipfsRecord.value) throw new Error('give the id of the record whose content to tamper with');
        body = { kind: 'tamper-ipfs', record: Number(ipfsRecord.value) };
      } else if (k === 'halt') body = { kind: 'halt', for: haltFor.value.trim() || undefined };
      else body = { kind: k };
      const res = await api('POST', '/api/v1/dev/attacks', body);
      show_('Attack done:', res);
      flash('Attack simulated; watch the incidents below.');
      await refresh();
    });
  });
  form.querySelector('#restore')?.addEventListener('click', () => busy(form, async () => {
    const res = await api('POST', '/api/v1/admin/restore');
    show_('Restored:', res);
    flash('Working chain restored from this node\'s archive.');
    await refresh();
  }));
  return form;
}
