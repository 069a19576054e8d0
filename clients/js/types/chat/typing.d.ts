/** How often a repeated "typing" goes out: the server's default typing interval (it drops faster repeats). */
export const TYPING_REPEAT_MS: 3000;
export class Typing extends EventTarget {
    /**
     * @param {{ send: (peer: object, typing: boolean) => unknown, now?: () => number }} options
     *   send: posts a typing signal (fire and forget), false when it could not (offline); now: the clock, in
     *   milliseconds (tests replace it)
     */
    constructor({ send, now }: {
        send: (peer: object, typing: boolean) => unknown;
        now?: () => number;
    });
    /** The users typing in a conversation, in the order they started: [{ userId, nickname }]. */
    typingIn(conversationId: any): {
        userId: any;
        nickname: any;
    }[];
    /**
     * Tells the conversation's other participants that this user types (true) or stopped without sending (false).
     * Call it on every input event: a repeated "typing" goes out at most every 3 s, "stopped" only after a "typing".
     */
    signal(conversationId: any, peer: any, typing: any): void;
    /** After a message of ours: the next keystroke starts a fresh "typing" (receivers ended ours on the message). */
    sentMessage(conversationId: any): void;
    /** Applies a typing notice: { conversationId, userId, nickname, typing, ttlMs }. */
    apply({ conversationId, userId, nickname, typing, ttlMs }: {
        conversationId: any;
        userId: any;
        nickname: any;
        typing: any;
        ttlMs: any;
    }): void;
    /** Ends a user's typing in a conversation (their message arrived). */
    stopped(conversationId: any, userId: any): void;
    /** Forgets everything (signed out, another user). */
    reset(): void;
    #private;
}
