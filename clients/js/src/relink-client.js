// The SDK's front door: a connection and a chat client put together with the options an app has at hand (a server
// URL and a password, an access token, or the hosting app's sign-in), and the few things most apps do (connect, send, listen). It adds no
// behaviour of its own: reconnects, resumes, the outbox, in-order delivery and the store sync are the same code
// the browser client runs, reachable as client.connection and client.chat for everything else (talks, friends,
// groups, history).

import { ChatClient } from './chat/chat-client.js';
import { Connection } from './connection/connection.js';
import { Credentials } from './connection/credentials.js';
import { ReconnectPolicy } from './connection/reconnect-policy.js';
import { memoryStorage } from './platform.js';
import { Kind, MessageType, RelinkError } from './protocol/envelope.js';
import { PresenceAudience } from './chat/presence.js';

/**
 * @typedef {object} RelinkClientOptions
 * @property {string} url the server's WebSocket endpoint, e.g. "wss://chat.example.com/ws"
 * @property {string} [userId] the account, with password
 * @property {string} [password] the account's password
 * @property {string} [accessToken] a JWT minted by the app's backend, in place of userId and password
 * @property {() => string | Promise<string>} [getAccessToken] called for a fresh token at each login (the first,
 *   and after a resume is refused): for tokens that expire
 * @property {boolean} [hostSignIn] true: sign in as the user the hosting app signed in, with no credentials (for a
 *   page of an app that hosts Relink with UseHostAuthentication: the app's cookie goes with the WebSocket upgrade)
 * @property {string} [deviceId] this device's id (delivery cursors are kept per device); random when not given
 * @property {Storage} [storage] where the resume token and unsent messages are kept (anything with getItem,
 *   setItem and removeItem: a page's sessionStorage or localStorage, a file-backed store); memory by default
 * @property {typeof WebSocket} [WebSocket] the WebSocket class (the global one by default; Node 20 has none
 *   without --experimental-websocket: pass the ws package's)
 * @property {number} [syncIntervalMs] time between store syncs, the bound on a lost push (60000 by default)
 * @property {{ baseMs?: number, maxMs?: number, jitter?: number, healthyAfterMs?: number }} [reconnect] the backoff
 *   between reconnect attempts: 1 s doubling up to 30 s, ±20%, by default
 */

/**
 * A Relink chat client. Events (addEventListener):
 * - 'message'  detail: a ChatMessage; every message of the user's conversations (their own included, from
 *              this and other devices), once each, in seq order per conversation, from the backlog and live
 * - 'edited'   detail: the edit event (a ChatMessage of type MessageType.EDIT): the message at its targetSeq now
 *              reads its text; in seq order with the messages, once, own edits included
 * - 'recalled' detail: the recall event (type MessageType.RECALL): the message at its targetSeq was taken back
 * - 'state'    detail: the connection state, { name, ... }: connecting, online, waiting (reconnecting:
 *              { attempt, retryAt }), offline, stopped, kicked ({ reason, message }), signed-out
 * - 'session'  detail: { profile, first, resumed }: a session began (first: since connect; resumed: the
 *              server continued the previous one, nothing to sign in again)
 * - 'signed-out' detail: { message, userId }: the server refused the stored credentials; connect again
 * - 'typing'   detail: { conversationId, typing: [{ userId, nickname }] }: who is typing in a conversation
 *              changed (someone started, stopped, sent their message, or went quiet for the signal's time to live)
 * - 'read'     detail: { conversationId, userId, readSeq, deliveredSeq }: another participant read (or, 1:1,
 *              received) further; at most one a second per user and conversation; none while receipts are off
 * - 'read-sync' detail: { conversationId, readSeq, unread }: this user read further on another device (the talk's
 *              unread count is already updated in chat.state)
 * - 'presence' detail: { userId, state: 'online'|'offline'|'hidden', lastSeen: Date|null }: a friend's presence
 *              changed as this user may see it (at a session's start for each friend whose view changed, then live)
 */
export class RelinkClient extends EventTarget {
  /** The connection underneath (state machine, requests). */
  connection;
  /** The chat client underneath (talks, friends, groups, history, the outbox). */
  chat;

  #auth;
  /** clientMsgId -> { resolve, reject } of send() promises not settled yet. */
  #waiting = new Map();

  /** @param {RelinkClientOptions} options */
  constructor(options) {
    super();
    const { url, userId, password, accessToken, getAccessToken, hostSignIn, deviceId, storage = memoryStorage(),
      WebSocket, syncIntervalMs, reconnect } = options ?? {};
    if (typeof url !== 'string' || !/^wss?:\/\//.test(url)) {
      throw new TypeError('url must be the server\'s WebSocket endpoint (ws:// or wss://).');
    }
    this.#auth = authFrom({ userId, password, accessToken, getAccessToken, hostSignIn });
    this.connection = new Connection({
      url,
      credentials: new Credentials({ deviceId, storage }),
      policy: new ReconnectPolicy(reconnect),
      WebSocket,
    });
    this.chat = new ChatClient(this.connection, { storage, syncIntervalMs });
    this.connection.addEventListener('state', (e) => this.#forward('state', e.detail));
    this.connection.addEventListener('signed-out', (e) => this.#forward('signed-out', e.detail));
    this.connection.addEventListener('session', (e) =>
      this.#forward('session', { profile: e.detail.state.profile, first: e.detail.first, resumed: e.detail.resumed }));
    this.chat.state.addEventListener('messages', (e) => this.#delivered(e.detail));
    this.chat.outbox.addEventListener('stored', (e) => this.#settle(e.detail.entry.clientMsgId, (w) => w.resolve(e.detail.message)));
    this.chat.outbox.addEventListener('failed', (e) => this.#settle(e.detail.entry.clientMsgId, (w) => w.reject(e.detail.error)));
    this.chat.typing.addEventListener('change', (e) => this.#forward('typing', e.detail));
    this.chat.receipts.addEventListener('read', (e) => this.#forward('read', e.detail));
    this.chat.receipts.addEventListener('sync', (e) => this.#forward('read-sync', e.detail));
    this.chat.presence.addEventListener('change', (e) => this.#forward('presence', e.detail));
  }

  /**
   * The connection state: { name, ... } (see the 'state' event).
   * @returns {{ name: string, attempt?: number, retryAt?: number, reason?: string, message?: string }}
   */
  get state() {
    return this.connection.state;
  }

  /**
   * The signed-in user's profile, or null before the first session.
   * @returns {import('./protocol/envelope.js').Profile | null}
   */
  get me() {
    return this.chat.me;
  }

  /**
   * Connects and signs in. Resolves once the session is up; rejects with a RelinkError (refused credentials,
   * server unreachable) and stays signed out. From then on the client reconnects and resumes by itself.
   */
  async connect() {
    if (this.#auth.password !== undefined) {
      await this.connection.signIn(this.#auth.userId, this.#auth.password);
    } else if (this.#auth.host) {
      await this.connection.signInWithHost();
    } else {
      await this.connection.signInWithToken(this.#auth.getAccessToken);
    }
  }

  /**
   * Sends a text to a user (to) or a group (group). Queued at once, and sent when a session is up, in the order
   * sent, through any number of reconnects, and stored once whatever happens to the links meanwhile.
   * @param {{ to?: string, group?: string, text: string }} message
   * @returns {Promise<import('./protocol/envelope.js').ChatMessage>} the message as stored (id, seq, sentAt);
   *   rejects with a RelinkError when the server refuses it (not a friend, not a member, too long)
   */
  send({ to, group, text }) {
    if ((to === undefined) === (group === undefined)) {
      return Promise.reject(new TypeError('send needs either to (a user id) or group (a group id).'));
    }
    if (typeof text !== 'string' || text.trim() === '') {
      return Promise.reject(new TypeError('send needs a text that is not blank.'));
    }
    if (!this.chat.me) {
      return Promise.reject(new RelinkError('CLIENT_OFFLINE', 'Not signed in yet: connect first.'));
    }
    const peer = to !== undefined ? { kind: Kind.DIRECT, id: String(to) } : { kind: Kind.GROUP, id: String(group) };
    const entry = this.chat.sendTo(peer, MessageType.TEXT, text);
    if (!entry) {
      return Promise.reject(new RelinkError('CLIENT_OUTBOX_FULL', 'Too many messages wait to be sent; try again once some are out.'));
    }
    return new Promise((resolve, reject) => this.#waiting.set(entry.clientMsgId, { resolve, reject }));
  }

  /**
   * Tells a user (to) or a group's other members (group) that this user is typing (typing: true) or stopped
   * without sending (false). Call it on every keystroke: a repeated "typing" goes out at most every 3 s, "stopped"
   * once after typing; nothing goes out offline and nothing is stored. Receivers forget it by themselves.
   * @param {{ to?: string, group?: string, typing: boolean }} signal
   */
  sendTyping({ to, group, typing }) {
    if ((to === undefined) === (group === undefined)) {
      throw new TypeError('sendTyping needs either to (a user id) or group (a group id).');
    }
    const peer = to !== undefined ? { kind: Kind.DIRECT, id: String(to) } : { kind: Kind.GROUP, id: String(group) };
    this.chat.typing.signal(this.chat.conversationIdOf(peer), peer, typing === true);
  }

  /**
   * A friend's presence as last told by the server, or null for a user it has not told about.
   * @param {string} userId
   * @returns {import('./chat/presence.js').FriendPresence | null}
   */
  presenceOf(userId) {
    return this.chat.presence.of(String(userId));
  }

  /**
   * Chooses who may see this user's presence: 'everyone', 'friends' (the default) or 'nobody'. Stored by the
   * server, for every device; friends whose view changes are told at once.
   * @param {'everyone' | 'friends' | 'nobody'} audience
   * @returns {Promise<string>} the choice now in force, as the server names it (PRESENCE_AUDIENCE_…)
   */
  setPresenceAudience(audience) {
    const wire = { everyone: PresenceAudience.EVERYONE, friends: PresenceAudience.FRIENDS, nobody: PresenceAudience.NOBODY }[audience];
    if (!wire) {
      return Promise.reject(new TypeError("setPresenceAudience takes 'everyone', 'friends' or 'nobody'."));
    }
    return this.chat.setPresenceAudience(wire);
  }

  /**
   * Edits a text message this user sent, within the server's edit window (24 h by default).
   * @param {{ to?: string, group?: string, seq: number, text: string }} change the conversation (to: a friend's
   *   user id, or group: a group id), the message's seq and its new text
   * @returns {Promise<import('./protocol/envelope.js').ChatMessage>} the edit event as stored; rejects with a
   *   RelinkError (ERROR_CODE_FORBIDDEN: not yours, past the window, recalled; ERROR_CODE_NOT_FOUND)
   */
  edit({ to, group, seq, text }) {
    if (typeof text !== 'string' || text.trim() === '') {
      return Promise.reject(new TypeError('edit needs a text that is not blank.'));
    }
    return this.#change({ to, group, seq }, (peer) => this.chat.editMessage(peer, seq, text));
  }

  /**
   * Recalls a message this user sent, within the server's recall window (2 minutes by default).
   * @param {{ to?: string, group?: string, seq: number }} change the conversation and the message's seq
   * @returns {Promise<import('./protocol/envelope.js').ChatMessage>} the recall event as stored
   */
  recall({ to, group, seq }) {
    return this.#change({ to, group, seq }, (peer) => this.chat.recallMessage(peer, seq));
  }

  /**
   * Where the other participants of a conversation have read and received it (those who share receipts).
   * @param {{ to?: string, group?: string }} conversation a friend's user id (to) or a group id (group)
   * @returns {Promise<{ userId: string, nickname: string, readSeq: number, deliveredSeq: number }[]>} by user id;
   *   empty while this user's receipts are off
   */
  async readPositions({ to, group }) {
    const peer = peerOf({ to, group });
    await this.chat.loadReadPositions(peer);
    return this.chat.receipts.positionsIn(this.chat.conversationIdOf(peer));
  }

  /**
   * Who has read the message at seq: participants other than this user and the message's sender (a group's
   * "read by" list). Empty while this user's receipts are off.
   * @param {{ to?: string, group?: string, seq: number }} message
   * @returns {Promise<import('./protocol/envelope.js').Profile[]>}
   */
  readers({ to, group, seq }) {
    if (!Number.isInteger(seq) || seq < 1) {
      return Promise.reject(new TypeError('seq must be the message\'s seq: a whole number from 1.'));
    }
    return this.chat.readersOf(peerOf({ to, group }), seq);
  }

  /**
   * Turns this user's read receipts on or off (on all their devices), or with no argument reads the setting. Off,
   * nobody sees how far this user read, and this user sees nobody's ('read' events stop); delivery still shows.
   * @param {boolean} [enabled]
   * @returns {Promise<boolean>} the setting now
   */
  readReceipts(enabled) {
    if (enabled !== undefined && typeof enabled !== 'boolean') {
      return Promise.reject(new TypeError('readReceipts takes true, false, or nothing (to read the setting).'));
    }
    return this.chat.readReceipts(enabled);
  }

  #change({ to, group, seq }, request) {
    if ((to === undefined) === (group === undefined)) {
      return Promise.reject(new TypeError('Name the conversation: either to (a user id) or group (a group id).'));
    }
    if (!Number.isInteger(seq) || seq < 1) {
      return Promise.reject(new TypeError('seq must be the message\'s seq: a whole number from 1.'));
    }
    return request(to !== undefined ? { kind: Kind.DIRECT, id: String(to) } : { kind: Kind.GROUP, id: String(group) });
  }

  /**
   * Listens to an event with a function that takes its detail; returns the function that stops listening.
   * @overload
   * @param {'message'} type
   * @param {(message: import('./protocol/envelope.js').ChatMessage) => void} listener
   * @returns {() => void}
   */
  /**
   * @overload
   * @param {'edited' | 'recalled'} type
   * @param {(change: import('./protocol/envelope.js').ChatMessage) => void} listener
   * @returns {() => void}
   */
  /**
   * @overload
   * @param {'state'} type
   * @param {(state: { name: string, attempt?: number, retryAt?: number, reason?: string, message?: string }) => void} listener
   * @returns {() => void}
   */
  /**
   * @overload
   * @param {'session'} type
   * @param {(session: { profile: import('./protocol/envelope.js').Profile, first: boolean, resumed: boolean }) => void} listener
   * @returns {() => void}
   */
  /**
   * @overload
   * @param {'typing'} type
   * @param {(change: { conversationId: string, typing: { userId: string, nickname: string }[] }) => void} listener
   * @returns {() => void}
   */
  /**
   * @overload
   * @param {'read'} type
   * @param {(read: { conversationId: string, userId: string, readSeq: number, deliveredSeq: number }) => void} listener
   * @returns {() => void}
   */
  /**
   * @overload
   * @param {'read-sync'} type
   * @param {(sync: { conversationId: string, readSeq: number, unread: number }) => void} listener
   * @returns {() => void}
   */
  /**
   * @overload
   * @param {'presence'} type
   * @param {(presence: import('./chat/presence.js').FriendPresence) => void} listener
   * @returns {() => void}
   */
  /**
   * @overload
   * @param {'signed-out'} type
   * @param {(info: { message: string, userId: string }) => void} listener
   * @returns {() => void}
   */
  /**
   * @param {string} type
   * @param {(detail: any) => void} listener
   * @returns {() => void}
   */
  on(type, listener) {
    const handler = (/** @type {CustomEvent} */ e) => listener(e.detail);
    this.addEventListener(type, handler);
    return () => this.removeEventListener(type, handler);
  }

  /** Skips the wait before the next reconnect attempt (also after stopReconnecting). */
  reconnectNow() {
    this.connection.reconnectNow();
  }

  /** Gives up reconnecting until reconnectNow. Unsent messages stay queued. */
  stopReconnecting() {
    this.connection.stop();
  }

  /** Ends the session on the server (its resume token stops working) and closes the link. */
  async signOut() {
    await this.connection.signOut();
    this.#abandonSends();
  }

  /**
   * Closes the link without ending the session on the server (another client with the same storage and
   * device id may resume it). Sends not yet stored reject with CLIENT_CLOSED.
   */
  close() {
    this.connection.stop();
    this.#abandonSends();
  }

  #delivered({ messages, changes, prepended }) {
    if (prepended) {
      return; // older history paged in on request: not news
    }
    for (const change of changes) {
      this.#forward(change.type === MessageType.EDIT ? 'edited' : 'recalled', change);
    }
    for (const message of messages) {
      if (message.clientMsgId) {
        // Our own send seen in the conversation, also when its answer was lost with a link (the catch-up found it).
        this.#settle(message.clientMsgId, (w) => w.resolve(message));
      }
      this.#forward('message', message);
    }
  }

  #settle(clientMsgId, action) {
    const waiting = this.#waiting.get(clientMsgId);
    if (waiting) {
      this.#waiting.delete(clientMsgId);
      action(waiting);
    }
  }

  #abandonSends() {
    const error = new RelinkError('CLIENT_CLOSED', 'The client was closed before the message was stored.');
    for (const clientMsgId of [...this.#waiting.keys()]) {
      this.#settle(clientMsgId, (w) => w.reject(error));
    }
  }

  #forward(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}

/** The peer a { to } or { group } names; a TypeError unless exactly one is given. */
function peerOf({ to, group }) {
  if ((to === undefined) === (group === undefined)) {
    throw new TypeError('Name the conversation: either to (a user id) or group (a group id).');
  }
  return to !== undefined ? { kind: Kind.DIRECT, id: String(to) } : { kind: Kind.GROUP, id: String(group) };
}

/**
 * The sign-in the options ask for: a password, a token (fixed or fetched), or the hosting app's; anything else is a
 * TypeError.
 */
function authFrom({ userId, password, accessToken, getAccessToken, hostSignIn }) {
  const ways = [password !== undefined, accessToken !== undefined, getAccessToken !== undefined, hostSignIn === true]
    .filter(Boolean).length;
  if (ways !== 1 || (hostSignIn !== undefined && typeof hostSignIn !== 'boolean')) {
    throw new TypeError('Give exactly one of password (with userId), accessToken, getAccessToken or hostSignIn: true.');
  }
  if (hostSignIn) {
    return { host: true };
  }
  if (password !== undefined) {
    if (!userId) {
      throw new TypeError('A password sign-in needs userId.');
    }
    return { userId, password };
  }
  if (getAccessToken !== undefined && typeof getAccessToken !== 'function') {
    throw new TypeError('getAccessToken must be a function returning a token (or a promise of one).');
  }
  return { getAccessToken: getAccessToken ?? (() => accessToken) };
}
