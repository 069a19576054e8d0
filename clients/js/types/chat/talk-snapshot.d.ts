export class TalkSnapshot {
    constructor(storage?: Storage);
    /** Keeps the snapshot of this user from now on (a session began, or a reload showed the last one). */
    keepFor(userId: any): void;
    /** Stops keeping it and removes what was stored (the user signed out). */
    forget(): void;
    /**
     * Stores the state's talk list once the current burst of changes is over (a catch-up delivers many batches in
     * one go: one write for all of them).
     * @param {import('./chat-state.js').ChatState} state
     */
    saveSoon(state: import("./chat-state.js").ChatState): void;
    /** The last stored snapshot of a user, shaped as a session state (no friends or groups), or null. */
    load(userId: any): {
        profile: {
            userId: any;
            nickname: string;
            head: string;
        };
        friends: any[];
        groups: any[];
        talks: any;
        provisional: boolean;
    };
    #private;
}
