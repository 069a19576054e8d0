using System.Diagnostics;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// The load: messages at a steady rate from the senders to the load clients in turn (an open loop: a slow server does
/// not slow the schedule, up to a cap on sends in flight). Each send is filed as acknowledged or refused.
/// </summary>
internal sealed class ScaleoutTraffic(IReadOnlyList<IScaleoutClient> senders, IReadOnlyList<string> recipients, ScaleoutRecorder recorder, int rate)
{
    private static readonly TimeSpan SendDeadline = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private readonly int _maxInFlight = Math.Max(100, rate * 5);
    private Task? _loop;
    private int _inFlight;
    private long _next;
    private long _skipped;

    /// <summary>Sends the schedule could not start because too many were in flight.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Starts the schedule.</summary>
    public void Start() => _loop = RunAsync(_stop.Token);

    /// <summary>Stops the schedule and waits for every send in flight to finish (each has a deadline of its own).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop!;
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref _inFlight) > 0 && deadline.Elapsed < SendDeadline + TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        long started = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                long due = (long)(clock.Elapsed.TotalSeconds * rate);
                for (; started < due; started++)
                {
                    if (Volatile.Read(ref _inFlight) >= _maxInFlight)
                    {
                        Interlocked.Add(ref _skipped, due - started);
                        started = due;
                        break;
                    }

                    _ = SendOneAsync();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task SendOneAsync()
    {
        int recipient = (int)(Interlocked.Increment(ref _next) % recipients.Count);
        // Load client i befriended its sender at setup.
        int senderIndex = ScaleoutUsers.SenderOf(recipient);
        var sender = senders[senderIndex];
        string text = recorder.NewMessage(recipient, senderIndex);
        Interlocked.Increment(ref _inFlight);
        try
        {
            using var deadline = new CancellationTokenSource(SendDeadline);
            await sender.SendAsync(recipients[recipient], text, deadline.Token);
            recorder.Acknowledged(text);
        }
        catch (Exception)
        {
            recorder.Refused(text); // whatever the error, the sender was told: not a silent loss
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
