namespace Relink.Storage;

/// <summary>
/// Everything Relink persists. The store is the truth: a message is durable when <see cref="AppendMessageAsync"/>
/// completes, sequence numbers are assigned here (per conversation, 1, 2, 3 … without gaps), and read and delivery
/// cursors live here so a client can resume on any node after any crash.
/// </summary>
/// <remarks>
/// Implementations are safe for concurrent use by many sessions. Every implementation must pass the conformance
/// suite in tests/Relink.Storage.Tests. Failures to write surface as <see cref="StoreUnavailableException"/>, with
/// nothing of the call applied.
/// </remarks>
public partial interface IChatStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Call once before anything else.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    // ---- users

    /// <summary>
    /// Creates a user; false when the id is taken, in any case: ids are unique by <see cref="Ids.Normalize"/>, and
    /// the id is kept as given.
    /// </summary>
    Task<bool> CreateUserAsync(NewUser user, CancellationToken cancellationToken = default);

    /// <summary>
    /// The user with credentials, or null. Found by <see cref="Ids.Normalize"/> (any case); the record carries the id
    /// as stored. Of accounts that collide (from before ids ignored case), the one whose id is exactly
    /// <paramref name="userId"/> wins, else the oldest.
    /// </summary>
    Task<UserCredentials?> FindCredentialsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>The user's profile, or null; found as <see cref="FindCredentialsAsync"/> finds it.</summary>
    Task<UserRecord?> FindUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the password hash (used when a hash is upgraded or the password changed).</summary>
    Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Disables or re-enables an account (a disabled account cannot log in or resume); false when there is no such user.
    /// The id is the one stored (as a found record carries it).
    /// </summary>
    Task<bool> SetUserDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken = default);

    /// <summary>
    /// Users whose id or nickname contains <paramref name="key"/> (case-insensitive), or the newest users when the
    /// key is empty; newest first; <paramref name="excludeUserId"/> (the caller) is left out.
    /// </summary>
    Task<UserPage> SearchUsersAsync(string key, string excludeUserId, int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accounts whose ids are one under <see cref="Ids.Normalize"/> (created before ids ignored case): each list
    /// holds the ids of one such set, as stored. Empty when there are none.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<string>>> ListUserIdCollisionsAsync(CancellationToken cancellationToken = default);

    /// <summary>How many users exist.</summary>
    Task<int> CountUsersAsync(CancellationToken cancellationToken = default);

    // ---- friends

    /// <summary>
    /// Makes two users friends in both directions at once and creates their direct conversation; pending requests
    /// between them go. False when they already were. Without consent: for setting friendships up (demo data, tests,
    /// an app's own decision); users ask with <see cref="RequestFriendshipAsync"/>.
    /// </summary>
    Task<bool> AddFriendshipAsync(string userA, string userB, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the direct conversation of two users, with both as participants, unless it exists; it makes them
    /// no friends. For messages the server API sends between users who are not friends (the app decides who talks).
    /// </summary>
    Task OpenDirectConversationAsync(string userA, string userB, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Whether the two users are friends.</summary>
    Task<bool> AreFriendsAsync(string userA, string userB, CancellationToken cancellationToken = default);

    /// <summary>A user's friends, by nickname.</summary>
    Task<IReadOnlyList<UserRecord>> ListFriendsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Of <paramref name="candidates"/>, those that are friends of <paramref name="userId"/>.</summary>
    Task<IReadOnlySet<string>> FilterFriendsAsync(string userId, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken = default);

    // ---- friend requests and blocks (every change of a friendship goes through a method of this store)

    /// <summary>
    /// <paramref name="from"/> asks <paramref name="to"/> for friendship, in one atomic change: friends already, or the
    /// requester blocks the addressee: nothing happens; a request from <paramref name="to"/> pending: it is taken as
    /// accepted (the requests crossed) and the two become friends as <see cref="AddFriendshipAsync"/> makes them; the
    /// same request pending: nothing changes; else the request is stored (hidden from the addressee when the
    /// addressee blocks the requester).
    /// </summary>
    Task<FriendRequestOutcome> RequestFriendshipAsync(string from, string to, string note, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// The user's pending requests, both ways, oldest first: those the user sent, and those sent to the user by
    /// users the user does not block.
    /// </summary>
    Task<IReadOnlyList<FriendRequestRecord>> ListFriendRequestsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accepts the pending request <paramref name="requesterId"/> sent <paramref name="userId"/> (one the user sees):
    /// the request goes and the two become friends as <see cref="AddFriendshipAsync"/> makes them. False when there
    /// was no such request.
    /// </summary>
    Task<bool> AcceptFriendRequestAsync(string userId, string requesterId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Deletes the pending request <paramref name="from"/> sent <paramref name="to"/> (a decline or a cancel); false when there was none.</summary>
    Task<bool> DeleteFriendRequestAsync(string from, string to, CancellationToken cancellationToken = default);

    /// <summary>Ends a friendship, both ways at once; the direct conversation and its history stay. False when they were not friends.</summary>
    Task<bool> RemoveFriendshipAsync(string userA, string userB, CancellationToken cancellationToken = default);

    /// <summary>
    /// <paramref name="blocker"/> blocks <paramref name="blocked"/>, in one atomic change: a friendship between them
    /// ends and pending requests between them go, both ways.
    /// </summary>
    Task<BlockResult> BlockUserAsync(string blocker, string blocked, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lifts a block; pending requests between the two (made while it stood, unseen) go with it. False when there was
    /// no block.
    /// </summary>
    Task<bool> UnblockUserAsync(string blocker, string blocked, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="blocker"/> blocks <paramref name="blocked"/> (one direction).</summary>
    Task<bool> IsBlockedAsync(string blocker, string blocked, CancellationToken cancellationToken = default);

    /// <summary>
    /// Of <paramref name="candidates"/>, those that block <paramref name="blocked"/>: one query for a whole page of
    /// users (a search result shows a user who blocks the caller offline).
    /// </summary>
    Task<IReadOnlySet<string>> BlockersAmongAsync(string blocked, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken = default);

    /// <summary>The users <paramref name="blocker"/> blocks, by nickname.</summary>
    Task<IReadOnlyList<UserRecord>> ListBlockedAsync(string blocker, CancellationToken cancellationToken = default);

    // ---- groups

    // Creating groups and changing who is in them: IChatStore.Groups.cs.

    /// <summary>The group, or null.</summary>
    Task<GroupRecord?> FindGroupAsync(string groupId, CancellationToken cancellationToken = default);

    /// <summary>Whether the user is a member of the group.</summary>
    Task<bool> IsGroupMemberAsync(string groupId, string userId, CancellationToken cancellationToken = default);

    /// <summary>The groups a user belongs to, by name.</summary>
    Task<IReadOnlyList<GroupRecord>> ListGroupsOfUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>A group's members, by nickname.</summary>
    Task<IReadOnlyList<UserRecord>> ListGroupMembersAsync(string groupId, CancellationToken cancellationToken = default);

    // ---- talks (the talk list)

    /// <summary>
    /// Shows a conversation in the user's talk list (opening it, or bringing a deleted one back) and counts the
    /// open time as activity. The user must be a participant (friend or member); the caller checks.
    /// </summary>
    Task OpenTalkAsync(string userId, string conversationId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        OpenTalkAsync([userId], conversationId, at, cancellationToken);

    /// <summary>
    /// Opens the conversation in the talk lists of several participants at once, in one atomic change (both sides of a
    /// direct conversation: either both lists show it afterwards, or, on failure, neither changed).
    /// </summary>
    Task OpenTalkAsync(IReadOnlyCollection<string> userIds, string conversationId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a conversation from the user's talk list; its history is kept. It comes back by itself when a newer
    /// message arrives. False when it was not in the list.
    /// </summary>
    Task<bool> DeleteTalkAsync(string userId, string conversationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The user's talk list, newest activity first: every conversation the user takes part in that is open, or has
    /// a message newer than the last time the user deleted it. Each carries up to <paramref name="latestPerTalk"/>
    /// latest messages and the cursors of <paramref name="deviceId"/>.
    /// </summary>
    Task<IReadOnlyList<TalkRecord>> ListTalksAsync(string userId, string deviceId, int latestPerTalk, CancellationToken cancellationToken = default);

    /// <summary>One talk as <see cref="ListTalksAsync"/> would show it (even if deleted), or null when the user takes no part.</summary>
    Task<TalkRecord?> GetTalkAsync(string userId, string deviceId, string conversationId, int latestPerTalk, CancellationToken cancellationToken = default);

    /// <summary>
    /// The talks of <see cref="ListTalksAsync"/> whose last sequence number is past <paramref name="deviceId"/>'s
    /// delivery cursor, newest activity first, at most <paramref name="limit"/>: what a device that missed pushes
    /// still has to fetch. Reads cursors only, no messages.
    /// </summary>
    Task<IReadOnlyList<TalkBehind>> ListTalksBehindAsync(string userId, string deviceId, int limit, CancellationToken cancellationToken = default);

    // ---- messages

    /// <summary>
    /// Stores a message durably and assigns its id and the conversation's next sequence number; the sender's read
    /// cursor moves to it. Idempotent: a second append with the same (sender, client message id) stores nothing and
    /// returns the original with <see cref="AppendResult.Duplicate"/> set. Many concurrent appends are committed in
    /// batches (one transaction, one sync) so throughput does not fall to one disk sync per message.
    /// The sending device (<see cref="NewMessage.SenderDeviceId"/>), if it had no delivery cursor in the
    /// conversation, gets one where the read cursor was before the send: a device without a cursor of its own
    /// counts as delivered up to the read cursor, and its own send must not make it skip others' messages that
    /// it has not received yet (they may still be on their way to it).
    /// </summary>
    Task<AppendResult> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// True when appends take effect in the order they were issued: an append issued after the task of an earlier
    /// one was returned (by <see cref="AppendMessageAsync"/>) is applied after it, so in one conversation it gets a
    /// later sequence number, and it never commits before the earlier one has committed or failed. A caller may then
    /// keep several appends of one sender in flight and still store them in the sender's order. When false (the
    /// default) appends in flight together may be applied in any order, and a caller that needs order awaits each
    /// append before issuing the next.
    /// </summary>
    bool AppendsInIssueOrder => false;

    /// <summary>
    /// A page of a conversation's messages, oldest first. With an <paramref name="afterSeq"/> (0 included: a
    /// device that has nothing yet reads from the first message): the first <paramref name="limit"/> messages after it.
    /// Without: the last <paramref name="limit"/> messages before <paramref name="beforeSeq"/> (0 = the end).
    /// HasMore tells whether more exist in the direction asked.
    /// </summary>
    Task<MessagePage> GetMessagesAsync(string conversationId, long? afterSeq, long beforeSeq, int limit, CancellationToken cancellationToken = default);

    // ---- edits and recalls: events in the conversation's log

    /// <summary>
    /// Edits or recalls a message as <paramref name="change"/> says, if its rules allow: the message exists and is a
    /// text or emoji message (text only for an edit), <see cref="MessageChange.SenderId"/> sent it, it was sent no
    /// earlier than <see cref="MessageChange.SentNotBefore"/>, and it was not recalled. Applying it does two things in
    /// one transaction: appends the event (kind <see cref="MessageKind.Edit"/> or <see cref="MessageKind.Recall"/>,
    /// <see cref="StoredMessage.TargetSeq"/> naming the message) with the conversation's next sequence number, exactly
    /// as <see cref="AppendMessageAsync"/> appends a message (cursors and talk activity alike), so it reaches every
    /// device in order; and rewrites the message, so history shows its current version: an edit replaces the text
    /// and sets <see cref="StoredMessage.EditedAt"/>, a recall empties the text (of the message and of its earlier
    /// edit events: gone from the store, not hidden) and sets <see cref="StoredMessage.Recalled"/>.
    /// Idempotent: a change with a (sender, client message id) stored before, or a second recall of a recalled
    /// message, stores nothing and returns the original event with <see cref="ChangeResult.Duplicate"/> set.
    /// </summary>
    Task<ChangeResult> ChangeMessageAsync(MessageChange change, CancellationToken cancellationToken = default);

    // ---- cursors

    /// <summary>
    /// Moves the user's read cursor forward (never back, never past the last sequence number); returns where it
    /// is after the call, the unread count left, and whether it moved (only a move is worth telling anyone about).
    /// </summary>
    Task<ReadMark> MarkReadAsync(string userId, string conversationId, long seq, CancellationToken cancellationToken = default);

    /// <summary>Moves a device's delivery cursors forward (never back, never past the last sequence number).</summary>
    Task AdvanceDeliveredAsync(string userId, string deviceId, IReadOnlyList<DeliveryCursor> cursors, CancellationToken cancellationToken = default);

    // ---- resume tokens

    /// <summary>
    /// Stores a resume token's record for a user and device, replacing that device's whole record: the previous
    /// hash and rotation time are the ones given (null clears them, as a login or a revocation must).
    /// </summary>
    Task SaveResumeTokenAsync(ResumeTokenRecord token, CancellationToken cancellationToken = default);

    /// <summary>The token record of a user's device, or null.</summary>
    Task<ResumeTokenRecord?> FindResumeTokenAsync(string userId, string deviceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a device's whole record (current hash, expiry, previous hash and rotation time, as given in
    /// <paramref name="replacement"/>) only if its stored current hash is still <paramref name="expectedHash"/>
    /// (so a token can be used once, even by two racing resumes). False when the stored hash differs or is gone.
    /// </summary>
    Task<bool> RotateResumeTokenAsync(string userId, string deviceId, byte[] expectedHash, ResumeTokenRecord replacement, CancellationToken cancellationToken = default);

    /// <summary>Deletes all of a user's resume tokens, previous ones included (logout everywhere, password change).</summary>
    Task RevokeResumeTokensAsync(string userId, CancellationToken cancellationToken = default);

    // ---- webhook events: the messages table is their log; membership changes have a record of their own

    /// <summary>
    /// Starts webhook events and names whom to tell about new ones. The first call ever on a store marks "from now
    /// on": every message appended afterwards is an event (messages already stored are not), and every membership
    /// change from then on is recorded as one (<see cref="MembershipEvent"/>) in the transaction of the change.
    /// Later calls (after a restart) keep the mark, so events stored while no one listened are still pending.
    /// After each commit that adds an event, <paramref name="committed"/> gets its conversation id; it must be quick
    /// and must not throw. Before the first call, appends and membership changes cost nothing extra.
    /// </summary>
    Task StartWebhookEventsAsync(Action<string> committed, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The conversations that have undelivered webhook events (empty before <see cref="StartWebhookEventsAsync"/>).</summary>
    Task<IReadOnlyList<string>> ListWebhookBacklogAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A conversation's first <paramref name="limit"/> undelivered webhook events, in the order they happened:
    /// messages by sequence number, each membership change after the message it followed (its
    /// <see cref="MembershipEvent.AfterSeq"/>). Reading does not deliver: the same events come back until completed.
    /// </summary>
    Task<IReadOnlyList<WebhookEvent>> ReadWebhookEventsAsync(string conversationId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks an event done, so the conversation's next event comes first: delivered, or given up with
    /// <paramref name="deadLetter"/> kept (in the same transaction) for the operator to send again.
    /// Completing an event twice changes nothing.
    /// </summary>
    Task CompleteWebhookEventAsync(WebhookEvent completed, WebhookDeadLetter? deadLetter, CancellationToken cancellationToken = default);

    /// <summary>The events given up on, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<WebhookDeadLetter>> ListWebhookDeadLettersAsync(int limit, CancellationToken cancellationToken = default);

    // ---- presence

    /// <summary>Records who may see <paramref name="userId"/>'s presence, replacing any earlier choice.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="audience"/> is not one of the defined choices.</exception>
    Task SetPresenceAudienceAsync(string userId, PresenceAudience audience, CancellationToken cancellationToken = default);

    /// <summary>
    /// The choices of those of <paramref name="userIds"/> who made one; a user left out has
    /// <see cref="PresenceAudiences.Default"/>. One statement for any count (the friends of a login, a search page).
    /// </summary>
    Task<IReadOnlyDictionary<string, PresenceAudience>> ListPresenceAudiencesAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default);
}
