// The outbox against a server with a small send budget (tests/Relink.Js.Tests starts one with a burst of 3 and 5
// a second): a burst of sends is partly refused with RATE_LIMITED, and every message still goes out, once, in the
// order typed, none marked failed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectMessages, connectedClient, createFriends, uniqueUserId } from '../support/live-server.js';

test('messages queued behind a send refused for rate wait and go out in order, none failed', async (t) => {
  const alice = uniqueUserId('alice');
  const bob = uniqueUserId('bob');
  await createFriends(alice, bob);
  const aliceClient = await connectedClient(alice);
  t.after(() => aliceClient.close());
  const bobClient = await connectedClient(bob);
  t.after(() => bobClient.close());
  const bobInbox = collectMessages(bobClient);
  const failed = [];
  aliceClient.chat.outbox.addEventListener('failed', (e) => failed.push(e.detail.entry.text));
  const texts = Array.from({ length: 12 }, (_, i) => `burst ${i + 1}`);

  // Typed faster than the budget allows: the outbox pipelines them all, and the server refuses the fourth on.
  const stored = await Promise.all(texts.map((text) => aliceClient.send({ to: bob, text })));

  assert.deepEqual(failed, []);
  assert.deepEqual(stored.map((m) => m.text), texts);
  const seqs = stored.map((m) => m.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), 'stored in the order typed, no gap, nothing twice');
  await bobInbox.until(() => bobInbox.textsFrom(alice).length >= texts.length, 30000);
  assert.deepEqual(bobInbox.textsFrom(alice), texts);
  assert.equal(aliceClient.chat.outbox.entriesOf(stored[0].conversationId).filter((e) => e.state === 'failed').length, 0);
});

test('a message sent after the budget refilled goes out at once', async (t) => {
  const carol = uniqueUserId('carol');
  const dave = uniqueUserId('dave');
  await createFriends(carol, dave);
  const carolClient = await connectedClient(carol);
  t.after(() => carolClient.close());

  await Promise.all(['a', 'b', 'c', 'd', 'e'].map((text) => carolClient.send({ to: dave, text })));
  const later = await carolClient.send({ to: dave, text: 'after the wait' });

  assert.equal(later.text, 'after the wait');
});
