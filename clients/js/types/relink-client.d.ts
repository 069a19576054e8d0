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
    /** @param {RelinkClientOptions} options */
    constructor(options: RelinkClientOptions);
    /** The connection underneath (state machine, requests). */
    connection: Connection;
    /** The chat client underneath (talks, friends, groups, history, the outbox). */
    chat: ChatClient;
    /**
     * The connection state: { name, ... } (see the 'state' event).
     * @returns {{ name: string, attempt?: number, retryAt?: number, reason?: string, message?: string }}
     */
    get state(): {
        name: string;
        attempt?: number;
        retryAt?: number;
        reason?: string;
        message?: string;
    };
    /**
     * The signed-in user's profile, or null before the first session.
     * @returns {import('./protocol/envelope.js').Profile | null}
     */
    get me(): import("./protocol/envelope.js").Profile | null;
    /**
     * Connects and signs in. Resolves once the session is up; rejects with a RelinkError (refused credentials,
     * server unreachable) and stays signed out. From then on the client reconnects and resumes by itself.
     */
    connect(): Promise<void>;
    /**
     * Sends a text to a user (to) or a group (group). Queued at once, and sent when a session is up, in the order
     * sent, through any number of reconnects, and stored once whatever happens to the links meanwhile.
     * @param {{ to?: string, group?: string, text: string }} message
     * @returns {Promise<import('./protocol/envelope.js').ChatMessage>} the message as stored (id, seq, sentAt);
     *   rejects with a RelinkError when the server refuses it (not a friend, not a member, too long)
     */
    send({ to, group, text }: {
        to?: string;
        group?: string;
        text: string;
    }): Promise<import("./protocol/envelope.js").ChatMessage>;
    /**
     * Tells a user (to) or a group's other members (group) that this user is typing (typing: true) or stopped
     * without sending (false). Call it on every keystroke: a repeated "typing" goes out at most every 3 s, "stopped"
     * once after typing; nothing goes out offline and nothing is stored. Receivers forget it by themselves.
     * @param {{ to?: string, group?: string, typing: boolean }} signal
     */
    sendTyping({ to, group, typing }: {
        to?: string;
        group?: string;
        typing: boolean;
    }): void;
    /**
     * A friend's presence as last told by the server, or null for a user it has not told about.
     * @param {string} userId
     * @returns {import('./chat/presence.js').FriendPresence | null}
     */
    presenceOf(userId: string): import("./chat/presence.js").FriendPresence | null;
    /**
     * Chooses who may see this user's presence: 'everyone', 'friends' (the default) or 'nobody'. Stored by the
     * server, for every device; friends whose view changes are told at once.
     * @param {'everyone' | 'friends' | 'nobody'} audience
     * @returns {Promise<string>} the choice now in force, as the server names it (PRESENCE_AUDIENCE_…)
     */
    setPresenceAudience(audience: "everyone" | "friends" | "nobody"): Promise<string>;
    /**
     * Edits a text message this user sent, within the server's edit window (24 h by default).
     * @param {{ to?: string, group?: string, seq: number, text: string }} change the conversation (to: a friend's
     *   user id, or group: a group id), the message's seq and its new text
     * @returns {Promise<import('./protocol/envelope.js').ChatMessage>} the edit event as stored; rejects with a
     *   RelinkError (ERROR_CODE_FORBIDDEN: not yours, past the window, recalled; ERROR_CODE_NOT_FOUND)
     */
    edit({ to, group, seq, text }: {
        to?: string;
        group?: string;
        seq: number;
        text: string;
    }): Promise<import("./protocol/envelope.js").ChatMessage>;
    /**
     * Recalls a message this user sent, within the server's recall window (2 minutes by default).
     * @param {{ to?: string, group?: string, seq: number }} change the conversation and the message's seq
     * @returns {Promise<import('./protocol/envelope.js').ChatMessage>} the recall event as stored
     */
    recall({ to, group, seq }: {
        to?: string;
        group?: string;
        seq: number;
    }): Promise<import("./protocol/envelope.js").ChatMessage>;
    /**
     * Where the other participants of a conversation have read and received it (those who share receipts).
     * @param {{ to?: string, group?: string }} conversation a friend's user id (to) or a group id (group)
     * @returns {Promise<{ userId: string, nickname: string, readSeq: number, deliveredSeq: number }[]>} by user id;
     *   empty while this user's receipts are off
     */
    readPositions({ to, group }: {
        to?: string;
        group?: string;
    }): Promise<{
        userId: string;
        nickname: string;
        readSeq: number;
        deliveredSeq: number;
    }[]>;
    /**
     * Who has read the message at seq: participants other than this user and the message's sender (a group's
     * "read by" list). Empty while this user's receipts are off.
     * @param {{ to?: string, group?: string, seq: number }} message
     * @returns {Promise<import('./protocol/envelope.js').Profile[]>}
     */
    readers({ to, group, seq }: {
        to?: string;
        group?: string;
        seq: number;
    }): Promise<import("./protocol/envelope.js").Profile[]>;
    /**
     * Turns this user's read receipts on or off (on all their devices), or with no argument reads the setting. Off,
     * nobody sees how far this user read, and this user sees nobody's ('read' events stop); delivery still shows.
     * @param {boolean} [enabled]
     * @returns {Promise<boolean>} the setting now
     */
    readReceipts(enabled?: boolean): Promise<boolean>;
    /**
     * Listens to an event with a function that takes its detail; returns the function that stops listening.
     * @overload
     * @param {'message'} type
     * @param {(message: import('./protocol/envelope.js').ChatMessage) => void} listener
     * @returns {() => void}
     */
    on(type: "message", listener: (message: import("./protocol/envelope.js").ChatMessage) => void): () => void;
    /**
     * @overload
     * @param {'edited' | 'recalled'} type
     * @param {(change: import('./protocol/envelope.js').ChatMessage) => void} listener
     * @returns {() => void}
     */
    on(type: "edited" | "recalled", listener: (change: import("./protocol/envelope.js").ChatMessage) => void): () => void;
    /**
     * @overload
     * @param {'state'} type
     * @param {(state: { name: string, attempt?: number, retryAt?: number, reason?: string, message?: string }) => void} listener
     * @returns {() => void}
     */
    on(type: "state", listener: (state: {
        name: string;
        attempt?: number;
        retryAt?: number;
        reason?: string;
        message?: string;
    }) => void): () => void;
    /**
     * @overload
     * @param {'session'} type
     * @param {(session: { profile: import('./protocol/envelope.js').Profile, first: boolean, resumed: boolean }) => void} listener
     * @returns {() => void}
     */
    on(type: "session", listener: (session: {
        profile: import("./protocol/envelope.js").Profile;
        first: boolean;
        resumed: boolean;
    }) => void): () => void;
    /**
     * @overload
     * @param {'typing'} type
     * @param {(change: { conversationId: string, typing: { userId: string, nickname: string }[] }) => void} listener
     * @returns {() => void}
     */
    on(type: "typing", listener: (change: {
        conversationId: string;
        typing: {
            userId: string;
            nickname: string;
        }[];
    }) => void): () => void;
    /**
     * @overload
     * @param {'read'} type
     * @param {(read: { conversationId: string, userId: string, readSeq: number, deliveredSeq: number }) => void} listener
     * @returns {() => void}
     */
    on(type: "read", listener: (read: {
        conversationId: string;
        userId: string;
        readSeq: number;
        deliveredSeq: number;
    }) => void): () => void;
    /**
     * @overload
     * @param {'read-sync'} type
     * @param {(sync: { conversationId: string, readSeq: number, unread: number }) => void} listener
     * @returns {() => void}
     */
    on(type: "read-sync", listener: (sync: {
        conversationId: string;
        readSeq: number;
        unread: number;
    }) => void): () => void;
    /**
     * @overload
     * @param {'presence'} type
     * @param {(presence: import('./chat/presence.js').FriendPresence) => void} listener
     * @returns {() => void}
     */
    on(type: "presence", listener: (presence: import("./chat/presence.js").FriendPresence) => void): () => void;
    /**
     * @overload
     * @param {'signed-out'} type
     * @param {(info: { message: string, userId: string }) => void} listener
     * @returns {() => void}
     */
    on(type: "signed-out", listener: (info: {
        message: string;
        userId: string;
    }) => void): () => void;
    /** Skips the wait before the next reconnect attempt (also after stopReconnecting). */
    reconnectNow(): void;
    /** Gives up reconnecting until reconnectNow. Unsent messages stay queued. */
    stopReconnecting(): void;
    /** Ends the session on the server (its resume token stops working) and closes the link. */
    signOut(): Promise<void>;
    /**
     * Closes the link without ending the session on the server (another client with the same storage and
     * device id may resume it). Sends not yet stored reject with CLIENT_CLOSED.
     */
    close(): void;
    #private;
}
export type RelinkClientOptions = {
    /**
     * the server's WebSocket endpoint, e.g. "wss://chat.example.com/ws"
     */
    url: string;
    /**
     * the account, with password
     */
    userId?: string;
    /**
     * the account's password
     */
    password?: string;
    /**
     * a JWT minted by the app's backend, in place of userId and password
     */
    accessToken?: string;
    /**
     * called for a fresh token at each login (the first,
     * and after a resume is refused): for tokens that expire
     */
    getAccessToken?: () => string | Promise<string>;
    /**
     * true: sign in as the user the hosting app signed in, with no credentials (for a
     * page of an app that hosts Relink with UseHostAuthentication: the app's cookie goes with the WebSocket upgrade)
     */
    hostSignIn?: boolean;
    /**
     * this device's id (delivery cursors are kept per device); random when not given
     */
    deviceId?: string;
    /**
     * where the resume token and unsent messages are kept (anything with getItem,
     * setItem and removeItem: a page's sessionStorage or localStorage, a file-backed store); memory by default
     */
    storage?: Storage;
    /**
     * the WebSocket class (the global one by default; Node 20 has none
     * without --experimental-websocket: pass the ws package's)
     */
    WebSocket?: typeof WebSocket;
    /**
     * time between store syncs, the bound on a lost push (60000 by default)
     */
    syncIntervalMs?: number;
    /**
     * the backoff
     * between reconnect attempts: 1 s doubling up to 30 s, ±20%, by default
     */
    reconnect?: {
        baseMs?: number;
        maxMs?: number;
        jitter?: number;
        healthyAfterMs?: number;
    };
};
import { Connection } from './connection/connection.js';
import { ChatClient } from './chat/chat-client.js';
