// Delivery cursors go to the server in batches: per conversation only the highest delivered seq counts, sent
// ~200 ms after the first delivery of a batch (an ack costs the server a store write; one per message would be
// wasteful). Acks are fire-and-forget; a batch that cannot be sent (offline) waits for the next session.

const MAX_CURSORS_PER_ACK = 256; // the server's limit per AckRequest

export class AckBatcher {
  #cursors = new Map(); // conversationId -> seq
  #timer = null;
  #send;
  #delayMs;

  /** @param {{ send: (cursors: {conversationId: string, seq: number}[]) => boolean, delayMs?: number }} options */
  constructor({ send, delayMs = 200 }) {
    this.#send = send;
    this.#delayMs = delayMs;
  }

  record(conversationId, seq) {
    if (seq > (this.#cursors.get(conversationId) ?? 0)) {
      this.#cursors.set(conversationId, seq);
    }
    if (this.#timer === null) {
      this.#timer = setTimeout(() => this.flush(), this.#delayMs);
    }
  }

  /** Sends what is recorded now; keeps it when the link is down. */
  flush() {
    clearTimeout(this.#timer);
    this.#timer = null;
    const all = [...this.#cursors].map(([conversationId, seq]) => ({ conversationId, seq }));
    for (let i = 0; i < all.length; i += MAX_CURSORS_PER_ACK) {
      const batch = all.slice(i, i + MAX_CURSORS_PER_ACK);
      if (!this.#send(batch)) {
        return;
      }
      for (const cursor of batch) {
        if (this.#cursors.get(cursor.conversationId) === cursor.seq) {
          this.#cursors.delete(cursor.conversationId);
        }
      }
    }
  }

  clear() {
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#cursors.clear();
  }
}
