// Friends' presence without a server: the session's list, then pushes; a resume announces only the friends whose
// view changed while the link was down.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Presence, PresenceAudience } from '../src/index.js';

test('a session lists each friend, a push changes one, and a resume announces only what changed meanwhile', () => {
  const presence = new Presence();
  const changes = [];
  presence.addEventListener('change', (e) => changes.push(e.detail));

  presence.applySession([
    { userId: 'bob', state: 'PRESENCE_STATE_ONLINE' },
    { userId: 'carol', state: 'PRESENCE_STATE_OFFLINE', lastSeen: '2026-12-06T21:00:00Z' },
  ], PresenceAudience.NOBODY);
  presence.apply({ userId: 'bob', state: 'PRESENCE_STATE_OFFLINE', lastSeen: '2026-12-06T21:05:00Z' });
  presence.applySession([
    { userId: 'bob', state: 'PRESENCE_STATE_OFFLINE', lastSeen: '2026-12-06T21:05:00Z' },
    { userId: 'carol' },
  ], PresenceAudience.NOBODY);

  assert.deepEqual(changes.map((c) => `${c.userId}:${c.state}`), ['bob:online', 'carol:offline', 'bob:offline', 'carol:hidden']);
  assert.deepEqual(presence.of('bob'), { userId: 'bob', state: 'offline', lastSeen: new Date('2026-12-06T21:05:00Z') });
  assert.equal(presence.of('carol').lastSeen, null);
  assert.equal(presence.of('dave'), null);
  assert.equal(presence.audience, PresenceAudience.NOBODY);
});
