// Signing in with the hosting app's access token: what goes on the wire. (The server's side of JWT sign-in is
// tested with the server.) A stand-in WebSocket, passed as the WebSocket option, plays the server.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RelinkClient } from '../src/index.js';

/** A WebSocket that records what the client sends and answers login with a session. */
class ScriptedSocket extends EventTarget {
  static sent = [];
  readyState = 0;
  protocol = '';

  constructor(url, protocol) {
    super();
    queueMicrotask(() => {
      this.readyState = 1;
      this.protocol = protocol;
      this.dispatchEvent(new Event('open'));
    });
  }

  send(text) {
    const envelope = JSON.parse(text);
    ScriptedSocket.sent.push(envelope);
    if (envelope.login) {
      const answer = { requestId: envelope.requestId, login: { profile: { userId: 'subject-1' }, resumeToken: 'rt', heartbeat: { intervalMs: 60000, timeoutMs: 120000 } } };
      queueMicrotask(() => this.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(answer) })));
    }
  }

  close() {
    this.readyState = 3;
  }
}

test('a token sign-in sends the token in the login frame, no user id or password, and the user is the token\'s subject', async () => {
  ScriptedSocket.sent = [];
  let asked = 0;
  const client = new RelinkClient({
    url: 'ws://example.invalid/ws',
    getAccessToken: async () => `token-${++asked}`,
    deviceId: 'device-1',
    WebSocket: ScriptedSocket,
  });

  await client.connect();
  client.close();

  const logins = ScriptedSocket.sent.filter((e) => e.login).map((e) => e.login);
  assert.deepEqual(logins, [{ accessToken: 'token-1', deviceId: 'device-1', latestPerTalk: 20 }]);
  assert.equal(client.me.userId, 'subject-1');
});

test('options that name no way, or two ways, to sign in are refused at once', () => {
  assert.throws(() => new RelinkClient({ url: 'ws://h/ws', userId: 'a' }), TypeError);
  assert.throws(() => new RelinkClient({ url: 'ws://h/ws', userId: 'a', password: 'p', accessToken: 't' }), TypeError);
  assert.throws(() => new RelinkClient({ url: 'http://h/ws', accessToken: 't' }), TypeError);
});
