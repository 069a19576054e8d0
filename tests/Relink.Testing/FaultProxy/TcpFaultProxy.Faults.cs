namespace Relink.Testing;

public sealed partial class TcpFaultProxy
{
    /// <summary>
    /// Silence: stops forwarding while keeping both sockets open, so neither peer sees a FIN or an RST, only
    /// nothing. Bytes are held, not dropped: the proxy stops reading, so they wait in the kernel's socket buffers
    /// (bytes it had read before the black hole wait in its own queue); when those buffers fill, the
    /// sender's writes block, as on a real link whose TCP window has closed. <see cref="Restore"/> delivers
    /// everything held, in order, as TCP does when a partition heals before it gives up. A connection accepted
    /// during a black hole is connected to the target at once, but no byte passes either way.
    /// </summary>
    public void BlackHole(ProxyDirection direction = ProxyDirection.Both, FaultScope scope = FaultScope.ExistingAndNew) =>
        Change(direction, scope, faults => faults with { BlackHoled = true });

    /// <summary>Ends a <see cref="BlackHole"/>: held bytes flow on, in order. Other faults stay as they are.</summary>
    public void Restore(ProxyDirection direction = ProxyDirection.Both, FaultScope scope = FaultScope.ExistingAndNew) =>
        Change(direction, scope, faults => faults with { BlackHoled = false });

    /// <summary>
    /// Latency: each chunk read is written no earlier than <paramref name="perChunk"/> after it was read. Chunks
    /// keep flowing meanwhile (a long pipe, not a stall), up to the proxy's 512 KiB per direction. Zero turns it off.
    /// </summary>
    public void Delay(TimeSpan perChunk, ProxyDirection direction = ProxyDirection.Both, FaultScope scope = FaultScope.ExistingAndNew)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perChunk, TimeSpan.Zero);
        Change(direction, scope, faults => faults with { Delay = perChunk });
    }

    /// <summary>
    /// Caps forwarding at <paramref name="bytesPerSecond"/>, in writes of at most a tenth of a second's budget, so
    /// the cap holds over short spans too. Zero removes the cap.
    /// </summary>
    public void BandwidthLimit(long bytesPerSecond, ProxyDirection direction = ProxyDirection.Both, FaultScope scope = FaultScope.ExistingAndNew)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        Change(direction, scope, faults => faults with { BytesPerSecond = bytesPerSecond });
    }

    /// <summary>
    /// Forwards in writes of at most <paramref name="maxWrite"/> bytes (1 for the worst case a parser can meet),
    /// each its own TCP segment (Nagle is off). Zero writes chunks as they were read.
    /// </summary>
    public void SplitWrites(int maxWrite, ProxyDirection direction = ProxyDirection.Both, FaultScope scope = FaultScope.ExistingAndNew)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxWrite);
        Change(direction, scope, faults => faults with { MaxWrite = maxWrite });
    }

    /// <summary>
    /// Holds each chunk for <paramref name="window"/> and merges every chunk read meanwhile into one write, so many
    /// small frames reach the peer in one read. Zero turns it off.
    /// </summary>
    public void CoalesceWrites(TimeSpan window, ProxyDirection direction = ProxyDirection.Both, FaultScope scope = FaultScope.ExistingAndNew)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        Change(direction, scope, faults => faults with { CoalesceWindow = window });
    }

    /// <summary>Back to plain forwarding: lifts a black hole and removes latency, caps, splitting and coalescing.</summary>
    public void ClearFaults(ProxyDirection direction = ProxyDirection.Both, FaultScope scope = FaultScope.ExistingAndNew) =>
        Change(direction, scope, _ => LinkFaults.None);

    /// <summary>
    /// Resets every open connection: both legs are closed with an RST, so the client and the server each see a
    /// connection reset. New connections are not affected (see <see cref="RefuseNew"/>).
    /// </summary>
    public void ResetAll()
    {
        ProxiedConnection[] open;
        lock (_gate)
        {
            open = [.. _connections.Keys];
        }

        foreach (var connection in open)
        {
            connection.Abort();
        }
    }

    /// <summary>
    /// Refuses new connections: each is accepted and reset at once, and no connection to the target is made.
    /// The kernel completes the handshake before the proxy resets, so the client sees the connection reset either
    /// in its connect or in its first read, whichever the RST beats (not "connection refused"). The listener keeps its port, so <see cref="AcceptNew"/> can never lose it to another
    /// process. Open connections are not affected.
    /// </summary>
    public void RefuseNew() => _refusingNew = true;

    /// <summary>Forwards new connections again after <see cref="RefuseNew"/>.</summary>
    public void AcceptNew() => _refusingNew = false;

    private void Change(ProxyDirection direction, FaultScope scope, Func<LinkFaults, LinkFaults> change)
    {
        lock (_gate)
        {
            if (scope.HasFlag(FaultScope.New))
            {
                if (direction.HasFlag(ProxyDirection.ToServer))
                {
                    _newToServer = change(_newToServer);
                }

                if (direction.HasFlag(ProxyDirection.ToClient))
                {
                    _newToClient = change(_newToClient);
                }
            }

            if (scope.HasFlag(FaultScope.Existing))
            {
                foreach (var connection in _connections.Keys)
                {
                    if (direction.HasFlag(ProxyDirection.ToServer))
                    {
                        connection.ToServerFaults.Change(change);
                    }

                    if (direction.HasFlag(ProxyDirection.ToClient))
                    {
                        connection.ToClientFaults.Change(change);
                    }
                }
            }
        }
    }
}
