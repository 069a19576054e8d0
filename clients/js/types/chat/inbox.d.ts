export class Inbox {
    /**
     * @param {{ fetchAfter: (peer: object, afterSeq: number, limit: number) => Promise<{messages: object[], hasMore: boolean, lastSeq: number}>,
     *           deliver: (conversationId: string, peer: object, messages: object[]) => void,
     *           acks: import('./ack-batcher.js').AckBatcher,
     *           syncSoon: () => void }} options syncSoon asks the server for this device's cursors (a sync) at once
     */
    constructor({ fetchAfter, deliver, acks, syncSoon }: {
        fetchAfter: (peer: object, afterSeq: number, limit: number) => Promise<{
            messages: object[];
            hasMore: boolean;
            lastSeq: number;
        }>;
        deliver: (conversationId: string, peer: object, messages: object[]) => void;
        acks: import("./ack-batcher.js").AckBatcher;
        syncSoon: () => void;
    });
    /** Forgets every conversation (another user signed in). */
    reset(): void;
    cursorOf(conversationId: any): any;
    /**
     * Starts (or continues) delivery from a talk list: after a login or resume, or a talk opened. A conversation
     * this tab already shows continues at its own cursor; a new one starts early enough to show its latest messages
     * and everything this device has not had yet (up to CATCH_UP_LIMIT). Then whatever lies between the cursor
     * and the talk's lastSeq is delivered from the talk's latest messages or pulled.
     */
    beginTalks(talks: any): void;
    /** Whether a conversation met in a push still waits for this device's cursor (its sync was lost with a link). */
    get holding(): boolean;
    /**
     * Takes a sync answer: the talks whose last seq is past this device's delivery cursor. A conversation this tab
     * shows continues at its own cursor and pulls up to the talk's last seq (what no push brought); one met only in
     * a push so far starts at the device's cursor; one not seen at all starts there too.
     * @param {{ peer: object, conversationId: string, lastSeq: number, deliveredSeq: number }[]} behind
     */
    catchUp(behind: {
        peer: object;
        conversationId: string;
        lastSeq: number;
        deliveredSeq: number;
    }[]): void;
    /**
     * Takes one message (a push, or this tab's own send as the server stored it).
     * @returns {'duplicate' | 'accepted' | 'dropped'}
     */
    receive(message: any): "duplicate" | "accepted" | "dropped";
    #private;
}
