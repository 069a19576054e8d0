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
internal static class JsonLines
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
    public static string Profile(UserProfile profile) => Write(json =>
    {
        json.WriteString("userId", profile.UserId);
        json.WriteString("nickname", profile.Nickname);
        json.WriteString("head", profile.Head);
    });

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
