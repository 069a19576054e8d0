// The admin API (/admin/api) as the console uses it. The sign-in lives in an HttpOnly cookie this script never
// sees; every change carries the X-Relink-Admin header, which the server requires so that another site's page
// cannot make the browser act with that cookie.

/** Thrown for an answer that is not 2xx; `status` is the HTTP status, the message is the server's explanation. */
export class AdminApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path, body) {
  const response = await fetch(`api/${path}`, {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: body === undefined ? { 'X-Relink-Admin': '1' } : { 'X-Relink-Admin': '1', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) {
    return null;
  }
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    throw new AdminApiError(response.status, json?.detail ?? json?.title ?? `HTTP ${response.status}`);
  }
  return json;
}

export const adminApi = {
  /** Who is signed in (401 when nobody). */
  whoAmI: () => call('GET', 'session'),
  /** Signs in with { userId, password } or { token }. */
  signIn: (credentials) => call('POST', 'session', credentials),
  signOut: () => call('DELETE', 'session'),
  status: () => call('GET', 'status'),
  /** A page of users: online ones only (from the server's sessions), or every account (from the store). */
  users: ({ q, online, offset, limit }) =>
    call('GET', `users?${new URLSearchParams({ q, online: String(online), offset: String(offset), limit: String(limit) })}`),
  /** action: sign-out, revoke-tokens, disable or enable. */
  act: (userId, action) => call('POST', `users/${encodeURIComponent(userId)}/${action}`),
  /** Chart samples taken after `after` (a sample's seq; 0 for every kept one). */
  charts: (after) => call('GET', `charts?after=${after}`),
};
