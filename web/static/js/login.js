// Login: with an EIP-1193 wallet (MetaMask…) signing the node's challenge
// in the browser, or with a key file the node decrypts in memory to sign it
// (POST /ui/login/key, for node-managed identities' keystore files).

import { api } from './api.js';
import { h, mount, field, busy, download } from './ui.js';
import { loggedIn } from './app.js';

export async function loginView() {
  const wallet = window.ethereum;
  const walletBtn = h('button', { type: 'button', id: 'wallet-login', disabled: !wallet }, 'Sign in with wallet');
  const walletForm = h('form', { class: 'card', 'aria-labelledby': 'wallet-h' },
    h('h2', { id: 'wallet-h' }, 'Wallet'),
    h('p', {}, 'MetaMask or any EIP-1193 wallet signs a one-time challenge (EIP-4361). Your key never leaves the wallet.'),
    wallet ? null : h('p', { class: 'muted' }, 'No wallet was found in this browser.'),
    walletBtn);
  walletBtn.addEventListener('click', () => busy(walletForm, async () => {
    const [address] = await wallet.request({ method: 'eth_requestAccounts' });
    const ch = await api('GET', '/api/v1/auth/challenge?address=' + encodeURIComponent(address), undefined, { anonymous: true });
    const signature = await wallet.request({ method: 'personal_sign', params: [utf8Hex(ch.message), address] });
    await loggedIn(await api('POST', '/api/v1/auth/login', { message: ch.message, signature }, { anonymous: true }));
  }));

  const file = h('input', { type: 'file', id: 'key-file', accept: '.json,application/json' });
  const pass = h('input', { type: 'password', id: 'key-pass', autocomplete: 'current-password' });
  const hexKey = h('input', { type: 'password', id: 'key-hex', autocomplete: 'off', spellcheck: 'false', placeholder: '0x…' });
  const keyForm = h('form', { class: 'card', id: 'key-login', 'aria-labelledby': 'key-h' },
    h('h2', { id: 'key-h' }, 'Key file'),
    h('p', {}, 'For identities this hospital registered: the keystore file handed out at registration (demo identities: DATA-DIR/demo, passphrase dualchain-demo). The node decrypts it in memory to sign the challenge and keeps nothing.'),
    field('Keystore file', file),
    field('Passphrase', pass),
    h('details', {}, h('summary', {}, 'Or a raw private key (public dev accounts only)'),
      field('Private key (hex)', hexKey, 'Account 0 of the dev seed is this hospital\'s admin.')),
    h('button', { type: 'submit' }, 'Sign in with key file'));
  keyForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(keyForm, async () => {
      const body = { passphrase: pass.value };
      if (file.files[0]) body.keystore = JSON.parse(await file.files[0].text());
      else if (hexKey.value.trim()) body.privateKey = hexKey.value.trim();
      else throw new Error('Choose a keystore file (or enter a private key).');
      await loggedIn(await api('POST', '/ui/login/key', body, { anonymous: true }));
    });
  });

  mount(h('h1', {}, 'Log in'), h('div', { class: 'grid2' }, walletForm, keyForm), selfRegisterForm());
}

// selfRegisterForm lets a patient register itself (no hospital: it then
// decides who may read its records), get its key file, and log in with it.
function selfRegisterForm() {
  const given = h('input', { id: 'self-given', required: true, autocomplete: 'given-name' });
  const family = h('input', { id: 'self-family', required: true, autocomplete: 'family-name' });
  const birth = h('input', { id: 'self-birth', type: 'date', required: true, autocomplete: 'bday' });
  const gender = h('select', { id: 'self-gender' }, ['female', 'male', 'other', 'unknown'].map((g) => h('option', { value: g }, g)));
  const pass = h('input', { id: 'self-pass', type: 'password', required: true, minlength: 8, autocomplete: 'new-password' });
  const form = h('form', { class: 'card', id: 'self-register', 'aria-labelledby': 'self-h' },
    h('h2', { id: 'self-h' }, 'New patient? Register yourself'),
    h('p', {}, 'You get an account on the working chain and a key file protected by your passphrase. Keep both: they are how you log in. No hospital can read your records until you grant it access.'),
    h('div', { class: 'grid2' }, h('div', {}, field('Given name', given), field('Family name', family)), h('div', {}, field('Birth date', birth), field('Gender', gender))),
    field('Passphrase for your key file', pass, 'At least 8 characters.'),
    h('button', { type: 'submit' }, 'Register and log in'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(form, async () => {
      const resource = { resourceType: 'Patient', active: true, name: [{ use: 'official', family: family.value.trim(), given: [given.value.trim()] }], gender: gender.value, birthDate: birth.value };
      const res = await api('POST', '/api/v1/patients', { resource, passphrase: pass.value }, { anonymous: true });
      download(`patient-${res.identity.address.toLowerCase()}.json`, JSON.stringify(res.keystore));
      await loggedIn(await api('POST', '/ui/login/key', { keystore: res.keystore, passphrase: pass.value }, { anonymous: true }));
    });
  });
  return form;
}

function utf8Hex(s) {
  return '0x' + Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, '0')).join('');
}
