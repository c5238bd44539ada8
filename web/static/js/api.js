// The JSON API client: bearer token from the login, errors turned into
// messages users can read (RFC 9457 problem details or a FHIR
// OperationOutcome).

const KEY = 'dualchain.session';

/** session returns {token, address, expiresAt} or null. */
export function session() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY));
    if (s && s.token && new Date(s.expiresAt) > new Date()) return s;
  } catch { /* no session */ }
  return null;
}

export function setSession(s) {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

/** ApiError is a failed API call: status and the server's message. */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** errorText extracts the message of a problem+json or OperationOutcome body. */
export function errorText(status, text) {
  try {
    const b = JSON.parse(text);
    if (b.resourceType === 'OperationOutcome') {
      return (b.issue || []).map((i) => ((i.expression || []).length ? i.expression.join(', ') + ': ' : '') + (i.diagnostics || i.code)).join('; ');
    }
    if (b.detail || b.title) return (b.title && b.title !== b.detail ? b.title + ': ' : '') + (b.detail || '');
  } catch { /* not JSON */ }
  return text.trim().slice(0, 300) || 'HTTP ' + status;
}

/**
 * api calls the node. body is sent as JSON; the answer is parsed as JSON
 * unless opts.text. Throws ApiError on any status ≥ 400.
 */
export async function api(method, path, body, opts = {}) {
  const headers = {};
  const s = session();
  if (s && !opts.anonymous) headers.Authorization = 'Bearer ' + s.token;
  if (body !== undefined) headers['Content-Type'] = path.startsWith('/fhir') ? 'application/fhir+json' : 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'cannot reach the node (' + e.message + '): is dualchain up running?');
  }
  const text = await res.text();
  if (res.status === 401 && headers.Authorization) {
    // The node no longer knows the token (expired, or the node restarted).
    setSession(null);
    window.dispatchEvent(new Event('dualchain:logged-out'));
    throw new ApiError(401, 'Your login has expired or the node restarted: log in again.', text);
  }
  if (!res.ok) {
    const msg = errorText(res.status, text);
    throw new ApiError(res.status, `${method} ${path.split('?')[0]} failed (${res.status}): ${msg}`, text);
  }
  if (opts.text) return text;
  if (opts.withHeaders) return { body: text ? JSON.parse(text) : null, headers: res.headers };
  return text ? JSON.parse(text) : null;
}

/** resources returns the resources of a FHIR Bundle. */
export function resources(bundle) {
  return ((bundle && bundle.entry) || []).map((e) => e.resource).filter(Boolean);
}
