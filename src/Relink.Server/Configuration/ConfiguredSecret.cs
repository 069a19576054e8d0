using System.Security.Cryptography;
using System.Text;

namespace Relink.Server.Configuration;

/// <summary>
/// Compares what a caller presents with a configured secret (the admin token, the API key). Both sides are hashed
/// first, so the constant-time comparison reveals neither the secret nor its length. Here, beside the options, so
/// every folder that checks a secret uses this one comparison.
/// </summary>
public static class ConfiguredSecret
{
    private const string BearerScheme = "Bearer ";

    /// <summary>Whether <paramref name="presented"/> is <paramref name="configured"/>; never true when nothing is configured.</summary>
    public static bool Matches(string? presented, string? configured) =>
        !string.IsNullOrEmpty(configured) && presented is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    /// <summary>Whether an <c>Authorization</c> header value is <c>Bearer &lt;configured&gt;</c>.</summary>
    public static bool MatchesBearer(string? authorization, string? configured) =>
        authorization is not null && authorization.StartsWith(BearerScheme, StringComparison.Ordinal)
        && Matches(authorization[BearerScheme.Length..], configured);
}
