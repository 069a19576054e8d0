// Read receipts: how far the other participants of each conversation have read and received it, from the server's
// read positions (asked when a conversation opens) and its read notices (live, coalesced by the server), and what
// that means for one message: a tick state in a 1:1 conversation, "read by N" in a group. Positions only grow.

import { Kind } from '../protocol/envelope.js';

/** What one message of ours has reached, in a 1:1 conversation. */
export const Tick = Object.freeze({
  SENT: 'sent',           // stored by the server
  DELIVERED: 'delivered', // a device of the friend has it
  READ: 'read',           // the friend read it
});

export class ReadReceipts extends EventTarget {
  /** conversationId -> Map(userId -> { userId, nickname, readSeq, deliveredSeq }) */
  #positions = new Map();
  /** Whether this user shares read receipts (and sees others'); null until the server says. */
  enabled = null;

  /** Replaces a conversation's positions with the server's answer to readPositions ([{ user, readSeq, deliveredSeq }]). */
  load(conversationId, positions) {
    const users = new Map();
    for (const p of positions) {
      users.set(p.userId, { userId: p.userId, nickname: p.nickname || p.userId, readSeq: p.readSeq, deliveredSeq: Math.max(p.deliveredSeq, p.readSeq) });
    }
    this.#positions.set(conversationId, users);
    this.#changed(conversationId);
  }

  /** Applies a read notice: { conversationId, userId, readSeq, deliveredSeq }; values only move forward. */
  apply({ conversationId, userId, readSeq, deliveredSeq }) {
    const users = this.#positions.get(conversationId) ?? new Map();
    const known = users.get(userId) ?? { userId, nickname: userId, readSeq: 0, deliveredSeq: 0 };
    const next = { ...known, readSeq: Math.max(known.readSeq, readSeq), deliveredSeq: Math.max(known.deliveredSeq, deliveredSeq, readSeq) };
    if (next.readSeq === known.readSeq && next.deliveredSeq === known.deliveredSeq && users.has(userId)) {
      return;
    }
    users.set(userId, next);
    this.#positions.set(conversationId, users);
    this.#changed(conversationId);
    this.dispatchEvent(new CustomEvent('read', { detail: { conversationId, userId, readSeq: next.readSeq, deliveredSeq: next.deliveredSeq } }));
  }

  /** This user's read position moved on another device: tells listeners ('sync' events). */
  synced({ conversationId, readSeq, unread }) {
    this.dispatchEvent(new CustomEvent('sync', { detail: { conversationId, readSeq, unread } }));
  }

  /** The known positions in a conversation: [{ userId, nickname, readSeq, deliveredSeq }], by user id. */
  positionsIn(conversationId) {
    return [...(this.#positions.get(conversationId)?.values() ?? [])]
      .map((p) => ({ ...p }))
      .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  }

  /** The setting changed (here or on another device): off forgets everything shown. */
  setEnabled(enabled) {
    this.enabled = enabled;
    if (!enabled) {
      const conversations = [...this.#positions.keys()];
      this.#positions.clear();
      conversations.forEach((id) => this.#changed(id));
    }
    this.dispatchEvent(new CustomEvent('setting', { detail: { enabled } }));
  }

  /**
   * How far a message of ours has got in a 1:1 conversation: Tick.SENT, DELIVERED or READ (SENT while nothing is
   * known, and always while receipts are off).
   */
  tickOf(conversationId, friendId, seq) {
    const friend = this.#positions.get(conversationId)?.get(friendId);
    if (!friend || this.enabled === false) {
      return Tick.SENT;
    }
    return friend.readSeq >= seq ? Tick.READ : friend.deliveredSeq >= seq ? Tick.DELIVERED : Tick.SENT;
  }

  /** Who has read the message at seq, other than its sender: [{ userId, nickname }], by user id. */
  readersOf(conversationId, seq, senderId) {
    if (this.enabled === false) {
      return [];
    }
    return [...(this.#positions.get(conversationId)?.values() ?? [])]
      .filter((p) => p.readSeq >= seq && p.userId !== senderId)
      .map(({ userId, nickname }) => ({ userId, nickname }))
      .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  }

  /** What to show under a message of ours: { tick } in a 1:1 conversation, { readBy } in a group. */
  statusOf(conversationId, peer, message) {
    return peer.kind === Kind.GROUP
      ? { readBy: this.readersOf(conversationId, message.seq, message.sender.userId).length }
      : { tick: this.tickOf(conversationId, peer.id, message.seq) };
  }

  #changed(conversationId) {
    this.dispatchEvent(new CustomEvent('change', { detail: { conversationId } }));
  }
}
