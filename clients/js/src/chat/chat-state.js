// What the screens show, in one place: the signed-in profile, friends, groups, the talk list and each
// conversation's delivered messages. Changed only through its methods, each of which announces what changed
// ('profile', 'friends', 'groups', 'talks', 'messages' events), so views redraw only their part.

import { Kind, MessageType, isChange, isNews } from '../protocol/envelope.js';
import { sketchOf } from './sketch.js';

export class ChatState extends EventTarget {
  me = null;
  /** @type {Map<string, object>} userId -> profile */
  friends = new Map();
  /** @type {Map<string, object>} other user's id -> pending friend request ({user, incoming, note, sentAt}) */
  friendRequests = new Map();
  /** @type {Map<string, object>} userId -> profile of a user this user blocks */
  blocked = new Map();
  /**
   * Whether friends, blocks and groups are the server's (a login or resume answered): false before, and while an
   * offline reload shows only the last picture of the talk list, which has none of them.
   */
  relationsKnown = false;
  /** @type {Map<string, object>} groupId -> group */
  groups = new Map();
  /** @type {Map<string, object>} conversationId -> talk */
  talks = new Map();
  /** @type {Map<string, {messages: object[], hasOlder: boolean, loadingOlder: boolean}>} */
  conversations = new Map();
  /** The conversation on screen, or null. */
  openConversationId = null;

  /** Forgets everything (another user signed in). */
  reset() {
    this.me = null;
    this.friends.clear();
    this.friendRequests.clear();
    this.blocked.clear();
    this.relationsKnown = false;
    this.groups.clear();
    this.talks.clear();
    this.conversations.clear();
    this.openConversationId = null;
    this.#emit('profile', 'friends', 'requests', 'groups', 'talks', 'open');
  }

  /**
   * Takes the state of a login or resume. The talk list is the server's (it is the truth: talks deleted or
   * opened elsewhere); delivered messages are kept, the inbox continues them.
   */
  applySession(state) {
    this.me = state.profile;
    this.friends = new Map(state.friends.map((f) => [f.userId, f]));
    this.friendRequests = new Map((state.friendRequests ?? []).map((r) => [r.user.userId, r]));
    this.blocked = new Map((state.blocked ?? []).map((u) => [u.userId, u]));
    this.relationsKnown = state.provisional !== true;
    this.groups = new Map(state.groups.map((g) => [g.groupId, g]));
    this.talks = new Map(state.talks.map((t) => [t.conversationId, this.#talkFrom(t)]));
    this.#emit('profile', 'friends', 'requests', 'groups', 'talks');
  }

  /** A talk the server sent (opened by us or by a friend): replaces the entry, keeps the messages. */
  upsertTalk(talk) {
    this.talks.set(talk.conversationId, this.#talkFrom(talk));
    this.#emit('talks');
  }

  removeTalk(conversationId) {
    this.talks.delete(conversationId);
    if (this.openConversationId === conversationId) {
      this.openConversationId = null;
      this.#emit('open');
    }
    this.#emit('talks');
  }

  /**
   * Messages that came out of the inbox, in seq order, each once. Edit and recall events among them are applied to
   * the message they change (if this tab has it) and are not kept as messages; the 'messages' event lists them as
   * `changes`.
   */
  deliver(conversationId, peer, delivered, { counting }) {
    const conversation = this.conversation(conversationId);
    if (conversation.messages.length === 0) {
      conversation.hasOlder = delivered[0].seq > 1;
    }
    const messages = [];
    const changes = [];
    for (const item of delivered) {
      if (isChange(item)) {
        changes.push(item);
        applyChange(conversation.messages, item);
      } else {
        messages.push(item);
        conversation.messages.push(item);
      }
    }
    this.#deliverToTalk(conversationId, peer, delivered, { counting });
    this.dispatchEvent(new CustomEvent('messages', { detail: { conversationId, messages, changes } }));
  }

  #deliverToTalk(conversationId, peer, messages, { counting }) {
    const talk = this.talks.get(conversationId) ?? this.#newTalk(conversationId, peer, messages[0]);
    const last = messages[messages.length - 1];
    talk.lastSeq = Math.max(talk.lastSeq, last.seq);
    talk.sketch = sketchOf({ type: last.type, text: last.text, senderNickname: last.sender.nickname, senderId: last.sender.userId, recalled: last.recalled }, talk.peer.kind);
    talk.lastActivity = last.sentAt ?? new Date();
    if (counting) {
      // Messages up to baselineSeq were counted by the server in the talk list's unread already.
      talk.unread += this.#newsAfter(messages, Math.max(talk.baselineSeq, talk.readSeq));
    }
    this.talks.set(conversationId, talk);
    this.#emit('talks');
  }

  /** How many of this tab's messages of a conversation after seq are unread news from others. */
  unreadAfter(conversationId, seq) {
    return this.#newsAfter(this.conversations.get(conversationId)?.messages ?? [], seq);
  }

  #newsAfter(messages, seq) {
    return messages.filter((m) => m.seq > seq && isNews(m) && m.sender.userId !== this.me?.userId).length;
  }

  /** Older messages from a history page (scrolling up). */
  prependHistory(conversationId, messages, hasOlder) {
    const conversation = this.conversation(conversationId);
    const oldest = conversation.messages[0]?.seq ?? Infinity;
    // Events in an older page need no applying: history holds each message in its current version already.
    conversation.messages.unshift(...messages.filter((m) => m.seq < oldest && !isChange(m)));
    conversation.hasOlder = hasOlder && (conversation.messages[0]?.seq ?? 0) > 1;
    this.dispatchEvent(new CustomEvent('messages', { detail: { conversationId, prepended: true } }));
  }

  /** A message typed here moves its talk to the top at once, before the server has it. */
  notePending(conversationId, peer, { type, text }) {
    const talk = this.talks.get(conversationId) ?? this.#newTalk(conversationId, peer, null);
    talk.sketch = sketchOf({ type, text, senderNickname: this.me?.nickname ?? '' }, talk.peer.kind);
    talk.lastActivity = new Date();
    this.talks.set(conversationId, talk);
    this.#emit('talks');
  }

  /** The read cursor moved (MarkRead answered, or the open talk caught up). */
  markRead(conversationId, seq, unread) {
    const talk = this.talks.get(conversationId);
    if (talk) {
      talk.readSeq = Math.max(talk.readSeq, seq);
      talk.unread = unread;
      this.#emit('talks');
    }
  }

  open(conversationId) {
    this.openConversationId = conversationId;
    this.#emit('open');
  }

  addFriend(profile) {
    this.friends.set(profile.userId, profile); // keyed by id: adding twice never shows twice
    this.friendRequests.delete(profile.userId); // a friendship answers any request between the two
    this.#emit('friends', 'requests');
  }

  removeFriend(userId) {
    this.friends.delete(userId);
    this.#emit('friends');
  }

  /** The server's pending requests and blocks (list_friend_requests). */
  applyFriendRequests(requests, blocked) {
    this.friendRequests = new Map(requests.map((r) => [r.user.userId, r]));
    this.blocked = new Map(blocked.map((u) => [u.userId, u]));
    this.#emit('requests');
  }

  /** A pending request appeared (ours or theirs). One per other user: asking again is the same request. */
  addFriendRequest(request) {
    this.friendRequests.set(request.user.userId, request);
    this.#emit('requests');
  }

  /** A request was accepted, declined or cancelled. */
  removeFriendRequest(userId) {
    this.friendRequests.delete(userId);
    this.#emit('requests');
  }

  /** Requests to this user, oldest first: what the inbox lists and its badge counts. */
  incomingRequests() {
    return [...this.friendRequests.values()].filter((r) => r.incoming).sort((a, b) => (a.sentAt?.getTime() ?? 0) - (b.sentAt?.getTime() ?? 0));
  }

  setBlocked(profile, blocked) {
    if (blocked) {
      this.blocked.set(profile.userId, profile);
      this.friends.delete(profile.userId);
      this.friendRequests.delete(profile.userId);
    } else {
      this.blocked.delete(profile.userId);
    }
    this.#emit('friends', 'requests');
  }

  upsertGroup(group) {
    this.groups.set(group.groupId, group);
    // A talk may begin before its group is known (a new member's join message can arrive before the join's answer),
    // and a group may be renamed: its talk shows the group as it is now.
    const conversationId = `g:${group.groupId}`;
    const talk = this.talks.get(conversationId);
    if (talk && group.name && (talk.name !== group.name || (group.head && talk.head !== group.head))) {
      this.talks.set(conversationId, { ...talk, name: group.name, head: group.head || talk.head });
      this.#emit('talks');
    }
    this.#emit('groups');
  }

  /**
   * Forgets a group this user is no longer in. With a reason ('left' or 'removed', from the server's push), a
   * 'group-gone' event tells which group went and why, so an app can say "you were removed from …".
   * @param {string} groupId
   * @param {'left' | 'removed'} [reason]
   */
  removeGroup(groupId, reason) {
    const group = this.groups.get(groupId);
    this.groups.delete(groupId);
    this.#emit('groups');
    if (reason) {
      this.dispatchEvent(new CustomEvent('group-gone', { detail: { groupId, name: group?.name ?? '', reason } }));
    }
  }

  conversation(conversationId) {
    let conversation = this.conversations.get(conversationId);
    if (!conversation) {
      conversation = { messages: [], hasOlder: false, loadingOlder: false };
      this.conversations.set(conversationId, conversation);
    }
    return conversation;
  }

  /** Talks, latest activity first. */
  sortedTalks() {
    return [...this.talks.values()].sort((a, b) => (b.lastActivity?.getTime() ?? 0) - (a.lastActivity?.getTime() ?? 0));
  }

  /** Display name and avatar seed of a conversation partner. */
  describePeer(peer) {
    if (peer.kind === Kind.GROUP) {
      const group = this.groups.get(peer.id);
      return { name: group?.name || `Group ${peer.id}`, head: group?.head || `g${peer.id}` };
    }
    const friend = this.friends.get(peer.id);
    return { name: friend?.nickname || peer.id, head: friend?.head || peer.id };
  }

  #talkFrom(talk) {
    const previous = this.talks.get(talk.conversationId);
    return {
      conversationId: talk.conversationId,
      peer: talk.peer,
      name: talk.name,
      head: talk.head,
      sketch: talk.sketch,
      lastActivity: talk.lastActivity ?? previous?.lastActivity ?? null,
      unread: talk.unread,
      lastSeq: talk.lastSeq,
      readSeq: talk.readSeq,
      baselineSeq: talk.lastSeq,
    };
  }

  #newTalk(conversationId, peer, firstMessage) {
    let { name, head } = this.describePeer(peer);
    if (peer.kind === Kind.DIRECT && firstMessage && firstMessage.sender.userId === peer.id && !this.friends.has(peer.id)) {
      ({ nickname: name, head } = firstMessage.sender);
    }
    return { conversationId, peer, name, head, sketch: '', lastActivity: null, unread: 0, lastSeq: 0, readSeq: 0, baselineSeq: 0 };
  }

  #emit(...names) {
    for (const name of names) {
      this.dispatchEvent(new CustomEvent(name));
    }
  }
}

/**
 * Applies an edit or recall event to its target among `messages` (in seq order), if there. A recalled message takes
 * no edit (the server refuses them; an edit event delivered before the recall arrives in seq order first).
 */
function applyChange(messages, change) {
  const target = findBySeq(messages, change.targetSeq);
  if (!target || target.recalled) {
    return;
  }
  if (change.type === MessageType.RECALL) {
    target.recalled = true;
    target.text = '';
  } else {
    target.text = change.text;
    target.editedAt = change.sentAt;
  }
}

function findBySeq(messages, seq) {
  let low = 0;
  let high = messages.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = messages[middle].seq;
    if (at === seq) {
      return messages[middle];
    }
    if (at < seq) {
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return undefined;
}
