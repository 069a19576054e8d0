// One conversation's order. The cursor is the highest seq handed out; everything at or below it came out
// exactly once. A message at or below the cursor is a duplicate and dropped; cursor + 1 comes out at once and
// takes its waiting successors with it; anything further ahead waits, and the hole before it is pulled from
// the server (one pull at a time). A conversation whose cursor is not known yet (first met in a push) hands out
// nothing and pulls nothing until learnCursor says where this device starts. Pure bookkeeping: no I/O.

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
   * Whether this device's delivery cursor is known. A conversation first met in a push cannot start at that push:
   * pushes of one conversation may arrive out of seq order (two senders' messages stored together), so an earlier
   * one may still be on its way, and starting after it would drop it as a duplicate and acknowledge past it.
   */
  cursorKnown;

  /**
   * @param {number} cursor the highest seq already handed out (or deliberately skipped)
   * @param {number} capacity how many out-of-order messages may wait; beyond that the server's store is the buffer
   * @param {boolean} cursorKnown false: messages wait, whatever their seq, until learnCursor
   */
  constructor(cursor, capacity = 512, cursorKnown = true) {
    this.cursor = cursor;
    this.knownLastSeq = cursor;
    this.#capacity = capacity;
    this.cursorKnown = cursorKnown;
  }

  /** Where this device's delivery starts (a conversation first met in a push): waiting messages at or below it are dropped. */
  learnCursor(cursor) {
    this.cursorKnown = true;
    this.cursor = Math.max(this.cursor, cursor);
    this.noteLastSeq(this.cursor);
    for (const seq of this.#waiting.keys()) {
      if (seq <= this.cursor) {
        this.#waiting.delete(seq);
      }
    }
  }

  /**
   * The server has nothing this user may see up to seq (a group's history before their join): the cursor moves
   * there, as if those seqs had been handed out.
   */
  skipHidden(seq) {
    this.learnCursor(seq);
  }

  /** Whether messages wait for the cursor to be learnt. */
  get holding() {
    return !this.cursorKnown && this.#waiting.size > 0;
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
    while (this.cursorKnown && this.#waiting.has(this.cursor + 1)) {
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
    return this.cursorKnown && this.cursor < this.knownLastSeq && !this.#waiting.has(this.cursor + 1);
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
