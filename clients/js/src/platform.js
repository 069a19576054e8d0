// What the platform offers, looked up when used rather than when a module loads, so that every module runs in a
// browser and in Node alike: a page's storage and its network, visibility and lock events where they exist, an
// in-memory stand-in for storage where they do not.

/**
 * A Storage-like map in memory (what a Node process or a page without storage keeps for its own life).
 * @returns {Storage}
 */
export function memoryStorage() {
  const items = new Map();
  return /** @type {Storage} */ ({
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
    key: (index) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
  });
}

/**
 * The page's sessionStorage (a tab's, surviving a reload), or storage in memory where there is none (Node, or a
 * browser that refuses storage).
 * @returns {Storage}
 */
export function sessionStorageOrMemory() {
  try {
    if (globalThis.sessionStorage) {
      return globalThis.sessionStorage;
    }
  } catch {
    // Storage disabled (a sandboxed frame): reading the property throws.
  }
  return memoryStorage();
}

/**
 * @typedef {object} PageEnvironment The page events the connection reacts to, each optional: without them (Node)
 *   nothing tells the client about the network or visibility, and the heartbeat alone finds a dead link.
 * @property {Pick<EventTarget, 'addEventListener'>} [window] 'online' and 'offline' events
 * @property {Pick<EventTarget, 'addEventListener'> & { visibilityState?: string }} [document] 'visibilitychange'
 * @property {{ onLine?: boolean }} [navigator] onLine === false: no network, so no attempt until 'online'
 */

/** The page's window, document and navigator where they exist (a browser); an empty environment elsewhere. */
export function pageEnvironment() {
  return {
    window: typeof window === 'undefined' ? undefined : window,
    document: typeof document === 'undefined' ? undefined : document,
    navigator: typeof navigator === 'undefined' ? undefined : navigator,
  };
}

/** Whether a page is hidden (a background tab); never in Node. */
export function isHidden(doc) {
  return doc?.visibilityState !== undefined && doc.visibilityState !== 'visible';
}
