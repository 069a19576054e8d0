namespace Relink.Testing;

/// <summary>The faults applied to one direction of one proxied connection. Immutable; zero means "off".</summary>
internal sealed record LinkFaults
{
    /// <summary>Plain forwarding.</summary>
    public static readonly LinkFaults None = new();

    /// <summary>Hold every byte: read nothing more and write nothing more until lifted.</summary>
    public bool BlackHoled { get; init; }

    /// <summary>Latency added to each chunk, counted from when the proxy read it.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Forwarding rate cap; 0 = unlimited.</summary>
    public long BytesPerSecond { get; init; }

    /// <summary>Largest single write to the destination; 0 = as read.</summary>
    public int MaxWrite { get; init; }

    /// <summary>How long to hold a chunk so that chunks read meanwhile go out in the same write; zero = off.</summary>
    public TimeSpan CoalesceWindow { get; init; }
}
