// One conversation's order. The cursor is the highest seq handed out; everything at or below it came out
// exactly once. A message at or below the cursor is a duplicate and dropped; cursor + 1 comes out at once and
// takes its waiting successors with it; anything further ahead waits, and the hole before it is pulled from
// the server (one pull at a time). Pure bookkeeping: no I/O.

export class ConversationSequencer {
  #waiting = new Map(); // seq -> message
  #capacity;

  /** The highest seq handed out. */
  cursor;
  /** The highest seq known to exist (messages seen, the talk list, history pages). */
  knownLastSeq;
  /** Whether a history pull for this conversation is under way. */
  pullInFlight = false;

  /**
   * @param {number} cursor the highest seq already handed out (or deliberately skipped)
   * @param {number} capacity how many out-of-order messages may wait; beyond that the server's store is the buffer
   */
  constructor(cursor, capacity = 512) {
    this.cursor = cursor;
    this.knownLastSeq = cursor;
    this.#capacity = capacity;
  }

  /** @returns {'duplicate' | 'accepted' | 'dropped'} */
  offer(message) {
    const seq = message.seq;
    if (seq <= this.cursor || this.#waiting.has(seq)) {
      return 'duplicate';
    }
    this.noteLastSeq(seq);
    if (this.#waiting.size >= this.#capacity && seq !== this.cursor + 1) {
      return 'dropped'; // it stays on the server; the pull after the hole fetches it again
    }
    this.#waiting.set(seq, message);
    return 'accepted';
  }

  /** Takes out the waiting messages that follow the cursor without a hole, in seq order. */
  drain() {
    const out = [];
    while (this.#waiting.has(this.cursor + 1)) {
      this.cursor += 1;
      out.push(this.#waiting.get(this.cursor));
      this.#waiting.delete(this.cursor);
    }
    return out;
  }

  noteLastSeq(seq) {
    this.knownLastSeq = Math.max(this.knownLastSeq, seq);
  }

  /** Whether messages exist after the cursor but the next one is not at hand. */
  get needsPull() {
    return this.cursor < this.knownLastSeq && !this.#waiting.has(this.cursor + 1);
  }

  /** Starts a pull of the hole after the cursor: the seq to pull after, or null (none needed, or one under way). */
  beginPull() {
    if (this.pullInFlight || !this.needsPull) {
      return null;
    }
    this.pullInFlight = true;
    return this.cursor;
  }

  endPull() {
    this.pullInFlight = false;
  }
}
