using Relink.Bench.Measurement;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// One product run as a cluster on this machine: its node processes behind the balancer processes
/// (<see cref="BalancerProcesses"/>), the bus between them, and its clients pinned to one node (senders, latency
/// probes). The load clients, which go through the balancer, run in <see cref="LoadWorkers"/>.
/// </summary>
internal interface IScaleoutCluster : IAsyncDisposable
{
    /// <summary>"Relink" or "SignalR".</summary>
    string Name { get; }

    /// <summary>The product's key for the load workers: "relink" or "signalr".</summary>
    string Product { get; }

    /// <summary>The balancer's port on 127.0.0.1, where the load clients connect.</summary>
    int BalancerPort { get; }

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

    /// <summary>What <paramref name="node"/> printed so far (empty where the bench does not keep it), for a run that went wrong.</summary>
    string NodeOutput(int node);

    /// <summary>
    /// How often the product's client fetches on its own what no push brought (Relink: the SDK's periodic sync), so
    /// how long after the drain deadline a missing message may still arrive; null: the client never does.
    /// </summary>
    TimeSpan? CatchUpInterval { get; }

    /// <summary>
    /// One line on what the product's store holds of load message <paramref name="text"/> to
    /// <paramref name="recipient"/>, times relative to <paramref name="referenceUnixMs"/>; null where there is no store.
    /// </summary>
    Task<string?> DescribeStoredAsync(string text, string recipient, long referenceUnixMs, CancellationToken cancellationToken);

    /// <summary>SIGKILL of <paramref name="node"/>: its connections drop at once, nothing of it runs on.</summary>
    Task KillNodeAsync(int node);

    /// <summary>A client of <paramref name="userId"/> straight to <paramref name="node"/>, not started; it reports what it receives to <paramref name="events"/>.</summary>
    IScaleoutClient Client(string userId, int node, IScaleoutEvents events);
}

/// <summary>A product's client, reduced to what the scenario does with it.</summary>
internal interface IScaleoutClient : IAsyncDisposable
{
    /// <summary>Its user.</summary>
    string UserId { get; }

    /// <summary>Connects and logs in (registering first where the product has accounts).</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Asks <paramref name="userId"/> to be friends, where the product asks for that before users may message each other.</summary>
    Task AskFriendAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Accepts <paramref name="userId"/>'s friend request, where the product has them.</summary>
    Task AcceptFriendAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="text"/> to <paramref name="userId"/>; completes when the server acknowledged it.</summary>
    Task SendAsync(string userId, string text, CancellationToken cancellationToken);
}
