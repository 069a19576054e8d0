// A stand-in WebSocket, passed as the SDK's WebSocket option, that plays a server: it records every frame the client
// sends, answers login with a session (or refuses it) and refuses every resume, as a server does once the session
// is gone. For tests of what goes on the wire; the SDK against a real server is tested with a live one.

/** A fresh WebSocket class with its own record. */
export function scriptedSocket() {
  return class ScriptedSocket extends EventTarget {
    /** Every envelope the client sent, in order, over all sockets. */
    static sent = [];
    /** Every socket the client opened, in order. */
    static open = [];
    /** True: logins from now on are answered with INVALID_CREDENTIALS (the server no longer takes them). */
    static refuseLogin = false;
    /** Above 0: resumes are refused as by a busy server, UNAVAILABLE with this retry_after_ms. */
    static busyRetryAfterMs = 0;
    readyState = 0;
    protocol = '';

    constructor(url, protocol) {
      super();
      ScriptedSocket.open.push(this);
      queueMicrotask(() => {
        this.readyState = 1;
        this.protocol = protocol;
        this.dispatchEvent(new Event('open'));
      });
    }

    send(text) {
      const envelope = JSON.parse(text);
      ScriptedSocket.sent.push(envelope);
      if (envelope.login && ScriptedSocket.refuseLogin) {
        this.#answer({ requestId: envelope.requestId, error: { code: 'ERROR_CODE_INVALID_CREDENTIALS', message: 'Invalid credentials.' } });
      } else if (envelope.login) {
        const session = { profile: { userId: 'subject-1' }, resumeToken: 'rt', heartbeat: { intervalMs: 60000, timeoutMs: 120000 } };
        this.#answer({ requestId: envelope.requestId, login: session });
      }
      if (envelope.resume && ScriptedSocket.busyRetryAfterMs > 0) {
        this.#answer({ requestId: envelope.requestId, error: { code: 'ERROR_CODE_UNAVAILABLE', message: 'busy', retryAfterMs: ScriptedSocket.busyRetryAfterMs } });
      } else if (envelope.resume) {
        this.#answer({ requestId: envelope.requestId, error: { code: 'ERROR_CODE_RESUME_REJECTED', message: 'expired' } });
      }
    }

    close() {
      this.readyState = 3;
    }

    /** The link dies under the client (as a network would cut it). */
    drop() {
      this.readyState = 3;
      this.dispatchEvent(Object.assign(new Event('close'), { code: 1006, reason: '' }));
    }

    #answer(envelope) {
      queueMicrotask(() => this.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(envelope) })));
    }
  };
}

/**
 * Drops a connected client's first link and waits for the session after it; closes the client and resolves with the
 * sessions begun meanwhile (the 'session' events' details).
 */
export async function sessionsAfterDrop(client, ScriptedSocket) {
  const sessions = [];
  const back = new Promise((resolve) => client.on('session', (session) => {
    sessions.push(session);
    resolve();
  }));
  ScriptedSocket.open[0].drop();
  await back;
  client.close();
  return sessions;
}
