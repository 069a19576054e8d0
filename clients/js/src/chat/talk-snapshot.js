// The talk list as this tab last saw it (the user's profile and each talk's name, head, sketch, time and unread),
// so a reload without a network still shows the talks, and through the outbox their unsent messages, while the
// session cannot resume. A picture, never a source: the first session after the reload replaces it with the
// server's state. Kept in sessionStorage per user, like the resume token it goes with (without a session to
// resume the app opens on the sign-in screen and never shows it), bounded to the latest talks, and removed on
// sign-out.

import { sessionStorageOrMemory } from '../platform.js';

const STORAGE_PREFIX = 'relink.talks.';
const MAX_TALKS = 50;
const MAX_TEXT = 100; // names and sketches are short already (a sketch is 30 characters): this only bounds odd input

const text = (value) => (typeof value === 'string' ? value.slice(0, MAX_TEXT) : '');
const count = (value) => (Number.isSafeInteger(value) && value >= 0 ? value : 0);
const time = (value) => {
  const at = typeof value === 'string' ? new Date(value) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
};

export class TalkSnapshot {
  #storage;
  #userId = null;
  #saveQueued = false;

  constructor(storage = sessionStorageOrMemory()) {
    this.#storage = storage;
  }

  /** Keeps the snapshot of this user from now on (a session began, or a reload showed the last one). */
  keepFor(userId) {
    this.#userId = userId;
  }

  /** Stops keeping it and removes what was stored (the user signed out). */
  forget() {
    if (this.#userId !== null) {
      this.#storage.removeItem(STORAGE_PREFIX + this.#userId);
    }
    this.#userId = null;
  }

  /**
   * Stores the state's talk list once the current burst of changes is over (a catch-up delivers many batches in
   * one go: one write for all of them).
   * @param {import('./chat-state.js').ChatState} state
   */
  saveSoon(state) {
    if (this.#saveQueued) {
      return;
    }
    this.#saveQueued = true;
    queueMicrotask(() => {
      this.#saveQueued = false;
      this.#save(state);
    });
  }

  /** The last stored snapshot of a user, shaped as a session state (no friends or groups), or null. */
  load(userId) {
    let stored;
    try {
      stored = JSON.parse(this.#storage.getItem(STORAGE_PREFIX + userId) ?? 'null');
    } catch {
      return null;
    }
    if (!stored || stored.profile?.userId !== userId || !Array.isArray(stored.talks)) {
      return null;
    }
    const talks = stored.talks
      .filter((t) => typeof t?.conversationId === 'string' && typeof t.peer?.kind === 'string' && typeof t.peer.id === 'string')
      .slice(0, MAX_TALKS)
      .map((t) => ({
        conversationId: t.conversationId,
        peer: { kind: t.peer.kind, id: t.peer.id },
        name: text(t.name),
        head: text(t.head),
        sketch: text(t.sketch),
        lastActivity: time(t.lastActivity),
        unread: count(t.unread),
        lastSeq: count(t.lastSeq),
        readSeq: count(t.readSeq),
      }));
    const profile = { userId, nickname: text(stored.profile.nickname), head: text(stored.profile.head) };
    // provisional: friends and groups are not in the picture, so nothing may be judged by their absence.
    return { profile, friends: [], groups: [], talks, provisional: true };
  }

  #save(state) {
    const me = state.me;
    if (this.#userId === null || me?.userId !== this.#userId) {
      return; // signed out meanwhile, or another user's state: nothing of it is kept
    }
    const snapshot = {
      profile: { userId: me.userId, nickname: me.nickname, head: me.head },
      talks: state.sortedTalks().slice(0, MAX_TALKS).map((t) => ({
        conversationId: t.conversationId,
        peer: t.peer,
        name: t.name,
        head: t.head,
        sketch: t.sketch,
        lastActivity: t.lastActivity?.toISOString() ?? null,
        unread: t.unread,
        lastSeq: t.lastSeq,
        readSeq: t.readSeq,
      })),
    };
    try {
      this.#storage.setItem(STORAGE_PREFIX + this.#userId, JSON.stringify(snapshot));
    } catch {
      // Storage full or disabled: only an offline reload loses its picture of the talk list.
    }
  }
}
