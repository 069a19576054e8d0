using Relink.Protocol.Messages;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>
    /// The password hash of an account the hosting app signs in: it has no password, and an empty hash never
    /// verifies, so the account cannot be entered with one (only through the host, or by resume token).
    /// </summary>
    private const string NoPassword = "";

    /// <summary>
    /// Login on a connection the hosting app authenticated (<see cref="Session.HostIdentity"/>): the user is the
    /// host's, created on first sight with the host's name for them. Throttled, displacing earlier sessions and
    /// issuing a resume token exactly as a password login does.
    /// </summary>
    private async Task<Envelope> LoginAsHostUserAsync(Session session, HostIdentity host, LoginRequest request)
    {
        string deviceId = DeviceId(request.DeviceId);
        if (request.Password.Length > 0)
        {
            throw RequestException.Invalid("password", "This connection is signed in by the app that hosts Relink: log in without a password.");
        }

        Throttle(session, host.UserId);
        if (request.UserId.Length > 0 && request.UserId != host.UserId)
        {
            throw InvalidCredentials(); // another user than the one the host vouches for
        }

        var credentials = await FindOrCreateHostUserAsync(host);
        if (credentials.Disabled)
        {
            throw InvalidCredentials();
        }

        string token = await resumeTokens.IssueAsync(host.UserId, deviceId);
        var state = await EnterSessionAsync(session, credentials.User, deviceId, request.LatestPerTalk, token, request.OneShot);
        return new Envelope { LoginOk = state };
    }

    private async Task<UserCredentials> FindOrCreateHostUserAsync(HostIdentity host)
    {
        if (await store.FindCredentialsAsync(host.UserId) is { } existing)
        {
            return existing;
        }

        string nickname = host.Nickname.Length <= Validate.MaxNicknameLength ? host.Nickname : host.Nickname[..Validate.MaxNicknameLength];
        if (await store.CreateUserAsync(new NewUser(host.UserId, nickname, "", NoPassword, Now)))
        {
            LogCreatedForHost(host.UserId);
        }

        // Created now, or by a login of the same user on another connection a moment ago.
        return await store.FindCredentialsAsync(host.UserId) ?? throw new InvalidOperationException($"User {host.UserId} vanished right after its creation.");
    }

    /// <summary>On a host-authenticated connection, only the host's user may resume; anyone else is refused as an unknown token.</summary>
    private static bool IsForeignToHost(Session session, string userId) =>
        session.HostIdentity is { } host && host.UserId != userId;

    /// <summary>Accounts on a host-authenticated connection are the host's to make, not the client's.</summary>
    private static void EnsureNotHostSignedIn(Session session)
    {
        if (session.HostIdentity is not null)
        {
            throw RequestException.Forbidden("This connection is signed in by the app that hosts Relink: accounts are made there, not here.");
        }
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Created {UserId} on first sight: signed in by the hosting app")]
    private partial void LogCreatedForHost(string userId);
}
