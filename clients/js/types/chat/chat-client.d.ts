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
     * Recalls a message this user sent (within the server's recall window); as editMessage.
     * @returns {Promise<import('../protocol/envelope.js').ChatMessage>} the recall event
     */
    recallMessage(peer: any, seq: any): Promise<import("../protocol/envelope.js").ChatMessage>;
    /** Opens the talk with a friend or group (creating it on both sides for a friend) and shows it. */
    openTalkWith(peer: any): Promise<any>;
    deleteTalk(conversationId: any): Promise<void>;
    /** Users matching a key; the newest users ("people you may know") for an empty key. */
    searchUsers(key: any): Promise<any>;
    addFriend(userId: any): Promise<void>;
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
    #private;
}
import { ChatState } from './chat-state.js';
import { Outbox } from './outbox.js';
import { Typing } from './typing.js';
