using System.Diagnostics;
using System.Globalization;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// The load clients as child processes (<c>scaleout-worker</c>), each holding a contiguous slice of them, so no
/// process opens more sockets than its limit allows. Each worker connects and logs in its clients through the
/// balancer, asks their senders to be friends, and then reports everything they see, a line at a time
/// (<see cref="WorkerReport"/>), into the bench's <see cref="ScaleoutRecorder"/>.
/// </summary>
internal sealed class LoadWorkers : IAsyncDisposable
{
    /// <summary>How far a worker's clock may seem from the bench's (the report's own delay included) before the run stops.</summary>
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromSeconds(10);

    private readonly List<BenchChildProcess> _children = [];

    private LoadWorkers()
    {
    }

    /// <summary>Starts the workers of <paramref name="cluster"/>'s load clients; returns once every one is logged in.</summary>
    public static async Task<LoadWorkers> StartAsync(IScaleoutCluster cluster, ScaleoutSettings settings, ScaleoutRecorder recorder, CancellationToken cancellationToken)
    {
        var workers = new LoadWorkers();
        try
        {
            int perWorker = (settings.Clients + settings.Workers - 1) / settings.Workers;
            int concurrency = Math.Max(1, settings.Concurrency / settings.Workers);
            var setups = new List<Task>();
            for (int first = 0; first < settings.Clients; first += perWorker)
            {
                int count = Math.Min(perWorker, settings.Clients - first);
                var ready = new TaskCompletionSource<SetupEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
                var child = BenchChildProcess.Start(
                    [
                        LoadWorkerCommand.Name, "--product", cluster.Product, "--port", Text(cluster.BalancerPort),
                        "--first", Text(first), "--count", Text(count), "--concurrency", Text(concurrency),
                    ],
                    line =>
                    {
                        if (WorkerReport.Read(line, recorder) is { } end)
                        {
                            ready.TrySetResult(end);
                        }
                    });
                workers._children.Add(child);
                setups.Add(AwaitSetupAsync(child, ready.Task, first, settings.SetupDeadline, cancellationToken));
            }

            // The first failure ends the setup: the others' clients would only wait for a run that will not happen.
            while (setups.Count > 0)
            {
                var done = await Task.WhenAny(setups);
                await done;
                setups.Remove(done);
            }

            return workers;
        }
        catch
        {
            await workers.DisposeAsync();
            throw;
        }
    }

    private static async Task AwaitSetupAsync(BenchChildProcess child, Task<SetupEnd> ready, int first, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(deadline);
        while (!ready.IsCompleted)
        {
            if (child.HasExited)
            {
                throw new BenchFailure($"the load worker from client {first} ended during its setup: {child.ErrorTail}");
            }

            try
            {
                await ready.WaitAsync(TimeSpan.FromSeconds(1), stop.Token);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new BenchFailure($"the load worker from client {first} had not logged its clients in after {deadline.TotalMinutes:0} min");
            }
        }

        var end = await ready;
        if (end.Failure is { } failure)
        {
            throw new BenchFailure($"the load worker from client {first} failed its setup: {failure}");
        }

        // Its times are compared with the bench's (back after a node kill): they must come from the same clock.
        var skew = Stopwatch.GetElapsedTime(end.ReadyAt);
        if (skew < TimeSpan.Zero || skew > ClockTolerance)
        {
            throw new BenchFailure($"the load worker from client {first} reports times {skew.TotalSeconds:0.0} s off the bench's clock");
        }
    }

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Stops every worker (its clients disconnect), killing any that does not end within a minute.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_children.Select(c => c.DisposeAsync().AsTask()));
        _children.Clear();
    }
}
