using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using System.Threading.Channels;
using Relink.Server.Configuration;
using Relink.Server.Diagnostics;
using Relink.Server.Leases;
using Relink.Storage;

namespace Relink.Server.Webhooks;

/// <summary>
/// Delivers webhook events from the store: each conversation strictly in order, one event at a time, with at most
/// <see cref="WebhookOptions.MaxConcurrentConversations"/> conversations in flight. An event is marked done in the
/// store only after the receiver answered 2xx, so a crash or restart sends it again (at least once).
/// </summary>
/// <remarks>
/// It does not poll. The store tells it after each commit which conversation got an event; that conversation is
/// queued once (a conversation already queued or in flight only notes that it must look again), and a fixed set
/// of workers drains the queue. A sweep every <see cref="WebhookOptions.SweepInterval"/> (and one at start) asks
/// the store which conversations have pending events, the safety net for anything a wake-up did not cover.
/// <para>On several nodes sharing a store, only the node holding the <c>webhooks</c> lease dispatches
/// (<see cref="LeaseKeeper"/>); the others keep their wake-ups to themselves, so events committed on them wait for the
/// holder's next sweep. When the holder dies, another node takes the lease over and starts with a sweep.</para>
/// </remarks>
public sealed partial class WebhookDispatcher : BackgroundService
{
    // Events read per store query; a conversation's backlog is read page by page, never all at once.
    private const int PageSize = 64;

    private readonly IChatStore _store;
    private readonly WebhookSender _sender;
    private readonly WebhookSignature _signature;
    private readonly WebhookRetryPolicy _retry;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly Counter<long> _deliveries;
    private readonly ILogger<WebhookDispatcher> _logger;

    /// <summary>The lease that makes this node the one dispatching.</summary>
    public const string LeaseName = "webhooks";

    private readonly LeaseKeeper _lease;
    private readonly Lock _gate = new();

    // One entry per conversation at most (see MarkPending), so its size is bounded by the number of conversations.
    // A new one for each time this node takes the lease; null while it does not hold it (wake-ups are dropped then).
    private Channel<string>? _ready;
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private readonly HashSet<string> _lookAgain = new(StringComparer.Ordinal);

    // The event each worker is on, by conversation: what the lag gauge reports.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Creates the dispatcher; it starts with the host.</summary>
    public WebhookDispatcher(
        IChatStore store,
        ILeaseStore leases,
        WebhookSender sender,
        WebhookRetryPolicy retry,
        RelinkServerOptions options,
        TimeProvider time,
        RelinkMetrics metrics,
        ILogger<WebhookDispatcher> logger)
    {
        _store = store;
        _sender = sender;
        _retry = retry;
        _options = options.Webhook;
        _signature = new WebhookSignature(_options.Secret!);
        _time = time;
        _logger = logger;
        _deliveries = metrics.CreateWebhookInstruments(() => { lock (_gate) { return _active.Count; } }, OldestInFlightAgeSeconds);
        // The node id names the holder, so the leases table says which node delivers (the same name as in the
        // session directory and on the bus).
        _lease = new LeaseKeeper(leases, LeaseName, _options.LeaseDuration, time, logger, holder: options.EffectiveNodeId);
    }

    /// <summary>Whether this node holds the webhook lease and delivers events now.</summary>
    public bool Dispatching => _lease.Holding;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _store.StartWebhookEventsAsync(MarkPending, _time.GetUtcNow(), stoppingToken);
        await _lease.RunAsync(DispatchAsync, stoppingToken);
    }

    /// <summary>Delivers until <paramref name="leaseHeld"/> fires (the lease is lost or the host stops).</summary>
    private async Task DispatchAsync(CancellationToken leaseHeld)
    {
        var ready = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
        lock (_gate)
        {
            // What the previous term left half done is found again by the sweep below.
            _ready = ready;
        }

        try
        {
            await SweepOnceAsync(leaseHeld);
            var workers = Enumerable.Range(0, _options.MaxConcurrentConversations).Select(_ => WorkAsync(ready, leaseHeld)).ToList();
            workers.Add(SweepPeriodicallyAsync(leaseHeld));
            await Task.WhenAll(workers);
        }
        finally
        {
            lock (_gate)
            {
                // Not dispatching any more: the gauge of pending conversations drops to zero on this node.
                _ready = null;
                _active.Clear();
                _lookAgain.Clear();
            }
        }
    }

    /// <summary>Queues a conversation that has a new event (called by the store after the commit; must be quick).</summary>
    private void MarkPending(string conversationId)
    {
        Channel<string>? ready;
        lock (_gate)
        {
            ready = _ready;
            if (ready is null)
            {
                return; // not the dispatching node: the holder's sweep finds the event
            }

            if (!_active.Add(conversationId))
            {
                _lookAgain.Add(conversationId); // queued or in flight: its worker reads once more before letting go
                return;
            }
        }

        ready.Writer.TryWrite(conversationId);
    }

    private async Task WorkAsync(Channel<string> ready, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (string conversationId in ready.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await DrainAsync(conversationId, stoppingToken);
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    // The store failed (disk full, say): nothing was marked done, so the conversation is simply tried
                    // again after a pause instead of taking its worker down.
                    LogStoreFailed(conversationId, error);
                    await Task.Delay(_options.InitialRetryDelay, _time, stoppingToken);
                    lock (_gate)
                    {
                        _lookAgain.Add(conversationId);
                    }
                }

                Release(ready, conversationId);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Lets a drained conversation go, or queues it again (at the back, for fairness) when it was signalled meanwhile.</summary>
    private void Release(Channel<string> ready, string conversationId)
    {
        lock (_gate)
        {
            if (!_lookAgain.Remove(conversationId))
            {
                _active.Remove(conversationId);
                return;
            }
        }

        ready.Writer.TryWrite(conversationId);
    }

    private async Task DrainAsync(string conversationId, CancellationToken stoppingToken)
    {
        while (await _store.ReadWebhookEventsAsync(conversationId, PageSize, stoppingToken) is { Count: > 0 } page)
        {
            foreach (var webhookEvent in page)
            {
                await DeliverAsync(webhookEvent, stoppingToken);
            }
        }
    }

    /// <summary>Sends one event until the receiver takes it or its retry window ends; then marks it done in the store.</summary>
    private async Task DeliverAsync(WebhookEvent webhookEvent, CancellationToken stoppingToken)
    {
        byte[] body = WebhookEventJson.Serialize(webhookEvent);
        string signature = _signature.Sign(body);
        _inFlight[webhookEvent.ConversationId] = webhookEvent.OccurredAt;
        try
        {
            for (int failures = 0; ; )
            {
                string? failure = await _sender.SendAsync(webhookEvent.EventId, body, signature, stoppingToken);
                if (failure is null)
                {
                    _deliveries.Add(1, Outcome("delivered"));
                    if (failures > 0)
                    {
                        LogDeliveredAfterRetries(webhookEvent.EventId, failures + 1);
                    }

                    await _store.CompleteWebhookEventAsync(webhookEvent, deadLetter: null, CancellationToken.None);
                    return;
                }

                failures++;
                if (_retry.GivesUp(webhookEvent.OccurredAt))
                {
                    _deliveries.Add(1, Outcome("dead_lettered"));
                    LogDeadLettered(webhookEvent.EventId, webhookEvent.ConversationId, failures, _options.RetryWindow, failure);
                    var deadLetter = new WebhookDeadLetter(webhookEvent.EventId, webhookEvent.ConversationId, Encoding.UTF8.GetString(body), failure, _time.GetUtcNow());
                    await _store.CompleteWebhookEventAsync(webhookEvent, deadLetter, CancellationToken.None);
                    return;
                }

                _deliveries.Add(1, Outcome("failed"));
                TimeSpan delay = _retry.DelayAfter(failures);
                if (failures == 1)
                {
                    LogFirstFailure(webhookEvent.EventId, webhookEvent.ConversationId, failure);
                }
                else
                {
                    LogRetrying(webhookEvent.EventId, failures, failure, delay);
                }

                await Task.Delay(delay, _time, stoppingToken);
            }
        }
        finally
        {
            _inFlight.TryRemove(webhookEvent.ConversationId, out _);
        }
    }

    private async Task SweepPeriodicallyAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SweepInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Sweeps; a store failure is logged and left to the next sweep.</summary>
    private async Task SweepOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await SweepAsync(stoppingToken);
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            LogStoreFailed("(sweep)", error);
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        foreach (string conversationId in await _store.ListWebhookBacklogAsync(stoppingToken))
        {
            MarkPending(conversationId);
        }
    }

    private double OldestInFlightAgeSeconds()
    {
        DateTimeOffset now = _time.GetUtcNow();
        double oldest = 0;
        foreach (var occurredAt in _inFlight.Values)
        {
            oldest = Math.Max(oldest, (now - occurredAt).TotalSeconds);
        }

        return oldest;
    }

    private static KeyValuePair<string, object?> Outcome(string outcome) => new("outcome", outcome);
}
