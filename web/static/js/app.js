// The app shell: session, navigation and the hash router (#/patients,
// #/chart/0x…, #/me, #/dashboard …). Each view is a module that renders
// into <main>.

import { api, session, setSession } from './api.js';
import { h, mount, flash, short } from './ui.js';
import { loginView } from './login.js';
import { patientsView, practitionersView } from './admin.js';
import { chartView, openPatientView } from './chart.js';
import { myRecordsView, accessView, logsView } from './patient.js';
import { dashboardView } from './dashboard.js';

/** state is what every view may read: who is logged in and the node's mode. */
export const state = { me: null, notice: '', config: { attacks: false, dualChain: true } };

const routes = {
  login: loginView,
  patients: patientsView,
  practitioners: practitionersView,
  chart: chartView,
  open: openPatientView,
  me: myRecordsView,
  access: accessView,
  logs: logsView,
  dashboard: dashboardView,
};

function navFor(role) {
  const items = [];
  if (role === 'admin') items.push(['patients', 'Patients'], ['practitioners', 'Practitioners'], ['logs', 'Audit log']);
  if (role === 'practitioner') items.push(['patients', 'Patients'], ['open', 'Open a chart']);
  if (role === 'patient') items.push(['me', 'My records'], ['access', 'Access'], ['logs', 'Logs']);
  if (role === 'auditor') items.push(['logs', 'Audit log']);
  items.push(['dashboard', 'Dual chain']);
  return items;
}

function home(role) {
  return { admin: 'patients', practitioner: 'patients', patient: 'me', auditor: 'logs' }[role] || 'dashboard';
}

function renderNav(current) {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!state.me) {
    nav.replaceChildren(h('a', { href: '#/dashboard', 'aria-current': current === 'dashboard' ? 'page' : null }, 'Dual chain'), h('a', { href: '#/login', 'aria-current': current === 'login' ? 'page' : null }, 'Log in'));
    who.replaceChildren();
    return;
  }
  nav.replaceChildren(...navFor(state.me.role).map(([r, label]) => h('a', { href: '#/' + r, 'aria-current': r === current ? 'page' : null }, label)));
  who.replaceChildren(
    h('span', { class: 'role' }, state.me.role), ' ',
    h('code', { title: state.me.address, id: 'who-address' }, short(state.me.address)), ' ',
    h('button', { type: 'button', class: 'link', onclick: logout }, 'Log out'));
}

/** logout forgets the token (it expires on the node after 12 h). */
export function logout() {
  setSession(null);
  state.me = null;
  location.hash = '#/login';
}

/** loggedIn stores a new session and goes to the role's home page. */
export async function loggedIn(s) {
  setSession(s);
  state.me = await api('GET', '/api/v1/me');
  state.me.address = s.address;
  flash(`Logged in as ${state.me.role} ${short(s.address)}`);
  // Stay on the page asked for (e.g. a chart link), else go home. A changed
  // hash routes by its hashchange event; an unchanged one needs an explicit
  // route (never both: two renders would race).
  const cur = location.hash.replace(/^#\/?/, '');
  if (cur && !cur.startsWith('login')) route();
  else location.hash = '#/' + home(state.me.role);
}

async function route() {
  const [name, ...args] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (!state.me && session()) {
    try {
      state.me = await api('GET', '/api/v1/me');
      state.me.address = session().address;
    } catch {
      setSession(null);
    }
  }
  let view = routes[name];
  if (!view || (!state.me && name !== 'dashboard' && name !== 'login')) {
    location.replace('#/' + (state.me ? home(state.me.role) : 'login'));
    return;
  }
  renderNav(name);
  document.getElementById('flash').hidden = true;
  if (state.notice) {
    flash(state.notice, 'error');
    state.notice = '';
  }
  try {
    await view(...args);
  } catch (e) {
    mount(h('h1', {}, 'Something went wrong'), h('p', { class: 'error' }, e.message));
    flash(e.message, 'error');
  }
}

async function start() {
  try {
    state.config = await api('GET', '/ui/config.json', undefined, { anonymous: true });
  } catch (e) {
    flash(e.message, 'error');
  }
  window.addEventListener('hashchange', route);
  window.addEventListener('dualchain:logged-out', () => {
    if (!state.me) return;
    state.me = null;
    state.notice = 'Your login has expired or the node restarted: log in again.';
    location.hash = '#/login';
  });
  await route();
}

start();
