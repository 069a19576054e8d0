// A busy server (a storm of resumes after a node died) refuses a resume with UNAVAILABLE and retry_after_ms: the
// client waits at least that long before its next attempt, whatever its own backoff says. A stand-in WebSocket plays
// the server.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RelinkClient } from '../src/index.js';
import { scriptedSocket } from './support/scripted-socket.js';

test('a resume refused with a retry hint waits at least the hint before the next attempt', async () => {
  const ScriptedSocket = scriptedSocket();
  const client = new RelinkClient({
    url: 'ws://example.invalid/ws',
    userId: 'alice',
    password: 'secret-password',
    WebSocket: ScriptedSocket,
    reconnect: { baseMs: 1, maxMs: 1 },
  });
  await client.connect();
  ScriptedSocket.busyRetryAfterMs = 7000;
  const waits = [];
  const refused = new Promise((resolve) => client.on('state', (state) => {
    if (state.name === 'waiting') {
      waits.push(state.retryAt - Date.now());
      if (waits.length === 2) {
        resolve();
      }
    }
  }));

  ScriptedSocket.open[0].drop();
  await refused;
  client.close();

  assert.ok(waits[0] <= 1000, `the drop itself waits the policy's ${waits[0]} ms`);
  assert.ok(waits[1] >= 6900, `after the busy refusal the client waits the server's 7 s, not the policy's 1 ms (waited ${waits[1]} ms)`);
  assert.equal(ScriptedSocket.sent.filter((e) => e.resume).length, 1, 'no second resume before the hint is up');
});
