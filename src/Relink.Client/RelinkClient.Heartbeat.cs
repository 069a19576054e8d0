using Relink.Client.Heartbeat;
using Relink.Client.Session;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    private readonly Lock _timerGate = new();
    private ITimer? _timer;
    private HeartbeatMonitor? _heartbeat;

    /// <summary>The latest measured round-trip time to the server (Ping/Pong, login), or null before any.</summary>
    public TimeSpan? RoundTripTime => _clock.RoundTripTime;

    /// <summary>
    /// How far the server's clock is ahead of this machine's (negative when behind), estimated from Pong and
    /// login answers. Zero before the first estimate. The server's time now is roughly local time plus this.
    /// </summary>
    public TimeSpan ClockOffset => _clock.ClockOffset;

    /// <summary>Sends a Ping and waits for the Pong, updating <see cref="RoundTripTime"/> and <see cref="ClockOffset"/>.</summary>
    /// <returns>The round-trip time measured.</returns>
    public Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        long sentAt = _time.GetTimestamp();
        DateTimeOffset sentAtWall = _time.GetUtcNow();
        TimeSpan roundTrip = default;
        return RequestAsync(
            new Envelope { Ping = new Ping { ClientTime = sentAtWall.ToProto() } },
            Envelope.BodyOneofCase.Pong,
            _ => roundTrip,
            cancellationToken,
            (_, answer) =>
            {
                // Measured on the receive loop, as the Pong is read, not when a continuation gets to run.
                roundTrip = _time.GetElapsedTime(sentAt);
                if (answer.Pong.ServerTime is { } serverTime)
                {
                    _clock.Add(sentAtWall, roundTrip, serverTime.ToDateTimeOffset());
                }
            });
    }

    private void StartHeartbeat(ClientLink link, HeartbeatSettings settings)
    {
        lock (_timerGate)
        {
            _heartbeat = new HeartbeatMonitor(
                TimeSpan.FromMilliseconds(settings.IntervalMs),
                TimeSpan.FromMilliseconds(settings.TimeoutMs),
                _time.TimestampFrequency);
            LogHeartbeat(_logger, _heartbeat.Interval.TotalSeconds, _heartbeat.Timeout.TotalSeconds);
        }

        RescheduleTimer();
    }

    private void StopHeartbeat()
    {
        lock (_timerGate)
        {
            _heartbeat = null;
        }

        RescheduleTimer();
    }

    /// <summary>
    /// Arms the client's one timer for the earliest thing due: a heartbeat check (ping or dead link) or an ack
    /// batch. Everything timed on the client runs off this timer, so a client costs one timer however busy.
    /// </summary>
    private void RescheduleTimer()
    {
        lock (_timerGate)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            long? due = null;
            if (_heartbeat is { } heartbeat && Volatile.Read(ref _link) is { IsClosed: false } link)
            {
                due = heartbeat.NextDue(link.LastReadTimestamp, link.LastWriteTimestamp);
            }

            if (_inbox.Acks.DueAt is { } ackDue)
            {
                due = due is { } d ? Math.Min(d, ackDue) : ackDue;
            }

            if (_storeSync.DueAt is { } syncDue)
            {
                due = due is { } d ? Math.Min(d, syncDue) : syncDue;
            }

            TimeSpan delay = Timeout.InfiniteTimeSpan;
            if (due is { } at)
            {
                long ticks = Math.Max(0, at - _time.GetTimestamp());
                delay = TimeSpan.FromTicks((long)Math.Ceiling(ticks * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency));
            }

            _timer ??= _time.CreateTimer(static state => ((RelinkClient)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer()
    {
        long now = _time.GetTimestamp();
        ClientLink? link = Volatile.Read(ref _link);
        HeartbeatVerdict verdict = HeartbeatVerdict.Idle;
        TimeSpan timeout = default;
        lock (_timerGate)
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
                _ = HeartbeatPingAsync();
                break;
        }

        if (_inbox.Acks.TakeIfDue(now) is { } acks)
        {
            SendAcks(acks);
        }

        SyncIfDue(now);

        RescheduleTimer();
    }

    private async Task HeartbeatPingAsync()
    {
        try
        {
            await PingAsync();
        }
        catch (RelinkException e)
        {
            // A lost Pong is the read-idle check's business; a dropped link is OnLinkClosed's.
            LogPingFailed(_logger, e.Message);
        }
    }

    private void DisposeTimer()
    {
        lock (_timerGate)
        {
            _timer?.Dispose();
            _timer = null;
            _heartbeat = null;
        }
    }
}
