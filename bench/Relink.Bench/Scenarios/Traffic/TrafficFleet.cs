using Relink.Bench.Load.Traffic;

namespace Relink.Bench.Scenarios.Traffic;

/// <summary>The connections of one traffic run on one server: who sends, who receives; closed together.</summary>
internal sealed class TrafficFleet : IAsyncDisposable
{
    private readonly List<ITrafficConnection> _senders = [];
    private readonly List<ITrafficConnection> _receivers = [];

    /// <summary>Connections the pacer sends from.</summary>
    public IReadOnlyList<ITrafficConnection> Senders => _senders;

    /// <summary>Connections that only receive (and acknowledge deliveries).</summary>
    public IReadOnlyList<ITrafficConnection> Receivers => _receivers;

    /// <summary>Every connection.</summary>
    public IEnumerable<ITrafficConnection> All => _senders.Concat(_receivers);

    /// <summary>Number of connections.</summary>
    public int Count => _senders.Count + _receivers.Count;

    /// <summary>Adds a sender (from any setup thread).</summary>
    public void AddSender(ITrafficConnection connection)
    {
        lock (_senders)
        {
            _senders.Add(connection);
        }
    }

    /// <summary>Adds a receiver (from any setup thread).</summary>
    public void AddReceiver(ITrafficConnection connection)
    {
        lock (_receivers)
        {
            _receivers.Add(connection);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var connection in All)
        {
            await connection.DisposeAsync();
        }

        _senders.Clear();
        _receivers.Clear();
    }
}

/// <summary>Who sends to whom: a traffic scenario's setup on one server.</summary>
internal interface ITrafficWorkload
{
    /// <summary>Recipients of each message.</summary>
    int DeliveriesPerMessage { get; }

    /// <summary>Opens and logs in every connection (befriending or joining as needed), adding them to <paramref name="fleet"/> as they open.</summary>
    Task OpenAsync(ITrafficPeer peer, TrafficFleet fleet, TrafficRecorder recorder, int concurrency, CancellationToken cancellationToken);
}
