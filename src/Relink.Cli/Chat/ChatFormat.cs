using System.Globalization;
using Relink.Client;

namespace Relink.Cli.Chat;

/// <summary>How the interactive chat shows talks and messages on a plain console.</summary>
internal static class ChatFormat
{
    /// <summary>"bob" for a friend, "#1001" for a group: also what <c>/open</c> takes.</summary>
    public static string Label(Peer? peer) => peer switch
    {
        { Kind: ConversationKind.Group } => "#" + peer.Id,
        { } => peer.Id,
        null => "?",
    };

    /// <summary>Reads what <c>/open</c> was given: <c>#GROUP</c> or <c>USER</c>.</summary>
    public static Peer? ParsePeer(string text)
    {
        text = text.Trim();
        if (text.StartsWith('#'))
        {
            return text.Length > 1 ? new Peer(ConversationKind.Group, text[1..]) : null;
        }

        return text.Length > 0 && !text.Contains(' ', StringComparison.Ordinal) ? new Peer(ConversationKind.Direct, text) : null;
    }

    /// <summary>One line of the talk list: label, name, unread count, sketch of the last message.</summary>
    public static string TalkLine(Talk talk)
    {
        string unread = talk.Unread switch
        {
            0 => "",
            > 99 => "(99+)",
            _ => $"({talk.Unread})",
        };
        return $"  {Label(talk.Peer),-14} {talk.Name,-16} {unread,-6} {talk.Sketch}".TrimEnd();
    }

    /// <summary>One message: time, where (for groups), who, what.</summary>
    public static string MessageLine(ChatMessage message, TimeZoneInfo zone)
    {
        string time = message.SentAt is { } sentAt
            ? TimeZoneInfo.ConvertTime(sentAt, zone).ToString("HH:mm", CultureInfo.InvariantCulture)
            : "--:--";
        string where = message.Peer.Kind == ConversationKind.Group ? Label(message.Peer) + " " : "";
        if (message.IsGroupEvent)
        {
            return $"[{time}] {where}* {message.Describe()}"; // a system message: a line of its own, no speaker
        }

        UserProfile sender = message.Sender;
        string who = sender.Nickname.Length > 0 ? sender.Nickname : sender.UserId.Length > 0 ? sender.UserId : "?";
        string text = message.Type == MessageType.Emoji ? $"[emoji {message.Text}]" : message.Text;
        return $"[{time}] {where}{who}: {text}";
    }
}
