using Relink.Protocol.Messages;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>
    /// Login with a JWT the app signed (<see cref="Security.AccessTokens"/>): its <c>sub</c> is the user, created on
    /// the spot the first time (named by <c>name</c>). Every way a token can be wrong answers like a wrong password,
    /// and counts against the same throttle.
    /// </summary>
    private async Task<Envelope> LoginWithAccessTokenAsync(Session session, LoginRequest request, string deviceId)
    {
        if (request.Password.Length > 0)
        {
            throw RequestException.Invalid("access_token", "Send a password or an access_token, not both.");
        }

        if (!accessTokens.Enabled)
        {
            throw RequestException.Invalid("access_token", "This server does not accept access tokens: it has no --jwt-key or --jwt-jwks.");
        }

        // Throttled by the account the request or the (not yet verified) token names, as a password login is by its
        // user id; a token too broken to name one shares a single bucket, which no working app ever draws from.
        var parsed = accessTokens.Parse(request.AccessToken);
        ThrottleLogin(session, request.UserId.Length > 0 ? request.UserId : parsed?.Subject ?? "");
        var identity = parsed is null ? null : await accessTokens.ValidateAsync(parsed, session.Connection.AddressKey);
        if (identity is not { } vouched || !Ids.IsValidUserId(vouched.UserId) || (request.UserId.Length > 0 && request.UserId != vouched.UserId))
        {
            throw RefusedLogin();
        }

        var credentials = await FindOrCreateVouchedUserAsync(vouched.UserId, vouched.Name, LogCreatedFromAccessToken);
        if (credentials is null || credentials.Disabled)
        {
            throw RefusedLogin();
        }

        return await CompleteLoginAsync(session, credentials.User, deviceId, request);
    }

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Created {UserId} at its first sign-in with an access token")]
    private partial void LogCreatedFromAccessToken(string userId);
}
