namespace Relink.Storage;

/// <summary>A member's role in a group.</summary>
public enum GroupRole
{
    /// <summary>Reads, sends and leaves.</summary>
    Member = 0,

    /// <summary>Also invites and removes members, renames the group and makes invite codes.</summary>
    Admin = 1,

    /// <summary>One per group: also names roles, makes the group public or not, picks its history visibility.</summary>
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

/// <summary>A group to create.</summary>
/// <param name="OwnerId">The owner, its first member.</param>
/// <param name="Name">The group's name.</param>
/// <param name="Head">Its image.</param>
/// <param name="MemberIds">The other first members.</param>
/// <param name="At">When it was created.</param>
/// <param name="IsPublic">Anyone may join by its id.</param>
/// <param name="History">What new members may read.</param>
public sealed record NewGroup(
    string OwnerId, string Name, string Head, IReadOnlyList<string> MemberIds, DateTimeOffset At,
    bool IsPublic = false, GroupHistory History = GroupHistory.FromJoin);

/// <summary>The settings an update changes: those that are not null.</summary>
public sealed record GroupSettingsChange(string? Name = null, bool? IsPublic = null, GroupHistory? History = null);

/// <summary>A member of a group.</summary>
/// <param name="User">Their profile.</param>
/// <param name="Role">Their role.</param>
/// <param name="JoinedSeq">
/// The sequence number of their join message: the first they may read while the group shows history from the join
/// onward. 0 for the first members and for members from before roles existed (they read everything).
/// </param>
/// <param name="VisibleFromSeq">The first sequence number they may read now: <paramref name="JoinedSeq"/>, or 0 while the group shows its whole history.</param>
public sealed record GroupMemberRecord(UserRecord User, GroupRole Role, long JoinedSeq, long VisibleFromSeq);

/// <summary>A group after a change, with the system messages the change appended (none: nothing changed).</summary>
public sealed record GroupChangeResult(GroupRecord Group, IReadOnlyList<StoredMessage> Events, bool SettingsChanged = false)
{
    /// <summary>Whether anything changed.</summary>
    public bool Changed => Events.Count > 0 || SettingsChanged;
}

/// <summary>An invite code of a group.</summary>
/// <param name="GroupId">The group it lets people into.</param>
/// <param name="Code">The code.</param>
/// <param name="CreatedBy">The admin or owner who made it.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="ExpiresAt">When it stops working, or null for never.</param>
/// <param name="MaxUses">How many joins it allows, or null for no limit.</param>
/// <param name="Uses">How many joins it made.</param>
public sealed record GroupInviteRecord(
    string GroupId, string Code, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, int? MaxUses, int Uses = 0);

/// <summary>
/// The text of group system messages: whom a membership change is about, as "&lt;user id&gt; &lt;nickname&gt;" (user
/// ids hold no spaces), with the role first for a role change. One definition for both stores and the server.
/// </summary>
public static class GroupEventText
{
    /// <summary>The text of a joined, left or removed message.</summary>
    public static string Member(string userId, string nickname) => $"{userId} {nickname}";

    /// <summary>The text of a role change.</summary>
    public static string Role(GroupRole role, string userId, string nickname) => $"{RoleName(role)} {userId} {nickname}";

    /// <summary>
    /// A system message as a sentence ("Alice joined", "Alice added Bob", "Alice made Bob an admin"), or null when the
    /// kind is not one. <paramref name="senderId"/> and <paramref name="senderNickname"/> are who did it.
    /// </summary>
    public static string? Describe(MessageKind kind, string senderId, string senderNickname, string text)
    {
        if (kind == MessageKind.GroupRenamed)
        {
            return $"{senderNickname} renamed the group to {text}";
        }

        if (kind is not (MessageKind.MemberJoined or MessageKind.MemberLeft or MessageKind.MemberRemoved or MessageKind.RoleChanged))
        {
            return null;
        }

        string[] parts = text.Split(' ', kind == MessageKind.RoleChanged ? 3 : 2);
        string subject = parts.Length > 1 ? parts[^1] : text; // the nickname, after the id (and the role)
        bool self = kind != MessageKind.RoleChanged && parts[0] == senderId;
        return kind switch
        {
            MessageKind.MemberJoined => self ? $"{subject} joined" : $"{senderNickname} added {subject}",
            MessageKind.MemberLeft => $"{subject} left",
            MessageKind.MemberRemoved => $"{senderNickname} removed {subject}",
            _ => parts[0] switch
            {
                "owner" => $"{subject} is now the owner",
                "admin" => $"{senderNickname} made {subject} an admin",
                _ => $"{senderNickname} made {subject} a member",
            },
        };
    }

    /// <summary>A role as the protocol and the command line spell it.</summary>
    public static string RoleName(GroupRole role) => role switch
    {
        GroupRole.Owner => "owner",
        GroupRole.Admin => "admin",
        _ => "member",
    };
}
