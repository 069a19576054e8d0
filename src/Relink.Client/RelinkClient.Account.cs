using Relink.Client.Lifecycle;
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
    /// live messages, through <see cref="ReadMessagesAsync"/> and <see cref="MessageReceived"/>. From then on a lost
    /// link is reconnected and the session resumed by itself (see <see cref="RelinkClientOptions.ReconnectPolicy"/>).
    /// </summary>
    /// <returns>The profile, friends, groups and talk list.</returns>
    /// <exception cref="RelinkException">Refused; <see cref="ErrorCode.InvalidCredentials"/> for a wrong user or password.</exception>
    /// <exception cref="RelinkConnectionException">The server could not be reached, or the link dropped. (To keep trying
    /// until the server is up, use <see cref="StartAsync"/>.)</exception>
    /// <exception cref="InvalidOperationException">The client is reconnecting by itself.</exception>
    public async Task<SessionState> LoginAsync(string userId, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(password);
        ClientStateSnapshot saved = await LoadStateAsync(cancellationToken);
        await ConnectAsync(cancellationToken);
        return await EnterSessionAsync(CurrentLink(), LoginRequestFor(userId, password), SessionStart.LoggedIn, cancellationToken, saved);
    }

    /// <summary>
    /// Logs in with <see cref="RelinkClientOptions.CredentialsProvider"/>, and keeps trying, on the reconnect policy's
    /// schedule, while the server cannot be reached: a client started before its server connects once the server
    /// appears (seed 003, scene 1). The state shows the attempts (<see cref="ConnectionState.Reconnecting"/>), and
    /// messages sent meanwhile wait in the outbox. Returns at once when already connected.
    /// </summary>
    /// <returns>The session, once logged in.</returns>
    /// <exception cref="InvalidOperationException">No <see cref="RelinkClientOptions.CredentialsProvider"/> is set.</exception>
    /// <exception cref="RelinkStoppedException">The credentials were refused (<see cref="StopReason.AuthRequired"/>), the
    /// policy gave up or <see cref="StopReconnecting"/> was called (<see cref="StopReason.GaveUp"/>), or the client was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired: the client stops trying
    /// (<see cref="StopReason.GaveUp"/>).</exception>
    public async Task<SessionState> StartAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (_options.CredentialsProvider is null)
        {
            throw new InvalidOperationException("StartAsync logs in with RelinkClientOptions.CredentialsProvider: set it, or call LoginAsync.");
        }

        if (State is ConnectionState.Connected && Session is { } current)
        {
            return current;
        }

        // Up front, so a state store that cannot be opened (another client has it) fails the call instead of
        // every attempt; the run's own load then only reads what is open.
        await LoadStateAsync(cancellationToken);
        if (State is ConnectionState.Authenticating && !IsReconnecting && Volatile.Read(ref _link) is { } anonymous)
        {
            // A link opened by ConnectAsync or RegisterAsync: the run opens its own, as every attempt does.
            anonymous.Abort("starting over to log in");
        }

        ReconnectRun run;
        bool started = false;
        lock (_lifecycle)
        {
            if (_run is { } running)
            {
                run = running;
            }
            else
            {
                run = _run = new ReconnectRun();
                _streak.OutageBegins(_options.StableConnectionPeriod, serverAsked: true);
                started = true;
            }
        }

        if (started)
        {
            _outbox.Open();
            _ = RunAsync(run, "starting", null, firstDelay: null, waitFirst: false);
        }

        using var cancel = cancellationToken.Register(() =>
        {
            if (!run.Result.IsCompleted)
            {
                Stop(StopReason.GaveUp, "starting was cancelled");
            }
        });
        try
        {
            return await run.Result;
        }
        catch (RelinkStoppedException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>
    /// Logs out and closes the connection, after acknowledging what was delivered. The client stops
    /// (<see cref="StopReason.LoggedOut"/>): it does not reconnect, and messages still in the outbox fail.
    /// </summary>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (IsReconnecting || Volatile.Read(ref _link) is not { } link)
        {
            // No link to log out on: the token is forgotten here, and expires on the server.
            Volatile.Write(ref _identity, null);
            if (Session is not null)
            {
                Stop(StopReason.LoggedOut, "logged out");
            }

            return;
        }

        NoteEnding(link, ending => ending with { LoggedOut = true });
        await FlushAcksAsync(link);
        try
        {
            await RequestAsync(new Envelope { Logout = new LogoutRequest() }, Envelope.BodyOneofCase.LogoutOk, _ => true, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _identity, null);
            await link.CloseAsync("logged out");
        }
    }

    private void ThrowIfReconnecting()
    {
        if (IsReconnecting)
        {
            throw new InvalidOperationException(
                "The client is getting its session back by itself: wait for the Connected state, call ReconnectNow() to try at once, or StopReconnecting() first.");
        }
    }
}
