using System.Globalization;

namespace Relink.Server.Configuration;

public sealed partial class RelinkServerOptions
{
    /// <summary>
    /// Reads the options from a configuration section. Written by hand rather than with the binder because
    /// durations accept "15s" as well as "00:00:15", and a wrong value must name its key.
    /// </summary>
    public static RelinkServerOptions Load(IConfiguration section)
    {
        var o = new RelinkServerOptions();
        o.Bind = section[nameof(Bind)] ?? o.Bind;
        o.TcpPort = Int(section, nameof(TcpPort), o.TcpPort);
        o.HttpPort = Int(section, nameof(HttpPort), o.HttpPort);
        o.DataDirectory = section[nameof(DataDirectory)] ?? o.DataDirectory;
        o.Demo = Bool(section, nameof(Demo), o.Demo);
        o.AdminToken = section[nameof(AdminToken)];
        o.ApiKey = section[nameof(ApiKey)];
        o.MultiDevice = Bool(section, nameof(MultiDevice), o.MultiDevice);
        o.DiagnosticsEndpoints = Bool(section, nameof(DiagnosticsEndpoints), o.DiagnosticsEndpoints);
        o.HeartbeatInterval = Time(section, nameof(HeartbeatInterval)) ?? o.HeartbeatInterval;
        o.HeartbeatTimeout = Time(section, nameof(HeartbeatTimeout)) ?? o.HeartbeatTimeout;
        o.LoginTimeout = Time(section, nameof(LoginTimeout)) ?? o.LoginTimeout;
        o.SweepInterval = Time(section, nameof(SweepInterval)) ?? o.SweepInterval;
        o.MaxClientFrame = Int(section, nameof(MaxClientFrame), o.MaxClientFrame);
        o.OutboundQueueCapacity = Int(section, nameof(OutboundQueueCapacity), o.OutboundQueueCapacity);
        o.LatestPerTalk = Int(section, nameof(LatestPerTalk), o.LatestPerTalk);
        o.PageBudgetBytes = Int(section, nameof(PageBudgetBytes), o.PageBudgetBytes);
        o.LoginMessageBudgetBytes = Int(section, nameof(LoginMessageBudgetBytes), o.LoginMessageBudgetBytes);
        o.PasswordHashIterations = Int(section, nameof(PasswordHashIterations), o.PasswordHashIterations);
        o.ResumeTokenLifetime = Time(section, nameof(ResumeTokenLifetime)) ?? o.ResumeTokenLifetime;
        o.ResumeTokenGrace = TimeOrOff(section, nameof(ResumeTokenGrace)) ?? o.ResumeTokenGrace;
        o.GoingAwaySpread = Time(section, nameof(GoingAwaySpread)) ?? o.GoingAwaySpread;
        o.TypingInterval = Time(section, nameof(TypingInterval)) ?? o.TypingInterval;
        o.DeliveryCursorFlushInterval = TimeOrOff(section, nameof(DeliveryCursorFlushInterval)) ?? o.DeliveryCursorFlushInterval;
        o.Admins = List(section, nameof(Admins)) ?? o.Admins;
        o.AdminSessionLifetime = Time(section, nameof(AdminSessionLifetime)) ?? o.AdminSessionLifetime;
        o.AdminSampleInterval = Time(section, nameof(AdminSampleInterval)) ?? o.AdminSampleInterval;
        o.AdminChartWindow = Time(section, nameof(AdminChartWindow)) ?? o.AdminChartWindow;
        o.EditWindow = TimeOrOff(section, nameof(EditWindow)) ?? o.EditWindow;
        o.RecallWindow = TimeOrOff(section, nameof(RecallWindow)) ?? o.RecallWindow;
        o.ReadNoticeInterval = Time(section, nameof(ReadNoticeInterval)) ?? o.ReadNoticeInterval;
        o.PresenceGrace = TimeOrOff(section, nameof(PresenceGrace)) ?? o.PresenceGrace;
        o.SqliteCheckpointInterval = TimeOrOff(section, nameof(SqliteCheckpointInterval)) ?? o.SqliteCheckpointInterval;
        o.SqliteWalLimitBytes = Int(section, nameof(SqliteWalLimitBytes), o.SqliteWalLimitBytes);
        o.SqliteSync = section[nameof(SqliteSync)] ?? o.SqliteSync;
        var tls = section.GetSection(nameof(Tls));
        o.Tls.CertificatePath = tls[nameof(o.Tls.CertificatePath)];
        o.Tls.KeyPath = tls[nameof(o.Tls.KeyPath)];
        o.Tls.CertificatePassword = tls[nameof(o.Tls.CertificatePassword)];
        o.Tls.DevCertificate = Bool(tls, nameof(o.Tls.DevCertificate), o.Tls.DevCertificate);

        var jwt = section.GetSection(nameof(Jwt));
        o.Jwt.Key = jwt[nameof(o.Jwt.Key)];
        o.Jwt.JwksFile = jwt[nameof(o.Jwt.JwksFile)];
        o.Jwt.Issuer = jwt[nameof(o.Jwt.Issuer)];
        o.Jwt.Audience = jwt[nameof(o.Jwt.Audience)];

        var limits = section.GetSection(nameof(Limits));
        o.Limits.MaxConnections = Int(limits, nameof(o.Limits.MaxConnections), o.Limits.MaxConnections);
        o.Limits.MaxConnectionsPerAddress = Int(limits, nameof(o.Limits.MaxConnectionsPerAddress), o.Limits.MaxConnectionsPerAddress);
        o.Limits.MaxAnonymousPerAddress = Int(limits, nameof(o.Limits.MaxAnonymousPerAddress), o.Limits.MaxAnonymousPerAddress);
        o.Limits.LoginBurstPerAccount = Int(limits, nameof(o.Limits.LoginBurstPerAccount), o.Limits.LoginBurstPerAccount);
        o.Limits.LoginBurstPerAddress = Int(limits, nameof(o.Limits.LoginBurstPerAddress), o.Limits.LoginBurstPerAddress);
        o.Limits.LoginAttemptsPerMinute = Int(limits, nameof(o.Limits.LoginAttemptsPerMinute), o.Limits.LoginAttemptsPerMinute);
        o.Limits.SendBurst = Int(limits, nameof(o.Limits.SendBurst), o.Limits.SendBurst);
        o.Limits.SendsPerSecond = Int(limits, nameof(o.Limits.SendsPerSecond), o.Limits.SendsPerSecond);
        o.Limits.FriendRequestBurst = Int(limits, nameof(o.Limits.FriendRequestBurst), o.Limits.FriendRequestBurst);
        o.Limits.FriendRequestsPerHour = Int(limits, nameof(o.Limits.FriendRequestsPerHour), o.Limits.FriendRequestsPerHour);
        o.Limits.MaxConcurrentLogins = limits[nameof(o.Limits.MaxConcurrentLogins)] is null ? o.Limits.MaxConcurrentLogins : Int(limits, nameof(o.Limits.MaxConcurrentLogins), 0);
        o.Limits.LoginQueueLimit = Int(limits, nameof(o.Limits.LoginQueueLimit), o.Limits.LoginQueueLimit);
        o.Limits.LoginQueueWait = Time(limits, nameof(o.Limits.LoginQueueWait)) ?? o.Limits.LoginQueueWait;

        var webhook = section.GetSection(nameof(Webhook));
        o.Webhook.Url = webhook[nameof(o.Webhook.Url)];
        o.Webhook.Secret = webhook[nameof(o.Webhook.Secret)];
        o.Webhook.RetryWindow = Time(webhook, nameof(o.Webhook.RetryWindow)) ?? o.Webhook.RetryWindow;
        o.Webhook.RequestTimeout = Time(webhook, nameof(o.Webhook.RequestTimeout)) ?? o.Webhook.RequestTimeout;
        o.Webhook.InitialRetryDelay = Time(webhook, nameof(o.Webhook.InitialRetryDelay)) ?? o.Webhook.InitialRetryDelay;
        o.Webhook.MaxRetryDelay = Time(webhook, nameof(o.Webhook.MaxRetryDelay)) ?? o.Webhook.MaxRetryDelay;
        o.Webhook.MaxConcurrentConversations = Int(webhook, nameof(o.Webhook.MaxConcurrentConversations), o.Webhook.MaxConcurrentConversations);
        o.Webhook.SweepInterval = Time(webhook, nameof(o.Webhook.SweepInterval)) ?? o.Webhook.SweepInterval;
        o.Webhook.LeaseDuration = Time(webhook, nameof(o.Webhook.LeaseDuration)) ?? o.Webhook.LeaseDuration;

        var metrics = section.GetSection(nameof(Metrics));
        o.Metrics.Enabled = Bool(metrics, nameof(o.Metrics.Enabled), o.Metrics.Enabled);
        o.Metrics.AllowLoopbackWithoutToken = Bool(metrics, nameof(o.Metrics.AllowLoopbackWithoutToken), o.Metrics.AllowLoopbackWithoutToken);
        o.Metrics.AllowRemoteWithoutToken = Bool(metrics, nameof(o.Metrics.AllowRemoteWithoutToken), o.Metrics.AllowRemoteWithoutToken);
        var otlp = section.GetSection(nameof(Otlp));
        o.Otlp.Endpoint = otlp[nameof(o.Otlp.Endpoint)] is { Length: > 0 } endpoint
            ? Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
                : throw new ArgumentException($"Invalid Relink setting: Otlp:Endpoint must be an http:// or https:// URL, not '{endpoint}'.")
            : null;
        o.Otlp.Protocol = otlp[nameof(o.Otlp.Protocol)] ?? o.Otlp.Protocol;
        o.Logging.Format = section.GetSection(nameof(Logging))[nameof(o.Logging.Format)] ?? o.Logging.Format;
        o.Postgres = section[nameof(Postgres)] is { Length: > 0 } postgres ? postgres : null;
        o.LoadCluster(section);
        o.Validate();
        return o;
    }

    private static int Int(IConfiguration section, string key, int fallback) =>
        section[key] is not { } text ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value
        : throw new ArgumentException($"Invalid Relink setting: {key} must be a whole number, not '{text}'.");

    // A JSON array in appsettings.json (Admins:0, Admins:1, …) or one comma-separated value from a flag or an
    // environment variable (Relink__Admins=alice,bob).
    private static List<string>? List(IConfiguration section, string key)
    {
        var items = section.GetSection(key).GetChildren().Select(c => c.Value).OfType<string>()
            .Concat(section[key]?.Split(',') ?? [])
            .Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return items.Count == 0 ? null : items;
    }

    private static bool Bool(IConfiguration section, string key, bool fallback) =>
        section[key] is not { } text ? fallback
        : bool.TryParse(text, out bool value) ? value
        : throw new ArgumentException($"Invalid Relink setting: {key} must be true or false, not '{text}'.");

    // For a setting that zero turns off: durations are positive, so "0", "0s" and "off" are spelled out here.
    private static TimeSpan? TimeOrOff(IConfiguration section, string key) =>
        section[key]?.Trim().ToLowerInvariant() is "0" or "0s" or "off" ? TimeSpan.Zero : Time(section, key);

    private static TimeSpan? Time(IConfiguration section, string key) =>
        section[key] is not { } text ? null
        : Duration.TryParse(text, out var value) ? value
        : throw new ArgumentException($"Invalid Relink setting: {key} must be a duration such as 15s, 500ms or 00:00:15, not '{text}'.");
}
