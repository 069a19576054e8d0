export class RequestLink {
    /**
     * @param {{ send: (envelope: object) => boolean }} transport
     * @param {{ onPush: (name: string, body: object, envelope: object) => void, requestTimeoutMs: number }} options
     */
    constructor(transport: {
        send: (envelope: object) => boolean;
    }, { onPush, requestTimeoutMs }: {
        onPush: (name: string, body: object, envelope: object) => void;
        requestTimeoutMs: number;
    });
    /** Called on every envelope written and read, for the heartbeat. */
    onWrite: () => void;
    onRead: () => void;
    /** Sends a request and resolves with the answer's body; rejects with a RelinkError. */
    request(name: any, body?: {}): Promise<any>;
    /**
     * Sends without waiting for an answer: an ack (no answer when it succeeds) or a heartbeat ping (its pong only
     * matters as "something was read"). Each still gets an id of its own, because the server refuses requests with
     * id 0; an error about it arrives with that id, which no request waits for, so it goes to the push handler.
     */
    post(name: any, body?: {}): boolean;
    /** Hands one received envelope to its waiting request, or to the push handler. */
    receive(envelope: any): void;
    /** Fails every pending request; later requests fail at once. */
    close(): void;
    #private;
}
