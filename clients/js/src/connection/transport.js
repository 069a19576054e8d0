// The WebSocket under one connection attempt: opens, carries one Envelope per text message (subprotocol
// relink.json), and reports the close once. Knows nothing of requests, sessions or retries.

import { RelinkError } from '../protocol/envelope.js';

/** The subprotocol for canonical-JSON text frames. */
export const SUBPROTOCOL = 'relink.json';

export class WebSocketTransport {
  #url;
  #socket = null;
  #onEnvelope;
  #onClose;
  #closed = false;

  /**
   * @param {string} url ws:// or wss:// URL of the /ws endpoint
   * @param {{ onEnvelope: (envelope: object) => void, onClose: (info: {code: number, reason: string}) => void }} handlers
   */
  constructor(url, { onEnvelope, onClose }) {
    this.#url = url;
    this.#onEnvelope = onEnvelope;
    this.#onClose = onClose;
  }

  /** Opens the socket; rejects with CLIENT_UNREACHABLE when it does not open within timeoutMs. */
  open(timeoutMs) {
    return new Promise((resolve, reject) => {
      let socket;
      try {
        socket = new WebSocket(this.#url, SUBPROTOCOL);
      } catch (e) {
        reject(new RelinkError('CLIENT_UNREACHABLE', `Cannot open ${this.#url}: ${e.message}`));
        return;
      }
      this.#socket = socket;
      let opened = false;
      const timer = setTimeout(() => {
        if (!opened) {
          socket.close();
          fail('The server did not answer in time.');
        }
      }, timeoutMs);
      const fail = (why) => {
        clearTimeout(timer);
        this.#closed = true;
        reject(new RelinkError('CLIENT_UNREACHABLE', why));
      };

      socket.addEventListener('open', () => {
        opened = true;
        clearTimeout(timer);
        if (socket.protocol !== SUBPROTOCOL) {
          // A server that ignored the subprotocol would answer in protobuf binary, which this client cannot read.
          socket.close(1002, 'relink.json required');
          fail('The server does not speak relink.json.');
          return;
        }
        resolve();
      });
      socket.addEventListener('message', (event) => this.#receive(event));
      socket.addEventListener('close', (event) => {
        if (!opened) {
          fail('Cannot reach the server.');
          return;
        }
        this.#reportClose(event.code, event.reason);
      });
      // 'error' is always followed by 'close', which reports it.
    });
  }

  /** Sends one envelope; false when the socket is not open (nothing was sent). */
  send(envelope) {
    if (this.#closed || this.#socket?.readyState !== WebSocket.OPEN) {
      return false;
    }
    this.#socket.send(JSON.stringify(envelope));
    return true;
  }

  /** Closes the socket and reports the close at once (the server's close reply is not waited for). */
  close(reason = 'client closed') {
    if (this.#socket && this.#socket.readyState <= WebSocket.OPEN) {
      this.#socket.close(1000, reason);
    }
    this.#reportClose(1000, reason);
  }

  #receive(event) {
    if (this.#closed || typeof event.data !== 'string') {
      return;
    }
    let envelope;
    try {
      envelope = JSON.parse(event.data);
    } catch {
      this.close('malformed frame from server');
      return;
    }
    this.#onEnvelope(envelope);
  }

  #reportClose(code, reason) {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#onClose({ code, reason });
  }
}
