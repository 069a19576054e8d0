using Relink.Server.Configuration;

namespace Relink.Server.Cluster;

/// <summary>Registers the cluster runtime when <see cref="RelinkServerOptions.Nats"/> is set.</summary>
public static class ClusterServices
{
    /// <summary>
    /// With a bus configured: the NATS bus, the router between it and the sessions, the store catch-up, the node
    /// lease and session directory in the store, and presence and read signals that reach every node.
    /// </summary>
    public static IServiceCollection AddRelinkCluster(this IServiceCollection services, RelinkServerOptions options)
    {
        if (options.Nats is not { } url)
        {
            return services;
        }

        services.AddSingleton<IClusterBus>(sp => new NatsBus(url, options.EffectiveNodeId, sp.GetRequiredService<ILogger<NatsBus>>()));
        services.AddSingleton<ClusterCatchUp>();
        services.AddSingleton(sp =>
        {
            var directory = sp.GetRequiredService<Relink.Storage.IChatStore>() as Relink.Storage.IClusterDirectory;
            var time = sp.GetRequiredService<TimeProvider>();
            var takeover = directory is null ? null : new DeadNodeTakeover(
                directory, sp.GetRequiredService<Presence.PresenceTracker>(), options, time, sp.GetRequiredService<ILogger<DeadNodeTakeover>>(),
                // Resolved when a takeover happens: the router is built after the directory, which it uses.
                tellOthers: (userId, lastHeard) => sp.GetRequiredService<ClusterRouter>().HeardOnDeadNode(userId, lastHeard));
            return new ClusterDirectory(
                directory, sp.GetRequiredService<Sessions.SessionRegistry>(), sp.GetRequiredService<Chat.ChatService>(), sp.GetRequiredService<ClusterCensus>(),
                takeover, options, time, sp.GetRequiredService<ILogger<ClusterDirectory>>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<ClusterDirectory>());
        services.AddSingleton<ClusterRouter>();
        // The read-signal publisher is registered before receipts add their single-node default (TryAdd), so it wins.
        services.AddSingleton<Presence.IPresenceElsewhere, ClusterPresenceElsewhere>();
        services.AddSingleton<Receipts.IReadSignalPublisher, ClusterReadSignalPublisher>();
        services.AddHostedService<ClusterStartup>();
        return services;
    }

    /// <summary>Connects the node to the bus at start, and leaves it (subscriptions first) at stop.</summary>
    private sealed class ClusterStartup(ClusterRouter router) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => router.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken) => await router.DisposeAsync();
    }
}
