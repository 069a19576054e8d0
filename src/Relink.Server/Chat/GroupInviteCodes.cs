using System.Security.Cryptography;

namespace Relink.Server.Chat;

/// <summary>Invite codes: random, unguessable, short enough to read out and to put in a link.</summary>
internal static class GroupInviteCodes
{
    /// <summary>Characters of a code. 62^16 ≈ 2^95: guessing one is hopeless, even across many groups.</summary>
    public const int Length = 16;

    /// <summary>The longest code a join may carry (a longer one cannot be a code; refused before the store).</summary>
    public const int MaxLength = 64;

    /// <summary>The longest expiry a code may have.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    /// <summary>The most joins a code may allow.</summary>
    public const int MaxUses = 100_000;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new random code.</summary>
    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));
}
