using System.Globalization;

namespace Relink.Client;

/// <summary>A member's role in a group.</summary>
public enum GroupRole
{
    /// <summary>Reads, sends and leaves.</summary>
    Member = 0,

    /// <summary>Also invites and removes members, renames the group and makes invite codes.</summary>
    Admin = 1,

    /// <summary>One per group: also names roles, makes the group public or not, picks what new members read.</summary>
    Owner = 2,
}

/// <summary>What a new member of a group may read.</summary>
public enum GroupHistory
{
    /// <summary>From their join onward (the default).</summary>
    FromJoin = 0,

    /// <summary>Everything since the group began.</summary>
    Whole = 1,
}

/// <summary>A member of a group, with their role.</summary>
public sealed record GroupMember
{
    /// <summary>Who.</summary>
    public UserProfile Profile { get; init; } = UserProfile.None;

    /// <summary>Their role.</summary>
    public GroupRole Role { get; init; }
}

/// <summary>An invite code of a group: joining with it works until it is revoked, expires or is used up.</summary>
public sealed record GroupInvite
{
    /// <summary>The group it lets people into.</summary>
    public string GroupId { get; init; } = "";

    /// <summary>The code (see <see cref="RelinkClient.JoinGroupWithCodeAsync"/>).</summary>
    public string Code { get; init; } = "";

    /// <summary>The admin or owner who made it.</summary>
    public string CreatedBy { get; init; } = "";

    /// <summary>When it was made.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When it stops working, or null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>How many joins it allows, or null for no limit.</summary>
    public int? MaxUses { get; init; }

    /// <summary>How many joins it made.</summary>
    public int Uses { get; init; }
}

/// <summary>Whom a group system message (joined, left, removed, role changed) is about.</summary>
public sealed record GroupEvent
{
    /// <summary>The member's user id.</summary>
    public string UserId { get; init; } = "";

    /// <summary>The member's nickname when it happened.</summary>
    public string Nickname { get; init; } = "";

    /// <summary>For <see cref="MessageType.RoleChanged"/>: the new role.</summary>
    public GroupRole? Role { get; init; }

    /// <summary>
    /// Reads a system message's text: "&lt;user id&gt; &lt;nickname&gt;", with the role first on a role change
    /// (docs/protocol.md). Null for other messages.
    /// </summary>
    internal static GroupEvent? Of(ChatMessage message)
    {
        if (message.Type is not (MessageType.MemberJoined or MessageType.MemberLeft or MessageType.MemberRemoved or MessageType.RoleChanged))
        {
            return null;
        }

        bool role = message.Type == MessageType.RoleChanged;
        string[] parts = message.Text.Split(' ', role ? 3 : 2);
        int id = role ? 1 : 0;
        return new GroupEvent
        {
            UserId = parts.Length > id ? parts[id] : "",
            Nickname = parts.Length > id + 1 ? parts[id + 1] : parts.Length > id ? parts[id] : "",
            Role = !role ? null : parts[0] switch { "owner" => GroupRole.Owner, "admin" => GroupRole.Admin, _ => GroupRole.Member },
        };
    }

    /// <summary>A system message as a sentence; any other message's text.</summary>
    internal static string Describe(ChatMessage message)
    {
        string actor = message.Sender.Nickname.Length > 0 ? message.Sender.Nickname : message.Sender.UserId;
        if (message.Type == MessageType.GroupRenamed)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{actor} renamed the group to {message.Text}");
        }

        if (Of(message) is not { } about)
        {
            return message.Text;
        }

        return message.Type switch
        {
            MessageType.MemberJoined => about.UserId == message.Sender.UserId ? $"{about.Nickname} joined" : $"{actor} added {about.Nickname}",
            MessageType.MemberLeft => $"{about.Nickname} left",
            MessageType.MemberRemoved => $"{actor} removed {about.Nickname}",
            _ => about.Role switch
            {
                GroupRole.Owner => $"{about.Nickname} is now the owner",
                GroupRole.Admin => $"{actor} made {about.Nickname} an admin",
                _ => $"{actor} made {about.Nickname} a member",
            },
        };
    }
}
