export class ConversationSequencer {
    /**
     * @param {number} cursor the highest seq already handed out (or deliberately skipped)
     * @param {number} capacity how many out-of-order messages may wait; beyond that the server's store is the buffer
     * @param {boolean} cursorKnown false: messages wait, whatever their seq, until learnCursor
     */
    constructor(cursor: number, capacity?: number, cursorKnown?: boolean);
    /** The highest seq handed out. */
    cursor: number;
    /** The highest seq known to exist (messages seen, the talk list, history pages). */
    knownLastSeq: number;
    /** Whether a history pull for this conversation is under way. */
    pullInFlight: boolean;
    /**
     * Whether this device's delivery cursor is known. A conversation first met in a push cannot start at that push:
     * pushes of one conversation may arrive out of seq order (two senders' messages stored together), so an earlier
     * one may still be on its way, and starting after it would drop it as a duplicate and acknowledge past it.
     */
    cursorKnown: boolean;
    /** Where this device's delivery starts (a conversation first met in a push): waiting messages at or below it are dropped. */
    learnCursor(cursor: any): void;
    /**
     * The server has nothing this user may see up to seq (a group's history before their join): the cursor moves
     * there, as if those seqs had been handed out.
     */
    skipHidden(seq: any): void;
    /** Whether messages wait for the cursor to be learnt. */
    get holding(): boolean;
    /** @returns {'duplicate' | 'accepted' | 'dropped'} */
    offer(message: any): "duplicate" | "accepted" | "dropped";
    /** Takes out the waiting messages that follow the cursor without a hole, in seq order. */
    drain(): any[];
    noteLastSeq(seq: any): void;
    /** Whether messages exist after the cursor but the next one is not at hand. */
    get needsPull(): boolean;
    /** Starts a pull of the hole after the cursor: the seq to pull after, or null (none needed, or one under way). */
    beginPull(): number;
    endPull(): void;
    #private;
}
