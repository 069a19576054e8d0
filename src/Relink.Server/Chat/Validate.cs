using Relink.Protocol;
using Relink.Protocol.Messages;
using Relink.Storage;

namespace Relink.Server.Chat;

/// <summary>Argument checks shared by the handlers; each failure names the field.</summary>
internal static class Validate
{
    public const int MaxNicknameLength = 32;
    public const int MaxHeadLength = 256;
    public const int MinPasswordLength = 6;
    public const int MaxPasswordLength = 128;
    public const int MaxGroupNameLength = 64;
    public const int MaxClientMsgIdLength = 64;
    public const int MaxEmojiIdLength = 32;
    public const int MaxInitialMembers = 200;

    public static string UserId(string value, string field)
    {
        if (!Ids.IsValidUserId(value))
        {
            throw RequestException.Invalid(field, $"{field} must be 1..{Ids.MaxUserIdLength} characters of A-Z, a-z, 0-9, '_', '.', '-'.");
        }

        return value;
    }

    public static string Text(string value, string field, int min, int max)
    {
        if (value.Length < min || value.Length > max)
        {
            throw RequestException.Invalid(field, min == max ? $"{field} must be {min} characters." : $"{field} must be {min}..{max} characters.");
        }

        return value;
    }

    public static string OptionalText(string value, string field, int max) => Text(value, field, 0, max);

    public static string GroupId(string value, string field)
    {
        if (value.Length is 0 or > 20 || !value.All(char.IsAsciiDigit))
        {
            throw RequestException.Invalid(field, $"{field} must be a group id (digits).");
        }

        return value;
    }

    /// <summary>
    /// A new group's name (trimmed), head and first members: valid user ids, at most <see cref="MaxInitialMembers"/>
    /// (counted before duplicates go), without duplicates and without the owner.
    /// </summary>
    public static (string Name, string Head, List<string> Members) NewGroup(string name, string head, IReadOnlyCollection<string> memberIds, string ownerId)
    {
        string validName = Text(name.Trim(), "name", 1, MaxGroupNameLength);
        string validHead = OptionalText(head, "head", MaxHeadLength);
        if (memberIds.Count > MaxInitialMembers)
        {
            throw RequestException.Invalid("member_ids", $"At most {MaxInitialMembers} members can be added at creation.");
        }

        return (validName, validHead, memberIds.Select(id => UserId(id, "member_ids")).Where(id => id != ownerId).Distinct().ToList());
    }

    public static int Limit(int value, int defaultValue, int max) => value <= 0 ? defaultValue : Math.Min(value, max);

    public static Peer Peer(Peer? peer, string field)
    {
        if (peer is null)
        {
            throw RequestException.Invalid(field, $"{field} is required.");
        }

        _ = peer.Kind switch
        {
            Protocol.Messages.ConversationKind.Direct => UserId(peer.Id, field + ".id"),
            Protocol.Messages.ConversationKind.Group => GroupId(peer.Id, field + ".id"),
            _ => throw RequestException.Invalid(field + ".kind", "kind must be DIRECT or GROUP."),
        };
        return peer;
    }

    public static (MessageKind Kind, string Text) MessageContent(MessageType type, string text)
    {
        switch (type)
        {
            case MessageType.Text:
                if (string.IsNullOrWhiteSpace(text))
                {
                    throw RequestException.Invalid("text", "text must not be blank.");
                }

                return (MessageKind.Text, Text(text, "text", 1, FrameLimits.MaxTextLength));
            case MessageType.Emoji:
                if (text.Length is 0 or > MaxEmojiIdLength || !text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    throw RequestException.Invalid("text", "an emoji message's text must be an emoji id such as f_22.");
                }

                return (MessageKind.Emoji, text);
            default:
                throw RequestException.Invalid("type", "type must be TEXT or EMOJI.");
        }
    }
}
