using Relink.Client.Model;
using Microsoft.Extensions.Logging;
using Relink.Client.Link;
using Relink.Client.Session;
using Relink.Client.Transport;
using Relink.Protocol.Messages;

namespace Relink.Client.Lifecycle;

/// <summary>
/// The client's connection life cycle in one place: connect → log in or resume → running → link lost →
/// reconnecting → resumed (or logged in again) … → stopped. Everything those steps share lives here and nowhere
/// else: the state, the link in use and the link that carries the session, the session and its resume identity, the
/// reconnect run and its streak, and what the server said about a link before it ended.
/// </summary>
/// <remarks>
/// <para>Read it top to bottom: the public entry points (connect, log in, start, log out, reconnect now, stop
/// reconnecting, shut down), then the life of a link: <see cref="OpenLinkAsync"/> starts one, <see cref="OnPush"/>
/// notes what the server says about its end, <see cref="OnLinkClosed"/> decides what a lost link means,
/// <see cref="BeginReconnecting"/> and <see cref="RunAsync"/> are the reconnect loop (wait as the policy says, attempt),
/// <see cref="AttemptSessionAsync"/> is one attempt (connect, resume or log in again), and
/// <see cref="OnSessionAnswered"/> puts a session in place. <see cref="Stop"/> ends it all. Sending a request on the
/// link in use is in ClientLifecycle.Requests.cs, the log messages in ClientLifecycle.Log.cs.</para>
/// <para>The rest of the client reacts to five events, all raised synchronously where the step happens:
/// <see cref="SeekingSession"/> (a reconnect run began: sends may wait for the session),
/// <see cref="SessionStarting"/> (heartbeat starts, outbox opens), <see cref="SessionEstablished"/> (the state is
/// Connected: the inbox catches up, the outbox is sent, Resumed is raised; the hook for anything that must run once
/// per (re)established session), <see cref="LinkLost"/> (the heartbeat stops; the hook for anything that must pause
/// while there is no link) and <see cref="SessionEnded"/> (no session is coming: the outbox fails).</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "_connectGate allocates a wait handle only when AvailableWaitHandle is read, which nothing does; disposing it would race with a ConnectAsync still waiting on it.")]
internal sealed partial class ClientLifecycle
{
    private readonly RelinkClientOptions _options;
    private readonly ServerEndpoint _endpoint;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EventQueue _events;
    private readonly ClientView _view;
    private readonly IClientStateStore _stateStore;
    private readonly ILifecycleHost _host;
    private readonly ConnectionStateMachine _state = new();
    private readonly SemaphoreSlim _connectGate = new(1, 1);

    // Guards the run, the streak's decisions and what the server said about the current link's end.
    private readonly Lock _gate = new();
    private readonly ReconnectStreak _streak;
    private ReconnectRun? _run;
    private LinkEnding? _ending;

    // The link in use (with or without a session), and the one a session runs on (null between sessions).
    private ClientLink? _link;
    private ClientLink? _sessionLink;

    // What the last login or resume returned, and who the session belongs to with its newest resume token (each
    // login and resume answer replaces it: a token is good for one resume). The identity is null before the first
    // session, and once a token was refused.
    private SessionState? _session;
    private ResumeIdentity? _identity;
    private int _disposed;

    public ClientLifecycle(RelinkClientOptions options, ServerEndpoint endpoint, ILogger logger, EventQueue events, ClientView view, IClientStateStore stateStore, ILifecycleHost host)
    {
        _options = options;
        _endpoint = endpoint;
        _time = options.TimeProvider;
        _logger = logger;
        _events = events;
        _view = view;
        _stateStore = stateStore;
        _host = host;
        _streak = new ReconnectStreak(_time);
        if (options.NetworkChanges is { } network)
        {
            network.NetworkChanged += OnNetworkChanged;
        }
    }

    /// <summary>A reconnect run began (a lost session, or StartAsync): a session is being looked for, and sends may wait for it.</summary>
    public event Action? SeekingSession;

    /// <summary>A login or resume was answered: the session is being put in place, the state moves to Connected next.
    /// Runs on the receive loop, before the session's first push is read.</summary>
    public event Action<NewSession>? SessionStarting;

    /// <summary>The state is Connected with a new session (first login, resume, or login again after a refused resume).
    /// Runs on the receive loop, before the session's first push is read.</summary>
    public event Action<NewSession>? SessionEstablished;

    /// <summary>The link in use ended; raised before the state says what happens next, on whatever thread ended it.</summary>
    public event Action<LinkLoss>? LinkLost;

    /// <summary>No session is coming: the client stopped, or lost its link and does not reconnect.</summary>
    public event Action<SessionEnd>? SessionEnded;

    /// <summary>The state now.</summary>
    public ConnectionState State => _state.Current;

    /// <summary>What the last successful login or resume returned, or null before one.</summary>
    public SessionState? Session => Volatile.Read(ref _session);

    /// <summary>Whether the client was shut down.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The link in use, with or without a session; null when there is none.</summary>
    public ClientLink? Link => Volatile.Read(ref _link);

    /// <summary>The session's link while the client is Connected; null otherwise.</summary>
    public ClientLink? ConnectedLink => State is ConnectionState.Connected ? Volatile.Read(ref _sessionLink) : null;

    /// <summary>Whether a reconnect run (or StartAsync's) is under way.</summary>
    public bool IsReconnecting
    {
        get
        {
            lock (_gate)
            {
                return _run is not null;
            }
        }
    }

    // A session can come back when the client has a resume token, or credentials to log in with.
    private bool CanGetSessionBack => _options.ReconnectPolicy is not null && (Volatile.Read(ref _identity) is not null || _options.CredentialsProvider is not null);

    /// <summary>What a send is refused with before the first session.</summary>
    public static RelinkConnectionException NotLoggedIn() =>
        new("Not logged in to the Relink server: call LoginAsync (or StartAsync) first.");

    /// <summary>Opens a link without logging in; nothing when one is open. See RelinkClient.ConnectAsync.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            ThrowIfReconnecting();
            if (!TryMoveFrom(s => s is ConnectionState.Disconnected or ConnectionState.Stopped, new ConnectionState.Connecting(_endpoint.ToString())))
            {
                return;
            }

            try
            {
                await OpenLinkAsync(cancellationToken);
            }
            catch (RelinkConnectionException e)
            {
                MoveTo(new ConnectionState.Disconnected(e.Summary, e.InnerException));
                throw;
            }
            catch (OperationCanceledException)
            {
                MoveTo(new ConnectionState.Disconnected("connecting was cancelled"));
                throw;
            }

            MoveTo(new ConnectionState.Authenticating());
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>Logs in (connecting first if needed), carrying on from the saved state. See RelinkClient.LoginAsync.</summary>
    public async Task<SessionState> LoginAsync(Credentials credentials, CancellationToken cancellationToken)
    {
        ClientStateSnapshot saved = await LoadStateAsync(cancellationToken);
        await ConnectAsync(cancellationToken);
        return await EnterSessionAsync(RequireLink(), LoginRequestFor(credentials), SessionOrigin.LoggedIn, cancellationToken, saved);
    }

    /// <summary>Logs in with the credentials provider, trying on the policy's schedule until it works. See RelinkClient.StartAsync.</summary>
    public async Task<SessionState> StartAsync(CancellationToken cancellationToken)
    {
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
        lock (_gate)
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
            SeekingSession?.Invoke();
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

    /// <summary>Logs out and closes the link after acknowledging what was delivered. See RelinkClient.LogoutAsync.</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken)
    {
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
        await _host.FlushAcksAsync(link);
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

    /// <summary>Tries to reconnect now, or starts over after giving up. See RelinkClient.ReconnectNow.</summary>
    public bool ReconnectNow()
    {
        if (IsDisposed)
        {
            return false;
        }

        if (SkipWait("reconnect requested"))
        {
            return true;
        }

        if (State is ConnectionState.Stopped { Reason: StopReason.GaveUp } && CanGetSessionBack)
        {
            _streak.Reset();
            return BeginReconnecting("reconnecting on request", null, TimeSpan.Zero, serverAsked: false);
        }

        return false;
    }

    /// <summary>Gives up reconnecting. See RelinkClient.StopReconnecting.</summary>
    public bool StopReconnecting()
    {
        ConnectionState state = State;
        if (!IsReconnecting)
        {
            return false;
        }

        string why = state is ConnectionState.Reconnecting r
            ? $"stopped reconnecting on request after {r.Attempt - 1} failed attempts (last error: {r.LastError})"
            : "stopped reconnecting on request";
        Stop(StopReason.GaveUp, why);
        return true;
    }

    /// <summary>The network may be back: a run waiting to reconnect tries at once.</summary>
    public void NetworkChanged() => SkipWait("the network changed");

    /// <summary>
    /// Stops reconnecting, acknowledges what was delivered, closes the link politely and stops
    /// (<see cref="StopReason.Disposed"/>). False when it was shut down already.
    /// </summary>
    public async ValueTask<bool> ShutDownAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return false;
        }

        if (_options.NetworkChanges is { } network)
        {
            network.NetworkChanged -= OnNetworkChanged;
        }

        CancelReconnect();
        if (Volatile.Read(ref _link) is { } link)
        {
            await _host.FlushAcksAsync(link);
            await link.CloseAsync("the client was closed");
            await link.DisposeAsync();
        }

        Stop(StopReason.Disposed, "the client was disposed");
        return true;
    }

    /// <summary>
    /// Connects the transport and starts a link on it (no state change: the caller says what the link is for).
    /// </summary>
    /// <exception cref="RelinkConnectionException">Unreachable, refused, or no answer within the connect timeout.</exception>
    private async Task<ClientLink> OpenLinkAsync(CancellationToken cancellationToken)
    {
        IClientTransport transport;
        using (var deadline = new CancellationTokenSource(_options.ConnectTimeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
        {
            try
            {
                transport = await TransportConnector.ConnectAsync(_endpoint, _options, linked.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                string reason = e is OperationCanceledException
                    ? $"no answer within {_options.ConnectTimeout.TotalSeconds:0.###} s"
                    : e.Message;
                throw new RelinkConnectionException($"Could not connect to the Relink server at {_endpoint}: {reason}", e)
                {
                    Summary = "could not connect: " + reason,
                };
            }
        }

        var link = new ClientLink(transport, _time, _logger, OnPush, OnLinkClosed);
        Volatile.Write(ref _link, link);
        LogConnected(_logger, _endpoint.ToString());
        link.Start();
        return link;
    }

    // Every frame that is not the answer to a waiting request; runs on the receive loop. What the server says about
    // the link's coming end is noted before the close that follows, which then knows whether to reconnect.
    private void OnPush(ClientLink link, Envelope push)
    {
        switch (push.BodyCase)
        {
            case Envelope.BodyOneofCase.Kicked:
                // The close that follows then stops the client instead of reconnecting.
                Kicked kick = push.Kicked.ToModel();
                NoteEnding(link, ending => ending with { Kick = kick });
                link.ExpectClose(DescribeKick(kick));
                break;
            case Envelope.BodyOneofCase.GoingAway:
                // The server says when to come back (spread over a few seconds per client): that beats both the
                // heartbeat and the backoff schedule.
                ServerGoingAway goingAway = push.GoingAway.ToModel();
                NoteEnding(link, ending => ending with { ReconnectAfter = goingAway.ReconnectAfter });
                link.ExpectClose("the server is going away" + (goingAway.Message is { } said ? ": " + said : ""));
                break;
            case Envelope.BodyOneofCase.Error when push.Error.Fatal:
                link.ExpectClose($"the server reported a fatal error: {push.Error.Message} ({push.Error.Code})");
                break;
        }

        _host.OnPush(link, push);
    }

    /// <summary>What the server said about the current link before it ended (a kick, a restart), or that we logged out.</summary>
    private void NoteEnding(ClientLink link, Func<LinkEnding, LinkEnding> note)
    {
        lock (_gate)
        {
            var current = _ending is { } e && e.Link == link ? e : new LinkEnding(link);
            _ending = note(current);
        }
    }

    // Runs on whatever thread ended the link (receive loop, heartbeat timer, a caller), before the link fails the
    // requests that waited on it: so the state already says what happens next when they learn of the loss.
    private void OnLinkClosed(ClientLink link, string reason, Exception? error)
    {
        if (Interlocked.CompareExchange(ref _link, null, link) != link)
        {
            return;
        }

        bool hadSession = Interlocked.CompareExchange(ref _sessionLink, null, link) == link;
        LinkLost?.Invoke(new LinkLoss(link, hadSession, reason, error));
        LinkEnding? ending;
        lock (_gate)
        {
            ending = _ending?.Link == link ? _ending : null;
            _ending = null;
        }

        if (IsDisposed || State is ConnectionState.Stopped)
        {
            // Whatever stopped the client decided already; a link ending now changes nothing.
            return;
        }

        if (!hadSession)
        {
            // A link that never got a session: a reconnect attempt's (its loop sees the failure), or one opened by
            // ConnectAsync whose owner was about to log in or register.
            if (!IsReconnecting)
            {
                MoveTo(new ConnectionState.Disconnected(reason, error));
            }

            return;
        }

        if (ending?.Kick is { } kick)
        {
            Stop(StopReason.Kicked, DescribeKick(kick), kick);
        }
        else if (ending?.LoggedOut == true)
        {
            Stop(StopReason.LoggedOut, "logged out");
        }
        else if (!CanGetSessionBack)
        {
            MoveTo(new ConnectionState.Disconnected(reason, error));
            SessionEnded?.Invoke(new SessionEnd(
                new RelinkConnectionException("The connection to the Relink server ended before the message was acknowledged: " + reason + ".", error),
                Forget: false));
        }
        else
        {
            BeginReconnecting(reason, error, ending?.ReconnectAfter, serverAsked: ending?.ReconnectAfter is not null);
        }
    }

    /// <summary>Starts a reconnect run unless one runs. The state is Reconnecting when this returns.</summary>
    /// <param name="reason">Why the session was lost, for the state and the policy.</param>
    /// <param name="error">The failure behind it.</param>
    /// <param name="firstDelay">The wait before the first attempt when not the policy's (the server's going_away
    /// delay; zero for "now").</param>
    /// <param name="serverAsked">The server asked for the reconnect (so the attempt count starts over).</param>
    private bool BeginReconnecting(string reason, Exception? error, TimeSpan? firstDelay, bool serverAsked)
    {
        var run = new ReconnectRun();
        lock (_gate)
        {
            if (_run is not null || IsDisposed)
            {
                return false;
            }

            _run = run;
            _streak.OutageBegins(_options.StableConnectionPeriod, serverAsked);
        }

        SeekingSession?.Invoke();
        _ = RunAsync(run, reason, error, firstDelay, waitFirst: true);
        return true;
    }

    /// <summary>
    /// The reconnect loop: wait (as the policy says, or less when asked), connect, resume (or log in with the
    /// credentials when the resume is refused), until a session is back or the run is stopped.
    /// </summary>
    /// <param name="run">This run.</param>
    /// <param name="reason">Why the session was lost.</param>
    /// <param name="error">The failure behind it.</param>
    /// <param name="firstDelay">Overrides the policy for the first wait.</param>
    /// <param name="waitFirst">False for StartAsync: its first attempt is made at once, without a Reconnecting state.</param>
    private async Task RunAsync(ReconnectRun run, string reason, Exception? error, TimeSpan? firstDelay, bool waitFirst)
    {
        string lastError = reason;
        Exception? lastException = error;
        try
        {
            while (!run.IsStopped)
            {
                if (waitFirst && !await WaitForAttemptAsync(run, lastError, lastException, firstDelay))
                {
                    return;
                }

                waitFirst = true;
                firstDelay = null;
                try
                {
                    SessionState session = await AttemptSessionAsync(run);
                    run.Succeed(session);
                    return;
                }
                catch (Exception) when (run.IsStopped)
                {
                    AbortAttemptLink(run, "stopped reconnecting");
                    return;
                }
                catch (SessionRefusedException e)
                {
                    AbortAttemptLink(run, e.Message);
                    Stop(StopReason.AuthRequired, e.Message);
                    return;
                }
                catch (Exception e)
                {
                    // The network, the server being busy or restarting, or something unforeseen: none of it says the
                    // next attempt must fail too, and the policy's waits keep this from spinning.
                    (lastError, lastException) = (Describe(e), e);
                    LogAttemptFailed(_logger, _streak.Attempts, lastError, e is RelinkException ? null : e);
                    AbortAttemptLink(run, lastError);
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                if (_run == run)
                {
                    _run = null;
                }
            }

            run.Fail(new RelinkStoppedException(State as ConnectionState.Stopped ?? new ConnectionState.Stopped(StopReason.GaveUp, "stopped reconnecting")));
        }
    }

    /// <summary>Moves to Reconnecting and waits for the attempt's time; false when the run ended instead.</summary>
    private async Task<bool> WaitForAttemptAsync(ReconnectRun run, string lastError, Exception? lastException, TimeSpan? firstDelay)
    {
        // A busy server (a storm of resumes after a node died) said when it can take us: earlier is refused again, and
        // later only leaves its queue idle. Its hint carries its own jitter and grows with its queue, so it replaces
        // the policy's wait, and the refusal is not a failed attempt: the policy is not asked (its backoff would grow
        // with every such refusal and stretch the storm's tail, or it could give up on a server that is pacing us),
        // and the attempt after it keeps its number. The JavaScript SDK does the same (docs/protocol.md, §2).
        TimeSpan? paced = firstDelay is null && _options.ReconnectPolicy is not null && lastException is RelinkException { RetryAfter: { } asked } ? asked : null;
        int attempt = paced is null ? _streak.NextAttempt() : Math.Max(_streak.Attempts, 1);
        TimeSpan? delay = firstDelay ?? paced ?? _options.ReconnectPolicy?.NextDelay(new ReconnectContext(attempt, _streak.Elapsed, lastError, lastException));
        if (delay is not { } wait)
        {
            Stop(StopReason.GaveUp, _options.ReconnectPolicy is null
                ? $"automatic reconnecting is off (last error: {lastError})"
                : $"the reconnect policy gave up after {attempt - 1} attempts (last error: {lastError})");
            return false;
        }

        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait;

        Task waiting = run.WaitAsync(wait, _time);
        var reconnecting = new ConnectionState.Reconnecting(attempt, _time.GetUtcNow() + wait, lastError, lastException);
        // Every Stop() stops the run before it moves the state, so "not stopped" means no stop happened since this
        // run began (a Stopped state from before it, as after ReconnectNow, may be left).
        if (!TryMoveFrom(_ => !run.IsStopped, reconnecting))
        {
            return false;
        }

        LogReconnecting(_logger, attempt, wait.TotalSeconds, lastError);

        // Always yield: the first wait starts inside OnLinkClosed, which must finish (and fail the lost link's
        // requests) before any attempt begins.
        await waiting.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        return !run.IsStopped;
    }

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
                    OneShot = _options.OneShot,
                };
                return await EnterSessionAsync(link, new Envelope { Resume = resume }, SessionOrigin.Resumed, run.Stopping);
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
            Envelope login = LoginRequestFor(credentials);
            return await EnterSessionAsync(link, login, hadSession ? SessionOrigin.LoggedInAgain : SessionOrigin.LoggedIn, run.Stopping, saved);
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

    /// <summary>Reads the saved state before a login, so the session starts from it.</summary>
    private async Task<ClientStateSnapshot> LoadStateAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _stateStore.LoadAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RelinkException("Could not read the client state: " + e.Message, e);
        }
    }

    /// <summary>A login as this device, asking for the configured number of latest messages per talk.</summary>
    private Envelope LoginRequestFor(Credentials credentials) => new()
    {
        Login = new LoginRequest
        {
            UserId = credentials.UserId,
            Password = credentials.Password,
            AccessToken = credentials.AccessToken ?? "",
            DeviceId = _options.DeviceId,
            LatestPerTalk = _options.LatestPerTalk,
            OneShot = _options.OneShot,
        },
    };

    /// <summary>Sends a login or resume on <paramref name="link"/> and puts the session in place as the answer is read.</summary>
    /// <param name="link">The link to log in on.</param>
    /// <param name="request">The login or resume.</param>
    /// <param name="origin">How the session comes about.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="saved">For a login the application asked for: the state an earlier client saved.</param>
    private Task<SessionState> EnterSessionAsync(ClientLink link, Envelope request, SessionOrigin origin, CancellationToken cancellationToken, ClientStateSnapshot? saved = null)
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
                OnSessionAnswered(answeredOn, state, origin, sentAtWall, _time.GetElapsedTime(sentAt), saved);
            },
            link);
    }

    // Runs on the receive loop, before any frame after the login or resume answer is read: pushes the server held
    // back until its answer (messages, kicks) must meet the new session, not the old one.
    private void OnSessionAnswered(ClientLink link, LoginResponse state, SessionOrigin origin, DateTimeOffset sentAt, TimeSpan roundTrip, ClientStateSnapshot? saved)
    {
        SessionState? previous = Session;
        SessionState session = state.ToModel();
        var starting = new NewSession(link, session, previous, origin, saved, sentAt, roundTrip);

        // The heartbeat starts, the outbox opens (and the inbox and outbox start over when another user logged in).
        SessionStarting?.Invoke(starting);

        // What the application was shown before, against what the server says now: Resumed reports the difference.
        SessionChanges? changes = origin is SessionOrigin.LoggedIn || previous is null ? null : _view.Compare(session, _host.DeliveredCursor);
        Volatile.Write(ref _session, session);
        Volatile.Write(ref _identity, new ResumeIdentity(session.Profile.UserId, state.ResumeToken));
        _view.Reset(session);
        TimeSpan downtime = _streak.Elapsed;
        int attempts = _streak.Attempts;
        Volatile.Write(ref _sessionLink, link);
        _streak.SessionStarted();

        // The run that got this session is over from here: a drop of this session must start a new one, and
        // StopReconnecting must not stop a connected client.
        lock (_gate)
        {
            _run = null;
        }

        if (!TryMoveFrom(s => s is ConnectionState.Authenticating, new ConnectionState.Connected(session.Profile.UserId, session.SessionId)))
        {
            // Stopped or disposed while the answer was on its way: this session is not wanted.
            SessionEnded?.Invoke(new SessionEnd(State is ConnectionState.Stopped stopped ? new RelinkStoppedException(stopped) : NotLoggedIn(), Forget: false));
            link.Abort("the session was no longer wanted");
            throw new OperationCanceledException("The client stopped while the session was being set up.");
        }

        if (changes is not null)
        {
            LogResumed(_logger, origin == SessionOrigin.LoggedInAgain, attempts, downtime.TotalSeconds);
        }

        // The inbox catches up, Resumed is raised, the outbox goes out.
        SessionEstablished?.Invoke(starting with { Changes = changes, Downtime = downtime });
    }

    /// <summary>Stops the client for good (until an explicit login): the run ends, the outbox fails with the reason.</summary>
    private void Stop(StopReason reason, string description, Kicked? kick = null)
    {
        var stopped = new ConnectionState.Stopped(reason, description, kick);
        CancelReconnect();
        if (!MoveTo(stopped))
        {
            return;
        }

        LogStopped(_logger, reason, description);
        if (reason is StopReason.GaveUp or StopReason.AuthRequired && Volatile.Read(ref _link) is { } link)
        {
            // A session that came up just as the client stopped is not wanted either.
            link.Abort(description);
        }

        SessionEnded?.Invoke(new SessionEnd(new RelinkStoppedException(stopped), Forget: reason is StopReason.GaveUp or StopReason.Kicked or StopReason.LoggedOut));
    }

    private void CancelReconnect()
    {
        ReconnectRun? run;
        lock (_gate)
        {
            run = _run;
            _run = null;
        }

        if (run is not null)
        {
            run.Stop();
            if (!IsDisposed)
            {
                AbortAttemptLink(run, "stopped reconnecting");
            }
        }
    }

    // Ends the link a failed or abandoned attempt opened, unless it got a session after all.
    private void AbortAttemptLink(ReconnectRun run, string reason)
    {
        if (run.AttemptLink is { } link && Volatile.Read(ref _sessionLink) != link)
        {
            link.Abort(reason);
        }
    }

    private void OnNetworkChanged(object? sender, EventArgs e) => NetworkChanged();

    /// <summary>Makes a run under way try at once; false when none is.</summary>
    private bool SkipWait(string why)
    {
        ReconnectRun? run;
        lock (_gate)
        {
            run = _run;
        }

        if (run is null)
        {
            return false;
        }

        LogSkippingWait(_logger, why);
        run.SkipWait();
        return true;
    }

    private bool MoveTo(ConnectionState next) => TryMoveFrom(static _ => true, next);

    private bool TryMoveFrom(Func<ConnectionState, bool> from, ConnectionState next)
    {
        if (!_state.TryMoveFrom(from, next, out var change))
        {
            return false;
        }

        LogStateChanged(_logger, change!.Previous.Name, change.Current.Name);
        _events.Enqueue("StateChanged", () => _host.RaiseStateChanged(change));
        _events.RaisePending();
        return true;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, typeof(RelinkClient));

    private void ThrowIfReconnecting()
    {
        if (IsReconnecting)
        {
            throw new InvalidOperationException(
                "The client is getting its session back by itself: wait for the Connected state, call ReconnectNow() to try at once, or StopReconnecting() first.");
        }
    }

    private static string Describe(Exception e) => e switch
    {
        RelinkConnectionException c => c.Summary,
        _ => e.Message,
    };

    // Answers that mean "not this identity", as opposed to "not now".
    private static bool IsRefusalOfIdentity(ErrorCode code) =>
        code is ErrorCode.InvalidCredentials or ErrorCode.InvalidArgument or ErrorCode.Forbidden or ErrorCode.ResumeRejected or ErrorCode.AlreadyAuthenticated;

    private static string DescribeKick(Kicked kicked)
    {
        string why = kicked.Reason switch
        {
            KickReason.LoggedInElsewhere => "logged in elsewhere" + (string.IsNullOrEmpty(kicked.DeviceId) ? "" : $" (device {kicked.DeviceId})"),
            KickReason.AccountDisabled => "the account was disabled",
            KickReason.PasswordChanged => "the password was changed",
            KickReason.LoggedOut => "logged out",
            KickReason.Idle => "idle for too long",
            KickReason.SlowConsumer => "too slow to read what the server sent",
            KickReason.DoNotReconnect => "the server asked not to reconnect",
            KickReason.ReplacedBySameDevice => "replaced by a newer connection of this device"
                + (string.IsNullOrEmpty(kicked.DeviceId) ? "" : $" ({kicked.DeviceId})") + "; is another client using the same device id?",
            _ => "kicked by the server",
        };
        return "kicked: " + why + (string.IsNullOrEmpty(kicked.Message) ? "" : ": " + kicked.Message);
    }

    /// <summary>What the server said about a link before it ended, or that the client logged out on it.</summary>
    private sealed record LinkEnding(ClientLink Link, Kicked? Kick = null, TimeSpan? ReconnectAfter = null, bool LoggedOut = false);

    private sealed record ResumeIdentity(string UserId, string Token);

    /// <summary>
    /// Replaces the session's resume token in place (its user stays), as a password change hands out a new one and
    /// revokes the old: called on the receive loop as that answer is read, so a link lost right after resumes with it.
    /// </summary>
    public void KeepResumeToken(string token)
    {
        if (token.Length > 0 && Volatile.Read(ref _identity) is { } identity)
        {
            Interlocked.CompareExchange(ref _identity, identity with { Token = token }, identity);
        }
    }
}
