// Who this client is to the server between links: its device id and the resume token of the current session.
//
// In a browser tab (SessionCredentials), what survives a reload, and where:
// - localStorage "relink.installation": a random id for this browser profile;
// - sessionStorage "relink.tab": a random id for this tab (sessionStorage is per tab and survives a reload);
//   deviceId = installation + "." + tab. A tab is its own device because two tabs sharing a device id would
//   each treat the other's login as "my own half-open link" and knock each other off in turn.
// - sessionStorage "relink.resume": { userId, resumeToken } of the current session, replaced on every login and
//   resume (the server rotates the token each time). Gone when the tab closes.
// Elsewhere (Node, an app that names its device) Credentials keeps the same record in the storage it is given.
// The password is never stored: the connection keeps it in memory for the client's life (see connection.js).

import { memoryStorage, sessionStorageOrMemory } from '../platform.js';

const INSTALLATION_KEY = 'relink.installation';
const TAB_KEY = 'relink.tab';
const RESUME_KEY = 'relink.resume';
const LOCK_WAIT_MS = 1000;

function randomId(bytes) {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A device id and the stored session of the device: what a reconnect needs to resume. */
export class Credentials {
  #storage;

  /** This device's id (delivery cursors are kept per device on the server). */
  deviceId;

  /**
   * @param {{ deviceId?: string, storage?: Storage }} [options] deviceId: a random one when not given (a new device
   *   each run); storage: where the resume token is kept (in memory by default: it lasts as long as the client)
   */
  constructor({ deviceId = 'js-' + randomId(8), storage = memoryStorage() } = {}) {
    this.deviceId = deviceId;
    this.#storage = storage;
  }

  /** The stored session, or null. */
  loadResume() {
    try {
      const stored = JSON.parse(this.#storage.getItem(RESUME_KEY) ?? 'null');
      return stored && typeof stored.userId === 'string' && typeof stored.resumeToken === 'string' ? stored : null;
    } catch {
      return null;
    }
  }

  saveResume(userId, resumeToken) {
    this.#storage.setItem(RESUME_KEY, JSON.stringify({ userId, resumeToken }));
  }

  clearResume() {
    this.#storage.removeItem(RESUME_KEY);
  }
}

/** A browser tab's credentials: a device per tab, the session kept in the tab's sessionStorage. */
export class SessionCredentials extends Credentials {
  #local;
  #session;

  constructor(local = globalThis.localStorage, session = sessionStorageOrMemory()) {
    super({ deviceId: '', storage: session });
    this.#local = local;
    this.#session = session;
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
    this.deviceId = installation + '.' + tab;
  }
}

/**
 * Takes a lock named after the device id and keeps it until the tab goes; false when another tab holds it. Waits
 * a moment for it: a reloading tab's previous document may not have let go yet.
 */
function holdLock(name) {
  if (!globalThis.navigator?.locks) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    navigator.locks.request('relink.device.' + name, { signal: AbortSignal.timeout(LOCK_WAIT_MS) }, () => {
      resolve(true);
      return new Promise(() => {}); // never settles: held until the tab closes
    }).catch(() => resolve(false)); // timed out: a live tab has this id
  });
}
