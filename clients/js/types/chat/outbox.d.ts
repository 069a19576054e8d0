export function newClientMsgId(): string;
export class Outbox extends EventTarget {
    /**
     * @param {{ send: (request: object) => Promise<object>, canSend: () => boolean, storage?: Storage, capacity?: number }} options
     */
    constructor({ send, canSend, storage, capacity }: {
        send: (request: object) => Promise<object>;
        canSend: () => boolean;
        storage?: Storage;
        capacity?: number;
    });
    /** Switches to a user's outbox, restoring what a reload left. */
    load(userId: any): void;
    /** Entries of one conversation, in the order typed. */
    entriesOf(conversationId: any): any[];
    /** Queues a message; null when the outbox is full (the user is told, nothing is lost silently). */
    enqueue({ peer, conversationId, type, text }: {
        peer: any;
        conversationId: any;
        type: any;
        text: any;
    }): {
        clientMsgId: string;
        peer: any;
        conversationId: any;
        type: any;
        text: any;
        state: string;
        error: string;
        createdAt: Date;
    };
    /** Sends every pending entry, in order, when a session is up and no refusal for rate holds the outbox. */
    flush(): void;
    /** Sends a failed entry again, with its original clientMsgId. */
    retry(clientMsgId: any): void;
    /** The stored message with this id has been shown in its place: the entry is done. */
    settle(clientMsgId: any): void;
    has(clientMsgId: any): boolean;
    #private;
}
