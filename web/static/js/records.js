// Records: the timeline by type, each record with its verification state
// (from GET /api/v1/records/{id}), its proof to download and to check in
// the page.

import { api } from './api.js';
import { h, flash, when, download, badge } from './ui.js';
import { summary, dateOf } from './fhir.js';
import { checkProof, checkpointHash } from './proof.js';
import { hex } from './keccak.js';
import { state } from './app.js';

/** chainID finds the chain id of the version a FHIR resource is. */
async function chainID(r) {
  if (r.meta && r.meta.versionId === '1' && r.resourceType !== 'Patient') return r.id;
  const res = await api('GET', `/fhir/${r.resourceType}/${r.id}`, undefined, { withHeaders: true });
  return res.headers.get('X-Record-Id');
}

/** timeline lists resources newest first, filterable by type. */
export function timeline(resources) {
  const types = [...new Set(resources.map((r) => r.resourceType))].sort();
  const filter = h('select', { id: 'type-filter' }, h('option', { value: '' }, 'All types'), types.map((t) => h('option', { value: t }, t)));
  const list = h('ol', { class: 'timeline', id: 'timeline' });
  const sorted = [...resources].sort((a, b) => String(dateOf(b)).localeCompare(String(dateOf(a))));
  const items = sorted.map((r) => ({ r, el: recordItem(r) }));
  const render = () => list.replaceChildren(...items.filter((i) => !filter.value || i.r.resourceType === filter.value).map((i) => i.el));
  filter.addEventListener('change', render);
  render();
  return h('section', { class: 'card', 'aria-labelledby': 'tl-h' },
    h('div', { class: 'row' }, h('h2', { id: 'tl-h' }, `Records (${resources.length})`),
      h('label', { for: 'type-filter', class: 'inline' }, 'Show ', filter)),
    list);
}

/** recordItem is one record with its verification controls. */
export function recordItem(r) {
  const state_ = h('span', { class: 'vstate' }, badge(state.config.dualChain ? 'unknown' : 'unanchored'));
  const checks = h('div', { class: 'checks', 'aria-live': 'polite' });
  const li = h('li', { class: 'record', dataset: { type: r.resourceType, id: r.id } },
    h('div', { class: 'rec-head' },
      h('span', { class: 'type t-' + r.resourceType }, r.resourceType),
      h('span', { class: 'rec-sum' }, summary(r)),
      h('time', { datetime: dateOf(r) }, when(dateOf(r)))),
    attachment(r),
    h('div', { class: 'rec-actions' }, state_,
      state.config.dualChain ? h('button', { type: 'button', class: 'small', onclick: () => refresh() }, 'Refresh state') : null,
      state.config.dualChain ? h('button', { type: 'button', class: 'small', onclick: () => getProof(true) }, 'Download proof') : null,
      state.config.dualChain ? h('button', { type: 'button', class: 'small check-proof', onclick: () => check() }, 'Check proof') : null,
      h('details', { class: 'raw' }, h('summary', {}, 'FHIR JSON'), h('pre', {}, JSON.stringify(r, null, 2)))),
    checks);
  let facts;
  async function refresh() {
    try {
      facts = await api('GET', '/api/v1/records/' + (await chainID(r)));
      state_.replaceChildren(badge(facts.verification || 'unknown'), h('small', { class: 'muted', title: 'record version id (as `dualchain verify record ID` takes it) and working-chain block' }, ` record ${facts.id} · block ${facts.block}`));
      li.dataset.verification = facts.verification || '';
    } catch (e) {
      state_.replaceChildren(h('span', { class: 'error' }, e.message));
    }
    return facts;
  }
  async function getProof(save) {
    try {
      if (!facts) await refresh();
      const text = await api('GET', `/api/v1/records/${facts.id}/proof`, undefined, { text: true });
      if (save) download(`record-${facts.id}-proof.json`, text);
      return JSON.parse(text);
    } catch (e) {
      flash(e.status === 409 ? `Record ${r.id} is not anchored yet: its proof exists once a checkpoint covers its block.` : e.message, 'error');
      return null;
    }
  }
  async function check() {
    checks.replaceChildren(h('p', {}, 'Checking…'));
    await refresh();
    const p = await getProof(false);
    if (!p) { checks.replaceChildren(); return; }
    const res = checkProof(p, facts);
    if (state.config.proofCheck) res[res.length - 1] = await anchorCheck(p, res.find((c) => c.root)?.root);
    const ok = res.every((c) => c.ok !== false);
    li.dataset.proof = ok ? 'valid' : 'invalid';
    checks.replaceChildren(
      h('p', { class: ok ? 'ok proof-result' : 'error proof-result' }, ok ? `Proof verified (${res.filter((c) => c.ok).length} checks passed).` : 'Proof does NOT verify.'),
      h('ul', { class: 'checklist' }, res.map((c) => h('li', { class: c.ok === null ? 'unchecked' : c.ok ? 'pass' : 'fail' },
        h('span', { 'aria-hidden': 'true' }, c.ok === null ? '○ ' : c.ok ? '✓ ' : '✗ '),
        h('span', { class: 'sr-only' }, c.ok === null ? 'not checked: ' : c.ok ? 'passed: ' : 'failed: '),
        c.name, c.detail ? h('small', { class: 'muted' }, ' — ' + c.detail) : null))));
  }
  if (state.config.dualChain) queueRefresh(refresh);
  return li;
}

/**
 * anchorCheck asks the node to check the one link the page cannot: the
 * anchoring transaction on the verification chain (POST /ui/proof/check).
 * The node answers with the checkpoint as the registry event carries it;
 * the page compares its root with the one the Merkle path gave (root, hex)
 * and recomputes its hash.
 */
async function anchorCheck(p, root) {
  const name = 'anchoring transaction is in the verification chain';
  try {
    const r = await api('POST', '/ui/proof/check', p);
    const c = r.checkpoint;
    if (!c || !root || c.root.toLowerCase() !== root) return { name, ok: false, detail: `the node's registry event carries root ${c?.root}, the Merkle path gives ${root}` };
    const cp = hex(checkpointHash(p.working.chainId, c.member, c.start, c.end, root, c.endBlockHash, c.prevCheckpointHash));
    if (cp !== c.hash.toLowerCase()) return { name, ok: false, detail: `the event's checkpoint fields hash to ${cp}, not its hash ${c.hash}` };
    return { name, ok: true, detail: `checked by this node against chain ${r.chainId}: tx ${p.anchor.tx.slice(0, 12)}… in block ${r.anchorBlock}, checkpoint hash ${cp.slice(0, 12)}… (end block ${c.endBlockHash.slice(0, 12)}…), ${r.confirmations} confirmations, ${r.settled ? 'finalized' : 'not finalized yet'}` };
  } catch (e) {
    if (e.status === 422) return { name, ok: false, detail: e.message };
    return { name, ok: null, detail: 'could not be checked: ' + e.message };
  }
}

// Verification states load a few at a time, not all at once.
const queue = [];
let running = 0;
function queueRefresh(fn) {
  queue.push(fn);
  pump();
}
function pump() {
  while (running < 4 && queue.length) {
    const fn = queue.shift();
    running++;
    fn().finally(() => { running--; pump(); });
  }
}

/** attachment shows a DocumentReference's file: open or download. */
function attachment(r) {
  if (r.resourceType !== 'DocumentReference') return null;
  const a = ((r.content || [])[0] || {}).attachment || {};
  if (!a.data) return null;
  const bin = Uint8Array.from(atob(a.data), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bin], { type: a.contentType || 'application/octet-stream' }));
  const name = a.title || `document-${r.id}`;
  return h('div', { class: 'attachment' },
    (a.contentType || '').startsWith('image/') ? h('img', { src: url, alt: a.title || 'attached image', class: 'thumb' }) : null,
    h('a', { href: url, download: name, class: 'attachment-link' }, `${name} (${a.contentType}, ${bin.length.toLocaleString()} bytes)`));
}
