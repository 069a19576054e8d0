using Relink.Client.Reconnecting;
using Relink.Client.Session;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    // Who the session belongs to and its newest resume token (each login and resume answer replaces it: a token is
    // good for one resume). Null before the first session, and once a token was refused.
    private ResumeIdentity? _identity;

    /// <summary>
    /// Raised when a lost session is back (resumed with its token, or logged in again with
    /// <see cref="RelinkClientOptions.CredentialsProvider"/>): <see cref="Session"/> holds the new state, and the
    /// event says what changed meanwhile, so a UI refreshes without a re-login. Messages that arrived meanwhile come
    /// through <see cref="ReadMessagesAsync"/> as usual, and the outbox is sent next, in order.
    /// </summary>
    public event EventHandler<SessionResumedEventArgs>? Resumed;

    /// <summary>
    /// One attempt of a run: connect, then resume with the token, or log in with the credentials when there is no
    /// token or it was refused. The session is in place (Connected, inbox catching up) when it returns.
    /// </summary>
    /// <exception cref="SessionRefusedException">The server will not give the session back without a person.</exception>
    private async Task<SessionState> AttemptSessionAsync(ReconnectRun run)
    {
        if (!TryMoveFrom(_ => !run.IsStopped, new ConnectionState.Connecting(_endpoint.ToString())))
        {
            throw new OperationCanceledException(run.Stopping);
        }

        ClientLink link = await OpenLinkAsync(run.Stopping);
        run.AttemptLink = link;
        if (!TryMoveFrom(s => !run.IsStopped && s is ConnectionState.Connecting, new ConnectionState.Authenticating()))
        {
            throw new OperationCanceledException(run.Stopping);
        }

        bool hadSession = Session is not null;
        if (Volatile.Read(ref _identity) is { } identity)
        {
            try
            {
                var resume = new ResumeRequest
                {
                    UserId = identity.UserId,
                    ResumeToken = identity.Token,
                    DeviceId = _options.DeviceId,
                    LatestPerTalk = _options.LatestPerTalk,
                };
                return await EnterSessionAsync(link, new Envelope { Resume = resume }, SessionStart.Resumed, run.Stopping);
            }
            catch (RelinkException e) when (e.Code == ErrorCode.ResumeRejected)
            {
                // Spent or expired: no later attempt can use it either. The server keeps the link open, anonymous.
                Interlocked.CompareExchange(ref _identity, null, identity);
                LogResumeRejected(_logger, e.Message);
            }
            catch (RelinkException e) when (IsRefusalOfIdentity(e.Code))
            {
                throw new SessionRefusedException("the server refused to resume the session: " + e.Message, e);
            }
        }

        ClientStateSnapshot? saved = hadSession ? null : await LoadStateAsync(run.Stopping);
        Credentials credentials = await GetCredentialsAsync(run)
            ?? throw new SessionRefusedException(hadSession
                ? "the session could not be resumed (its resume token was refused) and there are no credentials to log in with"
                : "there are no credentials to log in with");
        if (hadSession && _streak.CountPasswordLogin() > 1)
        {
            // Refused twice without a stable session between: most likely another client uses this device id, and
            // each login silently replaces the other's link. Logging in again would only continue the tug of war.
            throw new SessionRefusedException(
                $"the resume token was refused again soon after a login: another client may be using device id '{_options.DeviceId}'");
        }

        try
        {
            Envelope login = LoginRequestFor(credentials.UserId, credentials.Password);
            return await EnterSessionAsync(link, login, hadSession ? SessionStart.LoggedInAgain : SessionStart.LoggedIn, run.Stopping, saved);
        }
        catch (RelinkException e) when (IsRefusalOfIdentity(e.Code))
        {
            throw new SessionRefusedException("the server refused the credentials: " + e.Message, e);
        }
    }

    private async Task<Credentials?> GetCredentialsAsync(ReconnectRun run)
    {
        if (_options.CredentialsProvider is not { } provider)
        {
            return null;
        }

        try
        {
            return await provider(run.Stopping);
        }
        catch (Exception e) when (!run.IsStopped)
        {
            throw new SessionRefusedException("the credentials provider failed: " + e.Message, e);
        }
    }

    /// <summary>A login as this device, asking for the configured number of latest messages per talk.</summary>
    private Envelope LoginRequestFor(string userId, string password) => new()
    {
        Login = new LoginRequest { UserId = userId, Password = password, DeviceId = _options.DeviceId, LatestPerTalk = _options.LatestPerTalk },
    };

    /// <summary>Sends a login or resume on <paramref name="link"/> and puts the session in place as the answer is read.</summary>
    /// <param name="link">The link to log in on.</param>
    /// <param name="request">The login or resume.</param>
    /// <param name="start">How the session comes about.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="saved">For a login the application asked for: the state an earlier client saved.</param>
    private Task<SessionState> EnterSessionAsync(ClientLink link, Envelope request, SessionStart start, CancellationToken cancellationToken, ClientStateSnapshot? saved = null)
    {
        long sentAt = _time.GetTimestamp();
        DateTimeOffset sentAtWall = _time.GetUtcNow();
        Envelope.BodyOneofCase expected = request.BodyCase == Envelope.BodyOneofCase.Resume ? Envelope.BodyOneofCase.ResumeOk : Envelope.BodyOneofCase.LoginOk;
        return RequestAsync(
            request,
            expected,
            _ => Session!,
            cancellationToken,
            (answeredOn, answer) =>
            {
                LoginResponse state = expected == Envelope.BodyOneofCase.ResumeOk ? answer.ResumeOk.State ?? new LoginResponse() : answer.LoginOk;
                OnSessionStarted(answeredOn, state, start, sentAt, sentAtWall, saved);
            },
            link);
    }

    // Runs on the receive loop, before any frame after the login or resume answer is read: pushes the server held
    // back until its answer (messages, kicks) must meet the new session, not the old one.
    private void OnSessionStarted(ClientLink link, LoginResponse state, SessionStart start, long sentAt, DateTimeOffset sentAtWall, ClientStateSnapshot? saved)
    {
        SessionState? previous = Session;
        var session = new SessionState(state);
        if (previous?.Profile.UserId is { } previousUser && previousUser != session.Profile.UserId)
        {
            // Another account on the same client: what the last one received or meant to send is not this one's.
            _inbox.Reset();
            FailOutbox(new RelinkException($"Not sent: the client is now logged in as {session.Profile.UserId}, not {previousUser}."));
        }

        SessionChanges? changes = start is SessionStart.LoggedIn || previous is null ? null : _view.Compare(session, _inbox.CursorOf);
        Volatile.Write(ref _session, session);
        Volatile.Write(ref _identity, new ResumeIdentity(session.Profile.UserId, state.ResumeToken));
        _view.Reset(session);
        if (session.ServerTime is { } serverTime)
        {
            _clock.Add(sentAtWall, _time.GetElapsedTime(sentAt), serverTime);
        }

        TimeSpan downtime = _streak.Elapsed;
        int attempts = _streak.Attempts;
        Volatile.Write(ref _sessionLink, link);
        _streak.SessionStarted();
        if (_options.ReceiveMessages)
        {
            _storeSync.SessionStarted();
        }

        StartHeartbeat(link, session.Heartbeat);
        _outbox.Open();

        // The run that got this session is over from here: a drop of this session must start a new one, and
        // StopReconnecting must not stop a connected client.
        lock (_lifecycle)
        {
            _run = null;
        }

        if (!TryMoveFrom(s => s is ConnectionState.Authenticating, new ConnectionState.Connected(session.Profile.UserId, session.SessionId)))
        {
            // Stopped or disposed while the answer was on its way: this session is not wanted.
            FailOutbox(State is ConnectionState.Stopped stopped ? new RelinkStoppedException(stopped) : NotLoggedIn());
            link.Abort("the session was no longer wanted");
            throw new OperationCanceledException("The client stopped while the session was being set up.");
        }

        Dictionary<string, long>? floors = saved is null ? null : ContinueFromSavedState(session, saved);
        if (_options.ReceiveMessages)
        {
            // Cursors recorded but not sent before a previous link dropped go first, on their own.
            if (_inbox.Acks.Take() is { } leftover)
            {
                SendAcks(leftover);
            }

            _inbox.BeginSession(session.Talks, floors);
        }

        if (changes is not null)
        {
            LogResumed(_logger, start == SessionStart.LoggedInAgain, attempts, downtime.TotalSeconds);
            var resumed = new SessionResumedEventArgs(session, changes, start == SessionStart.LoggedInAgain, downtime);
            Raise(nameof(Resumed), Resumed, resumed);
        }

        PumpOutbox();
    }

    // Answers that mean "not this identity", as opposed to "not now".
    private static bool IsRefusalOfIdentity(ErrorCode code) =>
        code is ErrorCode.InvalidCredentials or ErrorCode.InvalidArgument or ErrorCode.Forbidden or ErrorCode.ResumeRejected or ErrorCode.AlreadyAuthenticated;

    /// <summary>How a session came about.</summary>
    private enum SessionStart
    {
        /// <summary>A login the application asked for (LoginAsync, StartAsync).</summary>
        LoggedIn,

        /// <summary>A lost session resumed with its token.</summary>
        Resumed,

        /// <summary>A lost session whose token was refused, logged in again with the credentials.</summary>
        LoggedInAgain,
    }

    private sealed record ResumeIdentity(string UserId, string Token);
}
