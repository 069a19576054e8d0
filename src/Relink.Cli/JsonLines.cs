using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Relink.Client;

namespace Relink.Cli;

/// <summary>
/// The one-line JSON objects <c>relink</c> prints on stdout, written with <see cref="Utf8JsonWriter"/> (no
/// reflection, so trimming keeps working). Field names are camelCase and stable: scripts depend on them.
/// </summary>
internal static partial class JsonLines
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Terminal and pipe output, never HTML: keep non-ASCII text readable instead of \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A message this user sent, once the server acknowledged it.</summary>
    public static string Sent(ChatMessage message) => Write(json =>
    {
        json.WriteNumber("id", message.Id);
        json.WriteString("conversation", message.ConversationId);
        json.WriteNumber("seq", message.Seq);
        json.WriteString("text", message.Text);
    });

    /// <summary>A message received.</summary>
    public static string Received(ChatMessage message) => Write(json =>
    {
        json.WriteNumber("id", message.Id);
        json.WriteString("from", message.Sender.UserId);
        json.WriteString("conversation", message.ConversationId);
        json.WriteNumber("seq", message.Seq);
        json.WriteString("text", message.Text);
        json.WriteString("sentAt", FormatTime(message.SentAt));
        if (message.IsGroupEvent)
        {
            json.WriteString("system", message.Describe()); // a group system message, as a sentence ("Alice added Bob")
        }
    });

    /// <summary>A user's profile.</summary>
    public static string Profile(UserProfile profile) => Write(json => WriteProfile(json, profile));

    /// <summary>A search result.</summary>
    public static string User(UserSummary user) => Write(json =>
    {
        json.WriteString("userId", user.Profile.UserId);
        json.WriteString("nickname", user.Profile.Nickname);
        json.WriteBoolean("isFriend", user.IsFriend);
        json.WriteBoolean("online", user.Online);
    });

    /// <summary>A group.</summary>
    public static string Group(GroupInfo group) => Write(json =>
    {
        json.WriteString("groupId", group.GroupId);
        json.WriteString("name", group.Name);
        json.WriteString("ownerId", group.OwnerId);
        json.WriteNumber("memberCount", group.MemberCount);
        json.WriteBoolean("public", group.IsPublic);
    });

    /// <summary>A group member with their role (<c>relink groups members</c>).</summary>
    public static string Member(GroupMember member) => Write(json =>
    {
        json.WriteString("userId", member.Profile.UserId);
        json.WriteString("nickname", member.Profile.Nickname);
        json.WriteString("role", member.Role.ToString().ToLowerInvariant());
    });

    /// <summary>An invite code (<c>relink groups codes</c>).</summary>
    public static string Invite(GroupInvite invite) => Write(json =>
    {
        json.WriteString("groupId", invite.GroupId);
        json.WriteString("code", invite.Code);
        json.WriteString("expiresAt", FormatTime(invite.ExpiresAt));
        json.WriteNumber("maxUses", invite.MaxUses ?? 0);
        json.WriteNumber("uses", invite.Uses);
    });

    /// <summary>
    /// <c>relink listen --events</c>: someone started or stopped typing; in a 1:1 conversation <c>to</c> is the
    /// listening user, in a group <c>group</c> is the group id.
    /// </summary>
    public static string Typing(string userId, Peer conversation, string listener, bool typing) => Write(json =>
    {
        json.WriteString("event", "typing");
        json.WriteString("user", userId);
        if (conversation.Kind == ConversationKind.Group)
        {
            json.WriteString("group", conversation.Id);
        }
        else
        {
            json.WriteString("to", listener);
        }

        json.WriteString("state", typing ? "typing" : "paused");
    });

    /// <summary>
    /// An edit or recall event: <c>{"event":"edited"|"recalled", …}</c>, with <c>seq</c> the event's own number and
    /// <c>targetSeq</c> the message it changes; an edit carries the new <c>text</c>.
    /// </summary>
    public static string Changed(ChatMessage change) => Write(json =>
    {
        json.WriteString("event", change.Type == MessageType.Edit ? "edited" : "recalled");
        json.WriteString("from", change.Sender.UserId);
        json.WriteString("conversation", change.ConversationId);
        json.WriteNumber("seq", change.Seq);
        json.WriteNumber("targetSeq", change.TargetSeq);
        if (change.Type == MessageType.Edit)
        {
            json.WriteString("text", change.Text);
        }

        json.WriteString("at", FormatTime(change.SentAt));
    });

    /// <summary>
    /// <c>relink listen --events</c>: <c>{"event":"read","user":U,"conversation":C,"readSeq":N,…}</c>. Another
    /// participant's receipt carries <c>deliveredSeq</c> in a 1:1 conversation; the listening user's own read on
    /// another device (read sync) carries <c>unread</c>, what is left unread there.
    /// </summary>
    public static string Read(string userId, string conversationId, long readSeq, long? deliveredSeq = null, int? unread = null) => Write(json =>
    {
        json.WriteString("event", "read");
        json.WriteString("user", userId);
        json.WriteString("conversation", conversationId);
        json.WriteNumber("readSeq", readSeq);
        if (deliveredSeq is { } delivered)
        {
            json.WriteNumber("deliveredSeq", delivered);
        }

        if (unread is { } left)
        {
            json.WriteNumber("unread", left);
        }
    });

    /// <summary><c>relink receipts</c>: <c>{"readReceipts":true|false}</c>, the setting after the command.</summary>
    public static string ReadReceipts(bool enabled) => Write(json => json.WriteBoolean("readReceipts", enabled));
    /// <c>relink listen --events</c>: a friend's presence changed: <c>{"event":"presence","user":…,"state":"online"|
    /// "offline"|"hidden"}</c>, with <c>lastSeen</c> on an offline line when the server knows it. "hidden": the friend
    /// stopped sharing it with this user.
    /// </summary>
    public static string Presence(FriendPresence presence) => Write(json =>
    {
        json.WriteString("event", "presence");
        json.WriteString("user", presence.UserId);
        json.WriteString("state", presence.State switch
        {
            PresenceState.Online => "online",
            PresenceState.Offline => "offline",
            _ => "hidden",
        });
        if (presence.LastSeen is { } lastSeen)
        {
            json.WriteString("lastSeen", FormatTime(lastSeen));
        }
    });

    /// <summary><c>relink presence WHO</c>: the choice now in force, <c>{"presence":"everyone"|"friends"|"nobody"}</c>.</summary>
    public static string PresenceAudience(PresenceAudience audience) =>
        Write(json => json.WriteString("presence", audience.ToString().ToLowerInvariant()));

    /// <summary>ISO-8601 in UTC with milliseconds: <c>2026-03-01T12:00:01.000Z</c>.</summary>
    public static string FormatTime(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "";

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
