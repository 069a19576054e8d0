namespace Relink.Bench.Load;

/// <summary>What the generator's connections did, summed over all of them; read as snapshots around a window.</summary>
internal sealed class LoadCounters
{
    private long _pingsSent;
    private long _framesReceived;
    private long _dropped;

    /// <summary>Counts a ping written to a socket.</summary>
    public void PingSent() => Interlocked.Increment(ref _pingsSent);

    /// <summary>Counts whole frames (Relink) or records (SignalR) read: pongs, keepalives.</summary>
    public void FramesReceived(int count)
    {
        if (count != 0)
        {
            Interlocked.Add(ref _framesReceived, count);
        }
    }

    /// <summary>Counts a connection that the server closed or that failed while it should have stayed open.</summary>
    public void Dropped() => Interlocked.Increment(ref _dropped);

    /// <summary>The counts now.</summary>
    public LoadSnapshot Snapshot() => new(Volatile.Read(ref _pingsSent), Volatile.Read(ref _framesReceived), Volatile.Read(ref _dropped));
}

/// <summary>Counts at one moment; subtract two for a window.</summary>
internal readonly record struct LoadSnapshot(long PingsSent, long FramesReceived, long Dropped)
{
    public static LoadSnapshot operator -(LoadSnapshot end, LoadSnapshot start) =>
        new(end.PingsSent - start.PingsSent, end.FramesReceived - start.FramesReceived, end.Dropped - start.Dropped);
}
