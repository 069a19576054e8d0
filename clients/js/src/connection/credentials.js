// What survives a reload, and where:
// - localStorage "relink.installation": a random id for this browser profile;
// - sessionStorage "relink.tab": a random id for this tab (sessionStorage is per tab and survives a reload);
//   deviceId = installation + "." + tab. A tab is its own device because two tabs sharing a device id would
//   each treat the other's login as "my own half-open link" and knock each other off in turn.
// - sessionStorage "relink.resume": { userId, resumeToken } of the current session, replaced on every login and
//   resume (the server rotates the token each time). Gone when the tab closes.
// The password is never stored: the connection keeps it in memory for the tab's life (see connection.js).

const INSTALLATION_KEY = 'relink.installation';
const TAB_KEY = 'relink.tab';
const RESUME_KEY = 'relink.resume';
const LOCK_WAIT_MS = 1000;

function randomId(bytes) {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class SessionCredentials {
  #local;
  #session;
  #deviceId = '';

  constructor(local = window.localStorage, session = window.sessionStorage) {
    this.#local = local;
    this.#session = session;
  }

  /** This tab's device id (call claimDevice first). */
  get deviceId() {
    return this.#deviceId;
  }

  /**
   * Settles this tab's device id. "Duplicate tab" copies sessionStorage, so a tab id can already be in use by a
   * live tab: a Web Lock held for the tab's life detects that, and the copy takes a fresh id. (Web Locks exist
   * only in secure contexts, which includes http://localhost; elsewhere the check is skipped.)
   */
  async claimDevice() {
    let installation = this.#local.getItem(INSTALLATION_KEY);
    if (!installation) {
      installation = 'web-' + randomId(8);
      this.#local.setItem(INSTALLATION_KEY, installation);
    }
    let tab = this.#session.getItem(TAB_KEY);
    if (!tab || !(await holdLock(installation + '.' + tab))) {
      tab = randomId(4);
      this.#session.setItem(TAB_KEY, tab);
      await holdLock(installation + '.' + tab);
    }
    this.#deviceId = installation + '.' + tab;
  }

  /** The stored session, or null. */
  loadResume() {
    try {
      const stored = JSON.parse(this.#session.getItem(RESUME_KEY) ?? 'null');
      return stored && typeof stored.userId === 'string' && typeof stored.resumeToken === 'string' ? stored : null;
    } catch {
      return null;
    }
  }

  saveResume(userId, resumeToken) {
    this.#session.setItem(RESUME_KEY, JSON.stringify({ userId, resumeToken }));
  }

  clearResume() {
    this.#session.removeItem(RESUME_KEY);
  }
}

/**
 * Takes a lock named after the device id and keeps it until the tab goes; false when another tab holds it. Waits
 * a moment for it: a reloading tab's previous document may not have let go yet.
 */
function holdLock(name) {
  if (!navigator.locks) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    navigator.locks.request('relink.device.' + name, { signal: AbortSignal.timeout(LOCK_WAIT_MS) }, () => {
      resolve(true);
      return new Promise(() => {}); // never settles: held until the tab closes
    }).catch(() => resolve(false)); // timed out: a live tab has this id
  });
}
