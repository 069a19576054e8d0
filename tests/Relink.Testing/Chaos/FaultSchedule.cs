namespace Relink.Testing.Chaos;

/// <summary>The kinds of fault the chaos harness injects.</summary>
public enum FaultKind
{
    /// <summary>Reset every proxied connection (both peers see RST).</summary>
    Reset,

    /// <summary>Silently drop traffic both ways for a while, then restore.</summary>
    BlackHole,

    /// <summary>Add latency to every chunk for a while.</summary>
    Delay,

    /// <summary>Cap the bandwidth for a while.</summary>
    BandwidthCap,

    /// <summary>Forward in tiny pieces for a while.</summary>
    SplitWrites,

    /// <summary>Merge writes for a while.</summary>
    CoalesceWrites,

    /// <summary>SIGKILL the server process and start it again on the same data.</summary>
    KillServer,

    /// <summary>Cluster only: SIGKILL one node, start it again (same node id) once the fault's duration is over.</summary>
    KillNode,

    /// <summary>Cluster only: SIGKILL the bus (nats-server), start it again on the same port after the duration.</summary>
    RestartBus,

    /// <summary>Cluster only: stop the shared store (PostgreSQL, fast shutdown), start it again after the duration.</summary>
    RestartStore,
}

/// <summary>The sets of fault kinds that make sense together.</summary>
public static class FaultKinds
{
    /// <summary>What hits the links between the clients and the server(s), whatever stands behind them.</summary>
    public static readonly IReadOnlyList<FaultKind> Links =
        [FaultKind.Reset, FaultKind.BlackHole, FaultKind.Delay, FaultKind.BandwidthCap, FaultKind.SplitWrites, FaultKind.CoalesceWrites];

    /// <summary>One server on SQLite: the link faults and SIGKILL of the server.</summary>
    public static readonly IReadOnlyList<FaultKind> SingleServer = [.. Links, FaultKind.KillServer];

    /// <summary>Several nodes on PostgreSQL and NATS: the link faults, node kills, and bus and store restarts.</summary>
    public static readonly IReadOnlyList<FaultKind> Cluster = [.. Links, FaultKind.KillNode, FaultKind.RestartBus, FaultKind.RestartStore];

    /// <summary>Whether <paramref name="kind"/> needs a cluster (several nodes, a bus, a shared store).</summary>
    public static bool NeedsCluster(FaultKind kind) => kind is FaultKind.KillNode or FaultKind.RestartBus or FaultKind.RestartStore;
}

/// <summary>One fault at an offset from the start of the run, lasting <see cref="Duration"/> where that applies.</summary>
public sealed record ScheduledFault(TimeSpan At, FaultKind Kind, TimeSpan Duration);

/// <summary>
/// A random but reproducible fault schedule: the same seed gives the same faults at the same offsets, so a failing
/// run is replayed by printing and reusing its seed.
/// </summary>
public static class FaultSchedule
{
    /// <summary>
    /// <paramref name="perKind"/> faults of each kind in <paramref name="kinds"/>, spread at random over
    /// <paramref name="span"/>, never two closer than <paramref name="minGap"/>, ordered by time.
    /// </summary>
    public static IReadOnlyList<ScheduledFault> Create(int seed, TimeSpan span, int perKind, IReadOnlyList<FaultKind> kinds, TimeSpan minGap)
    {
        int count = perKind * kinds.Count;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minGap.Ticks * count, span.Ticks, nameof(minGap));
        var random = new Random(seed);

        // Spread the faults into equal slots with random jitter inside each, so gaps are guaranteed and order random.
        var order = kinds.SelectMany(kind => Enumerable.Repeat(kind, perKind)).OrderBy(_ => random.Next()).ToList();
        long slot = span.Ticks / count;
        var faults = new List<ScheduledFault>(count);
        for (int i = 0; i < count; i++)
        {
            long at = i * slot + (long)(random.NextDouble() * Math.Max(0, slot - minGap.Ticks));
            var duration = TimeSpan.FromMilliseconds(200 + random.Next(Math.Max(1, (int)(minGap.TotalMilliseconds / 2))));
            faults.Add(new ScheduledFault(TimeSpan.FromTicks(at), order[i], duration));
        }

        return faults;
    }
}
