using Relink.Protocol.Messages;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
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

        ThrottleLogin(session, host.UserId);
        if (request.UserId.Length > 0 && request.UserId != host.UserId)
        {
            throw RefusedLogin(); // another user than the one the host vouches for
        }

        var credentials = await FindOrCreateVouchedUserAsync(host.UserId, host.Nickname, LogCreatedForHost);
        if (credentials is null || credentials.Disabled)
        {
            throw RefusedLogin();
        }

        return await CompleteLoginAsync(session, credentials.User, deviceId, request);
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
