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
    }
}
