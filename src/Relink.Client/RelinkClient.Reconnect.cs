using Relink.Client.Reconnecting;
using Relink.Client.Session;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    // Guards the run, the streak's decisions and what the server said about the current link's end.
    private readonly Lock _lifecycle = new();
    private readonly ReconnectStreak _streak;
    private ReconnectRun? _run;
    private LinkEnding? _ending;

    /// <summary>
    /// Tries to reconnect now instead of at the next scheduled attempt (a person's "reconnect now" button). Also
    /// starts over after the client gave up (<see cref="StopReason.GaveUp"/>), from attempt 1.
    /// </summary>
    /// <returns>True when an attempt is coming; false when there is nothing to reconnect (connected, never logged
    /// in, kicked, logged out, disposed).</returns>
    public bool ReconnectNow()
    {
        if (Volatile.Read(ref _disposed) != 0)
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

    /// <summary>
    /// Gives up reconnecting: the client stops (<see cref="StopReason.GaveUp"/>), and the messages waiting in the
    /// outbox fail with a <see cref="RelinkStoppedException"/> that says so. <see cref="ReconnectNow"/> starts again.
    /// </summary>
    /// <returns>False when no reconnect was under way (nothing changed).</returns>
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

    /// <summary>
    /// Tells the client the network may be back (for hosts with their own signal, such as a mobile platform's
    /// connectivity callback): a client waiting to reconnect tries at once. Harmless at any other time.
    /// </summary>
    public void NotifyNetworkChanged() => OnNetworkChanged(this, EventArgs.Empty);

    private bool IsReconnecting
    {
        get
        {
            lock (_lifecycle)
            {
                return _run is not null;
            }
        }
    }

    // A session can come back when the client has a resume token, or credentials to log in with.
    private bool CanGetSessionBack => _options.ReconnectPolicy is not null && (Volatile.Read(ref _identity) is not null || _options.CredentialsProvider is not null);

    private void OnNetworkChanged(object? sender, EventArgs e) => SkipWait("the network changed");

    /// <summary>Makes a run under way try at once; false when none is.</summary>
    private bool SkipWait(string why)
    {
        ReconnectRun? run;
        lock (_lifecycle)
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

    /// <summary>What the server said about the current link before it ended (a kick, a restart), or that we logged out.</summary>
    private void NoteEnding(ClientLink link, Func<LinkEnding, LinkEnding> note)
    {
        lock (_lifecycle)
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

        _storeSync.SessionEnded();
        StopHeartbeat();
        bool hadSession = Interlocked.CompareExchange(ref _sessionLink, null, link) == link;
        LinkEnding? ending;
        lock (_lifecycle)
        {
            ending = _ending?.Link == link ? _ending : null;
            _ending = null;
        }

        if (Volatile.Read(ref _disposed) != 0 || State is ConnectionState.Stopped)
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
            FailOutbox(new RelinkConnectionException("The connection to the Relink server ended before the message was acknowledged: " + reason + ".", error));
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
        lock (_lifecycle)
        {
            if (_run is not null || Volatile.Read(ref _disposed) != 0)
            {
                return false;
            }

            _run = run;
            _streak.OutageBegins(_options.StableConnectionPeriod, serverAsked);
        }

        _outbox.Open();
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
            lock (_lifecycle)
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
        int attempt = _streak.NextAttempt();
        TimeSpan? delay = firstDelay ?? _options.ReconnectPolicy?.NextDelay(new ReconnectContext(attempt, _streak.Elapsed, lastError, lastException));
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

        FailOutbox(new RelinkStoppedException(stopped), forget: reason is StopReason.GaveUp or StopReason.Kicked or StopReason.LoggedOut);
    }

    private void CancelReconnect()
    {
        ReconnectRun? run;
        lock (_lifecycle)
        {
            run = _run;
            _run = null;
        }

        if (run is not null)
        {
            run.Stop();
            if (Volatile.Read(ref _disposed) == 0)
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

    private static string Describe(Exception e) => e switch
    {
        RelinkConnectionException c => c.Summary,
        _ => e.Message,
    };

    /// <summary>What the server said about a link before it ended, or that the client logged out on it.</summary>
    private sealed record LinkEnding(ClientLink Link, Kicked? Kick = null, TimeSpan? ReconnectAfter = null, bool LoggedOut = false);
}
