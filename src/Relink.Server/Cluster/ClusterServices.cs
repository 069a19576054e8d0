using Relink.Server.Configuration;

namespace Relink.Server.Cluster;

/// <summary>Registers the cluster runtime when <see cref="RelinkServerOptions.Nats"/> is set.</summary>
public static class ClusterServices
{
    /// <summary>With a bus configured: the NATS bus, the router between it and the sessions, and the store catch-up.</summary>
    public static IServiceCollection AddRelinkCluster(this IServiceCollection services, RelinkServerOptions options)
    {
        if (options.Nats is not { } url)
        {
            return services;
        }

        services.AddSingleton<IClusterBus>(sp => new NatsBus(url, options.EffectiveNodeId, sp.GetRequiredService<ILogger<NatsBus>>()));
        services.AddSingleton<ClusterCatchUp>();
        services.AddSingleton<ClusterRouter>();
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
