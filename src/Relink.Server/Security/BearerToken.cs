using System.Security.Cryptography;
using System.Text;

namespace Relink.Server.Security;

/// <summary>Checks <c>Authorization: Bearer &lt;secret&gt;</c> against a configured secret (the admin token, the API key).</summary>
public static class BearerToken
{
    private const string Scheme = "Bearer ";

    /// <summary>
    /// Whether the request carries <paramref name="secret"/> as its bearer token. Both sides are hashed first, so the
    /// constant-time comparison does not reveal the secret's length either.
    /// </summary>
    public static bool Matches(HttpRequest request, string secret)
    {
        string header = request.Headers.Authorization.ToString();
        return header.StartsWith(Scheme, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..])),
                SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }
}
