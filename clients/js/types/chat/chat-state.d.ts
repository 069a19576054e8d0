export class ChatState extends EventTarget {
    me: any;
    /** @type {Map<string, object>} userId -> profile */
    friends: Map<string, object>;
    /** @type {Map<string, object>} other user's id -> pending friend request ({user, incoming, note, sentAt}) */
    friendRequests: Map<string, object>;
    /** @type {Map<string, object>} userId -> profile of a user this user blocks */
    blocked: Map<string, object>;
    /**
     * Whether friends, blocks and groups are the server's (a login or resume answered): false before, and while an
     * offline reload shows only the last picture of the talk list, which has none of them.
     */
    relationsKnown: boolean;
    /** @type {Map<string, object>} groupId -> group */
    groups: Map<string, object>;
    /** @type {Map<string, object>} conversationId -> talk */
    talks: Map<string, object>;
    /** @type {Map<string, {messages: object[], hasOlder: boolean, loadingOlder: boolean}>} */
    conversations: Map<string, {
        messages: object[];
        hasOlder: boolean;
        loadingOlder: boolean;
    }>;
    /** The conversation on screen, or null. */
    openConversationId: any;
    /** Forgets everything (another user signed in). */
    reset(): void;
    /**
     * Takes the state of a login or resume. The talk list is the server's (it is the truth: talks deleted or
     * opened elsewhere); delivered messages are kept, the inbox continues them.
     */
    applySession(state: any): void;
    /** A talk the server sent (opened by us or by a friend): replaces the entry, keeps the messages. */
    upsertTalk(talk: any): void;
    removeTalk(conversationId: any): void;
    /**
     * Messages that came out of the inbox, in seq order, each once. Edit and recall events among them are applied to
     * the message they change (if this tab has it) and are not kept as messages; the 'messages' event lists them as
     * `changes`.
     */
    deliver(conversationId: any, peer: any, delivered: any, { counting }: {
        counting: any;
    }): void;
    /** How many of this tab's messages of a conversation after seq are unread news from others. */
    unreadAfter(conversationId: any, seq: any): any;
    /** Older messages from a history page (scrolling up). */
    prependHistory(conversationId: any, messages: any, hasOlder: any): void;
    /** A message typed here moves its talk to the top at once, before the server has it. */
    notePending(conversationId: any, peer: any, { type, text }: {
        type: any;
        text: any;
    }): void;
    /** The read cursor moved (MarkRead answered, or the open talk caught up). */
    markRead(conversationId: any, seq: any, unread: any): void;
    open(conversationId: any): void;
    addFriend(profile: any): void;
    removeFriend(userId: any): void;
    /** The server's pending requests and blocks (list_friend_requests). */
    applyFriendRequests(requests: any, blocked: any): void;
    /** A pending request appeared (ours or theirs). One per other user: asking again is the same request. */
    addFriendRequest(request: any): void;
    /** A request was accepted, declined or cancelled. */
    removeFriendRequest(userId: any): void;
    /** Requests to this user, oldest first: what the inbox lists and its badge counts. */
    incomingRequests(): any[];
    setBlocked(profile: any, blocked: any): void;
    upsertGroup(group: any): void;
    /**
     * Forgets a group this user is no longer in. With a reason ('left' or 'removed', from the server's push), a
     * 'group-gone' event tells which group went and why, so an app can say "you were removed from …".
     * @param {string} groupId
     * @param {'left' | 'removed'} [reason]
     */
    removeGroup(groupId: string, reason?: "left" | "removed"): void;
    conversation(conversationId: any): {
        messages: object[];
        hasOlder: boolean;
        loadingOlder: boolean;
    };
    /** Talks, latest activity first. */
    sortedTalks(): any[];
    /** Display name and avatar seed of a conversation partner. */
    describePeer(peer: any): {
        name: any;
        head: any;
    };
    #private;
}
