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

    /// <summary>The server's connections and memory (Relink and SignalR: /healthz and /debug/memory).</summary>
    IServerProbe Probe { get; }

    /// <summary>SIGKILL: the process dies at once, no shutdown code runs, the kernel resets every connection.</summary>
    Task KillAsync();

    /// <summary>Starts the server again after <see cref="KillAsync"/>, on the same ports (and data); returns once it answers.</summary>
    Task StartAgainAsync();

    /// <summary>Opens one connection for bench user number <paramref name="user"/> and logs it in.</summary>
    Task<IBenchConnection> ConnectAsync(int user, LoadCounters counters, CancellationToken cancellationToken);
}
