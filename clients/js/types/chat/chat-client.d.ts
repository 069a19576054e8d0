/** The server's limit for a text message. */
export const MAX_TEXT_LENGTH: 4000;
export class ChatClient {
    /**
     * @param {import('../connection/connection.js').Connection} connection
     * @param {{ syncIntervalMs?: number, storage?: Storage, document?: import('../platform.js').PageEnvironment['document'] }} [options]
     *   syncIntervalMs: time between store syncs (the bound on a lost push); storage: where unsent messages and the
     *   last-seen talk list wait (the tab's sessionStorage in a browser, memory elsewhere); document: the page whose
     *   visibility counts (found by itself in a browser)
     */
    constructor(connection: import("../connection/connection.js").Connection, { document: doc, storage, syncIntervalMs, }?: {
        syncIntervalMs?: number;
        storage?: Storage;
        document?: import("../platform.js").PageEnvironment["document"];
    });
    /** @type {ChatState} */
    state: ChatState;
    /** @type {Outbox} */
    outbox: Outbox;
    /** Who is typing where ('change' events), and this user's own typing signals (see sendTyping). */
    typing: Typing;
    /** How far others read and received each conversation ('change' events), and this user's receipts setting. */
    receipts: ReadReceipts;
    /** Friends' presence ('change' events) and this user's own choice of who sees theirs (see setPresenceAudience). */
    presence: Presence;
    get me(): any;
    /**
     * A reload continuing a stored session: shows the talk list as this tab last saw it and the messages still
     * waiting in the outbox, so that without a network the user sees them, pending, until the session resumes.
     */
    showLastSeen(userId: any): void;
    /** Queues a message to a conversation. Blank text is ignored; false when nothing was queued. */
    send(conversationId: any, type: any, text: any): boolean;
    /**
     * Queues a message to a friend or group, whether or not its talk is in the list yet. Blank text is ignored.
     * @returns the outbox entry (its clientMsgId names the message until it is stored), or null when nothing was
     *   queued (blank, or the outbox is full)
     */
    sendTo(peer: any, type: any, text: any): {
        clientMsgId: string;
        peer: any;
        conversationId: any;
        type: any;
        text: any;
        state: string;
        error: string;
        createdAt: Date;
    };
    /**
     * Tells a conversation's other participants whether this user is typing there. Call it on every input event;
     * repeats are throttled (one "typing" every 3 s, "stopped" once after typing) and nothing goes out offline.
     */
    sendTyping(conversationId: any, typing: any): void;
    /** Shows a conversation and moves its read cursor. */
    open(conversationId: any): void;
    /**
     * Edits a text message this user sent (within the server's edit window). The event the server stored comes back
     * into the conversation through the inbox, like an own message, so every view applies it in order.
     * @returns {Promise<import('../protocol/envelope.js').ChatMessage>} the edit event; rejects with a RelinkError
     *   (FORBIDDEN: not yours, too late, recalled; NOT_FOUND)
     */
    editMessage(peer: any, seq: any, text: any, clientMsgId?: string): Promise<import("../protocol/envelope.js").ChatMessage>;
    /**
     * Chooses who may see this user's presence (one of PresenceAudience); stored by the server for every device.
     * @returns {Promise<string>} the choice now in force
     */
    setPresenceAudience(audience: any): Promise<string>;
    /**
     * Recalls a message this user sent (within the server's recall window); as editMessage.
     * @returns {Promise<import('../protocol/envelope.js').ChatMessage>} the recall event
     */
    recallMessage(peer: any, seq: any): Promise<import("../protocol/envelope.js").ChatMessage>;
    /** Opens the talk with a friend or group (creating it on both sides for a friend) and shows it. */
    openTalkWith(peer: any): Promise<any>;
    deleteTalk(conversationId: any): Promise<void>;
    /** Users matching a key; the newest users ("people you may know") for an empty key. */
    searchUsers(key: any): Promise<any>;
    /**
     * The one-step add of older versions: a friend request without a note now. Friends at once only when they had
     * asked first (or already were); otherwise the request waits for them.
     * @returns {Promise<{state: 'pending'|'friends', user: object}>}
     */
    addFriend(userId: any): Promise<{
        state: "pending" | "friends";
        user: object;
    }>;
    /**
     * Asks a user (any case of the id) for friendship, with an optional note (up to 200 characters).
     * @returns {Promise<{state: 'pending'|'friends', user: object}>}
     */
    requestFriend(userId: any, note?: string): Promise<{
        state: "pending" | "friends";
        user: object;
    }>;
    /** The pending requests, both ways, and the users this user blocks, from the server (the state updates). */
    listFriendRequests(): Promise<{
        requests: any;
        blocked: any;
    }>;
    /** Accepts a user's pending request: friends now. */
    acceptFriend(userId: any): Promise<import("../protocol/envelope.js").Profile>;
    /** Declines a user's pending request (they are not told). */
    declineFriend(userId: any): Promise<boolean>;
    /** Takes back this user's pending request to another. */
    cancelFriendRequest(userId: any): Promise<boolean>;
    /** Ends a friendship (the history stays). */
    removeFriend(userId: any): Promise<boolean>;
    /** Blocks a user: a friendship ends, and their requests no longer reach this user. */
    blockUser(userId: any): Promise<boolean>;
    /** Lifts a block (they are not told). */
    unblockUser(userId: any): Promise<boolean>;
    /**
     * Creates a group owned by this user.
     * @param {string} name
     * @param {string[]} [memberIds] friends to add at once
     * @param {{ isPublic?: boolean, history?: 'GROUP_HISTORY_FROM_JOIN' | 'GROUP_HISTORY_WHOLE' }} [settings]
     */
    createGroup(name: string, memberIds?: string[], settings?: {
        isPublic?: boolean;
        history?: "GROUP_HISTORY_FROM_JOIN" | "GROUP_HISTORY_WHOLE";
    }): Promise<import("../protocol/envelope.js").Group>;
    /**
     * Joins a group: by its id when it is public, or with one of its invite codes (rejects with INVITE_INVALID when
     * the code does not work).
     * @param {string} groupId
     * @param {string} [code]
     */
    joinGroup(groupId: string, code?: string): Promise<import("../protocol/envelope.js").Group>;
    /** Adds a friend to a group this user is an admin or the owner of. */
    inviteToGroup(groupId: any, userId: any): Promise<import("../protocol/envelope.js").Group>;
    /** Leaves a group (an owner who leaves hands it on). */
    leaveGroup(groupId: any): Promise<import("../protocol/envelope.js").Group>;
    /**
     * Renames a group (admins, owner) and changes its settings (owner): only what is given changes.
     * @param {string} groupId
     * @param {{ name?: string, isPublic?: boolean, history?: 'GROUP_HISTORY_FROM_JOIN' | 'GROUP_HISTORY_WHOLE' }} changes
     */
    updateGroup(groupId: string, changes: {
        name?: string;
        isPublic?: boolean;
        history?: "GROUP_HISTORY_FROM_JOIN" | "GROUP_HISTORY_WHOLE";
    }): Promise<import("../protocol/envelope.js").Group>;
    /**
     * Gives a member a role (the owner); 'GROUP_ROLE_OWNER' hands ownership on.
     * @param {string} groupId
     * @param {string} userId
     * @param {'GROUP_ROLE_MEMBER' | 'GROUP_ROLE_ADMIN' | 'GROUP_ROLE_OWNER'} role
     */
    setGroupRole(groupId: string, userId: string, role: "GROUP_ROLE_MEMBER" | "GROUP_ROLE_ADMIN" | "GROUP_ROLE_OWNER"): Promise<import("../protocol/envelope.js").Group>;
    /** Removes a member (admins remove members, the owner also admins). */
    removeGroupMember(groupId: any, userId: any): Promise<import("../protocol/envelope.js").Group>;
    /**
     * A group's members with their roles, by nickname.
     * @returns {Promise<{ profile: import('../protocol/envelope.js').Profile, role: string }[]>}
     */
    groupMembers(groupId: any): Promise<{
        profile: import("../protocol/envelope.js").Profile;
        role: string;
    }[]>;
    /**
     * Makes an invite code (admins, owner).
     * @param {string} groupId
     * @param {{ expiresInSeconds?: number, maxUses?: number }} [limits]
     * @returns {Promise<{ groupId: string, code: string, expiresAt: Date | null, maxUses: number, uses: number }>}
     */
    createGroupInvite(groupId: string, limits?: {
        expiresInSeconds?: number;
        maxUses?: number;
    }): Promise<{
        groupId: string;
        code: string;
        expiresAt: Date | null;
        maxUses: number;
        uses: number;
    }>;
    /** A group's invite codes (admins, owner), newest first. */
    groupInvites(groupId: any): Promise<any>;
    /** Revokes an invite code (admins, owner). */
    revokeGroupInvite(groupId: any, code: any): Promise<void>;
    /** Loads the page of messages before the oldest one shown (scrolling up). */
    loadOlder(conversationId: any): Promise<void>;
    /** The conversation id for a friend or group as this user names it. */
    conversationIdOf(peer: any): string;
    /**
     * Asks the server where the other participants of a conversation are (when it opens), for ticks and "read by";
     * read notices keep it current. Nothing while this user's receipts are off.
     */
    loadReadPositions(peer: any): Promise<void>;
    /** Who has read the message at seq (the server's list: other than this user and the sender): [Profile]. */
    readersOf(peer: any, seq: any): Promise<any>;
    /** Reads this user's read receipts setting (enabled undefined) or sets it; resolves to the setting. */
    readReceipts(enabled: any): Promise<any>;
    #private;
}
import { ChatState } from './chat-state.js';
import { Outbox } from './outbox.js';
import { Typing } from './typing.js';
import { ReadReceipts } from './receipts.js';
import { Presence } from './presence.js';
