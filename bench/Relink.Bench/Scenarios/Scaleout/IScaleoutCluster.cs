using Relink.Bench.Measurement;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// One product run as a cluster on this machine: its node processes behind the <see cref="LoadBalancer"/>, the bus
/// between them, and its clients (through the balancer, or pinned to one node for the latency probes).
/// </summary>
internal interface IScaleoutCluster : IAsyncDisposable
{
    /// <summary>"Relink" or "SignalR".</summary>
    string Name { get; }

    /// <summary>How the product is set up, one line for the report.</summary>
    string Setup { get; }

    /// <summary>The bus between the nodes: "NATS" or "Redis".</summary>
    string BusName { get; }

    /// <summary>SIGKILL of the bus: it vanishes with everything in flight.</summary>
    Task KillBusAsync();

    /// <summary>Starts the bus again on the same port; returns once it accepts connections.</summary>
    Task StartBusAgainAsync();

    /// <summary>Node processes, numbered from 0.</summary>
    int Nodes { get; }

    /// <summary>The process id of <paramref name="node"/>.</summary>
    int ProcessId(int node);

    /// <summary>The /healthz and /debug/memory of <paramref name="node"/>.</summary>
    ServerProbe Probe(int node);

    /// <summary>SIGKILL of <paramref name="node"/>: its connections drop at once, nothing of it runs on.</summary>
    Task KillNodeAsync(int node);

    /// <summary>
    /// A client of <paramref name="userId"/>, not started: through the balancer, or straight to <paramref name="node"/>.
    /// Load clients (<paramref name="loadIndex"/> ≥ 0) report their drops and returns to the recorder.
    /// </summary>
    IScaleoutClient Client(string userId, int? node, ScaleoutRecorder recorder, int loadIndex);
}

/// <summary>A product's client, reduced to what the scenario does with it.</summary>
internal interface IScaleoutClient : IAsyncDisposable
{
    /// <summary>Its user.</summary>
    string UserId { get; }

    /// <summary>Connects and logs in (registering first where the product has accounts).</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Lets <paramref name="other"/> and this user message each other, where the product asks for that.</summary>
    Task BefriendAsync(IScaleoutClient other, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="text"/> to <paramref name="to"/>; completes when the server acknowledged it.</summary>
    Task SendAsync(IScaleoutClient to, string text, CancellationToken cancellationToken);
}
