using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using NATS.Client.Core;

namespace Relink.Server.Cluster;

/// <summary>
/// The bus over a NATS server: core publish/subscribe (no JetStream: the store is the log). One connection per
/// node; every subscription hands its messages to one bounded queue read by one loop, so 10,000 subscribed users
/// cost 10,000 small objects, not 10,000 reader tasks.
/// </summary>
/// <remarks>
/// The client restores subscriptions by itself after a reconnect; <see cref="Restored"/> is raised after a ping
/// round trip on the new link, which the server answers only after it has applied those subscriptions.
/// </remarks>
public sealed partial class NatsBus : IClusterBus
{
    // Messages received but not yet handed to sessions; past this the newest are dropped (the store catch-up
    // after a restore, or the client's own sync, brings them).
    private const int InboxCapacity = 65_536;
    private readonly NatsConnection _connection;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changing = new(1, 1);
    private readonly Channel<(string Subject, byte[] Payload)> _inbox =
        Channel.CreateBounded<(string, byte[])>(new BoundedChannelOptions(InboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private Task _receiving = Task.CompletedTask;
    private volatile bool _lost;

    /// <summary>Connects lazily to <paramref name="url"/> as <paramref name="nodeId"/>; retries for ever while the bus is down.</summary>
    public NatsBus(string url, string nodeId, ILogger<NatsBus> logger)
    {
        _logger = logger;
        _connection = new NatsConnection(NatsOpts.Default with
        {
            Url = url,
            Name = "relink-" + nodeId,
            Echo = false, // a node's own publications are for the others: its sessions got them directly
            RetryOnInitialConnect = true,
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
            ReconnectWaitMax = TimeSpan.FromSeconds(1),
            // While the link is down a publication fails (after the request timeout) instead of queueing: the store catch-up after the
            // restore delivers what it carried, and a send must not wait on the bus.
            PublishTimeoutOnDisconnected = true,
        });
        _connection.ConnectionDisconnected += (_, _) =>
        {
            _lost = true;
            LogLost(url);
            return ValueTask.CompletedTask;
        };
        _connection.ConnectionOpened += (_, _) =>
        {
            if (_lost)
            {
                _ = FenceThenRestoreAsync(url);
            }

            return ValueTask.CompletedTask;
        };
    }

    /// <inheritdoc />
    public event Action? Restored;

    /// <inheritdoc />
    public bool IsConnected => _connection.ConnectionState == NatsConnectionState.Open;

    /// <inheritdoc />
    public async Task StartAsync(Func<string, byte[], ValueTask> onMessage, CancellationToken cancellationToken)
    {
        _receiving = Task.Run(async () =>
        {
            await foreach (var (subject, payload) in _inbox.Reader.ReadAllAsync())
            {
                try
                {
                    await onMessage(subject, payload);
                }
                catch (Exception e)
                {
                    LogHandlerFailed(subject, e);
                }
            }
        }, CancellationToken.None);
        try
        {
            await _connection.ConnectAsync();
        }
        catch (NatsException e)
        {
            // RetryOnInitialConnect keeps trying in the background; the node serves its own sessions meanwhile.
            LogLost(e.Message);
            _lost = true;
        }
    }

    /// <inheritdoc />
    public async ValueTask SubscribeAsync(string subject)
    {
        await _changing.WaitAsync();
        try
        {
            if (!_subscriptions.ContainsKey(subject))
            {
                var subscription = new Subscription(this, subject);
                _subscriptions[subject] = subscription;
                await _connection.AddSubAsync(subscription);
            }
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask UnsubscribeAsync(string subject)
    {
        await _changing.WaitAsync();
        try
        {
            if (_subscriptions.TryRemove(subject, out var subscription))
            {
                await subscription.DisposeAsync();
            }
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask PublishAsync(string subject, byte[] payload)
    {
        await _connection.PublishAsync(subject, payload);
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync() => await _connection.PingAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Disposed one by one first: the client's own dispose takes ~10 s on a connection with 10,000 live
        // subscriptions.
        foreach (var subject in _subscriptions.Keys)
        {
            if (_subscriptions.TryRemove(subject, out var subscription))
            {
                try
                {
                    await subscription.DisposeAsync();
                }
                catch (Exception e) when (e is NatsException or ObjectDisposedException or OperationCanceledException)
                {
                    // The link is gone: the server forgets the subscription with it.
                }
            }
        }

        await _connection.DisposeAsync();
        _inbox.Writer.TryComplete();
        await _receiving;
    }

    private async Task FenceThenRestoreAsync(string url)
    {
        try
        {
            await _connection.PingAsync();
            _lost = false;
            LogRestored(url, _subscriptions.Count);
            Restored?.Invoke();
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException or ObjectDisposedException)
        {
            // Lost again before the fence: the next open tries again.
        }
    }

    private void Offer(string subject, byte[] payload) => _inbox.Writer.TryWrite((subject, payload));

    /// <summary>A subscription that copies each message into the bus's one queue.</summary>
    private sealed class Subscription(NatsBus bus, string subject)
        : NatsSubBase(bus._connection, bus._connection.SubscriptionManager, subject, queueGroup: null, opts: null)
    {
        protected override ValueTask ReceiveInternalAsync(string subject, string? replyTo, ReadOnlySequence<byte>? headersBuffer, ReadOnlySequence<byte> payloadBuffer)
        {
            // The buffers belong to the socket reader: copy before returning.
            bus.Offer(subject, payloadBuffer.ToArray());
            return ValueTask.CompletedTask;
        }

        protected override void TryComplete()
        {
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Lost the bus ({Url}); pushes to other nodes wait for it, and the store catch-up follows its return")]
    private partial void LogLost(string url);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Bus back ({Url}) with {Subscriptions} subscriptions")]
    private partial void LogRestored(string url, int subscriptions);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Handling a bus message on {Subject} failed")]
    private partial void LogHandlerFailed(string subject, Exception exception);
}
