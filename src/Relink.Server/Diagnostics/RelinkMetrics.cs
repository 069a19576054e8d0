using System.Diagnostics.Metrics;
using Relink.Protocol.Messages;

namespace Relink.Server.Diagnostics;

/// <summary>
/// The server's instruments, on the meter <see cref="MeterName"/>: scraped from <c>/metrics</c> (docs/operations.md
/// lists every one with its unit and tags), or read live with
/// <c>dotnet-counters monitor -n Relink.Server --counters Relink.Server</c>.
/// </summary>
/// <remarks>
/// Every tag value comes from a fixed set (an enum, a transport name), and tagged measurements pass tags built once
/// (<see cref="EnumTags{TEnum}"/>), so recording allocates nothing and a series per user or address cannot appear.
/// </remarks>
public sealed class RelinkMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Relink.Server";

    // Milliseconds from a tenth (an in-process push, a cached read) to ten seconds (a store stalled on a disk).
    private static readonly double[] MillisecondBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    // Frames a writer found waiting: powers of two up to the default queue capacity (1024), where a client is dropped.
    private static readonly int[] DepthBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    private static readonly KeyValuePair<string, object?> Tcp = new("relink.transport", "tcp");
    private static readonly KeyValuePair<string, object?> WebSocket = new("relink.transport", "ws");
    private static readonly KeyValuePair<string, object?> Direct = new("relink.conversation.kind", "direct");
    private static readonly KeyValuePair<string, object?> Group = new("relink.conversation.kind", "group");
    private static readonly KeyValuePair<string, object?> Malformed = new("relink.protocol.error", "malformed");
    private static readonly KeyValuePair<string, object?> TooLarge = new("relink.protocol.error", "frame_too_large");
    private static readonly KeyValuePair<string, object?> StoreUnavailable = new("relink.failure", "store_unavailable");
    private static readonly KeyValuePair<string, object?> Internal = new("relink.failure", "internal");
    private static readonly EnumTags<AuthOutcome> Outcomes = new("relink.outcome");
    private static readonly EnumTags<KickReason> KickReasons = new("relink.kick.reason");
    private static readonly EnumTags<RefusedLimit> Limits = new("relink.limit");
    private static readonly EnumTags<StoreOperation> StoreOperations = new("relink.store.operation");

    private readonly Meter _meter;

    /// <summary>
    /// Creates the instruments. The two gauges call <paramref name="openConnections"/> and
    /// <paramref name="onlineSessions"/> when observed (the registries' counts), so metrics depend on no registry.
    /// </summary>
    public RelinkMetrics(IMeterFactory meterFactory, Func<int> openConnections, Func<int> onlineSessions)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("relink.connections.open", openConnections, "{connection}", "Open connections, logged in or not");
        _meter.CreateObservableGauge("relink.sessions.online", onlineSessions, "{session}", "Logged-in sessions");
        ConnectionsAccepted = _meter.CreateCounter<long>("relink.connections.accepted", "{connection}", "Connections accepted, by transport");
        ConnectionsClosed = _meter.CreateCounter<long>("relink.connections.closed", "{connection}", "Admitted connections that ended, by reason");
        Pings = _meter.CreateCounter<long>("relink.heartbeat.pings", "{ping}", "Pings answered");
        IdleCloses = _meter.CreateCounter<long>("relink.heartbeat.idle_closes", "{connection}", "Dead links detected: connections closed because nothing was read for the heartbeat timeout");
        LoginTimeouts = _meter.CreateCounter<long>("relink.heartbeat.login_timeouts", "{connection}", "Connections closed for not logging in in time");
        SlowConsumers = _meter.CreateCounter<long>("relink.connections.slow_consumers", "{connection}", "Connections dropped because their outbound queue filled");
        ProtocolErrors = _meter.CreateCounter<long>("relink.protocol.errors", "{frame}", "Malformed or oversized frames, by kind");
        MessagesStored = _meter.CreateCounter<long>("relink.messages.stored", "{message}", "Messages persisted and acknowledged, by conversation kind");
        MessagesPushed = _meter.CreateCounter<long>("relink.messages.pushed", "{message}", "Message pushes queued to online sessions, by conversation kind");
        DeliveryLag = _meter.CreateHistogram("relink.messages.delivery_lag", "ms", "From a message's commit to its push being written to a recipient's connection",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MillisecondBuckets });
        OutboundQueueDepth = _meter.CreateHistogram("relink.outbound.queue_depth", "{frame}", "Frames a connection's writer found queued and wrote in one go (one flush)",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = DepthBuckets });
        StoreDuration = _meter.CreateHistogram("relink.store.duration", "ms", "Store operations on the send, ack, login and history paths, by operation",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MillisecondBuckets });
        Logins = _meter.CreateCounter<long>("relink.logins", "{login}", "Password logins, by outcome");
        Resumes = _meter.CreateCounter<long>("relink.resumes", "{resume}", "Resumes with a token, by outcome");
        GraceResumes = _meter.CreateCounter<long>("relink.resumes.through_grace", "{resume}", "Resumes accepted with the token the last rotation replaced (a lost answer, or a copied token)");
        Kicks = _meter.CreateCounter<long>("relink.kicks", "{session}", "Sessions the server told not to come back on their connection, by reason");
        Refusals = _meter.CreateCounter<long>("relink.limits.refusals", "{refusal}", "Requests and connections refused by a limit, by limit");
        RequestsFailed = _meter.CreateCounter<long>("relink.requests.failed", "{request}", "Requests the server could not serve (UNAVAILABLE: the store; INTERNAL: a bug), by failure");
    }

    /// <summary>Connections accepted (tag relink.transport).</summary>
    public Counter<long> ConnectionsAccepted { get; }

    /// <summary>Admitted connections that ended (tag relink.close.reason, recorded by the connection side).</summary>
    public Counter<long> ConnectionsClosed { get; }

    /// <summary>Pings answered.</summary>
    public Counter<long> Pings { get; }

    /// <summary>Reader-idle closes: dead links detected.</summary>
    public Counter<long> IdleCloses { get; }

    /// <summary>Login-deadline closes.</summary>
    public Counter<long> LoginTimeouts { get; }

    /// <summary>Slow-consumer disconnects.</summary>
    public Counter<long> SlowConsumers { get; }

    /// <summary>Malformed or oversized frames.</summary>
    public Counter<long> ProtocolErrors { get; }

    /// <summary>Messages persisted.</summary>
    public Counter<long> MessagesStored { get; }

    /// <summary>Message pushes queued to sessions.</summary>
    public Counter<long> MessagesPushed { get; }

    /// <summary>Commit-to-write delay of pushes, in milliseconds.</summary>
    public Histogram<double> DeliveryLag { get; }

    /// <summary>Frames written per drain of a connection's outbound queue.</summary>
    public Histogram<int> OutboundQueueDepth { get; }

    /// <summary>Store operation durations, in milliseconds.</summary>
    public Histogram<double> StoreDuration { get; }

    /// <summary>Password logins by outcome.</summary>
    public Counter<long> Logins { get; }

    /// <summary>Resumes by outcome.</summary>
    public Counter<long> Resumes { get; }

    /// <summary>Resumes through the token-rotation grace.</summary>
    public Counter<long> GraceResumes { get; }

    /// <summary>Kicks by reason.</summary>
    public Counter<long> Kicks { get; }

    /// <summary>Refusals by limit.</summary>
    public Counter<long> Refusals { get; }

    /// <summary>Requests answered UNAVAILABLE or INTERNAL.</summary>
    public Counter<long> RequestsFailed { get; }

    /// <summary>Counts a request that failed on the server's side: the store could not take it, or a bug.</summary>
    public void RequestFailed(bool storeUnavailable) => RequestsFailed.Add(1, storeUnavailable ? StoreUnavailable : Internal);

    /// <summary>Counts an accepted connection of transport "tcp" or "ws".</summary>
    public void ConnectionAccepted(string transport) =>
        ConnectionsAccepted.Add(1, transport == "tcp" ? Tcp : transport == "ws" ? WebSocket : new("relink.transport", "other"));

    /// <summary>Counts a stored message.</summary>
    public void MessageStored(bool group) => MessagesStored.Add(1, group ? Group : Direct);

    /// <summary>Counts <paramref name="sessions"/> pushes of one message.</summary>
    public void MessagePushed(bool group, int sessions)
    {
        if (sessions > 0)
        {
            MessagesPushed.Add(sessions, group ? Group : Direct);
        }
    }

    /// <summary>Counts a malformed frame, or one over the size limit.</summary>
    public void ProtocolError(bool tooLarge) => ProtocolErrors.Add(1, tooLarge ? TooLarge : Malformed);

    /// <summary>Counts a password login.</summary>
    public void Login(AuthOutcome outcome) => Logins.Add(1, Outcomes[outcome]);

    /// <summary>Counts a resume.</summary>
    public void Resume(AuthOutcome outcome) => Resumes.Add(1, Outcomes[outcome]);

    /// <summary>Counts a kick.</summary>
    public void Kick(KickReason reason) => Kicks.Add(1, KickReasons[reason]);

    /// <summary>Counts a refusal.</summary>
    public void Refused(RefusedLimit limit) => Refusals.Add(1, Limits[limit]);

    /// <summary>
    /// Records how long a store operation took since <paramref name="startedAt"/> (a <see cref="TimeProvider"/>
    /// timestamp taken just before it).
    /// </summary>
    public void StoreTime(StoreOperation operation, TimeProvider time, long startedAt) =>
        StoreDuration.Record(time.GetElapsedTime(startedAt).TotalMilliseconds, StoreOperations[operation]);

    // ---- webhooks

    /// <summary>
    /// Creates the webhook instruments (only when webhooks are on) and returns the delivery counter
    /// (<c>relink.webhook.deliveries</c>, tag <c>outcome</c>: delivered, failed, dead_lettered). The gauges call
    /// <paramref name="pendingConversations"/> (conversations queued or in flight) and
    /// <paramref name="oldestInFlightAgeSeconds"/> (age of the oldest event being delivered: the lag) when observed.
    /// </summary>
    public Counter<long> CreateWebhookInstruments(Func<int> pendingConversations, Func<double> oldestInFlightAgeSeconds)
    {
        _meter.CreateObservableGauge("relink.webhook.pending_conversations", pendingConversations, description: "Conversations with webhook events queued or in flight");
        _meter.CreateObservableGauge("relink.webhook.oldest_pending_age", oldestInFlightAgeSeconds, unit: "s", description: "Age of the oldest webhook event being delivered (0 when none)");
        return _meter.CreateCounter<long>("relink.webhook.deliveries", description: "Webhook delivery attempts, by outcome: delivered, failed (tried again later), dead_lettered (given up after the retry window, kept in the store)");
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
