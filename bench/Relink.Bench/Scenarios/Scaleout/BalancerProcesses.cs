using System.Globalization;
using Relink.Testing;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// The balancer in front of a cluster's nodes as several child processes (<c>scaleout-balancer</c>) listening on one
/// port with SO_REUSEPORT: each is a <see cref="LoadBalancer"/> (round-robin, no stickiness, a refusing node skipped),
/// and together they hold 15,000 proxied connections, which one process's descriptor limit could not.
/// </summary>
internal sealed class BalancerProcesses : IAsyncDisposable
{
    private readonly List<BenchChildProcess> _children = [];

    private BalancerProcesses(int port) => Port = port;

    /// <summary>The port the clients connect to on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts <paramref name="count"/> balancer processes over <paramref name="nodePorts"/>; returns once each listens.</summary>
    public static async Task<BalancerProcesses> StartAsync(IEnumerable<int> nodePorts, int count)
    {
        var balancers = new BalancerProcesses(FreePort.Next());
        string nodes = string.Join(',', nodePorts.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var child = BenchChildProcess.Start(
                    [BalancerCommand.Name, "--port", balancers.Port.ToString(CultureInfo.InvariantCulture), "--nodes", nodes],
                    line =>
                    {
                        if (line == BalancerCommand.Listening)
                        {
                            listening.TrySetResult();
                        }
                    });
                balancers._children.Add(child);
                if (await Task.WhenAny(listening.Task, Task.Delay(TimeSpan.FromSeconds(60))) != listening.Task)
                {
                    throw new BenchFailure($"balancer process {i} did not listen on {balancers.Port} within 60 s: {child.ErrorTail}");
                }
            }

            return balancers;
        }
        catch
        {
            await balancers.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_children.Select(c => c.DisposeAsync().AsTask()));
        _children.Clear();
    }
}
