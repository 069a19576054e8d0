namespace Relink.Client;

/// <summary>A user as others see them.</summary>
public sealed record UserProfile
{
    // What a message or notice carries when the server named no user; shared, as records are immutable.
    internal static UserProfile None { get; } = new();

    /// <summary>The account id: 1..32 of <c>[A-Za-z0-9_.-]</c>.</summary>
    public string UserId { get; init; } = "";

    /// <summary>The name shown to others.</summary>
    public string Nickname { get; init; } = "";

    /// <summary>The avatar: an image id or URL chosen at registration ("" when none).</summary>
    public string Head { get; init; } = "";
}

/// <summary>One user a search found.</summary>
public sealed record UserSummary
{
    /// <summary>Who it is.</summary>
    public UserProfile Profile { get; init; } = UserProfile.None;

    /// <summary>Already a friend of the user who searched.</summary>
    public bool IsFriend { get; init; }

    /// <summary>Online now.</summary>
    public bool Online { get; init; }
}
