namespace Relink.Client;

/// <summary>
/// What a login proves the user with, as a <see cref="RelinkClientOptions.CredentialsProvider"/> hands it over: a user id
/// and password, or an access token the app signed for the user (<see cref="FromAccessToken"/>).
/// </summary>
/// <param name="UserId">The account (for an access token: empty, or the token's subject).</param>
/// <param name="Password">Its password (empty for an access token).</param>
public sealed record Credentials(string UserId, string Password)
{
    /// <summary>
    /// The JWT the app's backend signed for the user, sent instead of a password; null for a password. The server
    /// takes the user from the token (its <c>sub</c>), so the user id may stay empty.
    /// </summary>
    public string? AccessToken { get; private init; }

    /// <summary>
    /// Credentials made of an access token: a JWT the app's backend signed for the user, which a server started with
    /// <c>--jwt-key</c> or <c>--jwt-jwks</c> accepts in place of a password (see docs/integration.md).
    /// </summary>
    /// <param name="accessToken">The token, as the app's backend issued it.</param>
    /// <param name="userId">Optional: the user the token must be for (the server refuses a token for anyone else).</param>
    /// <returns>Credentials that log in with the token.</returns>
    public static Credentials FromAccessToken(string accessToken, string? userId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        return new Credentials(userId ?? "", "") { AccessToken = accessToken };
    }

    /// <summary>The user id only: a password or token must never reach a log by way of ToString.</summary>
    public override string ToString() =>
        AccessToken is null ? $"Credentials {{ UserId = {UserId}, Password = *** }}" : $"Credentials {{ UserId = {UserId}, AccessToken = *** }}";
}
