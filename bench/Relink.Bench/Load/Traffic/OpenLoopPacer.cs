using System.Diagnostics;

namespace Relink.Bench.Load.Traffic;

/// <summary>
/// Sends at a fixed offered rate whatever the server does (open loop): message k is due at start + k / rate and goes
/// to sender k mod N. One loop wakes every millisecond and sends everything due by then, each message stamped with
/// its own due time, so a server (or a socket) that stalls makes later messages late, and the lateness is measured as
/// latency instead of silently lowering the rate (no coordinated omission). No timer per connection.
/// </summary>
internal static class OpenLoopPacer
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>Sends <paramref name="rate"/> messages per second from <paramref name="start"/> (a Stopwatch timestamp) for <paramref name="duration"/>.</summary>
    /// <returns>The messages scheduled (all of them are handed to a sender before this returns).</returns>
    public static async Task<long> RunAsync(IReadOnlyList<ITrafficConnection> senders, double rate, long start, TimeSpan duration, CancellationToken cancellationToken)
    {
        long total = (long)(rate * duration.TotalSeconds);
        double ticksPerMessage = Stopwatch.Frequency / rate;
        long next = 0;
        using var timer = new PeriodicTimer(Tick);
        while (next < total)
        {
            long elapsed = Stopwatch.GetTimestamp() - start;
            long due = elapsed < 0 ? 0 : Math.Min(total, (long)(elapsed / ticksPerMessage) + 1);
            for (; next < due; next++)
            {
                var sending = senders[(int)(next % senders.Count)].SendAsync(start + (long)(next * ticksPerMessage));
                if (!sending.IsCompletedSuccessfully)
                {
                    await sending;
                }
            }

            if (next < total)
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }
        }

        return total;
    }
}
