using System.Diagnostics;
using System.Globalization;

namespace Relink.Bench.Scenarios.Burst;

/// <summary>
/// The sending side of a burst, the same for every peer: message i carries the text "i", at most
/// <paramref name="room"/> sends are pending at once, and the time of the last acknowledgement is kept.
/// </summary>
internal static class BurstSender
{
    /// <summary>Sends messages 1..<paramref name="messages"/> through <paramref name="send"/>; returns when all are settled.</summary>
    /// <returns>How many were acknowledged, and when the first send started and the last acknowledgement came (Stopwatch timestamps).</returns>
    public static async Task<(int Acked, long Start, long LastAck)> RunAsync(int messages, int room, Func<string, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        using var pending = new SemaphoreSlim(room);
        int acked = 0;
        long lastAck = 0;
        long start = Stopwatch.GetTimestamp();
        var sends = new List<Task>(messages);
        for (int i = 1; i <= messages; i++)
        {
            await pending.WaitAsync(cancellationToken);
            Task sending = send(i.ToString(CultureInfo.InvariantCulture), cancellationToken);
            sends.Add(sending.ContinueWith(
                _ =>
                {
                    pending.Release();
                    if (sending.IsCompletedSuccessfully)
                    {
                        Interlocked.Increment(ref acked);
                        Volatile.Write(ref lastAck, Stopwatch.GetTimestamp());
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default));
        }

        await Task.WhenAll(sends).WaitAsync(cancellationToken);
        return (acked, start, lastAck);
    }
}
