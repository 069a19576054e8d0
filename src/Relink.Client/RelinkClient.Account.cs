using Relink.Client.Session;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>Creates an account. Connects first if needed; does not log in.</summary>
    /// <param name="userId">1..32 of <c>[A-Za-z0-9_.-]</c>.</param>
    /// <param name="password">6..128 characters.</param>
    /// <param name="nickname">Shown to others; the user id when null.</param>
    /// <param name="head">An avatar id or URL.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The new user's profile.</returns>
    /// <exception cref="RelinkException">Refused: <see cref="ErrorCode.UserExists"/>, <see cref="ErrorCode.InvalidArgument"/>, …</exception>
    public async Task<UserProfile> RegisterAsync(string userId, string password, string? nickname = null, string? head = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(password);
        await ConnectAsync(cancellationToken);
        var request = new Envelope
        {
            Register = new RegisterRequest { UserId = userId, Password = password, Nickname = nickname ?? "", Head = head ?? "" },
        };
        return await RequestAsync(request, Envelope.BodyOneofCase.RegisterOk, a => a.RegisterOk.Profile, cancellationToken);
    }

    /// <summary>
    /// Logs in (connecting first if needed) as this device (<see cref="RelinkClientOptions.DeviceId"/>). Once it
    /// returns, messages flow: first each conversation's backlog (what arrived while this device was away), then
    /// live messages, through <see cref="ReadMessagesAsync"/> and <see cref="MessageReceived"/>.
    /// </summary>
    /// <returns>The profile, friends, groups and talk list.</returns>
    /// <exception cref="RelinkException">Refused; <see cref="ErrorCode.InvalidCredentials"/> for a wrong user or password.</exception>
    /// <exception cref="RelinkConnectionException">The server could not be reached, or the link dropped.</exception>
    public async Task<SessionState> LoginAsync(string userId, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(password);
        await ConnectAsync(cancellationToken);
        var request = new Envelope
        {
            Login = new LoginRequest
            {
                UserId = userId,
                Password = password,
                DeviceId = _options.DeviceId,
                LatestPerTalk = _options.LatestPerTalk,
            },
        };

        long sentAt = _time.GetTimestamp();
        DateTimeOffset sentAtWall = _time.GetUtcNow();
        return await RequestAsync(
            request,
            Envelope.BodyOneofCase.LoginOk,
            a => Session!,
            cancellationToken,
            (link, answer) => OnLoggedIn(link, answer.LoginOk, sentAt, sentAtWall));
    }

    /// <summary>Logs out and closes the connection, after acknowledging what was delivered.</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (Volatile.Read(ref _link) is not { } link)
        {
            return;
        }

        await FlushAcksAsync(link);
        try
        {
            await RequestAsync(new Envelope { Logout = new LogoutRequest() }, Envelope.BodyOneofCase.LogoutOk, _ => true, cancellationToken);
        }
        finally
        {
            await link.CloseAsync("logged out");
        }
    }

    // Runs on the receive loop, before any frame after the login answer is read.
    private void OnLoggedIn(ClientLink link, LoginResponse login, long sentAt, DateTimeOffset sentAtWall)
    {
        var session = new SessionState(login);
        if (Session?.Profile.UserId is { } previousUser && previousUser != session.Profile.UserId)
        {
            _inbox.Reset();
        }

        Volatile.Write(ref _session, session);
        if (session.ServerTime is { } serverTime)
        {
            _clock.Add(sentAtWall, _time.GetElapsedTime(sentAt), serverTime);
        }

        StartHeartbeat(link, session.Heartbeat);
        MoveTo(new ConnectionState.Connected(session.Profile.UserId, session.SessionId));
        if (_options.ReceiveMessages)
        {
            // Cursors recorded but not sent before a previous link dropped go first, on their own.
            if (_inbox.Acks.Take() is { } leftover)
            {
                SendAcks(leftover);
            }

            _inbox.BeginSession(session.Talks);
        }
    }
}
