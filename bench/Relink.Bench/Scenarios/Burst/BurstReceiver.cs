namespace Relink.Bench.Scenarios.Burst;

/// <summary>
/// Counts what the receiver got: texts are the message's number ("42"), so a number at or below the highest seen is
/// out of order or a duplicate. Completes <see cref="AllArrived"/> when every number has arrived once.
/// </summary>
internal sealed class BurstReceiver(int messages)
{
    private readonly bool[] _seen = new bool[messages + 1];
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private int _highest;

    public int Delivered { get; private set; }

    public int OutOfOrder { get; private set; }

    public int Duplicated { get; private set; }

    /// <summary>When the last new message arrived (a Stopwatch timestamp).</summary>
    public long LastArrival { get; private set; }

    public Task AllArrived => _all.Task;

    public void Received(string text)
    {
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1 || n >= _seen.Length)
        {
            return; // not one of the burst's
        }

        lock (_gate)
        {
            if (_seen[n])
            {
                Duplicated++;
                return;
            }

            _seen[n] = true;
            if (n < _highest)
            {
                OutOfOrder++;
            }

            _highest = Math.Max(_highest, n);
            LastArrival = System.Diagnostics.Stopwatch.GetTimestamp();
            if (++Delivered == _seen.Length - 1)
            {
                _all.TrySetResult();
            }
        }
    }
}
