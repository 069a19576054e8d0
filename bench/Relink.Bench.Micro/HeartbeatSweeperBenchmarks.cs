using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Relink.Server.Configuration;
using Relink.Server.Connections;
using Relink.Server.Diagnostics;
using Relink.Server.Heartbeat;
using Relink.Server.Sessions;

namespace Relink.Bench.Micro;

/// <summary>
/// One sweep of the heartbeat sweeper over N healthy connections: the whole per-tick cost of dead-link detection
/// (Relink runs one sweeper for every connection, never a timer per connection).
/// </summary>
[MemoryDiagnoser]
public class HeartbeatSweeperBenchmarks
{
    private HeartbeatSweeper _sweeper = null!;

    [Params(1_000, 20_000)]
    public int Connections { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var registry = new ConnectionRegistry();
        for (int i = 0; i < Connections; i++)
        {
            registry.Add(new IdleConnection());
        }

        var options = new RelinkServerOptions();
        var metrics = new RelinkMetrics(new NoMeterFactory(), () => registry.Count, () => 0);
        _sweeper = new HeartbeatSweeper(registry, options, metrics, TimeProvider.System, NullLogger<HeartbeatSweeper>.Instance);
    }

    [Benchmark]
    public void Sweep() => _sweeper.Sweep();

    /// <summary>A connection that was just active: the sweeper looks at it and finds nothing to do.</summary>
    private sealed class IdleConnection() : ClientConnection("bench", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), 16, TimeProvider.System)
    {
        protected override ValueTask WriteAsync(OutboundFrame frame, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        protected override ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        protected override void StopReceiving()
        {
        }

        protected override void AbortTransport()
        {
        }
    }

    private sealed class NoMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
