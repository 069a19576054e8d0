using Relink.Protocol;

namespace Relink.Server.Configuration;

/// <summary>
/// Everything an operator can set. Read from the "Relink" configuration section (appsettings.json, environment
/// variables such as <c>Relink__TcpPort</c>) and from command-line flags (<see cref="CommandLineFlags"/>).
/// </summary>
public sealed partial class RelinkServerOptions
{
    /// <summary>The configuration section holding these options.</summary>
    public const string Section = "Relink";

    /// <summary>Address to listen on: "*" for every interface, or an IP such as 127.0.0.1.</summary>
    public string Bind { get; set; } = "*";

    /// <summary>TCP port for binary frames. 0 picks a free port.</summary>
    public int TcpPort { get; set; } = 7397;

    /// <summary>HTTP port: WebSocket endpoint /ws, /healthz, the browser client. 0 picks a free port.</summary>
    public int HttpPort { get; set; } = 8081;

    /// <summary>Folder holding the SQLite database (created if missing).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Create demo users and a demo group when the database has no users.</summary>
    public bool Demo { get; set; } = true;

    /// <summary>Clients send a ping when they have written nothing for this long (told to them at login).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A link with nothing read for this long is dead, on both ends. Two missed pings plus slack for a slow
    /// mobile link: 2 × 15 s + 5 s.
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(35);

    /// <summary>A connection that has not logged in after this long is closed.</summary>
    public TimeSpan LoginTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the one sweeper visits every connection. Detection is at worst timeout + this, so it defaults to
    /// a quarter of the shortest deadline, capped at one second.
    /// </summary>
    public TimeSpan? SweepInterval { get; set; }

    /// <summary>Largest frame a client may send.</summary>
    public int MaxClientFrame { get; set; } = FrameLimits.DefaultMaxClientFrame;

    /// <summary>
    /// Frames waiting to be written to one connection. A client that stops reading fills it and is disconnected,
    /// so one slow reader cannot grow the server's memory.
    /// </summary>
    public int OutboundQueueCapacity { get; set; } = 1024;

    /// <summary>Latest messages each talk carries in a login answer when the client does not say.</summary>
    public int LatestPerTalk { get; set; } = 10;

    /// <summary>Bytes of latest messages a login answer may carry in all; further talks carry none (clients page).</summary>
    public int LoginMessageBudgetBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Let one account be logged in from several devices at once. Off by default: a login elsewhere kicks the
    /// earlier session (which must not reconnect by itself).
    /// </summary>
    public bool MultiDevice { get; set; }

    /// <summary>Connection, login and send limits.</summary>
    public LimitOptions Limits { get; set; } = new();

    /// <summary>TLS for both listeners (TCP frames and HTTPS/WSS); off unless a certificate is configured.</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>Sign-in with the app's JWTs instead of passwords; off unless a key or key set is configured.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>
    /// Bearer token for the admin API (/admin/api/…) and a way to sign in to the admin console (/admin); with no
    /// token and no <see cref="Admins"/> both are off.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>
    /// Bearer key of the server API (/api/v1/) for the app's backend; the API is off when empty. Compared in
    /// constant time; treat it like a password.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Expose /debug/memory (forces a GC; for benchmarks only).</summary>
    public bool DiagnosticsEndpoints { get; set; }

    /// <summary>
    /// Bytes of messages one history page or talk list may carry; pages end early (has_more) past it, so every
    /// answer fits in the client's 1 MiB frame limit with room for the envelope.
    /// </summary>
    public int PageBudgetBytes { get; set; } = 512 * 1024;

    /// <summary>PBKDF2 iterations of the password hasher (ASP.NET Core's default when 0). Tests lower it.</summary>
    public int PasswordHashIterations { get; set; }

    /// <summary>How long a resume token stays valid.</summary>
    public TimeSpan ResumeTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long after a rotation the token it replaced still resumes the session (once more, with a fresh token), for
    /// the client whose resume answer was lost: it still holds the old token. Counted from the first rotation; ends
    /// as soon as the newer token is used. Zero turns the grace off (a token then works strictly once).
    /// </summary>
    public TimeSpan ResumeTokenGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// When the server shuts down it tells each client to reconnect after a random delay below this, so a restart
    /// is not met by every client at once.
    /// </summary>
    public TimeSpan GoingAwaySpread { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a device's delivery cursors may be held in memory before they are written to the store, all together
    /// (and at shutdown). A crash loses at most this much of cursor moves, which costs redeliveries the client drops
    /// by sequence number, not messages. Zero writes each ack at once.
    /// </summary>
    public TimeSpan DeliveryCursorFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Webhooks to the app's backend (section "Relink:Webhook"); off unless a URL is set.</summary>
    public WebhookOptions Webhook { get; set; } = new();

    // ---- admin console (/admin)

    /// <summary>User ids that may sign in to the admin console with their own Relink password.</summary>
    public IReadOnlyList<string> Admins { get; set; } = [];

    /// <summary>How long an admin console sign-in lasts before the operator signs in again.</summary>
    public TimeSpan AdminSessionLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the admin console's live charts take a sample of the server's meter.</summary>
    public TimeSpan AdminSampleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How much chart history the server keeps (and a freshly opened console shows).</summary>
    public TimeSpan AdminChartWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The Prometheus endpoint /metrics and who may read it.</summary>
    public MetricsOptions Metrics { get; set; } = new();

    /// <summary>Trace export over OTLP; off unless an endpoint is set.</summary>
    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>Console log format.</summary>
    public LogOptions Logging { get; set; } = new();

    // ---- shared store (scale-out)

    /// <summary>
    /// An Npgsql connection string: keep the data in this PostgreSQL database instead of SQLite in
    /// <see cref="DataDirectory"/>, so several server nodes can share it. Null (the default): SQLite.
    /// </summary>
    public string? Postgres { get; set; }

    // ---- typing signals

    /// <summary>
    /// A session's typing signals in one conversation are relayed at most once per this interval (plus the PAUSED
    /// that ends a TYPING); the excess is dropped silently. Clients repeat TYPING at this pace while the user types.
    /// </summary>
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a receiver shows "typing…" without a newer signal (told in each notice): two intervals, so one lost
    /// or dropped repeat does not make the line flicker.
    /// </summary>
    public TimeSpan TypingTimeToLive => TypingInterval * 2;

    /// <summary>The sweep period actually used.</summary>
    public TimeSpan EffectiveSweepInterval =>
        SweepInterval ?? TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks,
            Math.Min(HeartbeatTimeout.Ticks, LoginTimeout.Ticks) / 4));

    /// <summary>Throws <see cref="ArgumentException"/> with a clear message for settings that cannot work.</summary>
    public void Validate()
    {
        Require(TcpPort is >= 0 and <= 65535, "TcpPort must be 0..65535");
        Require(HttpPort is >= 0 and <= 65535, "HttpPort must be 0..65535");
        Require(HeartbeatInterval > TimeSpan.Zero, "HeartbeatInterval must be positive");
        Require(HeartbeatTimeout > HeartbeatInterval, "HeartbeatTimeout must be longer than HeartbeatInterval");
        Require(LoginTimeout > TimeSpan.Zero, "LoginTimeout must be positive");
        Require(ResumeTokenGrace >= TimeSpan.Zero, "ResumeTokenGrace must be zero (off) or positive");
        Require(MaxClientFrame >= 1024, "MaxClientFrame must be at least 1024 bytes");
        Require(OutboundQueueCapacity >= 16, "OutboundQueueCapacity must be at least 16");
        Require(LatestPerTalk is >= 0 and <= 200, "LatestPerTalk must be 0..200");
        Require(PageBudgetBytes is >= 64 * 1024 and <= 768 * 1024, "PageBudgetBytes must be 64 KiB..768 KiB (a server frame is at most 1 MiB)");
        Require(LoginMessageBudgetBytes is >= 0 and <= 768 * 1024, "LoginMessageBudgetBytes must be 0..768 KiB (a server frame is at most 1 MiB)");
        Require(!string.IsNullOrWhiteSpace(DataDirectory), "DataDirectory must be set");
        foreach (string problem in Jwt.Problems())
        {
            Require(false, problem);
        }
        Webhook.Validate();
        Require(AdminSessionLifetime >= TimeSpan.FromMinutes(1), "AdminSessionLifetime must be at least 1m");
        Require(AdminSampleInterval >= TimeSpan.FromMilliseconds(100), "AdminSampleInterval must be at least 100ms");
        Require(AdminChartWindow >= AdminSampleInterval && AdminChartWindow / AdminSampleInterval <= 10_000, "AdminChartWindow must hold 1..10,000 samples of AdminSampleInterval");
        Require(EditWindow >= TimeSpan.Zero && RecallWindow >= TimeSpan.Zero, "EditWindow and RecallWindow must be zero (off) or positive");
        Require(Logging.Format.ToLowerInvariant() is "simple" or "json", "Logging:Format must be simple or json");
        Require(DeliveryCursorFlushInterval >= TimeSpan.Zero && DeliveryCursorFlushInterval <= TimeSpan.FromMinutes(1), "DeliveryCursorFlushInterval must be 0 (off)..1m");
        Require(TypingInterval >= TimeSpan.FromMilliseconds(100) && TypingInterval <= TimeSpan.FromMinutes(1), "TypingInterval must be 100ms..1m");
        Require(ReadNoticeInterval >= TimeSpan.FromMilliseconds(10) && ReadNoticeInterval <= TimeSpan.FromMinutes(1), "ReadNoticeInterval must be 10ms..1m");
        Require(PresenceGrace >= TimeSpan.Zero && PresenceGrace <= TimeSpan.FromHours(1), "PresenceGrace must be 0..1h");
        Require(SqliteCheckpointInterval >= TimeSpan.Zero && SqliteCheckpointInterval <= TimeSpan.FromMinutes(10), "SqliteCheckpointInterval must be 0 (off)..10m");
        Require(SqliteWalLimitBytes >= 1024 * 1024, "SqliteWalLimitBytes must be at least 1 MiB");
        Require(ParseSqliteSync(SqliteSync) is not null, "SqliteSync must be full or overlapped");
        Require(Otlp.Protocol.ToLowerInvariant() is "grpc" or "http", "Otlp:Protocol must be grpc or http");
        Require(Postgres is null || IsPostgresConnectionString(Postgres),
            "Postgres must be an Npgsql connection string without multiplexing, such as Host=db;Database=relink;Username=relink");
        ValidateCluster();
    }

    // Checked at start, so a typo is named as the setting it is rather than failing later inside the store.
    private static bool IsPostgresConnectionString(string value)
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(value);
            return !string.IsNullOrWhiteSpace(builder.Host) && !builder.Multiplexing;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException("Invalid Relink setting: " + message);
        }
    }
}
