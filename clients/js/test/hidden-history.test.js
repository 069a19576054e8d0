// A group's history before this user's join is hidden from them: the inbox must not wait for it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AckBatcher } from '../src/chat/ack-batcher.js';
import { Inbox } from '../src/chat/inbox.js';

const peer = { kind: 'CONVERSATION_KIND_GROUP', id: '7' };
const message = (seq) => ({ conversationId: 'g7', peer, seq, text: `m${seq}` });

function inboxWithHistory(visibleFrom, lastSeq) {
  const delivered = [];
  const pulls = [];
  const inbox = new Inbox({
    // The server's history: every seq after afterSeq that this user may see, nothing before visibleFrom.
    fetchAfter: async (_peer, afterSeq, limit) => {
      pulls.push(afterSeq);
      const messages = [];
      if (pulls.length > 5) {
        return { messages, hasMore: false, lastSeq }; // a client that keeps asking for the same hole gets nothing more
      }
      for (let seq = Math.max(afterSeq + 1, visibleFrom); seq <= lastSeq && messages.length < limit; seq++) {
        messages.push(message(seq));
      }
      return { messages, hasMore: false, lastSeq };
    },
    deliver: (_id, _peer, messages) => delivered.push(...messages.map((m) => m.seq)),
    acks: new AckBatcher({ send: () => {}, delayMs: 60_000 }),
    syncSoon: () => {},
  });
  return { inbox, delivered, pulls };
}

async function settled(until) {
  for (let turn = 0; turn < 100 && !until(); turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test('a device that rejoined a group gets the messages after its join, though its cursor is before the hidden history', async () => {
  // The device delivered up to seq 3 before it left; seqs 4..9 came while it was out; it rejoined at seq 10.
  const { inbox, delivered, pulls } = inboxWithHistory(10, 11);
  inbox.beginTalks([{ conversationId: 'g7', peer, lastSeq: 11, deliveredSeq: 3, latest: [], latestOmitted: 0 }]);
  await settled(() => delivered.length >= 2);
  assert.deepEqual(delivered, [10, 11]);

  inbox.receive(message(12)); // and what comes next is shown at once
  assert.deepEqual(delivered, [10, 11, 12]);
  assert.ok(pulls.length <= 2, `pulled ${pulls.length} times`);
});

test('a new member met first in a push starts at their join, not at seq 1', async () => {
  const { inbox, delivered } = inboxWithHistory(5, 6);
  inbox.receive(message(6));
  inbox.catchUp([{ conversationId: 'g7', peer, lastSeq: 6, deliveredSeq: 0 }]); // the sync: nothing delivered yet
  await settled(() => delivered.length >= 2);
  assert.deepEqual(delivered, [5, 6]);
});
