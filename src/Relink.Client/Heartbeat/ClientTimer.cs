using Microsoft.Extensions.Logging;
using Relink.Client.Inbox;
using Relink.Client.Lifecycle;
using Relink.Client.Link;
using Relink.Protocol.Messages;

namespace Relink.Client.Heartbeat;

/// <summary>
/// The client's one timer, armed for the earliest thing due: a heartbeat check (send a Ping, or give a silent link
/// up), an ack batch, the periodic sync with the store or the expiry of a typing signal. Everything timed on the client runs off it, so a client costs one timer however busy. The
/// heartbeat runs while a session does: it starts as a session starts and stops when the link is lost.
/// </summary>
internal sealed partial class ClientTimer : IDisposable
{
    private readonly ClientLifecycle _lifecycle;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AckBatcher _acks;
    private readonly Action<AckRequest> _sendAcks;
    private readonly Func<Task> _ping;
    private readonly StoreSync _sync;
    private readonly Action _startSync;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private HeartbeatMonitor? _heartbeat;
    private Typing.TypingBoard? _typing;
    private Action<IReadOnlyList<TypingChange>>? _typingExpired;

    /// <param name="lifecycle">Whose link is watched, and whose session starts and link losses start and stop the heartbeat.</param>
    /// <param name="time">The client's clock.</param>
    /// <param name="logger">The client's logger.</param>
    /// <param name="acks">The inbox's ack batches, sent when due.</param>
    /// <param name="sendAcks">Sends a due batch.</param>
    /// <param name="ping">Sends a Ping and waits for its Pong.</param>
    /// <param name="sync">The periodic sync's schedule.</param>
    /// <param name="startSync">Starts a sync that fell due (it reschedules this timer when it is done).</param>
    public ClientTimer(ClientLifecycle lifecycle, TimeProvider time, ILogger logger, AckBatcher acks, Action<AckRequest> sendAcks, Func<Task> ping, StoreSync sync, Action startSync)
    {
        _sync = sync;
        _startSync = startSync;
        _lifecycle = lifecycle;
        _time = time;
        _logger = logger;
        _acks = acks;
        _sendAcks = sendAcks;
        _ping = ping;
        lifecycle.SessionStarting += session => StartHeartbeat(session.Session.Heartbeat);
        lifecycle.LinkLost += _ => StopHeartbeat();
    }

    /// <summary>Arms the timer for the earliest thing due (call when something new is due: the first ack of a batch).</summary>
    public void Reschedule()
    {
        lock (_gate)
        {
            if (_lifecycle.IsDisposed)
            {
                return;
            }

            long? due = null;
            if (_heartbeat is { } heartbeat && _lifecycle.Link is { IsClosed: false } link)
            {
                due = heartbeat.NextDue(link.LastReadTimestamp, link.LastWriteTimestamp);
            }

            if (_acks.DueAt is { } ackDue)
            {
                due = due is { } d ? Math.Min(d, ackDue) : ackDue;
            }

            if (_sync.DueAt is { } syncDue)
            {
                due = due is { } d ? Math.Min(d, syncDue) : syncDue;
            }

            if (_typing?.DueAt is { } typingDue)
            {
                due = due is { } d ? Math.Min(d, typingDue) : typingDue;
            }

            TimeSpan delay = Timeout.InfiniteTimeSpan;
            if (due is { } at)
            {
                long ticks = Math.Max(0, at - _time.GetTimestamp());
                delay = TimeSpan.FromTicks((long)Math.Ceiling(ticks * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency));
            }

            _timer ??= _time.CreateTimer(static state => ((ClientTimer)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Also expires typing signals, raising each change through <paramref name="expired"/>.</summary>
    public void ExpireTyping(Typing.TypingBoard typing, Action<IReadOnlyList<TypingChange>> expired)
    {
        _typing = typing;
        _typingExpired = expired;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _heartbeat = null;
        }
    }

    private void StartHeartbeat(HeartbeatSettings settings)
    {
        lock (_gate)
        {
            _heartbeat = new HeartbeatMonitor(
                settings.Interval,
                settings.Timeout,
                _time.TimestampFrequency);
            LogHeartbeat(_logger, _heartbeat.Interval.TotalSeconds, _heartbeat.Timeout.TotalSeconds);
        }

        Reschedule();
    }

    private void StopHeartbeat()
    {
        lock (_gate)
        {
            _heartbeat = null;
        }

        Reschedule();
    }

    private void OnTimer()
    {
        long now = _time.GetTimestamp();
        ClientLink? link = _lifecycle.Link;
        HeartbeatVerdict verdict = HeartbeatVerdict.Idle;
        TimeSpan timeout = default;
        lock (_gate)
        {
            if (_heartbeat is { } heartbeat && link is { IsClosed: false })
            {
                verdict = heartbeat.Check(now, link.LastReadTimestamp, link.LastWriteTimestamp);
                timeout = heartbeat.Timeout;
            }
        }

        switch (verdict)
        {
            case HeartbeatVerdict.Dead:
                link!.Abort($"nothing was heard from the server for {timeout.TotalSeconds:0.###} s (heartbeat timeout)");
                break;
            case HeartbeatVerdict.SendPing:
                _ = PingAsync();
                break;
        }

        if (_acks.TakeIfDue(now) is { } acks)
        {
            _sendAcks(acks);
        }

        if (_sync.TakeIfDue(now))
        {
            _startSync();
        }

        if (_typing?.ExpireDue(now) is { Count: > 0 } expired)
        {
            _typingExpired!(expired);
        }

        Reschedule();
    }

    private async Task PingAsync()
    {
        try
        {
            await _ping();
        }
        catch (RelinkException e)
        {
            // A lost Pong is the read-idle check's business; a dropped link is the lifecycle's.
            LogPingFailed(_logger, e.Message);
        }
    }

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "Heartbeat: ping after {IntervalSeconds} s idle, dead after {TimeoutSeconds} s silent.")]
    private static partial void LogHeartbeat(ILogger logger, double intervalSeconds, double timeoutSeconds);

    [LoggerMessage(EventId = 13, Level = LogLevel.Debug, Message = "Heartbeat ping failed: {Reason}")]
    private static partial void LogPingFailed(ILogger logger, string reason);
}
