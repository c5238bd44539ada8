// DOM helpers. Everything the API returns is inserted as text, never as
// HTML, so record contents cannot inject markup.

/** h builds an element: h('p', {class: 'x', onclick: fn}, 'text', child…). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** svg builds an SVG element. */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

/** mount replaces the main region's content and moves focus to its heading. */
export function mount(...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children.flat());
  const h1 = main.querySelector('h1');
  if (h1) { h1.tabIndex = -1; h1.focus({ preventScroll: true }); }
}

let flashTimer;
/** flash shows a message to the user: kind 'error' stays until dismissed. */
export function flash(message, kind = 'info') {
  const el = document.getElementById('flash');
  clearTimeout(flashTimer);
  el.className = 'flash ' + kind;
  el.replaceChildren(h('span', {}, message), h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss message', onclick: () => { el.hidden = true; } }, '×'));
  el.hidden = false;
  if (kind !== 'error') flashTimer = setTimeout(() => { el.hidden = true; }, 6000);
}

/** field is a labelled form control. */
export function field(label, control, hint) {
  const id = control.id || ('f' + Math.random().toString(36).slice(2, 9));
  control.id = id;
  const hid = hint ? id + '-hint' : undefined;
  if (hid) control.setAttribute('aria-describedby', hid);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint && h('small', { id: hid, class: 'muted' }, hint));
}

/** busy disables a form's controls while fn runs and reports its error. */
export async function busy(form, fn) {
  const controls = [...form.querySelectorAll('button, input, select, textarea')];
  controls.forEach((c) => { c.dataset.wasDisabled = c.disabled ? '1' : ''; c.disabled = true; });
  form.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } catch (e) {
    flash(e.message || String(e), 'error');
    return undefined;
  } finally {
    controls.forEach((c) => { c.disabled = c.dataset.wasDisabled === '1'; });
    form.removeAttribute('aria-busy');
  }
}

/** short abbreviates a 0x address or hash. */
export function short(hex) {
  return typeof hex === 'string' && hex.length > 14 ? hex.slice(0, 8) + '…' + hex.slice(-4) : hex;
}

/** when formats a time for people. */
export function when(t) {
  if (!t) return '';
  const d = new Date(t);
  return isNaN(d) ? String(t) : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** download offers bytes or text to the user as a file. */
export function download(name, data, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** badge shows a record's verification state. */
export function badge(state) {
  const s = state || 'unknown';
  const text = { unanchored: 'unanchored', anchored: 'anchored', settled: 'settled', conflicting: 'conflicting', unknown: 'state unknown' }[s] || s;
  return h('span', { class: 'badge v-' + s, title: stateHelp[s] || '' }, text);
}

const stateHelp = {
  unanchored: 'Written on the working chain; no checkpoint covers its block yet.',
  anchored: 'A checkpoint covering its block is in the verification chain, not yet final.',
  settled: 'Its checkpoint is in a finalized verification-chain block.',
  conflicting: 'Checkpoints disagree about its block: see the dashboard.',
};
