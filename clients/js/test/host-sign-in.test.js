// Signing in as the user the hosting app signed in (hostSignIn: a page of an app that hosts Relink with its own
// authentication, whose cookie goes with the WebSocket upgrade): what goes on the wire. The whole path, with the
// app's cookie and a real server, is tested with the sample app in the browser (tests/Relink.Web.Tests). A
// stand-in WebSocket plays the server.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, RelinkClient, RelinkError } from '../src/index.js';
import { nextEvent } from './support/live-server.js';
import { scriptedSocket, sessionsAfterDrop } from './support/scripted-socket.js';

function hostSignedInClient(ScriptedSocket) {
  return new RelinkClient({
    url: 'ws://example.invalid/relink/ws',
    hostSignIn: true,
    deviceId: 'tab-1',
    WebSocket: ScriptedSocket,
    reconnect: { baseMs: 1, maxMs: 1 },
  });
}

test('a host sign-in logs in with no credentials in the frame, and the user is whom the server names', async () => {
  const ScriptedSocket = scriptedSocket();
  const client = hostSignedInClient(ScriptedSocket);

  await client.connect();
  client.close();

  const logins = ScriptedSocket.sent.filter((e) => e.login).map((e) => e.login);
  assert.deepEqual(logins, [{ deviceId: 'tab-1', latestPerTalk: 20 }]);
  assert.equal(client.me.userId, 'subject-1');
});

test('after a dropped link the client resumes, and when the resume is refused it logs in again without credentials', async () => {
  const ScriptedSocket = scriptedSocket();
  const client = hostSignedInClient(ScriptedSocket);
  await client.connect();

  const sessions = await sessionsAfterDrop(client, ScriptedSocket);

  const frames = ScriptedSocket.sent.filter((e) => e.login || e.resume).map((e) => (e.login ? ['login', e.login] : ['resume', e.resume.userId]));
  assert.deepEqual(frames, [
    ['login', { deviceId: 'tab-1', latestPerTalk: 20 }],
    ['resume', 'subject-1'],
    ['login', { deviceId: 'tab-1', latestPerTalk: 20 }],
  ]);
  assert.deepEqual(sessions.map((s) => [s.first, s.resumed]), [[false, false]]);
});

test('a host sign-in the server refuses rejects connect; refused later, after a drop, it signs the client out', async () => {
  const ScriptedSocket = scriptedSocket();
  ScriptedSocket.refuseLogin = true;
  const refused = hostSignedInClient(ScriptedSocket);
  const error = await refused.connect().then(() => null, (e) => e);
  assert.ok(error instanceof RelinkError);
  assert.equal(error.code, ErrorCode.INVALID_CREDENTIALS);
  assert.equal(refused.state.name, 'signed-out');

  ScriptedSocket.refuseLogin = false;
  const client = hostSignedInClient(ScriptedSocket);
  await client.connect();
  ScriptedSocket.refuseLogin = true; // the app signed the user out: its cookie no longer names them
  const signedOut = nextEvent(client, 'signed-out');
  ScriptedSocket.open.at(-1).drop();
  const { message } = await signedOut;

  assert.match(message, /sign in to the app again/);
  assert.equal(client.state.name, 'signed-out');
});

test('hostSignIn with a password or a token, or not a boolean, is refused at once', () => {
  assert.throws(() => new RelinkClient({ url: 'ws://h/ws', hostSignIn: true, accessToken: 't' }), TypeError);
  assert.throws(() => new RelinkClient({ url: 'ws://h/ws', hostSignIn: true, userId: 'a', password: 'p' }), TypeError);
  assert.throws(() => new RelinkClient({ url: 'ws://h/ws', hostSignIn: 'yes' }), TypeError);
});
