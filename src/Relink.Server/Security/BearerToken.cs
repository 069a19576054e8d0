namespace Relink.Server.Security;

/// <summary>Checks <c>Authorization: Bearer &lt;secret&gt;</c> against a configured secret (the admin token, the API key).</summary>
public static class BearerToken
{
    /// <summary>Whether the request carries <paramref name="secret"/> as its bearer token (constant time).</summary>
    public static bool Matches(HttpRequest request, string secret) =>
        Configuration.ConfiguredSecret.MatchesBearer(request.Headers.Authorization.ToString(), secret);
}
