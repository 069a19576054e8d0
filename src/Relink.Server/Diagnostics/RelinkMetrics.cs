using System.Diagnostics.Metrics;

namespace Relink.Server.Diagnostics;

/// <summary>
/// The server's instruments, on the meter <see cref="MeterName"/>; read them live with
/// <c>dotnet-counters monitor -n Relink.Server --counters Relink.Server</c>.
/// </summary>
public sealed class RelinkMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Relink.Server";

    private readonly Meter _meter;

    /// <summary>
    /// Creates the instruments. The two gauges call <paramref name="openConnections"/> and
    /// <paramref name="onlineSessions"/> when observed (the registries' counts), so metrics depend on no registry.
    /// </summary>
    public RelinkMetrics(IMeterFactory meterFactory, Func<int> openConnections, Func<int> onlineSessions)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("relink.connections.open", openConnections, description: "Open connections, logged in or not");
        _meter.CreateObservableGauge("relink.sessions.online", onlineSessions, description: "Logged-in sessions");
        ConnectionsAccepted = _meter.CreateCounter<long>("relink.connections.accepted", description: "Connections accepted");
        Pings = _meter.CreateCounter<long>("relink.heartbeat.pings", description: "Pings answered");
        IdleCloses = _meter.CreateCounter<long>("relink.heartbeat.idle_closes", description: "Connections closed because nothing was read for the heartbeat timeout");
        LoginTimeouts = _meter.CreateCounter<long>("relink.heartbeat.login_timeouts", description: "Connections closed for not logging in in time");
        SlowConsumers = _meter.CreateCounter<long>("relink.connections.slow_consumers", description: "Connections dropped because their outbound queue filled");
        ProtocolErrors = _meter.CreateCounter<long>("relink.protocol.errors", description: "Malformed or oversized frames");
        MessagesStored = _meter.CreateCounter<long>("relink.messages.stored", description: "Messages persisted and acknowledged");
        Logins = _meter.CreateCounter<long>("relink.logins", description: "Successful logins and resumes");
        GraceResumes = _meter.CreateCounter<long>("relink.resumes.through_grace", description: "Resumes accepted with the token the last rotation replaced (a lost answer, or a copied token)");
    }

    /// <summary>Connections accepted.</summary>
    public Counter<long> ConnectionsAccepted { get; }

    /// <summary>Pings answered.</summary>
    public Counter<long> Pings { get; }

    /// <summary>Reader-idle closes.</summary>
    public Counter<long> IdleCloses { get; }

    /// <summary>Login-deadline closes.</summary>
    public Counter<long> LoginTimeouts { get; }

    /// <summary>Slow-consumer disconnects.</summary>
    public Counter<long> SlowConsumers { get; }

    /// <summary>Malformed or oversized frames.</summary>
    public Counter<long> ProtocolErrors { get; }

    /// <summary>Messages persisted.</summary>
    public Counter<long> MessagesStored { get; }

    /// <summary>Logins and resumes.</summary>
    public Counter<long> Logins { get; }

    /// <summary>Resumes through the token-rotation grace.</summary>
    public Counter<long> GraceResumes { get; }

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
