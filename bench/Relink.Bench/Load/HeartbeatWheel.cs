using System.Diagnostics;

namespace Relink.Bench.Load;

/// <summary>
/// Pings every connection of the generator once per heartbeat interval from ONE loop, as a server's sweeper would:
/// connections are dealt round-robin into one slot per tick of the interval, and each tick pings one slot, so
/// 19,000 connections on a 15 s interval cost ~127 small writes every 100 ms and no timer per connection.
/// </summary>
internal sealed class HeartbeatWheel : IAsyncDisposable
{
    /// <summary>Wheel resolution: fine enough to spread the load, coarse enough to cost nothing when idle.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly List<IBenchConnection>[] _slots;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _nextSlot;

    /// <summary>Starts the loop; connections added later are pinged every <paramref name="interval"/>.</summary>
    public HeartbeatWheel(TimeSpan interval)
    {
        int slotCount = Math.Max(1, (int)(interval / Tick));
        _slots = new List<IBenchConnection>[slotCount];
        for (int i = 0; i < slotCount; i++)
        {
            _slots[i] = [];
        }

        _loop = RunAsync(_stop.Token);
    }

    /// <summary>Starts pinging <paramref name="connection"/>.</summary>
    public void Add(IBenchConnection connection)
    {
        lock (_gate)
        {
            _slots[_nextSlot].Add(connection);
            _nextSlot = (_nextSlot + 1) % _slots.Length;
        }
    }

    /// <summary>Stops pinging every connection (before they are closed).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var slot in _slots)
            {
                slot.Clear();
            }
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        long ticksDone = 0;
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                // Catch up by elapsed time, not by timer callbacks: a loaded box delays ticks but must not skip slots.
                long due = (long)(Stopwatch.GetElapsedTime(started) / Tick);
                for (; ticksDone < due; ticksDone++)
                {
                    await PingSlotAsync(_slots[ticksDone % _slots.Length]);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async ValueTask PingSlotAsync(List<IBenchConnection> slot)
    {
        IBenchConnection[] due;
        lock (_gate)
        {
            due = [.. slot];
        }

        foreach (var connection in due)
        {
            var sending = connection.SendPingAsync();
            if (!sending.IsCompletedSuccessfully)
            {
                await sending;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
