using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Relink.Server.Cluster;

/// <summary>
/// Nodes in one process (tests, and the single node, which is a hub of one: its publications reach nobody, as
/// its own sessions get their pushes directly). Each node receives on its own loop, in publication order.
/// </summary>
public sealed class InProcessBusHub
{
    private readonly ConcurrentDictionary<InProcessBus, byte> _nodes = new();

    /// <summary>A new node on this hub.</summary>
    public InProcessBus Join() => new(this);

    internal void Add(InProcessBus node) => _nodes[node] = 0;

    internal void Remove(InProcessBus node) => _nodes.TryRemove(node, out _);

    internal void Deliver(InProcessBus from, string subject, byte[] payload)
    {
        foreach (var node in _nodes.Keys)
        {
            if (!ReferenceEquals(node, from))
            {
                node.Offer(subject, payload);
            }
        }
    }
}

/// <summary>One node's end of an <see cref="InProcessBusHub"/>.</summary>
public sealed class InProcessBus : IClusterBus
{
    // Bounded like the NATS client's pending queue: a node that cannot keep up loses pushes, not memory.
    private const int Capacity = 65_536;
    private readonly InProcessBusHub _hub;
    private readonly ConcurrentDictionary<string, byte> _subjects = new(StringComparer.Ordinal);
    private readonly Channel<(string Subject, byte[] Payload)> _inbox =
        Channel.CreateBounded<(string, byte[])>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private Task _receiving = Task.CompletedTask;

    internal InProcessBus(InProcessBusHub hub)
    {
        _hub = hub;
    }

    /// <inheritdoc />
    public event Action? Restored { add { } remove { } } // never down

    /// <inheritdoc />
    public bool IsConnected => true;

    /// <inheritdoc />
    public Task StartAsync(Func<string, byte[], ValueTask> onMessage, CancellationToken cancellationToken)
    {
        _hub.Add(this);
        _receiving = Task.Run(async () =>
        {
            await foreach (var (subject, payload) in _inbox.Reader.ReadAllAsync())
            {
                await onMessage(subject, payload);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SubscribeAsync(string subject)
    {
        _subjects[subject] = 0;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask UnsubscribeAsync(string subject)
    {
        _subjects.TryRemove(subject, out _);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask PublishAsync(string subject, byte[] payload)
    {
        _hub.Deliver(this, subject, payload);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>A publication is in the other nodes' queues when <see cref="PublishAsync"/> returns.</remarks>
    public ValueTask FlushAsync() => ValueTask.CompletedTask;

    internal void Offer(string subject, byte[] payload)
    {
        if (_subjects.ContainsKey(subject))
        {
            _inbox.Writer.TryWrite((subject, payload));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _hub.Remove(this);
        _inbox.Writer.TryComplete();
        await _receiving;
    }
}
