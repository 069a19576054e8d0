// Typing state without a server: expiry by each notice's time to live on one timer, and the throttle on our own signals.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Typing } from '../src/index.js';

test('a typist shows until the time to live runs out, a renewal extends it and raises nothing', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const typing = new Typing({ send: () => {} });
  const changes = [];
  typing.addEventListener('change', (e) => changes.push(e.detail.typing.map((u) => u.userId)));

  typing.apply({ conversationId: 'g:1', userId: 'bob', nickname: 'Bob', typing: true, ttlMs: 6000 });
  typing.apply({ conversationId: 'g:1', userId: 'carol', nickname: 'Carol', typing: true, ttlMs: 6000 });
  t.mock.timers.tick(4000);
  typing.apply({ conversationId: 'g:1', userId: 'bob', nickname: 'Bob', typing: true, ttlMs: 6000 });
  assert.deepEqual(changes, [['bob'], ['bob', 'carol']]);

  t.mock.timers.tick(2000); // carol's 6 s are up, bob was renewed 2 s ago
  assert.deepEqual(changes.at(-1), ['bob']);
  t.mock.timers.tick(3999);
  assert.deepEqual(typing.typingIn('g:1'), [{ userId: 'bob', nickname: 'Bob' }]);
  t.mock.timers.tick(1);
  assert.deepEqual(changes.at(-1), []);
  assert.deepEqual(typing.typingIn('g:1'), []);
});

test('a paused notice or a message from the typist ends their typing at once', () => {
  const typing = new Typing({ send: () => {} });
  typing.apply({ conversationId: 'd:a:b', userId: 'b', nickname: 'B', typing: true, ttlMs: 6000 });
  typing.apply({ conversationId: 'd:a:b', userId: 'b', nickname: 'B', typing: false, ttlMs: 6000 });
  assert.deepEqual(typing.typingIn('d:a:b'), []);
  typing.apply({ conversationId: 'd:a:b', userId: 'b', nickname: 'B', typing: true, ttlMs: 6000 });
  typing.stopped('d:a:b', 'b');
  assert.deepEqual(typing.typingIn('d:a:b'), []);
});

test('our own typing repeats at most every 3 s, and "stopped" goes out once, only after typing', (t) => {
  t.mock.timers.enable({ apis: ['Date'] });
  const sent = [];
  const typing = new Typing({ send: (peer, isTyping) => sent.push(isTyping) });
  const peer = { kind: 'CONVERSATION_KIND_DIRECT', id: 'bob' };

  typing.signal('d:a:bob', peer, false);
  typing.signal('d:a:bob', peer, true);
  typing.signal('d:a:bob', peer, true);
  t.mock.timers.tick(2999);
  typing.signal('d:a:bob', peer, true);
  t.mock.timers.tick(1);
  typing.signal('d:a:bob', peer, true);
  typing.signal('d:a:bob', peer, false);
  typing.signal('d:a:bob', peer, false);
  assert.deepEqual(sent, [true, true, false]);
});

test('RelinkClient.sendTyping needs to or group', async () => {
  const { RelinkClient } = await import('../src/index.js');
  const client = new RelinkClient({ url: 'ws://127.0.0.1:9/ws', userId: 'a', password: 'secret-pw' });
  assert.throws(() => client.sendTyping({ typing: true }), TypeError);
  assert.throws(() => client.sendTyping({ to: 'b', group: '1', typing: true }), TypeError);
  client.sendTyping({ to: 'b', typing: true }); // offline: nothing goes out, nothing throws
});

test('a signal that could not go out (offline) does not hold back the next one', () => {
  const sent = [];
  let online = false;
  const typing = new Typing({ send: (peer, isTyping) => (online ? sent.push(isTyping) : false) });
  const peer = { kind: 'CONVERSATION_KIND_DIRECT', id: 'bob' };

  typing.signal('d:a:bob', peer, true);
  online = true;
  typing.signal('d:a:bob', peer, true);
  assert.deepEqual(sent, [true]);
});
