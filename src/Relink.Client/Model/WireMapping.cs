using System.Collections.ObjectModel;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Wire = Relink.Protocol.Messages;

namespace Relink.Client.Model;

/// <summary>
/// The one place where the protocol's generated types become the SDK's model and back. The generated classes are
/// mutable and change with <c>proto/relink.proto</c>; the SDK's public surface uses only its own immutable records,
/// so a schema change is absorbed here instead of breaking every app. An absent sub-message becomes the model's empty
/// value, and an enum value this SDK does not know becomes <c>Unspecified</c>.
/// </summary>
internal static class WireMapping
{
    public static Peer ToModel(this Wire.Peer? peer) =>
        peer is null ? Peer.None : new Peer(peer.Kind.ToModel(), peer.Id);

    public static Wire.Peer ToWire(this Peer peer) => new() { Kind = peer.Kind.ToWire(), Id = peer.Id };

    public static ConversationKind ToModel(this Wire.ConversationKind kind) => kind switch
    {
        Wire.ConversationKind.Direct => ConversationKind.Direct,
        Wire.ConversationKind.Group => ConversationKind.Group,
        _ => ConversationKind.Unspecified,
    };

    public static Wire.ConversationKind ToWire(this ConversationKind kind) => kind switch
    {
        ConversationKind.Direct => Wire.ConversationKind.Direct,
        ConversationKind.Group => Wire.ConversationKind.Group,
        _ => Wire.ConversationKind.Unspecified,
    };

    public static MessageType ToModel(this Wire.MessageType type) => type switch
    {
        Wire.MessageType.Text => MessageType.Text,
        Wire.MessageType.Emoji => MessageType.Emoji,
        Wire.MessageType.Edit => MessageType.Edit,
        Wire.MessageType.Recall => MessageType.Recall,
        Wire.MessageType.MemberJoined => MessageType.MemberJoined,
        Wire.MessageType.MemberLeft => MessageType.MemberLeft,
        Wire.MessageType.MemberRemoved => MessageType.MemberRemoved,
        Wire.MessageType.GroupRenamed => MessageType.GroupRenamed,
        Wire.MessageType.RoleChanged => MessageType.RoleChanged,
        _ => MessageType.Unspecified,
    };

    public static Wire.MessageType ToWire(this MessageType type) => type switch
    {
        MessageType.Text => Wire.MessageType.Text,
        MessageType.Emoji => Wire.MessageType.Emoji,
        MessageType.Edit => Wire.MessageType.Edit,
        MessageType.Recall => Wire.MessageType.Recall,
        _ => Wire.MessageType.Unspecified,
    };

    public static UserProfile ToModel(this Wire.UserProfile? profile) => profile is null
        ? UserProfile.None
        : new UserProfile { UserId = profile.UserId, Nickname = profile.Nickname, Head = profile.Head };

    public static IReadOnlyList<UserProfile> ToModel(this RepeatedField<Wire.UserProfile> profiles) => Map(profiles, static p => p.ToModel());

    public static UserSummary ToModel(this Wire.UserSummary summary) =>
        new() { Profile = summary.Profile.ToModel(), IsFriend = summary.IsFriend, Online = summary.Online };

    public static GroupInfo ToModel(this Wire.GroupInfo? group) => group is null
        ? GroupInfo.None
        : new GroupInfo
        {
            GroupId = group.GroupId, Name = group.Name, Head = group.Head, OwnerId = group.OwnerId, MemberCount = group.MemberCount,
            IsPublic = group.IsPublic, History = group.History == Wire.GroupHistory.Whole ? GroupHistory.Whole : GroupHistory.FromJoin,
        };

    public static IReadOnlyList<GroupInfo> ToModel(this RepeatedField<Wire.GroupInfo> groups) => Map(groups, static g => g.ToModel());

    public static GroupChangedNotice ToModel(this Wire.GroupChangedNotice notice) => new()
    {
        Group = notice.Group.ToModel(),
        Change = notice.Change switch
        {
            Wire.GroupChange.Joined => GroupChange.Joined,
            Wire.GroupChange.Left => GroupChange.Left,
            Wire.GroupChange.Removed => GroupChange.Removed,
            Wire.GroupChange.Updated => GroupChange.Updated,
            _ => GroupChange.Unspecified,
        },
        Member = notice.Member.ToModel(),
    };

    public static ChatMessage ToModel(this Wire.ChatMessage message) => new()
    {
        Id = message.Id,
        ConversationId = message.ConversationId,
        Peer = message.Peer.ToModel(),
        Seq = message.Seq,
        Sender = message.Sender.ToModel(),
        Type = message.Type.ToModel(),
        Text = message.Text,
        SentAt = message.SentAt?.ToDateTimeOffset(),
        ClientMsgId = message.ClientMsgId,
        TargetSeq = message.TargetSeq,
        EditedAt = message.EditedAt?.ToDateTimeOffset(),
        Recalled = message.Recalled,
    };

    public static IReadOnlyList<ChatMessage> ToModel(this RepeatedField<Wire.ChatMessage> messages) => Map(messages, static m => m.ToModel());

    public static Talk ToModel(this Wire.Talk talk) => new()
    {
        Peer = talk.Peer.ToModel(),
        ConversationId = talk.ConversationId,
        Name = talk.Name,
        Head = talk.Head,
        Sketch = talk.Sketch,
        LastActivity = talk.LastActivity?.ToDateTimeOffset(),
        Unread = talk.Unread,
        LastSeq = talk.LastSeq,
        ReadSeq = talk.ReadSeq,
        DeliveredSeq = talk.DeliveredSeq,
        Latest = talk.Latest.ToModel(),
    };

    public static IReadOnlyList<Talk> ToModel(this RepeatedField<Wire.Talk> talks) => Map(talks, static t => t.ToModel());

    public static HistoryPage ToModel(this Wire.HistoryResponse page) => new(page.Messages.ToModel(), page.HasMore, page.LastSeq);

    public static UserSearchResult ToModel(this Wire.SearchUsersResponse page) => new(Map(page.Users, static u => u.ToModel()), page.HasMore);

    public static Kicked ToModel(this Wire.Kicked kicked) => new()
    {
        Reason = kicked.Reason switch
        {
            Wire.KickReason.LoggedInElsewhere => KickReason.LoggedInElsewhere,
            Wire.KickReason.AccountDisabled => KickReason.AccountDisabled,
            Wire.KickReason.PasswordChanged => KickReason.PasswordChanged,
            Wire.KickReason.LoggedOut => KickReason.LoggedOut,
            Wire.KickReason.Idle => KickReason.Idle,
            Wire.KickReason.SlowConsumer => KickReason.SlowConsumer,
            Wire.KickReason.DoNotReconnect => KickReason.DoNotReconnect,
            Wire.KickReason.ReplacedBySameDevice => KickReason.ReplacedBySameDevice,
            _ => KickReason.Unspecified,
        },
        DeviceId = NullIfEmpty(kicked.DeviceId),
        Message = NullIfEmpty(kicked.Message),
    };

    public static ServerGoingAway ToModel(this Wire.ServerGoingAway goingAway) => new()
    {
        ReconnectAfter = TimeSpan.FromMilliseconds(Math.Max(0, goingAway.ReconnectAfterMs)),
        Message = NullIfEmpty(goingAway.Message),
    };

    public static HeartbeatSettings ToModel(this Wire.HeartbeatSettings? settings) => new()
    {
        Interval = TimeSpan.FromMilliseconds(Math.Max(0, settings?.IntervalMs ?? 0)),
        Timeout = TimeSpan.FromMilliseconds(Math.Max(0, settings?.TimeoutMs ?? 0)),
    };

    public static SessionState ToModel(this Wire.LoginResponse login) => new()
    {
        Profile = login.Profile.ToModel(),
        Friends = login.Friends.ToModel(),
        Groups = login.Groups.ToModel(),
        Talks = login.Talks.ToModel(),
        SessionId = login.SessionId,
        ServerTime = login.ServerTime?.ToDateTimeOffset(),
        Heartbeat = login.Heartbeat.ToModel(),
        FriendRequests = [.. login.FriendRequests.Select(r => r.ToModel())],
        Blocked = login.Blocked.ToModel(),
        FriendPresence = [.. login.FriendPresence.Select(ToModel)],
        PresenceAudience = login.PresenceAudience == Wire.PresenceAudience.Unspecified ? PresenceAudience.Friends : (PresenceAudience)(int)login.PresenceAudience,
    };

    public static FriendRequest ToModel(this Wire.FriendRequest request) => new()
    {
        User = request.User.ToModel(),
        Incoming = request.Incoming,
        Note = request.Note,
        SentAt = request.SentAt?.ToDateTimeOffset(),
    };

    public static FriendPresence ToModel(this Wire.Presence presence) => new(
        presence.UserId,
        presence.State switch
        {
            Wire.PresenceState.Online => PresenceState.Online,
            Wire.PresenceState.Offline => PresenceState.Offline,
            _ => PresenceState.Hidden,
        },
        presence.State == Wire.PresenceState.Offline ? presence.LastSeen?.ToDateTimeOffset() : null);

    public static ErrorCode ToModel(this Wire.ErrorCode code) => code switch
    {
        Wire.ErrorCode.MalformedFrame => ErrorCode.MalformedFrame,
        Wire.ErrorCode.FrameTooLarge => ErrorCode.FrameTooLarge,
        Wire.ErrorCode.UnknownRequest => ErrorCode.UnknownRequest,
        Wire.ErrorCode.NotAuthenticated => ErrorCode.NotAuthenticated,
        Wire.ErrorCode.AlreadyAuthenticated => ErrorCode.AlreadyAuthenticated,
        Wire.ErrorCode.InvalidCredentials => ErrorCode.InvalidCredentials,
        Wire.ErrorCode.InvalidArgument => ErrorCode.InvalidArgument,
        Wire.ErrorCode.UserExists => ErrorCode.UserExists,
        Wire.ErrorCode.NotFound => ErrorCode.NotFound,
        Wire.ErrorCode.Forbidden => ErrorCode.Forbidden,
        Wire.ErrorCode.RateLimited => ErrorCode.RateLimited,
        Wire.ErrorCode.ResumeRejected => ErrorCode.ResumeRejected,
        Wire.ErrorCode.Unavailable => ErrorCode.Unavailable,
        Wire.ErrorCode.Internal => ErrorCode.Internal,
        Wire.ErrorCode.TooManyConnections => ErrorCode.TooManyConnections,
        Wire.ErrorCode.UserBlocked => ErrorCode.UserBlocked,
        Wire.ErrorCode.InviteInvalid => ErrorCode.InviteInvalid,
        _ => ErrorCode.Unspecified,
    };

    public static Timestamp ToWire(this DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    // One exact-size array per list: the model's lists are read-only views the caller cannot cast back and change.
    private static ReadOnlyCollection<TModel> Map<TWire, TModel>(RepeatedField<TWire> items, Func<TWire, TModel> map)
    {
        if (items.Count == 0)
        {
            return ReadOnlyCollection<TModel>.Empty;
        }

        var mapped = new TModel[items.Count];
        for (int i = 0; i < mapped.Length; i++)
        {
            mapped[i] = map(items[i]);
        }

        return Array.AsReadOnly(mapped);
    }
}
