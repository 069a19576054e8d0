// Friends' presence as the server lets this user see it: every friend's at the start of each session (login or
// resume), then each change the server pushes. Nothing is timed here: the server sends "offline" only once a friend's
// last device has been gone for its dead-link timeout plus a grace, so a friend whose link flaps never flickers.

/** Who may see a user's presence, as the server names the choices. */
export const PresenceAudience = Object.freeze({
  EVERYONE: 'PRESENCE_AUDIENCE_EVERYONE',
  FRIENDS: 'PRESENCE_AUDIENCE_FRIENDS',
  NOBODY: 'PRESENCE_AUDIENCE_NOBODY',
});

/**
 * @typedef {object} FriendPresence
 * @property {string} userId the friend
 * @property {'online' | 'offline' | 'hidden'} state hidden: they do not share it with this user
 * @property {Date | null} lastSeen when offline: when their last device was last heard from (null if unknown)
 */

export class Presence extends EventTarget {
  /** @type {Map<string, FriendPresence>} */
  #friends = new Map();
  /** This user's own choice: one of PresenceAudience. @type {string} */
  audience = PresenceAudience.FRIENDS;

  /**
   * A friend's presence as last told, or null when the server has not told it (not a friend).
   * @param {string} userId
   * @returns {FriendPresence | null}
   */
  of(userId) {
    return this.#friends.get(userId) ?? null;
  }

  /**
   * A session began: its answer replaces what the last one said, and each friend whose view changed is announced.
   * @param {{ userId?: string, state?: string, lastSeen?: string }[] | undefined} friendPresence the answer's friendPresence
   * @param {string | undefined} audience the answer's presenceAudience
   */
  applySession(friendPresence, audience) {
    this.setAudience(audience || PresenceAudience.FRIENDS);
    const before = this.#friends;
    this.#friends = new Map();
    for (const wire of friendPresence ?? []) {
      const presence = fromWire(wire);
      this.#friends.set(presence.userId, presence);
      if (!same(before.get(presence.userId), presence)) {
        this.#changed(presence);
      }
    }
  }

  /**
   * A `presence` push.
   * @param {{ userId?: string, state?: string, lastSeen?: string }} wire
   */
  apply(wire) {
    const presence = fromWire(wire);
    this.#friends.set(presence.userId, presence);
    this.#changed(presence);
  }

  /**
   * This user's own choice, as the server last confirmed it ('audience' event).
   * @param {string} audience one of PresenceAudience
   */
  setAudience(audience) {
    this.audience = audience;
    this.dispatchEvent(new CustomEvent('audience', { detail: audience }));
  }

  /** Signed out: this user's friends are nobody's business now. */
  reset() {
    this.#friends.clear();
    this.audience = PresenceAudience.FRIENDS;
  }

  #changed(presence) {
    this.dispatchEvent(new CustomEvent('change', { detail: presence }));
  }
}

function fromWire(wire) {
  const state = wire?.state === 'PRESENCE_STATE_ONLINE' ? 'online' : wire?.state === 'PRESENCE_STATE_OFFLINE' ? 'offline' : 'hidden';
  return {
    userId: wire?.userId ?? '',
    state,
    lastSeen: state === 'offline' && wire?.lastSeen ? new Date(wire.lastSeen) : null,
  };
}

function same(a, b) {
  return a !== undefined && a.state === b.state && (a.lastSeen?.getTime() ?? null) === (b.lastSeen?.getTime() ?? null);
}
