namespace Relink.Testing;

/// <summary>What one direction of a <see cref="TcpFaultProxy"/> has carried, over all its connections.</summary>
internal sealed class TrafficCounters
{
    private long _bytesRead;
    private long _bytesWritten;
    private long _writes;

    /// <summary>Bytes read from the source and queued for forwarding.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Bytes written to the destination.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Socket writes made to the destination (split and coalesced writes change this, not the bytes).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    public void Read(int bytes) => Interlocked.Add(ref _bytesRead, bytes);

    public void Wrote(int bytes)
    {
        Interlocked.Add(ref _bytesWritten, bytes);
        Interlocked.Increment(ref _writes);
    }
}
