using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Relink.Protocol.Messages;
using Relink.Storage;
using StoreKind = Relink.Storage.ConversationKind;
using WireKind = Relink.Protocol.Messages.ConversationKind;

namespace Relink.Server.Chat;

/// <summary>Store records → wire messages. Conversations are shown from the viewing user's side.</summary>
internal static class ProtoMapping
{
    /// <summary>
    /// Characters (text elements, as a reader counts them) of the last message shown in a talk list entry: one line
    /// of a narrow list. Counting UTF-16 units instead would cut an emoji in half and send a lone surrogate, which
    /// the browser's JSON link cannot carry.
    /// </summary>
    public const int SketchLength = 30;

    /// <summary>How emoji messages appear in sketches.</summary>
    public const string EmojiSketch = "[emoji]";

    /// <summary>How a recall (the event, or the recalled message) appears in sketches: the text is gone.</summary>
    public const string RecalledSketch = "[recalled]";

    public static UserProfile Profile(UserRecord user) => new() { UserId = user.UserId, Nickname = user.Nickname, Head = user.Head };

    public static GroupInfo Group(GroupRecord group) => new()
    {
        GroupId = group.GroupId,
        Name = group.Name,
        Head = group.Head,
        OwnerId = group.OwnerId,
        MemberCount = group.MemberCount,
        IsPublic = group.IsPublic,
        History = (Protocol.Messages.GroupHistory)group.History,
    };

    public static Timestamp Time(DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);

    /// <summary>The conversation as <paramref name="viewerId"/> names it: the other user, or the group.</summary>
    public static Peer PeerFor(string conversationId, string viewerId) =>
        ConversationId.IsGroup(conversationId)
            ? new Peer { Kind = WireKind.Group, Id = ConversationId.GroupIdOf(conversationId) }
            : new Peer { Kind = WireKind.Direct, Id = ConversationId.OtherParticipant(conversationId, viewerId) };

    /// <summary>The canonical conversation id a viewer's <see cref="Peer"/> names.</summary>
    public static string ConversationOf(Peer peer, string viewerId) =>
        peer.Kind == WireKind.Group ? ConversationId.Group(peer.Id) : ConversationId.Direct(viewerId, peer.Id);

    public static ChatMessage Message(StoredMessage m, Peer peer) => new()
    {
        Id = m.Id,
        ConversationId = m.ConversationId,
        Peer = peer,
        Seq = m.Seq,
        Sender = new UserProfile { UserId = m.SenderId, Nickname = m.SenderNickname, Head = m.SenderHead },
        Type = m.Kind switch
        {
            MessageKind.Emoji => MessageType.Emoji,
            MessageKind.Edit => MessageType.Edit,
            MessageKind.Recall => MessageType.Recall,
            MessageKind.MemberJoined => MessageType.MemberJoined,
            MessageKind.MemberLeft => MessageType.MemberLeft,
            MessageKind.MemberRemoved => MessageType.MemberRemoved,
            MessageKind.GroupRenamed => MessageType.GroupRenamed,
            MessageKind.RoleChanged => MessageType.RoleChanged,
            _ => MessageType.Text,
        },
        Text = m.Text,
        SentAt = Time(m.SentAt),
        ClientMsgId = m.ClientMsgId,
        TargetSeq = m.TargetSeq,
        EditedAt = m.EditedAt is { } edited ? Time(edited) : null,
        Recalled = m.Recalled,
    };

    public static ChatMessage Message(StoredMessage m, string viewerId) => Message(m, PeerFor(m.ConversationId, viewerId));

    /// <summary>
    /// A talk list entry. <paramref name="includeLatest"/> false leaves out the latest messages (the login answer's
    /// byte budget ran out; the client pages them).
    /// </summary>
    public static Talk Talk(TalkRecord t, string viewerId, bool includeLatest = true)
    {
        var peer = new Peer { Kind = t.Kind == StoreKind.Group ? WireKind.Group : WireKind.Direct, Id = t.PeerId };
        var talk = new Talk
        {
            Peer = peer,
            ConversationId = t.ConversationId,
            Name = t.Name,
            Head = t.Head,
            Sketch = t.LastMessage is { } last ? Sketch(last, t.Kind) : "",
            LastActivity = Time(t.LastActivity),
            Unread = t.Unread,
            LastSeq = t.LastSeq,
            ReadSeq = t.ReadSeq,
            DeliveredSeq = t.DeliveredSeq,
        };
        if (includeLatest)
        {
            talk.Latest.AddRange(t.Latest.Select(m => Message(m, peer)));
        }

        return talk;
    }

    /// <summary>
    /// "[emoji]" for emoji, "nick: text" in groups, a system message as a sentence ("Alice added Bob"), text cut to
    /// <see cref="SketchLength"/> text elements.
    /// </summary>
    public static string Sketch(StoredMessage message, StoreKind kind)
    {
        bool system = GroupEventText.Describe(message.Kind, message.SenderId, message.SenderNickname, message.Text) is not null;
        string body = message.Kind == MessageKind.Recall || message.Recalled ? RecalledSketch
            : message.Kind == MessageKind.Emoji ? EmojiSketch
            : system ? GroupEventText.Describe(message.Kind, message.SenderId, message.SenderNickname, message.Text)!
            : message.Text.ReplaceLineEndings(" "); // an edit's text is the new version: the latest thing said
        if (kind == StoreKind.Group && !system)
        {
            body = message.SenderNickname + ": " + body;
        }

        if (body.Length <= SketchLength)
        {
            return body; // fewer UTF-16 units than the limit means fewer text elements too: the common case, no scan
        }

        var elements = new StringInfo(body);
        return elements.LengthInTextElements <= SketchLength ? body : elements.SubstringByTextElements(0, SketchLength) + "…";
    }
}
