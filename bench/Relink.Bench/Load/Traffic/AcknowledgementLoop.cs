using System.Diagnostics;

namespace Relink.Bench.Load.Traffic;

/// <summary>
/// One loop for every receiver's batched delivery acks (<see cref="ITrafficConnection.FlushAcknowledgements"/>): each
/// 50 ms it offers every receiver the chance to send what has waited its delay. No timer per connection.
/// </summary>
internal sealed class AcknowledgementLoop : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    private readonly IReadOnlyList<ITrafficConnection> _receivers;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts flushing <paramref name="receivers"/> (a list that no longer changes).</summary>
    public AcknowledgementLoop(IReadOnlyList<ITrafficConnection> receivers)
    {
        _receivers = receivers;
        _loop = RunAsync(_stop.Token);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                long now = Stopwatch.GetTimestamp();
                foreach (var receiver in _receivers)
                {
                    receiver.FlushAcknowledgements(now);
                }
            }
        }
        catch (OperationCanceledException)
        {
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
