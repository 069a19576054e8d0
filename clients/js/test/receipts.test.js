// Read receipts without a server: positions only grow, and what they mean for one message (ticks 1:1, "read by" in
// a group), with nothing shown while this user's receipts are off.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kind, ReadReceipts, Tick } from '../src/index.js';

const bob = { kind: Kind.DIRECT, id: 'bob' };
const mine = (seq) => ({ seq, sender: { userId: 'alice' } });

test('a message of ours in a 1:1 goes from sent to delivered to read, and a late notice never takes it back', () => {
  const receipts = new ReadReceipts();
  assert.deepEqual(receipts.statusOf('d:alice:bob', bob, mine(3)), { tick: Tick.SENT });

  receipts.apply({ conversationId: 'd:alice:bob', userId: 'bob', readSeq: 0, deliveredSeq: 3 });
  assert.equal(receipts.tickOf('d:alice:bob', 'bob', 3), Tick.DELIVERED);
  assert.equal(receipts.tickOf('d:alice:bob', 'bob', 4), Tick.SENT);

  receipts.apply({ conversationId: 'd:alice:bob', userId: 'bob', readSeq: 3, deliveredSeq: 3 });
  receipts.apply({ conversationId: 'd:alice:bob', userId: 'bob', readSeq: 1, deliveredSeq: 0 });
  assert.deepEqual(receipts.statusOf('d:alice:bob', bob, mine(3)), { tick: Tick.READ });
});

test('in a group, read by counts the members at or past the message, not its sender', () => {
  const receipts = new ReadReceipts();
  const group = { kind: Kind.GROUP, id: '7' };
  receipts.load('g:7', [
    { userId: 'carol', nickname: 'Carol', readSeq: 5, deliveredSeq: 5 },
    { userId: 'alice', nickname: 'Alice', readSeq: 9, deliveredSeq: 9 },
    { userId: 'bob', nickname: 'Bob', readSeq: 2, deliveredSeq: 2 },
  ]);
  const events = [];
  receipts.addEventListener('read', (e) => events.push(e.detail));

  assert.deepEqual(receipts.statusOf('g:7', group, mine(4)), { readBy: 1 });
  receipts.apply({ conversationId: 'g:7', userId: 'bob', readSeq: 4, deliveredSeq: 0 });

  assert.deepEqual(receipts.readersOf('g:7', 4, 'alice').map((u) => u.userId), ['bob', 'carol']);
  assert.deepEqual(events, [{ conversationId: 'g:7', userId: 'bob', readSeq: 4, deliveredSeq: 4 }]);
});

test('with receipts off nothing is shown, and turning them off forgets what was', () => {
  const receipts = new ReadReceipts();
  receipts.apply({ conversationId: 'd:alice:bob', userId: 'bob', readSeq: 3, deliveredSeq: 3 });

  receipts.setEnabled(false);

  assert.equal(receipts.tickOf('d:alice:bob', 'bob', 1), Tick.SENT);
  assert.deepEqual(receipts.positionsIn('d:alice:bob'), []);
});

test('RelinkClient.readers and readReceipts check their arguments', async () => {
  const { RelinkClient } = await import('../src/index.js');
  const client = new RelinkClient({ url: 'ws://127.0.0.1:9/ws', userId: 'a', password: 'secret-pw' });
  await assert.rejects(client.readers({ group: '1', seq: 0 }), TypeError);
  await assert.rejects(client.readReceipts('off'), TypeError);
  await assert.rejects(client.readPositions({}), TypeError);
});
