// Request correlation over one transport: every request gets a non-zero requestId and exactly one answer with
// the same id (its *Ok body or an Error). Envelopes without a pending id are pushes. When the transport
// closes, every pending request fails with CLIENT_LINK_CLOSED: it may or may not have been applied, which is
// why message sends carry an idempotency key (see outbox.js).

import { RelinkError, bodyOf, errorFromBody } from '../protocol/envelope.js';

const MAX_REQUEST_ID = 0xffffffff;

export class RequestLink {
  #transport;
  #onPush;
  #timeoutMs;
  #pending = new Map();
  #nextId = 1;
  #closed = false;

  /** Called on every envelope written and read, for the heartbeat. */
  onWrite = () => {};
  onRead = () => {};

  /**
   * @param {{ send: (envelope: object) => boolean }} transport
   * @param {{ onPush: (name: string, body: object, envelope: object) => void, requestTimeoutMs: number }} options
   */
  constructor(transport, { onPush, requestTimeoutMs }) {
    this.#transport = transport;
    this.#onPush = onPush;
    this.#timeoutMs = requestTimeoutMs;
  }

  /** Sends a request and resolves with the answer's body; rejects with a RelinkError. */
  request(name, body = {}) {
    if (this.#closed) {
      return Promise.reject(new RelinkError('CLIENT_LINK_CLOSED', 'Not connected.'));
    }
    const requestId = this.#takeId();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new RelinkError('CLIENT_TIMEOUT', `No answer to ${name} in time.`));
      }, this.#timeoutMs);
      this.#pending.set(requestId, { resolve, reject, timer });
      if (!this.#write({ requestId, [name]: body })) {
        this.#settle(requestId, (p) => p.reject(new RelinkError('CLIENT_LINK_CLOSED', 'Not connected.')));
      }
    });
  }

  /**
   * Sends without waiting for an answer: an ack (no answer when it succeeds) or a heartbeat ping (its pong only
   * matters as "something was read"). Each still gets an id of its own, because the server refuses requests with
   * id 0; an error about it arrives with that id, which no request waits for, so it goes to the push handler.
   */
  post(name, body = {}) {
    return this.#write({ requestId: this.#takeId(), [name]: body });
  }

  /** Hands one received envelope to its waiting request, or to the push handler. */
  receive(envelope) {
    this.onRead();
    const [name, body] = bodyOf(envelope);
    const requestId = envelope.requestId ?? 0;
    if (requestId !== 0 && this.#pending.has(requestId)) {
      this.#settle(requestId, (p) => (name === 'error' ? p.reject(errorFromBody(body)) : p.resolve(body)));
      return;
    }
    if (requestId !== 0 && name === 'pong') {
      return; // the answer to one of our heartbeat pings
    }
    this.#onPush(name, body, envelope);
  }

  /** Fails every pending request; later requests fail at once. */
  close() {
    this.#closed = true;
    for (const requestId of [...this.#pending.keys()]) {
      this.#settle(requestId, (p) => p.reject(new RelinkError('CLIENT_LINK_CLOSED', 'The connection was lost before the answer came.')));
    }
  }

  #write(envelope) {
    if (this.#closed || !this.#transport.send(envelope)) {
      return false;
    }
    this.onWrite();
    return true;
  }

  #settle(requestId, action) {
    const pending = this.#pending.get(requestId);
    if (pending) {
      this.#pending.delete(requestId);
      clearTimeout(pending.timer);
      action(pending);
    }
  }

  #takeId() {
    const id = this.#nextId;
    this.#nextId = id >= MAX_REQUEST_ID ? 1 : id + 1;
    return id;
  }
}
