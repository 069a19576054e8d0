namespace Relink.Client;

/// <summary>A group.</summary>
public sealed record GroupInfo
{
    // What a notice carries when the server named no group; shared, as records are immutable.
    internal static GroupInfo None { get; } = new();

    /// <summary>The server-assigned id (also what <see cref="Peers.Group"/> takes).</summary>
    public string GroupId { get; init; } = "";

    /// <summary>Its name, 1..64 characters.</summary>
    public string Name { get; init; } = "";

    /// <summary>Its avatar: an image id or URL ("" when none).</summary>
    public string Head { get; init; } = "";

    /// <summary>The user who created it.</summary>
    public string OwnerId { get; init; } = "";

    /// <summary>How many members it has (0: everyone left, and the group is closed).</summary>
    public int MemberCount { get; init; }

    /// <summary>Anyone may join it by its id; otherwise only by invitation or invite code.</summary>
    public bool IsPublic { get; init; }

    /// <summary>What new members may read.</summary>
    public GroupHistory History { get; init; }
}

/// <summary>How a group's membership changed.</summary>
public enum GroupChange
{
    /// <summary>Not said (a server newer than this SDK may use a change it does not know).</summary>
    Unspecified = 0,

    /// <summary>This user was added, or someone joined one of this user's groups.</summary>
    Joined = 1,

    /// <summary>This user, or another member, left.</summary>
    Left = 2,

    /// <summary>This user, or another member, was removed by an admin or the owner.</summary>
    Removed = 3,

    /// <summary>The group's name, settings or roles changed (<see cref="GroupChangedNotice.Member"/>: who changed them).</summary>
    Updated = 4,
}

/// <summary>Someone joined or left a group of this user's (this user included): see <see cref="RelinkClient.GroupChanged"/>.</summary>
public sealed record GroupChangedNotice
{
    /// <summary>The group, as it is after the change.</summary>
    public GroupInfo Group { get; init; } = GroupInfo.None;

    /// <summary>Joined or left.</summary>
    public GroupChange Change { get; init; }

    /// <summary>Who joined or left.</summary>
    public UserProfile Member { get; init; } = UserProfile.None;
}
