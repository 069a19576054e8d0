// Signing in with the hosting app's access token: what goes on the wire. (The server's side of JWT sign-in is
// tested with the server.) A stand-in WebSocket plays the server.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RelinkClient } from '../src/index.js';
import { scriptedSocket, sessionsAfterDrop } from './support/scripted-socket.js';

test('a token sign-in sends the token in the login frame, no user id or password, and the user is the token\'s subject', async () => {
  const ScriptedSocket = scriptedSocket();
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

test('when the link drops and the resume is refused, the client logs in again with a fresh token', async () => {
  const ScriptedSocket = scriptedSocket();
  let asked = 0;
  const client = new RelinkClient({
    url: 'ws://example.invalid/ws',
    getAccessToken: () => `token-${++asked}`,
    WebSocket: ScriptedSocket,
    reconnect: { baseMs: 1, maxMs: 1 },
  });
  await client.connect();

  const sessions = await sessionsAfterDrop(client, ScriptedSocket);

  const frames = ScriptedSocket.sent.map((e) => (e.login ? `login ${e.login.accessToken}` : e.resume ? `resume ${e.resume.userId}` : null)).filter(Boolean);
  assert.deepEqual(frames, ['login token-1', 'resume subject-1', 'login token-2']);
  assert.deepEqual(sessions.map((s) => [s.first, s.resumed]), [[false, false]]);
});

test('options that name no way, or two ways, to sign in are refused at once', () => {
  assert.throws(() => new RelinkClient({ url: 'ws://h/ws', userId: 'a' }), TypeError);
  assert.throws(() => new RelinkClient({ url: 'ws://h/ws', userId: 'a', password: 'p', accessToken: 't' }), TypeError);
  assert.throws(() => new RelinkClient({ url: 'http://h/ws', accessToken: 't' }), TypeError);
});
