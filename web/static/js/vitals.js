// Vital signs over time as inline SVG: one small chart per series.

import { h, svg } from './ui.js';

const W = 320;
const H = 140;
const PAD = { l: 40, r: 10, t: 10, b: 24 };

/** vitalsCharts draws each series of points ({series, t, v, unit}). */
export function vitalsCharts(points) {
  const bySeries = new Map();
  for (const p of points) {
    if (!bySeries.has(p.series)) bySeries.set(p.series, []);
    bySeries.get(p.series).push(p);
  }
  if (!bySeries.size) return h('p', { class: 'muted' }, 'No vital signs recorded.');
  return h('div', { class: 'vitals' }, [...bySeries].map(([name, pts]) => chart(name, pts.sort((a, b) => a.t - b.t))));
}

function chart(name, pts) {
  const unit = pts[0].unit;
  let [t0, t1] = [pts[0].t, pts[pts.length - 1].t];
  if (t0 === t1) { t0 -= 86400000; t1 += 86400000; }
  let lo = Math.min(...pts.map((p) => p.v));
  let hi = Math.max(...pts.map((p) => p.v));
  if (lo === hi) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.1;
  lo -= pad; hi += pad;
  const x = (t) => PAD.l + ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (v) => H - PAD.b - ((v - lo) / (hi - lo)) * (H - PAD.t - PAD.b);
  const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));
  const day = (t) => new Date(t).toLocaleDateString(undefined, { year: '2-digit', month: 'short' });
  const last = pts[pts.length - 1];
  const desc = `${name}: ${pts.length} values from ${new Date(pts[0].t).toLocaleDateString()} to ${new Date(last.t).toLocaleDateString()}, latest ${last.v} ${unit}`;
  return h('figure', { class: 'vital' },
    svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': desc, class: 'plot' },
      svg('line', { x1: PAD.l, y1: H - PAD.b, x2: W - PAD.r, y2: H - PAD.b, class: 'axis' }),
      svg('line', { x1: PAD.l, y1: PAD.t, x2: PAD.l, y2: H - PAD.b, class: 'axis' }),
      svg('text', { x: PAD.l - 4, y: y(hi - pad) + 4, 'text-anchor': 'end', class: 'tick' }, fmt(hi - pad)),
      svg('text', { x: PAD.l - 4, y: y(lo + pad) + 4, 'text-anchor': 'end', class: 'tick' }, fmt(lo + pad)),
      svg('text', { x: PAD.l, y: H - 6, class: 'tick' }, day(t0)),
      svg('text', { x: W - PAD.r, y: H - 6, 'text-anchor': 'end', class: 'tick' }, day(t1)),
      pts.length > 1 ? svg('polyline', { points: pts.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' '), class: 'line' }) : null,
      pts.map((p) => svg('circle', { cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r: 3, class: 'dot' },
        svg('title', {}, `${new Date(p.t).toLocaleString()}: ${p.v} ${unit}`)))),
    h('figcaption', {}, h('strong', {}, name), ` — latest ${last.v} ${unit}`));
}
