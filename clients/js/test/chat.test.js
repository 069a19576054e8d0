// Connect, send, receive against a live server.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, Kind, RelinkClient } from '../src/index.js';
import { PASSWORD, collectMessages, connectedClient, createFriends, serverUrl, uniqueUserId } from './support/live-server.js';

test('a message to a friend is stored with its seq and arrives once, and the sender sees it in the conversation too', async (t) => {
  const alice = uniqueUserId('alice');
  const bob = uniqueUserId('bob');
  await createFriends(alice, bob);
  const aliceClient = await connectedClient(alice);
  t.after(() => aliceClient.close());
  const bobClient = await connectedClient(bob);
  t.after(() => bobClient.close());
  const bobInbox = collectMessages(bobClient);
  const aliceInbox = collectMessages(aliceClient);

  const stored = await aliceClient.send({ to: bob, text: 'hello bob' });
  const second = await aliceClient.send({ to: bob, text: 'second' });

  assert.equal(stored.text, 'hello bob');
  assert.equal(stored.sender.userId, alice);
  assert.deepEqual(stored.peer, { kind: Kind.DIRECT, id: bob });
  assert.equal(second.seq, stored.seq + 1);
  await bobInbox.until(() => bobInbox.textsFrom(alice).length >= 2);
  await aliceInbox.until(() => aliceInbox.textsFrom(alice).length >= 2);
  const got = bobInbox.received.filter((m) => m.sender.userId === alice);
  assert.deepEqual(got.map((m) => [m.text, m.seq, m.id]), [['hello bob', stored.seq, stored.id], ['second', second.seq, second.id]]);
  assert.deepEqual(got[0].peer, { kind: Kind.DIRECT, id: alice }); // as the receiver names the conversation
  assert.deepEqual(aliceInbox.textsFrom(alice), ['hello bob', 'second']);
  assert.equal(aliceClient.me.userId, alice);
  assert.equal(aliceClient.state.name, 'online');
});

test('a group message reaches every member', async (t) => {
  const carol = uniqueUserId('carol');
  const dave = uniqueUserId('dave');
  await createFriends(carol, dave);
  const carolClient = await connectedClient(carol);
  t.after(() => carolClient.close());
  const daveClient = await connectedClient(dave);
  t.after(() => daveClient.close());
  const group = await carolClient.chat.createGroup('Book club', [dave]);
  const daveInbox = collectMessages(daveClient);

  const stored = await carolClient.send({ group: group.groupId, text: 'welcome' });

  await daveInbox.until(() => daveInbox.textsFrom(carol).length >= 1);
  assert.deepEqual(daveInbox.received.map((m) => [m.text, m.conversationId]), [['welcome', `g:${group.groupId}`]]);
  assert.equal(stored.conversationId, `g:${group.groupId}`);
});

test('messages sent while a user was away arrive when they connect, once, in order', async (t) => {
  const erin = uniqueUserId('erin');
  const frank = uniqueUserId('frank');
  await createFriends(erin, frank);
  const erinClient = await connectedClient(erin);
  t.after(() => erinClient.close());
  for (const text of ['one', 'two', 'three']) {
    await erinClient.send({ to: frank, text });
  }

  const frankClient = new RelinkClient({ url: serverUrl(), userId: frank, password: PASSWORD });
  t.after(() => frankClient.close());
  const frankInbox = collectMessages(frankClient);
  await frankClient.connect();

  await frankInbox.until(() => frankInbox.textsFrom(erin).length >= 3);
  assert.deepEqual(frankInbox.textsFrom(erin), ['one', 'two', 'three']);
});

test('a wrong password is refused: connect rejects and the client stays signed out', async () => {
  const gina = uniqueUserId('gina');
  await createFriends(gina);
  const client = new RelinkClient({ url: serverUrl(), userId: gina, password: 'not-the-password' });
  const states = [];
  client.on('state', (state) => states.push(state.name));

  await assert.rejects(client.connect(), (e) => e.code === ErrorCode.INVALID_CREDENTIALS);
  assert.equal(client.state.name, 'signed-out');
  assert.deepEqual(states, ['connecting', 'signed-out']);
});

test('a refused send rejects with the server\'s code, and the next send goes out', async (t) => {
  const hank = uniqueUserId('hank');
  const ivy = uniqueUserId('ivy');
  const stranger = uniqueUserId('stranger');
  await createFriends(hank, ivy);
  await createFriends(stranger); // registered, but nobody's friend
  const client = await connectedClient(hank);
  t.after(() => client.close());

  await assert.rejects(client.send({ to: stranger, text: 'hi?' }), (e) => e.code.startsWith('ERROR_CODE_'));
  const stored = await client.send({ to: ivy, text: 'hi ivy' });
  assert.equal(stored.text, 'hi ivy');
  assert.equal(client.state.name, 'online');
});
