using Relink.Bench.Load;
using Relink.Bench.Measurement;

namespace Relink.Bench.Peers;

/// <summary>A server under test, running as its own process, and the way a lean client logs in to it.</summary>
internal interface IPeerServer : IAsyncDisposable
{
    /// <summary>Short name for tables: "Relink", "SignalR".</summary>
    string Name { get; }

    /// <summary>The server process, for its CPU time and resident memory.</summary>
    int ProcessId { get; }

    /// <summary>The server's /healthz and /debug/memory.</summary>
    ServerProbe Probe { get; }

    /// <summary>Opens one connection for bench user number <paramref name="user"/> and logs it in.</summary>
    Task<IBenchConnection> ConnectAsync(int user, LoadCounters counters, CancellationToken cancellationToken);
}
