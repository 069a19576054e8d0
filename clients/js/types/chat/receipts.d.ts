/** What one message of ours has reached, in a 1:1 conversation. */
export const Tick: Readonly<{
    SENT: "sent";
    DELIVERED: "delivered";
    READ: "read";
}>;
export class ReadReceipts extends EventTarget {
    /** Whether this user shares read receipts (and sees others'); null until the server says. */
    enabled: any;
    /** Replaces a conversation's positions with the server's answer to readPositions ([{ user, readSeq, deliveredSeq }]). */
    load(conversationId: any, positions: any): void;
    /** Applies a read notice: { conversationId, userId, readSeq, deliveredSeq }; values only move forward. */
    apply({ conversationId, userId, readSeq, deliveredSeq }: {
        conversationId: any;
        userId: any;
        readSeq: any;
        deliveredSeq: any;
    }): void;
    /** This user's read position moved on another device: tells listeners ('sync' events). */
    synced({ conversationId, readSeq, unread }: {
        conversationId: any;
        readSeq: any;
        unread: any;
    }): void;
    /** The known positions in a conversation: [{ userId, nickname, readSeq, deliveredSeq }], by user id. */
    positionsIn(conversationId: any): any[];
    /** The setting changed (here or on another device): off forgets everything shown. */
    setEnabled(enabled: any): void;
    /**
     * How far a message of ours has got in a 1:1 conversation: Tick.SENT, DELIVERED or READ (SENT while nothing is
     * known, and always while receipts are off).
     */
    tickOf(conversationId: any, friendId: any, seq: any): "sent" | "delivered" | "read";
    /** Who has read the message at seq, other than its sender: [{ userId, nickname }], by user id. */
    readersOf(conversationId: any, seq: any, senderId: any): {
        userId: any;
        nickname: any;
    }[];
    /** What to show under a message of ours: { tick } in a 1:1 conversation, { readBy } in a group. */
    statusOf(conversationId: any, peer: any, message: any): {
        readBy: number;
        tick?: undefined;
    } | {
        tick: "sent" | "delivered" | "read";
        readBy?: undefined;
    };
    #private;
}
