/**
 * A Storage-like map in memory (what a Node process or a page without storage keeps for its own life).
 * @returns {Storage}
 */
export function memoryStorage(): Storage;
/**
 * The page's sessionStorage (a tab's, surviving a reload), or storage in memory where there is none (Node, or a
 * browser that refuses storage).
 * @returns {Storage}
 */
export function sessionStorageOrMemory(): Storage;
/**
 * @typedef {object} PageEnvironment The page events the connection reacts to, each optional: without them (Node)
 *   nothing tells the client about the network or visibility, and the heartbeat alone finds a dead link.
 * @property {Pick<EventTarget, 'addEventListener'>} [window] 'online' and 'offline' events
 * @property {Pick<EventTarget, 'addEventListener'> & { visibilityState?: string }} [document] 'visibilitychange'
 * @property {{ onLine?: boolean }} [navigator] onLine === false: no network, so no attempt until 'online'
 */
/** The page's window, document and navigator where they exist (a browser); an empty environment elsewhere. */
export function pageEnvironment(): {
    window: Window & typeof globalThis;
    document: Document;
    navigator: Navigator;
};
/** Whether a page is hidden (a background tab); never in Node. */
export function isHidden(doc: any): boolean;
/**
 * The page events the connection reacts to, each optional: without them (Node)
 *   nothing tells the client about the network or visibility, and the heartbeat alone finds a dead link.
 */
export type PageEnvironment = {
    /**
     * 'online' and 'offline' events
     */
    window?: Pick<EventTarget, "addEventListener">;
    /**
     * 'visibilitychange'
     */
    document?: Pick<EventTarget, "addEventListener"> & {
        visibilityState?: string;
    };
    /**
     * onLine === false: no network, so no attempt until 'online'
     */
    navigator?: {
        onLine?: boolean;
    };
};
