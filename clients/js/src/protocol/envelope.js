// The wire contract (proto/relink.proto) as the browser sees it: canonical protobuf JSON. Field names are
// lowerCamelCase, enums travel by name, int64 fields (ids, seqs) arrive as strings, Timestamps as RFC 3339
// strings, and every field holding its default value is left out. The normalisers below turn what arrives into
// plain objects with every field present and numbers as numbers, so no other module has to remember that.

/** ConversationKind names. */
export const Kind = Object.freeze({
  DIRECT: 'CONVERSATION_KIND_DIRECT',
  GROUP: 'CONVERSATION_KIND_GROUP',
});

/** MessageType names. */
export const MessageType = Object.freeze({
  TEXT: 'MESSAGE_TYPE_TEXT',
  EMOJI: 'MESSAGE_TYPE_EMOJI',
  /** An event, not content: the sender edited the message at targetSeq; text is its new version. */
  EDIT: 'MESSAGE_TYPE_EDIT',
  /** An event, not content: the sender recalled the message at targetSeq. */
  RECALL: 'MESSAGE_TYPE_RECALL',
  /** Group system messages (docs/protocol.md §3.3): text is "<userId> <nickname>" of whom it is about. */
  MEMBER_JOINED: 'MESSAGE_TYPE_MEMBER_JOINED',
  MEMBER_LEFT: 'MESSAGE_TYPE_MEMBER_LEFT',
  MEMBER_REMOVED: 'MESSAGE_TYPE_MEMBER_REMOVED',
  /** text is the new name. */
  GROUP_RENAMED: 'MESSAGE_TYPE_GROUP_RENAMED',
  /** text is "<role> <userId> <nickname>", role owner, admin or member. */
  ROLE_CHANGED: 'MESSAGE_TYPE_ROLE_CHANGED',
});

const GROUP_EVENTS = new Set([
  MessageType.MEMBER_JOINED, MessageType.MEMBER_LEFT, MessageType.MEMBER_REMOVED, MessageType.GROUP_RENAMED, MessageType.ROLE_CHANGED,
]);

/** Whether a ChatMessage is a group system message (joined, left, removed, renamed, role changed): a line of its own. */
export function isGroupEvent(message) {
  return GROUP_EVENTS.has(message.type);
}

/**
 * A group system message as a sentence ("Alice added Bob", "Bob left", "Alice made Bob an admin"); any other
 * message's text.
 * @param {{ type: string, text: string, sender: { userId: string, nickname: string } }} message
 * @returns {string}
 */
export function describeGroupEvent(message) {
  const actor = message.sender.nickname || message.sender.userId;
  if (message.type === MessageType.GROUP_RENAMED) {
    return `${actor} renamed the group to ${message.text}`;
  }
  if (!isGroupEvent(message)) {
    return message.text;
  }
  const role = message.type === MessageType.ROLE_CHANGED;
  const parts = message.text.split(' ');
  const userId = parts[role ? 1 : 0] ?? '';
  const nickname = parts.slice(role ? 2 : 1).join(' ') || userId;
  switch (message.type) {
    case MessageType.MEMBER_JOINED: return userId === message.sender.userId ? `${nickname} joined` : `${actor} added ${nickname}`;
    case MessageType.MEMBER_LEFT: return `${nickname} left`;
    case MessageType.MEMBER_REMOVED: return `${actor} removed ${nickname}`;
    default: return parts[0] === 'owner' ? `${nickname} is now the owner` : `${actor} made ${nickname} ${parts[0] === 'admin' ? 'an admin' : 'a member'}`;
  }
}

/** Whether a ChatMessage is an edit or recall event (applied to its target, never shown as a message). */
export function isChange(message) {
  return message.type === MessageType.EDIT || message.type === MessageType.RECALL;
}

/**
 * Whether a ChatMessage is news: text or emoji. Edits, recalls and group system messages (joined, left, ...) are
 * lines or changes of the conversation, and like WhatsApp's and Telegram's service messages they never raise the
 * unread count; the server counts the same way (docs/protocol.md §5.4).
 */
export function isNews(message) {
  return message.type === MessageType.TEXT || message.type === MessageType.EMOJI;
}

/** ErrorCode names this client reacts to. */
export const ErrorCode = Object.freeze({
  INVALID_CREDENTIALS: 'ERROR_CODE_INVALID_CREDENTIALS',
  INVALID_ARGUMENT: 'ERROR_CODE_INVALID_ARGUMENT',
  USER_EXISTS: 'ERROR_CODE_USER_EXISTS',
  RESUME_REJECTED: 'ERROR_CODE_RESUME_REJECTED',
  NOT_AUTHENTICATED: 'ERROR_CODE_NOT_AUTHENTICATED',
  UNAVAILABLE: 'ERROR_CODE_UNAVAILABLE',
  RATE_LIMITED: 'ERROR_CODE_RATE_LIMITED',
});

/** KickReason names. */
export const KickReason = Object.freeze({
  LOGGED_IN_ELSEWHERE: 'KICK_REASON_LOGGED_IN_ELSEWHERE',
});

/** A refusal from the server (an Error answer) or a link failure on this side (code starts with "CLIENT_"). */
export class RelinkError extends Error {
  /**
   * @param {string} code ErrorCode name, or CLIENT_OFFLINE / CLIENT_LINK_CLOSED / CLIENT_TIMEOUT / CLIENT_UNREACHABLE
   * @param {string} message for humans
   * @param {string} [field] the offending field of an INVALID_ARGUMENT
   * @param {number} [retryAfterMs] for a busy server's UNAVAILABLE: the least wait before trying again (0: no hint)
   */
  constructor(code, message, field = '', retryAfterMs = 0) {
    super(message);
    this.name = 'RelinkError';
    this.code = code;
    this.field = field;
    this.retryAfterMs = retryAfterMs;
  }

  /** Whether the request never got an answer because the link went away (it may or may not have been applied). */
  get isLinkFailure() {
    return this.code === 'CLIENT_LINK_CLOSED' || this.code === 'CLIENT_TIMEOUT' || this.code === 'CLIENT_OFFLINE';
  }
}

/** Builds a RelinkError from an Error body. */
export function errorFromBody(body) {
  return new RelinkError(body.code ?? 'ERROR_CODE_UNSPECIFIED', body.message ?? 'The server refused the request.', body.field ?? '',
    Math.max(0, Number(body.retryAfterMs ?? 0) || 0));
}

/** The one body of an envelope: [name, body], or [null, null] for an empty (unknown) one. */
export function bodyOf(envelope) {
  for (const key of Object.keys(envelope)) {
    if (key !== 'requestId') {
      return [key, envelope[key] ?? {}];
    }
  }
  return [null, null];
}

/** An int64 or int32 as a JavaScript number (ids and seqs stay far below 2^53). */
export function int(value) {
  return value === undefined || value === null ? 0 : Number(value);
}

/** A Timestamp as a Date, or null when absent. */
export function time(value) {
  return value ? new Date(value) : null;
}

/** The canonical conversation id for a peer as the viewer names it ("d:<a>:<b>" with a < b ordinal, or "g:<id>"). */
export function conversationIdOf(peer, viewerId) {
  if (peer.kind === Kind.GROUP) {
    return `g:${peer.id}`;
  }
  // Ids are ASCII, so JavaScript's UTF-16 comparison is the server's ordinal comparison.
  return viewerId < peer.id ? `d:${viewerId}:${peer.id}` : `d:${peer.id}:${viewerId}`;
}

/**
 * @typedef {{ kind: string, id: string }} Peer a conversation partner: a user (kind Kind.DIRECT, id: user id) or
 *   a group (Kind.GROUP, id: group id)
 * @typedef {{ userId: string, nickname: string, head: string }} Profile a user as others see them
 * @typedef {{ groupId: string, name: string, head: string, ownerId: string, memberCount: number }} Group
 * @typedef {object} ChatMessage a stored message
 * @property {number} id the server's id for it
 * @property {string} conversationId "d:<a>:<b>" (two users) or "g:<id>" (a group)
 * @property {Peer} peer the other side of the conversation, as the receiving user sees it
 * @property {number} seq its place in the conversation: 1, 2, 3 ... without gaps
 * @property {Profile} sender
 * @property {string} type a MessageType name
 * @property {string} text
 * @property {Date | null} sentAt when the server stored it
 * @property {string} clientMsgId the sender's idempotency key ("" when none)
 * @property {number} targetSeq for an EDIT or RECALL event: the seq of the message it changes (0 otherwise)
 * @property {Date | null} editedAt when the message was last edited (its text is the new version), null if never
 * @property {boolean} recalled the sender took the message back: show a placeholder (text is empty)
 */

/** @returns {Peer} */
export function normalizePeer(peer) {
  return { kind: peer?.kind ?? 'CONVERSATION_KIND_UNSPECIFIED', id: peer?.id ?? '' };
}

/** @returns {Profile} */
export function normalizeProfile(profile) {
  return { userId: profile?.userId ?? '', nickname: profile?.nickname ?? '', head: profile?.head ?? '' };
}

/** @returns {Group} */
export function normalizeGroup(group) {
  return {
    groupId: group?.groupId ?? '',
    name: group?.name ?? '',
    head: group?.head ?? '',
    ownerId: group?.ownerId ?? '',
    memberCount: int(group?.memberCount),
    isPublic: group?.isPublic === true,
    history: group?.history ?? 'GROUP_HISTORY_FROM_JOIN',
  };
}

/** @returns {ChatMessage} */
export function normalizeMessage(m) {
  return {
    id: int(m.id),
    conversationId: m.conversationId ?? '',
    peer: normalizePeer(m.peer),
    seq: int(m.seq),
    sender: normalizeProfile(m.sender),
    type: m.type ?? 'MESSAGE_TYPE_UNSPECIFIED',
    text: m.text ?? '',
    sentAt: time(m.sentAt),
    clientMsgId: m.clientMsgId ?? '',
    targetSeq: int(m.targetSeq),
    editedAt: time(m.editedAt),
    recalled: m.recalled === true,
  };
}

export function normalizeTalk(t) {
  return {
    peer: normalizePeer(t.peer),
    conversationId: t.conversationId ?? '',
    name: t.name ?? '',
    head: t.head ?? '',
    sketch: t.sketch ?? '',
    lastActivity: time(t.lastActivity),
    unread: int(t.unread),
    lastSeq: int(t.lastSeq),
    readSeq: int(t.readSeq),
    deliveredSeq: int(t.deliveredSeq),
    latest: (t.latest ?? []).map(normalizeMessage),
    latestOmitted: int(t.latestOmitted),
  };
}

/** A TalkCursor of a sync answer: a talk this device is behind on. */
export function normalizeTalkCursor(t) {
  return {
    peer: normalizePeer(t.peer),
    conversationId: t.conversationId ?? '',
    lastSeq: int(t.lastSeq),
    deliveredSeq: int(t.deliveredSeq),
  };
}

/** A LoginResponse (also the state inside a ResumeResponse). */
export function normalizeSessionState(s) {
  return {
    profile: normalizeProfile(s.profile),
    friends: (s.friends ?? []).map(normalizeProfile),
    groups: (s.groups ?? []).map(normalizeGroup),
    talks: (s.talks ?? []).map(normalizeTalk),
    heartbeat: { intervalMs: int(s.heartbeat?.intervalMs), timeoutMs: int(s.heartbeat?.timeoutMs) },
    resumeToken: s.resumeToken ?? '',
    serverTime: time(s.serverTime),
    sessionId: s.sessionId ?? '',
    friendRequests: (s.friendRequests ?? []).map(normalizeFriendRequest),
    blocked: (s.blocked ?? []).map(normalizeProfile),
    // Presence: each friend's, as this user may see it (chat/presence.js reads them), and this user's own choice.
    friendPresence: s.friendPresence ?? [],
    presenceAudience: s.presenceAudience ?? '',
  };
}

/** A pending FriendRequest, as the signed-in user sees it: `user` is the other side. */
export function normalizeFriendRequest(r) {
  return { user: normalizeProfile(r?.user), incoming: r?.incoming === true, note: r?.note ?? '', sentAt: time(r?.sentAt) };
}
