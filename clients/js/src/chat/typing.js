// Who is typing where, from the server's typing notices, and this user's own typing signals, throttled. Ephemeral:
// nothing here is stored. Each entry expires by the time to live its notice carried, on one timer armed for the
// earliest expiry (not a timer per conversation); a PAUSED notice or a message from the typist ends it sooner.

/** How often a repeated "typing" goes out: the server's default typing interval (it drops faster repeats). */
export const TYPING_REPEAT_MS = 3000;

export class Typing extends EventTarget {
  /** conversationId -> Map(userId -> { userId, nickname, expiresAt }) */
  #typing = new Map();
  /** conversationId -> { typing, at }: this user's last signal sent there */
  #sent = new Map();
  #timer = null;
  #send;
  #now;

  /**
   * @param {{ send: (peer: object, typing: boolean) => unknown, now?: () => number }} options
   *   send: posts a typing signal (fire and forget), false when it could not (offline); now: the clock, in
   *   milliseconds (tests replace it)
   */
  constructor({ send, now = () => Date.now() }) {
    super();
    this.#send = send;
    this.#now = now;
  }

  /** The users typing in a conversation, in the order they started: [{ userId, nickname }]. */
  typingIn(conversationId) {
    return [...(this.#typing.get(conversationId)?.values() ?? [])].map(({ userId, nickname }) => ({ userId, nickname }));
  }

  /**
   * Tells the conversation's other participants that this user types (true) or stopped without sending (false).
   * Call it on every input event: a repeated "typing" goes out at most every 3 s, "stopped" only after a "typing".
   */
  signal(conversationId, peer, typing) {
    const now = this.#now();
    const last = this.#sent.get(conversationId);
    const due = typing ? !last?.typing || now - last.at >= TYPING_REPEAT_MS : last?.typing === true;
    // Recorded only when it went out: a signal dropped offline does not hold back the first one after the reconnect.
    if (due && this.#send(peer, typing) !== false) {
      this.#sent.set(conversationId, { typing, at: now });
    }
  }

  /** After a message of ours: the next keystroke starts a fresh "typing" (receivers ended ours on the message). */
  sentMessage(conversationId) {
    this.#sent.delete(conversationId);
  }

  /** Applies a typing notice: { conversationId, userId, nickname, typing, ttlMs }. */
  apply({ conversationId, userId, nickname, typing, ttlMs }) {
    const users = this.#typing.get(conversationId);
    if (!typing) {
      this.stopped(conversationId, userId);
      return;
    }
    const renewal = users?.has(userId) === true;
    const entry = { userId, nickname: nickname || userId, expiresAt: this.#now() + Math.max(0, ttlMs || 6000) };
    if (users) {
      users.set(userId, entry);
    } else {
      this.#typing.set(conversationId, new Map([[userId, entry]]));
    }
    this.#arm();
    if (!renewal) {
      this.#changed(conversationId);
    }
  }

  /** Ends a user's typing in a conversation (their message arrived). */
  stopped(conversationId, userId) {
    const users = this.#typing.get(conversationId);
    if (users?.delete(userId)) {
      if (users.size === 0) {
        this.#typing.delete(conversationId);
      }
      this.#arm();
      this.#changed(conversationId);
    }
  }

  /** Forgets everything (signed out, another user). */
  reset() {
    clearTimeout(this.#timer);
    this.#timer = null;
    const conversations = [...this.#typing.keys()];
    this.#typing.clear();
    this.#sent.clear();
    conversations.forEach((id) => this.#changed(id));
  }

  #expire() {
    this.#timer = null;
    const now = this.#now();
    for (const [conversationId, users] of [...this.#typing]) {
      let changed = false;
      for (const [userId, entry] of [...users]) {
        if (entry.expiresAt <= now) {
          users.delete(userId);
          changed = true;
        }
      }
      if (users.size === 0) {
        this.#typing.delete(conversationId);
      }
      if (changed) {
        this.#changed(conversationId);
      }
    }
    this.#arm();
  }

  // One timer, for the earliest expiry.
  #arm() {
    clearTimeout(this.#timer);
    this.#timer = null;
    let earliest = Infinity;
    for (const users of this.#typing.values()) {
      for (const { expiresAt } of users.values()) {
        earliest = Math.min(earliest, expiresAt);
      }
    }
    if (earliest !== Infinity) {
      this.#timer = setTimeout(() => this.#expire(), Math.max(0, earliest - this.#now()));
    }
  }

  #changed(conversationId) {
    this.dispatchEvent(new CustomEvent('change', { detail: { conversationId, typing: this.typingIn(conversationId) } }));
  }
}
