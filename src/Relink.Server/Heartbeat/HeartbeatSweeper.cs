using Relink.Protocol.Messages;
using Relink.Server.Configuration;
using Relink.Server.Connections;
using Relink.Server.Diagnostics;
using Relink.Server.Pipeline;
using Relink.Server.Sessions;

namespace Relink.Server.Heartbeat;

/// <summary>
/// Finds dead links and overdue logins for every connection on ONE timer (never a timer per connection): each
/// tick walks the registry and applies <see cref="IdlePolicy"/>. A dead link is noticed at worst one sweep
/// interval after its timeout. Each tick also announces the presence offlines that are due.
/// </summary>
public sealed partial class HeartbeatSweeper : IHostedService, IDisposable
{
    private readonly ConnectionRegistry _connections;
    private readonly RelinkMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<HeartbeatSweeper> _logger;
    private readonly IdlePolicy _policy;
    private readonly Presence.PresenceTracker? _presence;
    private readonly TimeSpan _period;
    private ITimer? _timer;
    private int _sweeping;

    /// <summary>Creates the sweeper from the server's heartbeat settings; the server always gives it presence to sweep too.</summary>
    public HeartbeatSweeper(ConnectionRegistry connections, RelinkServerOptions options, RelinkMetrics metrics, TimeProvider time, ILogger<HeartbeatSweeper> logger, Presence.PresenceTracker? presence = null)
    {
        _presence = presence;
        _connections = connections;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _policy = new IdlePolicy(options.HeartbeatInterval, options.HeartbeatTimeout, options.LoginTimeout);
        _period = options.EffectiveSweepInterval;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = _time.CreateTimer(_ => Sweep(), null, _period, _period);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    /// <summary>Visits every connection once. Called by the timer; tests call it after moving a manual clock.</summary>
    public void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return; // a slow sweep is still running; skipping one tick is better than two walkers
        }

        try
        {
            long now = _time.GetTimestamp();
            foreach (var connection in _connections.All)
            {
                if (!connection.IsClosing)
                {
                    Apply(connection, _policy.Evaluate(_time, now, connection.ConnectedAt, connection.LastReadAt, connection.LastWriteAt, LoggedIn(connection.Session)));
                }
                else if (connection.PoliteCloseAt is { } since && _time.GetElapsedTime(since, now) >= _policy.Timeout)
                {
                    // Its last frames (a kick, an error) could not be written for a whole heartbeat timeout: the
                    // link is dead, so stop waiting for it.
                    LogCloseStalled(connection.Session, _policy.Timeout);
                    connection.Abort(CloseReason.TransportError);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }

        _presence?.Sweep(); // offlines whose grace ran out: on this timer too, never one of their own
    }

    private void Apply(ClientConnection connection, IdleState state)
    {
        switch (state)
        {
            case IdleState.WriterIdle:
                connection.Session.Send(LinkFrames.Keepalive(_time.GetUtcNow()));
                break;
            case IdleState.ReaderIdle:
                _metrics.IdleCloses.Add(1);
                LogReaderIdle(connection.Session, _policy.Timeout);
                connection.Abort(CloseReason.ReadIdle); // nothing can be delivered on a dead link; don't wait to flush
                break;
            case IdleState.LoginOverdue:
                _metrics.LoginTimeouts.Add(1);
                LogLoginOverdue(connection.Session, _policy.LoginTimeout);
                connection.Session.SendError(0, ErrorCode.NotAuthenticated, "No login within the login deadline.", fatal: true);
                break;
        }
    }

    // A session whose login is still being answered is held to the login deadline, not to a heartbeat its client
    // has not been told yet: a login slowed by a busy store or bus is not cut for silence.
    private static bool LoggedIn(Sessions.Session session) => session.IsAuthenticated && !session.IsEntering;

    /// <inheritdoc />
    public void Dispose() => _timer?.Dispose();

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Closing {Session}: nothing read for {Timeout}")]
    private partial void LogReaderIdle(Sessions.Session session, TimeSpan timeout);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Closing {Session}: no login within {Timeout}")]
    private partial void LogLoginOverdue(Sessions.Session session, TimeSpan timeout);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Aborting {Session}: its close could not write its last frames within {Timeout}")]
    private partial void LogCloseStalled(Sessions.Session session, TimeSpan timeout);
}
