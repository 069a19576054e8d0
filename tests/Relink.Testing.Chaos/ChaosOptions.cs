namespace Relink.Testing.Chaos;

/// <summary>How big and how hostile a chaos run is.</summary>
public sealed record ChaosOptions
{
    /// <summary>The seed of the fault schedule and of who sends what; printed so a failure can be replayed.</summary>
    public int Seed { get; init; } = 7397;

    /// <summary>Chat clients (all friends, all in one group).</summary>
    public int Clients { get; init; } = 6;

    /// <summary>Messages sent in all, half 1:1, half to the group.</summary>
    public int Messages { get; init; } = 300;

    /// <summary>How long the faults are spread over; sending is paced to cover it.</summary>
    public TimeSpan Span { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Faults of each kind.</summary>
    public int FaultsPerKind { get; init; } = 2;

    /// <summary>The kinds to inject (a kind listed twice is injected twice as often).</summary>
    public IReadOnlyList<FaultKind> Kinds { get; init; } = FaultKinds.SingleServer;

    /// <summary>
    /// 0: one server process on SQLite. 2 or more: that many nodes on one PostgreSQL and one NATS behind a
    /// round-robin balancer (the test kit's <c>ServerCluster</c>), which the cluster's fault kinds need.
    /// </summary>
    public int Nodes { get; init; }

    /// <summary>After the last fault, how long everything may take to settle before the checker judges.</summary>
    public TimeSpan SettleDeadline { get; init; } = TimeSpan.FromSeconds(90);
}
