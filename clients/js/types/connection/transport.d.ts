/** The subprotocol for canonical-JSON text frames. */
export const SUBPROTOCOL: "relink.json";
export class WebSocketTransport {
    /**
     * @param {string} url ws:// or wss:// URL of the /ws endpoint
     * @param {{ onEnvelope: (envelope: object) => void, onClose: (info: {code: number, reason: string}) => void,
     *           WebSocket?: typeof WebSocket }} handlers WebSocket: the class to open sockets with (the global one by default)
     */
    constructor(url: string, { onEnvelope, onClose, WebSocket }: {
        onEnvelope: (envelope: object) => void;
        onClose: (info: {
            code: number;
            reason: string;
        }) => void;
        WebSocket?: typeof globalThis.WebSocket;
    });
    /** Opens the socket; rejects with CLIENT_UNREACHABLE when it does not open within timeoutMs. */
    open(timeoutMs: any): Promise<any>;
    /** Sends one envelope; false when the socket is not open (nothing was sent). */
    send(envelope: any): boolean;
    /** Closes the socket and reports the close at once (the server's close reply is not waited for). */
    close(reason?: string): void;
    #private;
}
