/** Whether a ChatMessage is a group system message (joined, left, removed, renamed, role changed): a line of its own. */
export function isGroupEvent(message: any): boolean;
/**
 * A group system message as a sentence ("Alice added Bob", "Bob left", "Alice made Bob an admin"); any other
 * message's text.
 * @param {{ type: string, text: string, sender: { userId: string, nickname: string } }} message
 * @returns {string}
 */
export function describeGroupEvent(message: {
    type: string;
    text: string;
    sender: {
        userId: string;
        nickname: string;
    };
}): string;
/** Whether a ChatMessage is an edit or recall event (applied to its target, never shown as a message). */
export function isChange(message: any): boolean;
/**
 * Whether a ChatMessage is news: text or emoji. Edits, recalls and group system messages (joined, left, ...) are
 * lines or changes of the conversation, and like WhatsApp's and Telegram's service messages they never raise the
 * unread count; the server counts the same way (docs/protocol.md §5.4).
 */
export function isNews(message: any): boolean;
/** Builds a RelinkError from an Error body. */
export function errorFromBody(body: any): RelinkError;
/** The one body of an envelope: [name, body], or [null, null] for an empty (unknown) one. */
export function bodyOf(envelope: any): any[];
/** An int64 or int32 as a JavaScript number (ids and seqs stay far below 2^53). */
export function int(value: any): number;
/** A Timestamp as a Date, or null when absent. */
export function time(value: any): Date;
/** The canonical conversation id for a peer as the viewer names it ("d:<a>:<b>" with a < b ordinal, or "g:<id>"). */
export function conversationIdOf(peer: any, viewerId: any): string;
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
export function normalizePeer(peer: any): Peer;
/** @returns {Profile} */
export function normalizeProfile(profile: any): Profile;
/** @returns {Group} */
export function normalizeGroup(group: any): Group;
/** @returns {ChatMessage} */
export function normalizeMessage(m: any): ChatMessage;
export function normalizeTalk(t: any): {
    peer: Peer;
    conversationId: any;
    name: any;
    head: any;
    sketch: any;
    lastActivity: Date;
    unread: number;
    lastSeq: number;
    readSeq: number;
    deliveredSeq: number;
    latest: any;
    latestOmitted: number;
};
/** A TalkCursor of a sync answer: a talk this device is behind on. */
export function normalizeTalkCursor(t: any): {
    peer: Peer;
    conversationId: any;
    lastSeq: number;
    deliveredSeq: number;
};
/** A LoginResponse (also the state inside a ResumeResponse). */
export function normalizeSessionState(s: any): {
    profile: Profile;
    friends: any;
    groups: any;
    talks: any;
    heartbeat: {
        intervalMs: number;
        timeoutMs: number;
    };
    resumeToken: any;
    serverTime: Date;
    sessionId: any;
    friendRequests: any;
    blocked: any;
    friendPresence: any;
    presenceAudience: any;
};
/** A pending FriendRequest, as the signed-in user sees it: `user` is the other side. */
export function normalizeFriendRequest(r: any): {
    user: Profile;
    incoming: boolean;
    note: any;
    sentAt: Date;
};
/** ConversationKind names. */
export const Kind: Readonly<{
    DIRECT: "CONVERSATION_KIND_DIRECT";
    GROUP: "CONVERSATION_KIND_GROUP";
}>;
/** MessageType names. */
export const MessageType: Readonly<{
    TEXT: "MESSAGE_TYPE_TEXT";
    EMOJI: "MESSAGE_TYPE_EMOJI";
    /** An event, not content: the sender edited the message at targetSeq; text is its new version. */
    EDIT: "MESSAGE_TYPE_EDIT";
    /** An event, not content: the sender recalled the message at targetSeq. */
    RECALL: "MESSAGE_TYPE_RECALL";
    /** Group system messages (docs/protocol.md §3.3): text is "<userId> <nickname>" of whom it is about. */
    MEMBER_JOINED: "MESSAGE_TYPE_MEMBER_JOINED";
    MEMBER_LEFT: "MESSAGE_TYPE_MEMBER_LEFT";
    MEMBER_REMOVED: "MESSAGE_TYPE_MEMBER_REMOVED";
    /** text is the new name. */
    GROUP_RENAMED: "MESSAGE_TYPE_GROUP_RENAMED";
    /** text is "<role> <userId> <nickname>", role owner, admin or member. */
    ROLE_CHANGED: "MESSAGE_TYPE_ROLE_CHANGED";
}>;
/** ErrorCode names this client reacts to. */
export const ErrorCode: Readonly<{
    INVALID_CREDENTIALS: "ERROR_CODE_INVALID_CREDENTIALS";
    INVALID_ARGUMENT: "ERROR_CODE_INVALID_ARGUMENT";
    USER_EXISTS: "ERROR_CODE_USER_EXISTS";
    RESUME_REJECTED: "ERROR_CODE_RESUME_REJECTED";
    NOT_AUTHENTICATED: "ERROR_CODE_NOT_AUTHENTICATED";
    UNAVAILABLE: "ERROR_CODE_UNAVAILABLE";
    RATE_LIMITED: "ERROR_CODE_RATE_LIMITED";
}>;
/** KickReason names. */
export const KickReason: Readonly<{
    LOGGED_IN_ELSEWHERE: "KICK_REASON_LOGGED_IN_ELSEWHERE";
}>;
/** A refusal from the server (an Error answer) or a link failure on this side (code starts with "CLIENT_"). */
export class RelinkError extends Error {
    /**
     * @param {string} code ErrorCode name, or CLIENT_OFFLINE / CLIENT_LINK_CLOSED / CLIENT_TIMEOUT / CLIENT_UNREACHABLE
     * @param {string} message for humans
     * @param {string} [field] the offending field of an INVALID_ARGUMENT
     * @param {number} [retryAfterMs] for a busy server's UNAVAILABLE: the least wait before trying again (0: no hint)
     */
    constructor(code: string, message: string, field?: string, retryAfterMs?: number);
    code: string;
    field: string;
    retryAfterMs: number;
    /** Whether the request never got an answer because the link went away (it may or may not have been applied). */
    get isLinkFailure(): boolean;
}
/**
 * a conversation partner: a user (kind Kind.DIRECT, id: user id) or
 *   a group (Kind.GROUP, id: group id)
 */
export type Peer = {
    kind: string;
    id: string;
};
/**
 * a user as others see them
 */
export type Profile = {
    userId: string;
    nickname: string;
    head: string;
};
export type Group = {
    groupId: string;
    name: string;
    head: string;
    ownerId: string;
    memberCount: number;
};
/**
 * a stored message
 */
export type ChatMessage = {
    /**
     * the server's id for it
     */
    id: number;
    /**
     * "d:<a>:<b>" (two users) or "g:<id>" (a group)
     */
    conversationId: string;
    /**
     * the other side of the conversation, as the receiving user sees it
     */
    peer: Peer;
    /**
     * its place in the conversation: 1, 2, 3 ... without gaps
     */
    seq: number;
    sender: Profile;
    /**
     * a MessageType name
     */
    type: string;
    text: string;
    /**
     * when the server stored it
     */
    sentAt: Date | null;
    /**
     * the sender's idempotency key ("" when none)
     */
    clientMsgId: string;
    /**
     * for an EDIT or RECALL event: the seq of the message it changes (0 otherwise)
     */
    targetSeq: number;
    /**
     * when the message was last edited (its text is the new version), null if never
     */
    editedAt: Date | null;
    /**
     * the sender took the message back: show a placeholder (text is empty)
     */
    recalled: boolean;
};
