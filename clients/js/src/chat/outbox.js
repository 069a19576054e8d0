// Messages the user wrote that the server has not stored in order yet. Each gets a clientMsgId when typed and
// keeps it for every retry, so a send that did reach the server before the link died is stored once (the
// server answers a repeated id with the original). Entries go out in the order typed, pipelined on the live
// link (the server handles one connection's requests in order).
//
// Entry states: pending (waiting for a link) -> sending -> sent (stored; waiting for its turn in the inbox) ->
// gone; or failed (the server refused it: shown with a retry button). A link lost while sending puts the entry
// back to pending. Entries survive a reload in sessionStorage, per user.
//
// A send refused for going too fast (RATE_LIMITED: the connection's send budget, docs/protocol.md §3.5) is not a
// failure: it holds the outbox. The server refuses every later send on the connection too until the refused one
// comes back, so the refused entry and everything written after it go back to pending and out again, in order,
// after a wait. RATE_LIMITED carries no "retry after": the wait is 0.1 s, doubling to 5 s, as the .NET SDK waits.
// The budget refills at 50 a second by default, so one wait is normally enough; after 10 tries (about 25 s) the
// entry fails, so a server that refuses everything cannot hold the outbox forever.

import { sessionStorageOrMemory } from '../platform.js';
import { ErrorCode, RelinkError, normalizeMessage } from '../protocol/envelope.js';

const STORAGE_PREFIX = 'relink.outbox.';
const FIRST_RATE_WAIT_MS = 100;
const LONGEST_RATE_WAIT_MS = 5000;
const MAX_RATE_TRIES = 10;

export function newClientMsgId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'w' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class Outbox extends EventTarget {
  #entries = [];
  #send;
  #canSend;
  #storage;
  #capacity;
  #userId = null;
  #wireCount = 0; // numbers each write, so a hold knows which sends went out after the refused one
  #holdTimer = null; // set while a refusal for rate holds the outbox: nothing goes out until it fires

  /**
   * @param {{ send: (request: object) => Promise<object>, canSend: () => boolean, storage?: Storage, capacity?: number }} options
   */
  constructor({ send, canSend, storage = sessionStorageOrMemory(), capacity = 500 }) {
    super();
    this.#send = send;
    this.#canSend = canSend;
    this.#storage = storage;
    this.#capacity = capacity;
  }

  /** Switches to a user's outbox, restoring what a reload left. */
  load(userId) {
    this.#userId = userId;
    this.#endHold();
    let stored = [];
    try {
      stored = JSON.parse(this.#storage.getItem(STORAGE_PREFIX + userId) ?? '[]');
    } catch {
      stored = [];
    }
    // What was on its way or stored-but-unseen when the page went is sent again: the server deduplicates it.
    this.#entries = stored.map((e) => ({ ...e, state: e.state === 'failed' ? 'failed' : 'pending', createdAt: new Date(e.createdAt) }));
    this.#changed(null);
  }

  /** Entries of one conversation, in the order typed. */
  entriesOf(conversationId) {
    return this.#entries.filter((e) => e.conversationId === conversationId);
  }

  /** Queues a message; null when the outbox is full (the user is told, nothing is lost silently). */
  enqueue({ peer, conversationId, type, text }) {
    if (this.#entries.length >= this.#capacity) {
      return null;
    }
    const entry = { clientMsgId: newClientMsgId(), peer, conversationId, type, text, state: 'pending', error: '', createdAt: new Date() };
    this.#entries.push(entry);
    this.#changed(conversationId);
    this.flush();
    return entry;
  }

  /** Sends every pending entry, in order, when a session is up and no refusal for rate holds the outbox. */
  flush() {
    if (!this.#canSend() || this.#holdTimer !== null) {
      return;
    }
    for (const entry of this.#entries) {
      if (entry.state === 'pending') {
        void this.#sendOne(entry);
      }
    }
  }

  /** Sends a failed entry again, with its original clientMsgId. */
  retry(clientMsgId) {
    const entry = this.#entries.find((e) => e.clientMsgId === clientMsgId);
    if (entry && entry.state === 'failed') {
      entry.state = 'pending';
      entry.error = '';
      this.#changed(entry.conversationId);
      this.flush();
    }
  }

  /** The stored message with this id has been shown in its place: the entry is done. */
  settle(clientMsgId) {
    const index = this.#entries.findIndex((e) => e.clientMsgId === clientMsgId);
    if (index >= 0) {
      const [entry] = this.#entries.splice(index, 1);
      this.#changed(entry.conversationId);
    }
  }

  has(clientMsgId) {
    return this.#entries.some((e) => e.clientMsgId === clientMsgId);
  }

  async #sendOne(entry) {
    entry.state = 'sending';
    const wire = ++this.#wireCount;
    entry.wire = wire;
    this.#changed(entry.conversationId);
    let message;
    try {
      const answer = await this.#send({ clientMsgId: entry.clientMsgId, to: entry.peer, type: entry.type, text: entry.text });
      message = normalizeMessage(answer.message ?? {});
    } catch (e) {
      if (!this.#entries.includes(entry) || entry.wire !== wire || entry.state !== 'sending') {
        return; // a hold put it back (refused after the message that took the hold): it goes out again in its turn
      }
      if (e instanceof RelinkError && e.code === ErrorCode.RATE_LIMITED && this.#holdForRate(entry)) {
        return;
      }
      const linkFailure = e instanceof RelinkError && e.isLinkFailure;
      entry.state = linkFailure ? 'pending' : 'failed';
      entry.error = linkFailure ? '' : e.message;
      this.#changed(entry.conversationId);
      if (!linkFailure) {
        this.dispatchEvent(new CustomEvent('failed', { detail: { entry, error: e } }));
      }
      if (e.code === 'CLIENT_TIMEOUT') {
        this.flush(); // the link may still be up (a slow server): the same id again is safe
      }
      return;
    }
    if (!this.#entries.includes(entry)) {
      return; // already seen in the conversation (a catch-up brought it first)
    }
    entry.state = 'sent'; // stored, even if a hold had put it back meanwhile: it need not go out again
    entry.seq = message.seq;
    this.#changed(entry.conversationId);
    this.dispatchEvent(new CustomEvent('stored', { detail: { entry, message } }));
  }

  /**
   * The server refused this send for rate: it and every send written after it (refused too, their answers on the
   * way) go back to pending, and the outbox waits before sending them again in order. False when the entry has
   * had its tries: it fails with the refusal.
   */
  #holdForRate(entry) {
    const tries = entry.rateTries ?? 0;
    if (tries >= MAX_RATE_TRIES) {
      return false;
    }
    if (this.#holdTimer === null) {
      entry.rateTries = tries + 1;
      const waitMs = Math.min(LONGEST_RATE_WAIT_MS, FIRST_RATE_WAIT_MS * 2 ** tries);
      this.#holdTimer = setTimeout(() => {
        this.#holdTimer = null;
        this.flush();
      }, waitMs);
    }
    const changed = new Set();
    for (const e of this.#entries) {
      if (e.state === 'sending' && e.wire >= entry.wire) {
        e.state = 'pending';
        changed.add(e.conversationId);
      }
    }
    for (const conversationId of changed) {
      this.#changed(conversationId);
    }
    return true;
  }

  #endHold() {
    clearTimeout(this.#holdTimer);
    this.#holdTimer = null;
  }

  #changed(conversationId) {
    if (this.#userId !== null) {
      const kept = this.#entries.map(({ clientMsgId, peer, conversationId: id, type, text, state, createdAt }) =>
        ({ clientMsgId, peer, conversationId: id, type, text, state, createdAt }));
      try {
        this.#storage.setItem(STORAGE_PREFIX + this.#userId, JSON.stringify(kept));
      } catch {
        // Storage full or disabled: the entries still live in memory for this page's life.
      }
    }
    this.dispatchEvent(new CustomEvent('change', { detail: { conversationId } }));
  }
}
