using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Relink.Protocol;

namespace Relink.Client;

/// <summary>Settings of one <see cref="RelinkClient"/>. Read once, when the client is created.</summary>
public sealed record RelinkClientOptions
{
    /// <summary>
    /// Where the server listens: <c>host:port</c> (or <c>tcp://host:port</c>) for the binary TCP protocol, or
    /// <c>ws://host:port/ws</c> / <c>wss://…</c> for WebSocket binary frames. A bare host uses port
    /// <see cref="ServerEndpoint.DefaultTcpPort"/>.
    /// </summary>
    public string Server { get; init; } = "127.0.0.1:" + ServerEndpoint.DefaultTcpPort;

    /// <summary>
    /// Identifies this installation. The server keeps one delivery cursor per user and device, so a stable id
    /// lets a restarted program receive exactly what it missed. Defaults to a new id per options instance.
    /// </summary>
    public string DeviceId { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>The clock for timeouts, heartbeats and ack batching. Tests pass a manual clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long a request may wait for its answer before it fails with <see cref="RelinkTimeoutException"/>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long opening the connection (TCP connect or WebSocket handshake) may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many of the latest messages each talk carries in the login answer (0 = the server's default).</summary>
    public int LatestPerTalk { get; init; }

    /// <summary>
    /// Capacity of the inbox that <see cref="RelinkClient.ReadMessagesAsync"/> reads. When it is full, delivery of
    /// further messages pauses (they stay on the server and are not acknowledged) until the reader catches up.
    /// Set 0 when the application only handles <see cref="RelinkClient.MessageReceived"/>: then there is no
    /// inbox to fill and every message is delivered through the event alone.
    /// </summary>
    public int InboxCapacity { get; init; } = 1024;

    /// <summary>
    /// Whether this client receives messages at all: catch-up after login, delivery, acknowledgements. A client
    /// that only sends (a script) turns it off so it never moves this device's delivery cursor.
    /// </summary>
    public bool ReceiveMessages { get; init; } = true;

    /// <summary>
    /// Whether this client logs in for a few requests and then leaves (a command-line tool's <c>friends list</c>
    /// while the user chats elsewhere). Its login and resumes are marked one-shot, so even a server with one session
    /// per account signs no other session out for it; a later login from another device still ends it (kicked), as
    /// any session. See protocol.md §6.3.
    /// </summary>
    public bool OneShot { get; init; }

    /// <summary>
    /// How often a connected client asks the server which of its talks this device is behind on, and pulls what
    /// no push brought (a push lost between the server and this client). This bounds how long a lost push can
    /// keep a stored message from an online client. Null: never on a schedule (a conversation met without a known
    /// cursor is still checked at once). See docs/reliability.md.
    /// </summary>
    public TimeSpan? SyncInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest frame accepted from the server; a larger one closes the connection.</summary>
    public int MaxFrameSize { get; init; } = FrameLimits.DefaultMaxServerFrame;

    /// <summary>
    /// For tls:// and wss:// servers: a certificate to trust in addition to the system's roots, such as the
    /// server's self-signed development certificate (its data folder's dev-cert.crt). It must match exactly and
    /// name the host connected to. Null: only certificates the system trusts.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TrustedCertificate { get; init; }

    /// <summary>Where the client writes its diagnostics.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// How long to wait before each attempt to get a lost session back, and when to give up. Default:
    /// <see cref="ExponentialBackoffReconnectPolicy"/> (1, 2, 4 … 30 s, full jitter, never gives up), right for apps
    /// people use; <see cref="FixedIntervalReconnectPolicy"/> suits services. Null turns automatic reconnecting off:
    /// a lost link then ends in <see cref="ConnectionState.Disconnected"/> and fails the messages in the outbox.
    /// </summary>
    public IReconnectPolicy? ReconnectPolicy { get; init; } = new ExponentialBackoffReconnectPolicy();

    /// <summary>
    /// A connection that stayed up this long counts as healthy: when it drops, the reconnect attempts count from 1
    /// again. One that drops sooner continues the count, so a flapping network backs off instead of hammering.
    /// </summary>
    public TimeSpan StableConnectionPeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gives the user id and password to log in with, for <see cref="RelinkClient.StartAsync"/>, and when a lost
    /// session cannot be resumed with its token (expired, or spent). Return null when there are none (the client then
    /// stops with <see cref="StopReason.AuthRequired"/>). Without a provider, only the token is ever used.
    /// </summary>
    /// <remarks>
    /// An app whose users sign in with its own tokens returns <see cref="Credentials.FromAccessToken"/> with a token
    /// fetched from its backend at that moment: the provider is only asked when a full login is needed, often long
    /// after the last token expired.
    /// </remarks>
    public Func<CancellationToken, ValueTask<Credentials?>>? CredentialsProvider { get; init; }

    /// <summary>
    /// Tells the client when the network may be back, so a reconnect waiting for its slot starts at once. Default:
    /// the operating system's notifications (<see cref="SystemNetworkChangeSource"/>); null for none.
    /// </summary>
    public INetworkChangeSource? NetworkChanges { get; init; } = SystemNetworkChangeSource.Instance;

    /// <summary>
    /// How many sent messages may wait for their acknowledgement (queued while reconnecting, or on the wire). When it
    /// is full, <see cref="RelinkClient.SendAsync"/> fails at once rather than drop anything.
    /// </summary>
    public int OutboxCapacity { get; init; } = 1024;

    /// <summary>
    /// How many sent messages may be on the wire at once, waiting for their acknowledgements. The server stores a
    /// connection's messages in the order it reads them, so several in flight keep their order while a burst (a bot,
    /// a bridge) goes as fast as the server stores, not one round trip per message. 1 sends each message only after
    /// the previous one is acknowledged. The rest of <see cref="OutboxCapacity"/> waits its turn in the outbox.
    /// </summary>
    public int MaxSendsInFlight { get; init; } = 64;

    /// <summary>
    /// Where the client keeps its delivery cursors and unacknowledged messages, so that an app restart carries on: a
    /// new client with the same store delivers nothing twice and sends what the last one could not (same client ids).
    /// Default (null): kept in this client's memory only. <see cref="FileClientStateStore"/> keeps it on disk.
    /// </summary>
    public IClientStateStore? StateStore { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Server);
        ArgumentException.ThrowIfNullOrWhiteSpace(DeviceId);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(LoggerFactory);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(LatestPerTalk);
        ArgumentOutOfRangeException.ThrowIfNegative(InboxCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameSize, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(StableConnectionPeriod, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(OutboxCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSendsInFlight, 1);
        if (SyncInterval is { } sync)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sync, TimeSpan.Zero, nameof(SyncInterval));
        }
    }
}
