// The WebSocket under one connection attempt: opens, carries one Envelope per text message (subprotocol
// relink.json), and reports the close once. Knows nothing of requests, sessions or retries. Any WebSocket class
// with the browser's interface will do: the page's own, Node's global one (Node 22, or Node 20 with
// --experimental-websocket), or one the caller passes in (the `ws` package's, say).

import { RelinkError } from '../protocol/envelope.js';

/** The subprotocol for canonical-JSON text frames. */
export const SUBPROTOCOL = 'relink.json';

/** WebSocket.OPEN, spelt out: a class passed in need not carry the constants. */
const OPEN = 1;

export class WebSocketTransport {
  #url;
  #WebSocket;
  #socket = null;
  #onEnvelope;
  #onClose;
  #closed = false;

  /**
   * @param {string} url ws:// or wss:// URL of the /ws endpoint
   * @param {{ onEnvelope: (envelope: object) => void, onClose: (info: {code: number, reason: string}) => void,
   *           WebSocket?: typeof WebSocket }} handlers WebSocket: the class to open sockets with (the global one by default)
   */
  constructor(url, { onEnvelope, onClose, WebSocket = globalThis.WebSocket }) {
    this.#url = url;
    this.#WebSocket = WebSocket;
    this.#onEnvelope = onEnvelope;
    this.#onClose = onClose;
  }

  /** Opens the socket; rejects with CLIENT_UNREACHABLE when it does not open within timeoutMs. */
  open(timeoutMs) {
    return new Promise((resolve, reject) => {
      let socket;
      if (typeof this.#WebSocket !== 'function') {
        reject(new RelinkError('CLIENT_UNREACHABLE', 'No WebSocket here: pass a WebSocket class in the options (Node 20: run with --experimental-websocket, or use the ws package).'));
        return;
      }
      try {
        socket = new this.#WebSocket(this.#url, SUBPROTOCOL);
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
      // Once open, 'error' is followed by 'close', which reports it. Before that, some implementations (Node 20's)
      // fire 'error' alone when the server cannot be reached.
      socket.addEventListener('error', () => {
        if (!opened) {
          fail('Cannot reach the server.');
        }
      });
    });
  }

  /** Sends one envelope; false when the socket is not open (nothing was sent). */
  send(envelope) {
    if (this.#closed || this.#socket?.readyState !== OPEN) {
      return false;
    }
    this.#socket.send(JSON.stringify(envelope));
    return true;
  }

  /** Closes the socket and reports the close at once (the server's close reply is not waited for). */
  close(reason = 'client closed') {
    if (this.#socket && this.#socket.readyState <= OPEN) {
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
