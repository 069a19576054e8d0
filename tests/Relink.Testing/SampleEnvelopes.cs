using Google.Protobuf.WellKnownTypes;
using Relink.Protocol.Messages;

namespace Relink.Testing;

/// <summary>
/// Realistic envelopes with every field kind filled in (nested messages, repeated fields, enums, timestamps,
/// non-ASCII text), for codec tests and benchmarks.
/// </summary>
public static class SampleEnvelopes
{
    private static readonly DateTimeOffset SentAt = new(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

    /// <summary>A typical chat send: a short text to a friend.</summary>
    public static Envelope SendMessage() => new()
    {
        RequestId = 42,
        SendMessage = new SendMessageRequest
        {
            ClientMsgId = "c-6f1d0c9e-3b7a-4d55-9a51-0c2f1e8b7a10",
            To = new Peer { Kind = ConversationKind.Direct, Id = "bob" },
            Type = MessageType.Text,
            Text = "On my way, see you at the café in ten minutes 🚲",
        },
    };

    /// <summary>A typical server push of a stored group message.</summary>
    public static Envelope MessagePush() => new() { Message = new MessagePush { Message = StoredMessage(1_234_567, 98) } };

    /// <summary>One envelope for each body kind of the oneof, in field-number order, each with a body that has content.</summary>
    public static IReadOnlyList<Envelope> OneOfEachBodyKind()
    {
        var alice = Profile("alice");
        var bob = Profile("bob");
        var group = new GroupInfo { GroupId = "g-17", Name = "Climbing club", Head = "h/7", OwnerId = "alice", MemberCount = 12 };
        var peer = new Peer { Kind = ConversationKind.Group, Id = "g-17" };
        var talk = SampleTalk();
        var login = LoginState();
        return
        [
            new() { RequestId = 1, Register = new RegisterRequest { UserId = "alice", Nickname = "Alice Ω", Password = "correct horse", Head = "h/1" } },
            new() { RequestId = 2, Login = new LoginRequest { UserId = "alice", Password = "correct horse", DeviceId = "laptop-1", LatestPerTalk = 20 } },
            new() { RequestId = 3, Logout = new LogoutRequest() },
            new() { RequestId = 4, SearchUsers = new SearchUsersRequest { Key = "bo", Offset = 10, Limit = 5 } },
            new() { RequestId = 5, AddFriend = new AddFriendRequest { UserId = "bob" } },
            new() { RequestId = 6, ListFriends = new ListFriendsRequest() },
            new() { RequestId = 7, CreateGroup = new CreateGroupRequest { Name = "Climbing club", Head = "h/7", MemberIds = { "bob", "carol" } } },
            new() { RequestId = 8, JoinGroup = new JoinGroupRequest { GroupId = "g-17" } },
            new() { RequestId = 9, InviteToGroup = new InviteToGroupRequest { GroupId = "g-17", UserId = "dave" } },
            new() { RequestId = 10, LeaveGroup = new LeaveGroupRequest { GroupId = "g-17" } },
            new() { RequestId = 11, ListGroups = new ListGroupsRequest() },
            new() { RequestId = 12, ListGroupMembers = new ListGroupMembersRequest { GroupId = "g-17" } },
            new() { RequestId = 13, OpenTalk = new OpenTalkRequest { Peer = peer } },
            new() { RequestId = 14, DeleteTalk = new DeleteTalkRequest { Peer = peer } },
            SendMessage(),
            new() { RequestId = 16, History = new HistoryRequest { Peer = peer, BeforeSeq = 500, Limit = 50 } },
            new() { RequestId = 17, MarkRead = new MarkReadRequest { Peer = peer, Seq = 98 } },
            new() { RequestId = 18, Ack = new AckRequest { Cursors = { new ConversationCursor { ConversationId = "g:g-17", Seq = 98 }, new ConversationCursor { ConversationId = "d:alice:bob", Seq = 3 } } } },
            new() { RequestId = 19, Ping = new Ping { ClientTime = Timestamp.FromDateTimeOffset(SentAt) } },
            new() { RequestId = 20, Resume = new ResumeRequest { UserId = "alice", ResumeToken = "rt-AAECAwQF", DeviceId = "laptop-1", LatestPerTalk = 20 } },
            new() { RequestId = 21, ListTalks = new ListTalksRequest { LatestPerTalk = 3 } },
            new() { RequestId = 22, ChangePassword = new ChangePasswordRequest { OldPassword = "old-secret", NewPassword = "new-secret" } },
            new() { RequestId = 23, Sync = new SyncRequest() },
            new() { RequestId = 24, EditMessage = new EditMessageRequest { ClientMsgId = "e-1", Peer = peer, Seq = 97, Text = "Rope check at 7 ✓" } },
            new() { RequestId = 25, RecallMessage = new RecallMessageRequest { Peer = peer, Seq = 96 } },
            new() { RequestId = 22, Error = new Error { Code = ErrorCode.InvalidArgument, Message = "text is too long", Field = "text", Fatal = false } },
            new() { RequestId = 1, RegisterOk = new RegisterResponse { Profile = alice } },
            new() { RequestId = 2, LoginOk = login },
            new() { RequestId = 3, LogoutOk = new LogoutResponse() },
            new() { RequestId = 4, SearchUsersOk = new SearchUsersResponse { Users = { new UserSummary { Profile = bob, IsFriend = true, Online = true } }, HasMore = true } },
            new() { RequestId = 5, AddFriendOk = new AddFriendResponse { Friend = bob } },
            new() { RequestId = 6, ListFriendsOk = new ListFriendsResponse { Friends = { bob, Profile("carol") } } },
            new() { RequestId = 7, GroupOk = new GroupResponse { Group = group } },
            new() { RequestId = 11, ListGroupsOk = new ListGroupsResponse { Groups = { group } } },
            new() { RequestId = 12, ListGroupMembersOk = new ListGroupMembersResponse { Members = { alice, bob } } },
            new() { RequestId = 13, TalkOk = new TalkResponse { Talk = talk } },
            new() { RequestId = 15, SendMessageOk = new SendMessageResponse { Message = StoredMessage(1_234_566, 97), Duplicate = true } },
            new() { RequestId = 16, HistoryOk = new HistoryResponse { Messages = { StoredMessage(1, 1), StoredMessage(2, 2) }, HasMore = true, LastSeq = 98 } },
            new() { RequestId = 17, MarkReadOk = new MarkReadResponse { Unread = 4 } },
            new() { RequestId = 19, Pong = new Pong { ClientTime = Timestamp.FromDateTimeOffset(SentAt), ServerTime = Timestamp.FromDateTimeOffset(SentAt.AddMilliseconds(3)) } },
            new() { RequestId = 20, ResumeOk = new ResumeResponse { State = login } },
            new() { RequestId = 21, ListTalksOk = new ListTalksResponse { Talks = { talk } } },
            new() { RequestId = 22, ChangePasswordOk = new ChangePasswordResponse { ResumeToken = new string('t', 43) } },
            new() { RequestId = 23, SyncOk = new SyncResponse { Behind = { new TalkCursor { Peer = talk.Peer, ConversationId = talk.ConversationId, LastSeq = 9, DeliveredSeq = 7 } } } },
            new() { RequestId = 24, EditMessageOk = new ChangeMessageResponse { Event = Change(MessageType.Edit, 99, 97, "Rope check at 7 ✓") } },
            new() { RequestId = 25, RecallMessageOk = new ChangeMessageResponse { Event = Change(MessageType.Recall, 100, 96, ""), Duplicate = true } },
            MessagePush(),
            new() { FriendAdded = new FriendAddedNotice { Friend = bob } },
            new() { TalkOpened = new TalkOpenedNotice { Talk = talk } },
            new() { GroupChanged = new GroupChangedNotice { Group = group, Change = GroupChange.Joined, Member = bob } },
            new() { Kicked = new Kicked { Reason = KickReason.LoggedInElsewhere, DeviceId = "phone-2", Message = "signed in on another device" } },
            new() { GoingAway = new ServerGoingAway { ReconnectAfterMs = 1500, Message = "restarting" } },
            // ---- typing
            new() { RequestId = 24, Typing = new TypingRequest { To = peer, State = TypingState.Typing } },
            new() { TypingNotice = new TypingNotice { Peer = peer, UserId = "carol", Nickname = "Carol", State = TypingState.Paused, TtlMs = 6000 } },
            // ---- read receipts and read sync
            new() { RequestId = 26, ReadReceipts = new ReadReceiptsRequest { Enabled = false } },
            new() { RequestId = 27, ReadPositions = new ReadPositionsRequest { Peer = peer } },
            new() { RequestId = 28, ListReaders = new ListReadersRequest { Peer = peer, Seq = 97 } },
            new() { RequestId = 26, ReadReceiptsOk = new ReadReceiptsResponse { Enabled = false } },
            new() { RequestId = 27, ReadPositionsOk = new ReadPositionsResponse { Positions = { new ReadPosition { User = bob, ReadSeq = 96, DeliveredSeq = 98 } } } },
            new() { RequestId = 28, ListReadersOk = new ListReadersResponse { Readers = { bob }, ReceiptsOff = false } },
            new() { ReadNotice = new ReadNotice { Peer = peer, UserId = "carol", ReadSeq = 97 } },
            new() { ReadSync = new ReadSyncNotice { Peer = peer, ConversationId = "g:g-17", ReadSeq = 98, Unread = 2 } },
            new() { ReadReceiptsChanged = new ReadReceiptsResponse { Enabled = true } },
            // ---- friend requests and blocking
            new() { RequestId = 39, RequestFriend = new RequestFriendRequest { UserId = "Bob", Note = "from the climbing club ✓" } },
            new() { RequestId = 40, ListFriendRequests = new ListFriendRequestsRequest() },
            new() { RequestId = 41, AcceptFriend = new AnswerFriendRequest { UserId = "bob" } },
            new() { RequestId = 42, DeclineFriend = new AnswerFriendRequest { UserId = "bob" } },
            new() { RequestId = 43, CancelFriendRequest = new AnswerFriendRequest { UserId = "bob" } },
            new() { RequestId = 44, RemoveFriend = new AnswerFriendRequest { UserId = "bob" } },
            new() { RequestId = 45, BlockUser = new AnswerFriendRequest { UserId = "bob" } },
            new() { RequestId = 46, UnblockUser = new AnswerFriendRequest { UserId = "bob" } },
            new() { RequestId = 39, RequestFriendOk = new RequestFriendResponse { State = FriendRequestState.Pending, User = bob } },
            new() { RequestId = 40, ListFriendRequestsOk = new ListFriendRequestsResponse { Requests = { FriendRequest(bob, incoming: true) }, Blocked = { Profile("mallory") } } },
            new() { RequestId = 41, AcceptFriendOk = new AddFriendResponse { Friend = bob } },
            new() { RequestId = 42, DeclineFriendOk = new FriendChangeResponse { User = bob, Changed = true } },
            new() { RequestId = 43, CancelFriendRequestOk = new FriendChangeResponse { User = bob, Changed = true } },
            new() { RequestId = 44, RemoveFriendOk = new FriendChangeResponse { User = bob, Changed = true } },
            new() { RequestId = 45, BlockUserOk = new FriendChangeResponse { User = bob, Changed = true } },
            new() { RequestId = 46, UnblockUserOk = new FriendChangeResponse { User = bob } },
            new() { FriendRequest = new FriendRequestNotice { Request = FriendRequest(bob, incoming: false), Change = FriendRequestChange.Received } },
            new() { FriendRemoved = new FriendRemovedNotice { User = bob } },
            new() { BlockChanged = new BlockChangedNotice { User = bob, Blocked = true } },
            // ---- group roles, settings and invite codes
            new() { RequestId = 47, UpdateGroup = new UpdateGroupRequest { GroupId = "g-17", Name = "Climbing club ✓", IsPublic = true, History = GroupHistory.Whole } },
            new() { RequestId = 48, SetGroupRole = new SetGroupRoleRequest { GroupId = "g-17", UserId = "bob", Role = GroupRole.Admin } },
            new() { RequestId = 49, RemoveGroupMember = new RemoveGroupMemberRequest { GroupId = "g-17", UserId = "mallory" } },
            new() { RequestId = 50, CreateGroupInvite = new CreateGroupInviteRequest { GroupId = "g-17", ExpiresInSeconds = 86_400, MaxUses = 25 } },
            new() { RequestId = 51, RevokeGroupInvite = new RevokeGroupInviteRequest { GroupId = "g-17", Code = "Ab3dEf6hIj9kLm2n" } },
            new() { RequestId = 52, ListGroupInvites = new ListGroupInvitesRequest { GroupId = "g-17" } },
            new() { RequestId = 50, CreateGroupInviteOk = new CreateGroupInviteResponse { Invite = Invite() } },
            new() { RequestId = 51, RevokeGroupInviteOk = new RevokeGroupInviteResponse() },
            new() { RequestId = 52, ListGroupInvitesOk = new ListGroupInvitesResponse { Invites = { Invite() } } },
            // ---- presence
            new() { RequestId = 55, SetPresenceAudience = new SetPresenceAudienceRequest { Audience = PresenceAudience.Friends } },
            new() { RequestId = 55, SetPresenceAudienceOk = new SetPresenceAudienceResponse { Audience = PresenceAudience.Friends } },
            new() { Presence = new Presence { UserId = "bob", State = PresenceState.Offline, LastSeen = Timestamp.FromDateTimeOffset(SentAt) } },
        ];
    }

    private static FriendRequest FriendRequest(UserProfile other, bool incoming) =>
        new() { User = other, Incoming = incoming, Note = "from the climbing club ✓", SentAt = Timestamp.FromDateTimeOffset(SentAt) };

    private static GroupInvite Invite() => new()
    {
        GroupId = "g-17", Code = "Ab3dEf6hIj9kLm2n", CreatedBy = "alice", CreatedAt = Timestamp.FromDateTimeOffset(SentAt),
        ExpiresAt = Timestamp.FromDateTimeOffset(SentAt.AddDays(1)), MaxUses = 25, Uses = 3,
    };

    private static UserProfile Profile(string userId) => new() { UserId = userId, Nickname = userId + " ✓", Head = "h/" + userId.Length };

    private static ChatMessage StoredMessage(long id, long seq) => new()
    {
        Id = id,
        ConversationId = "g:g-17",
        Peer = new Peer { Kind = ConversationKind.Group, Id = "g-17" },
        Seq = seq,
        Sender = Profile("carol"),
        Type = MessageType.Text,
        Text = "Rope check at 6, bring chalk. 今晚六点",
        SentAt = Timestamp.FromDateTimeOffset(SentAt),
        ClientMsgId = "c-" + id,
    };

    // An edit or recall event, as stored: its own seq, the message it changes, and (edit) the new text.
    private static ChatMessage Change(MessageType type, long seq, long targetSeq, string text)
    {
        var change = StoredMessage(1_234_500 + seq, seq);
        change.Type = type;
        change.TargetSeq = targetSeq;
        change.Text = text;
        return change;
    }

    private static Talk SampleTalk() => new()
    {
        Peer = new Peer { Kind = ConversationKind.Group, Id = "g-17" },
        ConversationId = "g:g-17",
        Name = "Climbing club",
        Head = "h/7",
        Sketch = "carol: Rope check at 6",
        LastActivity = Timestamp.FromDateTimeOffset(SentAt),
        Unread = 2,
        LastSeq = 98,
        ReadSeq = 96,
        DeliveredSeq = 98,
        Latest = { StoredMessage(1_234_566, 97), StoredMessage(1_234_567, 98) },
    };

    private static LoginResponse LoginState() => new()
    {
        Profile = Profile("alice"),
        Friends = { Profile("bob"), Profile("carol") },
        Groups = { new GroupInfo { GroupId = "g-17", Name = "Climbing club", OwnerId = "alice", MemberCount = 12 } },
        Talks = { SampleTalk() },
        Heartbeat = new HeartbeatSettings { IntervalMs = 15_000, TimeoutMs = 45_000 },
        ResumeToken = "rt-AAECAwQF",
        ServerTime = Timestamp.FromDateTimeOffset(SentAt),
        SessionId = "s-9",
    };
}
