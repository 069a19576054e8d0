namespace Relink.Bench.SignalR;

/// <summary>Open hub connections and those that called Login, for /healthz (the benchmark waits on them).</summary>
internal sealed class ConnectionCounts
{
    private int _connections;
    private int _online;

    public int Connections => Volatile.Read(ref _connections);

    public int Online => Volatile.Read(ref _online);

    public void Opened() => Interlocked.Increment(ref _connections);

    public void Closed(bool wasOnline)
    {
        Interlocked.Decrement(ref _connections);
        if (wasOnline)
        {
            Interlocked.Decrement(ref _online);
        }
    }

    public void LoggedIn() => Interlocked.Increment(ref _online);
}
