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
