/** Who may see a user's presence, as the server names the choices. */
export const PresenceAudience: Readonly<{
    EVERYONE: "PRESENCE_AUDIENCE_EVERYONE";
    FRIENDS: "PRESENCE_AUDIENCE_FRIENDS";
    NOBODY: "PRESENCE_AUDIENCE_NOBODY";
}>;
/**
 * @typedef {object} FriendPresence
 * @property {string} userId the friend
 * @property {'online' | 'offline' | 'hidden'} state hidden: they do not share it with this user
 * @property {Date | null} lastSeen when offline: when their last device was last heard from (null if unknown)
 */
export class Presence extends EventTarget {
    /** This user's own choice: one of PresenceAudience. @type {string} */
    audience: string;
    /**
     * A friend's presence as last told, or null when the server has not told it (not a friend).
     * @param {string} userId
     * @returns {FriendPresence | null}
     */
    of(userId: string): FriendPresence | null;
    /**
     * A session began: its answer replaces what the last one said, and each friend whose view changed is announced.
     * @param {{ userId?: string, state?: string, lastSeen?: string }[] | undefined} friendPresence the answer's friendPresence
     * @param {string | undefined} audience the answer's presenceAudience
     */
    applySession(friendPresence: {
        userId?: string;
        state?: string;
        lastSeen?: string;
    }[] | undefined, audience: string | undefined): void;
    /**
     * A `presence` push.
     * @param {{ userId?: string, state?: string, lastSeen?: string }} wire
     */
    apply(wire: {
        userId?: string;
        state?: string;
        lastSeen?: string;
    }): void;
    /**
     * This user's own choice, as the server last confirmed it ('audience' event).
     * @param {string} audience one of PresenceAudience
     */
    setAudience(audience: string): void;
    /** Signed out: this user's friends are nobody's business now. */
    reset(): void;
    #private;
}
export type FriendPresence = {
    /**
     * the friend
     */
    userId: string;
    /**
     * hidden: they do not share it with this user
     */
    state: "online" | "offline" | "hidden";
    /**
     * when offline: when their last device was last heard from (null if unknown)
     */
    lastSeen: Date | null;
};
