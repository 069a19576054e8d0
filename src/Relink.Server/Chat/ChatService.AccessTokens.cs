using System.Globalization;
using System.Security.Cryptography;
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
        Throttle(session, request.UserId.Length > 0 ? request.UserId : parsed?.Subject ?? "");
        var identity = parsed is null ? null : await accessTokens.ValidateAsync(parsed, session.Connection.AddressKey);
        if (identity is not { } vouched || !Ids.IsValidUserId(vouched.UserId) || (request.UserId.Length > 0 && request.UserId != vouched.UserId))
        {
            throw InvalidCredentials();
        }

        var credentials = await FindOrCreateTokenUserAsync(vouched);
        if (credentials is null || credentials.Disabled)
        {
            throw InvalidCredentials();
        }

        return await CompleteLoginAsync(session, credentials.User, deviceId, request);
    }

    /// <summary>
    /// The token's user, created when the server has not seen it yet. The password hash is of 256 random bits nobody
    /// keeps: a password login is impossible for this user until a password is set, yet costs the same time to refuse.
    /// </summary>
    private async Task<UserCredentials?> FindOrCreateTokenUserAsync(Security.AccessTokenIdentity identity)
    {
        if (await store.FindCredentialsAsync(identity.UserId) is { } known)
        {
            return known;
        }

        string unusable = passwords.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var user = new NewUser(identity.UserId, NicknameFrom(identity), "", unusable, Now);
        if (await store.CreateUserAsync(user))
        {
            LogCreatedFromAccessToken(identity.UserId);
        }

        // Created now, or by a concurrent first login of the same user a moment earlier.
        return await store.FindCredentialsAsync(identity.UserId);
    }

    /// <summary>The <c>name</c> claim, trimmed and cut to the nickname limit (the app's names are not refused); the user id without one.</summary>
    private static string NicknameFrom(Security.AccessTokenIdentity identity)
    {
        string name = identity.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            return identity.UserId;
        }

        if (name.Length <= Validate.MaxNicknameLength)
        {
            return name;
        }

        // Cut between characters as people see them, never inside a surrogate pair or a combining sequence.
        int cut = StringInfo.ParseCombiningCharacters(name).LastOrDefault(start => start <= Validate.MaxNicknameLength);
        return name[..cut].TrimEnd();
    }

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Created {UserId} at its first sign-in with an access token")]
    private partial void LogCreatedFromAccessToken(string userId);
}
