// Resume after a dropped link, against a live server through a proxy that cuts or silences the link: the session
// continues (no new login), nothing is lost, nothing is doubled.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectMessages, connectedClient, createFriends, nextEvent, serverAddress, uniqueUserId } from './support/live-server.js';
import { TcpProxy } from './support/tcp-proxy.js';

test('after a cut link the client resumes its session; sends made meanwhile and in flight are stored once, in order', async (t) => {
  const alice = uniqueUserId('alice');
  const bob = uniqueUserId('bob');
  await createFriends(alice, bob);
  const proxy = await TcpProxy.start(serverAddress());
  t.after(() => proxy.stop());
  const aliceClient = await connectedClient(alice, { port: proxy.port });
  t.after(() => aliceClient.close());
  const bobClient = await connectedClient(bob);
  t.after(() => bobClient.close());
  const aliceInbox = collectMessages(aliceClient);
  const bobInbox = collectMessages(bobClient);
  const sessions = [];
  aliceClient.on('session', (session) => sessions.push(session));

  // Ten sends in flight when the link is cut after the third is stored: some reached the server, their answers lost.
  const texts = Array.from({ length: 10 }, (_, i) => `a${i + 1}`);
  const sends = texts.map((text) => aliceClient.send({ to: bob, text }));
  await sends[2];
  proxy.refuseNew();
  proxy.cutAll();
  await nextEvent(aliceClient, 'state', (s) => s.name === 'waiting');
  // While alice is away: bob writes, and alice writes more (queued in her outbox).
  for (const text of ['b1', 'b2', 'b3']) {
    await bobClient.send({ to: alice, text });
  }
  const later = aliceClient.send({ to: bob, text: 'a11' });

  proxy.acceptNew();
  aliceClient.reconnectNow();
  const stored = await Promise.all([...sends, later]);

  assert.deepEqual(sessions.map((s) => s.resumed), [true]);
  assert.deepEqual(stored.map((m) => m.text), [...texts, 'a11']);
  assert.ok(stored.every((m, i) => i === 0 || m.seq > stored[i - 1].seq), 'stored in the order sent');
  await bobInbox.until(() => bobInbox.textsFrom(alice).length >= 11);
  await aliceInbox.until(() => aliceInbox.textsFrom(bob).length >= 3);
  assert.deepEqual(bobInbox.textsFrom(alice), [...texts, 'a11']);
  assert.deepEqual(aliceInbox.textsFrom(bob), ['b1', 'b2', 'b3']);
  assert.deepEqual(aliceInbox.textsFrom(alice), [...texts, 'a11']); // her own, in the conversation once each
});

test('a link gone silent is found dead by the heartbeat, and the client resumes and catches up', async (t) => {
  const carol = uniqueUserId('carol');
  const dave = uniqueUserId('dave');
  await createFriends(carol, dave);
  const proxy = await TcpProxy.start(serverAddress());
  t.after(() => proxy.stop());
  const carolClient = await connectedClient(carol, { port: proxy.port });
  t.after(() => carolClient.close());
  const daveClient = await connectedClient(dave);
  t.after(() => daveClient.close());
  const carolInbox = collectMessages(carolClient);
  const sessions = [];
  carolClient.on('session', (session) => sessions.push(session));

  // Nothing passes any more, but no socket closes: only the heartbeat can tell.
  proxy.goSilent();
  await daveClient.send({ to: carol, text: 'while silent' });
  await nextEvent(carolClient, 'state', (s) => s.name === 'waiting' || s.name === 'connecting');
  proxy.cutAll(); // the silent links are dead to the client already; new ones may pass
  proxy.speak();
  await nextEvent(carolClient, 'state', (s) => s.name === 'online');

  await carolInbox.until(() => carolInbox.textsFrom(dave).length >= 1);
  assert.deepEqual(carolInbox.textsFrom(dave), ['while silent']);
  assert.deepEqual(sessions.map((s) => s.resumed), [true]);
});
