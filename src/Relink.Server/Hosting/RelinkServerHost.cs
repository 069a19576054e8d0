using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Relink.Server.Access;
using Relink.Server.Admin;
using Relink.Server.Api;
using Relink.Server.Chat;
using Relink.Server.Cluster;
using Relink.Server.Configuration;
using Relink.Server.Connections;
using Relink.Server.Diagnostics;
using Relink.Server.Heartbeat;
using Relink.Server.Receipts;
using Relink.Server.Pipeline;
using Relink.Server.Presence;
using Relink.Server.Security;
using Relink.Server.Sessions;
using Relink.Server.Transports;
using Relink.Server.Webhooks;
using Relink.Storage;
using Relink.Storage.Postgres;
using Relink.Storage.Sqlite;

namespace Relink.Server.Hosting;

/// <summary>
/// The Relink server's parts in one place: the standalone server (<see cref="Build"/>, for Program.cs and for tests
/// that start a real server) and what <c>AddRelink</c> and <c>MapRelink</c> put into any app.
/// </summary>
public static class RelinkServerHost
{
    /// <summary>The SQLite file inside the data folder.</summary>
    public const string DatabaseFileName = "relink.db";

    /// <summary>
    /// Builds the standalone server from command-line flags (see <see cref="CommandLineFlags"/>), appsettings.json and
    /// environment variables: its own listeners, the browser client, then Relink as any app hosts it.
    /// <paramref name="configure"/> lets tests replace services (a manual TimeProvider) before build.
    /// </summary>
    /// <exception cref="ArgumentException">A flag or setting is wrong; the message says which.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = CommandLineFlags.Normalize(args),
            ContentRootPath = AppContext.BaseDirectory,
        });
        var options = RelinkServerOptions.Load(builder.Configuration.GetSection(RelinkServerOptions.Section));
        builder.Logging.AddRelinkConsole(options.Logging);
        ConfigureListeners(builder, options);
        builder.Services.AddRelink(options);
        builder.Services.AddHostedService<StartupBanner>(); // where the standalone server listens; a host app has its own
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseRelinkBrowserClient();
        app.MapRelink();
        return app;
    }

    /// <summary>Registers Relink's services (<c>AddRelink</c> calls this).</summary>
    public static void AddServices(IServiceCollection services, RelinkServerOptions options)
    {
        services.AddSingleton(options);
        // TryAdd: a clock or store the app registered, before or after this, wins (the last registration is the one resolved).
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IChatStore>(_ => options.Postgres is { } postgres
            ? new PostgresChatStore(new PostgresStoreOptions { ConnectionString = postgres })
            : new SqliteChatStore(new SqliteStoreOptions
            {
                DatabasePath = Path.Combine(Path.GetFullPath(options.DataDirectory), DatabaseFileName),
                CheckpointInterval = options.SqliteCheckpointInterval,
                WalTruncateBytes = options.SqliteWalLimitBytes,
                Synchronous = options.SqliteSynchronous,
            }));
        services.AddSingleton(options.Limits);
        services.AddSingleton<Limits.LoginThrottle>();
        Friends.FriendServices.AddRelinkFriends(services);
        services.AddSingleton<Limits.ConnectionAdmission>();
        services.AddSingleton(sp => new Limits.SessionEntryAdmission(
            Limits.LoginConcurrency.Of(options.Limits, options.Postgres), options.Limits.LoginQueueLimit, options.Limits.LoginQueueWait, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ServerClock>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton(sp =>
        {
            var connections = sp.GetRequiredService<ConnectionRegistry>();
            var sessions = sp.GetRequiredService<SessionRegistry>();
            return new RelinkMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), () => connections.Count, () => sessions.OnlineSessions);
        });
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<ResumeTokens>();
        services.AddAccessTokens(options);
        services.AddSingleton<IConversationAccess>(sp => ConversationAccessCache.For(sp.GetRequiredService<IChatStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ChatService>();
        services.AddDeliveryCursors();
        services.AddSingleton<RequestDispatcher>();
        services.AddSingleton<FrameProcessor>();
        services.AddSingleton<ConnectionLifetime>();
        services.AddSingleton<DemoData>();
        services.AddHostedService<StoreStartup>();
        services.AddHostedService<GracefulShutdown>();
        services.AddSingleton<HeartbeatSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<HeartbeatSweeper>());
        services.AddRelinkTelemetry(options);
        services.AddAdminConsole();
        services.AddRelinkWebhooks(options);
        services.AddRelinkApi();
        services.AddSingleton<ClusterCensus>();
        services.AddRelinkCluster(options);
        services.AddReadReceipts();
        services.AddRelinkPresence();
    }

    /// <summary>Maps Relink's endpoints (<c>MapRelink</c> calls this, under the app's prefix if any).</summary>
    public static void MapEndpoints(IEndpointRouteBuilder endpoints, RelinkServerOptions options, RelinkEndpointOptions endpointOptions)
    {
        endpoints.MapRelinkWebSocket(endpointOptions.HostAuthentication);
        endpoints.MapGet("/healthz", (ConnectionRegistry connections, SessionRegistry sessions, ClusterCensus census) =>
            Results.Json(HealthReport.Of(connections.Count, sessions.OnlineSessions, census, options)));
        endpoints.MapAdminConsole();
        endpoints.MapClientConfig();
        endpoints.MapRelinkMetrics();
        endpoints.MapRelinkApi();
        if (options.DiagnosticsEndpoints)
        {
            endpoints.MapMemoryEndpoint();
        }
    }

    private static void ConfigureListeners(WebApplicationBuilder builder, RelinkServerOptions options)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            IPAddress? address = options.Bind is "*" or "" ? null
                : IPAddress.TryParse(options.Bind, out var parsed) ? parsed
                : throw new ArgumentException($"Invalid Relink setting: Bind must be * or an IP address, not '{options.Bind}'.");
            var certificate = TlsCertificates.Load(options.Tls, options.DataDirectory);
            Listen(kestrel, address, options.TcpPort, l =>
            {
                if (certificate is not null)
                {
                    l.UseHttps(certificate); // TLS under the frame protocol; the handler sees plaintext frames
                }

                l.UseRelinkTcp();
            });
            Listen(kestrel, address, options.HttpPort, l =>
            {
                if (certificate is not null)
                {
                    l.UseHttps(certificate);
                }
            });
        });
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, IPAddress? address, int port,
        Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions> configure)
    {
        if (address is null)
        {
            kestrel.ListenAnyIP(port, configure);
        }
        else
        {
            kestrel.Listen(address, port, configure);
        }
    }

    /// <summary>
    /// What /healthz says: this node's own figures (its connections, its logged-in sessions) and, in a cluster, the
    /// cluster's as the directory last counted them (null until the first count, or once the count is stale).
    /// </summary>
    private sealed record HealthReport(string Status, int Connections, int Online, string? Node, ClusterSummary? Cluster)
    {
        public static HealthReport Of(int connections, int online, ClusterCensus census, RelinkServerOptions options) =>
            new("ok", connections, online, census.Clustered ? options.EffectiveNodeId : null, ClusterSummary.Of(census.Current));
    }
}
