// The chat features on top of the connection: wires sessions and pushes into the inbox and the state, sends
// through the outbox, and offers the actions the screens need. No DOM here; in a browser it notices the page's
// visibility (a hidden page counts new messages as unread and marks nothing read), in Node there is none.

import {
  MessageType, conversationIdOf, int, normalizeFriendRequest, normalizeGroup, normalizeMessage, normalizePeer,
  normalizeProfile, normalizeTalk,
  normalizeTalkCursor,
} from '../protocol/envelope.js';
import { isHidden, pageEnvironment, sessionStorageOrMemory } from '../platform.js';
import { AckBatcher } from './ack-batcher.js';
import { ChatState } from './chat-state.js';
import { Inbox } from './inbox.js';
import { Outbox, newClientMsgId } from './outbox.js';
import { ReadReceipts } from './receipts.js';
import { DEFAULT_SYNC_INTERVAL_MS, StoreSync } from './store-sync.js';
import { TalkSnapshot } from './talk-snapshot.js';
import { Typing } from './typing.js';
import { Presence } from './presence.js';

const HISTORY_PAGE = 30;
const MARK_READ_DELAY_MS = 300;
/** The server's limit for a text message. */
export const MAX_TEXT_LENGTH = 4000;

export class ChatClient {
  /** @type {ChatState} */
  state = new ChatState();
  /** @type {Outbox} */
  outbox;
  /** Who is typing where ('change' events), and this user's own typing signals (see sendTyping). */
  typing;
  /** How far others read and received each conversation ('change' events), and this user's receipts setting. */
  receipts = new ReadReceipts();
  /** Friends' presence ('change' events) and this user's own choice of who sees theirs (see setPresenceAudience). */
  presence = new Presence();
  #connection;
  #inbox;
  #acks;
  #storeSync;
  #document;
  #markReadTimer = null;
  #snapshot;
  /** The user whose last-seen talk list is on screen until a session brings the server's, or null. */
  #showingLastSeen = null;

  /**
   * @param {import('../connection/connection.js').Connection} connection
   * @param {{ syncIntervalMs?: number, storage?: Storage, document?: import('../platform.js').PageEnvironment['document'] }} [options]
   *   syncIntervalMs: time between store syncs (the bound on a lost push); storage: where unsent messages and the
   *   last-seen talk list wait (the tab's sessionStorage in a browser, memory elsewhere); document: the page whose
   *   visibility counts (found by itself in a browser)
   */
  constructor(connection, {
    document: doc = pageEnvironment().document, storage = sessionStorageOrMemory(), syncIntervalMs = DEFAULT_SYNC_INTERVAL_MS,
  } = {}) {
    this.#connection = connection;
    this.#document = doc;
    this.#acks = new AckBatcher({ send: (cursors) => connection.post('ack', { cursors }) });
    this.#storeSync = new StoreSync({ intervalMs: syncIntervalMs, sync: () => this.#syncWithStore() });
    this.#inbox = new Inbox({
      fetchAfter: (peer, afterSeq, limit) => this.#history(peer, { afterSeq, limit }),
      deliver: (conversationId, peer, messages) => this.#delivered(conversationId, peer, messages),
      acks: this.#acks,
      syncSoon: () => this.#storeSync.syncNow(),
    });
    this.outbox = new Outbox({
      send: (request) => connection.request('sendMessage', request),
      canSend: () => connection.isOnline,
      storage,
    });
    this.outbox.addEventListener('stored', (e) => this.#stored(e.detail.message));
    this.#snapshot = new TalkSnapshot(storage);
    this.typing = new Typing({ send: (peer, typing) => connection.post('typing', { to: peer, state: typing ? 'TYPING_STATE_TYPING' : 'TYPING_STATE_PAUSED' }) });
    this.state.addEventListener('talks', () => this.#snapshot.saveSoon(this.state));
    connection.addEventListener('session', (e) => this.#onSession(e.detail));
    connection.addEventListener('push', (e) => this.#onPush(e.detail.name, e.detail.body));
    connection.addEventListener('state', (e) => this.#onConnectionState(e.detail.name));
    doc?.addEventListener('visibilitychange', () => this.#markOpenReadSoon());
  }

  get me() {
    return this.state.me;
  }

  /**
   * A reload continuing a stored session: shows the talk list as this tab last saw it and the messages still
   * waiting in the outbox, so that without a network the user sees them, pending, until the session resumes.
   */
  showLastSeen(userId) {
    const snapshot = this.#snapshot.load(userId);
    this.#snapshot.keepFor(userId);
    this.outbox.load(userId);
    if (snapshot) {
      this.state.applySession(snapshot);
      this.#showingLastSeen = userId;
    }
  }

  /** Queues a message to a conversation. Blank text is ignored; false when nothing was queued. */
  send(conversationId, type, text) {
    const talk = this.state.talks.get(conversationId);
    return talk !== undefined && this.sendTo(talk.peer, type, text) !== null;
  }

  /**
   * Queues a message to a friend or group, whether or not its talk is in the list yet. Blank text is ignored.
   * @returns the outbox entry (its clientMsgId names the message until it is stored), or null when nothing was
   *   queued (blank, or the outbox is full)
   */
  sendTo(peer, type, text) {
    if (type === MessageType.TEXT && text.trim() === '') {
      return null;
    }
    const conversationId = this.conversationIdOf(peer);
    const entry = this.outbox.enqueue({ peer, conversationId, type, text });
    if (entry) {
      this.typing.sentMessage(conversationId);
      this.state.notePending(conversationId, peer, { type, text });
    }
    return entry;
  }

  /**
   * Tells a conversation's other participants whether this user is typing there. Call it on every input event;
   * repeats are throttled (one "typing" every 3 s, "stopped" once after typing) and nothing goes out offline.
   */
  sendTyping(conversationId, typing) {
    const talk = this.state.talks.get(conversationId);
    if (talk) {
      this.typing.signal(conversationId, talk.peer, typing);
    }
  }

  /** Shows a conversation and moves its read cursor. */
  open(conversationId) {
    this.state.open(conversationId);
    this.#markOpenReadSoon(0);
  }

  /**
   * Edits a text message this user sent (within the server's edit window). The event the server stored comes back
   * into the conversation through the inbox, like an own message, so every view applies it in order.
   * @returns {Promise<import('../protocol/envelope.js').ChatMessage>} the edit event; rejects with a RelinkError
   *   (FORBIDDEN: not yours, too late, recalled; NOT_FOUND)
   */
  async editMessage(peer, seq, text, clientMsgId = newClientMsgId()) {
    const answer = await this.#connection.request('editMessage', { clientMsgId, peer, seq, text });
    return this.#changed(answer);
  }

  /**
   * Chooses who may see this user's presence (one of PresenceAudience); stored by the server for every device.
   * @returns {Promise<string>} the choice now in force
   */
  async setPresenceAudience(audience) {
    const answer = await this.#connection.request('setPresenceAudience', { audience });
    this.presence.setAudience(answer.audience ?? audience);
    return this.presence.audience;
  }

  /**
   * Recalls a message this user sent (within the server's recall window); as editMessage.
   * @returns {Promise<import('../protocol/envelope.js').ChatMessage>} the recall event
   */
  async recallMessage(peer, seq) {
    const answer = await this.#connection.request('recallMessage', { peer, seq });
    return this.#changed(answer);
  }

  #changed(answer) {
    const event = normalizeMessage(answer.event ?? {});
    this.#received(event);
    return event;
  }

  /** Opens the talk with a friend or group (creating it on both sides for a friend) and shows it. */
  async openTalkWith(peer) {
    const answer = await this.#connection.request('openTalk', { peer });
    const talk = normalizeTalk(answer.talk ?? {});
    this.state.upsertTalk(talk);
    this.#inbox.beginTalks([talk]);
    this.open(talk.conversationId);
    return talk.conversationId;
  }

  async deleteTalk(conversationId) {
    const talk = this.state.talks.get(conversationId);
    if (talk) {
      await this.#connection.request('deleteTalk', { peer: talk.peer });
      this.state.removeTalk(conversationId);
    }
  }

  /** Users matching a key; the newest users ("people you may know") for an empty key. */
  async searchUsers(key) {
    const answer = await this.#connection.request('searchUsers', { key, limit: 10 });
    return (answer.users ?? []).map((u) => ({ profile: normalizeProfile(u.profile), isFriend: u.isFriend === true, online: u.online === true }));
  }

  /**
   * The one-step add of older versions: a friend request without a note now. Friends at once only when they had
   * asked first (or already were); otherwise the request waits for them.
   * @returns {Promise<{state: 'pending'|'friends', user: object}>}
   */
  async addFriend(userId) {
    return this.requestFriend(userId);
  }

  /**
   * Asks a user (any case of the id) for friendship, with an optional note (up to 200 characters).
   * @returns {Promise<{state: 'pending'|'friends', user: object}>}
   */
  async requestFriend(userId, note = '') {
    const answer = await this.#connection.request('requestFriend', { userId, note });
    const user = normalizeProfile(answer.user);
    if (answer.state === 'FRIEND_REQUEST_STATE_FRIENDS') {
      this.state.addFriend(user);
      return { state: 'friends', user };
    }
    this.state.addFriendRequest({ user, incoming: false, note, sentAt: new Date() });
    return { state: 'pending', user };
  }

  /** The pending requests, both ways, and the users this user blocks, from the server (the state updates). */
  async listFriendRequests() {
    const answer = await this.#connection.request('listFriendRequests', {});
    const requests = (answer.requests ?? []).map(normalizeFriendRequest);
    const blocked = (answer.blocked ?? []).map(normalizeProfile);
    this.state.applyFriendRequests(requests, blocked);
    return { requests, blocked };
  }

  /** Accepts a user's pending request: friends now. */
  async acceptFriend(userId) {
    const answer = await this.#connection.request('acceptFriend', { userId });
    const friend = normalizeProfile(answer.friend);
    this.state.addFriend(friend);
    return friend;
  }

  /** Declines a user's pending request (they are not told). */
  async declineFriend(userId) {
    const answer = await this.#connection.request('declineFriend', { userId });
    this.state.removeFriendRequest(userId);
    return answer.changed === true;
  }

  /** Takes back this user's pending request to another. */
  async cancelFriendRequest(userId) {
    const answer = await this.#connection.request('cancelFriendRequest', { userId });
    this.state.removeFriendRequest(userId);
    return answer.changed === true;
  }

  /** Ends a friendship (the history stays). */
  async removeFriend(userId) {
    const answer = await this.#connection.request('removeFriend', { userId });
    this.state.removeFriend(userId);
    return answer.changed === true;
  }

  /** Blocks a user: a friendship ends, and their requests no longer reach this user. */
  async blockUser(userId) {
    const answer = await this.#connection.request('blockUser', { userId });
    this.state.setBlocked(normalizeProfile(answer.user), true);
    return answer.changed === true;
  }

  /** Lifts a block (they are not told). */
  async unblockUser(userId) {
    const answer = await this.#connection.request('unblockUser', { userId });
    this.state.setBlocked(normalizeProfile(answer.user), false);
    return answer.changed === true;
  }

  /**
   * Creates a group owned by this user.
   * @param {string} name
   * @param {string[]} [memberIds] friends to add at once
   * @param {{ isPublic?: boolean, history?: 'GROUP_HISTORY_FROM_JOIN' | 'GROUP_HISTORY_WHOLE' }} [settings]
   */
  async createGroup(name, memberIds = [], settings = {}) {
    return this.#groupAnswer(await this.#connection.request('createGroup', { name, memberIds, ...settings }));
  }

  /**
   * Joins a group: by its id when it is public, or with one of its invite codes (rejects with INVITE_INVALID when
   * the code does not work).
   * @param {string} groupId
   * @param {string} [code]
   */
  async joinGroup(groupId, code = '') {
    return this.#groupAnswer(await this.#connection.request('joinGroup', code ? { groupId, code } : { groupId }));
  }

  /** Adds a friend to a group this user is an admin or the owner of. */
  async inviteToGroup(groupId, userId) {
    return this.#groupAnswer(await this.#connection.request('inviteToGroup', { groupId, userId }));
  }

  /** Leaves a group (an owner who leaves hands it on). */
  async leaveGroup(groupId) {
    const answer = await this.#connection.request('leaveGroup', { groupId });
    this.state.removeGroup(groupId);
    return normalizeGroup(answer.group);
  }

  /**
   * Renames a group (admins, owner) and changes its settings (owner): only what is given changes.
   * @param {string} groupId
   * @param {{ name?: string, isPublic?: boolean, history?: 'GROUP_HISTORY_FROM_JOIN' | 'GROUP_HISTORY_WHOLE' }} changes
   */
  async updateGroup(groupId, changes) {
    return this.#groupAnswer(await this.#connection.request('updateGroup', { groupId, ...changes }));
  }

  /**
   * Gives a member a role (the owner); 'GROUP_ROLE_OWNER' hands ownership on.
   * @param {string} groupId
   * @param {string} userId
   * @param {'GROUP_ROLE_MEMBER' | 'GROUP_ROLE_ADMIN' | 'GROUP_ROLE_OWNER'} role
   */
  async setGroupRole(groupId, userId, role) {
    return this.#groupAnswer(await this.#connection.request('setGroupRole', { groupId, userId, role }));
  }

  /** Removes a member (admins remove members, the owner also admins). */
  async removeGroupMember(groupId, userId) {
    return this.#groupAnswer(await this.#connection.request('removeGroupMember', { groupId, userId }));
  }

  /**
   * A group's members with their roles, by nickname.
   * @returns {Promise<{ profile: import('../protocol/envelope.js').Profile, role: string }[]>}
   */
  async groupMembers(groupId) {
    const answer = await this.#connection.request('listGroupMembers', { groupId });
    return (answer.roles ?? []).map((m) => ({ profile: normalizeProfile(m.profile), role: m.role ?? 'GROUP_ROLE_MEMBER' }));
  }

  /**
   * Makes an invite code (admins, owner).
   * @param {string} groupId
   * @param {{ expiresInSeconds?: number, maxUses?: number }} [limits]
   * @returns {Promise<{ groupId: string, code: string, expiresAt: Date | null, maxUses: number, uses: number }>}
   */
  async createGroupInvite(groupId, limits = {}) {
    const answer = await this.#connection.request('createGroupInvite', { groupId, ...limits });
    return normalizeInvite(answer.invite);
  }

  /** A group's invite codes (admins, owner), newest first. */
  async groupInvites(groupId) {
    const answer = await this.#connection.request('listGroupInvites', { groupId });
    return (answer.invites ?? []).map(normalizeInvite);
  }

  /** Revokes an invite code (admins, owner). */
  async revokeGroupInvite(groupId, code) {
    await this.#connection.request('revokeGroupInvite', { groupId, code });
  }

  #groupAnswer(answer) {
    const group = normalizeGroup(answer.group);
    this.state.upsertGroup(group);
    return group;
  }

  /** Loads the page of messages before the oldest one shown (scrolling up). */
  async loadOlder(conversationId) {
    const conversation = this.state.conversation(conversationId);
    const talk = this.state.talks.get(conversationId);
    const oldest = conversation.messages[0]?.seq;
    if (!talk || conversation.loadingOlder || !conversation.hasOlder || !oldest) {
      return;
    }
    conversation.loadingOlder = true;
    try {
      const page = await this.#history(talk.peer, { beforeSeq: oldest, limit: HISTORY_PAGE });
      this.state.prependHistory(conversationId, page.messages, page.hasMore);
    } finally {
      conversation.loadingOlder = false;
    }
  }

  /** The conversation id for a friend or group as this user names it. */
  conversationIdOf(peer) {
    return conversationIdOf(peer, this.state.me?.userId ?? '');
  }

  // Off line, no sync is due until the next session; signed out, the last-seen talk list is this user's no more.
  #onConnectionState(name) {
    if (name !== 'online') {
      this.#storeSync.sessionEnded();
    }
    if (name === 'signed-out') {
      this.typing.reset();
      this.presence.reset();
      this.#snapshot.forget();
      this.#showingLastSeen = null;
    }
  }

  #onSession({ state, first }) {
    const userId = state.profile.userId;
    if (first || userId !== this.state.me?.userId) {
      if (this.#showingLastSeen !== userId) {
        this.state.reset(); // the last-seen talk list of this user stays (and its open talk) until applySession below
      }
      this.#inbox.reset();
      this.outbox.load(userId);
    }
    this.#showingLastSeen = null;
    this.#snapshot.keepFor(userId);
    this.state.applySession(state);
    this.presence.applySession(state.friendPresence, state.presenceAudience);
    this.#inbox.beginTalks(state.talks);
    this.#acks.flush(); // cursors delivered while the link was down
    this.outbox.flush();
    this.#markOpenReadSoon(0);
    this.#storeSync.sessionStarted();
    if (this.#inbox.holding) {
      this.#storeSync.syncNow(); // a conversation met in a push whose sync was lost with the last link
    }
  }

  /** Asks which talks this device is behind on, and pulls what no push brought. */
  async #syncWithStore() {
    const answer = await this.#connection.request('sync', {});
    this.#inbox.catchUp((answer.behind ?? []).map(normalizeTalkCursor));
  }

  #onPush(name, body) {
    switch (name) {
      case 'message':
        this.#received(normalizeMessage(body.message ?? {}));
        break;
      case 'friendAdded':
        this.state.addFriend(normalizeProfile(body.friend));
        break;
      case 'friendRequest': {
        const request = normalizeFriendRequest(body.request);
        if (body.change === 'FRIEND_REQUEST_CHANGE_RECEIVED') {
          this.state.addFriendRequest(request);
        } else {
          this.state.removeFriendRequest(request.user.userId);
        }
        break;
      }
      case 'friendRemoved':
        this.state.removeFriend(normalizeProfile(body.user).userId);
        break;
      case 'blockChanged':
        this.state.setBlocked(normalizeProfile(body.user), body.blocked === true);
        break;
      case 'talkOpened': {
        const talk = normalizeTalk(body.talk ?? {});
        this.state.upsertTalk(talk);
        this.#inbox.beginTalks([talk]);
        break;
      }
      case 'groupChanged':
        this.#groupChanged(body);
        break;
      case 'typingNotice':
        this.#typingNotice(body);
        break;
      case 'readNotice':
        this.receipts.apply({
          conversationId: this.conversationIdOf(normalizePeer(body.peer)),
          userId: body.userId ?? '',
          readSeq: int(body.readSeq),
          deliveredSeq: int(body.deliveredSeq),
        });
        break;
      case 'readSync':
        this.#readElsewhere(body);
        break;
      case 'readReceiptsChanged':
        this.receipts.setEnabled(body.enabled === true);
        break;
      case 'presence':
        this.presence.apply(body);
        break;
      default:
        break; // an error without a request id, or a push this version does not know: nothing to show
    }
  }

  #groupChanged(body) {
    const group = normalizeGroup(body.group);
    const member = normalizeProfile(body.member);
    const gone = body.change === 'GROUP_CHANGE_LEFT' || body.change === 'GROUP_CHANGE_REMOVED';
    if (gone && member.userId === this.state.me?.userId) {
      this.state.removeGroup(group.groupId, body.change === 'GROUP_CHANGE_REMOVED' ? 'removed' : 'left');
    } else {
      this.state.upsertGroup(group);
    }
  }

  #typingNotice(body) {
    const peer = { kind: body.peer?.kind ?? '', id: body.peer?.id ?? '' };
    this.typing.apply({
      conversationId: this.conversationIdOf(peer),
      userId: body.userId ?? '',
      nickname: body.nickname ?? '',
      typing: body.state === 'TYPING_STATE_TYPING',
      ttlMs: int(body.ttlMs),
    });
  }

  /** This user read further on another device: the badge follows (and counts what arrived here since). */
  #readElsewhere(body) {
    const conversationId = body.conversationId || this.conversationIdOf(normalizePeer(body.peer));
    const talk = this.state.talks.get(conversationId);
    const readSeq = int(body.readSeq);
    if (talk && readSeq > talk.readSeq) {
      const unread = Math.max(int(body.unread), this.state.unreadAfter(conversationId, readSeq), 0);
      this.state.markRead(conversationId, readSeq, unread);
      this.receipts.synced({ conversationId, readSeq, unread });
    }
  }

  /**
   * Asks the server where the other participants of a conversation are (when it opens), for ticks and "read by";
   * read notices keep it current. Nothing while this user's receipts are off.
   */
  async loadReadPositions(peer) {
    const answer = await this.#connection.request('readPositions', { peer });
    const positions = (answer.positions ?? []).map((p) => ({
      ...normalizeProfile(p.user), readSeq: int(p.readSeq), deliveredSeq: int(p.deliveredSeq),
    }));
    this.receipts.load(this.conversationIdOf(peer), answer.receiptsOff === true ? [] : positions);
  }

  /** Who has read the message at seq (the server's list: other than this user and the sender): [Profile]. */
  async readersOf(peer, seq) {
    const answer = await this.#connection.request('listReaders', { peer, seq });
    return (answer.readers ?? []).map(normalizeProfile);
  }

  /** Reads this user's read receipts setting (enabled undefined) or sets it; resolves to the setting. */
  async readReceipts(enabled) {
    const answer = await this.#connection.request('readReceipts', enabled === undefined ? {} : { enabled });
    this.receipts.setEnabled(answer.enabled === true);
    return this.receipts.enabled;
  }

  #received(message) {
    this.typing.stopped(message.conversationId, message.sender.userId); // a message ends its sender's typing
    if (this.#inbox.receive(message) === 'duplicate' && message.clientMsgId) {
      this.outbox.settle(message.clientMsgId);
    }
  }

  /** Our own send, as stored: it takes its place in the conversation through the inbox like any message. */
  #stored(message) {
    this.#received(message);
  }

  #delivered(conversationId, peer, messages) {
    const counting = isHidden(this.#document) || this.state.openConversationId !== conversationId;
    this.state.deliver(conversationId, peer, messages, { counting });
    for (const message of messages) {
      if (message.clientMsgId && message.sender.userId === this.state.me?.userId) {
        this.outbox.settle(message.clientMsgId);
      }
    }
    if (!counting) {
      this.#markOpenReadSoon();
    }
  }

  /** Moves the read cursor of the open talk to its last message, once things settle. */
  #markOpenReadSoon(delayMs = MARK_READ_DELAY_MS) {
    clearTimeout(this.#markReadTimer);
    this.#markReadTimer = setTimeout(() => void this.#markOpenRead(), delayMs);
  }

  async #markOpenRead() {
    const conversationId = this.state.openConversationId;
    const talk = conversationId ? this.state.talks.get(conversationId) : null;
    if (!talk || isHidden(this.#document) || !this.#connection.isOnline) {
      return;
    }
    if (talk.readSeq >= talk.lastSeq && talk.unread === 0) {
      return;
    }
    const seq = talk.lastSeq;
    this.state.markRead(conversationId, seq, 0);
    try {
      const answer = await this.#connection.request('markRead', { peer: talk.peer, seq });
      this.state.markRead(conversationId, seq, int(answer.unread));
    } catch {
      // Offline: the next session marks the open talk read again.
    }
  }

  // With afterSeq (0 included) a page forward from it; without, a page back from beforeSeq (0 = the latest).
  // The server tells the two apart by whether afterSeq is present, so it is left out when paging back.
  async #history(peer, { afterSeq, beforeSeq = 0, limit }) {
    const request = afterSeq === undefined ? { peer, beforeSeq, limit } : { peer, afterSeq, beforeSeq, limit };
    const answer = await this.#connection.request('history', request);
    return {
      messages: (answer.messages ?? []).map(normalizeMessage),
      hasMore: answer.hasMore === true,
      lastSeq: int(answer.lastSeq),
    };
  }
}

function normalizeInvite(invite) {
  return {
    groupId: invite?.groupId ?? '',
    code: invite?.code ?? '',
    expiresAt: invite?.expiresAt ? new Date(invite.expiresAt) : null,
    maxUses: int(invite?.maxUses),
    uses: int(invite?.uses),
  };
}
