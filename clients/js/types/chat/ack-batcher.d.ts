export class AckBatcher {
    /** @param {{ send: (cursors: {conversationId: string, seq: number}[]) => boolean, delayMs?: number }} options */
    constructor({ send, delayMs }: {
        send: (cursors: {
            conversationId: string;
            seq: number;
        }[]) => boolean;
        delayMs?: number;
    });
    record(conversationId: any, seq: any): void;
    /** Sends what is recorded now; keeps it when the link is down. */
    flush(): void;
    clear(): void;
    #private;
}
